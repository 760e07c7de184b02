/**
 * A prediction service's log folder as monitoring data: the `predictions-YYYY-MM-DD.ndjson`
 * files the generated service writes (one record per predicted row, one per failed request) become
 * a frame of the rows' inputs, read with the run's input fields exactly as a data file is (the
 * record reader's typing: numbers, labels, dates as epoch ms or text), plus each record's `ts` as
 * a datetime column. The `feedback-YYYY-MM-DD.ndjson` files give labels, joined on `request_id`
 * and `row`.
 *
 * What is strict and what is counted, and why:
 * - A line that is not a JSON object, or a record without the fields every service record has
 *   (`request_id`, `status`; `ts` and `input` on answered rows; `label` on feedback), stops the
 *   read with its file and line: a log that is not what the service writes means the wrong
 *   folder or a damaged file, and a check over part of it would mislead.
 * - Except a file's last line when it lacks its newline and is not JSON: the service appends
 *   whole lines, so that is a line cut short by a crash, or one being written now. It is counted
 *   (`unfinishedLines`), not fatal, so a check of a running service's logs works.
 * - Records of requests answered with an error, and records without an input, are counted and
 *   left out: they carry no row to compare.
 * - Feedback: the last label given for a row counts (files in date order, lines in order); a
 *   label without `row` is for row 0 (a one-row request). Feedback naming no logged row (the
 *   request was sampled out, failed, or went to another replica) is counted.
 * - Blank lines are skipped. Files may be gzip-compressed (`.ndjson.gz`, as logrotate leaves them).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from '../../engine/data/frame';
import type { InputField } from '../../engine/data/inputField';
import { flattenRecord, isRecord } from '../../engine/data/json/flattenRecord';
import { RecordFrameBuilder } from '../../engine/data/recordFrame';
import { DataError } from '../../engine/errors';
import type { ServiceLogSummary } from '../../engine/monitor/monitorReport';
import { streamDataFile } from '../sources/streamDataFile';

const PREDICTIONS = /^predictions-\d{4}-\d{2}-\d{2}\.ndjson(\.gz)?$/;
const FEEDBACK = /^feedback-\d{4}-\d{2}-\d{2}\.ndjson(\.gz)?$/;

/** What the log held besides the rows: the report's summary without the figures the check adds. */
export type ServiceLogCounts = Omit<ServiceLogSummary, 'rows' | 'labelled' | 'timeColumn'>;

export interface ServiceLogRead {
  /** One row per answered row with its input, in log order: the input fields, other sent fields, and `timeColumn`. */
  readonly frame: Frame;
  readonly timeColumn: string;
  /** Per column, values that could not be read as the field's training type. */
  readonly typeErrors: Readonly<Record<string, number>>;
  /** The labels that arrived: frame rows, and each one's label as sent to /feedback. */
  readonly labelRows: Uint32Array;
  readonly labels: readonly (string | number)[];
  readonly counts: ServiceLogCounts;
}

/** Calls `onLine` for each line of pushed bytes; `finish` hands over the last line and whether it ended in a newline. */
class LineSplitter {
  private pending: Uint8Array[] = [];
  private line = 0;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly onLine: (text: string, line: number, ended: boolean) => void) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      const bytes = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.onLine(this.decoder.decode(bytes), ++this.line, true);
      start = newline + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.slice(start));
  }

  finish(): void {
    if (this.pending.length > 0) this.onLine(this.decoder.decode(Buffer.concat(this.pending)), ++this.line, false);
    this.pending = [];
  }
}

/**
 * Streams the NDJSON file `path`, calling `onRecord` with each line's JSON value; see the file
 * comment for which lines throw. Returns whether the last line was unfinished.
 */
async function readRecords(path: string, onRecord: (value: unknown, line: number) => void): Promise<boolean> {
  let unfinished = false;
  const lines = new LineSplitter((text, line, ended) => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      if (!ended) {
        unfinished = true;
        return;
      }
      throw new DataError(`${path}:${line}: not a JSON record (${(error as Error).message})`, line);
    }
    onRecord(value, line);
  });
  await streamDataFile(path, lines);
  lines.finish();
  return unfinished;
}

