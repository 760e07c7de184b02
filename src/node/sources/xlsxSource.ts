/**
 * Excel workbooks (.xlsx): one sheet, the first unless `sheet` names one (or gives its 0-based
 * index). The file's parts come from its ZIP directory (xlsxFile.ts), which also gives the sheet
 * list and merged cells; exceljs's streaming XML parsers read the cells as the sheet inflates
 * (constant memory whatever the sheet's size; DESIGN.md has the measurements behind the choice);
 * where the table is on the sheet is the engine's call (sheetTable.ts). Values go through `RecordFrameBuilder` as exceljs types them: numbers, text,
 * booleans, and dates for numbers with a date format; a formula gives its cached value. Positions
 * are the sheet's row numbers.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CsvReadResult } from '../../engine/data/readReport';
import { RecordFrameBuilder } from '../../engine/data/recordFrame';
import { findSheetTable, isBlankRow, type CellRange, type SheetRow, type SheetTable } from '../../engine/data/sheetTable';
import type { SourceSpec } from '../../engine/data/sourceSpec';
import type { CellValue } from '../../engine/data/valueColumns';
import { CancelledError, DataError } from '../../engine/errors';
import type { SourceModule, SourceReadOptions } from './dataSource';
import { CellValues } from './xlsxCellValues';
import { openXlsxFile, type SheetInfo, type XlsxFile } from './xlsxFile';

/** Rows after the first filled one that are looked at to find the table. */
const LOOKAHEAD_ROWS = 50;
/** Rows a peek reads when not told. */
const PEEK_ROWS = 500;
/**
 * Rows read ahead while the merged cells are being found (the cells keep parsing meanwhile);
 * beyond these the read waits, so memory stays small.
 */
const MAX_WAITING_ROWS = 4096;

type XlsxSpec = Extract<SourceSpec, { readonly kind: 'xlsx' }>;

export const xlsxSource: SourceModule<'xlsx'> = {
  kind: 'xlsx',
  open(spec) {
    const name = basename(spec.path);
    return {
      spec,
      async read(options = {}) {
        const { result, sheet, bytes } = await readSheet(spec, name, options);
        return { ...result, source: { kind: 'xlsx', file: name, sheet: sheet.name, bytes } };
      },
      async peek(options = {}) {
        const { result, more } = await readSheet(spec, name, { schema: options.schema, signal: options.signal }, options.rows ?? PEEK_ROWS);
        return { columns: result.frame.columns.map((c) => c.name), frame: result.frame, partial: more };
      },
      async choices() {
        if (spec.sheet !== undefined) return undefined;
        const file = await openXlsxFile(spec.path);
        await file.close();
        const visible = file.sheets.filter((s) => !s.hidden);
        return { kind: 'sheet', names: (visible.length > 0 ? visible : file.sheets).map((s) => s.name) };
      },
    };
  },
};

/** The sheet's table as a frame: at most `limit` data rows, and whether there were more. */
async function readSheet(
  spec: XlsxSpec,
  name: string,
  options: Pick<SourceReadOptions, 'types' | 'schema' | 'signal' | 'onProgress'>,
  limit = Infinity,
): Promise<{ result: CsvReadResult; sheet: SheetInfo; bytes: number; more: boolean }> {
  const file = await openXlsxFile(spec.path);
  const cellValues = new CellValues();
  try {
    const sheet = pickSheet(file, spec.sheet, name);
    const where = `sheet '${sheet.name}' of ${name}`;
    const rows = sheetRows(file, sheet, name, cellValues, options);
    // Merged cells are read beside the cells (they follow them in the sheet's XML); the first
    // rows wait until they are known.
    let merges: CellRange[] | undefined;
    let mergesSettled = false;
    const mergesRead = file.merges(sheet).then((ranges) => (merges = ranges));
    mergesRead.catch(() => undefined).finally(() => (mergesSettled = true));
    const lookahead: SheetRow[] = [];
    let firstFilled = -1;
    let exhausted = false;
    try {
      while (firstFilled < 0 || lookahead.length - firstFilled <= LOOKAHEAD_ROWS || (!mergesSettled && lookahead.length < MAX_WAITING_ROWS)) {
        const next = await rows.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        lookahead.push(next.value);
        if (firstFilled < 0 && !isBlankRow(next.value, 1, Infinity)) firstFilled = lookahead.length - 1;
      }
      await mergesRead;
      const table = findSheetTable(lookahead, merges ?? []);
      if (table === undefined) throw new DataError(`${where} is empty`);
      const builder = new RecordFrameBuilder({ positions: 'row', types: options.types, schema: options.schema, signal: options.signal });
      builder.setColumns(table.names);
      for (const note of table.notes) builder.note(note.row, note.message);
      const reading = new TableRows(table, builder, limit);
      for (const row of lookahead) if (!reading.add(row)) break;
      while (!reading.done && !exhausted) {
        const next = await rows.next();
        if (next.done) break;
        reading.add(next.value);
      }
      for (const issue of cellValues.issues) if (issue.column >= table.firstColumn && issue.column <= table.lastColumn) builder.note(issue.row, issue.message);
      if (reading.count === 0) throw new DataError(`${where} has a header (row ${table.headerRow}) but no rows below it`);
      const result = builder.finish({ bytes: 0, lines: reading.lastRow });
      return { result, sheet, bytes: file.bytes, more: reading.more };
    } finally {
      await rows.return(undefined);
      // The merged-cell read may still run (a read that stopped early): let it end before the file closes.
      await mergesRead.catch(() => undefined);
    }
  } finally {
    await file.close();
  }
}

