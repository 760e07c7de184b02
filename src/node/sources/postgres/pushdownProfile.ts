/**
 * The profile of a PostgreSQL table or query computed in the database: the `DatasetProfile`
 * `profileFrame` gives of the rows read (same column types, counts, statistics, warnings), from
 * a few aggregate scans instead of the rows. Counts, missing and distinct values, min and max are
 * exact; the mean, standard deviation and skewness agree to floating-point rounding (the database
 * sums in its own order); quantiles are `percentile_cont`, the engine's interpolation. Only
 * aggregates and a seeded sample of at most 200,000 rows (for the associations) leave the server.
 *
 * Where the database cannot follow the reader's rules exactly, the profile says what the SQL can
 * tell (see textSql.ts): text columns with more than `DICTIONARY_LIMIT` distinct values are read
 * as numbers or dates only when written plainly (`12.5`, ISO dates); duplicate rows compare such
 * texts as written; a text column of dates or numbers written otherwise gets no 'time-ordered'
 * check unless it has few distinct values.
 */
import { finishDictionary } from '../../../engine/data/columnFinish';
import { PLAIN_NUMBER_FORMAT, type Column } from '../../../engine/data/frame';
import { classifyStrings, looksLikeIdName, MAX_BAD_VALUE_SHARE } from '../../../engine/data/inferType';
import type { BadValues, ReadReport } from '../../../engine/data/readReport';
import { uniqueHeaderNames } from '../../../engine/data/sniff';
import { CancelledError } from '../../../engine/errors';
import { computeAssociations, DEFAULT_MAX_ASSOCIATION_COLUMNS, ASSOCIATION_SAMPLE_ROWS, isAssociationCandidate } from '../../../engine/profile/associations';
import { rankLevels, TOP_VALUES } from '../../../engine/profile/categoricalStats';
import { histogramSorted, skewFromMoments } from '../../../engine/profile/numericStats';
import { profileFrame } from '../../../engine/profile/profileFrame';
import { inferTask } from '../../../engine/profile/target';
import type { OrderShares } from '../../../engine/profile/timeOrder';
import type { ColumnProfile, DatasetProfile, ProfileWarning, TargetProfile } from '../../../engine/profile/types';
import { isTimeLikeName } from '../../../engine/profile/columnFlags';
import { columnWarnings, duplicateRowsWarning, imbalancedTargetWarning, leakageWarning, reportWarnings } from '../../../engine/profile/warnings';
import type { SourceProfileOptions } from '../dataSource';
import { addNumberAggregates, aggregateRow, inScanOrder, MAX_SAFE, num, SelectList, spreadAggregates, type OrderCounts } from './aggregateSql';
import type { ColumnPlan, NumberAggregates } from './columnPlans';
import type { PostgresSession } from './connection';
import { fieldsOf, streamRows } from './readRows';
import { ProfileRelation, sourceColumns, type SourceColumn } from './profileRelation';
import { sampleSql } from './sampleSql';
import { columnAlias, relationOf } from './sql';
import { codeLikeSql, hasDigitSql, hasTimeSql, isoDateSql, plainNumberSql, wordsSql } from './textSql';
import { weightedNumericStats } from './weightedStats';

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

/**
 * Text columns with few distinct entries: each entry with its row count and first row (one scan
 * for them all), classified by the reader's `finishDictionary`.
 */
async function entryPlans(session: PostgresSession, relation: ProfileRelation, columns: readonly SourceColumn[], indices: readonly number[]): Promise<[number, ColumnPlan][]> {
  if (indices.length === 0) return [];
  const keys = indices.map((j) => ProfileRelation.first(columns[j], j));
  const { rows } = await inScanOrder(session, () =>
    session.query(
      `SELECT ${keys.map((key) => `GROUPING(${key})`).join(', ')}, ${keys.join(', ')}, count(*), min(automl_rn) FROM ${relation.from(true)} ` +
        `GROUP BY GROUPING SETS (${keys.map((key) => `(${key})`).join(', ')})`,
    ),
  );
  const byColumn = new Map<number, { text: string; count: number; first: number }[]>(indices.map((j) => [j, []]));
  const n = keys.length;
  for (const row of rows) {
    // GROUPING() is 0 for the column a row's set groups by.
    const k = row.findIndex((grouping, i) => i < n && num(grouping) === 0);
    const text = row[n + k];
    if (text !== null) byColumn.get(indices[k])?.push({ text: String(text), count: num(row[2 * n]), first: num(row[2 * n + 1]) });
  }
  return indices.map((j) => {
    const entries = (byColumn.get(j) ?? []).sort((a, b) => a.first - b.first);
    const texts = entries.map((e) => e.text);
    const counts = Float64Array.from(entries, (e) => e.count);
    const firstRows = Int32Array.from(entries, (e) => e.first);
    const codes = Int32Array.from(entries, (_, i) => i);
    const built = finishDictionary({ name: columns[j].name, forced: undefined, known: undefined, delimiter: '', firstLines: firstRows }, texts, codes, undefined, counts);
    return [j, { kind: 'entries', sql: ProfileRelation.first(columns[j], j), present: ProfileRelation.present(j), texts, counts, firstRows, built }];
  });
}

