import type { ColumnType, DateFormat, NumberFormat } from '../data/frame';
import type { BadValues, ParseIssue, PositionUnit } from '../data/readReport';
import type { SourceKind } from '../data/sourceSpec';

/** Learning task implied by a target column. */
export type Task = 'binary' | 'multiclass' | 'regression';

export interface Quantiles {
  readonly p01: number;
  readonly p05: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly p99: number;
}

/** Equal-width histogram: `counts[i]` counts values in `[edges[i], edges[i+1])` (last bin closed). */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** Summary of one column. Numeric stats are in the column's units; datetimes in epoch ms. */
export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  readonly storage: 'numeric' | 'categorical' | 'datetime';
  /** Non-missing values. */
  readonly count: number;
  readonly missing: number;
  /** Missing share in percent, 0–100. */
  readonly missingPct: number;
  /** Distinct non-missing values. */
  readonly unique: number;
  // numeric and datetime columns
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  /** Sample standard deviation (n - 1). */
  readonly std?: number;
  readonly quantiles?: Quantiles;
  /** Adjusted Fisher–Pearson skewness (as pandas' `skew`). */
  readonly skew?: number;
  /** Values outside [p25 - 1.5 IQR, p75 + 1.5 IQR]. */
  readonly outliers?: number;
  readonly zeros?: number;
  readonly histogram?: Histogram;
  // categorical, boolean, text, id columns
  /** Most frequent values, most frequent first (ties by first appearance), at most 20. */
  readonly topValues?: readonly { readonly value: string; readonly count: number }[];
  /** Mean length in characters of non-missing values (text-like columns). */
  readonly meanLength?: number;
  readonly numberFormat?: NumberFormat;
  readonly dateFormat?: DateFormat;
}

/** Strength of association between two columns, each measure in [0, 1] except Pearson/Spearman in [-1, 1]. */
export interface Association {
  readonly a: string;
  readonly b: string;
  readonly pearson?: number;
  readonly spearman?: number;
  readonly cramersV?: number;
  /** Correlation ratio η of the numeric column on the categorical one. */
  readonly correlationRatio?: number;
  /** The measure a heatmap shows, in [0, 1]: |Spearman|, Cramér's V or η. */
  readonly value: number;
}

export type ProfileWarningKind =
  | 'constant'
  | 'id-like'
  | 'high-cardinality'
  | 'many-missing'
  | 'duplicate-rows'
  | 'imbalanced-target'
  | 'leakage-suspect'
  | 'time-ordered'
  | 'bad-values'
  | 'renamed-header'
  | 'ragged-rows'
  | 'encoding';

export interface ProfileWarning {
  readonly kind: ProfileWarningKind;
  readonly column?: string;
  readonly message: string;
}

export interface TargetProfile {
  readonly column: string;
  readonly task: Task;
  /** Classification only: class labels with counts, most frequent first. */
  readonly classes?: readonly { readonly value: string; readonly count: number }[];
}

export interface DatasetProfile {
  readonly rows: number;
  readonly columns: readonly ColumnProfile[];
  readonly warnings: readonly ProfileWarning[];
  readonly parseIssues: readonly ParseIssue[];
  readonly badValues: readonly BadValues[];
  /** What the `line` of parse issues and bad values counts; absent means lines of a text file. */
  readonly positions?: PositionUnit;
  readonly duplicateRows: number;
  readonly target?: TargetProfile;
  /** Pairwise associations among at most `associationColumns.length` relevant columns. */
  readonly associations: {
    readonly columns: readonly string[];
    /** Rows used (a seeded sample on large data). */
    readonly sampledRows: number;
    readonly pairs: readonly Association[];
  };
  readonly source?: ProfileSource;
}

/** Where profiled data came from, for people (the CLI, the Data Profile panel); never a secret. */
export interface ProfileSource {
  /** How the data was read; absent in profiles of CSV/TSV files from before other sources. */
  readonly kind?: SourceKind;
  /** The file (as named for the user), the URL, or the database URL (without a password). */
  readonly file?: string;
  /** What picks the data within it: a sheet, a table, a query, the path of a JSON document's records. */
  readonly sheet?: string;
  readonly table?: string;
  readonly query?: string;
  readonly records?: string;
  /** Pages fetched from a web API. */
  readonly pages?: number;
  /** Bytes read: the text of a CSV or JSON file (uncompressed), the file of other formats. */
  readonly bytes?: number;
  /** Size on disk when the file is gzip-compressed. */
  readonly compressedBytes?: number;
  readonly delimiter?: string;
  readonly encoding?: string;
  /** Set when the database computed the statistics, without the rows leaving it. */
  readonly computedIn?: 'database';
  /** Set when the rows are a seeded sample: how many of how many. */
  readonly sample?: { readonly rows: number; readonly of: number };
}
