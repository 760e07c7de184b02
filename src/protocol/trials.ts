/**
 * The protocol between a trial pool (src/node/trialPool.ts) and its worker threads
 * (src/worker/trialWorker.ts). One union per direction, discriminated by `kind`; payloads are
 * structured-clone data. The run's data arrives once, in `SharedArrayBuffer`s, so every worker
 * reads the same memory instead of a copy per trial.
 */
import type { FoldTask } from '../engine/automl/trialExecutor';
import type { RunData } from '../engine/automl/foldData';
import type { SerializedModel } from '../engine/learners/types';
import type { FeaturePlan } from '../engine/prep/featurePlan';
import type { MetricName, Prediction } from '../engine/validate/types';

/** Pool -> worker: the run's data (shared), how to score, and the run's cancel flag. */
export interface TrialInitRequest {
  readonly kind: 'trials/init';
  readonly data: RunData;
  readonly metric: MetricName;
  /** Whether to load TensorFlow.js (the run includes the MLP). */
  readonly tensorflow: boolean;
  /** One Int32 on a SharedArrayBuffer; the pool stores 1 there to cancel every running task. */
  readonly cancelFlag: Int32Array;
}

/** Pool -> worker: fit and score some folds of a trial. */
export interface TrialEvaluateRequest {
  readonly kind: 'trials/evaluate';
  readonly requestId: number;
  readonly task: FoldTask;
}

export type TrialWorkerRequest = TrialInitRequest | TrialEvaluateRequest;

/** A fold's result as it crosses threads: the model in its saved form. */
export interface SerializedFoldResult {
  readonly fold: number;
  readonly score: number;
  readonly fitMs: number;
  readonly predictMs: number;
  readonly prediction: Prediction;
  readonly model: SerializedModel;
  readonly plan: FeaturePlan;
  readonly trainRows: number;
}

/** Worker -> pool: ready after `trials/init`. */
export interface TrialReadyEvent {
  readonly kind: 'trials/ready';
}

/** Worker -> pool: the answer to `trials/evaluate`. */
export interface TrialResultEvent {
  readonly kind: 'trials/result';
  readonly requestId: number;
  readonly folds: readonly SerializedFoldResult[];
}

/** Worker -> pool: `trials/evaluate` failed; `name` is 'CancelledError' when stopped. */
export interface TrialErrorEvent {
  readonly kind: 'trials/error';
  readonly requestId: number;
  readonly error: { readonly name: string; readonly message: string };
}

export type TrialWorkerEvent = TrialReadyEvent | TrialResultEvent | TrialErrorEvent;
