/**
 * The one contract between the extension host and the webview panels (DESIGN.md, "Layers").
 *
 * Types plus a few tiny guards, nothing else: the host side (`src/extension/panels/`) and the
 * browser side (`webview/`) both `import type` the unions, so no runtime code crosses the layer.
 * One discriminated union per direction, discriminated by `kind`; every payload is plain JSON
 * (webview messages are serialised as JSON, so no typed arrays here). Receivers switch
 * exhaustively over `kind` and end in `assertNever` (see `./worker`).
 *
 * Handshake: a view's first message is always `{ kind: 'ready' }`. The host queues everything it
 * wants to post until then, and answers every `ready` (a view is rebuilt each time a hidden panel
 * is shown again) with the panel's current content.
 */
import type { DatasetProfile } from '../engine/profile/types';
import type { EnsembleRecord, RunPlan, TrialRecord } from '../engine/automl/events';
import type { RunExplanations, SampleValue } from '../engine/explain/runExplanations';
import type { FeaturesFile } from '../engine/features/types';
import type { RobustnessReport } from '../engine/robustness/types';
import type { MonitorGrade, MonitorReport } from '../engine/monitor/monitorReport';

// Webviews may import nothing from the engine, so the profile types reach them through here.
export type {
  Association,
  ColumnProfile,
  DatasetProfile,
  Histogram,
  ProfileSource,
  ProfileWarning,
  ProfileWarningKind,
  TargetProfile,
} from '../engine/profile/types';
export type { BadValues, ParseIssue } from '../engine/data/readReport';
export type { EnsembleRecord, RunPlan, TrialRecord, TrialStatus } from '../engine/automl/events';
export type { RunExplanations, SampleValue } from '../engine/explain/runExplanations';
export type { PartialDependence, DependenceGrid } from '../engine/explain/partialDependence';
export type { Interaction } from '../engine/explain/interactions';
export type { DroppedFeature, EngineeredFeature, FeatureGate, FeaturesFile } from '../engine/features/types';
export type {
  CheckStatus,
  ColumnDriftReport,
  DriftMethod,
  MonitorGrade,
  MonitorReport,
  PerformanceReport,
  PredictionDriftReport,
  QualityFinding,
  RowsChecked,
  ServiceLogSummary,
  WindowReport,
} from '../engine/monitor/monitorReport';
export type {
  CalibrationSection,
  CalibrationTrial,
  LatencySection,
  PerturbationResult,
  ReliabilityBin,
  RobustnessCheck,
  RobustnessGrade,
  RobustnessReport,
  SegmentCondition,
  ShiftSection,
  StabilitySection,
  WeakSegment,
} from '../engine/robustness/types';

/**
 * What a panel knows of one of a run's optional report files (`features.json`,
 * `robustness.json`): its content; `null` when the run folder has none (the run predates the
 * file); absent when it is not known: the run is still going, the file could not be read (the
 * host logs why), or the file does not apply (a profile-only run, a trial's explanations).
 */
export type RunReport<T> = T | null | undefined;

/** The webview panel type of the Data Profile panel (also its `onWebviewPanel:` activation event). */
export const PROFILE_VIEW_TYPE = 'automl.profile';

/** Which run a panel shows. */
export interface RunInfo {
  /** Absolute path of the run folder, `<root>/.automl/runs/<name>`. */
  readonly runDir: string;
  /** The run folder's name, `<YYYYMMDD-HHmmss>-<dataset>`. */
  readonly name: string;
  /** The data file as `spec.json` names it: relative to the folder holding `.automl` (`/`-separated), or absolute. */
  readonly file: string;
  /** ISO 8601 timestamp (UTC) of when the run started. */
  readonly createdAt: string;
}

/**
 * Host -> Data Profile view: render this profile (replacing whatever was shown). Sent in answer
 * to every `ready`, and again whenever the panel is pointed at another run.
 */
export interface ProfileShowMessage {
  readonly kind: 'profile/show';
  readonly run: RunInfo;
  readonly profile: DatasetProfile;
  /**
   * The run's feature decisions (`features.json`: which columns it dropped and why, the
   * engineered features it kept), see {@link RunReport}. Absent for profile-only runs and for a
   * training run until it finishes (then `profile/features` follows).
   */
  readonly features?: RunReport<FeaturesFile>;
}

