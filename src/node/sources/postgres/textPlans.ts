/**
 * Text columns typed in the pushdown profile by the reader's rules: those with few distinct
 * entries classified here by the reader's own `finishDictionary` (each entry with its row count
 * and first row, from one hashed scan of every text column), those with many by aggregates over
 * SQL that reads plain numbers and ISO dates (textSql.ts).
 */
import { finishDictionary } from '../../../engine/data/columnFinish';
import { PLAIN_NUMBER_FORMAT } from '../../../engine/data/frame';
import { classifyStrings, MAX_BAD_VALUE_SHARE } from '../../../engine/data/inferType';
import type { BadValues } from '../../../engine/data/readReport';
import { addNumberAggregates, aggregateRow, cappedGroups, inScanOrder, num, SelectList, type GroupKey } from './aggregateSql';
import { entrySql } from './columnTypes';
import type { ColumnPlan } from './columnPlans';
import type { PostgresSession } from './connection';
import { ProfileRelation, type SourceColumn } from './profileRelation';
import { codeLikeSql, hasDigitSql, hasTimeSql, isoDateSql, plainNumberSql, wordsSql } from './textSql';

/** What {@link scanEntries} finds. */
export interface EntryScan {
  /** Rows of the source. */
  readonly rows: number;
  /** The columns with at most `limit` distinct entries, classified. */
  readonly plans: readonly [number, ColumnPlan][];
  /** The others. */
  readonly many: readonly number[];
}

/**
 * One scan of the text columns `indices`, in scan order, grouping each by its entries (see
 * `cappedGroups`): the row count, and the columns with at most `limit` distinct entries, each
 * entry with its row count and first row, classified by the reader's `finishDictionary`. Text
 * columns (and booleans, uuids) are grouped by their own values, compared byte by byte, and
 * trimmed into entries once per group; others are trimmed row by row.
 */
export async function scanEntries(
  session: PostgresSession,
  relation: ProfileRelation,
  columns: readonly SourceColumn[],
  indices: readonly number[],
  limit: number,
): Promise<EntryScan> {
  const keys = indices.map((j): GroupKey => {
    const { alias, oid } = columns[j];
    if (COLLATABLE_OIDS.has(oid)) return { raw: `(${alias} COLLATE "C")`, shown: entrySql(`(${alias} COLLATE "C")`) };
    return BYTE_EQUAL_OIDS.has(oid) ? { raw: alias, shown: entrySql(alias) } : { raw: entrySql(alias) };
  });
  const numbered = `(SELECT row_number() OVER () AS automl_rn, src.* FROM ${relation.relation}) AS src`;
  const { rows, groups } = await inScanOrder(session, () => cappedGroups(session, numbered, keys, limit, true));
  const plans: [number, ColumnPlan][] = [];
  const many: number[] = [];
  indices.forEach((j, k) => {
    const found = groups[k];
    if (found === undefined) {
      many.push(j);
      return;
    }
    const entries = [...found].sort((a, b) => a.first - b.first);
    const texts = entries.map((e) => String(e.value));
    const counts = Float64Array.from(entries, (e) => e.rows);
    const firstRows = Int32Array.from(entries, (e) => e.first);
    const codes = Int32Array.from(entries, (_, i) => i);
    const built = finishDictionary({ name: columns[j].name, forced: undefined, known: undefined, delimiter: '', firstLines: firstRows }, texts, codes, undefined, counts);
    plans.push([j, { kind: 'entries', sql: ProfileRelation.first(columns[j], j), present: ProfileRelation.present(j), texts, counts, firstRows, built }]);
  });
  return { rows, plans, many };
}

/** text, varchar and bpchar: equal under collation "C" exactly when their texts are equal. */
const COLLATABLE_OIDS: ReadonlySet<number> = new Set([25, 1043, 1042]);
/** bool and uuid: equal exactly when their texts are equal. */
const BYTE_EQUAL_OIDS: ReadonlySet<number> = new Set([16, 2950]);

/**
 * Text columns with many distinct entries, classified by aggregates as `finishDictionary` would:
 * dates when every value with a digit is an ISO date, numbers when every such value is a plain
 * decimal without leading zeros, either with at most 5% of values without digits (those become
 * bad values); else free text, identifier or categorical by `classifyStrings`.
 */
export async function classifyText(session: PostgresSession, relation: ProfileRelation, columns: readonly SourceColumn[], indices: readonly number[]): Promise<[number, ColumnPlan][]> {
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
