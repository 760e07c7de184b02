import type { Frame } from '../data/frame';
import { frameTypedBytes } from '../data/frame';
import { DataError } from '../errors';
import { fitFeaturePlan } from '../prep/featurePlan';
import { sampleRows } from '../profile/sampleRows';
import type { Rng } from '../random';

/** Rows of the sample that measures how wide the feature matrices get. */
const WIDTH_SAMPLE_ROWS = 2000;
/** Below this many rows a search says too little; refuse rather than subsample further. */
const MIN_SEARCH_ROWS = 1000;

export interface MemoryPlan {
  /** Estimated peak bytes of the run with all rows. */
  readonly estimateBytes: number;
  /** Positions into `rows` to keep: all of them (undefined), or a seeded subsample that fits. */
  readonly keep?: Uint32Array;
}

/**
 * Estimates a run's memory before anything big is built, and subsamples rows (or refuses, with a
 * clear message) when the estimate exceeds `limitBytes`. The estimate counts the frame, the
 * fold matrices every trial thread caches (8 bytes per cell: each fold holds all rows once,
 * split between its train and test sides) in the native and dense layouts, with the most
 * features engineering may add (`engineered`), and the kept out-of-fold predictions.
 */
export function planMemory(
  frame: Frame,
  rows: Uint32Array,
  options: {
    readonly target: string;
    readonly folds: number;
    readonly threads: number;
    readonly classes: number;
    readonly keptTrials: number;
    readonly limitBytes: number;
    readonly rng: Rng;
    readonly engineered?: { readonly native: number; readonly dense: number };
  },
): MemoryPlan {
  const sample = rows.length > WIDTH_SAMPLE_ROWS ? Uint32Array.from(sampleRows(rows.length, WIDTH_SAMPLE_ROWS, options.rng.nextUint32()), (p) => rows[p]) : rows;
  const width = (mode: 'native' | 'dense'): number => fitFeaturePlan(frame, mode, [options.target], sample).features.length + (options.engineered?.[mode] ?? 0);
  const perRow = 8 * options.folds * options.threads * (width('native') + width('dense')) + 8 * options.keptTrials * options.classes;
  const frameBytes = frameTypedBytes(frame);
  const estimateBytes = frameBytes + perRow * rows.length;
  if (estimateBytes <= options.limitBytes) return { estimateBytes };
  const fit = Math.floor((options.limitBytes - frameBytes) / perRow);
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (fit < Math.min(MIN_SEARCH_ROWS, rows.length)) {
    throw new DataError(
      `this run would need about ${gib(estimateBytes)} of memory but ${gib(options.limitBytes)} is available; ` +
        'use fewer columns, fewer folds or worker threads, or a machine with more memory',
    );
  }
  const keep = sampleRows(rows.length, fit, options.rng.nextUint32());
  return { estimateBytes, keep };
}
