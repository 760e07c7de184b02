import { DataError } from '../errors';
import type { Column, Frame } from '../data/frame';
import type { FeatureColumn, FeatureMatrix } from '../learners/types';
import { codesView, columnOf, indexLevels, lookupLevels, UNSEEN_LEVEL, type CodesView } from './columnCodes';
import { datePart } from './dateParts';
import { engineeredValues } from './engineered/engineeredValues';
import type { FeatureDef, FeaturePlan } from './featureDefs';
import { applyScaling } from './imputation';
import { applyHashingTfidf, type TextTfidfDef } from './text/hashingTfidf';

/** Raw numeric values of a numeric or date-part feature over the selected rows. */
export function rawValues(def: Extract<FeatureDef, { kind: 'numeric' | 'datePart' }>, column: Column, rows: Uint32Array | undefined, n: number): Float64Array {
  if (column.storage === 'categorical') throw new DataError(`column '${def.source}' holds text, but the model expects numbers`);
  const values = column.values;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    out[i] = def.kind === 'datePart' ? datePart(v, def.part) : v;
  }
  return out;
}

/**
 * Applies a fitted plan to the `rows` of `frame` (all rows when undefined). Labels are matched by
 * text, so new files with other dictionaries work; unseen labels are handled as each feature's
 * definition says. Target encodings use the values fitted on all training rows.
 */
export function applyFeaturePlan(plan: FeaturePlan, frame: Frame, rows?: Uint32Array): FeatureMatrix {
  const n = rows ? rows.length : frame.rowCount;
  const views = new Map<string, CodesView>();
  const viewOf = (source: string): CodesView => {
    let view = views.get(source);
    if (!view) {
      view = codesView(columnOf(frame, source), rows, n);
      views.set(source, view);
    }
    return view;
  };

  // Per source, the level indexes already computed: target encodings (one per class) and the
  // frequency encoding of a column share their level list, so it is mapped once.
  const indexed = new Map<string, { levels: readonly string[]; index: Int32Array }[]>();
  const levelIndex = (source: string, levels: readonly string[]): Int32Array => {
    let known = indexed.get(source);
    if (!known) {
      known = [];
      indexed.set(source, known);
    }
    const hit = known.find((k) => sameLevels(k.levels, levels));
    if (hit) return hit.index;
    const index = indexLevels(viewOf(source), levels);
    known.push({ levels, index });
    return index;
  };

  // Text features of one column are computed together: a row's norm spans all its buckets.
  const textGroups = new Map<string, TextTfidfDef[]>();
  for (const def of plan.features) {
    if (def.kind !== 'textTfidf') continue;
    const group = textGroups.get(def.source);
    if (group) group.push(def);
    else textGroups.set(def.source, [def]);
  }
  const textValues = new Map<FeatureDef, Float64Array>();
  for (const [source, defs] of textGroups) {
    const values = applyHashingTfidf(defs, viewOf(source));
    defs.forEach((def, j) => textValues.set(def, values[j]));
  }

  const columns = plan.features.map((def): FeatureColumn => {
    switch (def.kind) {
      case 'numeric':
      case 'datePart': {
        const values = rawValues(def, columnOf(frame, def.source), rows, n);
        return { kind: 'numeric', name: def.name, values: def.scaling ? applyScaling(values, def.scaling) : values };
      }
      case 'categorical': {
        const codes = indexLevels(viewOf(def.source), def.levels);
        for (let i = 0; i < n; i++) if (codes[i] < 0) codes[i] = -1;
        return { kind: 'categorical', name: def.name, codes, levels: def.levels.length };
      }
      case 'oneHot': {
        const other = def.level === null;
        const level = indexLevels(viewOf(def.source), other ? (def.known ?? []) : [def.level as string]);
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = (other ? level[i] === UNSEEN_LEVEL : level[i] === 0) ? 1 : 0;
        return { kind: 'numeric', name: def.name, values };
      }
      case 'missingIndicator': {
        const column = columnOf(frame, def.source);
        const values = new Float64Array(n);
        if (column.storage === 'categorical') {
          for (let i = 0; i < n; i++) values[i] = column.codes[rows ? rows[i] : i] < 0 ? 1 : 0;
        } else {
          for (let i = 0; i < n; i++) values[i] = Number.isNaN(column.values[rows ? rows[i] : i]) ? 1 : 0;
        }
        return { kind: 'numeric', name: def.name, values };
      }
      case 'ordinal': {
        const level = levelIndex(def.source, def.levels);
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = level[i] >= 0 ? level[i] : NaN;
        return { kind: 'numeric', name: def.name, values: def.scaling ? applyScaling(values, def.scaling) : values };
      }
      case 'frequency': {
        const values = lookupLevels(levelIndex(def.source, def.levels), def.shares, def.missingShare, 0);
        return { kind: 'numeric', name: def.name, values: def.scaling ? applyScaling(values, def.scaling) : values };
      }
      case 'targetEncoding': {
        const values = lookupLevels(levelIndex(def.source, def.levels), def.values, def.missingValue, def.prior);
        return { kind: 'numeric', name: def.name, values: def.scaling ? applyScaling(values, def.scaling) : values };
      }
      case 'textTfidf':
        return { kind: 'numeric', name: def.name, values: textValues.get(def) as Float64Array };
      case 'pair':
      case 'groupStat':
      case 'cyclical': {
        const values = engineeredValues(def, frame, rows, n, levelIndex);
        return { kind: 'numeric', name: def.name, values: def.scaling ? applyScaling(values, def.scaling) : values };
      }
    }
  });
  return { rows: n, columns };
}

function sameLevels(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
