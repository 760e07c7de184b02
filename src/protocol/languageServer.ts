/**
 * The contract between the `.automl` language server (src/languageServer, bundled as
 * `dist/languageServer.js`) and its clients: the extension's language client, or any editor that
 * starts `node dist/languageServer.js --stdio`. Standard LSP everywhere, plus what is named here.
 */

/**
 * `initializationOptions` of the `initialize` request, sent by the client. Absent options mean an
 * untrusted workspace.
 */
export interface LanguageServerInitOptions {
  /**
   * Whether the workspace is trusted. Untrusted, the server reads local files only; it never
   * fetches a URL nor connects to a database (for completions, hovers or diagnostics) either way
   * in this version, and never takes a credential from a spec file.
   */
  readonly trusted?: boolean;
}

/** Method of the notification the client sends when the workspace's trust changes (payload `TrustParams`). */
export const TRUST_NOTIFICATION = 'automl/trust';

/** Payload of `automl/trust`: client -> server. */
export interface TrustParams {
  readonly trusted: boolean;
}

/**
 * Commands of the spec code lenses (at the top of a `.automl` file). The server only names them;
 * the extension registers them. Each takes one argument: the spec file's URI as a string
 * (`file:///…/churn.automl`).
 */
export const SPEC_LENS_COMMANDS = {
  /** ▶ Run: run the spec (as `automl run <file>`). */
  run: 'automl.runSpec',
  /** Profile: open the Data Profile of the spec's data. */
  profile: 'automl.profileSpec',
  /** Open Last Run: the newest run folder made from this spec. */
  openLastRun: 'automl.openLastRun',
  /** Export Best Model: export the best model of the last run of this spec. */
  exportBestModel: 'automl.exportBestModel',
} as const;

/** A spec code lens command id. */
export type SpecLensCommand = (typeof SPEC_LENS_COMMANDS)[keyof typeof SPEC_LENS_COMMANDS];

/** `Diagnostic.source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'automl';

/**
 * Diagnostic codes the server adds to the spec checker's own (`SpecDiagnosticCode`), from what the
 * data says; code actions key on them.
 */
export type DataDiagnosticCode =
  /** A column name the data does not have; `data` is `ColumnFixData` when a close name exists. */
  | 'unknown-column'
  /** The data file is missing or cannot be read: the reader's own message. */
  | 'data-unreadable'
  /** The target has one class only. */
  | 'target-one-class'
  /** The target is missing in most rows. */
  | 'target-missing'
  /** The target is also listed in `exclude`. */
  | 'target-excluded'
  /** No `task` is set; `data` is `TaskFixData` (the task the data implies). */
  | 'task-from-data'
  /** The profile flags columns to leave out (ID-like, leakage suspects); `data` is `ExcludeFixData`. */
  | 'flagged-columns'
  /** `validation.group` names a column that is not categorical. */
  | 'group-not-categorical'
  /** `validation.time` names a column that is neither a date nor a number. */
  | 'time-not-orderable'
  /** A budget too short for a search. */
  | 'budget-too-short'
  /** A parse issue of an open CSV/TSV file (ragged row, unterminated quote, a value that does not fit its column). */
  | 'csv-issue';

/** `Diagnostic.data` of 'unknown-column': the name to put instead. */
export interface ColumnFixData {
  readonly replacement: string;
}

/** `Diagnostic.data` of 'task-from-data': the task the target's values imply. */
export interface TaskFixData {
  readonly task: string;
}

/** `Diagnostic.data` of 'flagged-columns': the columns to add to `exclude`. */
export interface ExcludeFixData {
  readonly columns: readonly string[];
}
