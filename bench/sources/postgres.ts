/**
 * PostgreSQL: the profile computed in the database (on two connections sharing one snapshot; only
 * aggregates and a 200,000-row sample travel) against pulling every row into a frame and
 * profiling it in memory, on a generated table of 10 x `--rows` rows (10,000,000 by default) and
 * 11 mixed columns, in a server the benchmark starts itself (test/postgresServer.ts). Each
 * measurement is a fresh child process, so its peak RSS is that path's alone; the goal for the
 * pushdown path is under 300 MB.
 */
import type { BenchOptions } from '../bench';
import { emitChildResult, maxRssBytes, measureRuns, median, runNodeChild, type ChildFigures, type RunSeries } from '../measure';
import type { SourceBench } from './sourceBench';
import { profileFrame } from '../../src/engine/profile/profileFrame';
import { openSource } from '../../src/node/sources/openSource';
import { startPostgres } from '../../test/postgresServer';

/** Printed next to the measured figure, never enforced. */
const PUSHDOWN_RSS_GOAL_BYTES = 300e6;
const TABLE = 'bench_mixed';
const TARGET = 'churned';
const MB = 1e6;

interface PathFigures extends ChildFigures {
  readonly rows: number;
  readonly columns: number;
  /** Pulling only: the read's share of `seconds`. */
  readonly readSeconds?: number;
}

type Path = 'pushdown' | 'pull';

/**
 * Eleven columns of every kind, from deterministic hashes of the row number: numbers with
 * missing values, integers, a numeric, categories of 12 and 500 levels, a boolean, a date, a
 * timestamp and a binary target.
 */
function createTableSql(rows: number): string {
  const h = (salt: number): string => `abs(hashint8(g * ${salt}))`;
  return (
    `SET max_parallel_workers_per_gather = 0; CREATE TABLE ${TABLE} AS SELECT ` +
    `g AS id, ` +
    `(${h(3)} % 2000000) / 1000.0 - 1000 AS x1, ` +
    `CASE WHEN ${h(5)} % 50 = 0 THEN NULL ELSE ln(1 + ${h(5)} % 100000) END AS x2, ` +
    `(${h(7)} % 1000)::integer AS quantity, ` +
    `((${h(11)} % 10000000) / 100.0)::numeric(12, 2) AS amount, ` +
    `${h(13)} % 3 = 0 AS member, ` +
    `'segment_' || (${h(17)} % 12) AS segment, ` +
    `'city_' || (${h(19)} % 500) AS city, ` +
    `date '2015-01-01' + (${h(23)} % 3000)::integer AS signup, ` +
    `timestamp '2020-01-01' + (${h(29)} % 100000000) * interval '1 second' AS last_seen, ` +
    `CASE WHEN ${h(31)} % 10 < 3 THEN 'yes' ELSE 'no' END AS ${TARGET} ` +
    `FROM generate_series(1, ${rows}) g; ANALYZE ${TABLE}`
  );
}

async function run(options: BenchOptions): Promise<object> {
  const rows = 10 * options.rows;
  console.log(`  starting a PostgreSQL server and generating ${rows.toLocaleString('en-US')} rows x 11 columns…`);
  const server = await startPostgres({ settings: { shared_buffers: '512MB', work_mem: '256MB', max_wal_size: '4GB' } });
  try {
    const started = performance.now();
    await server.psql(createTableSql(rows));
    console.log(`  table ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The children find the password where a user's session would: PGPASSWORD.
    process.env.PGPASSWORD = server.password;
    const measure = (path: Path): Promise<RunSeries<PathFigures>> =>
      measureRuns(options.runs, () => runNodeChild<PathFigures>(['sources', 'postgres', path, server.url], { timeoutMs: 60 * 60 * 1000 }));
    const pushdown = await measure('pushdown');
    console.log(`  ${line('pushdown profile (in the database)', pushdown)}`);
    const pull = await measure('pull');
    console.log(`  ${line('pull every row, profileFrame', pull)}`);
    const readSeconds = median(pull.runs.map((r) => r.readSeconds ?? 0));
    console.log(`    of which reading the rows (median): ${readSeconds.toFixed(1)} s`);
    console.log(
      `  pushdown: ${(pull.medianSeconds / pushdown.medianSeconds).toFixed(1)}x the speed, ${(pull.maxRssBytes / pushdown.maxRssBytes).toFixed(1)}x less memory; ` +
        `peak RSS goal < ${PUSHDOWN_RSS_GOAL_BYTES / MB} MB: ${pushdown.maxRssBytes < PUSHDOWN_RSS_GOAL_BYTES ? 'met' : 'missed'}`,
    );
    return { rows, columns: 11, pushdown: summary(pushdown), pull: summary(pull), pullReadSeconds: readSeconds };
  } finally {
    delete process.env.PGPASSWORD;
    server.stop();
  }
}

function line(label: string, series: RunSeries<PathFigures>): string {
  return `${label.padEnd(38)} ${series.medianSeconds.toFixed(1).padStart(7)} s   peak RSS ${(series.maxRssBytes / MB).toFixed(0).padStart(6)} MB`;
}

function summary(series: RunSeries<PathFigures>): object {
  return { medianSeconds: series.medianSeconds, maxRssBytes: series.maxRssBytes, runSeconds: series.runs.map((r) => r.seconds) };
}

/** Child: one path on the table at `url`; prints its figures. */
async function runChild(args: readonly string[]): Promise<void> {
  const [path, url] = args as [Path, string];
  const source = openSource({ kind: 'postgres', url, table: TABLE });
  const started = performance.now();
  if (path === 'pushdown') {
    const profile = await (source.profile as NonNullable<typeof source.profile>)({ target: TARGET });
    emitChildResult({ seconds: (performance.now() - started) / 1000, maxRssBytes: maxRssBytes(), rows: profile.rows, columns: profile.columns.length } satisfies PathFigures);
    return;
  }
  const read = await source.read();
  const readSeconds = (performance.now() - started) / 1000;
  const profile = profileFrame(read.frame, { target: TARGET, report: read.report, source: read.source });
  emitChildResult({ seconds: (performance.now() - started) / 1000, readSeconds, maxRssBytes: maxRssBytes(), rows: profile.rows, columns: profile.columns.length } satisfies PathFigures);
}

export const postgresBench: SourceBench = {
  name: 'postgres',
  description: 'profile computed in PostgreSQL vs pulling every row and profiling in memory (10 x --rows rows)',
  run,
  runChild,
};
