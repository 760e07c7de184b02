/**
 * Seeded 80/20 holdout splits of the public datasets, beside the fixed one in datasets/splits: one
 * split is one draw, and on a 36-row test set a single row moves the score by 3%. The automl
 * suite runs each dataset on several of these (AUTOML_BENCH_SPLITS) and writes them where the peer
 * script reads them (`bench/peers/peer_baseline.py --seeded-splits`), so both sides score the same
 * rows. A split is a pure function of the target column and the seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../src/engine/data/frame';
import { Rng } from '../src/engine/random';
import type { ManifestEntry, Split } from '../test/publicDatasets';

const TEST_FRACTION = 0.2;

/** The split seeds a run of `count` splits uses: 1, 2, …, count. */
export function splitSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * Row groups a classification split keeps in proportion: one per class (missing labels form one
 * more). Regression rows form one group.
 */
function strata(frame: Frame, entry: ManifestEntry): number[][] {
  const column = frame.columns.find((c) => c.name === entry.target);
  if (!column) throw new RangeError(`${entry.name}: no target column '${entry.target}'`);
  if (entry.task === 'regression') return [Array.from({ length: frame.rowCount }, (_, r) => r)];
  const groups = new Map<number, number[]>();
  for (let r = 0; r < frame.rowCount; r++) {
    const key = column.storage === 'categorical' ? column.codes[r] : column.values[r];
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, rows]) => rows);
}

/**
 * The split of `seed`: each stratum shuffled and its first round(20%) rows held out, so every
 * class keeps its share of the test rows (as scikit-learn's stratified train_test_split does, up
 * to rounding). Indices sorted, 0-based data rows.
 */
export function seededSplit(frame: Frame, entry: ManifestEntry, seed: number): Split {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of strata(frame, entry)) {
    const shuffled = rng.shuffle(Uint32Array.from(rows));
    const held = Math.round(shuffled.length * TEST_FRACTION);
    shuffled.forEach((row, i) => (i < held ? test : train).push(row));
  }
  const ascending = (a: number, b: number): number => a - b;
  return { train: train.sort(ascending), test: test.sort(ascending) };
}

/** Where the split files of a run live for the peer script: `<scratch>/seeded-splits/NAME-seedK.json`. */
export function seededSplitFolder(repoRoot: string): string {
  return join(repoRoot, 'bench', '.scratch', 'seeded-splits');
}

/** Writes `split` where the peer script finds it. */
export function writeSeededSplit(repoRoot: string, name: string, seed: number, split: Split): void {
  const folder = seededSplitFolder(repoRoot);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}-seed${seed}.json`);
  writeFileSync(file, JSON.stringify({ name, seed, test_fraction: TEST_FRACTION, index_base: 0, train: split.train, test: split.test }));
}
