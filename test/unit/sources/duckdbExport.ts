/**
 * Public datasets written as JSON by another tool than ours: DuckDB (`@duckdb/node-api`, a dev
 * dependency) reads each CSV and writes NDJSON (`COPY … (FORMAT JSON)`) or a JSON array
 * (`ARRAY true`), in the CSV's row order.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { datasetFile } from '../../publicDatasets';

export interface ExportOptions {
  readonly format: 'ndjson' | 'json';
  /**
   * 'text': every value as the CSV's text (a JSON string; empty fields null), so our inference
   * sees what it sees in the CSV. 'typed': DuckDB's own types (numbers as JSON numbers).
   */
  readonly values: 'text' | 'typed';
}

let instance: Promise<DuckDBInstance> | undefined;

/** Writes dataset `name` into `dir` as DuckDB exports it; returns the file's path. */
export async function exportDataset(name: string, dir: string, options: ExportOptions): Promise<string> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await (await instance).connect();
  const file = join(dir, `${name}-${options.values}.${options.format}`);
  const read = `read_csv('${datasetFile(name)}', header = true${options.values === 'text' ? ', all_varchar = true' : ''})`;
  // One thread keeps the rows in the file's order (DuckDB preserves insertion order).
  await connection.run(`COPY (SELECT * FROM ${read}) TO '${file}' (FORMAT JSON${options.format === 'json' ? ', ARRAY true' : ''})`);
  connection.closeSync();
  return file;
}
