/**
 * Which drift test or distance judges a column, as Evidently chooses by default (so users who know
 * its reports read ours the same way): small references are tested, large ones measured, because
 * on thousands of rows a test calls the smallest harmless difference significant.
 */
import type { DriftMethod } from './monitorReport';

/** References up to this many rows are judged by a statistical test. */
export const TEST_MAX_REFERENCE_ROWS = 1000;
/** Numbers with more distinct values than this are treated as continuous. */
export const CONTINUOUS_MIN_DISTINCT = 6;
/** Tests: drift when the p-value is below this. */
export const P_VALUE_THRESHOLD = 0.05;
/** Distances (Wasserstein over the reference std, Jensen–Shannon): drift at or above this. */
export const DISTANCE_THRESHOLD = 0.1;

/**
 * The method for a column with `distinct` different values in a reference of `referenceRows`
 * rows: KS (continuous numbers), chi-square (categories or 3–5 values), z-test (two values) on
 * small references; Wasserstein (continuous numbers) or Jensen–Shannon (the rest) on large ones.
 */
export function driftMethod(kind: 'numeric' | 'categorical', distinct: number, referenceRows: number): DriftMethod {
  const continuous = kind === 'numeric' && distinct >= CONTINUOUS_MIN_DISTINCT;
  if (referenceRows <= TEST_MAX_REFERENCE_ROWS) {
    if (continuous) return 'ks';
    return distinct > 2 ? 'chisquare' : 'ztest';
  }
  return continuous ? 'wasserstein' : 'jensenshannon';
}

/** Whether a method's score means drift, and the threshold it was held against. */
export function isDrift(method: DriftMethod, score: number): { drift: boolean; threshold: number } {
  if (method === 'ks' || method === 'chisquare' || method === 'ztest') return { drift: score < P_VALUE_THRESHOLD, threshold: P_VALUE_THRESHOLD };
  return { drift: score >= DISTANCE_THRESHOLD, threshold: DISTANCE_THRESHOLD };
}
