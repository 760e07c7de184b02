/**
 * The exported module's input fields: one per source column the pipeline reads, typed from the
 * training file's profile, so that `predict` parses raw text exactly as the CSV reader did.
 */
import type { DateFormat, NumberFormat } from '../data/frame';
import { PLAIN_NUMBER_FORMAT } from '../data/frame';
import { booleanPairOf } from '../data/inferType';
import type { ColumnProfile } from '../profile/types';
import type { SerializedPipeline } from '../prep/pipeline';
import { pipelineSources } from './pipelineSources';

export type InputField =
  | { readonly kind: 'number'; readonly name: string; readonly optional: boolean; readonly format: NumberFormat }
  | { readonly kind: 'date'; readonly name: string; readonly optional: boolean; readonly order: DateFormat['order'] }
  /**
   * Booleans are labels as written in the file ([false, true]); a `true`/`false` value picks one,
   * and text matches a label case-insensitively, as the reader does.
   */
  | { readonly kind: 'boolean'; readonly name: string; readonly optional: boolean; readonly labels: readonly [string, string] }
  /** Categories and free text: labels matched as written (trimmed); numbers are read as their text. */
  | { readonly kind: 'category'; readonly name: string; readonly optional: boolean; readonly text: boolean };

/**
 * The fields of a pipeline's source columns, in first-use order. A field is optional when the
 * training file had missing values in it: the pipeline learned what to do with them. Columns the
 * profile does not describe are typed by what the pipeline does with them.
 */
export function inputFields(pipeline: SerializedPipeline, columns: readonly ColumnProfile[]): InputField[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const defs = pipeline.members.flatMap((m) => m.plan.features);
  return pipelineSources(pipeline).map((name): InputField => {
    const column = byName.get(name);
    const optional = column === undefined || column.missing > 0;
    const used = defs.filter((d) => d.source === name);
    const numeric = used.some((d) => d.kind === 'numeric' || d.kind === 'datePart');
    if (used.some((d) => d.kind === 'datePart') || (numeric && column?.storage === 'datetime')) {
      return { kind: 'date', name, optional, order: column?.dateFormat?.order ?? 'ymd' };
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
