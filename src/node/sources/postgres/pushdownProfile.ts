/**
 * The profile of a PostgreSQL table or query computed in the database: the `DatasetProfile`
 * `profileFrame` gives of the rows read (same column types, counts, statistics, warnings), from
 * a few aggregate scans instead of the rows. Counts, missing and distinct values, min and max are
 * exact; the mean, standard deviation and skewness agree to floating-point rounding (the database
 * sums in its own order); quantiles are `percentile_cont`, the engine's interpolation. Only
 * aggregates and a seeded sample of at most 200,000 rows (for the associations) leave the server.
 *
 * Two passes, each a set of independent statements that `PROFILE_CONNECTIONS` connections on one
 * snapshot run side by side, the costliest first. The first: each number or date column's
 * aggregates (sorted once when alone in its statement), with sums of powers about a value near
 * its mean that give its moments; or, when its first rows repeat values, every value with its
 * rows, from which everything is computed here (weightedStats.ts); and every text column's
 * entries (textPlans.ts). The second: histograms and outliers (with the time order of date
 * columns), duplicate rows (none to count when a column is distinct), the association sample
 * (drawn from a few more rows than it needs, kept by a hash threshold) and the associations,
 * computed here while the server works on.
 *
 * Where the database cannot follow the reader's rules exactly, the profile says what the SQL can
 * tell (see textSql.ts): a text column with more than `DICTIONARY_LIMIT` distinct values is read
 * as numbers or dates only when they are written plainly (`12.5`, ISO dates), and stays text
 * otherwise; duplicate rows compare a text column of numbers or dates by its trimmed texts ('1.0'
 * and '1' differ).
 *
 * The steps live in their own modules: aggregateSql.ts (the statements of numbers), textPlans.ts
 * (typing text), planProfiles.ts (column and target profiles), rowChecks.ts (time order,
 * duplicates), associationSample.ts.
 */
import { PLAIN_NUMBER_FORMAT } from '../../../engine/data/frame';
import { looksLikeIdName } from '../../../engine/data/inferType';
import type { ReadReport } from '../../../engine/data/readReport';
import { uniqueHeaderNames } from '../../../engine/data/sniff';
import { CancelledError } from '../../../engine/errors';
import { computeAssociations, DEFAULT_MAX_ASSOCIATION_COLUMNS, type Associations } from '../../../engine/profile/associations';
import { histogramSorted } from '../../../engine/profile/numericStats';
import { profileFrame } from '../../../engine/profile/profileFrame';
import type { OrderShares } from '../../../engine/profile/timeOrder';
import type { ColumnProfile, DatasetProfile, ProfileWarning, TargetProfile } from '../../../engine/profile/types';
import { columnWarnings, duplicateRowsWarning, imbalancedTargetWarning, leakageWarning, reportWarnings } from '../../../engine/profile/warnings';
import type { SourceProfileOptions } from '../dataSource';
import { addNumberAggregates, aggregateRow, countValues, inScanOrder, leadingValues, MAX_SAFE, momentAggregates, num, SelectList, spreadCounts, type MomentAggregates, type SpreadCounts, type SpreadInput } from './aggregateSql';
import { countedAggregates } from './weightedStats';
import { sampleFrame } from './associationSample';
import type { ColumnPlan, NumberAggregates } from './columnPlans';
import { runConcurrently, type PostgresSession } from './connection';
import { columnProfile, columnShape, targetProfile } from './planProfiles';
import { ProfileRelation, sourceColumns, type SourceColumn } from './profileRelation';
import { fieldsOf } from './readRows';
import { countDuplicates, isTimeColumn, orderShares, orderSharesOf } from './rowChecks';
import { columnAlias, relationOf } from './sql';
import { classifyText, scanEntries, type EntryScan } from './textPlans';

/** Text columns with at most this many distinct entries are classified here, by the reader's own code. */
export const DICTIONARY_LIMIT = 50_000;
/** Fewer than this and a column could be boolean, which only the reader's code decides. */
const MIN_DICTIONARY_LIMIT = 12;

