import { CancelledError, DataError } from '../errors';
import { createBuilder, type BuildContext, type ColumnBuilder } from './columnBuilders';
import { CsvTokenizer, FIELD_ABSENT, RecordBatch } from './csvTokenizer';
import { COLUMN_TYPES, type Column, type ColumnType } from './frame';
import { planColumn } from './inferType';
import { MAX_REPORTED_ISSUES, type BadValues, type CsvReadResult, type ParseIssue, type RaggedRowPolicy } from './readReport';
import { decodeFields, inspectHead, sniffDelimiter, uniqueHeaderNames } from './sniff';
import { isValidUtf8 } from './utf8';

export interface CsvReadOptions {
  /** Field delimiter; sniffed among `, \t ; |` when absent. */
  readonly delimiter?: string;
  /** Column types the user sets, by header name (after renaming of empty/duplicate names). */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** What to do with rows whose field count differs from the header (default 'pad'). */
  readonly raggedRows?: RaggedRowPolicy;
  /** Longest field accepted, in bytes (default 64 MiB); longer means a broken file. */
  readonly maxFieldBytes?: number;
  /** Rows sampled from the head of the file to plan column types (default 10,000). */
  readonly sampleRows?: number;
  /** Expected size of the whole input in bytes, so columns are allocated once. */
  readonly expectedBytes?: number;
  /** Checked once per chunk. */
  readonly signal?: AbortSignalLike;
}

const DEFAULT_MAX_FIELD_BYTES = 64 * 1024 * 1024;
const DEFAULT_SAMPLE_ROWS = 10_000;
/** Cells sampled at most, so a 10,000-column file samples fewer rows. */
const MAX_SAMPLE_CELLS = 2_000_000;
/** Bytes gathered before planning columns (more if that does not hold two records). */
const HEAD_BYTES = 1 << 20;
const MAX_RAGGED_LINES = 10;

/**
 * A streaming CSV/TSV reader that builds a columnar `Frame` directly. Feed it chunks with `push`
 * (any size; the reader copies what it keeps, so a caller may reuse its buffer) and call `finish`.
 * It never holds the file as one string: it gathers the first ~1 MiB to sniff the delimiter and
 * plan column types from a sample, then parses every record straight into typed columns.
 */
export class CsvReader {
  private readonly options: CsvReadOptions;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private headTarget = HEAD_BYTES;
  private bytesSeen = 0;
  /** Unconsumed tail of the previous chunk (an incomplete record) sits at the start of `joined`. */
  private joined: Uint8Array = new Uint8Array(0);
  private carryLength = 0;
  private body: BodySink | undefined;
  private tokenizer: CsvTokenizer | undefined;
  private finished = false;
  private readonly issues: ParseIssue[] = [];
  private issueCount = 0;

  constructor(options: CsvReadOptions = {}) {
    if (options.delimiter !== undefined && options.delimiter.length !== 1) {
      throw new RangeError(`delimiter must be one character, got '${options.delimiter}'`);
    }
    for (const [column, type] of Object.entries(options.types ?? {})) {
      if (!COLUMN_TYPES.includes(type)) {
        throw new DataError(`unknown type '${type}' for column '${column}'; use one of ${COLUMN_TYPES.join(', ')}`);
      }
    }
    this.options = options;
  }

  /** Adds the next bytes of the input. */
  push(chunk: Uint8Array): void {
    if (this.finished) throw new Error('CsvReader: push after finish');
    if (this.options.signal?.aborted) throw new CancelledError();
    if (chunk.length === 0) return;
    this.bytesSeen += chunk.length;
    if (!this.body) {
      this.head.push(chunk.slice());
      this.headBytes += chunk.length;
      if (this.headBytes >= this.headTarget) this.start(false);
      return;
    }
    this.scanBody(chunk, false);
  }

  /** Ends the input and returns the frame with its report. Throws `DataError` for unusable input. */
  finish(): CsvReadResult {
    if (this.finished) throw new Error('CsvReader: finish called twice');
    this.finished = true;
    if (!this.body) this.start(true);
    else this.scanBody(new Uint8Array(0), true);
    const body = this.body;
    if (!body) throw new DataError('the file is empty');
    if (body.rows === 0) {
      throw new DataError(`the file has a header row (${body.names.length} columns) but no data rows`);
    }
    return body.result(this.bytesSeen, this.tokenizer?.line ?? 1, this.issues, this.issueCount);
  }

  private note = (line: number, message: string): void => {
    this.issueCount++;
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push({ line, message });
  };

