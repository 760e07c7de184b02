/**
 * Numbers (and dates, as epoch milliseconds) from Parquet's PLAIN encoding, read from the page
 * bytes straight into a `Float64Array`: 64-bit integers as two 32-bit halves (no BigInt per
 * value), decimals and timestamps scaled as their column says.
 */
import type { NumberDecoding } from './parquetColumns';

const TWO_32 = 4_294_967_296;
/** Julian day of 1970-01-01, the epoch of INT96 timestamps' day field. */
const UNIX_EPOCH_JULIAN_DAY = 2_440_588;
const MS_PER_DAY = 86_400_000;

/**
 * Reads `count` PLAIN values from `page[start, end)` into `out[at, at + count)` and returns the
 * position after them. Throws `RangeError` when the page is shorter than `count` values.
 */
export function readPlainNumbers(page: Uint8Array, start: number, end: number, count: number, decoding: NumberDecoding, out: Float64Array, at: number): number {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  let pos = start;
  const need = (bytes: number): void => {
    if (pos + bytes > end) throw new RangeError(`page data ends before its ${count} values`);
  };
  const stop = at + count;
  switch (decoding.physical) {
    case 'DOUBLE':
      need(count * 8);
      // Little-endian doubles are the output's own bytes: one copy, aligned or not.
      new Uint8Array(out.buffer, out.byteOffset + at * 8, count * 8).set(page.subarray(pos, pos + count * 8));
      pos += count * 8;
      break;
    case 'FLOAT': {
      need(count * 4);
      const floats = typed(page, pos, count, 4, Float32Array);
      for (let i = 0; i < count; i++) out[at + i] = shortestFloat32(floats[i]);
      pos += count * 4;
      break;
    }
    case 'INT32':
      need(count * 4);
      out.set(decoding.unsigned ? typed(page, pos, count, 4, Uint32Array) : typed(page, pos, count, 4, Int32Array), at);
      pos += count * 4;
      break;
    case 'INT64': {
      need(count * 8);
      // hi * 2^32 is exact and the sum rounds once: the nearest double, exact below 2^53.
      const words = typed(page, pos, count * 2, 4, Int32Array);
      if (decoding.unsigned) for (let i = 0; i < count; i++) out[at + i] = (words[2 * i + 1] >>> 0) * TWO_32 + (words[2 * i] >>> 0);
      else for (let i = 0; i < count; i++) out[at + i] = words[2 * i + 1] * TWO_32 + (words[2 * i] >>> 0);
      pos += count * 8;
      break;
    }
    case 'INT96':
      need(count * 12);
      for (let i = at; i < stop; i++, pos += 12) {
        const nanosOfDay = view.getUint32(pos + 4, true) * TWO_32 + view.getUint32(pos, true);
        out[i] = (view.getInt32(pos + 8, true) - UNIX_EPOCH_JULIAN_DAY) * MS_PER_DAY + Math.round(nanosOfDay / 1e6);
      }
      break;
    case 'FIXED_LEN_BYTE_ARRAY': {
      const width = decoding.typeLength;
      need(count * width);
      for (let i = at; i < stop; i++, pos += width) out[i] = bigEndianInteger(page, pos, width);
      break;
    }
    case 'BYTE_ARRAY':
      for (let i = at; i < stop; i++) {
        need(4);
        const length = view.getUint32(pos, true);
        pos += 4;
        need(length);
        out[i] = bigEndianInteger(page, pos, length);
        pos += length;
      }
      break;
    default:
      throw new RangeError(`${decoding.physical} values are not numbers`);
  }
  scale(out, at, stop, decoding);
  return pos;
}

/** Unaligned values are copied here first, so that they can be read through a typed array. */
let alignedScratch = new ArrayBuffer(1 << 16);

/**
 * `count` values of `size` bytes at `page[pos…]` as a typed array: a view of the page when it is
 * aligned (little-endian hosts, as every typed-array reader of Parquet assumes), else of a copy.
 */
function typed<T>(page: Uint8Array, pos: number, count: number, size: number, Type: new (buffer: ArrayBuffer, offset: number, length: number) => T): T {
  const offset = page.byteOffset + pos;
  if (offset % size === 0 && page.buffer instanceof ArrayBuffer) return new Type(page.buffer, offset, count);
  const bytes = count * size;
  if (alignedScratch.byteLength < bytes) alignedScratch = new ArrayBuffer(Math.max(bytes, alignedScratch.byteLength * 2));
  new Uint8Array(alignedScratch, 0, bytes).set(page.subarray(pos, pos + bytes));
  return new Type(alignedScratch, 0, count);
}

/** Applies a column's multiplier and divisor (DATE days, decimals, µs and ns timestamps) in place. */
export function scale(out: Float64Array, from: number, to: number, decoding: NumberDecoding): void {
  const { multiplier, divisor, round } = decoding;
  if (multiplier !== 1) for (let i = from; i < to; i++) out[i] *= multiplier;
  if (divisor === 1) return;
  // Dividing (rather than multiplying by 10^-scale) keeps decimals exact: 3 / 10 is 0.3.
  if (round) for (let i = from; i < to; i++) out[i] = Math.round(out[i] / divisor);
  else for (let i = from; i < to; i++) out[i] /= divisor;
}

/**
 * One value of a column decoded by hyparquet (the rarer encodings: delta, byte stream split): a
 * number, a bigint or big-endian bytes, before `scale`.
 */
export function rawNumber(raw: unknown, decoding: NumberDecoding): number {
  if (typeof raw === 'number') return decoding.physical === 'FLOAT' ? shortestFloat32(raw) : raw;
  if (typeof raw === 'bigint') return Number(decoding.unsigned ? BigInt.asUintN(64, raw) : raw);
  if (raw instanceof Uint8Array) return bigEndianInteger(raw, 0, raw.length);
  return NaN;
}

/**
 * A float32 as the shortest decimal that reads back as the same float32 (0.1, not
 * 0.10000000149011612): what a CSV of the same data holds, so both read the same numbers.
 */
export function shortestFloat32(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return Number(value.toPrecision(9));
}

/** A two's complement big-endian integer (a decimal's unscaled value), exact up to 2^53. */
function bigEndianInteger(bytes: Uint8Array, start: number, length: number): number {
  if (length === 0) return 0;
  if (length <= 6) {
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 256 + bytes[start + i];
    return bytes[start] & 0x80 ? value - 2 ** (8 * length) : value;
  }
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[start + i]);
  return Number(BigInt.asIntN(8 * length, value));
}
