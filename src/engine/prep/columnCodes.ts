import { DataError } from '../errors';
import type { Column, Frame } from '../data/frame';

/** `indexLevels` value of a missing cell. */
export const MISSING_LEVEL = -1;
/** `indexLevels` value of a label the fitted levels do not know. */
export const UNSEEN_LEVEL = -2;

/**
 * A column over selected rows as dictionary codes (`-1` = missing), so that encoders work once
 * per distinct label and then map codes. Categorical columns are used as they are; numeric and
 * date columns (a categorical column read as numbers in a new file) get a dictionary of their
 * distinct values written as `String(value)`.
 */
export interface CodesView {
  readonly dictionary: readonly string[];
  /** One code per selected row. */
  readonly codes: Int32Array;
}

/** The column called `name`, or a `DataError` saying the model needs it. */
export function columnOf(frame: Frame, name: string): Column {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) throw new DataError(`the data has no column '${name}', which the model needs`);
  return column;
}

/** The `rows` of `column` (all `n` rows when undefined) as dictionary codes. */
export function codesView(column: Column, rows: Uint32Array | undefined, n: number): CodesView {
  if (column.storage === 'categorical') {
    if (!rows) return { dictionary: column.dictionary, codes: column.codes };
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[rows[i]];
    return { dictionary: column.dictionary, codes };
  }
  const values = column.values;
  const index = new Map<number, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      index.set(v, code);
      dictionary.push(String(v));
    }
    codes[i] = code;
  }
  return { dictionary, codes };
}

/** The distinct labels of some rows, with counts. */
export interface LevelCounts {
  /** Labels in order of first appearance in the rows. */
  readonly levels: readonly string[];
  /** Rows per label (`counts[i]` for `levels[i]`). */
  readonly counts: Float64Array;
  readonly missing: number;
  /** Per row: the index of its label in `levels`, or `MISSING_LEVEL`. */
  readonly rowLevel: Int32Array;
}

/** Counts the labels of a view (one pass over the rows, one lookup per dictionary entry). */
export function countLevels(view: CodesView): LevelCounts {
  const { codes, dictionary } = view;
  const n = codes.length;
  const levelOfCode = new Int32Array(dictionary.length).fill(-1);
  const order: number[] = [];
  const rowLevel = new Int32Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    if (code < 0) {
      rowLevel[i] = MISSING_LEVEL;
      missing++;
      continue;
    }
    let level = levelOfCode[code];
    if (level < 0) {
      level = order.length;
      levelOfCode[code] = level;
      order.push(code);
    }
    rowLevel[i] = level;
  }
  const counts = new Float64Array(order.length);
  for (let i = 0; i < n; i++) if (rowLevel[i] >= 0) counts[rowLevel[i]]++;
  return { levels: order.map((code) => dictionary[code]), counts, missing, rowLevel };
}

/**
 * Per row of a view: the index of its label in `levels`, `MISSING_LEVEL` or `UNSEEN_LEVEL`. Each
 * dictionary entry is looked up at most once, and only when a row uses it.
 */
export function indexLevels(view: CodesView, levels: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  for (let i = levels.length - 1; i >= 0; i--) index.set(levels[i], i);
  const unset = -3;
  const { codes, dictionary } = view;
  const levelOfCode = new Int32Array(dictionary.length).fill(unset);
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) {
      out[i] = MISSING_LEVEL;
      continue;
    }
    let level = levelOfCode[code];
    if (level === unset) {
      level = index.get(dictionary[code]) ?? UNSEEN_LEVEL;
      levelOfCode[code] = level;
    }
    out[i] = level;
  }
  return out;
}

/** Per row: `table[level]`, `missingValue` for missing cells and `unseenValue` for unseen labels. */
export function lookupLevels(level: Int32Array, table: ArrayLike<number>, missingValue: number, unseenValue: number): Float64Array {
  const out = new Float64Array(level.length);
  for (let i = 0; i < level.length; i++) {
    const l = level[i];
    out[i] = l >= 0 ? table[l] : l === MISSING_LEVEL ? missingValue : unseenValue;
  }
  return out;
}

/** Level indexes, most frequent first (ties by first appearance, so the order is deterministic). */
export function rankLevels(counts: Float64Array): number[] {
  return Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
}
