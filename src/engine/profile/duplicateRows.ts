import type { Column, Frame } from '../data/frame';

/**
 * Rows that exactly repeat an earlier row (pandas' `df.duplicated().sum()`): missing equals
 * missing, and `-0` equals `0`. Hashes every row column by column into one `Int32Array`, then
 * inserts row indices into an open-addressing table, comparing cell by cell only when hashes
 * match. O(rows × columns) time, O(rows) extra memory, no per-row strings.
 * `checkAborted` is called between columns of the hashing pass.
 */
export function countDuplicateRows(frame: Frame, checkAborted: () => void = () => {}): number {
  const rows = frame.rowCount;
  if (rows < 2) return 0;
  const hashes = new Int32Array(rows);
  for (const column of frame.columns) {
    hashColumn(column, hashes);
    checkAborted();
  }
  let capacity = 1;
  while (capacity < rows * 2) capacity *= 2;
  const mask = capacity - 1;
  // Slot holds row + 1 so that 0 means empty.
  const slots = new Int32Array(capacity);
  let duplicates = 0;
  for (let row = 0; row < rows; row++) {
    const hash = hashes[row];
    let slot = finalize(hash) & mask;
    for (;;) {
      const held = slots[slot];
      if (held === 0) {
        slots[slot] = row + 1;
        break;
      }
      const other = held - 1;
      if (hashes[other] === hash && rowsEqual(frame.columns, other, row)) {
        duplicates++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return duplicates;
}

const MISSING_HASH = 0x7ff80001;

function hashColumn(column: Column, hashes: Int32Array): void {
  if (column.storage === 'categorical') {
    const codes = column.codes;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      hashes[i] = mix(hashes[i], code < 0 ? MISSING_HASH : code);
    }
    return;
  }
  const values = column.values;
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let h = hashes[i];
    if (v !== v) h = mix(h, MISSING_HASH);
    else if (v === 0) h = mix(mix(h, 0), 0);
    else h = mix(mix(h, words[2 * i]), words[2 * i + 1]);
    hashes[i] = h;
  }
}

function rowsEqual(columns: readonly Column[], a: number, b: number): boolean {
  for (const column of columns) {
    if (column.storage === 'categorical') {
      const x = column.codes[a];
      const y = column.codes[b];
      if (x !== y && (x >= 0 || y >= 0)) return false;
    } else {
      const x = column.values[a];
      const y = column.values[b];
      if (x !== y && (x === x || y === y)) return false;
    }
  }
  return true;
}

/** One MurmurHash3 x86_32 block step. */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's avalanche, so that linear probing sees well-spread slots. */
function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
