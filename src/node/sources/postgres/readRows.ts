/**
 * Rows of a SELECT, streamed through a server-side cursor a batch at a time, so memory holds what
 * is being built plus one batch, however big the result. Cursors never run as parallel plans, so
 * a table's rows come in the order of a sequential scan: the order they were loaded in, for a
 * table that was only appended to.
 */
import type { CustomTypesConfig, FieldDef } from 'pg';
import { RecordFrameBuilder } from '../../../engine/data/recordFrame';
import type { CsvReadResult } from '../../../engine/data/readReport';
import type { CellValue } from '../../../engine/data/valueColumns';
import type { ColumnType } from '../../../engine/data/frame';
import type { InputField } from '../../../engine/data/inputField';
import { READ_TYPES } from './columnTypes';
import type { PostgresSession } from './connection';
import { selectOf } from './sql';

/** Rows fetched per round trip: big enough to amortise it, small enough to keep a batch cheap. */
export const FETCH_ROWS = 10_000;

/**
 * Runs `select` through a cursor and hands each batch of rows (arrays, values parsed by `types`
 * or pg's defaults; `batchRows` at a time) to `onRows` with the columns; resolves with the
 * number of rows.
 */
export async function streamRows(
  session: PostgresSession,
  select: string,
  onRows: (rows: readonly unknown[][], fields: readonly FieldDef[]) => void,
  types?: CustomTypesConfig,
  batchRows = FETCH_ROWS,
): Promise<number> {
  await session.query(`DECLARE automl_rows NO SCROLL CURSOR FOR ${select}\n`);
  let count = 0;
  for (;;) {
    session.checkCancelled();
    const batch = await session.query(`FETCH FORWARD ${batchRows} FROM automl_rows`, undefined, types);
    onRows(batch.rows, batch.fields);
    count += batch.rows.length;
    if (batch.rows.length < batchRows) break;
  }
  await session.query('CLOSE automl_rows');
  return count;
}

/** How {@link readRows} reads. */
export interface ReadRowsOptions {
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly schema?: readonly InputField[];
  /** About how many rows to expect, for progress (0 or absent: unknown). */
  readonly expectedRows?: number;
  readonly onProgress?: (fraction: number) => void;
}

/** Reads every row of `select` (positions count rows from 1) into a frame and its report. */
export async function readRows(session: PostgresSession, select: string, options: ReadRowsOptions = {}): Promise<CsvReadResult> {
  const builder = new RecordFrameBuilder({ positions: 'row', types: options.types, schema: options.schema });
  let named = false;
  let position = 0;
  await streamRows(
    session,
    select,
    (rows, fields) => {
      if (!named) {
        builder.setColumns(fields.map((field) => field.name));
        named = true;
      }
      for (const row of rows) builder.addRow(row as CellValue[], ++position);
      if (options.expectedRows) options.onProgress?.(Math.min(1, position / options.expectedRows));
    },
    READ_TYPES,
  );
  options.onProgress?.(1);
  return builder.finish({ bytes: 0, lines: position });
}

/** The columns (names and types) of a spec's table or query, read without any rows. */
export async function fieldsOf(session: PostgresSession, spec: { readonly table?: string; readonly query?: string }): Promise<readonly FieldDef[]> {
  return (await session.query(`SELECT * FROM (${selectOf(spec)}\n) AS described LIMIT 0`)).fields;
}
