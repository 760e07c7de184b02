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
import { encodeTarget, fitTargetSpec } from '../src/engine/prep/targetSpec';
import { Rng } from '../src/engine/random';
import { holdoutAssignment, stratifiedHoldoutAssignment } from '../src/engine/validate/shuffledFolds';
import type { ManifestEntry, Split } from '../test/publicDatasets';

const TEST_FRACTION = 0.2;

/** The split seeds a run of `count` splits uses: 1, 2, …, count. */
export function splitSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * The split of `seed`: the engine's own holdout (`validate/shuffledFolds.ts`, as a run validated on
 * one split draws it), stratified by class for classification, 20% of the rows held out. Indices
 * sorted, 0-based data rows.
 */
export function seededSplit(frame: Frame, entry: ManifestEntry, seed: number): Split {
  const rng = new Rng(seed);
  let testOf: Int32Array;
  if (entry.task === 'regression') {
    testOf = holdoutAssignment(frame.rowCount, TEST_FRACTION, rng);
  } else {
    const { target } = encodeTarget(fitTargetSpec(frame, entry.target, entry.task), frame);
    if (target.kind !== 'classification' || target.codes.length !== frame.rowCount) throw new RangeError(`${entry.name}: every row needs a class to be split by it`);
    testOf = stratifiedHoldoutAssignment(target.codes, target.classes.length, TEST_FRACTION, rng);
  }
  const train: number[] = [];
  const test: number[] = [];
  testOf.forEach((fold, row) => (fold === 0 ? test : train).push(row));
  return { train, test };
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
