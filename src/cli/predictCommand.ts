import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cellText } from '../engine/data/frame';
import { readModelInput, runInputFields } from '../node/modelInput';
import { printInputWarnings } from './inputWarnings';
import { sourceFromArgs, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { writeFileAtomic } from '../node/runFolder';
import { loadRunPipeline } from '../node/runFiles';
import { UsageError } from './usageError';

export const PREDICT_HELP = `Usage: automl predict <run-dir> <source> [--out predictions.csv] [source options]

Predicts every row of the data with the run's model. Writes the input rows, in input order, with a
'prediction' column and, for classification, one 'proba_<class>' column per class added. Columns the
model needs must be present (a missing one is an error naming it); other columns are ignored.

The model's columns are read as in training, whatever they look like in this file (a numeric
column that holds only 0 and 1 here stays numeric). A value that does not fit its column (text in
a numeric column, say) is read as missing and reported on stderr with its line, unless the model
never saw that column missing: then it is an error naming the column and the line. A row's
prediction depends on that row alone.

Options:
  --out <file>   where to write the CSV (default: standard output)
  -h, --help     show this help

${SOURCE_HELP}`;

/** RFC 4180 quoting for a CSV field. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Runs `automl predict`; returns the exit code. */
export async function predictCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      ...SOURCE_ARG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(PREDICT_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('predict takes a run folder and a data source (see automl predict --help)');
  const [runDir, locator] = positionals;
  const { spec, secrets } = sourceFromArgs(locator, values);
  const pipeline = await loadRunPipeline(runDir);
  const input = await readModelInput(spec, await runInputFields(runDir, pipeline), { secrets });
  printInputWarnings(locator, input);
  const { frame } = input;
  const prediction = pipeline.predict(frame);
  const classes = prediction.classes;
  const header = [...frame.columns.map((c) => c.name), 'prediction', ...(classes ?? []).map((c) => `proba_${c}`)];
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < frame.rowCount; i++) {
    const fields = frame.columns.map((c) => csvField(cellText(c, i) ?? ''));
    fields.push(classes ? csvField(classes[prediction.values[i]]) : String(prediction.values[i]));
    if (prediction.proba) for (const p of prediction.proba) fields.push(String(p[i]));
    lines.push(fields.join(','));
  }
  const text = `${lines.join('\n')}\n`;
  if (values.out) await writeFileAtomic(resolve(values.out), text);
  else process.stdout.write(text);
  return 0;
}
