import { DataError } from '../errors';

export const QUOTE = 34;
export const LF = 10;
export const CR = 13;

/** Field flag: the field was quoted and holds `""` escapes (or text after the closing quote). */
export const FIELD_NEEDS_UNQUOTE = 1;

/** Field flag: the field was absent from a short record (a ragged row padded with missing). */
export const FIELD_ABSENT = 2;

/**
 * Field offsets of a run of complete records, row-major with `width` slots per record. Filling
 * a batch and then converting it column by column keeps each column's conversion loop
 * monomorphic and tight, which is most of the reader's speed. Fields past `width` are counted
 * in `counts` but not stored, unless `growable` (then `width` widens to fit).
 */
export class RecordBatch {
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** Fields each record really had. */
  readonly counts: Int32Array;
  /** First physical line of each record. */
  readonly lines: Int32Array;
  /** Records held. */
  size = 0;

  constructor(
    public width: number,
    readonly capacity: number,
    readonly growable = false,
  ) {
    this.starts = new Int32Array(width * capacity);
    this.ends = new Int32Array(width * capacity);
    this.flags = new Uint8Array(width * capacity);
    this.counts = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
  }

  /** Doubles `width` (growable batches of one record only, as used for headers and samples). */
  widen(): void {
    const width = this.width * 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.starts = grow(this.starts, new Int32Array(width * this.capacity));
    this.ends = grow(this.ends, new Int32Array(width * this.capacity));
    this.flags = grow(this.flags, new Uint8Array(width * this.capacity));
    this.width = width;
  }
}

/** Receives records one at a time (sniffing and sampling; the body uses batches). */
export interface RecordSink {
  /**
   * `starts[i]`/`ends[i]` bound field `i`; with `FIELD_NEEDS_UNQUOTE` in `flags[i]` the range is
   * the raw field including its quotes (see `unquote`). `line` is the record's first physical
   * line. Return `false` to stop after this record.
   */
  record(buf: Uint8Array, starts: Int32Array, ends: Int32Array, flags: Uint8Array, count: number, line: number): boolean;
}

/** Something odd but recoverable, with its line. */
export type IssueSink = (line: number, message: string) => void;

/**
 * An RFC 4180 tokenizer over byte buffers: quoted fields, `""` escapes, newlines inside quotes,
 * CRLF, LF or lone CR line ends. It only hands out complete records, so a caller feeding chunks
 * keeps the unconsumed tail and prepends it to the next chunk. It tracks physical line numbers.
 */
export class CsvTokenizer {
  /** Physical line where the next record starts (1-based). */
  line = 1;
  /** Bytes that end an unquoted field: the delimiter, CR and LF. */
  private readonly stops = new Uint8Array(256);

  constructor(
    private readonly delimiter: number,
    private readonly maxFieldBytes: number,
    private readonly onIssue: IssueSink,
  ) {
    this.stops[delimiter] = 1;
    this.stops[LF] = 1;
    this.stops[CR] = 1;
  }

  /** Calls `sink` for each complete record of `buf[start, end)`; returns the offset reached. */
  scanRecords(buf: Uint8Array, start: number, end: number, final: boolean, sink: RecordSink): number {
    const batch = new RecordBatch(64, 1, true);
    let pos = start;
    while (pos < end) {
      batch.size = 0;
      const next = this.scan(buf, pos, end, final, batch);
      if (batch.size === 0) return next;
      pos = next;
      const count = Math.min(batch.counts[0], batch.width);
      if (!sink.record(buf, batch.starts, batch.ends, batch.flags, count, batch.lines[0])) break;
    }
    return pos;
  }

