import type { Frame } from './frame';

/**
 * What a report's 1-based positions count: physical lines of a text file (the header is line 1),
 * rows of a sheet (as the spreadsheet numbers them) or of a query result, or records of a JSON
 * array or an API's answers.
 */
export type PositionUnit = 'line' | 'row' | 'record';

/** A problem in the source, pinned to its 1-based position (a line unless the report says otherwise). */
export interface ParseIssue {
  readonly line: number;
  readonly message: string;
}

/** Values that did not fit their column's inferred type; they were read as missing. */
export interface BadValues {
  readonly column: string;
  readonly count: number;
  /** The first few offenders, with their lines. */
  readonly examples: readonly { readonly line: number; readonly value: string }[];
}

/** What a reader saw while reading, besides the data itself. */
export interface ReadReport {
  /** The field delimiter used (sniffed unless given); absent for sources without one. */
  readonly delimiter?: string;
  /** What the `line` of issues and bad values counts; absent means physical lines. */
  readonly positions?: PositionUnit;
  /** 'utf-8', or 'windows-1252' when the bytes were not valid UTF-8 (Latin-1 fallback). */
  readonly encoding: 'utf-8' | 'windows-1252';
  /** Bytes of CSV text read (uncompressed). */
  readonly bytes: number;
  /** Size on disk of a gzip-compressed file, when the text was inflated from one. */
  readonly compressedBytes?: number;
  /** Physical lines read, header included. */
  readonly lines: number;
  /** Issues with line numbers, the first `MAX_REPORTED_ISSUES`; `parseIssueCount` has the total. */
  readonly parseIssues: readonly ParseIssue[];
  readonly parseIssueCount: number;
  /** Rows whose field count differed from the header, and what was done with them. */
  readonly raggedRows: {
    readonly count: number;
    readonly policy: RaggedRowPolicy;
    readonly firstLines: readonly number[];
  };
  /** Header names that were empty or repeated and got a new name. */
  readonly renamedHeaders: readonly { readonly index: number; readonly from: string; readonly to: string }[];
  readonly badValues: readonly BadValues[];
  readonly blankLines: number;
}

/** Short rows are padded with missing values and long rows cut ('pad'), dropped, or fatal. */
export type RaggedRowPolicy = 'pad' | 'drop' | 'error';

export interface CsvReadResult {
  readonly frame: Frame;
  readonly report: ReadReport;
}

/** How many parse issues are kept with their text; the rest are only counted. */
export const MAX_REPORTED_ISSUES = 100;
