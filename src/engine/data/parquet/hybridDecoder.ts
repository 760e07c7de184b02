/**
 * Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, booleans),
 * decoded straight into an `Int32Array` from the page bytes: no intermediate JavaScript array.
 */

/**
 * Decodes `count` values of `width` bits from `bytes[start, end)` into `out[0, count)` and
 * returns the position after the last run read. Throws `RangeError` when the runs end before
 * `count` values (a corrupt or cut page).
 */
export function decodeHybrid(bytes: Uint8Array, start: number, end: number, width: number, out: Int32Array, count: number): number {
  let pos = start;
  let seen = 0;
  const valueBytes = (width + 7) >> 3;
  while (seen < count) {
    if (pos >= end) {
      // A bit width of 0 encodes only zeros, and some writers then write no run at all.
      if (width === 0) {
        out.fill(0, seen, count);
        return pos;
      }
      throw new RangeError(`page data ends after ${seen} of ${count} values`);
    }
    let header = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++];
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && pos < end);
    if (header % 2 === 1) {
      const groups = Math.floor(header / 2);
      const take = Math.min(groups * 8, count - seen);
      if (width <= 24) seen = unpackNarrow(bytes, pos, width, out, seen, take);
      else seen = unpackWide(bytes, pos, width, out, seen, take);
      pos += groups * width;
    } else {
      const run = Math.min(Math.floor(header / 2), count - seen);
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[pos++] * 2 ** (8 * i);
      out.fill(value | 0, seen, seen + run);
      seen += run;
    }
  }
  return pos;
}

/**
 * Bit-packed values of at most 24 bits: each one lies within 4 bytes from its first, read at
 * once (no loop-carried bit buffer, so no unpredictable branch per value).
 */
function unpackNarrow(bytes: Uint8Array, pos: number, width: number, out: Int32Array, seen: number, take: number): number {
  const mask = (1 << width) - 1;
  const stop = seen + take;
  // Past the end (a cut page) reads as zero bits; the caller's bounds catch the damage.
  const safeStop = Math.min(stop, seen + Math.floor(((bytes.length - pos - 4) * 8) / width));
  let bit = 0;
  let i = seen;
  for (; i < safeStop; i++, bit += width) {
    const at = pos + (bit >>> 3);
    const word = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
    out[i] = (word >>> (bit & 7)) & mask;
  }
  for (; i < stop; i++, bit += width) {
    const at = pos + (bit >>> 3);
    const word = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24);
    out[i] = (word >>> (bit & 7)) & mask;
  }
  return stop;
}

/**
 * Definition levels of a flat OPTIONAL column (0 missing, 1 present) into `out`, returning how
 * many are present. A page without missing values (one run of ones, as most writers write it)
 * costs nothing: `out` is then left as is.
 */
export function decodeLevels(bytes: Uint8Array, start: number, end: number, out: Int32Array, count: number): number {
  if (start < end && (bytes[start] & 1) === 0) {
    let header = 0;
    let shift = 0;
    let pos = start;
    let byte: number;
    do {
      byte = bytes[pos++];
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && pos < end);
    if (Math.floor(header / 2) >= count && bytes[pos] === 1) return count;
  }
  decodeHybrid(bytes, start, end, 1, out, count);
  let present = 0;
  for (let i = 0; i < count; i++) present += out[i];
  return present;
}

/** Bit-packed values of 25 to 32 bits (dictionaries of millions of entries), in float arithmetic. */
function unpackWide(bytes: Uint8Array, pos: number, width: number, out: Int32Array, seen: number, take: number): number {
  const scale = 2 ** width;
  let buffer = 0;
  let bits = 0;
  const stop = seen + take;
  for (let i = seen; i < stop; i++) {
    while (bits < width) {
      buffer += (bytes[pos++] ?? 0) * 2 ** bits;
      bits += 8;
    }
    const value = buffer % scale;
    out[i] = value | 0;
    buffer = (buffer - value) / scale;
    bits -= width;
  }
  return stop;
}
