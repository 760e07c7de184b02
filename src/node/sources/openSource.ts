/** The registry of source kinds: one module per kind, looked up by the spec's `kind`. */
import type { SourceKind, SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import { csvSource } from './csvSource';
import type { DataSource, SourceModule } from './dataSource';
import { postgresSource } from './postgresSource';

/** Every kind's module. */
const MODULES: { readonly [K in SourceKind]?: SourceModule<K> } = {
  csv: csvSource,
  postgres: postgresSource,
};

/** Opens `spec` (paths absolute) with the secrets it may need; nothing is read until asked. */
export function openSource(spec: SourceSpec, secrets: SourceSecrets = {}): DataSource {
  const module = MODULES[spec.kind] as SourceModule<typeof spec.kind> | undefined;
  if (module === undefined) throw new RangeError(`no reader for ${spec.kind} sources in this build`);
  return module.open(spec as never, secrets);
}