/**
 * Text columns with many distinct entries, classified by aggregates as `finishDictionary` would:
 * dates when every value with a digit is an ISO date, numbers when every such value is a plain
 * decimal without leading zeros, either with at most 5% of values without digits (those become
 * bad values); else free text, identifier or categorical by `classifyStrings`.
 */
async function classifyText(session: PostgresSession, relation: ProfileRelation, columns: readonly SourceColumn[], indices: readonly number[]): Promise<[number, ColumnPlan][]> {
  if (indices.length === 0) return [];
  const list = new SelectList();
  const read = indices.map((j) => {
    const p = ProfileRelation.present(j);
    const at = {
      count: list.add(`count(${p})`),
      unique: list.add(`count(DISTINCT ${p})`),
      withDigits: list.add(`count(*) FILTER (WHERE ${hasDigitSql(p)})`),
      notNumber: list.add(`count(*) FILTER (WHERE ${hasDigitSql(p)} AND (${codeLikeSql(p)} OR ${plainNumberSql(p)} IS NULL))`),
      notDate: list.add(`count(*) FILTER (WHERE ${hasDigitSql(p)} AND ${isoDateSql(p)} IS NULL)`),
      hasTime: list.add(`bool_or(${hasDigitSql(p)} AND ${hasTimeSql(p)})`),
      meanLength: list.add(`avg(char_length(${p}))`),
      meanWords: list.add(`avg(${wordsSql(p)})`),
    };
    return (row: readonly unknown[]) => ({
      count: num(row[at.count]),
      unique: num(row[at.unique]),
      withDigits: num(row[at.withDigits]),
      notNumber: num(row[at.notNumber]),
      notDate: num(row[at.notDate]),
      hasTime: row[at.hasTime] === true,
      meanLength: num(row[at.meanLength]),
      meanWords: num(row[at.meanWords]),
    });
  });
  const row = await aggregateRow(session, `SELECT ${list} FROM ${relation.from()}`);
  const parsed: { j: number; present: string; sql: string; datetime: boolean; hasTime: boolean; count: number }[] = [];
  const plans: [number, ColumnPlan][] = [];
  indices.forEach((j, k) => {
    const shape = read[k](row);
    const present = ProfileRelation.present(j);
    // Values without a digit do not parse: they are the bad values a typed column may have.
    const badShare = shape.count === 0 ? 1 : (shape.count - shape.withDigits) / shape.count;
    if (shape.withDigits > 0 && badShare <= MAX_BAD_VALUE_SHARE && shape.notDate === 0) {
      parsed.push({ j, present, sql: relation.parse(j, isoDateSql), datetime: true, hasTime: shape.hasTime, count: shape.count });
    } else if (shape.withDigits > 0 && badShare <= MAX_BAD_VALUE_SHARE && shape.notNumber === 0) {
      parsed.push({ j, present, sql: relation.parse(j, plainNumberSql), datetime: false, hasTime: false, count: shape.count });
    } else {
      const type = classifyStrings({ nonMissing: shape.count, unique: shape.unique, meanLength: shape.meanLength || 0, meanWords: shape.meanWords || 0 });
      plans.push([j, { kind: 'strings', type, sql: present, count: shape.count, unique: shape.unique, meanLength: shape.meanLength }]);
    }
  });
  if (parsed.length === 0) return plans;
  const list2 = new SelectList();
  const readers = parsed.map((p) => addNumberAggregates(list2, p.sql, p.datetime));
  const aggregates = await aggregateRow(session, `SELECT ${list2} FROM ${relation.from()}`);
  for (let k = 0; k < parsed.length; k++) {
    const p = parsed[k];
    const first = readers[k](aggregates);
    const badValues = await badValueExamples(session, relation, columns[p.j].name, p.present, p.sql, p.count - first.count);
    plans.push([
      p.j,
      p.datetime
        ? { kind: 'values', storage: 'datetime', type: 'datetime', sql: p.sql, format: { order: 'ymd', hasTime: p.hasTime }, first, ...(badValues ? { badValues } : {}) }
        : { kind: 'values', storage: 'numeric', type: first.whole ? 'integer' : 'float', sql: p.sql, format: PLAIN_NUMBER_FORMAT, first, ...(badValues ? { badValues } : {}) },
    ]);
  }
  return plans;
}

