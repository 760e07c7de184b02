/**
 * PostgreSQL tables and queries (`postgres://user@host:port/db` with `--table schema.name` or
 * `--query "SELECT …"`), read with `pg` (pure JavaScript) through a cursor inside a read-only
 * transaction. Values are typed as columnTypes.ts says, then by the CSV reader's rules, so a data
 * set loaded into PostgreSQL reads into the columns its CSV reads into. The profile is computed
 * in the database (pushdownProfile.ts), and a run's training rows can be a seeded sample drawn
 * there (sampleSql.ts): only aggregates and the sample leave the server.
 */
import type { FieldDef } from 'pg';
import { uniqueHeaderNames } from '../../engine/data/sniff';
import type { SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import { DataError } from '../../engine/errors';
import type { ProfileSource } from '../../engine/profile/types';
import type { SourceModule, SourceReadOptions, SourceRead } from './dataSource';
import { withoutPassword, withPostgres, type PostgresSession } from './postgres/connection';
import { PROFILE_CONNECTIONS, pushdownProfile } from './postgres/pushdownProfile';
import { fieldsOf, readRows } from './postgres/readRows';
import { cellSql } from './postgres/columnTypes';
import { sampleSql } from './postgres/sampleSql';
import { columnAlias, formatTableName, quoteIdentifier, quoteLiteral, relationOf, selectOf, tableSql, trimQuery } from './postgres/sql';

type PostgresSpec = Extract<SourceSpec, { readonly kind: 'postgres' }>;

/** Rows a peek reads when not told. */
const PEEK_ROWS = 200;

export const postgresSource: SourceModule<'postgres'> = {
  kind: 'postgres',
  open(spec, secrets) {
    return {
      spec,
      read: (options = {}) => read(spec, secrets, options),
      async peek(options = {}) {
        const rows = options.rows ?? PEEK_ROWS;
        const select = `SELECT * FROM (${selectOf(spec)}\n) AS peeked LIMIT ${Math.max(1, Math.floor(rows))}`;
        const { frame } = await withPostgres(spec.url, secrets, options.signal, (session) => readRows(session, select, { schema: options.schema }), userQueryOf(spec));
        return { columns: frame.columns.map((c) => c.name), frame, partial: frame.rowCount >= rows };
      },
      choices: (signal) =>
        withPostgres(spec.url, secrets, signal, async (session) => {
          // Tables and views a user may read, system schemas left out.
          const { rows } = await session.query(
            'SELECT table_schema, table_name FROM information_schema.tables ' +
              "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%' " +
              'ORDER BY table_schema, table_name',
          );
          return { kind: 'table' as const, names: rows.map((row) => formatTableName([String(row[0]), String(row[1])])) };
        }),
      profile: (options = {}) =>
        withPostgres(spec.url, secrets, options.signal, async (session) => {
          const profile = await pushdownProfile(session, spec, options);
          return { ...profile, source: { ...sourceOf(spec), computedIn: 'database' as const } };
        }, userQueryOf(spec), PROFILE_CONNECTIONS),
    };
  },
};

async function read(spec: PostgresSpec, secrets: SourceSecrets, options: SourceReadOptions): Promise<SourceRead> {
  return withPostgres(spec.url, secrets, options.signal, async (session) => {
    let select = selectOf(spec);
    // The same sample without the hash threshold, should too few rows pass it.
    let unranked: string | undefined;
    let expectedRows = spec.table === undefined ? 0 : await estimatedRows(session, spec.table);
    let sampled: { readonly of: number } | undefined;
    if (options.sample !== undefined) {
      const fields = await fieldsOf(session, spec);
      const relation = relationOf(spec, fields.length);
      const total = Number((await session.query(`SELECT count(*) FROM ${relation}`)).rows[0][0]);
      if (total > options.sample.maxRows) {
        const by = options.sample.stratifyBy === undefined ? undefined : columnIndex(fields, options.sample.stratifyBy);
        const outputs = fields.map((field, j) => `${columnAlias(j)} AS ${quoteIdentifier(field.name)}`);
        const sample = { rows: options.sample.maxRows, seed: options.sample.seed, stratifyBy: by === undefined ? undefined : cellSql(columnAlias(by), fields[by].dataTypeID) };
        select = sampleSql(relation, outputs, { ...sample, total });
        if (by === undefined) unranked = sampleSql(relation, outputs, sample);
        expectedRows = options.sample.maxRows;
        sampled = { of: total };
      }
    }
    const readOptions = { types: options.types, schema: options.schema, expectedRows, onProgress: options.onProgress };
    let { frame, report } = await readRows(session, select, readOptions);
    // Fewer rows passed the hash threshold than the sample needs (about never).
    if (unranked !== undefined && frame.rowCount < expectedRows) ({ frame, report } = await readRows(session, unranked, readOptions));
    const source = sampled === undefined ? sourceOf(spec) : { ...sourceOf(spec), sample: { rows: frame.rowCount, of: sampled.of } };
    return { frame, report, source };
  }, userQueryOf(spec));
}

/** The user's query as it is embedded in the SQL we send (for error positions within it). */
function userQueryOf(spec: PostgresSpec): string | undefined {
  return spec.query === undefined ? undefined : trimQuery(spec.query);
}

/** The source as a profile names it: the URL (never a password) and its table or query. */
function sourceOf(spec: PostgresSpec): ProfileSource {
  return {
    kind: 'postgres',
    file: withoutPassword(spec.url),
    ...(spec.table === undefined ? {} : { table: spec.table }),
    ...(spec.query === undefined ? {} : { query: spec.query }),
  };
}

/** The planner's row estimate of a table (0 when unknown), for progress. */
async function estimatedRows(session: PostgresSession, table: string): Promise<number> {
  const { rows } = await session.query(`SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass(${quoteLiteral(tableSql(table))})`);
  return rows.length === 0 ? 0 : Math.max(0, Number(rows[0][0]));
}

/** The index of column `name` among `fields`, named as the frame names them (duplicates renamed). */
function columnIndex(fields: readonly FieldDef[], name: string): number {
  const { names } = uniqueHeaderNames(fields.map((field) => field.name.trim()));
  const index = names.indexOf(name);
  if (index < 0) throw new DataError(`no column '${name}' in the data (columns: ${names.map((n) => `'${n}'`).join(', ')})`);
  return index;
}
