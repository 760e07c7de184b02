import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { columnLetters, findSheetTable, isBlankRow, type SheetRow } from '../../src/engine/data/sheetTable';
import type { CellValue } from '../../src/engine/data/valueColumns';

/** Rows from a grid written as on a sheet: `grid[0]` is row `first`, `grid[r][0]` column A. */
function sheet(grid: readonly (readonly CellValue[])[], first = 1): SheetRow[] {
  return grid.map((cells, r) => ({ number: first + r, cells: [undefined, ...cells] }));
}

describe('findSheetTable', () => {
  it('takes the first row as the header of a plain table', () => {
    const table = findSheetTable(sheet([['a', 'b'], [1, 2], [3, 4]]), []);
    assert.deepEqual(table, { headerRow: 1, lastHeaderRow: 1, firstColumn: 1, lastColumn: 2, names: ['a', 'b'], notes: [] });
  });

  it('finds a table that starts at C5, below a title merged across it', () => {
    const rows = sheet([[null, null, 'Report'], [], [], [], [null, null, 'x', 'y', 'z'], [null, null, 1, 2, 3]]);
    const table = findSheetTable(rows, [{ top: 1, left: 3, bottom: 1, right: 5 }]);
    assert.equal(table?.headerRow, 5);
    assert.deepEqual([table?.firstColumn, table?.lastColumn, table?.names], [3, 5, ['x', 'y', 'z']]);
    assert.deepEqual(table?.notes, [{ row: 5, message: 'the header is row 5; row 1 above it is a title, not data' }]);
  });

  it('keeps a column with data under an empty header cell (named later as CSV headers are)', () => {
    const table = findSheetTable(sheet([['id', null, 'v'], [1, 'x', 2], [2, 'y', 3]]), []);
    assert.deepEqual(table?.names, ['id', '', 'v']);
  });

  it('reads a one-column table, and a header of dates as ISO text', () => {
    assert.deepEqual(findSheetTable(sheet([['only'], [1], [2]]), [])?.names, ['only']);
    const dated = findSheetTable(sheet([['store', new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 1, 1))], ['a', 1, 2]]), []);
    assert.deepEqual(dated?.names, ['store', '2024-01-01', '2024-02-01']);
  });

  it('is undefined for a sheet of blank rows', () => {
    assert.equal(findSheetTable(sheet([[], [null, '  '], []]), []), undefined);
  });
});

describe('sheet helpers', () => {
  it('tells blank rows within columns, and names columns by letters', () => {
    const [row] = sheet([[null, '', 'x']]);
    assert.equal(isBlankRow(row, 1, 2), true);
    assert.equal(isBlankRow(row, 1, 3), false);
    assert.deepEqual([1, 26, 27, 52, 703].map(columnLetters), ['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
