/**
 * An example input row for generated code (the code action's example call, the service README):
 * a real row of the training data, so the values belong together (a passenger's name with that
 * passenger's sex and age), rather than each column's typical value on its own.
 */
import { isMissing, type Column } from '../engine/data/frame';
import type { InputField } from '../engine/data/inputField';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import type { ExampleValue } from '../engine/export/exampleInput';
import { openSource } from './sources/openSource';

/**
 * The first row among the first rows of `source` with every one of the model's input `fields`
 * present (else the most complete one), as typed values, read as in training (a count column
 * holding only 0 and 1 near the top stays a number); undefined when the source cannot be read,
 * lacks a field's column or has no rows.
 */
export async function exampleRowFromSource(
  source: SourceSpec,
  fields: readonly InputField[],
  secrets?: SourceSecrets,
): Promise<Record<string, ExampleValue> | undefined> {
  let frame;
  try {
    // Every field optional here: an incomplete row is skipped, not an error.
    ({ frame } = await openSource(source, secrets).peek({ schema: fields.map((field) => ({ ...field, optional: true })) }));
  } catch {
    return undefined;
  }
  const used = fields.map((field) => frame.columns.find((c) => c.name === field.name)).filter((c): c is Column => c !== undefined);
  if (frame.rowCount === 0 || used.length === 0) return undefined;
  let best = 0;
  let bestPresent = -1;
  for (let row = 0; row < frame.rowCount && bestPresent < used.length; row++) {
    const present = used.filter((c) => !isMissing(c, row)).length;
    if (present > bestPresent) {
      best = row;
      bestPresent = present;
    }
  }
  const example: Record<string, ExampleValue> = {};
  for (const column of used) {
    const value = valueAt(column, best);
    if (value !== undefined) example[column.name] = value;
  }
  return example;
}

function valueAt(column: Column, row: number): ExampleValue | undefined {
  if (isMissing(column, row)) return undefined;
  switch (column.storage) {
    case 'numeric':
      return column.values[row];
    case 'datetime': {
      const iso = new Date(column.values[row]).toISOString();
      return column.format.hasTime ? iso : iso.slice(0, 10);
    }
    case 'categorical':
      return column.type === 'boolean' ? column.codes[row] === 1 : column.dictionary[column.codes[row]];
  }
}