/** The sheet `wanted` names (a name, or a 0-based index), or the first visible one; a `DataError` listing the sheets when there is none. */
function pickSheet(file: XlsxFile, wanted: string | number | undefined, name: string): SheetInfo {
  const list = file.sheets.map((s) => `'${s.name}'`).join(', ');
  if (file.sheets.length === 0) throw new DataError(`${name} holds no sheets`);
  if (wanted === undefined) return file.sheets.find((s) => !s.hidden) ?? file.sheets[0];
  const sheet =
    typeof wanted === 'number'
      ? file.sheets[wanted]
      : (file.sheets.find((s) => s.name === wanted) ?? file.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase()));
  if (sheet === undefined) {
    const what = typeof wanted === 'number' ? `no sheet ${wanted} (sheets count from 0)` : `no sheet '${wanted}'`;
    throw new DataError(`${name} has ${what}; its sheets: ${list}`);
  }
  return sheet;
}

/** The data rows of a table as they stream by: where it ends, and what follows it. */
class TableRows {
  /** The last data row read, 0 before the first. */
  lastRow = 0;
  count = 0;
  /** Nothing more to read. */
  done = false;
  /** Rows beyond the limit exist. */
  more = false;
  /** The data ended at a blank row; the next filled row is reported. */
  private ended = false;
  private readonly values: CellValue[] = [];

  constructor(
    private readonly table: SheetTable,
    private readonly builder: RecordFrameBuilder,
    private readonly limit: number,
  ) {}

  /** Takes the next row of the sheet; false once the reading is over. */
  add(row: SheetRow): boolean {
    const { table } = this;
    if (this.done) return false;
    if (row.number <= table.lastHeaderRow) return true;
    const blank = isBlankRow(row, table.firstColumn, table.lastColumn);
    if (this.count > 0 && row.number > this.lastRow + 1) this.ended = true;
    if (blank) {
      if (this.count > 0) this.ended = true;
      return true;
    }
    if (this.count >= this.limit) {
      this.more = true;
      this.done = true;
      return false;
    }
    if (this.ended) {
      this.builder.note(row.number, `more data below a blank row, from row ${row.number} (another table?): only rows ${table.lastHeaderRow + 1}–${this.lastRow} are read`);
      this.done = true;
      return false;
    }
    this.values.length = 0;
    for (let c = table.firstColumn; c <= table.lastColumn; c++) this.values.push(row.cells[c] ?? null);
    this.builder.addRow(this.values, row.number);
    this.count++;
    this.lastRow = row.number;
    return true;
  }
}

/** What this reader uses of exceljs's streaming `WorkbookReader` beyond its typed API: its parsers of a workbook's parts. */
interface WorkbookParts {
  readonly properties?: { readonly model?: { readonly date1904?: boolean } };
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ readonly value: AsyncIterable<ExcelJS.Row> }>;
}

/**
 * The rows of `sheet` as exceljs parses them (rows without cells are skipped: row numbers tell
 * the gaps), each cell's value as a `CellValue`. exceljs's own streaming reader unzips the file
 * as one stream, which with LibreOffice's files (parts written with data descriptors, the sheets
 * before the shared strings) ends early now and then, leaving the strings out: here the parts
 * come from the ZIP's directory (xlsxFile.ts) and only exceljs's XML parsers are used. Errors of
 * the parsers become `DataError`s naming the file.
 */
async function* sheetRows(
  file: XlsxFile,
  sheet: SheetInfo,
  name: string,
  cellValues: CellValues,
  options: Pick<SourceReadOptions, 'signal' | 'onProgress'>,
): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookParts;
  try {
    const workbook = await file.part('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(Readable.from([workbook]));
    const strings = await file.part('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(Readable.from([strings]))) void _;
    const styles = await file.part('xl/styles.xml');
    if (styles) await reader._parseStyles(Readable.from([styles]));
  } catch (error) {
    throw parserError(error, name);
  }
  cellValues.date1904 = reader.properties?.model?.date1904 === true;
  const [event] = reader._parseWorksheet(sheetText(file, sheet, options), String(sheet.index + 1));
  let count = 0;
  for await (const row of guarded(event.value, name)) {
    if (++count % 4096 === 0 && options.signal?.aborted) throw new CancelledError();
    yield { number: row.number, cells: cellValues.of(row) };
  }
}

/**
 * A sheet's XML as text, decoded across chunk boundaries (exceljs decodes each chunk on its own,
 * which would split a character that straddles two), with the share read as progress.
 */
async function* sheetText(file: XlsxFile, sheet: SheetInfo, options: Pick<SourceReadOptions, 'onProgress'>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const total = file.partBytes(sheet.path);
  let read = 0;
  for await (const chunk of file.stream(sheet.path)) {
    read += chunk.length;
    options.onProgress?.(total > 0 ? Math.min(1, read / total) : 1, { read, total });
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** `iterable`'s items, its errors (a damaged archive, bad XML) turned into `DataError`s naming the file. */
async function* guarded<T>(iterable: AsyncIterable<T>, name: string): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw parserError(error, name);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** An error of exceljs's parsers (bad XML) as a `DataError` naming the file; ours as they are. */
function parserError(error: unknown, name: string): unknown {
  if (error instanceof DataError || error instanceof CancelledError) return error;
  return new DataError(`${name} is not a readable .xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
}
