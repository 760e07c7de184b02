/**
 * LSD radix sorts over the bits of IEEE-754 doubles: 4 passes of 16-bit digits, skipping a pass
 * whose digit is the same for every element (common: low mantissa bits of integer-valued data).
 *
 * Measured on this project's 2-core machine (Node 20), median of 3 after a warm-up, sorting a copy
 * of 1,000,000 values: uniform floats native `Float64Array.prototype.sort` 105 ms vs this 48 ms;
 * integers 0..99 66 vs 21 ms; epoch-ms datetimes 103 vs 38 ms. Argsort of 200,000 rows: 11 ms
 * against 68 ms for `Uint32Array.sort` with a comparator. Zeroing and scanning the 4 x 65,536
 * digit counts costs ~0.4 ms, so short inputs use the built-in sorts (crossovers measured at
 * ~16k values and ~4k rows).
 */

/** Value sorts shorter than this use the native sort. */
const RADIX_MIN_LENGTH = 16_384;
/** Argsorts shorter than this use a comparator sort. */
const RADIX_MIN_ROWS = 4_096;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
const SIGN_BIT = 0x80000000;

/** Typed-array word views below assume little-endian memory, as on every platform Node runs on. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts `values` ascending in place and returns it. The input must be NaN-free (strip missing
 * values first); `-0` sorts before `+0`, as with the native sort.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  toSortableBits(words, n);
  const counts = digitCounts(words, n);
  let src: Uint32Array = words;
  let dst: Uint32Array = new Uint32Array(n * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    if (!prefixSums(counts, base, n)) continue;
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const digit = ((word === 0 ? lo : hi) >>> shift) & DIGIT_MASK;
      const at = counts[base + digit]++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== words) words.set(src);
  fromSortableBits(words, n);
  return values;
}

/**
 * Row indices `rows` ordered by `values[row]` ascending (stable: ties keep their order in `rows`).
 * Every `values[row]` must be non-NaN. Returns a new array; `rows` is left as is.
 */
export function argsortFloat64(values: Float64Array, rows: Uint32Array): Uint32Array {
  const n = rows.length;
  if (n < RADIX_MIN_ROWS || !LITTLE_ENDIAN) {
    return Uint32Array.from(rows).sort((a, b) => values[a] - values[b] || a - b);
  }
  const keyValues = new Float64Array(n);
  for (let i = 0; i < n; i++) keyValues[i] = values[rows[i]];
  const keys = new Uint32Array(keyValues.buffer);
  toSortableBits(keys, n);
  const counts = digitCounts(keys, n);
  let srcKeys: Uint32Array = keys;
  let dstKeys: Uint32Array = new Uint32Array(n * 2);
  let srcRows: Uint32Array = Uint32Array.from(rows);
  let dstRows: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    if (!prefixSums(counts, base, n)) continue;
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const lo = srcKeys[2 * i];
      const hi = srcKeys[2 * i + 1];
      const digit = ((word === 0 ? lo : hi) >>> shift) & DIGIT_MASK;
      const at = counts[base + digit]++;
      dstKeys[2 * at] = lo;
      dstKeys[2 * at + 1] = hi;
      dstRows[at] = srcRows[i];
    }
    let swap = srcKeys;
    srcKeys = dstKeys;
    dstKeys = swap;
    swap = srcRows;
    srcRows = dstRows;
    dstRows = swap;
  }
  return srcRows;
}

/**
 * Maps each double's bits (lo word, hi word) to an unsigned key with the same order: negative
 * numbers get all bits flipped, non-negative ones only the sign bit.
 */
function toSortableBits(words: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    if (hi & SIGN_BIT) {
      words[2 * i] = ~words[2 * i];
      words[2 * i + 1] = ~hi;
    } else {
      words[2 * i + 1] = hi | SIGN_BIT;
    }
  }
}

function fromSortableBits(words: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    if (hi & SIGN_BIT) {
      words[2 * i + 1] = hi & ~SIGN_BIT;
    } else {
      words[2 * i] = ~words[2 * i];
      words[2 * i + 1] = ~hi;
    }
  }
}

/** Histograms of all four digits in one pass, laid out as 4 blocks of `BUCKETS` counts. */
function digitCounts(words: Uint32Array, n: number): Uint32Array {
  const counts = new Uint32Array(4 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    counts[lo & DIGIT_MASK]++;
    counts[BUCKETS + (lo >>> DIGIT_BITS)]++;
    counts[2 * BUCKETS + (hi & DIGIT_MASK)]++;
    counts[3 * BUCKETS + (hi >>> DIGIT_BITS)]++;
  }
  return counts;
}

/**
 * Turns one digit's counts into start offsets in place. Returns false (and leaves the counts
 * alone) when every element has the same digit, so the pass can be skipped.
 */
function prefixSums(counts: Uint32Array, base: number, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[base + d];
    if (c === n) return false;
    counts[base + d] = sum;
    sum += c;
  }
  return true;
}
