import { COLUMN_TYPES, type ColumnType } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import type { Task } from '../engine/learners/types';
import { UsageError } from './usageError';

/** `col=type` pairs from `--type`, checked against the known types. */
export function parseTypeOverrides(specs: readonly string[]): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const column = spec.slice(0, at);
    const type = spec.slice(at + 1) as ColumnType;
    if (at <= 0 || !COLUMN_TYPES.includes(type)) {
      throw new UsageError(`--type expects <column>=<type> with a type among ${COLUMN_TYPES.join(', ')}; got '${spec}'`);
    }
    types[column] = type;
  }
  return types;
}

/** The value of `--seed`: an integer, else a `UsageError`. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${text}'`);
  return seed;
}

/** The value of `--task`, if given: binary, multiclass or regression, else a `UsageError`. */
export function parseTask(text: string | undefined): Task | undefined {
  if (text === undefined || text === 'binary' || text === 'multiclass' || text === 'regression') return text;
  throw new UsageError(`--task must be binary, multiclass or regression, got '${text}'`);
}

const RAGGED_POLICIES: readonly RaggedRowPolicy[] = ['pad', 'drop', 'error'];

/** The value of `--ragged`, if given: pad, drop or error, else a `UsageError`. */
export function parseRagged(text: string | undefined): RaggedRowPolicy | undefined {
  if (text === undefined) return undefined;
  const policy = RAGGED_POLICIES.find((p) => p === text);
  if (policy === undefined) throw new UsageError(`--ragged must be one of ${RAGGED_POLICIES.join(', ')}`);
  return policy;
}
