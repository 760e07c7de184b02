/**
 * The one protocol between the extension host (or CLI) and the engine worker thread.
 *
 * One discriminated union per direction, discriminated by `kind`. Every message carries the
 * `requestId` the host chose when it started the request, and every payload is plain
 * structured-clone data (objects, arrays, typed arrays; never class instances or functions).
 * Receivers switch exhaustively over `kind` and end in {@link assertNever}.
 */
import { isUserFacingError } from '../engine/errors';
import type { ColumnType } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import type { SourceChoices, SourcePeek } from '../engine/data/sourcePreview';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import type { DatasetProfile } from '../engine/profile/types';
import type { RunEvent } from '../engine/automl/events';
import type { RunSpec } from '../engine/automl/runSpec';
import type { MonitorReport } from '../engine/monitor/monitorReport';
import type { ServiceMonitorSpec } from '../engine/monitor/serviceMonitor';
import type { ExplainRunStep, RunExplanations } from '../engine/explain/runExplanations';
import type { Task } from '../engine/learners/types';
import type { ModelKey, RowExplanation } from './webview';

/** Options of a profiling request; everything else is decided by the engine. */
export interface ProfileRequestOptions {
  /** Column to profile as the learning target (task, class balance, leakage checks). */
  readonly target?: string;
  /** Column types forced by the user instead of inferred, by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** What to do with rows whose field count differs from the header's. */
  readonly raggedRows?: RaggedRowPolicy;
  /** Seed for every sampled statistic, so the same file and seed give the same profile. */
  readonly seed?: number;
  /**
   * How the source is named in the profile's `source.file` (a file workspace-relative, say), so
   * saved profiles do not carry machine-specific absolute paths. Defaults to the file's base name.
   */
  readonly sourceName?: string;
}

/**
 * Host -> worker: read the data of `source` and profile it. Answered by `profile/progress`
 * events, then exactly one `profile/completed` or `error` with the same `requestId`.
 */
export interface ProfileStartRequest {
  readonly kind: 'profile/start';
  readonly requestId: number;
  /** The data (file paths absolute, readable by the worker). */
  readonly source: SourceSpec;
  /** The secrets `source` needs (a database password, header values): in memory only. */
  readonly secrets?: SourceSecrets;
  readonly options: ProfileRequestOptions;
  /**
   * Optional cancellation flag on a `SharedArrayBuffer` (one element; the host stores 1 to cancel).
   * Profiling is synchronous inside the worker, so a `request/cancel` message cannot be read until
   * it finishes; the flag lets the engine see a cancellation between steps anyway.
   */
  readonly cancelFlag?: Int32Array;
}

/**
 * Host -> worker: stop request `requestId`. The worker answers with an `error` whose name is
 * `CancelledError` (or nothing, if the request already finished); the host need not wait for it.
 */
export interface CancelRequest {
  readonly kind: 'request/cancel';
  readonly requestId: number;
}

/** Options of a training run besides its spec. */
export interface RunRequestOptions {
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly raggedRows?: RaggedRowPolicy;
  /** Trial threads the worker starts (0: trials run in the engine worker itself). */
  readonly workers: number;
  /** The folder whose `.automl/runs` receives the run folder (and that `spec.json` names the file relative to). */
  readonly root: string;
  /** The run folder to create, chosen by the host so panels can name it while the run works (default: a new one under `root`). */
  readonly outDir?: string;
  /** A spec file's `monitor:` section, kept in the run folder's spec.automl for the prediction service. */
  readonly monitor?: ServiceMonitorSpec;
}

/**
 * Host -> worker: read, profile and AutoML the data of `source`, then write the run folder. Answered by
 * `run/progress` while reading, `run/event`s (the engine's {@link RunEvent}s: profile, plan,
 * trials, phases, done), then exactly one `run/completed` or `error`. Cancelling stops the
 * search and keeps what finished: the run still completes, with `cancelled: true`, unless no
 * trial had finished (then `error` with a `CancelledError`).
 */
export interface RunStartRequest {
  readonly kind: 'run/start';
  readonly requestId: number;
  /** The data (file paths absolute). */
  readonly source: SourceSpec;
  /** The secrets `source` needs: in memory only, never in the run folder. */
  readonly secrets?: SourceSecrets;
  readonly spec: RunSpec;
  readonly options: RunRequestOptions;
}

