/**
 * A pipeline's input fields: one per source column it reads, typed from the training file's
 * profile. The CSV reader parses data for the model by them, and the exported module's `predict`
 * parses raw text by the same rules.
 */
import type { InputField } from '../data/inputField';
import { PLAIN_NUMBER_FORMAT } from '../data/frame';
import { booleanPairOf } from '../data/inferType';
import type { ColumnProfile } from '../profile/types';
import type { FeatureDef, FeaturePlan } from './featureDefs';
import { featureSources } from './featureSources';
import { pipelineSources } from './pipelineSources';

/** Whether `def` reads column `name` as numbers (a group statistic reads its `by` column as labels). */
function readsNumbers(def: FeatureDef, name: string): boolean {
  switch (def.kind) {
    case 'numeric':
    case 'datePart':
    case 'pair':
    case 'cyclical':
      return true;
    case 'groupStat':
      return def.sources[0] === name;
    default:
      return false;
  }
}

/**
 * The fields of a pipeline's source columns, in first-use order. A field is optional when the
 * training file had missing values in it: the pipeline learned what to do with them. Columns the
 * profile does not describe are typed by what the pipeline does with them. A column read only
 * by an engineered feature (the `b` of `a / b`) is a field like any other. Takes a fitted
 * `Pipeline` or its saved form alike.
 */
export function inputFields(pipeline: { readonly members: readonly { readonly plan: FeaturePlan }[] }, columns: readonly ColumnProfile[]): InputField[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const defs = pipeline.members.flatMap((m) => m.plan.features);
  return pipelineSources(pipeline).map((name): InputField => {
    const column = byName.get(name);
    const optional = column === undefined || column.missing > 0;
    const used = defs.filter((d) => featureSources(d).includes(name));
    const numeric = used.some((d) => readsNumbers(d, name));
    if (used.some((d) => d.kind === 'datePart' || d.kind === 'cyclical') || (numeric && column?.storage === 'datetime')) {
      // Without a profile, times are kept (they only decide how a date is shown).
      return { kind: 'date', name, optional, order: column?.dateFormat?.order ?? 'ymd', hasTime: column?.dateFormat?.hasTime ?? true };
    }
    if (numeric) return { kind: 'number', name, optional, format: column?.numberFormat ?? PLAIN_NUMBER_FORMAT };
    const labels = column?.type === 'boolean' ? booleanLabels(column) : undefined;
    if (labels) return { kind: 'boolean', name, optional, labels };
    return { kind: 'category', name, optional, text: column?.type === 'text' || used.some((d) => d.kind === 'textTfidf') };
  });
}

/**
 * A boolean column's labels as `[false, true]`, as the reader's dictionary holds them, from the
 * profile's values (the reader recognises the same spelling pairs, case-insensitively).
 */
export function booleanLabels(column: ColumnProfile): readonly [string, string] | undefined {
  const values = (column.topValues ?? []).map((t) => t.value);
  const pair = booleanPairOf(values);
  if (pair === undefined) return undefined;
  const falseLabel = values.find((v) => v.toLowerCase() === pair[0]) ?? pair[0];
  const trueLabel = values.find((v) => v.toLowerCase() === pair[1]) ?? pair[1];
  return [falseLabel, trueLabel];
}