/** The bad values of a text column read as numbers or dates: their count and the first few distinct ones with their rows. */
async function badValueExamples(session: PostgresSession, relation: ProfileRelation, name: string, present: string, parsed: string, count: number): Promise<BadValues | undefined> {
  if (count <= 0) return undefined;
  const { rows } = await inScanOrder(session, () =>
    session.query(
      `SELECT ${present}, min(automl_rn) AS f FROM ${relation.from(true)} ` +
        `WHERE ${present} IS NOT NULL AND ${parsed} IS NULL GROUP BY ${present} ORDER BY f LIMIT 5`,
    ),
  );
  return { column: name, count, examples: rows.map((row) => ({ line: num(row[1]), value: String(row[0]) })) };
}

/** A column's profile, as `profileColumn` makes it of the column the reader would build. */
async function columnProfile(session: PostgresSession, relation: ProfileRelation, name: string, plan: ColumnPlan, rows: number): Promise<ColumnProfile> {
  const missingPct = (missing: number): number => (rows === 0 ? 0 : (missing / rows) * 100);
  switch (plan.kind) {
    case 'empty':
      return { name, type: 'categorical', storage: 'categorical', count: 0, missing: rows, missingPct: missingPct(rows), unique: 0, topValues: [] };
    case 'values': {
      const { first } = plan;
      const spread = plan.spread;
      if (spread === undefined) throw new Error(`no second pass for '${name}'`);
      const q = first.quantiles;
      const stats = {
        count: first.count,
        missing: rows - first.count,
        unique: first.unique,
        min: first.min,
        max: first.max,
        mean: first.mean,
        quantiles: { p01: q[0], p05: q[1], p25: q[2], p50: q[3], p75: q[4], p95: q[5], p99: q[6] },
        outliers: spread.outliers,
        histogram: spread.histogram,
        ...(first.count > 1 ? { std: Math.sqrt(spread.m2 / (first.count - 1)) } : {}),
      };
      const skew = skewFromMoments(first.count, spread.m2, spread.m3);
      return {
        name,
        type: plan.type,
        storage: plan.storage,
        ...stats,
        ...(skew === undefined ? {} : { skew }),
        ...(plan.storage === 'numeric' ? { zeros: first.zeros } : {}),
        missingPct: missingPct(rows - first.count),
        ...(plan.storage === 'datetime' ? { dateFormat: plan.format as Extract<Column, { storage: 'datetime' }>['format'] } : { numberFormat: plan.format as Extract<Column, { storage: 'numeric' }>['format'] }),
      };
    }
    case 'binary': {
      const count = plan.zeros + plan.ones;
      const firstRows = plan.zeros === plan.ones ? await binaryFirstRows(session, relation, plan.sql) : Int32Array.of(0, 1);
      const counts = Int32Array.of(plan.zeros, plan.ones);
      const topValues = rankLevels({ counts, firstRow: firstRows, missing: rows - count }, TOP_VALUES).map((code) => ({ value: ['0', '1'][code], count: counts[code] }));
      return { name, type: 'boolean', storage: 'categorical', count, missing: rows - count, missingPct: missingPct(rows - count), unique: 2, topValues };
    }
    case 'entries':
      return entriesProfile(name, plan, rows);
    case 'strings': {
      const top = await topTexts(session, relation, plan.sql, TOP_VALUES);
      return {
        name,
        type: plan.type,
        storage: 'categorical',
        count: plan.count,
        missing: rows - plan.count,
        missingPct: missingPct(rows - plan.count),
        unique: plan.unique,
        topValues: top.map(({ value, count }) => ({ value, count })),
        ...(plan.count > 0 ? { meanLength: plan.meanLength } : {}),
      };
    }
  }
}

