/**
 * Two frames' rows one under the other, column by column, for adversarial validation: the
 * training rows first, then the new rows. Categorical columns of two frames have their own
 * dictionaries (the same label may have different codes), so labels are matched, not codes: the
 * result's dictionary is the training one followed by the labels only the new data has.
 */
import type { CategoricalColumn, Column, Frame } from '../data/frame';

/** A column that cannot be stacked, and why. */
export interface SkippedColumn {
  readonly name: string;
  readonly reason: string;
}

export interface StackedFrames {
  /** Rows `0..first.length-1` are `first`'s rows, the rest `second`'s, in the order given. */
  readonly frame: Frame;
  readonly skipped: readonly SkippedColumn[];
}

const STORAGE_WORDS: Readonly<Record<Column['storage'], string>> = { numeric: 'numbers', categorical: 'labels', datetime: 'dates' };

/**
 * Stacks rows `firstRows` of `first` and `secondRows` of `second`, for the columns `names`. A
 * column absent from either frame, or stored differently in the two (numbers in one, labels in
 * the other), is skipped with the reason. Types and formats are the first frame's, except that a
 * boolean column whose labels grow beyond two becomes categorical.
 */
export function stackFrames(first: Frame, firstRows: Uint32Array, second: Frame, secondRows: Uint32Array, names: readonly string[]): StackedFrames {
  const columns: Column[] = [];
  const skipped: SkippedColumn[] = [];
  const n = firstRows.length + secondRows.length;
  for (const name of names) {
    const a = first.columns.find((c) => c.name === name);
    const b = second.columns.find((c) => c.name === name);
    if (!a || !b) {
      skipped.push({ name, reason: `not in the ${a ? 'new' : 'training'} data` });
      continue;
    }
    if (a.storage !== b.storage) {
      skipped.push({ name, reason: `${STORAGE_WORDS[a.storage]} in the training data, ${STORAGE_WORDS[b.storage]} in the new data` });
      continue;
    }
    if (a.storage === 'categorical') {
      columns.push(stackCategorical(a, firstRows, b as CategoricalColumn, secondRows));
      continue;
    }
    const values = new Float64Array(n);
    const bValues = (b as Exclude<Column, CategoricalColumn>).values;
    for (let i = 0; i < firstRows.length; i++) values[i] = a.values[firstRows[i]];
    for (let i = 0; i < secondRows.length; i++) values[firstRows.length + i] = bValues[secondRows[i]];
    columns.push({ ...a, values });
  }
  return { frame: { rowCount: n, columns }, skipped };
}

function stackCategorical(a: CategoricalColumn, aRows: Uint32Array, b: CategoricalColumn, bRows: Uint32Array): CategoricalColumn {
  const dictionary = [...a.dictionary];
  const index = new Map(dictionary.map((label, code) => [label, code]));
  // b's code -> the stacked code, built once per label rather than per row.
  const remap = Int32Array.from(b.dictionary, (label) => {
    let code = index.get(label);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(label);
      index.set(label, code);
    }
    return code;
  });
  const codes = new Int32Array(aRows.length + bRows.length);
  for (let i = 0; i < aRows.length; i++) codes[i] = a.codes[aRows[i]];
  for (let i = 0; i < bRows.length; i++) {
    const code = b.codes[bRows[i]];
    codes[aRows.length + i] = code < 0 ? -1 : remap[code];
  }
  const type = a.type === 'boolean' && dictionary.length > 2 ? 'categorical' : a.type;
  return { ...a, type, codes, dictionary };
}
