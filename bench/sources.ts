/**
 * The `sources` suite: reading each kind of source into a `Frame`, beside our CSV reader on the
 * same data and beside a peer where one exists (DuckDB for Parquet; pulling the rows for the
 * PostgreSQL pushdown profile). One module per kind in bench/sources/, each a `SourceBench`;
 * every measurement runs in a fresh child process (measure.ts) so peak RSS is one tool's alone.
 */
import type { BenchOptions, Suite } from './bench';
import { ndjsonBench } from './sources/ndjson';
import { parquetBench } from './sources/parquet';
import { postgresBench } from './sources/postgres';
import type { SourceBench } from './sources/sourceBench';
import { sqliteBench } from './sources/sqlite';
import { xlsxBench } from './sources/xlsx';

/** Every kind's benchmark, in the order the suite runs them. */
const BENCHES: readonly SourceBench[] = [parquetBench, ndjsonBench, sqliteBench, xlsxBench, postgresBench];

async function run(options: BenchOptions): Promise<object> {
  const figures: Record<string, object> = {};
  const unknown = options.parts.filter((part) => !BENCHES.some((b) => b.name === part));
  if (unknown.length > 0) throw new Error(`no sources benchmark ${unknown.join(', ')} (there are ${BENCHES.map((b) => b.name).join(', ')})`);
  for (const bench of BENCHES) {
    if (options.parts.length > 0 && !options.parts.includes(bench.name)) continue;
    console.log(`\n${bench.name}: ${bench.description}`);
    figures[bench.name] = await bench.run(options);
  }
  return figures;
}

async function runChild(args: readonly string[]): Promise<void> {
  const [name, ...rest] = args;
  const bench = BENCHES.find((b) => b.name === name);
  if (bench === undefined) throw new Error(`no sources benchmark '${name}'`);
  await bench.runChild(rest);
}

/** The `sources` suite, as registered in bench.ts. */
export const sourcesSuite: Suite = {
  name: 'sources',
  description: 'each source into a Frame beside our CSV reader and a peer: Parquet (vs DuckDB), NDJSON, SQLite (vs sql.js alone), Excel (vs exceljs alone), PostgreSQL pushdown profile',
  run,
  runChild,
};