/** Options of {@link pushdownProfile}. */
export interface PushdownOptions extends SourceProfileOptions {
  /** Override of `DICTIONARY_LIMIT` (tests use small values to reach the SQL classification). */
  readonly dictionaryLimit?: number;
}

/**
 * Connections a profile reads through (postgresSource.ts opens them): independent statements run
 * side by side, one per connection, as many as the cores of a small server.
 */
export const PROFILE_CONNECTIONS = 2;

/** Work for one connection, with a guess of its cost (units of about one sort of a column). */
interface Task {
  readonly cost: number;
  readonly run: (on: PostgresSession) => Promise<void>;
}

/** Profiles the data of `spec` in the database (see the file comment), on the sessions of `session.pool`. */
export async function pushdownProfile(
  session: PostgresSession,
  spec: { readonly table?: string; readonly query?: string },
  options: PushdownOptions = {},
): Promise<DatasetProfile> {
  const progress = (fraction: number): void => options.onProgress?.(fraction);
  const fields = await fieldsOf(session, spec);
  const { names, renamed } = uniqueHeaderNames(fields.map((field) => field.name.trim()));
  if (options.target !== undefined && !names.includes(options.target)) {
    // profileFrame's own error for an unknown target (it lists the columns), from the columns alone.
    profileFrame({ rowCount: 0, columns: names.map((name) => ({ storage: 'categorical', name, type: 'categorical', codes: new Int32Array(0), dictionary: [] })) }, { target: options.target });
  }
  const columns = sourceColumns(fields, names, columnAlias);
  const relation = new ProfileRelation(relationOf(spec, fields.length), columns);
  const limit = Math.max(MIN_DICTIONARY_LIMIT, options.dictionaryLimit ?? DICTIONARY_LIMIT);
  const pool = session.pool;
  const run = (tasks: readonly Task[]): Promise<void> =>
    runConcurrently(
      pool,
      [...tasks].sort((a, b) => b.cost - a.cost).map((task) => task.run),
    );

  // Pass 1, its statements side by side: the row count; numbers' and dates' aggregates (each
  // group of columns in a scan of its own), or for columns whose first rows repeat values, each
  // value's rows (one scan for them all); text columns' distinct entries (one scan for them all).
  let from = relation.from();
  const numberColumns = columns.flatMap((column, j) => (column.kind === 'text' ? [] : [j]));
  const textColumns = columns.flatMap((column, j) => (column.kind === 'text' ? [j] : []));
  const valueOf = (j: number): string => ProfileRelation.first(columns[j], j);
  const leading = await leadingValues(session, from, numberColumns.map(valueOf));
  const lead = new Map(numberColumns.map((j, k) => [j, leading[k]]));
  const firsts = new Map<number, NumberAggregates>();
  const counted = new Map<number, { values: Float64Array; counts: Float64Array } | undefined>();
  let rows = 0;
  let entries: EntryScan | undefined;
  const aggregated = (group: readonly number[]): Task => ({
    cost: 2 * group.length,
    run: async (on) => {
      const list = new SelectList();
      const rowsAt = list.add('count(*)');
      const readers = group.map((j) => addNumberAggregates(list, valueOf(j), columns[j].kind === 'datetime', lead.get(j)?.shift));
      // A column of its own is sorted once: its distinct count and quantiles then get their values
      // in order, which PostgreSQL's sorts check for first (a quarter less time for the statement).
      const source = group.length === 1 ? `(SELECT ${valueOf(group[0])} FROM ${from} ORDER BY 1 OFFSET 0) AS src` : from;
      const row = await aggregateRow(on, `SELECT ${list} FROM ${source}`);
      rows = num(row[rowsAt]);
      group.forEach((j, k) => firsts.set(j, readers[k](row)));
    },
  });
  const repeating = numberColumns.filter((j) => lead.get(j)?.repeats === true);
  const firstTasks = groupsOf(
    numberColumns.filter((j) => !repeating.includes(j)),
    pool.length,
    SORTED_ALONE,
  ).map(aggregated);
  if (repeating.length > 0) {
    firstTasks.push({
      cost: repeating.length / 2,
      run: async (on) => {
        const found = await countValues(on, from, repeating.map(valueOf), limit);
        rows = found.rows;
        repeating.forEach((j, k) => counted.set(j, found.counted[k]));
      },
    });
  }
  if (textColumns.length > 0) firstTasks.push({ cost: 1 + textColumns.length / 2, run: async (on) => void (entries = await scanEntries(on, relation, columns, textColumns, limit)) });
  if (columns.length === 0) firstTasks.push({ cost: 0, run: async (on) => void (rows = num((await aggregateRow(on, `SELECT count(*) FROM ${from}`))[0])) });
  await run(firstTasks);
  // Columns that repeat values early but have many in all take the aggregates after all.
  await run(groupsOf(repeating.filter((j) => counted.get(j) === undefined), pool.length, SORTED_ALONE).map(aggregated));
  if (entries !== undefined) rows = entries.rows;
  progress(0.25);

  const plans: (ColumnPlan | undefined)[] = columns.map(() => undefined);
  for (const [j, first] of firsts) plans[j] = planValues(columns[j], valueOf(j), first, rows);
  for (const [j, found] of counted) {
    if (found === undefined) continue;
    const aggregates = countedAggregates(found.values, found.counts, rows, columns[j].kind === 'datetime');
    const plan = aggregates === undefined ? { kind: 'empty' as const } : planValues(columns[j], valueOf(j), aggregates.first, rows);
    // Values counted give the spread as well.
    plans[j] = plan.kind === 'values' && aggregates !== undefined ? { ...plan, spread: aggregates.spread } : plan;
  }
  for (const j of await idsInScanOrder(session, relation, columns, plans, rows)) {
    const plan = plans[j];
    if (plan?.kind === 'values') plans[j] = { ...plan, type: 'id' };
  }
  for (const [j, plan] of entries?.plans ?? []) plans[j] = plan;
  for (const [j, plan] of await classifyText(session, relation, columns, entries?.many ?? [])) plans[j] = plan;
  progress(0.5);

  // Pass 2, its statements side by side: the spread of the columns not counted by value
  // (histograms and outliers, with the time order of the columns never missing; the moments the
  // first pass could not give), the time order of the others, duplicate rows, the association
  // sample (the associations computed while the server works on), and the top values of columns
  // kept as text.
  const decided = plans as ColumnPlan[];
  // With the parsed values of text read as numbers or dates.
  from = relation.from();
  type ValuesPlan = Extract<ColumnPlan, { kind: 'values' }>;
  const valuePlan = (j: number): ValuesPlan => decided[j] as ValuesPlan;
  const spreadColumns = decided.flatMap((plan, j) => (plan.kind === 'values' && plan.spread === undefined ? [j] : []));
  const timeColumns = decided.flatMap((plan, j) => (isTimeColumn(columns[j].name, plan) ? [j] : []));
  const ordered = timeColumns.filter((j) => decided[j].kind === 'values' && valuePlan(j).first.count === rows);
  const spreadInput = (j: number): SpreadInput => {
    const plan = valuePlan(j);
    const q = plan.first.quantiles;
    const iqr = q[4] - q[2];
    const integerBins = plan.storage === 'numeric' && plan.first.whole;
    return {
      sql: plan.sql,
      mean: plan.first.mean,
      low: q[2] - 1.5 * iqr,
      high: q[4] + 1.5 * iqr,
      edges: histogramSorted(Float64Array.of(plan.first.min, plan.first.max), integerBins).edges,
    };
  };
  const spreads = new Map<number, SpreadCounts>();
  const moments = new Map<number, MomentAggregates>();
  const orders = new Map<number, OrderShares | undefined>();
  const queried = new Map<number, ColumnProfile>();
  let duplicateRows = 0;
  const secondTasks: Task[] = [{ cost: columns.length / 2, run: async (on) => void (duplicateRows = await countDuplicates(on, relation, decided, rows)) }];
  // A column's time order goes in the statement of its spread, which computes its values anyway.
  const units = [...spreadColumns, ...ordered.filter((j) => !spreadColumns.includes(j))];
  for (const group of groupsOf(units, pool.length)) {
    const spread = group.filter((j) => spreadColumns.includes(j));
    const lagged = group.filter((j) => ordered.includes(j));
    secondTasks.push({
      cost: spread.length + lagged.length,
      run: async (on) => {
        const result = await spreadCounts(on, from, spread.map(spreadInput), lagged.map((j) => valuePlan(j).sql));
        spread.forEach((j, k) => spreads.set(j, result.spreads[k]));
        lagged.forEach((j, k) => orders.set(j, orderShares(result.orders[k])));
      },
    });
  }
  for (const j of spreadColumns) {
    const first = valuePlan(j).first.moments;
    if (first !== undefined) moments.set(j, first);
  }
  for (const group of groupsOf(
    spreadColumns.filter((j) => !moments.has(j)),
    pool.length,
  )) {
    secondTasks.push({
      cost: group.length / 2,
      run: async (on) => {
        const result = await momentAggregates(on, from, group.map(spreadInput));
        group.forEach((j, k) => moments.set(j, result[k]));
      },
    });
  }
  for (const j of timeColumns) {
    if (!ordered.includes(j)) secondTasks.push({ cost: 1, run: async (on) => void orders.set(j, await orderSharesOf(on, relation, decided[j])) });
  }
  decided.forEach((plan, j) => {
    if (plan.kind === 'binary' || plan.kind === 'strings') secondTasks.push({ cost: 1, run: async (on) => void queried.set(j, await columnProfile(on, relation, columns[j].name, plan, rows)) });
  });
  // The associations need the columns' types and counts only: what the shapes hold.
  const seed = options.seed ?? 42;
  const shapes = columns.map((column, j) => columnShape(column.name, decided[j], rows));
  const targetIndex = options.target === undefined ? undefined : names.indexOf(options.target);
  let associated: Promise<Associations> | undefined;
  secondTasks.push({
    // First: the associations are then computed while the server works on the rest.
    cost: Infinity,
    run: async (on) => {
      const sample = await sampleFrame(on, relation, columns, decided, shapes, rows, seed);
      // Computed once this connection has its next statement.
      associated = new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(
              computeAssociations(sample, shapes, {
                targetIndex,
                seed,
                maxColumns: DEFAULT_MAX_ASSOCIATION_COLUMNS,
                checkAborted: () => {
                  if (options.signal?.aborted) throw new CancelledError();
                },
              }),
            );
          } catch (error) {
            reject(error);
          }
        }),
      );
      // Awaited after the pass; a failure of the pass must not leave it unhandled.
      associated.catch(() => {});
    },
  });
  await run(secondTasks);
  const associations = await (associated as Promise<Associations>);
  for (const j of spreadColumns) {
    const { counts, outliers } = spreads.get(j) as SpreadCounts;
    valuePlan(j).spread = { ...(moments.get(j) as MomentAggregates), outliers, histogram: { edges: spreadInput(j).edges, counts } };
  }
  progress(0.75);

  const profiles: ColumnProfile[] = [];
  for (let j = 0; j < columns.length; j++) profiles.push(queried.get(j) ?? (await columnProfile(session, relation, columns[j].name, decided[j], rows)));
  const badValues = decided.flatMap((plan) => (plan.kind === 'values' && plan.badValues ? [plan.badValues] : plan.kind === 'entries' && plan.built.badValues ? [plan.built.badValues] : []));
  const report: ReadReport = {
    positions: 'row',
    encoding: 'utf-8',
    bytes: 0,
    lines: rows,
    parseIssues: [],
    parseIssueCount: 0,
    raggedRows: { count: 0, policy: 'pad', firstLines: [] },
    renamedHeaders: renamed,
    badValues,
    blankLines: 0,
  };
  const warnings: ProfileWarning[] = reportWarnings(report, (name) => profiles.find((p) => p.name === name)?.type);
  for (let j = 0; j < columns.length; j++) warnings.push(...columnWarnings(profiles[j], rows, orders.get(j)));
  const duplicates = duplicateRowsWarning(duplicateRows, rows);
  if (duplicates) warnings.push(duplicates);

  let target: TargetProfile | undefined;
  if (targetIndex !== undefined) {
    target = await targetProfile(session, relation, columns[targetIndex].name, decided[targetIndex], profiles[targetIndex]);
    const imbalance = imbalancedTargetWarning(target);
    if (imbalance) warnings.push(imbalance);
    for (const profile of profiles) {
      const association = associations.withTarget.get(profile.name);
      const leak = association && leakageWarning(profile, target.column, association);
      if (leak) warnings.push(leak);
    }
  }
  progress(1);
  return {
    rows,
    columns: profiles,
    warnings,
    parseIssues: [],
    badValues,
    // Issues name rows of the result, as profileFrame says of the rows read.
    positions: 'row',
    duplicateRows,
    ...(target ? { target } : {}),
    associations: { columns: associations.columns, sampledRows: associations.sampledRows, pairs: associations.pairs },
  };
}

