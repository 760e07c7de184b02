/**
 * The profile of a PostgreSQL table or query computed in the database: the `DatasetProfile`
 * `profileFrame` gives of the rows read (same column types, counts, statistics, warnings), from
 * a few aggregate scans instead of the rows. Counts, missing and distinct values, min and max are
 * exact; the mean, standard deviation and skewness agree to floating-point rounding (the database
 * sums in its own order); quantiles are `percentile_cont`, the engine's interpolation. Only
 * aggregates and a seeded sample of at most 200,000 rows (for the associations) leave the server.
 *
 * Where the database cannot follow the reader's rules exactly, the profile says what the SQL can
 * tell (see textSql.ts): a text column with more than `DICTIONARY_LIMIT` distinct values is read
 * as numbers or dates only when they are written plainly (`12.5`, ISO dates), and stays text
 * otherwise; duplicate rows compare a text column of numbers or dates by its trimmed texts ('1.0'
 * and '1' differ).
 *
 * The steps live in their own modules: textPlans.ts (typing text), planProfiles.ts (column and
 * target profiles), rowChecks.ts (time order, duplicates), associationSample.ts.
 */
import { PLAIN_NUMBER_FORMAT } from '../../../engine/data/frame';
import { looksLikeIdName } from '../../../engine/data/inferType';
import type { ReadReport } from '../../../engine/data/readReport';
import { uniqueHeaderNames } from '../../../engine/data/sniff';
import { CancelledError } from '../../../engine/errors';
import { computeAssociations, DEFAULT_MAX_ASSOCIATION_COLUMNS } from '../../../engine/profile/associations';
import { histogramSorted } from '../../../engine/profile/numericStats';
import { profileFrame } from '../../../engine/profile/profileFrame';
import type { OrderShares } from '../../../engine/profile/timeOrder';
import type { ColumnProfile, DatasetProfile, ProfileWarning, TargetProfile } from '../../../engine/profile/types';
import { columnWarnings, duplicateRowsWarning, imbalancedTargetWarning, leakageWarning, reportWarnings } from '../../../engine/profile/warnings';
import type { SourceProfileOptions } from '../dataSource';
import { addNumberAggregates, aggregateRow, inScanOrder, MAX_SAFE, num, SelectList, spreadAggregates } from './aggregateSql';
import { sampleFrame } from './associationSample';
import type { ColumnPlan, NumberAggregates } from './columnPlans';
import type { PostgresSession } from './connection';
import { columnProfile, targetProfile } from './planProfiles';
import { ProfileRelation, sourceColumns, type SourceColumn } from './profileRelation';
import { fieldsOf } from './readRows';
import { countDuplicates, isTimeColumn, orderShares, orderSharesOf } from './rowChecks';
import { columnAlias, relationOf } from './sql';
import { classifyText, entryPlans } from './textPlans';

/** Text columns with at most this many distinct entries are classified here, by the reader's own code. */
export const DICTIONARY_LIMIT = 50_000;
/** Fewer than this and a column could be boolean, which only the reader's code decides. */
const MIN_DICTIONARY_LIMIT = 12;

/** Options of {@link pushdownProfile}. */
export interface PushdownOptions extends SourceProfileOptions {
  /** Override of `DICTIONARY_LIMIT` (tests use small values to reach the SQL classification). */
  readonly dictionaryLimit?: number;
}

/** Profiles the data of `spec` in the database (see the file comment). */
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

  // Pass 1: the row count, numbers' and dates' aggregates, text columns' distinct entries.
  const first = new SelectList();
  const rowsAt = first.add('count(*)');
  const readers = columns.map((column, j) => {
    const value = ProfileRelation.first(column, j);
    if (column.kind === 'text') {
      const at = first.add(`count(DISTINCT ${value})`);
      return (row: readonly unknown[]) => num(row[at]);
    }
    return addNumberAggregates(first, value, column.kind === 'datetime');
  });
  const firstRow = await aggregateRow(session, `SELECT ${first} FROM ${relation.from()}`);
  const rows = num(firstRow[rowsAt]);
  progress(0.25);

  const plans: (ColumnPlan | undefined)[] = columns.map(() => undefined);
  const lowText: number[] = [];
  const highText: number[] = [];
  columns.forEach((column, j) => {
    const read = readers[j](firstRow);
    if (typeof read === 'number') (read <= limit ? lowText : highText).push(j);
    else plans[j] = planValues(column, ProfileRelation.first(column, j), read, rows);
  });
  for (const j of await idsInScanOrder(session, relation, columns, plans, rows)) {
    const plan = plans[j];
    if (plan?.kind === 'values') plans[j] = { ...plan, type: 'id' };
  }
  for (const [j, plan] of await entryPlans(session, relation, columns, lowText)) plans[j] = plan;
  for (const [j, plan] of await classifyText(session, relation, columns, highText)) plans[j] = plan;
  progress(0.5);

  // Pass 2: spread of every column computed in SQL, with the time order of those never missing.
  const decided = plans as ColumnPlan[];
  const spreadColumns = decided.flatMap((plan, j) => (plan.kind === 'values' ? [j] : []));
  const timeColumns = decided.flatMap((plan, j) => (isTimeColumn(columns[j].name, plan) ? [j] : []));
  const ordered = timeColumns.filter((j) => {
    const plan = decided[j];
    return plan.kind === 'values' && plan.first.count === rows;
  });
  const { spreads, orders: orderCounts } = await spreadAggregates(
    session,
    relation.from(),
    spreadColumns.map((j) => {
      const plan = decided[j] as Extract<ColumnPlan, { kind: 'values' }>;
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
    }),
    ordered.map((j) => (decided[j] as Extract<ColumnPlan, { kind: 'values' }>).sql),
  );
  spreadColumns.forEach((j, k) => ((decided[j] as Extract<ColumnPlan, { kind: 'values' }>).spread = spreads[k]));
  const orders = new Map<number, OrderShares | undefined>(ordered.map((j, k) => [j, orderShares(orderCounts[k])]));
  for (const j of timeColumns) if (!orders.has(j)) orders.set(j, await orderSharesOf(session, relation, decided[j]));
  progress(0.65);

  const profiles: ColumnProfile[] = [];
  for (let j = 0; j < columns.length; j++) profiles.push(await columnProfile(session, relation, columns[j].name, decided[j], rows));
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
  progress(0.75);

  const duplicateRows = await countDuplicates(session, relation, decided);
  const duplicates = duplicateRowsWarning(duplicateRows, rows);
  if (duplicates) warnings.push(duplicates);

  const targetIndex = options.target === undefined ? undefined : names.indexOf(options.target);
  let target: TargetProfile | undefined;
  if (targetIndex !== undefined) {
    target = await targetProfile(session, relation, columns[targetIndex].name, decided[targetIndex], profiles[targetIndex]);
    const imbalance = imbalancedTargetWarning(target);
    if (imbalance) warnings.push(imbalance);
  }
  progress(0.85);

  const seed = options.seed ?? 42;
  const sample = await sampleFrame(session, relation, columns, decided, profiles, rows, seed);
  const associations = computeAssociations(sample, profiles, {
    targetIndex,
    seed,
    maxColumns: DEFAULT_MAX_ASSOCIATION_COLUMNS,
    checkAborted: () => {
      if (options.signal?.aborted) throw new CancelledError();
    },
  });
  if (target !== undefined) {
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
