/** The registry of source kinds: one module per kind, looked up by the spec's `kind`. */
import type { SourceKind, SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import { csvSource } from './csvSource';
import type { DataSource, SourceModule } from './dataSource';
import { httpSource } from './httpSource';
import { jsonSource } from './jsonSource';
import { ndjsonSource } from './ndjsonSource';
import { parquetSource } from './parquetSource';
import { postgresSource } from './postgresSource';
import { sqliteSource } from './sqliteSource';
import { xlsxSource } from './xlsxSource';

/** Every kind's module. */
const MODULES: { readonly [K in SourceKind]: SourceModule<K> } = {
  csv: csvSource,
  json: jsonSource,
  ndjson: ndjsonSource,
  parquet: parquetSource,
  xlsx: xlsxSource,
  sqlite: sqliteSource,
  postgres: postgresSource,
  http: httpSource,
};

/** Opens `spec` (paths absolute) with the secrets it may need; nothing is read until asked. */
export function openSource(spec: SourceSpec, secrets: SourceSecrets = {}): DataSource {
  const module = MODULES[spec.kind] as SourceModule<typeof spec.kind>;
  return module.open(spec as never, secrets);
}