/** The rows where 0 and 1 first appear (ties between them go to the first seen, as the reader ranks them). */
async function binaryFirstRows(session: PostgresSession, relation: ProfileRelation, sql: string): Promise<Int32Array> {
  const row = await inScanOrder(session, () =>
    aggregateRow(session, `SELECT min(automl_rn) FILTER (WHERE ${sql} = 0), min(automl_rn) FILTER (WHERE ${sql} = 1) FROM ${relation.from(true)}`),
  );
  return Int32Array.of(num(row[0]), num(row[1]));
}

/** The most frequent present texts (all of them without `limit`), ties by first appearance. */
async function topTexts(session: PostgresSession, relation: ProfileRelation, present: string, limit?: number): Promise<{ value: string; count: number }[]> {
  const { rows } = await inScanOrder(session, () =>
    session.query(
      `SELECT ${present}, count(*) AS n, min(automl_rn) AS f FROM ${relation.from(true)} ` +
        `WHERE ${present} IS NOT NULL GROUP BY ${present} ORDER BY n DESC, f${limit === undefined ? '' : ` LIMIT ${limit}`}`,
    ),
  );
  return rows.map((row) => ({ value: String(row[0]), count: num(row[1]) }));
}

/** The profile of a text column classified from its entries: the reader's column, weighted by each entry's rows. */
function entriesProfile(name: string, plan: Extract<ColumnPlan, { kind: 'entries' }>, rows: number): ColumnProfile {
  const column = plan.built.column;
  const base = { name, type: column.type, storage: column.storage };
  if (column.storage !== 'categorical') {
    const datetime = column.storage === 'datetime';
    const stats = weightedNumericStats(column.values, plan.counts, rows, { countZeros: !datetime, integerBins: !datetime });
    return {
      ...base,
      ...stats,
      missingPct: rows === 0 ? 0 : (stats.missing / rows) * 100,
      ...(column.storage === 'datetime' ? { dateFormat: column.format } : { numberFormat: column.format }),
    };
  }
  const levels = entryLevels(plan);
  let count = 0;
  let unique = 0;
  let codePoints = 0;
  for (let code = 0; code < levels.counts.length; code++) {
    if (levels.counts[code] === 0) continue;
    count += levels.counts[code];
    unique++;
    codePoints += levels.counts[code] * [...column.dictionary[code]].length;
  }
  const missing = rows - count;
  const topValues = rankLevels({ ...levels, missing }, TOP_VALUES).map((code) => ({ value: column.dictionary[code], count: levels.counts[code] }));
  const profile: ColumnProfile = { ...base, count, missing, missingPct: rows === 0 ? 0 : (missing / rows) * 100, unique, topValues };
  return column.type === 'boolean' || count === 0 ? profile : { ...profile, meanLength: codePoints / count };
}

/** Row counts and first rows per dictionary code of an entries column (several entries may share a code: 'Yes' and 'yes'). */
function entryLevels(plan: Extract<ColumnPlan, { kind: 'entries' }>): { counts: Int32Array; firstRow: Int32Array } {
  const column = plan.built.column as Extract<Column, { storage: 'categorical' }>;
  const counts = new Int32Array(column.dictionary.length);
  const firstRow = new Int32Array(column.dictionary.length).fill(-1);
  column.codes.forEach((code, entry) => {
    if (code < 0) return;
    counts[code] += plan.counts[entry];
    if (firstRow[code] < 0 || plan.firstRows[entry] < firstRow[code]) firstRow[code] = plan.firstRows[entry];
  });
  return { counts, firstRow };
}

/** Whether a column gets the 'time-ordered' check (`isTimeCandidate` of the profile it will have). */
function isTimeColumn(name: string, plan: ColumnPlan): boolean {
  const column = plan.kind === 'values' ? plan : plan.kind === 'entries' ? plan.built.column : undefined;
  return column !== undefined && (column.storage === 'datetime' || (column.type === 'integer' && isTimeLikeName(name)));
}

/** `orderShares` from counts of pairs that go up and down. */
function orderShares({ pairs, up, down }: OrderCounts): OrderShares {
  return pairs === 0 ? { pairs, nonDecreasing: 0, nonIncreasing: 0 } : { pairs, nonDecreasing: up / pairs, nonIncreasing: down / pairs };
}

/**
 * `orderShares` of a column with missing values: each present value against the previous present
 * one in scan order, counted in SQL; for a text column classified here, its entries streamed and
 * mapped to their values (one column, a batch at a time).
 */
