/**
 * The pushdown profile's column and target profiles, from each column's plan and aggregates: what
 * `profileColumn` and `profileTarget` give of the column the reader would build.
 */
import type { Column } from '../../../engine/data/frame';
import { rankLevels, TOP_VALUES } from '../../../engine/profile/categoricalStats';
import { skewFromMoments } from '../../../engine/profile/numericStats';
import { inferTask } from '../../../engine/profile/target';
import type { ColumnProfile, TargetProfile } from '../../../engine/profile/types';
import { aggregateRow, inScanOrder, num } from './aggregateSql';
import type { ColumnPlan } from './columnPlans';
import type { PostgresSession } from './connection';
import type { ProfileRelation } from './profileRelation';
import { weightedNumericStats } from './weightedStats';

/** A column's profile, as `profileColumn` makes it of the column the reader would build. */
export async function columnProfile(session: PostgresSession, relation: ProfileRelation, name: string, plan: ColumnPlan, rows: number): Promise<ColumnProfile> {
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

/**
 * What a column's profile says of its type and counts, known before the second pass (enough to
 * choose the association sample's columns): the whole profile of an entries or empty column.
 */
export function columnShape(name: string, plan: ColumnPlan, rows: number): ColumnProfile {
  const base = (type: ColumnProfile['type'], storage: ColumnProfile['storage'], count: number, unique: number): ColumnProfile => ({
    name,
    type,
    storage,
    count,
    missing: rows - count,
    missingPct: rows === 0 ? 0 : ((rows - count) / rows) * 100,
    unique,
  });
  switch (plan.kind) {
    case 'empty':
      return base('categorical', 'categorical', 0, 0);
    case 'values':
      return base(plan.type, plan.storage, plan.first.count, plan.first.unique);
    case 'binary':
      return base('boolean', 'categorical', plan.zeros + plan.ones, 2);
    case 'entries':
      return entriesProfile(name, plan, rows);
    case 'strings':
      return base(plan.type, 'categorical', plan.count, plan.unique);
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

/** The target's task and classes, as `profileTarget` gives them. */
export async function targetProfile(session: PostgresSession, relation: ProfileRelation, name: string, plan: ColumnPlan, profile: ColumnProfile): Promise<TargetProfile> {
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