/**
 * Host -> Data Profile view: the shown training run finished and its feature decisions are
 * known (`null`: it wrote no `features.json`). Later `profile/show` messages carry them too.
 */
export interface ProfileFeaturesMessage {
  readonly kind: 'profile/features';
  readonly features: FeaturesFile | null;
}

/**
 * Host -> Data Profile view: the run's profile could not be read (for example a panel restored
 * after a reload whose run folder was deleted). The view shows `message` instead of a profile.
 */
export interface ProfileUnavailableMessage {
  readonly kind: 'profile/unavailable';
  /** Absolute path of the run folder the panel was showing. */
  readonly runDir: string;
  /** Why, in words for the user. */
  readonly message: string;
}

/**
 * Host -> Data Profile view: the columns the next run of this file leaves out (the user chose
 * "Exclude column" on a warning). Sent after every `profile/show` and whenever the set changes.
 */
export interface ProfileExcludedMessage {
  readonly kind: 'profile/excluded';
  readonly columns: readonly string[];
}

/** Everything the host posts to a Data Profile view. */
export type ProfileToView = ProfileShowMessage | ProfileUnavailableMessage | ProfileExcludedMessage | ProfileFeaturesMessage;

/** View -> host: the view's script is running and listening. Always a view's first message. */
export interface ReadyMessage {
  readonly kind: 'ready';
}

/** A file of the shown run that the view can ask the host to open. */
export type RunFile = 'data' | 'profile' | 'spec';

/**
 * View -> host: open one of the shown run's files in an editor: the data file (`line`, 1-based,
 * puts the cursor on that physical line, as parse issues count them), `profile.json` or
 * `spec.json`. The view names a role, never a path: the host resolves it against its own run.
 */
export interface FileOpenMessage {
  readonly kind: 'file/open';
  readonly file: RunFile;
  readonly line?: number;
}

/**
 * View -> host: leave `column` out of the next run of the shown data file (`exclude: false` puts
 * it back). The host answers with `profile/excluded` and offers to rerun.
 */
export interface ColumnExcludeMessage {
  readonly kind: 'column/exclude';
  readonly column: string;
  readonly exclude: boolean;
}

/** Everything a Data Profile view posts to the host. */
export type ProfileToHost = ReadyMessage | FileOpenMessage | ColumnExcludeMessage;

/** Keys the column table can be sorted by; `index` is the file's column order. */
export type ColumnSortKey = 'index' | 'name' | 'type' | 'missing' | 'unique';

export interface ColumnSort {
  readonly key: ColumnSortKey;
  readonly direction: 'asc' | 'desc';
}

/**
 * What the Data Profile view keeps with `vscode.setState`: its UI state, which survives hiding
 * the panel, and `runDir`, from which the host's `WebviewPanelSerializer` reloads the profile
 * after a window reload. Written by the view, read back by the view and by the host's serializer.
 */
export interface ProfilePanelState {
  readonly version: 1;
  /** Absolute path of the shown run folder (see {@link RunInfo.runDir}). */
  readonly runDir: string;
  /** Name of the column whose details are open. */
  readonly selectedColumn?: string;
  readonly sort: ColumnSort;
  /** Case-insensitive substring the column names are filtered by ('' = all). */
  readonly filter: string;
}

