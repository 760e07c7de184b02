/**
 * Test data for reading data for an existing model: training rows, and the same kind of rows made
 * awkward for a reader that infers types from the new file alone.
 */
import { Rng } from '../../src/engine/random';

export const TRAIN_ROWS = 400;

export interface Row {
  count: string;
  score: string;
  kind: string;
  when: string;
  y: string;
  v: string;
}

/** The feature columns (the targets are `y`, binary, and `v`, numeric). */
export const FEATURES: (keyof Row)[] = ['count', 'score', 'kind', 'when'];

/** The training rows: count 0–9 (5% missing), a score, a kind a/b/c, a day-first date, a binary and a numeric target. */
export function trainingRows(): Row[] {
  const rng = new Rng(11);
  return Array.from({ length: TRAIN_ROWS }, () => {
    const count = Math.floor(rng.next() * 10);
    const score = Math.round(rng.next() * 1000) / 100;
    const kind = ['a', 'b', 'c'][Math.floor(rng.next() * 3)];
    const day = 1 + Math.floor(rng.next() * 28);
    const month = 1 + Math.floor(rng.next() * 12);
    const z = count * 0.4 + score * 0.3 - (kind === 'b' ? 2 : 0) + month * 0.1 - 3 + rng.next() * 2;
    return {
      count: rng.next() < 0.05 ? '' : String(count),
      score: String(score),
      kind,
      when: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2021`,
      y: z > 0 ? 'yes' : 'no',
      v: (z * 10).toFixed(3),
    };
  });
}

/**
 * Twelve training rows made awkward: counts of only 0 and 1, a stray text value ('abc', row 3,
 * line 5 of a file) and an empty count (row 5), a label never seen in training ('zzz', row 7),
 * dates whose day is at most 12 (they look month-first).
 */
export function awkward(rows: readonly Row[]): Row[] {
  const picked = rows.filter((r) => Number(r.when.slice(0, 2)) <= 12).slice(0, 12);
  return picked.map((r, i) => ({
    ...r,
    count: i === 3 ? 'abc' : i === 5 ? '' : String(i % 2),
    kind: i === 7 ? 'zzz' : r.kind,
  }));
}

/** The rows as CSV text with these columns. */
export function csv(rows: readonly Row[], columns: readonly (keyof Row)[]): string {
  return `${columns.join(',')}\n${rows.map((r) => columns.map((c) => r[c]).join(',')).join('\n')}\n`;
}
