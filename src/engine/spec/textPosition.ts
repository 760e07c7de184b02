/**
 * Positions in a spec file as the Language Server Protocol counts them: 0-based lines, and
 * characters in UTF-16 code units from the start of the line (what JavaScript string indexes
 * count), so a language server can hand them on unchanged.
 */

/** A place in a text: 0-based `line`, 0-based `character` (UTF-16 code units). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A span of text: `start` inclusive, `end` exclusive. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Converts between string offsets and positions of one text (`\n`, `\r\n` and `\r` end lines). */
export class LineMap {
  /** Offset where each line starts. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** The position of a string offset (clamped to the text). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: at - this.starts[low] };
  }

  /** The string offset of a position (clamped to its line and to the text). */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    let end = next;
    // The line's end, before its line break.
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return start + Math.max(0, Math.min(position.character, end - start));
  }

  /**
   * The range between two string offsets, without the whitespace and line breaks it ends with
   * (a block collection's span runs to the next line).
   */
  range(start: number, end: number): Range {
    let last = Math.min(Math.max(start, end), this.text.length);
    while (last > start && /\s/.test(this.text[last - 1])) last--;
    return { start: this.position(start), end: this.position(last) };
  }
}
