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
import type { ProfileSource } from '../../engine/profile/types';

/** How to read a source. */
export interface SourceReadOptions {
  /** Column types the user sets, by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** A model's input fields: those columns are read as in training (data for an existing model). */
  readonly schema?: readonly InputField[];
  /** Rows of delimited text whose field count differs from the header's (CSV only). */
  readonly raggedRows?: RaggedRowPolicy;
  readonly signal?: AbortSignal;
  /** Share of the read done, 0..1, with bytes when the source counts them. */
  readonly onProgress?: (fraction: number, bytes?: { readonly read: number; readonly total: number }) => void;
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
}

/** A kind of source: opens a spec of its kind (paths absolute) with the secrets it may need. */
export interface SourceModule<K extends SourceKind = SourceKind> {
  readonly kind: K;
  open(spec: Extract<SourceSpec, { readonly kind: K }>, secrets: SourceSecrets): DataSource;
}
