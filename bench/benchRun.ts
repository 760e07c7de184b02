/**
 * One `runAutoML` as the benches run it, in their child process: TensorFlow.js when it loads, the
 * default trial worker pool from the repository's `dist/`, and the run timed from the call.
 */
import { join } from 'node:path';
import { runAutoML, type RunResult } from '../src/engine/automl/runAutoML';
import type { Frame } from '../src/engine/data/frame';
import type { RunSpec } from '../src/engine/automl/runSpec';
import { initTensorflow } from '../src/node/tfBackend';
import { TrialPool } from '../src/node/trialPool';

export async function benchRunAutoML(repoRoot: string, spec: RunSpec, train: Frame): Promise<{ result: RunResult; seconds: number }> {
  const tensorflowReady = await initTensorflow(() => undefined).then(
    () => true,
    () => false,
  );
  const started = performance.now();
  const result = await runAutoML(spec, train, {
    tensorflowReady,
    createExecutor: async (data, metric) => new TrialPool(data, metric.name, { tensorflow: tensorflowReady, workerScript: join(repoRoot, 'dist', 'trialWorker.js') }),
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}