/**
 * Host -> worker: explain data rows of a finished run's training file with the run's final model
 * (SHAP per source column). Answered by one `explain/rowsCompleted` or `error`.
 */
export interface ExplainRowsRequest {
  readonly kind: 'explain/rows';
  readonly requestId: number;
  readonly runDir: string;
  /** The secrets of the run's source, for reading its data again (a database password). */
  readonly secrets?: SourceSecrets;
  /** 0-based data rows. */
  readonly rows: readonly number[];
}

/**
 * Host -> worker: explanations of one trial of a finished run: its configuration refitted on the
 * training rows, then explained as the final model is (without permutation importance, which
 * needs the fold models). Saved as `<run>/explanations/trial-<id>.json` and reused from there.
 * Answered by one `explain/modelCompleted` or `error`.
 */
export interface ExplainTrialRequest {
  readonly kind: 'explain/trial';
  readonly requestId: number;
  readonly runDir: string;
  /** The secrets of the run's source, for reading its data again (a database password). */
  readonly secrets?: SourceSecrets;
  readonly trialId: number;
  /** As `profile/start`'s: explaining is synchronous in the worker, so Cancel is seen through it. */
  readonly cancelFlag?: Int32Array;
}

/**
 * Host -> worker: the final model's explanations of a finished run that has none (its budget ran
 * out first): computed without a deadline and saved as its `explanations.json`. Answered by one
 * `explain/modelCompleted` or `error`.
 */
export interface ExplainFinalRequest {
  readonly kind: 'explain/final';
  readonly requestId: number;
  readonly runDir: string;
  /** The secrets of the run's source, for reading its data again (a database password). */
  readonly secrets?: SourceSecrets;
  /** As `profile/start`'s: explaining is synchronous in the worker, so Cancel is seen through it. */
  readonly cancelFlag?: Int32Array;
}

/**
 * Host -> worker: export a model of a finished run as one dependency-free TypeScript module (a
 * trial's configuration is refitted on all rows first, which takes seconds). Only the source text
 * comes back: the host decides where it goes. Answered by one `export/moduleCompleted` or `error`.
 */
export interface ExportModuleRequest {
  readonly kind: 'export/module';
  readonly requestId: number;
  readonly runDir: string;
  /** The secrets of the run's source, for reading its data again (a database password). */
  readonly secrets?: SourceSecrets;
  readonly model: ModelKey;
}

/**
 * Host -> worker: write a prediction service project for a model of a finished run into `outDir`
 * (the exported module, an HTTP server, package.json, Dockerfile, README), in one step at the end;
 * a non-empty `outDir` is refused. Answered by one `export/serviceCompleted` or `error` (cancelled:
 * nothing was written).
 */
export interface ExportServiceRequest {
  readonly kind: 'export/service';
  readonly requestId: number;
  readonly runDir: string;
  /** The secrets of the run's source, for reading its data again (a database password). */
  readonly secrets?: SourceSecrets;
  readonly model: ModelKey;
  /** Absolute path of the project folder to write. */
  readonly outDir: string;
}

/** Every message the host sends to the engine worker. */
/**
 * Host -> worker: the columns and first rows of a source, for the target picker and the target
 * and task guesses (the extension host reads no data itself). Answered by one `source/peeked` or
 * `error`.
 */
export interface SourcePeekRequest {
  readonly kind: 'source/peek';
  readonly requestId: number;
  readonly source: SourceSpec;
  readonly secrets?: SourceSecrets;
}

/**
 * Host -> worker: the sheets of a workbook or the tables of a database, when the source names
 * none yet. Answered by one `source/choicesCompleted` or `error`.
 */
export interface SourceChoicesRequest {
  readonly kind: 'source/choices';
  readonly requestId: number;
  readonly source: SourceSpec;
  readonly secrets?: SourceSecrets;
}

/**
 * The new data of a monitoring check: any source a run can read (a file, a database, a web API),
 * named in the report by `label` (the caller's, never holding a secret), or a prediction
 * service's log folder (`predictions-YYYY-MM-DD.ndjson`, joined with `feedback-*.ndjson` labels).
 */
export type MonitorData =
  | { readonly kind: 'source'; readonly source: SourceSpec; readonly label: string }
  | { readonly kind: 'serviceLog'; readonly folder: string };

