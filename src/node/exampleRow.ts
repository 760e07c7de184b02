/**
 * An example input row for generated code (the code action's example call, the service README):
 * a real row of the training file, so the values belong together (a passenger's name with that
 * passenger's sex and age), rather than each column's typical value on its own.
 */
import { open } from 'node:fs/promises';
import { readCsvBytes } from '../engine/data/csvReader';
import { isMissing, type Column } from '../engine/data/frame';
import type { ExampleValue } from '../engine/export/exampleInput';
import type { InputField } from '../engine/data/inputField';
import { readDataHead } from './gzipSource';

/** Bytes read from the head of the file: enough for many rows, cheap for any file. */
const HEAD_BYTES = 64 * 1024;

/**
 * The first row among the head of `file` with every one of the model's input `fields` present
 * (else the most complete one), as typed values, read as in training (a count column holding
 * only 0 and 1 near the top stays a number); undefined when the file cannot be read, lacks a
 * field's column or has no rows.
 */
export async function exampleRowFromFile(file: string, fields: readonly InputField[]): Promise<Record<string, ExampleValue> | undefined> {
  let bytes: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      const head = await readDataHead(handle, file, HEAD_BYTES);
      // Whole lines only: the last, cut one would read as a malformed row.
      bytes = head.length < HEAD_BYTES ? head : head.subarray(0, head.lastIndexOf(10) + 1);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  let frame;
  try {
    // Every field optional here: an incomplete row is skipped, not an error.
    ({ frame } = readCsvBytes(bytes, { raggedRows: 'pad', schema: fields.map((field) => ({ ...field, optional: true })) }));
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
