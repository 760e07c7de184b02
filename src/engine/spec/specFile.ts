/**
 * A `.automl` spec file as the engine reads it, and what is wrong with one. Plain data: a
 * language server can send diagnostics on as they are (LSP's shape, 0-based lines).
 */
import type { RunSpec } from '../automl/runSpec';
import type { ColumnType } from '../data/frame';
import type { RaggedRowPolicy } from '../data/readReport';
import type { SourceSpec } from '../data/sourceSpec';
import type { ServiceMonitorSpec } from '../monitor/serviceMonitor';
import type { Range } from './textPosition';

/**
 * What a spec file says, typed. Absent keys are absent here (never `undefined` values), so a
 * spec written by `specToYaml` reads back deep-equal.
 */
export interface SpecFile {
  /**
   * `data`: the source, a relative file path as written (relative to the spec file's folder;
   * the host resolves it). Undefined when the file has no valid `data`.
   */
  readonly source?: SourceSpec;
  /** `data.ragged`: what to do with CSV rows of the wrong length. */
  readonly raggedRows?: RaggedRowPolicy;
  /**
   * The run's settings: `target`, `task`, `metric`, `budget` (as `budgetSeconds`), `seed`,
   * `validation`, `exclude`, `learners` (as `models`), `search.strategy` (as `searcher`),
   * `search.trials` (as `trials`), `ensemble`, `explain`.
   */
  readonly run: Partial<RunSpec>;
  /** `types`: column type overrides. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** `robustness`: a section later versions read, kept as written (plain JSON values). */
  readonly robustness?: Readonly<Record<string, unknown>>;
  /** `monitor`: the prediction service's log and monitor settings (copied by `automl scaffold-service`). */
  readonly monitor?: ServiceMonitorSpec;
}

/** LSP's severities, by name. */
export type SpecSeverity = 'error' | 'warning' | 'information' | 'hint';

/** What kind of problem a diagnostic reports (stable: code actions and tests key on it). */
export type SpecDiagnosticCode =
  /** The text is not valid YAML. */
  | 'syntax'
  /** A key the schema does not know (the message suggests the nearest known one). */
  | 'unknown-key'
  /** A value of the wrong kind: text where a number goes, a list where a mapping goes, … */
  | 'wrong-kind'
  /** A budget that is not a duration (`90s`, `5m`, `1h30m`, or seconds). */
  | 'bad-duration'
  /** A name that is not among the accepted ones: a learner, metric, task, strategy, type. */
  | 'unknown-value'
  /** A number out of its range (folds below 2, a holdout outside (0, 1), …) or empty text or list. */
  | 'out-of-range'
  /** The same item twice in a list. */
  | 'duplicate'
  /** A key the run needs (`data`, `target`). */
  | 'missing-key'
  /** A metric that does not score the spec's task. */
  | 'metric-task'
  /** A learner that does not do the spec's task. */
  | 'learner-task'
  /** Keys that cannot go together (holdout and folds, group and time, table and query, …). */
  | 'conflict'
  /** A data option that does not apply to the kind of source, or a locator that names no source. */
  | 'bad-data'
  /** An HTTP header whose credential is written out instead of a `${NAME}` reference, or a literal webhook URL. */
  | 'literal-secret'
  /** A password written into the data URL. */
  | 'url-password'
  /** A query parameter of the data URL whose name says it holds a secret (left out of run folders). */
  | 'url-secret';

/** One problem in a spec file, where it is. */
export interface SpecDiagnostic {
  readonly message: string;
  readonly severity: SpecSeverity;
  readonly range: Range;
  readonly code: SpecDiagnosticCode;
  /**
   * The key path the problem is about (`['validation', 'folds']`, `['learners', 2]`; a missing
   * key's own path), absent for YAML syntax errors.
   */
  readonly path?: readonly (string | number)[];
}