async function orderSharesOf(session: PostgresSession, relation: ProfileRelation, plan: ColumnPlan): Promise<OrderShares | undefined> {
  if (plan.kind === 'values') {
    const v = plan.sql;
    const row = await inScanOrder(session, () =>
      aggregateRow(
        session,
        `SELECT count(p), count(*) FILTER (WHERE v >= p), count(*) FILTER (WHERE v <= p) FROM (SELECT ${v} AS v, lag(${v}) OVER () AS p FROM ${relation.from()} WHERE ${v} IS NOT NULL) w`,
      ),
    );
    return orderShares({ pairs: num(row[0]), up: num(row[1]), down: num(row[2]) });
  }
  if (plan.kind !== 'entries' || plan.built.column.storage === 'categorical') return undefined;
  const parsed = plan.built.column.values;
  const index = new Map(plan.texts.map((text, i) => [text, i]));
  let previous = NaN;
  const counts = { pairs: 0, up: 0, down: 0 };
  await streamRows(session, `SELECT ${plan.sql} FROM ${relation.from()}`, (batch) => {
    for (const row of batch) {
      const entry = row[0] === null ? undefined : index.get(String(row[0]));
      const v = entry === undefined ? NaN : parsed[entry];
      if (v !== v) continue;
      if (previous === previous) {
        counts.pairs++;
        if (v >= previous) counts.up++;
        if (v <= previous) counts.down++;
      }
      previous = v;
    }
  });
  return orderShares(counts);
}

/** Rows that repeat an earlier row (missing equals missing), grouping every column's values in the database. */
async function countDuplicates(session: PostgresSession, relation: ProfileRelation, plans: readonly ColumnPlan[]): Promise<number> {
  const keys = plans.flatMap((plan) => {
    switch (plan.kind) {
      case 'empty':
        return [];
      case 'entries':
        // Entries the reader folds together ('Yes' and 'yes' in a boolean column) group together.
        return [plan.built.column.type === 'boolean' ? `lower(${plan.present})` : plan.present];
      default:
        return [plan.sql];
    }
  });
  if (keys.length === 0) return 0;
  const [duplicates] = await aggregateRow(session, `SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ${relation.from()} GROUP BY ${keys.join(', ')}) g`);
  return num(duplicates);
}

/** The target's task and classes, as `profileTarget` gives them. */
async function targetProfile(session: PostgresSession, relation: ProfileRelation, name: string, plan: ColumnPlan, profile: ColumnProfile): Promise<TargetProfile> {
  const task = inferTask(profile);
  if (task === 'regression') return { column: name, task };
  let classes: { value: string; count: number }[];
  switch (plan.kind) {
    case 'empty':
      classes = [];
      break;
    case 'binary': {
      classes = [...(profile.topValues ?? [])];
      break;
    }
    case 'strings':
      classes = await topTexts(session, relation, plan.sql);
      break;
    case 'entries': {
      const column = plan.built.column;
      if (column.storage === 'categorical') {
        const levels = entryLevels(plan);
        classes = rankLevels({ ...levels, missing: 0 }, Infinity).map((code) => ({ value: column.dictionary[code], count: levels.counts[code] }));
      } else {
        const byValue = new Map<number, number>();
        column.values.forEach((v, entry) => {
          if (v === v) byValue.set(v === 0 ? 0 : v, (byValue.get(v === 0 ? 0 : v) ?? 0) + plan.counts[entry]);
        });
        classes = numericClasses([...byValue]);
      }
      break;
    }
    case 'values': {
      const { rows } = await session.query(`SELECT ${plan.sql}, count(*) FROM ${relation.from()} WHERE ${plan.sql} IS NOT NULL GROUP BY ${plan.sql}`);
      classes = numericClasses(rows.map((row) => [num(row[0]), num(row[1])]));
      break;
    }
  }
  return { column: name, task, classes };
}

/** Numeric classes most frequent first, ties by ascending value, labelled as `profileTarget` labels them. */
function numericClasses(counts: [number, number][]): { value: string; count: number }[] {
  return counts
    .sort((a, b) => a[0] - b[0])
    .map(([value, count]) => ({ value: String(value === 0 ? 0 : value), count }))
    .sort((a, b) => b.count - a.count);
}

/**
 * A frame of a seeded sample of at most `ASSOCIATION_SAMPLE_ROWS` rows (all rows of smaller
 * data, as `computeAssociations` takes), with the association candidates' values as the reader
 * would hold them, written into typed arrays batch by batch; other columns are left empty (the
 * associations never look at them).
 */
