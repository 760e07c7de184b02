/**
 * Aggregate queries of the pushdown profile: many columns' aggregates in one scan, each column's
 * value computed once in a subquery, results read back by position.
 */
import type { PostgresSession } from './connection';
import type { NumberAggregates, SpreadAggregates } from './columnPlans';
import { float8Literal } from './sql';

/** The fractions of `Quantiles`, in its order. */
export const QUANTILE_FRACTIONS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

/** Largest integer a double holds exactly (`finishNumbers` calls bigger ones float). */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A select list built up by parts, each part's results read back by the index `add` returns. */
export class SelectList {
  private readonly items: string[] = [];

  /** Adds one output expression; returns its index in the result row. */
  add(sql: string): number {
    this.items.push(sql);
    return this.items.length - 1;
  }

  get size(): number {
    return this.items.length;
  }

  toString(): string {
    return this.items.length === 0 ? '1' : this.items.join(', ');
  }
}

/** The single row of an aggregate query. */
export async function aggregateRow(session: PostgresSession, sql: string): Promise<unknown[]> {
  return (await session.query(sql)).rows[0];
}

/**
 * Runs `work` with parallel plans off: statements that number rows with `row_number() OVER ()`
 * or compare neighbours with `lag` need the rows in scan order, which a parallel scan's Gather
 * does not keep.
 */
export async function inScanOrder<T>(session: PostgresSession, work: () => Promise<T>): Promise<T> {
  await session.query('SET max_parallel_workers_per_gather = 0');
  const result = await work();
  await session.query('RESET max_parallel_workers_per_gather');
  return result;
}

/** A count as a number (pg hands bigints over as text). */
export function num(value: unknown): number {
  return value === null || value === undefined ? NaN : Number(value);
}

/**
 * Adds the first-pass aggregates of `v` (a float8 column of the FROM item: numbers, or epoch
 * milliseconds when `datetime`) to `list`; the returned function reads them from the result row.
 */
export function addNumberAggregates(list: SelectList, v: string, datetime: boolean): (row: readonly unknown[]) => NumberAggregates {
  const count = list.add(`count(${v})`);
  const unique = list.add(`count(DISTINCT ${v})`);
  const min = list.add(`min(${v})`);
  const max = list.add(`max(${v})`);
  const mean = list.add(`avg(${v})`);
  const zeros = datetime ? -1 : list.add(`count(*) FILTER (WHERE ${v} = 0)`);
  const ones = datetime ? -1 : list.add(`count(*) FILTER (WHERE ${v} = 1)`);
  const whole = list.add(`bool_and(${v} = trunc(${v}))`);
  const hasTime = datetime ? list.add(`bool_or(mod(${v}::bigint, 86400000) <> 0)`) : -1;
  const quantiles = list.add(`percentile_cont(ARRAY[${QUANTILE_FRACTIONS.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY ${v})`);
  return (row) => ({
    count: num(row[count]),
    unique: num(row[unique]),
    min: num(row[min]),
    max: num(row[max]),
    mean: num(row[mean]),
    zeros: zeros < 0 ? 0 : num(row[zeros]),
    ones: ones < 0 ? 0 : num(row[ones]),
    whole: row[whole] === true,
    hasTime: hasTime >= 0 && row[hasTime] === true,
    quantiles: ((row[quantiles] as number[] | null) ?? []).map(Number),
  });
}

/** What the second pass needs of a column: its value, mean, outlier fences and histogram edges. */
export interface SpreadInput {
  /** The value: a column of the FROM item. */
  readonly sql: string;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly edges: readonly number[];
}

/** How often a column's present values go up or down from the previous row's (see `orderShares`). */
export interface OrderCounts {
  readonly pairs: number;
  readonly up: number;
  readonly down: number;
}

/**
 * The second pass, in two scans of `from` (a FROM item): moments about the mean and outliers
 * beyond the fences of `inputs`, with each value of the `ordered` columns (which have no missing
 * values) compared with the previous row's, in scan order; then histogram counts, one grouping
 * set per column, by `width_bucket` on the exact edges (so every value falls in the bin the
 * engine puts it in: `[edges[i], edges[i+1])`, the last bin closed).
 */
export async function spreadAggregates(
  session: PostgresSession,
  from: string,
  inputs: readonly SpreadInput[],
  ordered: readonly string[],
): Promise<{ spreads: SpreadAggregates[]; orders: OrderCounts[] }> {
  if (inputs.length === 0 && ordered.length === 0) return { spreads: [], orders: [] };
  const list = new SelectList();
  const at = inputs.map(({ sql: v, mean, low, high }) => {
    const d = `(${v} - ${float8Literal(mean)})`;
    return {
      m2: list.add(`sum(${d} * ${d})`),
      m3: list.add(`sum(${d} * ${d} * ${d})`),
      outliers: list.add(`count(*) FILTER (WHERE ${v} < ${float8Literal(low)} OR ${v} > ${float8Literal(high)})`),
    };
  });
  const lags = ordered.map((v, k) => ({
    pairs: list.add(`count(automl_lag${k})`),
    up: list.add(`count(*) FILTER (WHERE ${v} >= automl_lag${k})`),
    down: list.add(`count(*) FILTER (WHERE ${v} <= automl_lag${k})`),
  }));
  const lagged = ordered.length === 0 ? from : `(SELECT src.*, ${ordered.map((v, k) => `lag(${v}) OVER () AS automl_lag${k}`).join(', ')} FROM ${from}) AS src`;
  const sql = `SELECT ${list} FROM ${lagged}`;
  const row = ordered.length === 0 ? await aggregateRow(session, sql) : await inScanOrder(session, () => aggregateRow(session, sql));
  const orders = lags.map((lag) => ({ pairs: num(row[lag.pairs]), up: num(row[lag.up]), down: num(row[lag.down]) }));
  if (inputs.length === 0) return { spreads: [], orders };
  const buckets = inputs.map((input, k) => `width_bucket(${input.sql}, ARRAY[${input.edges.map(float8Literal).join(', ')}]::float8[]) AS b${k}`);
  const names = inputs.map((_, k) => `b${k}`);
  const { rows } = await session.query(
    `SELECT ${names.map((b) => `GROUPING(${b})`).join(', ')}, ${names.join(', ')}, count(*) ` +
      `FROM (SELECT ${buckets.join(', ')} FROM ${from}) AS buckets GROUP BY GROUPING SETS (${names.map((b) => `(${b})`).join(', ')})`,
  );
  const counts = inputs.map((input) => new Array<number>(input.edges.length - 1).fill(0));
  const n = inputs.length;
  for (const bucketRow of rows) {
    const k = bucketRow.findIndex((grouping, i) => i < n && num(grouping) === 0);
    const bucket = bucketRow[n + k];
    if (bucket === null) continue;
    // width_bucket counts the edges at or below a value: 1 in the first bin, bins + 1 at the top edge.
    const bins = counts[k].length;
    counts[k][Math.min(num(bucket), bins) - 1] += num(bucketRow[2 * n]);
  }
  const spreads = inputs.map((input, k) => ({
    m2: num(row[at[k].m2]),
    m3: num(row[at[k].m3]),
    outliers: num(row[at[k].outliers]),
    histogram: { edges: input.edges, counts: counts[k] },
  }));
  return { spreads, orders };
}
