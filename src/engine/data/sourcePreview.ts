/**
 * What a source shows before it is read in full: its columns and first rows (for the target
 * picker and the target and task guesses), and the sheets or tables to choose among. Plain data:
 * it crosses from the engine worker to the extension host.
 */
import type { Frame } from './frame';

/** The start of a source, cheaply. */
export interface SourcePeek {
  /** Every column of the source, in order. */
  readonly columns: readonly string[];
  /** The first rows, read with the same type inference as the whole source. */
  readonly frame: Frame;
  /** Whether the source has rows beyond `frame`. */
  readonly partial: boolean;
}

/** What a user must choose before a source can be read: a workbook's sheets, a database's tables. */
export interface SourceChoices {
  readonly kind: 'sheet' | 'table';
  readonly names: readonly string[];
}
