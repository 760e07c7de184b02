import { CancelledError, DataError } from '../errors';
import { createBuilder, type BuildContext, type ColumnBuilder } from './columnBuilders';
import { CsvTokenizer, FIELD_ABSENT, RecordBatch } from './csvTokenizer';
import { COLUMN_TYPES, type Column, type ColumnType } from './frame';
import { planColumn, planKnownColumn, type ColumnPlan } from './inferType';
import type { InputField } from './inputField';
import { MAX_REPORTED_ISSUES, type BadValues, type CsvReadResult, type ParseIssue, type RaggedRowPolicy } from './readReport';
import { decodeFields, inspectHead, sniffDelimiter, uniqueHeaderNames } from './sniff';
import { isValidUtf8 } from './utf8';

export interface CsvReadOptions {
  /** Field delimiter; sniffed among `, \t ; |` when absent. */
  readonly delimiter?: string;
  /** Column types the user sets, by header name (after renaming of empty/duplicate names). */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /**
   * The input fields of a trained model (see `InputField`): these columns are read as the model
   * saw them in training, by its parse rules, whatever their values look like here (a column of
   * only 0 and 1 stays numeric, an all-empty one keeps its type, dates keep their field order).
   * A value that does not fit is missing and reported in `badValues` with its line; a missing
   * value in a field that is not optional is a `DataError` naming the column and the line. Every
   * field must be in the header (else a `DataError` naming the missing ones). Takes precedence
   * over `types` for these columns; the other columns are read as usual.
   */
  readonly schema?: readonly InputField[];
  /** What to do with rows whose field count differs from the header (default 'pad'). */
  readonly raggedRows?: RaggedRowPolicy;
  /** Longest field accepted, in bytes (default 64 MiB); longer means a broken file. */
  readonly maxFieldBytes?: number;
  /** Rows sampled from the head of the file to plan column types (default 2,000; the whole column confirms the plan). */
  readonly sampleRows?: number;
  /** Expected size of the whole input in bytes, so columns are allocated once. */
  readonly expectedBytes?: number;
  /** Checked once per chunk. */
  readonly signal?: AbortSignalLike;
  /**
   * 0-based header positions of the columns to build (default: all). The others get no builder
   * and no conversion, but the tokenizer still sees every field, so ragged rows, line numbers and
   * parse issues are the same as for a full read. `frame.columns` holds the built columns only,
   * in header order, and `badValues` covers them only. Lets two threads split a file's columns.
   */
  readonly columns?: readonly number[];
  /**
   * Decodes text as this encoding instead of detecting it (UTF-8 unless some kept text is not
   * valid UTF-8). Needed when readers of disjoint column sets must agree on one encoding.
   */
  readonly encoding?: 'utf-8' | 'windows-1252';
  /**
   * What `planCsvHead` decided from this same input's head with the same options. The reader then
   * skips sniffing and sampling (~0.1 s for a 1 MiB head) and parses from the first chunk, so the
   * threads of a split read plan once between them. A plan from other input gives wrong results.
   */
  readonly plan?: CsvHeadPlan;
}

/**
 * Everything a reader decides from the head of its input before parsing the rest, plus what a
 * split of the columns between readers needs. Plain data (it can be posted to a worker).
 */
export interface CsvHeadPlan {
  readonly delimiter: string;
  /** Header names, after renaming of empty or duplicate names. */
  readonly names: readonly string[];
  /** Relative cost of building each column (same order as `names`); only ratios matter. */
  readonly costs: readonly number[];
  /**
   * 'windows-1252' when the head alone proves a full read will decode text as windows-1252 (a
   * dictionary-encoded column holds bytes that are not UTF-8), else `undefined` (not known yet).
   * Readers of disjoint column sets can then be given `encoding` up front and agree.
   */
  readonly encoding?: 'windows-1252';
  /** The rest of the decisions, for a reader given this plan. */
  readonly layout: PlannedLayout;
}

/** A reader's decisions about its input's head besides those in `CsvHeadPlan` proper. */
export interface PlannedLayout {
  /** Bytes of a byte-order mark to skip. */
  readonly bom: number;
  readonly renamed: readonly RenamedHeader[];
  /** The header fields' raw bytes, decoded again should the file turn out to be windows-1252. */
  readonly headerBytes: readonly Uint8Array[];
  /** Mean bytes per record in the sample, to size columns up front. */
  readonly bytesPerRecord: number;
  /** How each column is read. */
  readonly columns: readonly ColumnPlan[];
}

type RenamedHeader = { readonly index: number; readonly from: string; readonly to: string };