/**
 * Columns per connection that the first pass aggregates each in a statement of its own (sorted
 * once), when there are no more; more share statements, so scans stay few on wide sources.
 */
const SORTED_ALONE = 4;

/**
 * `items` dealt round-robin into as many groups as there are `connections` (one group on one
 * connection, else two per connection, so the queue can even out groups of unequal cost), or one
 * group each when there are at most `alone` per connection; no empty groups. Each group is one
 * statement: one scan, however many columns it holds.
 */
function groupsOf<T>(items: readonly T[], connections: number, alone = 0): T[][] {
  const count = items.length <= alone * connections ? items.length : Math.min(items.length, connections === 1 ? 1 : 2 * connections);
  const groups = Array.from({ length: count }, (): T[] => []);
  items.forEach((item, i) => groups[i % count].push(item));
  return groups;
}

/** A number or datetime column typed by `finishNumbers`' rules (the counter check comes later). */
function planValues(column: SourceColumn, sql: string, first: NumberAggregates, rows: number): ColumnPlan {
  if (first.count === 0) return { kind: 'empty' };
  if (column.kind === 'datetime') {
    return { kind: 'values', storage: 'datetime', type: 'datetime', sql, format: { order: 'ymd', hasTime: first.hasTime }, first };
  }
  if (first.zeros > 0 && first.ones > 0 && first.zeros + first.ones === first.count) return { kind: 'binary', sql, zeros: first.zeros, ones: first.ones };
  const integral = first.whole && Math.max(Math.abs(first.min), Math.abs(first.max)) <= MAX_SAFE;
  const distinctComplete = first.count >= 20 && first.count === rows && first.unique === first.count;
  const type = integral && distinctComplete && looksLikeIdName(column.name) ? 'id' : integral ? 'integer' : 'float';
  return { kind: 'values', storage: 'numeric', type, sql, format: PLAIN_NUMBER_FORMAT, first };
}

/**
 * Integer columns that count rows (each value one more than the row before, in scan order): the
 * reader calls them identifiers. Only columns whose distinct values span exactly their count are
 * checked, with one scan each.
 */
async function idsInScanOrder(session: PostgresSession, relation: ProfileRelation, columns: readonly SourceColumn[], plans: readonly (ColumnPlan | undefined)[], rows: number): Promise<number[]> {
  const ids: number[] = [];
  for (let j = 0; j < columns.length; j++) {
    const plan = plans[j];
    if (plan?.kind !== 'values' || plan.type !== 'integer') continue;
    const { count, unique, min, max } = plan.first;
    if (count < 20 || count !== rows || unique !== count || max - min !== count - 1) continue;
    const [consecutive] = await inScanOrder(session, () =>
      aggregateRow(session, `SELECT bool_and(v = p + 1) FROM (SELECT ${plan.sql} AS v, lag(${plan.sql}) OVER () AS p FROM ${relation.from()}) w WHERE p IS NOT NULL`),
    );
    if (consecutive === true) ids.push(j);
  }
  return ids;
}
