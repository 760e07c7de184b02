/**
 * What exceljs makes of a cell, as the `CellValue` a frame builder takes (xlsxSource.ts).
 */
import type ExcelJS from 'exceljs';
import { columnLetters } from '../../engine/data/sheetTable';
import type { CellValue } from '../../engine/data/valueColumns';

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system (1899-12-30, so that the phantom 1900-02-29 is skipped for later dates), in Unix ms. */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01. */
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);

/**
 * exceljs's cell values as `CellValue`s: a formula gives its cached result, rich text its text, an
 * error value (#DIV/0!) is missing. Formulas without a cached value (a workbook written by a
 * program that does not compute them) are missing too; either is reported once per column.
 */
export class CellValues {
  /** Whether the workbook counts dates from 1904 (old Mac workbooks). */
  date1904 = false;
  readonly issues: { row: number; column: number; message: string }[] = [];
  private readonly reported = new Set<number>();

  of(row: ExcelJS.Row): CellValue[] {
    const values = row.values as ExcelJS.CellValue[];
    const cells: CellValue[] = new Array<CellValue>(values.length);
    for (let c = 1; c < values.length; c++) {
      const value = values[c];
      cells[c] = value === null || value === undefined || typeof value !== 'object' || value instanceof Date ? plain(value) : this.compound(value, row, c);
    }
    return cells;
  }

  private compound(value: Exclude<ExcelJS.CellValue, null | undefined | number | string | boolean | Date>, row: ExcelJS.Row, c: number): CellValue {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('error' in value) return this.missing(row.number, c, errorMessage(row.number, c, value));
    if ('formula' in value || 'sharedFormula' in value) {
      // The cell's `result`, not the value's: exceljs drops falsy results (0, '') from the value
      // object. It reads a cached error (t="e", <v>#DIV/0!</v>) and an empty <v/> as NaN.
      const result: unknown = row.getCell(c).result;
      if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) {
        return this.missing(
          row.number,
          c,
          `formulas without a value in column ${columnLetters(c)}, from row ${row.number}: read as missing (an error such as #DIV/0!, or ` +
            'never computed: a workbook written by a program that does not compute formulas; open and save it in Excel or LibreOffice)',
        );
      }
      if (typeof result === 'number') return isDateFormat(row.getCell(c).numFmt) ? excelDate(result, this.date1904) : result;
      if (typeof result === 'object' && !(result instanceof Date)) return this.missing(row.number, c, errorMessage(row.number, c, result));
      return plain(result as CellValue);
    }
    if ('text' in value) return typeof value.text === 'string' ? value.text : null;
    return null;
  }

  /** Missing, reported once per column. */
  private missing(row: number, column: number, message: string): null {
    if (!this.reported.has(column)) {
      this.reported.add(column);
      this.issues.push({ row, column, message });
    }
    return null;
  }
}

function errorMessage(row: number, column: number, value: object): string {
  const error = (value as { error?: unknown }).error;
  return `error values${typeof error === 'string' ? ` such as ${error}` : ''} in column ${columnLetters(column)}, from row ${row}: read as missing`;
}

function plain(value: CellValue): CellValue {
  if (value instanceof Date && Number.isNaN(value.getTime())) return null;
  return value ?? null;
}

/** exceljs's own test: a number format that shows a date or time (its text and [colour] parts aside). */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A date serial as a UTC `Date`, as exceljs converts the cells it types itself. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round(serial * MS_PER_DAY + (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS)));
}

