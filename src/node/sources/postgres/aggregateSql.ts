/**
 * Aggregate queries of the pushdown profile: many columns' aggregates in one scan, each column's
 * value computed once in a subquery, results read back by position; columns grouped by value in
 * one scan (hashed grouping sets), each sending its groups only when they are few.
 */
import type { PostgresSession } from './connection';
import type { NumberAggregates } from './columnPlans';
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
 * With a `shift` (a value near the mean, see {@link leadingValues}), sums of powers about it give the
 * moments about the mean as well (see {@link centralMoments}).
 */
export function addNumberAggregates(list: SelectList, v: string, datetime: boolean, shift?: number): (row: readonly unknown[]) => NumberAggregates {
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
  const d = shift === undefined ? '' : `(${v} - ${float8Literal(shift)})`;
  const sums = shift === undefined ? undefined : [list.add(`sum(${d})`), list.add(`sum(${d} * ${d})`), list.add(`sum(${d} * ${d} * ${d})`)];
  return (row) => {
    const n = num(row[count]);
    const moments = sums === undefined ? undefined : centralMoments(n, num(row[sums[0]]), num(row[sums[1]]), num(row[sums[2]]));
    return {
      count: n,
      unique: num(row[unique]),
      min: num(row[min]),
      max: num(row[max]),
      mean: num(row[mean]),
      zeros: zeros < 0 ? 0 : num(row[zeros]),
      ones: ones < 0 ? 0 : num(row[ones]),
      whole: row[whole] === true,
      hasTime: hasTime >= 0 && row[hasTime] === true,
      quantiles: ((row[quantiles] as number[] | null) ?? []).map(Number),
      ...(moments === undefined ? {} : { moments }),
    };
  };
}

/** A key's group, from {@link cappedGroups}. */
export interface KeyGroup {
  /** The key's value (as shown), never NULL. */
  readonly value: unknown;
  readonly rows: number;
  /** The first row holding it (`automl_rn`), when asked for. */
  readonly first: number;
}

/** A key grouped by `raw` (an expression over the FROM item) and shown as `shown` (an expression over `raw`; `raw` itself when absent). */
export interface GroupKey {
  readonly raw: string;
  readonly shown?: string;
}

/**
 * Each of `keys` grouped in one scan of `from` (hashed, one grouping set per key): the rows of
 * `from`, and for each key its groups (values shown alike merged), or `undefined` when it has
 * more than `limit` of them. Only the groups of keys within the limit leave the server (a window
 * over the groups counts each key's). With `firstRows`, `from` numbers its rows `automl_rn` and
 * each group gives the first row it appears in.
 */
export async function cappedGroups(
  session: PostgresSession,
  from: string,
  keys: readonly GroupKey[],
  limit: number,
  firstRows: boolean,
): Promise<{ rows: number; groups: (KeyGroup[] | undefined)[] }> {
  // Which key a group's set groups by (-1: the empty set, all rows); GROUPING() is 0 for it, and the other keys are NULL.
  const set = `CASE ${keys.map((key, k) => `WHEN GROUPING(${key.raw}) = 0 THEN ${k} `).join('')}ELSE -1 END`;
  const first = firstRows ? ', min(automl_rn) AS f' : ', 0 AS f';
  const grouped =
    `SELECT ${set} AS k, coalesce(${keys.map((key) => key.shown ?? key.raw).join(', ')}) AS e, count(*) AS n${first} ` +
    `FROM ${from} GROUP BY GROUPING SETS ((), ${keys.map((key) => `(${key.raw})`).join(', ')})`;
  const merged = keys.some((key) => key.shown !== undefined) ? `SELECT k, e, sum(n) AS n, min(f) AS f FROM (${grouped}) AS raw GROUP BY k, e` : grouped;
  const { rows } = await session.query(
    `SELECT k, e, n, f, d FROM (SELECT m.*, count(e) OVER (PARTITION BY k) AS d, row_number() OVER (PARTITION BY k) AS r FROM (${merged}) AS m) AS g ` +
      `WHERE d <= ${limit} OR r = 1`,
  );
  let total = 0;
  const groups: (KeyGroup[] | undefined)[] = keys.map(() => []);
  for (const [k, value, count, firstRow, distinct] of rows) {
    const at = num(k);
    if (at < 0) total = num(count);
    else if (num(distinct) > limit) groups[at] = undefined;
    else if (value !== null) groups[at]?.push({ value, rows: num(count), first: num(firstRow) });
  }
  return { rows: total, groups };
}

