/**
 * SQLite database files (`.sqlite`, `.sqlite3`, `.db`, `sqlite:path`), read with sql.js: SQLite
 * compiled to WebAssembly, so the extension ships no native module. A `table` or a `query` (run as
 * given); with neither, the database's one table. Values go through `RecordFrameBuilder`, so
 * SQLite's dynamic typing ends in the CSV reader's types: TEXT holding numbers or dates becomes
 * numbers or dates, '' is missing (as an empty CSV field is).
 *
 * sql.js holds the whole file in memory (a copy inside its in-memory file system), so files of
 * up to `MAX_SQLITE_BYTES` are read, and only when about twice their size is free. The file is
 * never written: sql.js works on that copy, and the connection is `query_only` besides, so a
 * query that would change data fails instead.
 *
 * BLOB values are binary (images, serialized objects) that no learner can use: a column holding
 * one is left out of the frame, and a parse issue at its first BLOB's row says so.
 */
import type { FileHandle } from 'node:fs/promises';
import { freemem } from 'node:os';
import { basename, join } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import type { CsvReadResult } from '../../engine/data/readReport';
import { RecordFrameBuilder } from '../../engine/data/recordFrame';
import type { SourceSpec } from '../../engine/data/sourceSpec';
import type { CellValue } from '../../engine/data/valueColumns';
import { DataError } from '../../engine/errors';
import type { ProfileSource } from '../../engine/profile/types';
import { openDataFile } from '../openDataFile';
import { findWasmDir } from '../wasmDir';
import type { SourceModule, SourceReadOptions } from './dataSource';

/** The largest file read: Node reads at most 2 GiB into one buffer, and sql.js copies it once more. */
const MAX_SQLITE_BYTES = 2 ** 31 - 1;
/** Rows a peek reads when not told. */
const PEEK_ROWS = 500;
/** Every SQLite file starts with these 16 bytes. */
const SQLITE_MAGIC = 'SQLite format 3\0';
const WASM_FILE = 'sql-wasm.wasm';

type SqliteSpec = Extract<SourceSpec, { readonly kind: 'sqlite' }>;

export const sqliteSource: SourceModule<'sqlite'> = {
  kind: 'sqlite',
  open(spec) {
    const name = basename(spec.path);
    return {
      spec,
      async read(options = {}) {
        const { db, bytes } = await openDatabase(spec.path);
        try {
          options.onProgress?.(0.5, { read: bytes, total: bytes });
          const target = selectionOf(db, spec, name);
          const { frame, report } = readRows(db, target, name, options);
          options.onProgress?.(1, { read: bytes, total: bytes });
          const source: ProfileSource = { kind: 'sqlite', file: name, ...target.described, bytes };
          return { frame, report, source };
        } finally {
          db.close();
        }
      },
      async peek(options = {}) {
        const { db } = await openDatabase(spec.path);
        try {
          const rows = options.rows ?? PEEK_ROWS;
          const { frame, more } = readRows(db, selectionOf(db, spec, name), name, { schema: options.schema, signal: options.signal }, rows);
          return { columns: frame.columns.map((c) => c.name), frame, partial: more };
        } finally {
          db.close();
        }
      },
      async choices() {
        if (spec.table !== undefined || spec.query !== undefined) return undefined;
        const { db } = await openDatabase(spec.path);
        try {
          return { kind: 'table', names: tableNames(db, name) };
        } finally {
          db.close();
        }
      },
    };
  },
};

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js, initialised once per process with the .wasm file found next to the bundle. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: (file: string) => join(findWasmDir([WASM_FILE], 'sql.js'), file) });
  return sqlJs;
}

/** Loads the database file into sql.js, read-only; a clear `DataError` when it cannot. */
async function openDatabase(path: string): Promise<{ db: Database; bytes: number }> {
  const name = basename(path);
  const { handle, size } = await openDataFile(path, 'a SQLite database');
  let data: Buffer;
  try {
    if (size > MAX_SQLITE_BYTES) {
      throw new DataError(
        `${name} is ${gigabytes(size)}; SQLite files of up to 2 GB are read (the reader holds the whole database in memory): ` +
          'export the table to CSV or Parquet instead',
      );
    }
    // Our buffer and sql.js's copy of it are alive together while the database opens.
    if (size * 2 > freemem()) {
      throw new DataError(`${name} is ${gigabytes(size)}; reading it needs about ${gigabytes(size * 2)} of memory, but ${gigabytes(freemem())} is free`);
    }
    data = await readWhole(handle, size);
  } finally {
    await handle.close();
  }
  if (size > 0 && (size < SQLITE_MAGIC.length || data.toString('latin1', 0, SQLITE_MAGIC.length) !== SQLITE_MAGIC)) {
    throw new DataError(`${name} is not a SQLite database (a SQLite file starts with "SQLite format 3")`);
  }
  const SQL = await loadSqlJs();
  const db = new SQL.Database(data);
  try {
    db.exec('PRAGMA query_only = ON');
  } catch (error) {
    db.close();
    throw sqliteError(name, error);
  }
  return { db, bytes: size };
}