  /** Sniffs, reads the header, plans the columns from a sample, then parses the head. */
  private start(final: boolean): void {
    const head = concat(this.head, this.headBytes);
    if (head.length === 0) return;
    const bom = inspectHead(head);
    if (isBlank(head, bom)) {
      if (final) return;
      this.headTarget *= 2;
      return;
    }
    const delimiter = this.options.delimiter ?? sniffDelimiter(head, bom);
    const sample = collectSample(head, bom, delimiter, final, this.options);
    if (!sample) {
      // Not even the header and one record yet (a very long field): wait for more bytes.
      this.headTarget = Math.max(this.headTarget * 2, head.length * 2);
      return;
    }
    const { names, renamed } = uniqueHeaderNames(sample.rawNames);
    for (const name of Object.keys(this.options.types ?? {})) {
      if (!names.includes(name)) {
        throw new DataError(`a type was set for column '${name}', which the file does not have (columns: ${listNames(names)})`);
      }
    }
    const context: BuildContext = { delimiter, lenientDecoder: new TextDecoder('utf-8') };
    const expectedRows =
      this.options.expectedBytes !== undefined && sample.bytesPerRecord > 0
        ? Math.ceil((this.options.expectedBytes / sample.bytesPerRecord) * 1.02) + 64
        : 1024;
    const builders = names.map((name, j) =>
      createBuilder(name, planColumn(sample.columns[j] ?? [], delimiter, this.options.types?.[name]), expectedRows, context),
    );
    this.tokenizer = new CsvTokenizer(
      delimiter.charCodeAt(0),
      this.options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
      this.note,
    );
    this.body = new BodySink(names, renamed, sample.headerBytes, builders, delimiter, this.options.raggedRows ?? 'pad', this.note);
    this.head = [];
    this.headBytes = 0;
    this.scanBody(head.subarray(bom), final);
  }

  private scanBody(chunk: Uint8Array, final: boolean): void {
    const tokenizer = this.tokenizer;
    const body = this.body;
    if (!tokenizer || !body) return;
    let buf = chunk;
    const carried = this.carryLength;
    if (carried > 0) {
      // Join the incomplete record with the new bytes in a buffer reused across chunks.
      const needed = carried + chunk.length;
      if (this.joined.length < needed) {
        const next = new Uint8Array(Math.max(needed, this.joined.length * 2));
        next.set(this.joined.subarray(0, carried));
        this.joined = next;
      }
      this.joined.set(chunk, carried);
      buf = this.joined.subarray(0, needed);
    }
    let consumed = 0;
    for (;;) {
      consumed = tokenizer.scan(buf, consumed, buf.length, final, body.batch);
      const full = body.batch.size === body.batch.capacity;
      body.flush(buf);
      if (!full) break;
    }
    this.carryLength = buf.length - consumed;
    if (this.carryLength > 0) {
      if (this.joined.length < this.carryLength) this.joined = new Uint8Array(this.carryLength * 2);
      // copyWithin handles the overlap when buf is `joined` itself.
      if (buf === chunk) this.joined.set(chunk.subarray(consumed));
      else this.joined.copyWithin(0, consumed, buf.length);
    }
  }
}

/** Records converted per batch; their offsets take ~9 bytes per field. */
const BATCH_RECORDS = 4096;

/**
 * Turns batches of records into rows: skips blank lines and the header, applies the ragged-row
 * policy, then feeds each column's builder the whole batch at once.
 */
class BodySink {
  rows = 0;
  readonly batch: RecordBatch;
  private headerSeen = false;
  private blankLines = 0;
  private raggedCount = 0;
  private readonly raggedLines: number[] = [];
  private readonly scratch = { bytes: new Uint8Array(1024) };

  constructor(
    readonly names: string[],
    private readonly renamed: { index: number; from: string; to: string }[],
    private readonly headerBytes: Uint8Array[],
    private readonly builders: ColumnBuilder[],
    private readonly delimiter: string,
    private readonly policy: RaggedRowPolicy,
    private readonly note: (line: number, message: string) => void,
  ) {
    this.batch = new RecordBatch(
      Math.max(1, builders.length),
      Math.max(1, Math.min(BATCH_RECORDS, Math.floor((1 << 20) / Math.max(1, builders.length)))),
    );
  }

  /** Converts the records gathered in `batch` (their offsets index `buf`) and empties it. */
  flush(buf: Uint8Array): void {
    const batch = this.batch;
    const width = this.builders.length;
    let kept = 0;
    for (let r = 0; r < batch.size; r++) {
      const count = batch.counts[r];
      const at = r * batch.width;
      let keep = true;
      // An empty line is blank and skipped, except in a one-column file where it is a missing value.
      if (count === 1 && batch.starts[at] === batch.ends[at] && batch.flags[at] === 0 && (width > 1 || !this.headerSeen)) {
        this.blankLines++;
        keep = false;
      } else if (!this.headerSeen) {
        this.headerSeen = true;
        keep = false;
      } else if (count !== width) {
        keep = this.ragged(batch, r, count, width);
      }
      if (keep) {
        if (kept !== r) moveRecord(batch, r, kept);
        kept++;
      }
    }
    batch.size = kept;
    for (let j = 0; j < width; j++) this.builders[j].addBatch(buf, batch, j, this.scratch);
    this.rows += kept;
    batch.size = 0;
  }