const SORT_KEYS: readonly string[] = ['index', 'name', 'type', 'missing', 'unique'] satisfies ColumnSortKey[];
const RUN_FILES: readonly string[] = ['data', 'profile', 'spec'] satisfies RunFile[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` is a well-formed {@link ProfileToHost}. The host checks every message it receives,
 * since a webview is less trusted than the extension.
 */
export function isProfileToHost(value: unknown): value is ProfileToHost {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'ready':
      return true;
    case 'file/open':
      return (
        typeof value.file === 'string' &&
        RUN_FILES.includes(value.file) &&
        (value.line === undefined || (Number.isSafeInteger(value.line) && (value.line as number) >= 1))
      );
    case 'column/exclude':
      return typeof value.column === 'string' && typeof value.exclude === 'boolean';
    default:
      return false;
  }
}

/** Whether `value` is a {@link ProfilePanelState} (as stored by this version of the view). */
export function isProfilePanelState(value: unknown): value is ProfilePanelState {
  if (!isRecord(value) || value.version !== 1 || typeof value.runDir !== 'string') return false;
  if (value.selectedColumn !== undefined && typeof value.selectedColumn !== 'string') return false;
  if (typeof value.filter !== 'string' || !isRecord(value.sort)) return false;
  const { key, direction } = value.sort;
  return typeof key === 'string' && SORT_KEYS.includes(key) && (direction === 'asc' || direction === 'desc');
}

// ---------------------------------------------------------------------------------------------
// Models: which model of a run a view is about
// ---------------------------------------------------------------------------------------------

/** A model of a run: a trial by its id, or `'final'` (the run's final model, maybe an ensemble). */
export type ModelKey = number | 'final';

/** Whether `value` is a {@link ModelKey}. */
export function isModelKey(value: unknown): value is ModelKey {
  return value === 'final' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/** Where a run is: searching and finishing are live; the others are final. */
export type RunStatus = 'running' | 'finishing' | 'done' | 'cancelled' | 'failed';

/** The final model of a finished run, as `leaderboard.json` records it. */
export interface FinalModel {
  readonly members: readonly { readonly trialId: number; readonly weight: number }[];
  readonly refit: 'allRows' | 'foldModels';
  readonly score: number;
  readonly description: string;
}

// ---------------------------------------------------------------------------------------------
// Leaderboard panel
// ---------------------------------------------------------------------------------------------

/** The webview panel type of the Leaderboard panel. */
export const LEADERBOARD_VIEW_TYPE = 'automl.leaderboard';

/**
 * Host -> Leaderboard view: the whole board (replacing what was shown). Sent in answer to every
 * `ready` and when the panel is pointed at another run; live runs then send `leaderboard/trials`
 * and `leaderboard/status` updates.
 */
export interface LeaderboardShowMessage {
  readonly kind: 'leaderboard/show';
  readonly run: RunInfo;
  /** Absent until the run has planned (reading and profiling come first). */
  readonly plan?: RunPlan;
  readonly status: RunStatus;
  /** A line about the status: the phase, why it failed, what was cancelled. */
  readonly statusText: string;
  /** Finished trials, in the order they finished. */
  readonly trials: readonly TrialRecord[];
  readonly ensemble?: EnsembleRecord;
  readonly final?: FinalModel;
  /** Time since the run started and left in its budget, ms (remaining absent when unknown or over). */
  readonly elapsedMs: number;
  readonly remainingMs?: number;
  /** The model the explanation views follow. */
  readonly selected?: ModelKey;
  /**
   * The run's feature decisions (`features.json`), see {@link RunReport}. A live run has none
   * until it finishes; then `leaderboard/features` brings them.
   */
  readonly features?: RunReport<FeaturesFile>;
}

/** Host -> Leaderboard view: trials that finished since the last message (appended in order). */
export interface LeaderboardTrialsMessage {
  readonly kind: 'leaderboard/trials';
  readonly trials: readonly TrialRecord[];
  readonly elapsedMs: number;
  readonly remainingMs?: number;
}

/**
 * Host -> Leaderboard view: the run changed status or phase, or finished (with its final model).
 * An absent `plan`, `ensemble` or `final` means unchanged, not cleared.
 */
export interface LeaderboardStatusMessage {
  readonly kind: 'leaderboard/status';
  readonly status: RunStatus;
  readonly statusText: string;
  readonly plan?: RunPlan;
  readonly ensemble?: EnsembleRecord;
  readonly final?: FinalModel;
  readonly elapsedMs: number;
  readonly remainingMs?: number;
}

/**
 * Host -> Leaderboard view: the live run finished and wrote its run folder; these are its feature
 * decisions (`null`: the folder has no `features.json`). Sent before the final board.
 */
export interface LeaderboardFeaturesMessage {
  readonly kind: 'leaderboard/features';
  readonly features: FeaturesFile | null;
}

/** Host -> Leaderboard view: the selected model changed (from another view or a command). */
export interface LeaderboardSelectMessage {
  readonly kind: 'leaderboard/select';
  readonly selected: ModelKey;
}

/** Everything the host posts to a Leaderboard view. */
export type LeaderboardToView =
  | LeaderboardShowMessage
  | LeaderboardTrialsMessage
  | LeaderboardStatusMessage
  | LeaderboardSelectMessage
  | LeaderboardFeaturesMessage;

/** View -> host: the user selected a model (row click or keyboard); the explanation views follow it. */
export interface ModelSelectMessage {
  readonly kind: 'model/select';
  readonly model: ModelKey;
}

/** View -> host: open the Explanations panel for a model. */
export interface ExplanationsOpenMessage {
  readonly kind: 'explanations/open';
  readonly model: ModelKey;
}

/** View -> host: cancel the live run this board shows (it keeps what finished). */
export interface RunCancelMessage {
  readonly kind: 'run/cancel';
}

/**
 * View -> host: export a model of the shown (finished) run as a TypeScript module (the Export
 * button). The host asks where to save it; the view names the model, never a path.
 */
export interface ModelExportMessage {
  readonly kind: 'model/export';
  readonly model: ModelKey;
}

/**
 * View -> host: save the shown (finished) run's spec as a `.automl` file (the Save as Spec
 * button). The host asks where; the view names no path.
 */
export interface RunSaveSpecMessage {
  readonly kind: 'run/saveSpec';
}

/** Everything a Leaderboard view posts to the host. */
export type LeaderboardToHost = ReadyMessage | ModelSelectMessage | ExplanationsOpenMessage | ModelExportMessage | RunCancelMessage | RunSaveSpecMessage;

/** Keys the leaderboard can be sorted by; `rank` is by score, best first. */
export type LeaderboardSortKey = 'rank' | 'learner' | 'score' | 'std' | 'fit' | 'finished';

/** What the Leaderboard view keeps with `setState` (UI state, and the run for the serializer). */
export interface LeaderboardPanelState {
  readonly version: 1;
  readonly runDir: string;
  readonly sort: { readonly key: LeaderboardSortKey; readonly direction: 'asc' | 'desc' };
  readonly selected?: ModelKey;
  /** Whether the header's feature details (dropped columns, engineered features, checks) are open. */
  readonly featuresOpen?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Explanations panel
// ---------------------------------------------------------------------------------------------

/** The webview panel type of the Explanations panel. */
export const EXPLANATIONS_VIEW_TYPE = 'automl.explanations';

/** Host -> Explanations view: show these explanations of `model` (replacing what was shown). */
export interface ExplanationsShowMessage {
  readonly kind: 'explanations/show';
  readonly run: RunInfo;
  readonly model: ModelKey;
  /** How the model reads, for example "gbdt" or "ensemble: gbdt 0.60 + knn 0.40". */
  readonly modelLabel: string;
  readonly explanations: RunExplanations;
  /**
   * The run's robustness checks (`robustness.json`, about the final model), see
   * {@link RunReport}: sent with the final model's explanations only.
   */
  readonly robustness?: RunReport<RobustnessReport>;
}

/** Host -> Explanations view: explanations of `model` are being computed (a trial's, on demand). */
export interface ExplanationsPendingMessage {
  readonly kind: 'explanations/pending';
  readonly run: RunInfo;
  readonly model: ModelKey;
  readonly modelLabel: string;
  readonly message: string;
}

/** Host -> Explanations view: there is nothing to show, and why (run failed, skipped, folder gone). */
export interface ExplanationsUnavailableMessage {
  readonly kind: 'explanations/unavailable';
  readonly runDir: string;
  readonly message: string;
}

/** One data row explained: its values and each column's SHAP value per output. */
export interface RowExplanation {
  /** 0-based data row (the line in the file is row + 2 with a header). */
  readonly row: number;
  /** Base value and model output per output (the outputs of {@link RunExplanations.outputLabels}). */
  readonly base: readonly number[];
  readonly output: readonly number[];
  readonly contributions: readonly { readonly column: string; readonly value: SampleValue; readonly shap: readonly number[] }[];
}

/** Host -> Explanations view: the answer to `row/explain`. */
export interface ExplanationsRowMessage {
  readonly kind: 'explanations/row';
  readonly requestId: number;
  readonly row?: RowExplanation;
  /** Why the row could not be explained (out of range, run folder gone …). */
  readonly error?: string;
}

/** Everything the host posts to an Explanations view. */
export type ExplanationsToView =
  | ExplanationsShowMessage
  | ExplanationsPendingMessage
  | ExplanationsUnavailableMessage
  | ExplanationsRowMessage;

/**
 * View -> host: explain data row `row` of the run's file (rows outside the saved SHAP sample are
 * computed by the engine). Answered by one `explanations/row` with the same `requestId`.
 */
export interface RowExplainMessage {
  readonly kind: 'row/explain';
  readonly requestId: number;
  readonly row: number;
}

/** Everything an Explanations view posts to the host. */
export type ExplanationsToHost = ReadyMessage | RowExplainMessage;

/** The tabs of the Explanations view. */
export type ExplanationsTab = 'importance' | 'beeswarm' | 'waterfall' | 'dependence' | 'insights' | 'robustness';

/** What the Explanations view keeps with `setState`. */
export interface ExplanationsPanelState {
  readonly version: 1;
  readonly runDir: string;
  readonly model: ModelKey;
  readonly tab: ExplanationsTab;
  /** Which output (class) the charts show, index into `outputLabels`. */
  readonly output: number;
  /** The data row of the waterfall, and the column of the dependence plot. */
  readonly row?: number;
  readonly dependenceColumn?: string;
}

// ---------------------------------------------------------------------------------------------
// Feature Importance side view (a webview view in the AutoML activity bar container)
// ---------------------------------------------------------------------------------------------

/** The id of the Feature Importance webview view (package.json `views`). */
export const IMPORTANCE_VIEW_ID = 'automl.featureImportance';

/** One bar: a source column's importance, and its spread where the method measures one. */
export interface ImportanceBar {
  readonly column: string;
  readonly value: number;
  readonly std?: number;
}

/** Host -> Feature Importance view: the selected model's importance. */
export interface ImportanceShowMessage {
  readonly kind: 'importance/show';
  /** The run folder's name and the model, for the view's heading. */
  readonly runName: string;
  readonly model: ModelKey;
  readonly modelLabel: string;
  /** What the bars measure, for example "mean |SHAP| (probability)". */
  readonly measure: string;
  /** Largest first. */
  readonly bars: readonly ImportanceBar[];
}

/** Host -> Feature Importance view: nothing selected yet, or the model has no importance (and why). */
export interface ImportanceEmptyMessage {
  readonly kind: 'importance/empty';
  readonly message: string;
}

/** Everything the host posts to the Feature Importance view. */
export type ImportanceToView = ImportanceShowMessage | ImportanceEmptyMessage;

/** Everything the Feature Importance view posts to the host (`explanations/open`: its "Open explanations" button). */
export type ImportanceToHost = ReadyMessage | ExplanationsOpenMessage;

// ---------------------------------------------------------------------------------------------
// Monitoring panel (AutoML: Check Drift…): one per run, showing one check of its monitoring folder
// ---------------------------------------------------------------------------------------------

/** The webview panel type of the Monitoring panel (also its `onWebviewPanel:` activation event). */
export const MONITORING_VIEW_TYPE = 'automl.monitoring';

/** One check saved in a run's `monitoring/` folder, for the panel's history list. */
export interface MonitoringCheckEntry {
  /** The report's file name in `<run>/monitoring/` (no folder). */
  readonly file: string;
  /** ISO 8601 time of the check. */
  readonly checkedAt: string;
  readonly grade: MonitorGrade;
  /** What was checked (the report's `source`). */
  readonly source: string;
}

/**
 * Host -> Monitoring view: show this check of the run (replacing whatever was shown). Sent in
 * answer to every `ready`, after each new check of the run, and when another check is picked.
 */
export interface MonitoringShowMessage {
  readonly kind: 'monitoring/show';
  readonly run: RunInfo;
  /** The check shown: its file in `<run>/monitoring/`, and its report. */
  readonly file: string;
  readonly report: MonitorReport;
  /** Every check of the run, newest first (the shown one among them). */
  readonly history: readonly MonitoringCheckEntry[];
  /** The service log folder being watched for this run (re-checked when it grows), if any. */
  readonly watching?: string;
}

/** Host -> Monitoring view: the run has no check to show, or it could not be read (and why). */
export interface MonitoringUnavailableMessage {
  readonly kind: 'monitoring/unavailable';
  readonly runDir: string;
  readonly message: string;
}

/** Everything the host posts to a Monitoring view. */
export type MonitoringToView = MonitoringShowMessage | MonitoringUnavailableMessage;

/** Monitoring view -> host: show another check of the run (a `file` from the history list). */
export interface MonitoringOpenCheckMessage {
  readonly kind: 'monitoring/openCheck';
  readonly file: string;
}

/** Monitoring view -> host: stop watching the run's service log folder. */
export interface MonitoringStopWatchMessage {
  readonly kind: 'monitoring/stopWatch';
}

/** Monitoring view -> host: check again (the Check Drift… flow, for this run). */
export interface MonitoringCheckAgainMessage {
  readonly kind: 'monitoring/checkAgain';
}

/** Everything a Monitoring view posts to the host. */
export type MonitoringToHost = ReadyMessage | MonitoringOpenCheckMessage | MonitoringStopWatchMessage | MonitoringCheckAgainMessage;

/** What the Monitoring view keeps with `setState` (a reload reopens the same check). */
export interface MonitoringPanelState {
  readonly version: 1;
  readonly runDir: string;
  readonly file?: string;
}

/** A report file name in a run's `monitoring/` folder: no folder part, so it cannot point elsewhere. */
export function isMonitoringFileName(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.-]+\.json$/.test(value) && !value.startsWith('.');
}

/** Whether `value` is a well-formed {@link MonitoringToHost}. */
export function isMonitoringToHost(value: unknown): value is MonitoringToHost {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'ready':
    case 'monitoring/stopWatch':
    case 'monitoring/checkAgain':
      return true;
    case 'monitoring/openCheck':
      return isMonitoringFileName(value.file);
    default:
      return false;
  }
}

/** Whether `value` is a {@link MonitoringPanelState} (as stored by this version of the view). */
export function isMonitoringPanelState(value: unknown): value is MonitoringPanelState {
  if (!isRecord(value) || value.version !== 1 || typeof value.runDir !== 'string') return false;
  return value.file === undefined || isMonitoringFileName(value.file);
}

// ---------------------------------------------------------------------------------------------
// Guards for the new views (the host checks every message: a webview is less trusted)
// ---------------------------------------------------------------------------------------------

/** Whether `value` is a well-formed {@link LeaderboardToHost}. */
export function isLeaderboardToHost(value: unknown): value is LeaderboardToHost {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'ready':
    case 'run/cancel':
    case 'run/saveSpec':
      return true;
    case 'model/select':
    case 'explanations/open':
    case 'model/export':
      return isModelKey(value.model);
    default:
      return false;
  }
}

/** Whether `value` is a well-formed {@link ExplanationsToHost}. */
export function isExplanationsToHost(value: unknown): value is ExplanationsToHost {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'ready':
      return true;
    case 'row/explain':
      return Number.isSafeInteger(value.requestId) && Number.isSafeInteger(value.row) && (value.row as number) >= 0;
    default:
      return false;
  }
}

/** Whether `value` is a well-formed {@link ImportanceToHost}. */
export function isImportanceToHost(value: unknown): value is ImportanceToHost {
  if (!isRecord(value)) return false;
  if (value.kind === 'ready') return true;
  return value.kind === 'explanations/open' && isModelKey(value.model);
}

const LEADERBOARD_SORT_KEYS: readonly string[] = ['rank', 'learner', 'score', 'std', 'fit', 'finished'] satisfies LeaderboardSortKey[];
const EXPLANATION_TABS: readonly string[] = ['importance', 'beeswarm', 'waterfall', 'dependence', 'insights', 'robustness'] satisfies ExplanationsTab[];

/** Whether `value` is a {@link LeaderboardPanelState} (as stored by this version of the view). */
export function isLeaderboardPanelState(value: unknown): value is LeaderboardPanelState {
  if (!isRecord(value) || value.version !== 1 || typeof value.runDir !== 'string' || !isRecord(value.sort)) return false;
  if (value.selected !== undefined && !isModelKey(value.selected)) return false;
  if (value.featuresOpen !== undefined && typeof value.featuresOpen !== 'boolean') return false;
  const { key, direction } = value.sort;
  return typeof key === 'string' && LEADERBOARD_SORT_KEYS.includes(key) && (direction === 'asc' || direction === 'desc');
}

/** Whether `value` is an {@link ExplanationsPanelState} (as stored by this version of the view). */
export function isExplanationsPanelState(value: unknown): value is ExplanationsPanelState {
  if (!isRecord(value) || value.version !== 1 || typeof value.runDir !== 'string' || !isModelKey(value.model)) return false;
  if (typeof value.tab !== 'string' || !EXPLANATION_TABS.includes(value.tab)) return false;
  if (!Number.isSafeInteger(value.output) || (value.output as number) < 0) return false;
  if (value.row !== undefined && !(Number.isSafeInteger(value.row) && (value.row as number) >= 0)) return false;
  return value.dependenceColumn === undefined || typeof value.dependenceColumn === 'string';
}
