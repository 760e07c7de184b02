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

// Webviews may import nothing from the engine, so the profile types reach them through here.
export type {
  Association,
  ColumnProfile,
  DatasetProfile,
  Histogram,
  ProfileWarning,
  ProfileWarningKind,
  TargetProfile,
} from '../engine/profile/types';
export type { BadValues, ParseIssue } from '../engine/data/readReport';

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

/** Everything the host posts to a Data Profile view. */
export type HostToView = ProfileShowMessage | ProfileUnavailableMessage;

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

/** Everything a Data Profile view posts to the host. */
export type ViewToHost = ReadyMessage | FileOpenMessage;

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
 * Whether `value` is a well-formed {@link ViewToHost}. The host checks every message it receives,
 * since a webview is less trusted than the extension.
 */
export function isViewToHost(value: unknown): value is ViewToHost {
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