/**
 * Number or datetime columns (`values`, float8 columns of `from`) counted by value in one scan:
 * the rows of `from`, and each column's distinct values and their rows, or `undefined` for a
 * column with more than `limit`.
 */
export async function countValues(
  session: PostgresSession,
  from: string,
  values: readonly string[],
  limit: number,
): Promise<{ rows: number; counted: ({ values: Float64Array; counts: Float64Array } | undefined)[] }> {
  const { rows, groups } = await cappedGroups(session, from, values.map((raw) => ({ raw })), limit, false);
  return { rows, counted: groups.map((list) => list && { values: Float64Array.from(list, (g) => Number(g.value)), counts: Float64Array.from(list, (g) => g.rows) }) };
}

/** How many standard deviations a shift may lie from the mean for {@link centralMoments} to answer. */
const MAX_SHIFT_DEVIATIONS = 4;

/**
 * Σ(x - mean)² and Σ(x - mean)³ of `n` values from their sums of powers about a shift `s`
 * (`s1` = Σ(x - s), `s2` = Σ(x - s)², `s3` = Σ(x - s)³). Near the mean the sums lose no more than
 * a few bits to cancellation, so the moments agree with two passes to rounding; beyond
 * `MAX_SHIFT_DEVIATIONS` standard deviations the answer is undefined, and the moments take a
 * second pass ({@link momentAggregates}).
 */
export function centralMoments(n: number, s1: number, s2: number, s3: number): { readonly m2: number; readonly m3: number } | undefined {
  if (!(n > 0)) return undefined;
  // The mean is s + a.
  const a = s1 / n;
  const m2 = s2 - s1 * a;
  const m3 = s3 - 3 * a * s2 + 2 * n * a * a * a;
  if (!(m2 >= 0) || !Number.isFinite(m3) || a * a * n > MAX_SHIFT_DEVIATIONS * MAX_SHIFT_DEVIATIONS * m2) return undefined;
  return { m2, m3 };
}

/** Leading rows read for {@link leadingValues}. */
const LEAD_ROWS = 10_000;

/** What the first rows of a number or datetime column suggest. */
export interface LeadingValues {
  /** The median of its present values, likely near the mean (none without any): a shift for {@link addNumberAggregates}. */
  readonly shift?: number;
  /** At most half as many distinct values as present ones, of at least 100: likely few distinct values in all. */
  readonly repeats: boolean;
}

