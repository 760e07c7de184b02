/**
 * Command IDs: each defined once here and contributed under the same ID in package.json
 * (a unit test keeps the two in step).
 */
export const Command = {
  /** Explorer context menu on a data file ("AutoML this"); hidden from the palette. */
  runOnFile: 'automl.runOnFile',
  /** Palette: pick a data file in an open dialog, then run as `runOnFile` does. */
  runOnPickedFile: 'automl.runOnPickedFile',
  /** Palette: a PostgreSQL connection, its password (SecretStorage), a table or a query, then the run flow. */
  runOnDatabase: 'automl.runOnDatabase',
  /** Palette: a web API's URL, records path, pagination and a header (its secret to SecretStorage), then the run flow. */
  runOnWebApi: 'automl.runOnWebApi',
  /** Stops the live runs; each keeps the trials that finished. */
  cancelRun: 'automl.cancelRun',
  /** Reveals the live run's leaderboard (the status bar item's click), else the log. */
  showActiveRun: 'automl.showActiveRun',
  /** Opens the explanations of the model selected on a leaderboard. */
  explainSelected: 'automl.explainSelected',
  /** Runs tree: open a run's leaderboard (or profile), delete it, run it again with its spec. */
  openRun: 'automl.openRun',
  deleteRun: 'automl.deleteRun',
  rerun: 'automl.rerun',
  refreshRuns: 'automl.refreshRuns',
  /**
   * Writes a run's resolved spec as a `.automl` file the user names (data path relative to it) and
   * opens it: from the Runs tree, the Leaderboard's Save as Spec button and the palette.
   */
  saveRunAsSpec: 'automl.saveRunAsSpec',
  /**
   * Exports a run's model as one TypeScript module (asks where, never overwrites without asking)
   * and opens it: from the palette, the Runs tree and the Leaderboard's Export button.
   */
  exportModel: 'automl.exportModel',
  /** Writes a small Node prediction service project (module, server, Dockerfile, README) for a run's model. */
  createService: 'automl.createService',
  /**
   * The code action "Insert prediction code from AutoML run…" in a TypeScript/JavaScript file:
   * exports a run's model next to the file, then inserts the import and an example call.
   */
  insertPredictionCode: 'automl.insertPredictionCode',
  /**
   * A `.automl` spec file's code lenses and editor title buttons (the language server's lenses pass
   * the spec's URI string): train as it says, profile its data, open or export its newest run.
   */
  runSpec: 'automl.runSpec',
  profileSpec: 'automl.profileSpec',
  openLastRun: 'automl.openLastRun',
  exportBestModel: 'automl.exportBestModel',
  /**
   * Opens a run's self-contained HTML report (written first when the run has none or an older
   * one): in the browser, or a webview when VS Code is remote; from the palette and the Runs tree.
   */
  openReport: 'automl.openReport',
  /**
   * AutoML: Check Drift…: a run (the Runs view's, else picked), then new data (a file, a database,
   * a web API or a prediction service's log folder) checked against the run's reference; the
   * report opens in the Monitoring panel and raises alerts. From the palette and the Runs view.
   */
  checkDrift: 'automl.checkDrift',
  /** Opens a run's newest check in the Monitoring panel (the alert's action, the Runs view). */
  openMonitoring: 'automl.openMonitoring',
  /** Stops re-checking a watched service log folder (also the Monitoring panel's button). */
  stopWatchingLogs: 'automl.stopWatchingLogs',
  /** Reveals the "AutoML" output channel. */
  showLog: 'automl.showLog',
} as const;

/** Any command ID this extension contributes. */
export type CommandId = (typeof Command)[keyof typeof Command];