async function sampleFrame(
  session: PostgresSession,
  relation: ProfileRelation,
  columns: readonly SourceColumn[],
  plans: readonly ColumnPlan[],
  profiles: readonly ColumnProfile[],
  rows: number,
  seed: number,
): Promise<{ rowCount: number; columns: Column[] }> {
  const size = Math.min(rows, ASSOCIATION_SAMPLE_ROWS);
  const candidates = columns.flatMap((_, j) => (isAssociationCandidate(profiles[j]) && plans[j].kind !== 'empty' ? [j] : []));
  const collectors = candidates.map((j) => sampleCollector(columns[j].name, plans[j], profiles[j], size));
  const outputs = candidates.map((j) => (plans[j] as Exclude<ColumnPlan, { kind: 'empty' }>).sql);
  let row = 0;
  const rowCount = await streamRows(session, sampleSql(relation.from(), outputs, { rows: size, seed }), (batch) => {
    for (const values of batch) {
      for (let k = 0; k < collectors.length; k++) collectors[k].add(row, values[k]);
      row++;
    }
  });
  const sampled = new Map(candidates.map((j, k) => [j, collectors[k].finish(rowCount)]));
  return {
    rowCount,
    columns: columns.map((column, j) => sampled.get(j) ?? { storage: 'categorical', name: column.name, type: 'categorical', codes: new Int32Array(rowCount).fill(-1), dictionary: [] }),
  };
}

/** Collects one sampled column as the reader would hold it, from the values its plan's SQL gives. */
interface SampleCollector {
  add(row: number, value: unknown): void;
  finish(rows: number): Column;
}

function sampleCollector(name: string, plan: ColumnPlan, profile: ColumnProfile, size: number): SampleCollector {
  const numbers = (): { values: Float64Array; add: (row: number, value: number) => void } => {
    const values = new Float64Array(size);
    return { values, add: (row, value) => (values[row] = value) };
  };
  const codes = new Int32Array(size);
  switch (plan.kind) {
    case 'values': {
      const { values, add } = numbers();
      return {
        add: (row, value) => add(row, value === null ? NaN : Number(value)),
        finish: (rows) =>
          plan.storage === 'datetime'
            ? { storage: 'datetime', name, type: 'datetime', values: values.slice(0, rows), format: plan.format as Extract<Column, { storage: 'datetime' }>['format'] }
            : { storage: 'numeric', name, type: plan.type as 'integer' | 'float' | 'id', values: values.slice(0, rows), format: PLAIN_NUMBER_FORMAT },
      };
    }
    case 'binary':
      return {
        add: (row, value) => (codes[row] = value === null ? -1 : Number(value)),
        finish: (rows) => ({ storage: 'categorical', name, type: 'boolean', codes: codes.slice(0, rows), dictionary: ['0', '1'] }),
      };
    case 'entries': {
      const index = new Map(plan.texts.map((text, i) => [text, i]));
      const column = plan.built.column;
      const entryOf = (value: unknown): number => (value === null ? -1 : (index.get(String(value)) ?? -1));
      if (column.storage === 'categorical') {
        return {
          add: (row, value) => {
            const entry = entryOf(value);
            codes[row] = entry < 0 ? -1 : column.codes[entry];
          },
          finish: (rows) => ({ ...column, codes: codes.slice(0, rows) }),
        };
      }
      const { values, add } = numbers();
      return {
        add: (row, value) => {
          const entry = entryOf(value);
          add(row, entry < 0 ? NaN : column.values[entry]);
        },
        finish: (rows) => ({ ...column, values: values.slice(0, rows) }),
      };
    }
    case 'strings': {
      const dictionary: string[] = [];
      const seen = new Map<string, number>();
      return {
        add: (row, value) => {
          if (value === null) {
            codes[row] = -1;
            return;
          }
          const text = String(value);
          let code = seen.get(text);
          if (code === undefined) seen.set(text, (code = dictionary.push(text) - 1));
          codes[row] = code;
        },
        finish: (rows) => ({ storage: 'categorical', name, type: profile.type as 'categorical' | 'text' | 'id', codes: codes.slice(0, rows), dictionary }),
      };
    }
    case 'empty':
      return { add: () => {}, finish: (rows) => ({ storage: 'categorical', name, type: 'categorical', codes: new Int32Array(rows).fill(-1), dictionary: [] }) };
  }
}