/** What the first `LEAD_ROWS` rows of `from` suggest of each of `values` (float8 columns of `from`). */
export async function leadingValues(session: PostgresSession, from: string, values: readonly string[]): Promise<LeadingValues[]> {
  if (values.length === 0) return [];
  const { rows } = await session.query(`SELECT ${values.join(', ')} FROM ${from} LIMIT ${LEAD_ROWS}`);
  return values.map((_, k) => {
    const present = Float64Array.from(rows.flatMap((row) => (row[k] === null ? [] : [Number(row[k])]))).sort();
    let distinct = 0;
    for (let i = 0; i < present.length; i++) if (i === 0 || present[i] !== present[i - 1]) distinct++;
    return {
      ...(present.length === 0 ? {} : { shift: present[present.length >> 1] }),
      repeats: present.length >= 100 && distinct * 2 <= present.length,
    };
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

/** A column's moments about its mean (see {@link momentAggregates}). */
export interface MomentAggregates {
  readonly m2: number;
  readonly m3: number;
}

/**
 * Moments about the mean of the `inputs` the first pass could not give them for, in one scan of
 * `from` (a FROM item).
 */
export async function momentAggregates(session: PostgresSession, from: string, inputs: readonly SpreadInput[]): Promise<MomentAggregates[]> {
  if (inputs.length === 0) return [];
  const list = new SelectList();
  const at = inputs.map(({ sql: v, mean }) => {
    const d = `(${v} - ${float8Literal(mean)})`;
    return { m2: list.add(`sum(${d} * ${d})`), m3: list.add(`sum(${d} * ${d} * ${d})`) };
  });
  const row = await aggregateRow(session, `SELECT ${list} FROM ${from}`);
  return at.map((k) => ({ m2: num(row[k.m2]), m3: num(row[k.m3]) }));
}

/** A column's histogram counts (on its input's edges) and outliers, from {@link spreadCounts}. */
export interface SpreadCounts {
  readonly counts: number[];
  readonly outliers: number;
}

/**
 * The second pass, in one scan of `from`: each input's histogram and outliers, and how often
 * each `ordered` column (never missing) goes up or down from the previous row's value, in scan
 * order. Every column is one hashed grouping set: its values by `width_bucket` on the histogram's
 * edges and the outlier fences together, so every value falls in the bin the engine puts it in
 * (`[edges[i], edges[i+1])`, the last bin closed) and on the engine's side of the fences (below
 * `low` or above `high`); an ordered column's steps by their sign.
 */
export async function spreadCounts(
  session: PostgresSession,
  from: string,
  inputs: readonly SpreadInput[],
  ordered: readonly string[],
): Promise<{ spreads: SpreadCounts[]; orders: OrderCounts[] }> {
  if (inputs.length === 0 && ordered.length === 0) return { spreads: [], orders: [] };
  const bounds = inputs.map((input) => {
    // Above `high` is at or above the next double up.
    const above = nextUp(input.high);
    const thresholds = [...new Set([...input.edges, input.low, above])].filter(Number.isFinite).sort((a, b) => a - b);
    return { thresholds, above };
  });
  const buckets = inputs.map((input, k) => `width_bucket(${input.sql}, ARRAY[${bounds[k].thresholds.map(float8Literal).join(', ')}]::float8[]) AS b${k}`);
  const steps = ordered.map((v, k) => `CASE WHEN ${v} > automl_lag${k} THEN 1 WHEN ${v} < automl_lag${k} THEN -1 WHEN ${v} = automl_lag${k} THEN 0 END AS b${inputs.length + k}`);
  const lagged = ordered.length === 0 ? from : `(SELECT src.*, ${ordered.map((v, k) => `lag(${v}) OVER () AS automl_lag${k}`).join(', ')} FROM ${from}) AS src`;
  const names = [...buckets, ...steps].map((_, k) => `b${k}`);
  const sql =
    `SELECT ${names.map((b) => `GROUPING(${b})`).join(', ')}, ${names.join(', ')}, count(*) ` +
    `FROM (SELECT ${[...buckets, ...steps].join(', ')} FROM ${lagged}) AS buckets GROUP BY GROUPING SETS (${names.map((b) => `(${b})`).join(', ')})`;
  const { rows } = ordered.length === 0 ? await session.query(sql) : await inScanOrder(session, () => session.query(sql));
  const spreads = inputs.map((input) => ({ counts: new Array<number>(input.edges.length - 1).fill(0), outliers: 0 }));
  const orders = ordered.map(() => ({ pairs: 0, up: 0, down: 0 }));
  const n = names.length;
  for (const row of rows) {
    const k = row.findIndex((grouping, i) => i < n && num(grouping) === 0);
    const value = row[n + k];
    const count = num(row[2 * n]);
    if (value === null) continue;
    if (k >= inputs.length) {
      const order = orders[k - inputs.length];
      const step = num(value);
      order.pairs += count;
      if (step >= 0) order.up += count;
      if (step <= 0) order.down += count;
      continue;
    }
    // width_bucket counts the thresholds at or below a value: the bucket's values lie in [lower, upper).
    const { thresholds, above } = bounds[k];
    const bucket = num(value);
    const lower = bucket === 0 ? -Infinity : thresholds[bucket - 1];
    const upper = bucket === thresholds.length ? Infinity : thresholds[bucket];
    const spread = spreads[k];
    if (upper <= inputs[k].low || lower >= above) spread.outliers += count;
    let bin = -1;
    for (const edge of inputs[k].edges) if (edge <= lower) bin++;
    spread.counts[Math.min(Math.max(bin, 0), spread.counts.length - 1)] += count;
  }
  return { spreads, orders };
}

/** The smallest double above `x` (`x` itself when infinite or NaN). */
function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}