  /**
   * Tokenizes complete records of `buf[start, end)` into `batch` (from `batch.size` on) until the
   * batch is full or the bytes run out, and returns the offset of the first byte not consumed
   * (the start of an incomplete record, or of the first record that did not fit). With `final`,
   * the end of the buffer ends the last record, and an open quote there is reported and closed.
   */
  scan(buf: Uint8Array, start: number, end: number, final: boolean, batch: RecordBatch): number {
    const delimiter = this.delimiter;
    const stops = this.stops;
    const maxStop = delimiter > CR ? delimiter : CR;
    let width = batch.width;
    let starts = batch.starts;
    let ends = batch.ends;
    let flags = batch.flags;
    let pos = start;
    while (pos < end && batch.size < batch.capacity) {
      const recordStart = pos;
      const recordLine = this.line;
      const base = batch.size * width;
      let newlines = 0;
      let count = 0;
      for (;;) {
        if (count === width && batch.growable) {
          batch.widen();
          width = batch.width;
          starts = batch.starts;
          ends = batch.ends;
          flags = batch.flags;
        }
        const slot = count < width ? base + count : -1;
        let fieldStart: number;
        let fieldEnd: number;
        let flag = 0;
        if (pos < end && buf[pos] === QUOTE) {
          const quoteAt = pos;
          const fieldLine = recordLine + newlines;
          let i = pos + 1;
          let closed = false;
          while (!closed) {
            while (i < end && buf[i] !== QUOTE) {
              if (buf[i] === LF) newlines++;
              i++;
            }
            if (i - quoteAt > this.maxFieldBytes) this.tooLong(fieldLine, true);
            if (i >= end) break;
            if (i + 1 >= end && !final) return recordStart; // a `"` at the end may start a `""`
            if (buf[i + 1] === QUOTE) {
              flag = FIELD_NEEDS_UNQUOTE;
              i += 2;
            } else {
              closed = true;
            }
          }
          if (!closed) {
            if (!final) return recordStart;
            this.onIssue(fieldLine, 'quoted field is never closed; it runs to the end of the file');
            fieldStart = flag === FIELD_NEEDS_UNQUOTE ? quoteAt : quoteAt + 1;
            fieldEnd = end;
            pos = end;
          } else {
            pos = i + 1;
            if (pos < end && !stops[buf[pos]]) {
              // Text after the closing quote (`"abc"def`): keep it, as spreadsheets do, and say so.
              this.onIssue(fieldLine, 'text after a closing quote was kept as part of the field');
              while (pos < end && !stops[buf[pos]]) pos++;
              if (pos >= end && !final) return recordStart;
              flag = FIELD_NEEDS_UNQUOTE;
            }
            fieldStart = flag === FIELD_NEEDS_UNQUOTE ? quoteAt : quoteAt + 1;
            fieldEnd = flag === FIELD_NEEDS_UNQUOTE ? pos : i;
          }
        } else {
          let i = pos;
          // Most bytes sort above every stop byte, so one comparison usually settles them.
          while (i < end) {
            const c = buf[i];
            if (c > maxStop || !stops[c]) i++;
            else break;
          }
          if (i - pos > this.maxFieldBytes) this.tooLong(recordLine + newlines, false);
          fieldStart = pos;
          fieldEnd = i;
          pos = i;
        }
        if (slot >= 0) {
          starts[slot] = fieldStart;
          ends[slot] = fieldEnd;
          flags[slot] = flag;
        }
        count++;
        if (pos >= end) {
          if (!final) return recordStart;
          break;
        }
        const c = buf[pos];
        if (c === delimiter) {
          pos++;
          if (pos >= end && !final) return recordStart;
          continue;
        }
        if (c === LF) {
          pos++;
          newlines++;
          break;
        }
        // CR: a CRLF pair or a lone CR; either ends the record.
        if (pos + 1 >= end && !final) return recordStart;
        pos++;
        if (pos < end && buf[pos] === LF) pos++;
        newlines++;
        break;
      }
      this.line = recordLine + newlines;
      batch.counts[batch.size] = count;
      batch.lines[batch.size] = recordLine;
      batch.size++;
    }
    return pos;
  }

  private tooLong(line: number, quoted: boolean): never {
    const mib = (this.maxFieldBytes / (1 << 20)).toFixed(0);
    throw new DataError(
      `a field starting at line ${line} is longer than ${mib} MiB` +
        (quoted ? '; a closing quote is probably missing there' : '') +
        ' (raise the limit with maxFieldBytes if the data is right)',
      line,
    );
  }
}

/**
 * Copies a raw quoted field (`"a""b"c`) into `out` without its quoting (`a"bc`) and returns the
 * length written. `out` must hold at least `end - start` bytes.
 */
export function unquote(buf: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  let inQuotes = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      if (inQuotes && i + 1 < end && buf[i + 1] === QUOTE) {
        out[n++] = QUOTE;
        i++;
      } else {
        inQuotes = !inQuotes;
      }
    } else {
      out[n++] = c;
    }
  }
  return n;
}
