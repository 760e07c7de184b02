import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataError } from '../engine/errors';
import { shift } from '../engine/robustness/shift';
import type { RobustnessReport } from '../engine/robustness/types';
import { withShift } from '../engine/robustness/withShift';
import { readModelInput, runInputFields } from '../node/modelInput';
import { loadRunPipeline, readRunJson } from '../node/runFiles';
import { toJsonText, writeFileAtomic } from '../node/runFolder';
import { readRunData, type SavedSourceFields } from '../node/runSource';
import { openSource } from '../node/sources/openSource';
import { printInputWarnings } from './inputWarnings';
import { checkLine } from './renderRobustness';
import { sourceFromArgs, sourceLabel, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { fileSource } from './fileSource';
import { UsageError } from './usageError';

export const ROBUSTNESS_HELP = `Usage: automl robustness <run-dir> <new-source> [--json] [--data <file>] [source options]

Compares new data with a run's training data (adversarial validation): a classifier learns to
tell new rows from training rows, and its cross-validated ROC AUC says how far apart they are
(0.5: indistinguishable; below 0.6 ok, below 0.75 worth a look, above: the model sees data unlike
what it learned from). The columns that tell them apart are named, most first. Only the model's
input columns are compared; one the new data lacks is reported, not an error.

The result is merged into the run's robustness.json (written when the run has none).

Options:
  --json         print the shift section as JSON instead of the sentence
  --data <file>  the training file, when spec.json's path no longer finds it
  -h, --help     show this help

${SOURCE_HELP}`;

interface SavedSpec extends SavedSourceFields {
  readonly seed?: number;
}

/** Runs `automl robustness`; returns the exit code. */
export async function robustnessCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      data: { type: 'string' },
      ...SOURCE_ARG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(ROBUSTNESS_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('robustness takes a run folder and the new data (see automl robustness --help)');
  const started = performance.now();
  const [runDir, locator] = positionals;
  const { spec: newSource, secrets } = sourceFromArgs(locator, values);
  const pipeline = await loadRunPipeline(runDir);
  const saved = await readRunJson<SavedSpec>(runDir, 'spec.json');
  const fields = await runInputFields(runDir, pipeline);
  const training = await readRunData(runDir, saved, fields, { source: values.data ? fileSource(values.data) : undefined }).catch((error: unknown) => {
    if (error instanceof DataError && !values.data) throw new DataError(`${error.message}; pass it with --data <file>`);
    throw error;
  });
  // The new data's columns as in training; a model column it lacks is left to the check to report
  // (reading with that field would be an error naming it).
  const present = new Set((await openSource(newSource, secrets).peek({ rows: 1 })).columns);
  const input = await readModelInput(
    newSource,
    fields.filter((f) => present.has(f.name)),
    { secrets, types: saved?.types },
  );
  printInputWarnings(locator, input);
  const section = shift({
    training: training.frame,
    newData: input.frame,
    columns: pipeline.sourceColumns(),
    source: sourceLabel(newSource),
    seed: saved?.seed ?? 0,
  });
  const existing = await readRunJson<RobustnessReport>(runDir, 'robustness.json');
  const merged = withShift(existing, section, performance.now() - started);
  await writeFileAtomic(join(resolve(runDir), 'robustness.json'), toJsonText(merged));
  if (values.json) {
    process.stdout.write(toJsonText(section));
    return 0;
  }
  const lines = [checkLine({ check: 'shift', grade: section.grade, sentence: section.sentence })];
  if (section.grade !== 'ok') {
    lines.push('  share of what tells them apart:');
    for (const c of section.columns.slice(0, 5)) lines.push(`    ${c.name.padEnd(24)} ${(100 * c.importance).toFixed(1).padStart(5)}%`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
