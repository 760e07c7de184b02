/**
 * Parquet files written by another tool than ours: DuckDB (`@duckdb/node-api`, a dev dependency),
 * for known-answer tests and the `sources` benchmark. Loaded on demand, so that processes that
 * never convert (the benchmark's timed children) do not carry DuckDB's native module.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** How DuckDB writes a CSV as Parquet. */
export interface CsvToParquetOptions {
  /** Parquet compression codec (DuckDB's default: snappy). */
  readonly compression?: 'snappy' | 'gzip' | 'zstd' | 'uncompressed';
  /** Every column as VARCHAR, cast to nothing (the text as the CSV holds it); else DuckDB detects types. */
  readonly allVarchar?: boolean;
}

/**
 * Writes the CSV (plain or .gz) at `csv` as Parquet at `parquet`, by default with DuckDB's own type
 * detection (numbers as BIGINT or DOUBLE, dates as DATE, times as TIMESTAMP, true/false and yes/no
 * as BOOLEAN, the rest VARCHAR), rows in the file's order (DuckDB's `preserve_insertion_order`, on by default, set here
 * to be sure), in DuckDB's default row groups. Written beside and renamed into place, so an
 * interrupted run leaves no half file.
 */
export async function csvToParquet(csv: string, parquet: string, options: CsvToParquetOptions = {}): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const partial = `${parquet}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(parquet), { recursive: true });
    await connection.run('SET preserve_insertion_order = true');
    await connection.run(
      `COPY (SELECT * FROM read_csv(${quote(csv)}${options.allVarchar ? ', all_varchar = true' : ''})) TO ${quote(partial)} (FORMAT parquet, COMPRESSION ${options.compression ?? 'snappy'})`,
    );
    renameSync(partial, parquet);
  } finally {
    if (existsSync(partial)) rmSync(partial);
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
