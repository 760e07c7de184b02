/**
 * Where the table is on a spreadsheet: people put titles above it, leave blank rows and columns
 * around it, merge header cells over the columns they group, and sometimes put a second table
 * beside or below it. From the first rows of a sheet and its merged ranges this finds the header
 * row (or two), the columns and their names; `isBlankRow` then tells where the table ends.
 *
 * The rules, as README.md tells users:
 * - Blank rows and title lines above the table are skipped. A title is a row with one filled cell
 *   (even when merged across the table), or with fewer filled cells than half the table's width.
 *   The header is the first row with more.
 * - A header cell merged across columns names each of them. When the row under it fills those
 *   columns with text, that row is a second header row and names combine: `Sales` over `Q1`, `Q2`
 *   gives `Sales Q1`, `Sales Q2`; else the name repeats and is made unique as CSV headers are
 *   (`Sales`, `Sales_2`).
 * - The table's columns are the header's, widened to neighbouring columns that hold data (an
 *   unnamed column is `column_N`), up to an empty column. Filled columns beyond that empty column
 *   are a second table: reported, not read.
 * - The table ends at its first blank row, as Excel's own "current region" does; whatever follows
 *   a blank row is reported, not read (see `xlsxSource.ts`).
 */
import type { CellValue } from './valueColumns';

/** A rectangle of cells, 1-based rows and columns (A = 1), inclusive. */
export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** A row as read from a sheet: its 1-based number, and its cells by column number (`cells[1]` is column A). */
export interface SheetRow {
  readonly number: number;
  readonly cells: readonly CellValue[];
}

/** Where the table is, and what to tell the user about it. */
export interface SheetTable {
  /** The header's first and last row (the last is one below the first when there are two header rows). */
  readonly headerRow: number;
  readonly lastHeaderRow: number;
  /** The table's columns, 1-based, inclusive. */
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** A name per column, as written (empty when the header cell is blank). */
  readonly names: readonly string[];
  /** Things the user should know, at a row: titles skipped, a second table beside this one. */
  readonly notes: readonly { readonly row: number; readonly message: string }[];
}

/**
 * The table in `rows` (the first rows of a sheet, in order, blank ones allowed; about 50 after
 * the first filled one are enough), or undefined when every row is blank.
 */
export function findSheetTable(rows: readonly SheetRow[], merges: readonly CellRange[]): SheetTable | undefined {
  const filled = rows.filter((row) => !isBlankRow(row, 1, Infinity));
  if (filled.length === 0) return undefined;
  const width = Math.max(...filled.map(filledCount));
  const header = filled.find((row) => width <= 1 || (filledCount(row) >= 2 && coveredCount(row, merges) * 2 >= width)) ?? filled[0];
  const notes: { row: number; message: string }[] = [];
  const titles = filled.filter((row) => row.number < header.number);
  if (titles.length > 0) {
    const rowsText = titles.length === 1 ? `row ${titles[0].number}` : `rows ${titles[0].number}–${titles[titles.length - 1].number}`;
    notes.push({ row: header.number, message: `the header is row ${header.number}; ${rowsText} above it ${titles.length === 1 ? 'is a title' : 'are titles'}, not data` });
  }

  const spans = merges.filter((m) => m.top <= header.number && m.bottom >= header.number && m.right > m.left);
  const below = rows.find((row) => row.number === header.number + 1);
  const horizontal = spans.filter((m) => m.top === header.number && m.bottom === header.number);
  const twoRows = horizontal.length > 0 && below !== undefined && horizontal.every((m) => allText(below, m.left, m.right));
  const lastHeaderRow = twoRows ? header.number + 1 : header.number;
  const data = rows.filter((row) => row.number > lastHeaderRow);

  const used = (column: number): boolean =>
    !isBlank(header.cells[column]) ||
    spans.some((m) => m.left <= column && column <= m.right) ||
    (twoRows && below !== undefined && !isBlank(below.cells[column])) ||
    data.some((row) => !isBlank(row.cells[column]));
  const start = firstFilledColumn(header, spans);
  let firstColumn = start;
  while (firstColumn > 1 && used(firstColumn - 1)) firstColumn--;
  let lastColumn = start;
  while (used(lastColumn + 1)) lastColumn++;
  const beyond = [header, ...data].flatMap((row) => filledColumns(row).filter((c) => c > lastColumn + 1).map((c) => ({ row: row.number, column: c })));
  if (beyond.length > 0) {
    const first = beyond.reduce((a, b) => (b.column < a.column || (b.column === a.column && b.row < a.row) ? b : a));
    notes.push({
      row: first.row,
      message: `another table starts at column ${columnLetters(first.column)}, right of an empty column: only columns ${columnLetters(firstColumn)}–${columnLetters(lastColumn)} are read`,
    });
  }

  const names: string[] = [];
  for (let c = firstColumn; c <= lastColumn; c++) {
    const top = headerText(header, c, spans);
    const sub = twoRows && below !== undefined && !coversBoth(spans, c, header.number) ? text(below.cells[c]) : '';
    names.push(top !== '' && sub !== '' ? `${top} ${sub}` : top || sub);
  }
  return { headerRow: header.number, lastHeaderRow, firstColumn, lastColumn, names, notes };
}

/** Whether `row` has no value in columns `first`..`last`. */
export function isBlankRow(row: SheetRow, first: number, last: number): boolean {
  const end = Math.min(last, row.cells.length - 1);
  for (let c = Math.max(1, first); c <= end; c++) if (!isBlank(row.cells[c])) return false;
  return true;
}

/** `1` -> `A`, `28` -> `AB`. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function isBlank(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function filledColumns(row: SheetRow): number[] {
  const columns: number[] = [];
  for (let c = 1; c < row.cells.length; c++) if (!isBlank(row.cells[c])) columns.push(c);
  return columns;
}

function filledCount(row: SheetRow): number {
  return filledColumns(row).length;
}

/** Filled cells plus the cells that merges from filled cells of this row cover. */
function coveredCount(row: SheetRow, merges: readonly CellRange[]): number {
  let count = 0;
  for (const c of filledColumns(row)) {
    const merge = merges.find((m) => m.top === row.number && m.left === c);
    count += merge ? merge.right - merge.left + 1 : 1;
  }
  return count;
}

function firstFilledColumn(row: SheetRow, spans: readonly CellRange[]): number {
  const filled = filledColumns(row);
  const lefts = [...filled, ...spans.map((m) => m.left)];
  return lefts.length === 0 ? 1 : Math.min(...lefts);
}

function allText(row: SheetRow, first: number, last: number): boolean {
  for (let c = first; c <= last; c++) if (typeof row.cells[c] !== 'string' || isBlank(row.cells[c])) return false;
  return true;
}

/** The header text of column `c`: its own cell's, or that of the merge covering it. */
function headerText(header: SheetRow, c: number, spans: readonly CellRange[]): string {
  const own = text(header.cells[c]);
  if (own !== '') return own;
  const merge = spans.find((m) => m.left <= c && c <= m.right);
  return merge ? text(header.cells[merge.left]) : '';
}

/** Whether a merge covers column `c` in both header rows (a name like `Region` spanning them). */
function coversBoth(spans: readonly CellRange[], c: number, headerRow: number): boolean {
  return spans.some((m) => m.left <= c && c <= m.right && m.top <= headerRow && m.bottom > headerRow);
}

function text(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  return String(value).trim();
}
