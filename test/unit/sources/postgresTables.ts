/**
 * Public datasets loaded into a real PostgreSQL server by PostgreSQL's own tools (psql's `\copy`
 * from the CSV, then SQL), never by our code: `<name>_text` holds every field as text, as the
 * CSV has it (our type inference then decides), and `<name>` holds typed columns as a database
 * user would declare them: bigint for whole numbers, double precision for other numbers, date or
 * timestamp for ISO dates, text for the rest, decided in SQL from the text (a field that does not
 * fit the type, a missing-value token such as 'NA', is NULL). Both keep the CSV's row order.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Papa from 'papaparse';
import { MISSING_TOKENS } from '../../../src/engine/data/missingTokens';
import { datasetFile } from '../../publicDatasets';
import type { PostgresServer } from '../../postgresServer';

/** The name of dataset `name`'s table (`typed` or all text). */
export function tableName(name: string, typed: boolean): string {
  return typed ? name : `${name}_text`;
}

const loaded = new Map<string, Promise<void>>();

/** Loads dataset `name` into `<name>_text` and `<name>` once per server. */
export function loadDataset(server: PostgresServer, name: string): Promise<void> {
  const key = `${server.port}/${name}`;
  let done = loaded.get(key);
  if (done === undefined) {
    done = load(server, name);
    loaded.set(key, done);
  }
  return done;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function load(server: PostgresServer, name: string): Promise<void> {
  const file = datasetFile(name);
  const bytes = readFileSync(file);
  const csv = file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  const headerLine = csv.subarray(0, csv.indexOf(10)).toString('utf8');
  const header = (Papa.parse<string[]>(headerLine).data[0] ?? []).map((h) => h.trim());
  const text = tableName(name, false);
  await server.psql(`CREATE TABLE ${quote(text)} (${header.map((h) => `${quote(h)} text`).join(', ')})`);
  await server.psql(`\\copy ${quote(text)} FROM STDIN (FORMAT csv, HEADER true)`, csv);
  const casts = await Promise.all(header.map((h) => castOf(server, text, h)));
  // A parallel plan would insert rows in whatever order its workers hand them over.
  await server.psql(
    `SET max_parallel_workers_per_gather = 0; CREATE TABLE ${quote(tableName(name, true))} AS SELECT ${casts.map((c, i) => `${c} AS ${quote(header[i])}`).join(', ')} FROM ${quote(text)}`,
  );
}

const TYPES = [
  { type: 'bigint', pattern: '^[+-]?[0-9]{1,15}$' },
  { type: 'double precision', pattern: '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' },
  { type: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
  { type: 'timestamp', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?$' },
];

/** The typed column of text column `column`: the first type every present value fits, cast where it fits. */
async function castOf(server: PostgresServer, table: string, column: string): Promise<string> {
  const v = `btrim(${quote(column)})`;
  const tokens = MISSING_TOKENS.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  const present = `NULLIF(CASE WHEN ${v} IN (${tokens}) THEN '' ELSE ${v} END, '')`;
  const checks = TYPES.map(({ pattern }) => `bool_and(${present} ~ '${pattern}')`).join(', ');
  const answer = (await server.psql(`SELECT ${checks}, count(${present}) FROM ${quote(table)}`)).trim().split('|');
  const present_count = Number(answer[TYPES.length]);
  const fit = TYPES.findIndex((_, i) => answer[i] === 't');
  if (present_count === 0 || fit < 0) return quote(column);
  return `CASE WHEN ${present} ~ '${TYPES[fit].pattern}' THEN ${present}::${TYPES[fit].type} END`;
}
