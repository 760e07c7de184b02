/**
 * Reading data for a model that exists already (`automl predict`, `automl explain --rows`, the
 * extension's row explanations, any later scoring): the columns the model reads are parsed as
 * they were in training, by the run's profile (`InputField`s), never re-inferred from the new
 * file. Otherwise a count column that holds only 0 and 1 in these rows would read as boolean, an
 * all-empty one would have no type, and dates could swap day and month.
 */
import type { Frame } from '../engine/data/frame';
import type { InputField } from '../engine/data/inputField';
import type { CsvReadResult, ReadReport } from '../engine/data/readReport';
import { DataError } from '../engine/errors';
import { inputFields } from '../engine/prep/inputFields';
import type { Pipeline } from '../engine/prep/pipeline';
import { reportWarnings } from '../engine/profile/warnings';
import type { DatasetProfile } from '../engine/profile/types';
import { readCsvFile, type ReadFileOptions } from './readCsvFile';
import { readRunJson } from './runFiles';

/** The input fields of `pipeline`, typed by the training profile of the run in `runDir` (by the pipeline alone when the run has none). */
export async function runInputFields(runDir: string, pipeline: Pipeline): Promise<InputField[]> {
  const profile = await readRunJson<DatasetProfile>(runDir, 'profile.json');
  return inputFields(pipeline, profile?.columns ?? []);
}

/**
 * Reads `file` for a model with input `fields`: those columns as in training, the others (a
 * target column, extra columns) inferred as usual. Errors name the file: a column the model
 * needs that is not in the header, or a missing value where the model never saw one (with its
 * line). Values that do not fit their field are missing and listed in the report's `badValues`.
 */
export async function readModelInput(file: string, fields: readonly InputField[], options: Omit<ReadFileOptions, 'schema'> = {}): Promise<CsvReadResult> {
  try {
    return await readCsvFile(file, { ...options, schema: fields });
  } catch (error) {
    if (error instanceof DataError && !error.message.includes(file)) throw new DataError(`${file}: ${error.message}`, error.line);
    throw error;
  }
}

/**
 * What the reader had to fix in data read for a model, as sentences: values that did not fit
 * their column (counted per column, with their first lines) and were read as missing, ragged rows,
 * renamed headers and the text encoding.
 */
export function modelInputWarnings(report: ReadReport, frame: Frame): string[] {
  const types = new Map(frame.columns.map((c) => [c.name, c.type]));
  return reportWarnings(report, (column) => types.get(column)).map((w) => w.message);
}
