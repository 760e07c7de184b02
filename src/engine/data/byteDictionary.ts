import { isValidUtf8 } from './utf8';

/**
 * A hash dictionary from byte strings to dense codes, so categorical fields are encoded straight
 * from the input buffer without building a JavaScript string per cell. Unique values are copied
 * once into one growable byte arena and decoded to strings only at the end.
 */
export class ByteDictionary {
  private arena: Uint8Array = new Uint8Array(1 << 12);
  private arenaUsed = 0;
  private starts: Int32Array = new Int32Array(64);
  private lengths: Int32Array = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  /** Open-addressing table of `code + 1` (0 = empty slot), size a power of two, load <= 1/2. */
  private table: Int32Array = new Int32Array(128);
  private mask = 127;
  private count = 0;

  /** Number of distinct byte strings seen. */
  get size(): number {
    return this.count;
  }

  /** Total bytes of the distinct values. */
  get bytes(): number {
    return this.arenaUsed;
  }

  /** The code of `buf[start, end)`, adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const length = end - start;
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const entry = table[slot];
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] === hash && this.lengths[code] === length && this.equals(code, buf, start, length)) {
        return code;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, start, length, hash, slot);
  }

  /** The bytes of `code` (a view into the arena: copy before the next `intern`). */
  view(code: number): Uint8Array {
    const start = this.starts[code];
    return this.arena.subarray(start, start + this.lengths[code]);
  }

  /** Whether every entry is well-formed UTF-8. */
  isValidUtf8(): boolean {
    for (let code = 0; code < this.count; code++) if (!isValidUtf8(this.view(code))) return false;
    return true;
  }

  /** Decodes every entry, in code order. */
  decodeAll(decoder: TextDecoder): string[] {
    const out = new Array<string>(this.count);
    for (let code = 0; code < this.count; code++) out[code] = decoder.decode(this.view(code));
    return out;
  }

  private equals(code: number, buf: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const at = this.starts[code];
    for (let i = 0; i < length; i++) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, length: number, hash: number, slot: number): number {
    const code = this.count++;
    if (code === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    if (this.arenaUsed + length > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, start + length), this.arenaUsed);
    this.starts[code] = this.arenaUsed;
    this.lengths[code] = length;
    this.hashes[code] = hash;
    this.arenaUsed += length;
    this.table[slot] = code + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let code = 0; code < this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

function grow(array: Int32Array): Int32Array {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}
