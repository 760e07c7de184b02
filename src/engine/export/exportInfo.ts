import type { MonitorReference } from '../monitor/types';
import type { ColumnProfile } from '../profile/types';
import type { ExampleValue } from './exampleInput';

/** What the exported module says about where it came from (its doc comment and `modelInfo`). */
export interface ExportInfo {
  /** Short name of the data, e.g. 'titanic': the module describes itself with it. */
  readonly dataset: string;
  /** The training file as the run recorded it. */
  readonly dataFile?: string;
  /**
   * The training file's columns as profiled (type, storage, missing count, number/date format):
   * they decide each input field's type, whether it may be missing, and how raw text is parsed.
   */
  readonly columns: readonly ColumnProfile[];
  /** Rows in the training file. */
  readonly rows: number;
  /** Which model of the run this is, e.g. 'final model (gbdt)' or 'trial 12 (mlp, refitted on all rows)'. */
  readonly model: string;
  /** The run's validation score of this model, with the metric and how it was validated. */
  readonly score?: { readonly metric: string; readonly value: number; readonly validation: string };
  /** When the run started (ISO 8601). */
  readonly trainedAt: string;
  readonly seed: number;
  /** The run folder's name, so a reader can find the run again. */
  readonly run?: string;
  /** An input row for the usage example of the doc comment (field name → value). */
  readonly example?: Readonly<Record<string, ExampleValue>>;
  /**
   * The run's monitoring reference, when it describes this model (the final model of a run that
   * wrote one): the module exports it, without its row sample, as `REFERENCE`.
   */
  readonly reference?: MonitorReference;
}
