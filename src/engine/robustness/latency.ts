/**
 * How fast the final model predicts, measured in this process: the median over repeats (after a
 * warm-up) of one batch of up to 1,000 rows, per row, and the median of single-row predictions.
 * It is the engine's own prediction (`Pipeline.predict`), so the exported module or a service
 * add their own overhead on top.
 *
 * Grade: a single row taking more than 50 ms warns, more than 500 ms alerts (interactive use
 * expects well under 100 ms); a model file over 100 MB (10^8 bytes) warns (slow to load, heavy
 * to ship).
 */
import { selectRows, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { sampleRows } from '../profile/sampleRows';
import { rowFrame } from './frameViews';
import type { PredictFunction } from './predictFunction';
import type { LatencySection, RobustnessGrade } from './types';
import { formatBytes, formatCount, formatMs } from './wording';

export interface LatencyInput {
  readonly predict: PredictFunction;
  readonly frame: Frame;
  /** Frame rows to sample from. */
  readonly rows: Uint32Array;
  readonly modelBytes: number;
  readonly seed: number;
  /** Default 1,000. */
  readonly batchRows?: number;
  /** Batch repeats after the warm-up (default 5) and single-row predictions (default 50). */
  readonly batchRepeats?: number;
  readonly singleRepeats?: number;
  /** Time the measurement may take (ms; default unlimited): repeats stop early, at least one of each is made. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignalLike;
}

const SINGLE_WARN_MS = 50;
const SINGLE_ALERT_MS = 500;
const MODEL_WARN_BYTES = 100e6;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times of `fn`, after one untimed warm-up call, until `count` runs or the time is up (one at least). */
function timeRuns(fn: () => void, count: number, until: number, check: () => void): number[] {
  check();
  fn();
  const times: number[] = [];
  while (times.length < count && (times.length === 0 || performance.now() < until)) {
    check();
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** The grade of a single-row time (ms) and a model size (bytes); see the file comment. */
export function latencyGrade(msPerRowSingle: number, modelBytes: number): RobustnessGrade {
  if (msPerRowSingle > SINGLE_ALERT_MS) return 'alert';
  return msPerRowSingle > SINGLE_WARN_MS || modelBytes > MODEL_WARN_BYTES ? 'warn' : 'ok';
}

/** The latency section; see the file comment. */
export function latency(input: LatencyInput): LatencySection {
  const started = performance.now();
  const budget = input.budgetMs ?? Infinity;
  const check = (): void => {
    if (input.signal?.aborted) throw new CancelledError('the robustness checks were stopped');
  };
  const sample = sampleRows(input.rows.length, input.batchRows ?? 1000, (input.seed ^ 0x1b873593) >>> 0);
  const batch = selectRows(input.frame, Uint32Array.from(sample, (p) => input.rows[p]));
  // Batches get 70% of the time, single rows the rest.
  const batchTimes = timeRuns(() => input.predict(batch), input.batchRepeats ?? 5, started + 0.7 * budget, check);
  const msPerRowBatch = median(batchTimes) / Math.max(1, batch.rowCount);
  const singles = Array.from({ length: Math.min(batch.rowCount, 50) }, (_, r) => rowFrame(batch, r));
  let next = 0;
  const singleTimes = timeRuns(
    () => input.predict(singles[next++ % singles.length]),
    input.singleRepeats ?? 50,
    started + budget,
    check,
  );
  const msPerRowSingle = median(singleTimes);
  const grade = latencyGrade(msPerRowSingle, input.modelBytes);
  const slow = msPerRowSingle > SINGLE_WARN_MS ? ' (slow for interactive use)' : '';
  const big = input.modelBytes > MODEL_WARN_BYTES ? ' (large: slow to load and ship)' : '';
  return {
    msPerRowBatch,
    msPerRowSingle,
    batchRows: batch.rowCount,
    modelBytes: input.modelBytes,
    grade,
    sentence:
      `Predicting takes ${formatMs(msPerRowBatch)} per row in batches of ${formatCount(batch.rowCount)} and ${formatMs(msPerRowSingle)} ` +
      `for a single row${slow}; the model file is ${formatBytes(input.modelBytes)}${big}.`,
  };
}
