/**
 * A real, small AutoML run for the export and scaffold tests: the engine's own `runJob` on a
 * public dataset with a few trials of a few learners, on the calling thread, with a fixed seed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob, type RunJobResult } from '../../../src/node/runJob';
import { datasetFile } from '../../publicDatasets';

export interface QuickRunOptions {
  readonly dataset: string;
  readonly target: string;
  readonly models: readonly string[];
  readonly trials: number;
  readonly seed?: number;
}

/**
 * Runs AutoML into `<temp>/run`. The data file stays where it is (an absolute path in spec.json),
 * so a trial's model can be refitted from it later.
 */
export async function quickRun(options: QuickRunOptions): Promise<RunJobResult> {
  const root = await mkdtemp(join(tmpdir(), `automl-${options.dataset}-`));
  return runJob({
    source: { kind: 'csv', path: datasetFile(options.dataset) },
    spec: { target: options.target, trials: options.trials, seed: options.seed ?? 7, models: options.models },
    workers: 0,
    root,
    outDir: join(root, 'run'),
  });
}
