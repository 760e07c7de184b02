/**
 * Seeded uniform row sampling without replacement, so the association figures of a profile are
 * reproducible for a given seed.
 */

/**
 * `size` distinct row indices from `[0, rowCount)`, ascending, drawn uniformly with the given
 * seed (Knuth's selection sampling: one pass, each row kept with probability needed/remaining).
 * When `size >= rowCount` every row is returned.
 */
export function sampleRows(rowCount: number, size: number, seed: number): Uint32Array {
  if (size >= rowCount) {
    const all = new Uint32Array(rowCount);
    for (let i = 0; i < rowCount; i++) all[i] = i;
    return all;
  }
  const next = mulberry32(seed);
  const rows = new Uint32Array(size);
  let taken = 0;
  for (let i = 0; i < rowCount && taken < size; i++) {
    if ((rowCount - i) * next() < size - taken) rows[taken++] = i;
  }
  return rows;
}

/** A small, fast 32-bit seeded generator returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