async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const data = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(data, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read === size ? data : data.subarray(0, read);
}

/** The tables and views a user can read, by name. */
function tableNames(db: Database, name: string): string[] {
  try {
    const result = db.exec("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    return result.length === 0 ? [] : result[0].values.map((row) => String(row[0]));
  } catch (error) {
    throw sqliteError(name, error);
  }
}

/** The SQL to run for the spec, and how the profile names what it read. */
function selectionOf(db: Database, spec: SqliteSpec, name: string): { sql: string; empty: string; described: Pick<ProfileSource, 'table' | 'query'> } {
  if (spec.query !== undefined) return { sql: spec.query, empty: 'the query returned no rows', described: { query: spec.query } };
  const tables = tableNames(db, name);
  let table = spec.table;
  if (table === undefined) {
    if (tables.length === 0) throw new DataError(`${name} holds no tables`);
    if (tables.length > 1) {
      throw new DataError(`${name} holds ${tables.length} tables (${tables.join(', ')}): pick one with --table <name>, or give a --query`);
    }
    table = tables[0];
  }
  return { sql: `SELECT * FROM ${tableReference(table, tables)}`, empty: `table ${table} has no rows`, described: { table } };
}

/**
 * A table name as SQL: quoted as one identifier when the database has a table of that name,
 * else as `schema.name` when it holds a dot (`main.orders`). A missing table is then the
 * database's own "no such table" error.
 */
function tableReference(table: string, tables: readonly string[]): string {
  const dot = table.indexOf('.');
  if (tables.includes(table) || dot < 0) return quoteIdentifier(table);
  return `${quoteIdentifier(table.slice(0, dot))}.${quoteIdentifier(table.slice(dot + 1))}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Runs `sql` and builds the frame from its rows (at most `limit`, and then whether there were
 * more); `empty` is the error when there is no row. Row positions count the result's rows from 1.
 */
function readRows(
  db: Database,
  { sql, empty }: { readonly sql: string; readonly empty: string },
  name: string,
  options: Pick<SourceReadOptions, 'types' | 'schema' | 'signal'>,
  limit = Infinity,
): CsvReadResult & { more: boolean } {
  let statement: Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw sqliteError(name, error);
  }
  try {
    const columns = statement.getColumnNames();
    if (columns.length === 0) throw new DataError(`${name}: the query returns no columns (is it a SELECT?)`);
    const builder = new RecordFrameBuilder({ positions: 'row', types: options.types, schema: options.schema, signal: options.signal });
    builder.setColumns(columns);
    /** The first row of each column that held a BLOB (0: none). */
    const blobRows = new Int32Array(columns.length);
    let more = false;
    let row = 0;
    const values: CellValue[] = new Array<CellValue>(columns.length);
    while (step(statement, name)) {
      if (row === limit) {
        more = true;
        break;
      }
      row++;
      const raw = statement.get();
      for (let j = 0; j < raw.length; j++) {
        const value = raw[j];
        if (value instanceof Uint8Array) {
          if (blobRows[j] === 0) blobRows[j] = row;
          values[j] = null;
        } else {
          values[j] = value;
        }
      }
      builder.addRow(values, row);
    }
    if (row === 0) throw new DataError(`${name}: ${empty}`);
    const dropped = noteBlobColumns(builder, columns, blobRows, options.schema);
    const { frame, report } = builder.finish({ bytes: 0, lines: row });
    if (dropped.size === 0) return { frame, report, more };
    return {
      frame: { rowCount: frame.rowCount, columns: frame.columns.filter((_, j) => !dropped.has(j)) },
      report: { ...report, badValues: report.badValues.filter((b) => !dropped.has(columns.indexOf(b.column))) },
      more,
    };
  } finally {
    statement.free();
  }
}

function step(statement: Statement, name: string): boolean {
  try {
    return statement.step();
  } catch (error) {
    throw sqliteError(name, error);
  }
}

/**
 * The columns that held BLOBs, by index, each noted at its first BLOB's row; a `DataError` when a
 * model needs one of them.
 */
function noteBlobColumns(builder: RecordFrameBuilder, columns: readonly string[], blobRows: Int32Array, schema: SourceReadOptions['schema']): Set<number> {
  const dropped = new Set<number>();
  blobRows.forEach((row, j) => {
    if (row === 0) return;
    if (schema?.some((field) => field.name === columns[j])) {
      throw new DataError(`column '${columns[j]}' holds binary data (a BLOB) at row ${row}, which the model cannot read`);
    }
    dropped.add(j);
    builder.note(row, `'${columns[j]}' holds binary data (a BLOB): the column is left out`);
  });
  return dropped;
}

/** A SQLite error as the user should see it: the database's own message, naming the file. */
function sqliteError(name: string, error: unknown): DataError {
  const message = error instanceof Error ? error.message : String(error);
  if (/malformed|not a database/i.test(message)) return new DataError(`${name} is corrupt or not a SQLite database (SQLite says: ${message})`);
  return new DataError(`${name}: ${message}`);
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