/** How a check cuts the new data into windows (rows, or calendar days/weeks of a date column). */
export type MonitorWindows = { readonly kind: 'rows'; readonly size: number } | { readonly kind: 'day' | 'week'; readonly column?: string };

/** Options of a monitoring check besides its data. */
export interface MonitorCheckOptions {
  readonly windows?: MonitorWindows;
  /** Columns whose drift alone means dataset drift. */
  readonly critical?: readonly string[];
  /** When the check ran (ISO 8601; default: now); also names the report file. */
  readonly checkedAt?: string;
}

/**
 * Host -> worker: check new data against a finished run's `reference.json` (drift, data quality,
 * prediction drift, performance) and write `<runDir>/monitoring/<timestamp>.json`. Answered by one
 * `monitor/checked` or `error`; a cancelled check writes nothing.
 */
export interface MonitorCheckRequest {
  readonly kind: 'monitor/check';
  readonly requestId: number;
  readonly runDir: string;
  readonly data: MonitorData;
  /** The secrets a `source` needs (a database password, header values): in memory only. */
  readonly secrets?: SourceSecrets;
  readonly options: MonitorCheckOptions;
}

export type EngineRequest =
  | MonitorCheckRequest
  | SourcePeekRequest
  | SourceChoicesRequest
  | ProfileStartRequest
  | RunStartRequest
  | ExplainRowsRequest
  | ExplainTrialRequest
  | ExplainFinalRequest
  | ExportModuleRequest
  | ExportServiceRequest
  | CancelRequest;

/**
 * Worker -> host: how far a `profile/start` request got. Throttled by the worker (at most about
 * one per 100 ms per request, plus one at each phase start), so receivers can render each one.
 */
export interface ProfileProgressEvent {
  readonly kind: 'profile/progress';
  readonly requestId: number;
  /** 'read' while streaming and parsing the file, then 'profile' while computing statistics. */
  readonly phase: 'read' | 'profile';
  /** Progress within the phase, 0–1. */
  readonly fraction: number;
  /** Read phase only: bytes read so far and the file size, in bytes. */
  readonly bytesRead?: number;
  readonly totalBytes?: number;
}

/** Worker -> host: the final answer to a `profile/start` request. */
export interface ProfileCompletedEvent {
  readonly kind: 'profile/completed';
  readonly requestId: number;
  readonly profile: DatasetProfile;
  /** Wall-clock time spent reading and parsing the file, in milliseconds. */
  readonly readMs: number;
  /** Wall-clock time spent computing the profile, in milliseconds. */
  readonly profileMs: number;
  /** A web API's records as fetched (NDJSON), for the run folder's `source.ndjson`. */
  readonly fetchedRecords?: string;
}

/** Worker -> host: how far reading the data of a `run/start` request got (throttled like profiling). */
export interface RunProgressEvent {
  readonly kind: 'run/progress';
  readonly requestId: number;
  readonly fraction: number;
  /** Bytes read and in all, for sources that count them. */
  readonly bytesRead?: number;
  readonly totalBytes?: number;
}

/** Worker -> host: one event of the engine's run (trial events are posted as they happen). */
export interface RunEngineEvent {
  readonly kind: 'run/event';
  readonly requestId: number;
  readonly event: RunEvent;
}

