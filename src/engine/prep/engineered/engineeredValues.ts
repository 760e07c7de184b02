/**
 * The values of engineered features (pairs of columns, group statistics, cyclical dates) over
 * selected rows. Fitting and applying a plan both compute them here, and the exported module
 * repeats the same operations in the same order (export/featureCode.ts), so its predictions equal
 * the engine's bit for bit.
 */
import type { Frame } from '../../data/frame';
import { DataError } from '../../errors';
import { columnOf, lookupLevels } from '../columnCodes';
import { datePart } from '../dateParts';
import type { CyclicalPart, FeatureDef, PairOp } from '../featureDefs';

/** The engineered feature definitions. */
export type EngineeredDef = Extract<FeatureDef, { kind: 'pair' | 'groupStat' | 'cyclical' }>;

/**
 * Per calendar part, the angle of a cyclical feature is `2π (part - offset) / period`, with the
 * parts as prep/dateParts.ts derives them (UTC): month 1-12 and day of year 1-366 start at 0 by
 * their offset; weekday is 0 (Monday) to 6; hour is fractional (hour + minute / 60), so 23:30 sits
 * between 23:00 and midnight. Days of the year use the mean year, 365.25 days: December 31 of a
 * leap year (day 366) then stays just short of January 1 instead of coinciding with it.
 */
export const CYCLES: Readonly<Record<CyclicalPart, { readonly offset: number; readonly period: number }>> = {
  month: { offset: 1, period: 12 },
  weekday: { offset: 0, period: 7 },
  hour: { offset: 0, period: 24 },
  dayOfYear: { offset: 1, period: 365.25 },
};

/** A cyclical feature's value for an epoch-ms time (NaN stays NaN). */
export function cyclicalValue(ms: number, part: CyclicalPart, fn: 'sin' | 'cos'): number {
  const { offset, period } = CYCLES[part];
  const angle = (2 * Math.PI * (datePart(ms, part) - offset)) / period;
  return fn === 'sin' ? Math.sin(angle) : Math.cos(angle);
}

/** Per selected row, a level index of `levels` in column `source` (as applyPlan's shared lookup). */
export type LevelIndexer = (source: string, levels: readonly string[]) => Int32Array;

/** The numbers of column `name` over the rows; a `DataError` when the data holds text there. */
function numbersOf(frame: Frame, name: string, rows: Uint32Array | undefined, n: number): Float64Array {
  const column = columnOf(frame, name);
  if (column.storage === 'categorical') throw new DataError(`column '${name}' holds text, but the model expects numbers`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = column.values[rows ? rows[i] : i];
  return out;
}

/** Infinite results (a zero denominator, an overflow) become missing, in place. */
function finiteOnly(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) values[i] = NaN;
  return values;
}

/** `a op b` per row, in `a`'s array; a missing operand gives a missing result. */
function combine(op: PairOp, a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  switch (op) {
    case 'difference':
      for (let i = 0; i < n; i++) a[i] = a[i] - b[i];
      break;
    case 'ratio':
      for (let i = 0; i < n; i++) a[i] = a[i] / b[i];
      break;
    case 'product':
      for (let i = 0; i < n; i++) a[i] = a[i] * b[i];
      break;
    case 'sum':
      for (let i = 0; i < n; i++) a[i] = a[i] + b[i];
      break;
    default:
      throw new RangeError(`unknown pair operation '${String(op)}'`);
  }
  return finiteOnly(a);
}

/**
 * Raw (unscaled) values of an engineered feature over the `rows` of `frame` (all `n` rows when
 * undefined). `levelIndex` maps a column's labels to level indexes (shared with other features of
 * the same column when applying a plan).
 */
export function engineeredValues(def: EngineeredDef, frame: Frame, rows: Uint32Array | undefined, n: number, levelIndex: LevelIndexer): Float64Array {
  switch (def.kind) {
    case 'pair': {
      const a = numbersOf(frame, def.sources[0], rows, n);
      const b = numbersOf(frame, def.sources[1], rows, n);
      if (def.centres) {
        const [ca, cb] = def.centres;
        for (let i = 0; i < n; i++) {
          a[i] -= ca;
          b[i] -= cb;
        }
      }
      return combine(def.op, a, b);
    }
    case 'groupStat': {
      const means = lookupLevels(levelIndex(def.sources[1], def.levels), def.means, def.overall, def.overall);
      return combine(def.op, numbersOf(frame, def.sources[0], rows, n), means);
    }
    case 'cyclical': {
      const values = numbersOf(frame, def.source, rows, n);
      for (let i = 0; i < n; i++) values[i] = cyclicalValue(values[i], def.part, def.fn);
      return values;
    }
  }
}