  /** Applies the ragged-row policy to record `r`; returns whether to keep it. */
  private ragged(batch: RecordBatch, r: number, count: number, width: number): boolean {
    const line = batch.lines[r];
    this.raggedCount++;
    if (this.raggedLines.length < MAX_RAGGED_LINES) this.raggedLines.push(line);
    if (this.policy === 'error') {
      throw new DataError(`line ${line} has ${count} fields but the header has ${width}`, line);
    }
    const action = this.policy === 'drop' ? 'dropped' : count < width ? 'padded with missing values' : 'extra fields dropped';
    this.note(line, `${count} fields where the header has ${width}; ${action}`);
    if (this.policy === 'drop') return false;
    for (let j = count; j < width; j++) batch.flags[r * batch.width + j] = FIELD_ABSENT;
    return true;
  }

  /** Finishes every column, choosing the text encoding for the whole file first. */
  result(bytes: number, lines: number, issues: ParseIssue[], issueCount: number): CsvReadResult {
    const utf8 = this.headerBytes.every((b) => isValidUtf8(b)) && this.builders.every((b) => b.isValidUtf8());
    const decoder = utf8 ? new TextDecoder('utf-8') : new TextDecoder('windows-1252');
    const names = utf8 ? this.names : uniqueHeaderNames(this.headerBytes.map((b) => decoder.decode(b).trim())).names;
    const columns: Column[] = [];
    const badValues: BadValues[] = [];
    this.builders.forEach((builder, j) => {
      const built = builder.finish(decoder);
      columns.push(names[j] === built.column.name ? built.column : { ...built.column, name: names[j] });
      if (built.badValues) badValues.push({ ...built.badValues, column: names[j] });
    });
    return {
      frame: { rowCount: this.rows, columns },
      report: {
        delimiter: this.delimiter,
        encoding: utf8 ? 'utf-8' : 'windows-1252',
        bytes,
        lines: Math.max(1, lines - 1),
        parseIssues: issues,
        parseIssueCount: issueCount,
        raggedRows: { count: this.raggedCount, policy: this.policy, firstLines: this.raggedLines },
        renamedHeaders: this.renamed,
        badValues,
        blankLines: this.blankLines,
      },
    };
  }
}

interface Sample {
  rawNames: string[];
  headerBytes: Uint8Array[];
  /** Trimmed texts per column, from the first sampled records. */
  columns: string[][];
  bytesPerRecord: number;
}

/**
 * Reads the header and up to `sampleRows` records from the head. Returns `undefined` when the
 * head does not yet hold the header plus one record (unless it is the whole file).
 */
function collectSample(head: Uint8Array, start: number, delimiter: string, final: boolean, options: CsvReadOptions): Sample | undefined {
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES, () => undefined);
  const decoder = new TextDecoder('utf-8');
  let rawNames: string[] | undefined;
  let headerBytes: Uint8Array[] = [];
  let columns: string[][] = [];
  let sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  let records = 0;
  let firstRecordStart = -1;
  let lastRecordEnd = 0;
  tokenizer.scanRecords(head, start, head.length, final, {
    record(buf, starts, ends, flags, count) {
      if (count === 1 && starts[0] === ends[0] && flags[0] === 0) return true;
      const fields = decodeFields(buf, starts, ends, flags, count, decoder);
      if (!rawNames) {
        rawNames = fields;
        headerBytes = fields.map((_, i) => buf.slice(starts[i], ends[i]));
        columns = fields.map(() => []);
        sampleRows = Math.max(1, Math.min(sampleRows, Math.floor(MAX_SAMPLE_CELLS / Math.max(1, fields.length))));
        return true;
      }
      for (let j = 0; j < columns.length; j++) columns[j].push(j < count ? fields[j] : '');
      records++;
      if (firstRecordStart < 0) firstRecordStart = starts[0];
      lastRecordEnd = ends[count - 1];
      return records < sampleRows;
    },
  });
  if (!rawNames) return final ? { rawNames: [], headerBytes: [], columns: [], bytesPerRecord: 0 } : undefined;
  if (records === 0 && !final) return undefined;
  // Bytes per record (line ends included) over the sample, for sizing columns up front.
  const bytesPerRecord = records > 0 ? (lastRecordEnd - firstRecordStart + 1) / records : 0;
  return { rawNames, headerBytes, columns, bytesPerRecord };
}

/** Copies record `from`'s field slots over record `to`'s (compacting after skipped records). */
function moveRecord(batch: RecordBatch, from: number, to: number): void {
  const w = batch.width;
  batch.starts.copyWithin(to * w, from * w, from * w + w);
  batch.ends.copyWithin(to * w, from * w, from * w + w);
  batch.flags.copyWithin(to * w, from * w, from * w + w);
  batch.counts[to] = batch.counts[from];
  batch.lines[to] = batch.lines[from];
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function isBlank(buf: Uint8Array, start: number): boolean {
  for (let i = start; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => `'${n}'`).join(', ');
  return names.length > 20 ? `${shown}, … (${names.length} in all)` : shown;
}

/** Reads a whole CSV from an iterable of chunks (sync or async). */
export async function readCsv(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CsvReadOptions = {},
): Promise<CsvReadResult> {
  const reader = new CsvReader(options);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

/** Reads a CSV held in memory (tests, small inputs). */
export function readCsvBytes(bytes: Uint8Array, options: CsvReadOptions = {}): CsvReadResult {
  const reader = new CsvReader(options);
  reader.push(bytes);
  return reader.finish();
}
