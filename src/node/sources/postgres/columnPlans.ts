/**
 * What the pushdown profile decides about each column before computing its statistics: its type
 * by the reader's rules (columnFinish.ts), and the SQL that gives its values in the database.
 * A column of numbers or dates is typed from aggregates (`finishNumbers`' rules: 0/1 alone is
 * boolean, a counter or an id-named distinct integer an identifier); a text column with few
 * enough distinct values is classified here, on its distinct values and their row counts, by the
 * reader's own `finishDictionary`; one with more is classified by aggregates over SQL that reads
 * plain numbers and ISO dates (textSql.ts).
 */
import type { BuiltColumn } from '../../../engine/data/columnFinish';
import type { DateFormat, NumberFormat } from '../../../engine/data/frame';
import type { BadValues } from '../../../engine/data/readReport';

/** First-pass aggregates of a column of numbers (or epoch milliseconds). */
export interface NumberAggregates {
  readonly count: number;
  readonly unique: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Rows equal to 0, and to 1 (numbers only). */
  readonly zeros: number;
  readonly ones: number;
  /** Every value is a whole number. */
  readonly whole: boolean;
  /** Some datetime carries a time of day. */
  readonly hasTime: boolean;
  /** p01, p05, p25, p50, p75, p95, p99. */
  readonly quantiles: readonly number[];
  /** Σ(x - mean)² and Σ(x - mean)³, when the first pass could give them (see `centralMoments`). */
  readonly moments?: { readonly m2: number; readonly m3: number };
}

/** The spread of a numeric or datetime column (moments from the first pass or a pass of their own, the rest from the second). */
export interface SpreadAggregates {
  /** Σ(x - mean)² and Σ(x - mean)³. */
  readonly m2: number;
  readonly m3: number;
  readonly outliers: number;
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

/** A column decided, and how its values are computed. */
export type ColumnPlan =
  /** No value in any row: the reader's empty categorical column. */
  | { readonly kind: 'empty' }
  /** Numbers or datetimes computed by `sql` (float8, NULL when missing). */
  | {
      readonly kind: 'values';
      readonly storage: 'numeric' | 'datetime';
      readonly type: 'integer' | 'float' | 'id' | 'datetime';
      readonly sql: string;
      readonly format: NumberFormat | DateFormat;
      readonly first: NumberAggregates;
      readonly badValues?: BadValues;
      spread?: SpreadAggregates;
    }
  /** Numbers that are only 0 and 1: a boolean column labelled '0' and '1'. */
  | { readonly kind: 'binary'; readonly sql: string; readonly zeros: number; readonly ones: number }
  /**
   * Text classified here from its distinct entries (first-appearance order, with row counts and
   * the row each first appears in): `built` has one row per entry.
   */
  | {
      readonly kind: 'entries';
      /** The entry of each row (`entrySql`), and the entry unless it is a missing token (`presentSql`). */
      readonly sql: string;
      readonly present: string;
      readonly texts: readonly string[];
      readonly counts: Float64Array;
      readonly firstRows: Int32Array;
      readonly built: BuiltColumn;
    }
  /** Text with many distinct values, kept as text (categorical, free text or identifier). */
  | {
      readonly kind: 'strings';
      readonly type: 'categorical' | 'text' | 'id';
      /** The present entry of each row (`presentSql`). */
      readonly sql: string;
      readonly count: number;
      readonly unique: number;
      readonly meanLength: number;
    };