const DEFAULT_MAX_FIELD_BYTES = 64 * 1024 * 1024;
const DEFAULT_SAMPLE_ROWS = 2_000;
/** Cells sampled at most, so a 10,000-column file samples fewer rows. */
const MAX_SAMPLE_CELLS = 2_000_000;
/**
 * Bytes gathered before planning columns (more if that does not hold two records). A reader
 * plans from the chunks pushed until they reach this size, so `planCsvHead` given the same
 * chunks makes the same plan.
 */
export const CSV_HEAD_BYTES = 1 << 20;
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
  private headTarget = CSV_HEAD_BYTES;
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
    if (options.columns?.some((j) => !Number.isInteger(j) || j < 0)) {
      throw new RangeError(`columns must be 0-based column positions, got [${options.columns.join(', ')}]`);
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
      // With a plan there is nothing to gather: parsing starts once past the byte-order mark.
      const plan = this.options.plan;
      if (this.headBytes >= this.headTarget || (plan && this.headBytes > plan.layout.bom)) this.start(false);
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

  /** Sniffs, reads the header, plans the columns from a sample (unless given), then parses the head. */
  private start(final: boolean): void {
    const head = concat(this.head, this.headBytes);
    if (head.length === 0) return;
    const plan = this.options.plan ?? this.planHead(head, final);
    if (!plan) return;
    const { delimiter, names } = plan;
    const { bom, renamed, headerBytes, bytesPerRecord } = plan.layout;
    const context: BuildContext = { delimiter, lenientDecoder: new TextDecoder('utf-8') };
    const expectedRows =
      this.options.expectedBytes !== undefined && bytesPerRecord > 0
        ? Math.ceil((this.options.expectedBytes / bytesPerRecord) * 1.02) + 64
        : 1024;
    const built = selectedColumns(this.options.columns, names.length);
    const builders = built.map((j) => createBuilder(names[j], plan.layout.columns[j], expectedRows, context));
    this.tokenizer = new CsvTokenizer(
      delimiter.charCodeAt(0),
      this.options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
      this.note,
    );
    this.body = new BodySink(
      names,
      renamed,
      headerBytes,
      builders,
      built,
      delimiter,
      this.options.raggedRows ?? 'pad',
      this.note,
      this.options.encoding,
    );
    this.head = [];
    this.headBytes = 0;
    this.scanBody(head.subarray(bom), final);
  }

  /**
   * Plans from the head gathered so far (the built columns only), or returns `undefined` and
   * raises the target when the head does not hold enough yet.
   */
  private planHead(head: Uint8Array, final: boolean): CsvHeadPlan | undefined {
    const layout = layOutHead(head, final, this.options);
    if (layout === 'blank') {
      if (!final) this.headTarget *= 2;
      return undefined;
    }
    if (layout === 'incomplete') {
      // Not even the header and one record yet (a very long field): wait for more bytes.
      this.headTarget = Math.max(this.headTarget * 2, head.length * 2);
      return undefined;
    }
    const built = new Set(selectedColumns(this.options.columns, layout.names.length));
    // Skipped columns need no plan; a placeholder keeps positions (no builder ever reads it).
    const fields = fieldsByName(this.options);
    const columns = layout.names.map((name, j): ColumnPlan =>
      built.has(j) ? planFor(name, layout.sample.columns[j] ?? [], layout.delimiter, this.options, fields) : SKIPPED,
    );
    // Costs only matter for splitting columns between readers (see `planCsvHead`).
    return { ...toPlan(layout, columns), costs: [] };
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
    readonly names: readonly string[],
    private readonly renamed: readonly RenamedHeader[],
    private readonly headerBytes: readonly Uint8Array[],
    /** Builders of the built columns only; `built[k]` is the header position of `builders[k]`. */
    private readonly builders: ColumnBuilder[],
    private readonly built: readonly number[],
    private readonly delimiter: string,
    private readonly policy: RaggedRowPolicy,
    private readonly note: (line: number, message: string) => void,
    private readonly encoding: 'utf-8' | 'windows-1252' | undefined,
  ) {
    this.batch = new RecordBatch(
      Math.max(1, names.length),
      Math.max(1, Math.min(BATCH_RECORDS, Math.floor((1 << 20) / Math.max(1, names.length)))),
    );
  }

  /** Converts the records gathered in `batch` (their offsets index `buf`) and empties it. */
  flush(buf: Uint8Array): void {
    const batch = this.batch;
    const width = this.names.length;
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
    for (let k = 0; k < this.builders.length; k++) this.builders[k].addBatch(buf, batch, this.built[k], this.scratch);
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
    const utf8 =
      this.encoding !== undefined
        ? this.encoding === 'utf-8'
        : this.headerBytes.every((b) => isValidUtf8(b)) && this.builders.every((b) => b.isValidUtf8());
    const decoder = utf8 ? new TextDecoder('utf-8') : new TextDecoder('windows-1252');
    const names = utf8 ? this.names : uniqueHeaderNames(this.headerBytes.map((b) => decoder.decode(b).trim())).names;
    const columns: Column[] = [];
    const badValues: BadValues[] = [];
    this.builders.forEach((builder, k) => {
      const name = names[this.built[k]];
      const built = builder.finish(decoder);
      columns.push(name === built.column.name ? built.column : { ...built.column, name });
      if (built.badValues) badValues.push({ ...built.badValues, column: name });
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

/** The sniffed delimiter, header and sample of a head, as both `CsvReader` and `planCsvHead` need them. */
interface HeadLayout {
  /** Bytes of a byte-order mark to skip. */
  readonly bom: number;
  readonly delimiter: string;
  readonly sample: Sample;
  readonly names: string[];
  readonly renamed: RenamedHeader[];
}

/** Stands for the plan of a column a reader does not build. */
const SKIPPED: ColumnPlan = { mode: 'dictionary' };

/** The plan of `layout` with the given column plans, costs left to the caller. */
function toPlan(layout: HeadLayout, columns: readonly ColumnPlan[]): Omit<CsvHeadPlan, 'costs'> {
  const { bom, delimiter, sample, names, renamed } = layout;
  return {
    delimiter,
    names,
    layout: { bom, renamed, headerBytes: sample.headerBytes, bytesPerRecord: sample.bytesPerRecord, columns },
  };
}

/**
 * Sniffs the delimiter and reads the header and sample from `head`: 'blank' when it holds only
 * whitespace, 'incomplete' when it does not yet hold the header plus one record (unless `final`).
 * Throws `DataError` for binary input and for a type set on a column the file does not have.
 */
function layOutHead(head: Uint8Array, final: boolean, options: CsvReadOptions, checkUtf8 = false): HeadLayout | 'blank' | 'incomplete' {
  const bom = inspectHead(head);
  if (isBlank(head, bom)) return 'blank';
  const delimiter = options.delimiter ?? sniffDelimiter(head, bom);
  const sample = collectSample(head, bom, delimiter, final, options, checkUtf8);
  if (!sample) return 'incomplete';
  const { names, renamed } = uniqueHeaderNames(sample.rawNames);
  for (const name of Object.keys(options.types ?? {})) {
    if (!names.includes(name)) {
      throw new DataError(`a type was set for column '${name}', which the file does not have (columns: ${listNames(names)})`);
    }
  }
  const present = new Set(names);
  const lacking = (options.schema ?? []).filter((field) => !present.has(field.name));
  if (lacking.length > 0) {
    throw new DataError(`the data lacks the column(s) the model needs: ${lacking.map((f) => `'${f.name}'`).join(', ')} (columns: ${listNames(names)})`);
  }
  return { bom, delimiter, sample, names, renamed };
}

/** The schema's fields by column name. */
function fieldsByName(options: CsvReadOptions): ReadonlyMap<string, InputField> {
  return new Map((options.schema ?? []).map((field) => [field.name, field]));
}

/** How column `name` is read: as a model's input field when the schema has it, else inferred from its sample (and any user type). */
function planFor(
  name: string,
  samples: readonly string[],
  delimiter: string,
  options: CsvReadOptions,
  fields: ReadonlyMap<string, InputField>,
): ColumnPlan {
  const field = fields.get(name);
  return field ? planKnownColumn(field) : planColumn(samples, delimiter, options.types?.[name]);
}

/** The header positions to build, sorted and unique (all when `columns` is absent). */
function selectedColumns(columns: readonly number[] | undefined, width: number): number[] {
  if (columns === undefined) return Array.from({ length: width }, (_, j) => j);
  const outside = columns.find((j) => j >= width);
  if (outside !== undefined) throw new RangeError(`column position ${outside} is past the header's ${width} columns`);
  return [...new Set(columns)].sort((a, b) => a - b);
}

/**
 * Plans a file from its head exactly as `CsvReader` would from the same first chunks (at least
 * `CSV_HEAD_BYTES` of them, or the whole input with `final`), without reading further: the
 * delimiter, header names, each column's plan, and a relative cost of building each column, so
 * that two readers given disjoint `columns` (and this plan as `plan`) get about equal work.
 * Returns `undefined` when the head does not hold the header and one record, or is blank.
 * Throws what `CsvReader` would throw for the same head.
 */
export function planCsvHead(head: Uint8Array, options: CsvReadOptions = {}, final = false): CsvHeadPlan | undefined {
  const layout = layOutHead(head, final, options, true);
  if (typeof layout === 'string') return undefined;
  const { delimiter, sample, names } = layout;
  const fields = fieldsByName(options);
  const plans = names.map((name, j) => planFor(name, sample.columns[j] ?? [], delimiter, options, fields));
  // Rows of the whole input, when its size is known: a column's distinct values grow with them.
  const sampled = sample.columns[0]?.length ?? 0;
  const rows =
    options.expectedBytes !== undefined && sample.bytesPerRecord > 0 ? Math.max(sampled, options.expectedBytes / sample.bytesPerRecord) : sampled;
  const costs = plans.map((plan, j) => columnCost(sample.columns[j] ?? [], plan, rows));
  // A dictionary builder keeps every byte of its column, so one non-UTF-8 field in its sample
  // settles the file's encoding (parsed columns only keep text if they fall back, unknowable yet).
  const latin1 = plans.some((plan, j) => plan.mode === 'dictionary' && sample.invalidUtf8?.[j] === true);
  const plan: CsvHeadPlan = { ...toPlan(layout, plans), costs };
  return latin1 ? { ...plan, encoding: 'windows-1252' } : plan;
}

/**
 * Relative cost of building a column over `rows` rows, from its sample. Per field: a fixed cost
 * (the builder call, trimming, storing) plus one per character; measured per column on the
 * 1M x 20 mixed benchmark file as ~30 ms + ~2 ms per character per million rows, whether the
 * column is parsed as numbers or dates or dictionary-encoded. A dictionary column also pays per
 * distinct value (copied, hashed into a growing table, decoded and classified at the end): ~0.7 µs
 * for a short id, ~1.2 µs for a sentence, so id and free-text columns dominate a read. Their
 * count in the whole column is estimated from the sample (Chao1: values seen once or twice).
 */
function columnCost(samples: readonly string[], plan: ColumnPlan, rows: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  let chars = 0;
  for (const s of samples) chars += s.length;
  const meanChars = chars / n;
  const perRow = COST_PER_FIELD + meanChars;
  if (plan.mode !== 'dictionary') return rows * perRow;
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  let once = 0;
  let twice = 0;
  for (const c of counts.values()) {
    if (c === 1) once++;
    else if (c === 2) twice++;
  }
  const distinct = Math.min(rows, counts.size + (once * (once - 1)) / (2 * (twice + 1)));
  return rows * perRow + distinct * (COST_PER_ENTRY + COST_PER_ENTRY_CHAR * meanChars);
}

/** Cost units (~2 ns each per value on the benchmark machine) of a field and of a distinct dictionary value. */
const COST_PER_FIELD = 15;
const COST_PER_ENTRY = 300;
const COST_PER_ENTRY_CHAR = 6;

interface Sample {
  rawNames: string[];
  headerBytes: Uint8Array[];
  /** Trimmed texts per column, from the first sampled records. */
  columns: string[][];
  bytesPerRecord: number;
  /** Per column, whether a sampled field is not valid UTF-8 (only with `checkUtf8`). */
  invalidUtf8?: boolean[];
}

/**
 * Reads the header and up to `sampleRows` records from the head. Returns `undefined` when the
 * head does not yet hold the header plus one record (unless it is the whole file).
 */
function collectSample(
  head: Uint8Array,
  start: number,
  delimiter: string,
  final: boolean,
  options: CsvReadOptions,
  checkUtf8 = false,
): Sample | undefined {
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES, () => undefined);
  const decoder = new TextDecoder('utf-8');
  let rawNames: string[] | undefined;
  let headerBytes: Uint8Array[] = [];
  let columns: string[][] = [];
  let invalidUtf8: boolean[] = [];
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
        invalidUtf8 = fields.map(() => false);
        sampleRows = Math.max(1, Math.min(sampleRows, Math.floor(MAX_SAMPLE_CELLS / Math.max(1, fields.length))));
        return true;
      }
      for (let j = 0; j < columns.length; j++) columns[j].push(j < count ? fields[j] : '');
      // Records the 'drop' policy will drop never reach a builder, so their bytes do not count.
      // Most records are valid as a whole; only the others are checked field by field.
      if (checkUtf8 && (count === columns.length || options.raggedRows !== 'drop') && !isValidUtf8(buf.subarray(starts[0], ends[count - 1]))) {
        // The raw range of a quoted field adds only ASCII quotes, so validity is the same.
        for (let j = 0; j < Math.min(count, columns.length); j++) {
          if (!invalidUtf8[j] && !isValidUtf8(buf.subarray(starts[j], ends[j]))) invalidUtf8[j] = true;
        }
      }
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
  return checkUtf8 ? { rawNames, headerBytes, columns, bytesPerRecord, invalidUtf8 } : { rawNames, headerBytes, columns, bytesPerRecord };
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
