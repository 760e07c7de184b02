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

/**
 * The second pass over `inputs` in one scan of `from` (a FROM item aliased `src`): moments about
 * the mean, outliers beyond the fences and histogram counts (`width_bucket` on the exact edges,
 * so every value falls in the bin the engine puts it in: `[edges[i], edges[i+1])`, the last bin
 * closed).
 */
export async function spreadAggregates(session: PostgresSession, from: string, inputs: readonly SpreadInput[]): Promise<SpreadAggregates[]> {
  if (inputs.length === 0) return [];
  const lateral = inputs
    .map((input, k) => {
      const v = `src.${input.sql}`;
      const edges = `ARRAY[${input.edges.map(float8Literal).join(', ')}]::float8[]`;
      return `(${k}, ${v}, width_bucket(${v}, ${edges}), ${float8Literal(input.mean)}, ${float8Literal(input.low)}, ${float8Literal(input.high)})`;
    })
    .join(', ');
  const { rows } = await session.query(
    `SELECT d.k, d.b, count(*), sum((d.v - d.m) * (d.v - d.m)), sum((d.v - d.m) * (d.v - d.m) * (d.v - d.m)), ` +
      `count(*) FILTER (WHERE d.v < d.lo OR d.v > d.hi) ` +
      `FROM ${from} CROSS JOIN LATERAL (VALUES ${lateral}) AS d(k, v, b, m, lo, hi) ` +
      'WHERE d.v IS NOT NULL GROUP BY d.k, d.b',
  );
  const results = inputs.map((input) => ({ m2: 0, m3: 0, outliers: 0, counts: new Array<number>(input.edges.length - 1).fill(0) }));
  for (const row of rows) {
    const result = results[num(row[0])];
    const bins = result.counts.length;
    // width_bucket counts the edges at or below the value: 1 in the first bin, bins + 1 at the top edge.
    result.counts[Math.min(num(row[1]), bins) - 1] += num(row[2]);
    result.m2 += num(row[3]);
    result.m3 += num(row[4]);
    result.outliers += num(row[5]);
  }
  return results.map((r, k) => ({ m2: r.m2, m3: r.m3, outliers: r.outliers, histogram: { edges: inputs[k].edges, counts: r.counts } }));
}
