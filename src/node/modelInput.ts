/**
 * Reading data for a model that exists already (`automl predict`, `automl explain --rows`, the
 * extension's row explanations, any later scoring): the columns the model reads are parsed as
 * they were in training, by the run's profile (`InputField`s), never re-inferred from the new
 * file. Otherwise a count column that holds only 0 and 1 in these rows would read as boolean, an
 * all-empty one would have no type, and dates could swap day and month.
 */
import type { Frame } from '../engine/data/frame';
import type { InputField } from '../engine/data/inputField';
import type { ReadReport } from '../engine/data/readReport';
import { describeSource, type SourceSecrets, type SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { inputFields } from '../engine/prep/inputFields';
import type { Pipeline } from '../engine/prep/pipeline';
import { reportWarnings } from '../engine/profile/warnings';
import type { DatasetProfile } from '../engine/profile/types';
import { readRunJson } from './runFiles';
import type { SourceRead, SourceReadOptions } from './sources/dataSource';
import { openSource } from './sources/openSource';

/** The input fields of `pipeline`, typed by the training profile of the run in `runDir` (by the pipeline alone when the run has none). */
export async function runInputFields(runDir: string, pipeline: Pipeline): Promise<InputField[]> {
  const profile = await readRunJson<DatasetProfile>(runDir, 'profile.json');
  return inputFields(pipeline, profile?.columns ?? []);
}

/**
 * Reads `source` for a model with input `fields`: those columns as in training, the others (a
 * target column, extra columns) inferred as usual. Errors name the source: a column the model
 * needs that it lacks, or a missing value where the model never saw one (with its line or row).
 * Values that do not fit their field are missing and listed in the report's `badValues`.
 */
export async function readModelInput(
  source: SourceSpec,
  fields: readonly InputField[],
  options: Omit<SourceReadOptions, 'schema'> & { readonly secrets?: SourceSecrets } = {},
): Promise<SourceRead> {
  try {
    return await openSource(source, options.secrets).read({ ...options, schema: fields });
  } catch (error) {
    const where = describeSource(source);
    if (error instanceof DataError && !error.message.includes(where)) throw new DataError(`${where}: ${error.message}`, error.line);
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
