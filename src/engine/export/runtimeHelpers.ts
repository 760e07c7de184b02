/**
 * Small functions the exported module may need, written once as source text. They follow the
 * engine's own arithmetic step by step (learners/outputs.ts), so that the exported predictions
 * equal the engine's to the last bit, not only approximately.
 */
import type { RuntimeHelper } from './learners/learnerCode';

export const RUNTIME_HELPERS: Readonly<Record<RuntimeHelper, string>> = {
  sigmoid: `/** The logistic function, without overflow of \`exp\` for large |z|. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}`,
  softmax: `/** Class probabilities from per-class scores. */
function softmax(scores: readonly number[]): number[] {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = scores.map((s) => Math.exp(s - max));
  let sum = 0;
  for (const e of out) sum += e;
  return out.map((e) => e / sum);
}`,
};
