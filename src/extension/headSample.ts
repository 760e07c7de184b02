/**
 * The first rows of a data file, parsed once and shared by the target and the task guesses.
 * Free of `vscode` so it is unit-tested under plain Node.
 */
import type { Frame } from '../engine/data/frame';
import { readHeadFrame } from '../engine/data/headFrame';

/** The rows at the start of a file. */
export interface HeadSample {
  /** The complete rows of the head. */
  readonly frame: Frame;
  /** The head is only the start of the file, which goes on past it. */
  readonly partial: boolean;
}

/**
 * The rows of `head`, the first bytes of a file read up to `maxBytes` (so a head that long is
 * taken as the start of a longer file), or undefined when they cannot be parsed: the guesses
 * then go by the column names, or do not guess at all.
 */
export function readHeadSample(head: Uint8Array, maxBytes: number): HeadSample | undefined {
  try {
    return { frame: readHeadFrame(head), partial: head.byteLength >= maxBytes };
  } catch {
    return undefined;
  }
}
