/**
 * The rows the pushdown profile's associations are measured on: a seeded sample drawn in the
 * database (all rows of smaller data, as `computeAssociations` samples), held as the reader would
 * hold the columns.
 */
import { PLAIN_NUMBER_FORMAT, type Column } from '../../../engine/data/frame';
import { ASSOCIATION_SAMPLE_ROWS, isAssociationCandidate } from '../../../engine/profile/associations';
import type { ColumnProfile } from '../../../engine/profile/types';
import type { ColumnPlan } from './columnPlans';
import type { PostgresSession } from './connection';
import type { ProfileRelation, SourceColumn } from './profileRelation';
import { streamRows } from './readRows';
import { pickedRowsSql } from './sampleSql';

/** Rows of the sample sent at a time. */
const SAMPLE_CHUNK_ROWS = 20_000;

/**
 * A frame of a seeded sample of at most `ASSOCIATION_SAMPLE_ROWS` rows (all rows of smaller
 * data, as `computeAssociations` takes), with the association candidates' values as the reader
 * would hold them, written into typed arrays batch by batch; other columns are left empty (the
 * associations never look at them). `profiles` need only give the columns' types and counts
 * (`columnShape`).
 */
export async function sampleFrame(
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
  const outputs = candidates.map((j) => (plans[j] as Exclude<ColumnPlan, { kind: 'empty' }>).sql);
  const draw = async (total: number | undefined): Promise<{ rowCount: number; collectors: SampleCollector[] }> => {
    const collectors = candidates.map((j) => sampleCollector(columns[j].name, plans[j], profiles[j], size));
    // The rows are picked from the source's own columns, and only they are converted.
    const picked = relation.over(`${pickedRowsSql(relation.relation, { rows: size, seed, total })} AS src`, ['automl_rn']);
    // Each chunk of rows as one row of JSON arrays, a column each (in one aggregation, so their
    // elements stay row by row): parsed far faster here than rows of values.
    const chunks = Math.max(1, Math.ceil(size / SAMPLE_CHUNK_ROWS));
    const select =
      `SELECT ${['count(*)', ...outputs.map((sql) => `json_agg(${sql})::text`)].join(', ')} ` +
      `FROM (SELECT *, (automl_rn - 1) * ${chunks} / ${Math.max(1, rows)} AS automl_chunk FROM ${picked.from()} ORDER BY automl_chunk, automl_rn OFFSET 0) AS sampled ` +
      'GROUP BY automl_chunk ORDER BY automl_chunk';
    let rowCount = 0;
    await streamRows(
      session,
      select,
      (batch) => {
        for (const [count, ...texts] of batch) {
          const values = texts.map((text) => JSON.parse(String(text)) as unknown[]);
          const n = Number(count);
          for (let k = 0; k < collectors.length; k++) for (let i = 0; i < n; i++) collectors[k].add(rowCount + i, values[k][i]);
          rowCount += n;
        }
      },
      undefined,
      1,
    );
    return { rowCount, collectors };
  };
  let { rowCount, collectors } = await draw(rows);
  // Fewer rows passed the hash threshold than the sample needs (about never): rank them all.
  if (rowCount < size) ({ rowCount, collectors } = await draw(undefined));
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
