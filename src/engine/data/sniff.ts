import { DataError } from '../errors';
import { CsvTokenizer, FIELD_NEEDS_UNQUOTE, unquote } from './csvTokenizer';

/** Delimiters tried when none is given, in order of preference on a tie. */
export const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;

const SNIFF_RECORDS = 50;
const SNIFF_BYTES = 256 * 1024;

/**
 * Checks the first bytes of a file and returns how many to skip (a UTF-8 byte-order mark).
 * Throws `DataError` for binary content (NUL or many control bytes) and UTF-16/32 files.
 */
export function inspectHead(head: Uint8Array): number {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new DataError('the file is UTF-16 encoded; save it as UTF-8 (or Latin-1) CSV and try again');
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const limit = Math.min(head.length, 64 * 1024);
  let control = 0;
  for (let i = bom; i < limit; i++) {
    const b = head[i];
    if (b === 0) {
      throw new DataError(`this does not look like a text file: it holds a NUL byte at offset ${i}; is it binary (a spreadsheet, an archive)?`);
    }
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > 8 && control > (limit - bom) / 100) {
    throw new DataError(`this does not look like a text file: ${control} control bytes in its first ${limit - bom} bytes`);
  }
  return bom;
}

/** Field counts of the first records of `head` when split on `delimiter`. */
function fieldCounts(head: Uint8Array, start: number, delimiter: string): number[] {
  const counts: number[] = [];
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), Number.MAX_SAFE_INTEGER, () => undefined);
  const end = Math.min(head.length, start + SNIFF_BYTES);
  tokenizer.scanRecords(head, start, end, end === head.length, {
    record(_buf, starts, ends, _flags, count) {
      if (!(count === 1 && starts[0] === ends[0])) counts.push(count);
      return counts.length < SNIFF_RECORDS;
    },
  });
  return counts;
}

/**
 * Picks the delimiter among `, \t ; |` that splits the first records into the same number of
 * fields (more than one) most consistently; ties go to the widest split, then to list order.
 * A file with one column gets ','.
 */
export function sniffDelimiter(head: Uint8Array, start = 0): string {
  let best: string = CANDIDATE_DELIMITERS[0];
  let bestScore = -1;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const counts = fieldCounts(head, start, delimiter);
    if (counts.length === 0 || counts[0] < 2) continue;
    const header = counts[0];
    const agreeing = counts.filter((c) => c === header).length / counts.length;
    // Consistency first, then width: a comma inside text must not beat a clean tab split.
    const score = agreeing * 1000 + Math.min(header, 999);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Header names and delimiter of a file, from its first bytes (for pickers; cheap). */
export function sniffHeader(head: Uint8Array): { delimiter: string; columns: string[] } {
  const start = inspectHead(head);
  if (head.length - start === 0 || isBlank(head, start)) throw new DataError('the file is empty');
  const delimiter = sniffDelimiter(head, start);
  let columns: string[] | undefined;
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), Number.MAX_SAFE_INTEGER, () => undefined);
  tokenizer.scanRecords(head, start, head.length, true, {
    record(buf, starts, ends, flags, count) {
      if (count === 1 && starts[0] === ends[0]) return true;
      columns = decodeFields(buf, starts, ends, flags, count, new TextDecoder());
      return false;
    },
  });
  return { delimiter, columns: uniqueHeaderNames(columns ?? []).names };
}

function isBlank(buf: Uint8Array, start: number): boolean {
  for (let i = start; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}

/** Decodes a record's fields to trimmed strings. */
export function decodeFields(
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  flags: Uint8Array,
  count: number,
  decoder: TextDecoder,
): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    let bytes = buf.subarray(starts[i], ends[i]);
    if (flags[i] === FIELD_NEEDS_UNQUOTE) {
      const scratch = new Uint8Array(bytes.length);
      bytes = scratch.subarray(0, unquote(buf, starts[i], ends[i], scratch));
    }
    out[i] = decoder.decode(bytes).trim();
  }
  return out;
}

/**
 * Makes header names usable: empty ones become `column_<n>` (1-based position), repeats get
 * `_2`, `_3`, … Returns the renames so they can be reported.
 */
export function uniqueHeaderNames(raw: readonly string[]): {
  names: string[];
  renamed: { index: number; from: string; to: string }[];
} {
  const taken = new Set<string>();
  const names: string[] = [];
  const renamed: { index: number; from: string; to: string }[] = [];
  raw.forEach((name) => {
    if (name !== '') taken.add(name);
  });
  const seen = new Set<string>();
  raw.forEach((from, index) => {
    let to = from === '' ? `column_${index + 1}` : from;
    if (seen.has(to) || (from === '' && taken.has(to))) {
      const base = to;
      let k = 2;
      while (seen.has(`${base}_${k}`) || taken.has(`${base}_${k}`)) k++;
      to = `${base}_${k}`;
    }
    seen.add(to);
    names.push(to);
    if (to !== from) renamed.push({ index, from, to });
  });
  return { names, renamed };
}