/** The log files of `folder` (date order; from the UTC day `since` on), or a `DataError` saying what the folder holds instead. */
async function logFiles(folder: string, since: string | undefined): Promise<{ predictions: string[]; feedback: string[] }> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new DataError(`no folder ${folder}`);
    if (code === 'ENOTDIR') throw new DataError(`${folder} is a file, not a folder of service logs`);
    throw new DataError(`cannot read the folder ${folder}: ${(error as Error).message}`);
  }
  const expected = "the prediction service's logs (predictions-YYYY-MM-DD.ndjson, in the service's logDir: 'logs' unless service.config.json says otherwise)";
  if (names.length === 0) throw new DataError(`${folder} is empty: expected ${expected}`);
  const predictions = names.filter((n) => PREDICTIONS.test(n)).sort();
  if (predictions.length === 0) {
    const shown = names.sort().slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} entries)` : '');
    throw new DataError(`${folder} holds no prediction logs (it has ${shown}): expected ${expected}`);
  }
  const feedback = names.filter((n) => FEEDBACK.test(n)).sort();
  if (since === undefined) return { predictions, feedback };
  // Feedback before the first day read labels no row read; later feedback may label any of them.
  const from = (names: readonly string[]): string[] => names.filter((n) => dayOf(n) >= since);
  if (from(predictions).length === 0) {
    throw new DataError(`${folder} holds no prediction logs from ${since} on (the latest is ${predictions[predictions.length - 1]})`);
  }
  return { predictions: from(predictions), feedback: from(feedback) };
}

/** The `YYYY-MM-DD` of a log file's name. */
const dayOf = (name: string): string => /\d{4}-\d{2}-\d{2}/.exec(name)?.[0] ?? '';

/** A name for the log's time column that no input field has (`ts`, unless the model reads a `ts`). */
function timeColumnName(fields: readonly InputField[]): string {
  const taken = new Set(fields.map((f) => f.name));
  let name = 'ts';
  while (taken.has(name)) name = `log_${name}`;
  return name;
}

const keyOf = (requestId: string, row: number): string => `${row}\u0000${requestId}`;

/**
 * Reads the logs in `folder` for a model with input `fields`; see the file comment. `since`
 * (`YYYY-MM-DD`, UTC) leaves out the files of earlier days.
 */
export async function readServiceLog(folder: string, fields: readonly InputField[], since?: string): Promise<ServiceLogRead> {
  const files = await logFiles(folder, since);
  const timeColumn = timeColumnName(fields);
  const builder = new RecordFrameBuilder({ schema: fields, positions: 'record' });
  // Every field gets its column up front (the builder requires them at the end); a field no
  // record sent is dropped after reading, so the report calls it missing as for a file.
  for (const field of fields) builder.fieldColumn(field.name);
  const timeIndex = builder.fieldColumn(timeColumn);
  const sent = new Set<string>();
  const rowOfKey = new Map<string, number>();
  const modelVersions: Record<string, number> = {};
  let records = 0;
  let errors = 0;
  let skipped = 0;
  let unfinishedLines = 0;

  for (const name of files.predictions) {
    const path = join(folder, name);
    const malformed = (line: number, what: string): DataError => new DataError(`${path}:${line}: ${what}; not a record the prediction service writes`, line);
    const unfinished = await readRecords(path, (value, line) => {
      if (!isRecord(value)) throw malformed(line, 'the line is not a JSON object');
      const { status, request_id: requestId, input } = value;
      if (typeof requestId !== 'string' || typeof status !== 'string') throw malformed(line, 'no request_id or status');
      records++;
      if (status === 'error') {
        errors++;
        return;
      }
      if (status !== 'ok' || !isRecord(input)) {
        skipped++;
        return;
      }
      const ms = typeof value.ts === 'string' ? Date.parse(value.ts) : NaN;
      if (!Number.isFinite(ms)) throw malformed(line, 'no ts (an ISO time) on an answered row');
      const row = typeof value.row === 'number' ? value.row : 0;
      const frameRow = builder.rowCount;
      builder.beginRecord(frameRow + 1);
      builder.addField(timeIndex, new Date(ms));
      for (const [field, cell] of flattenRecord(input)) {
        sent.add(field);
        builder.addField(builder.fieldColumn(field), cell);
      }
      builder.endRecord();
      rowOfKey.set(keyOf(requestId, row), frameRow);
      const version = typeof value.model_version === 'string' ? value.model_version : '(none)';
      modelVersions[version] = (modelVersions[version] ?? 0) + 1;
    });
    if (unfinished) unfinishedLines++;
  }
  if (builder.rowCount === 0) {
    throw new DataError(`${folder}: the prediction logs hold no answered row to check (${records} records: ${errors} failed requests, ${skipped} without an input${unfinishedLines > 0 ? `, ${unfinishedLines} unfinished last line(s)` : ''})`);
  }

  const labelOf = new Map<number, string | number>();
  let feedback = 0;
  let relabelled = 0;
  let unknownFeedback = 0;
  for (const name of files.feedback) {
    const path = join(folder, name);
    const unfinished = await readRecords(path, (value, line) => {
      const bad = (what: string): DataError => new DataError(`${path}:${line}: ${what}; not a feedback record the prediction service writes`, line);
      if (!isRecord(value)) throw bad('the line is not a JSON object');
      const { request_id: requestId, label, row } = value;
      if (typeof requestId !== 'string' || !(typeof label === 'string' || typeof label === 'number')) throw bad('no request_id or label');
      feedback++;
      const frameRow = rowOfKey.get(keyOf(requestId, typeof row === 'number' ? row : 0));
      if (frameRow === undefined) {
        unknownFeedback++;
        return;
      }
      if (labelOf.has(frameRow)) relabelled++;
      labelOf.set(frameRow, label);
    });
    if (unfinished) unfinishedLines++;
  }

  const read = builder.finish({ bytes: 0, lines: builder.rowCount });
  const unsent = new Set(fields.map((f) => f.name).filter((name) => !sent.has(name)));
  const frame: Frame = { rowCount: read.frame.rowCount, columns: read.frame.columns.filter((c) => !unsent.has(c.name)) };
  const labelRows = Uint32Array.from([...labelOf.keys()].sort((a, b) => a - b));
  return {
    frame,
    timeColumn,
    typeErrors: Object.fromEntries(read.report.badValues.filter((b) => !unsent.has(b.column)).map((b) => [b.column, b.count])),
    labelRows,
    labels: Array.from(labelRows, (r) => labelOf.get(r) as string | number),
    counts: { predictionFiles: files.predictions, feedbackFiles: files.feedback, records, errors, skipped, unfinishedLines, modelVersions, feedback, relabelled, unknownFeedback },
  };
}
