/**
 * One interface for every source of data: a file of any format, a database, a web API. A
 * source reads into the same `Frame` and report as a CSV file does, so profiles, runs,
 * explanations and exports never know where data came from. Each kind is one module in this
 * folder (csvSource.ts, …), registered in openSource.ts: a new kind of source is one new file.
 */
import type { ColumnType } from '../../engine/data/frame';
import type { InputField } from '../../engine/data/inputField';
import type { CsvReadResult, RaggedRowPolicy } from '../../engine/data/readReport';
import type { SourceChoices, SourcePeek } from '../../engine/data/sourcePreview';
import type { SourceKind, SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import type { DatasetProfile, ProfileSource } from '../../engine/profile/types';

/** How to read a source. */
export interface SourceReadOptions {
  /** Column types the user sets, by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** A model's input fields: those columns are read as in training (data for an existing model). */
  readonly schema?: readonly InputField[];
  /** Rows of delimited text whose field count differs from the header's (CSV only). */
  readonly raggedRows?: RaggedRowPolicy;
  /**
   * Read a seeded sample when the data holds more than `maxRows` rows (sources that offer
   * `profile` draw it where the data lives; others read every row); `source.sample` then says
   * how many of how many rows were read.
   */
  readonly sample?: SourceSampleOptions;
  readonly signal?: AbortSignal;
  /** Share of the read done, 0..1, with bytes when the source counts them. */
  readonly onProgress?: (fraction: number, bytes?: { readonly read: number; readonly total: number }) => void;
}

/** A seeded sample of rows instead of all of them (see `SourceReadOptions.sample`). */
export interface SourceSampleOptions {
  /** All rows when there are at most this many, else a sample of about this many. */
  readonly maxRows: number;
  /** Each value of this column (a classification target) keeps its share; rows missing it are left out. */
  readonly stratifyBy?: string;
  /** The same seed draws the same rows from the same data. */
  readonly seed: number;
}

/** How a source profiles its data where it lives (see `DataSource.profile`). */
export interface SourceProfileOptions {
  /** Target column name (task, class balance and leakage checks), as `profileFrame` takes it. */
  readonly target?: string;
  /** Seed of the association sample. Default 42. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Share of the work done, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

/** A source read: the frame and what the reader saw, plus the source as a profile describes it. */
export interface SourceRead extends CsvReadResult {
  readonly source: ProfileSource;
  /**
   * The records as NDJSON text, for sources that fetch them from elsewhere (web APIs): a run saves
   * them as `source.ndjson` in its folder, and repeats, explanations and exports read them there.
   */
  readonly fetchedRecords?: string;
}

/** How to peek at a source. */
export interface SourcePeekOptions {
  /** About how many rows (a source may return more when they come cheaply). */
  readonly rows?: number;
  /** A model's input fields, read as in training (a code example's row). */
  readonly schema?: readonly InputField[];
  readonly signal?: AbortSignal;
}

export interface DataSource {
  /** The source as recorded (no secrets). */
  readonly spec: SourceSpec;
  /** Reads the whole source. */
  read(options?: SourceReadOptions): Promise<SourceRead>;
  /** The columns and first rows (about `rows` of them); `schema` as in `read`. */
  peek(options?: SourcePeekOptions): Promise<SourcePeek>;
  /** The sheets or tables to choose among, for sources whose spec names none yet. */
  choices?(signal?: AbortSignal): Promise<SourceChoices | undefined>;
  /**
   * The profile `profileFrame` would give of the whole data (columns typed by the same rules),
   * computed where the data lives without reading its rows here: sources that can (a database)
   * offer it, so data bigger than this machine's memory can be profiled, and then trained on a
   * sample (`SourceReadOptions.sample`). Its `source.computedIn` is 'database'.
   */
  profile?(options?: SourceProfileOptions): Promise<DatasetProfile>;
}

/** A kind of source: opens a spec of its kind (paths absolute) with the secrets it may need. */
export interface SourceModule<K extends SourceKind = SourceKind> {
  readonly kind: K;
  open(spec: Extract<SourceSpec, { readonly kind: K }>, secrets: SourceSecrets): DataSource;
}
