/**
 * The pushdown profile's checks across rows: the time order of date and time-named columns
 * (`orderShares`) and duplicate rows, counted in the database.
 */
import { isTimeLikeName } from '../../../engine/profile/columnFlags';
import type { OrderShares } from '../../../engine/profile/timeOrder';
import { aggregateRow, inScanOrder, num, type OrderCounts } from './aggregateSql';
import type { ColumnPlan } from './columnPlans';
import type { PostgresSession } from './connection';
import type { ProfileRelation } from './profileRelation';
import { streamRows } from './readRows';

/** Whether a column gets the 'time-ordered' check (`isTimeCandidate` of the profile it will have). */
export function isTimeColumn(name: string, plan: ColumnPlan): boolean {
  const column = plan.kind === 'values' ? plan : plan.kind === 'entries' ? plan.built.column : undefined;
  return column !== undefined && (column.storage === 'datetime' || (column.type === 'integer' && isTimeLikeName(name)));
}

/** `orderShares` from counts of pairs that go up and down. */
export function orderShares({ pairs, up, down }: OrderCounts): OrderShares {
  return pairs === 0 ? { pairs, nonDecreasing: 0, nonIncreasing: 0 } : { pairs, nonDecreasing: up / pairs, nonIncreasing: down / pairs };
}

/**
 * `orderShares` of a column with missing values: each present value against the previous present
 * one in scan order, counted in SQL; for a text column classified here, its entries streamed and
 * mapped to their values (one column, a batch at a time).
 */
export async function orderSharesOf(session: PostgresSession, relation: ProfileRelation, plan: ColumnPlan): Promise<OrderShares | undefined> {
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

/**
 * Rows that repeat an earlier row (missing equals missing), grouping every column's values in the
 * database; none, without a scan, when a column's values are all present and distinct.
 */
export async function countDuplicates(session: PostgresSession, relation: ProfileRelation, plans: readonly ColumnPlan[], rows: number): Promise<number> {
  const distinctRows = (plan: ColumnPlan): boolean =>
    plan.kind === 'values' ? plan.first.count === rows && plan.first.unique === rows : plan.kind === 'strings' && plan.count === rows && plan.unique === rows;
  if (plans.some(distinctRows)) return 0;
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