/** Worker -> host: the run finished (or was cancelled after some trials) and its folder is written. */
export interface RunCompletedEvent {
  readonly kind: 'run/completed';
  readonly requestId: number;
  /** Absolute path of the written run folder. */
  readonly runDir: string;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

/** Worker -> host: the answer to `explain/rows`, in the order asked. */
export interface ExplainRowsCompletedEvent {
  readonly kind: 'explain/rowsCompleted';
  readonly requestId: number;
  readonly rows: readonly RowExplanation[];
}

/** What an explain request is doing: reading the run's data, refitting a trial, then explaining. */
export type ExplainStep = 'read' | 'refit' | ExplainRunStep;

/**
 * Worker -> host: how far an `explain/trial` or `explain/final` request got, when it computes (a
 * saved answer comes without any). Throttled like `profile/progress`.
 */
export interface ExplainProgressEvent {
  readonly kind: 'explain/progress';
  readonly requestId: number;
  /** 'refit' (a trial only), then the steps of `explainRun`. */
  readonly step: ExplainStep;
  /** Progress over the whole request, 0–1. */
  readonly fraction: number;
}

/** Worker -> host: the answer to `explain/trial` and `explain/final`. */
export interface ExplainModelCompletedEvent {
  readonly kind: 'explain/modelCompleted';
  readonly requestId: number;
  readonly explanations: RunExplanations;
  /** How the trial's model reads (`Pipeline.describe`). */
  readonly model: string;
}

/** Worker -> host: the answer to `export/module`. */
export interface ExportModuleCompletedEvent {
  readonly kind: 'export/moduleCompleted';
  readonly requestId: number;
  /** The module's TypeScript source. */
  readonly source: string;
  /** The file name the module suggests, e.g. `titanic.model.ts` or `titanic.trial-12.model.ts`. */
  readonly fileName: string;
  /** Which model it is, e.g. 'final model (gbdt)'. */
  readonly model: string;
  readonly task: Task;
  /** One typical input row (column -> value), for example calls. */
  readonly exampleInput: Readonly<Record<string, string | number | boolean>>;
}

/** Worker -> host: the answer to `export/service`. */
export interface ExportServiceCompletedEvent {
  readonly kind: 'export/serviceCompleted';
  readonly requestId: number;
  /** The files written, relative to `outDir` with `/` separators. */
  readonly files: readonly string[];
}

/** An error as data, so it survives structured cloning (which drops class and custom fields). */
export interface SerializedError {
  /** The error class name, for example `DataError` or `CancelledError`. */
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** True when `message` is written for the user (an `AutoMLError`); otherwise it is a bug. */
  readonly userFacing: boolean;
}

/** Worker -> host: request `requestId` failed (or was cancelled); no more events follow for it. */
export interface ErrorEvent {
  readonly kind: 'error';
  readonly requestId: number;
  readonly error: SerializedError;
}

/** Every message the engine worker sends to the host. */
/** Worker -> host: the answer to `source/peek`. */
export interface SourcePeekedEvent extends SourcePeek {
  readonly kind: 'source/peeked';
  readonly requestId: number;
}

/** Worker -> host: the answer to `source/choices`; no `choices` when the source needs none. */
export interface SourceChoicesCompletedEvent {
  readonly kind: 'source/choicesCompleted';
  readonly requestId: number;
  readonly choices?: SourceChoices;
}

/** Worker -> host: the answer to `monitor/check`: the report, and the file it was written to. */
export interface MonitorCheckedEvent {
  readonly kind: 'monitor/checked';
  readonly requestId: number;
  readonly report: MonitorReport;
  /** Absolute path of `<runDir>/monitoring/<timestamp>.json`. */
  readonly file: string;
}

export type EngineEvent =
  | MonitorCheckedEvent
  | SourcePeekedEvent
  | SourceChoicesCompletedEvent
  | ProfileProgressEvent
  | ProfileCompletedEvent
  | RunProgressEvent
  | RunEngineEvent
  | RunCompletedEvent
  | ExplainRowsCompletedEvent
  | ExplainProgressEvent
  | ExplainModelCompletedEvent
  | ExportModuleCompletedEvent
  | ExportServiceCompletedEvent
  | ErrorEvent;

/** Name of the engine error class that signals cancellation, as it appears in {@link SerializedError}. */
export const CANCELLED_ERROR_NAME = 'CancelledError';

/**
 * Turns anything thrown into a {@link SerializedError}. Only `AutoMLError`s count as user-facing;
 * non-`Error` values (a thrown string, say) keep their text and are treated as bugs.
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const serialized: SerializedError = {
      name: error.name,
      message: error.message,
      userFacing: isUserFacingError(error),
    };
    return error.stack === undefined ? serialized : { ...serialized, stack: error.stack };
  }
  return { name: 'Error', message: describeNonError(error), userFacing: false };
}

function describeNonError(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Ends an exhaustive `switch` over a union's `kind`: it fails to compile when a case is missing,
 * and throws at run time if a peer sends a kind this side does not know.
 */
export function assertNever(value: never, what = 'value'): never {
  const received: unknown = value;
  const label =
    typeof received === 'object' && received !== null && 'kind' in received
      ? `kind ${JSON.stringify(received.kind)}`
      : describeNonError(received);
  throw new TypeError(`Unexpected ${what}: ${label}`);
}
