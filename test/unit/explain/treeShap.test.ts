import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { routeRow, treeExpectedValue, treeShap, TreeShapScratch } from '../../../src/engine/explain/treeShap';
import { gbdtLearner, type GbdtModel } from '../../../src/engine/learners/gbdt/gbdt';
import { CAT_WORDS, leafOfRaw, treeFromJSON, type FeatureLayout, type RawColumns, type SerializedTree, type Tree } from '../../../src/engine/learners/gbdt/tree';
import type { FeatureMatrix, Target } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { syntheticProblem } from '../learners/conformance';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}

// ---------------------------------------------------------------------------------------------
// Random trees, layouts and rows.

interface Problem {
  readonly tree: Tree;
  readonly layout: FeatureLayout;
  readonly features: number;
  readonly isCategorical: boolean[];
  readonly levels: number[];
  /** Features some node splits on. */
  readonly used: Set<number>;
}

/** A random tree over up to 8 features (some categorical), with missing-value directions, category sets and covers. */
function randomProblem(rng: Rng): Problem {
  const features = 1 + rng.int(8);
  const isCategorical = Array.from({ length: features }, () => rng.next() < 0.35);
  const levels = isCategorical.map((c) => (c ? 2 + rng.int(5) : 0));
  // Category code -> bin; some codes were unseen in training (bin -1 -> missing bin).
  const binOfCode = levels.map((l, f) => (isCategorical[f] ? Int32Array.from({ length: l }, (_, c) => (rng.next() < 0.15 ? -1 : c)) : null));
  const missingBin = Int32Array.from(levels, (l, f) => (isCategorical[f] ? l : 16));
  const layout: FeatureLayout = { missingBin, binOfCode };

  const maxDepth = 1 + rng.int(6);
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const categorical: number[] = [];
  const catBits: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const nodeCount: number[] = [];
  const leafValue: number[] = [];
  const leafCount: number[] = [];
  const used = new Set<number>();
  // Features drawn from a random subset, so some features are never used.
  const pool = rng.shuffle(Array.from({ length: features }, (_, f) => f)).slice(0, 1 + rng.int(features));

  /** Builds a subtree; returns its reference (node or ~leaf) and its cover. */
  const build = (depth: number): [number, number] => {
    if (depth >= maxDepth || (depth > 0 && rng.next() < 0.25)) {
      const leaf = leafValue.length;
      leafValue.push(rng.normal());
      const count = 1 + rng.int(30);
      leafCount.push(count);
      return [~leaf, count];
    }
    const node = feature.length;
    const f = pool[rng.int(pool.length)];
    used.add(f);
    feature.push(f);
    threshold.push(isCategorical[f] ? 0 : rng.next());
    defaultLeft.push(rng.next() < 0.5 ? 1 : 0);
    categorical.push(isCategorical[f] ? 1 : 0);
    const words = new Array<number>(CAT_WORDS).fill(0);
    if (isCategorical[f]) {
      for (let b = 0; b <= missingBin[f]; b++) if (rng.next() < 0.5) words[b >>> 5] |= 1 << (b & 31);
    }
    catBits.push(...words);
    left.push(0);
    right.push(0);
    nodeCount.push(0);
    const [l, lc] = build(depth + 1);
    const [r, rc] = build(depth + 1);
    left[node] = l;
    right[node] = r;
    nodeCount[node] = lc + rc;
    return [node, lc + rc];
  };
  build(0);
  const tree: Tree = {
    feature: Int32Array.from(feature),
    thresholdBin: new Int32Array(feature.length),
    threshold: Float64Array.from(threshold),
    defaultLeft: Uint8Array.from(defaultLeft),
    categorical: Uint8Array.from(categorical),
    catBits: Uint32Array.from(catBits, (w) => w >>> 0),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    gain: new Float64Array(feature.length),
    nodeCount: Float64Array.from(nodeCount),
    leafValue: Float64Array.from(leafValue),
    leafCount: Float64Array.from(leafCount),
  };
  return { tree, layout, features, isCategorical, levels, used };
}

/** Random raw rows: numeric values in [0, 1) or NaN; category codes including missing (-1) and unseen ones. */
function randomColumns(problem: Problem, rows: number, rng: Rng): RawColumns {
  return {
    numeric: problem.isCategorical.map((c) => (c ? null : Float64Array.from({ length: rows }, () => (rng.next() < 0.2 ? NaN : rng.next())))),
    codes: problem.isCategorical.map((c, f) => (c ? Int32Array.from({ length: rows }, () => rng.int(problem.levels[f] + 3) - 1) : null)),
  };
}

// ---------------------------------------------------------------------------------------------
// Brute force: Shapley values over all 2^M coalitions of the path-dependent value function.

/** Whether the explained row goes left at internal node `node`. */
type NodeRouter = (node: number) => boolean;

/** Row `row`'s direction at every node (1 = left), as the explainers compute it. */
function directions(tree: Tree, layout: FeatureLayout, columns: RawColumns, row: number): Uint8Array {
  const goesLeft = new Uint8Array(tree.feature.length);
  routeRow(tree, layout, columns, row, goesLeft);
  return goesLeft;
}

const routerOf = (goesLeft: Uint8Array): NodeRouter => (node) => goesLeft[node] === 1;

function childCover(tree: Tree, child: number): number {
  return child >= 0 ? tree.nodeCount[child] : tree.leafCount[~child];
}

/** Expected output when features in `mask` follow the row and the others split by cover. */
function coalitionValue(tree: Tree, route: NodeRouter, mask: number, ref: number): number {
  if (ref < 0) return tree.leafValue[~ref];
  const f = tree.feature[ref];
  if ((mask >>> f) & 1) return coalitionValue(tree, route, mask, route(ref) ? tree.left[ref] : tree.right[ref]);
  const l = tree.left[ref];
  const r = tree.right[ref];
  const total = tree.nodeCount[ref];
  return (childCover(tree, l) / total) * coalitionValue(tree, route, mask, l) + (childCover(tree, r) / total) * coalitionValue(tree, route, mask, r);
}

function bruteForceShap(tree: Tree, route: NodeRouter, features: number): Float64Array {
  if (tree.feature.length === 0) return new Float64Array(features);
  const values = Float64Array.from({ length: 1 << features }, (_, mask) => coalitionValue(tree, route, mask, 0));
  const factorial = [1];
  for (let i = 1; i <= features; i++) factorial.push(factorial[i - 1] * i);
  const phi = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    for (let mask = 0; mask < 1 << features; mask++) {
      if ((mask >>> i) & 1) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      const weight = (factorial[size] * factorial[features - size - 1]) / factorial[features];
      phi[i] += weight * (values[mask | (1 << i)] - values[mask]);
    }
  }
  return phi;
}

// ---------------------------------------------------------------------------------------------

describe('treeShap', () => {
  it('matches brute-force Shapley values of the path-dependent value function on random trees', () => {
    const rng = new Rng(20180212);
    const scratch = new TreeShapScratch();
    let checked = 0;
    for (let t = 0; t < 150; t++) {
      const problem = randomProblem(rng);
      const rows = 12;
      const columns = randomColumns(problem, rows, rng);
      for (let r = 0; r < rows; r++) {
        const goesLeft = directions(problem.tree, problem.layout, columns, r);
        const expected = bruteForceShap(problem.tree, routerOf(goesLeft), problem.features);
        const out = new Float64Array(problem.features);
        treeShap(problem.tree, goesLeft, problem.features, out, scratch);
        for (let f = 0; f < problem.features; f++) close(out[f], expected[f], 1e-9, `tree ${t}, row ${r}, feature ${f}`);
        checked++;
      }
    }
    assert.equal(checked, 150 * 12);
  });

  it('adds up to the tree output for the row (local accuracy) and gives unused features exactly 0', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 200; t++) {
      const problem = randomProblem(rng);
      const rows = 10;
      const columns = randomColumns(problem, rows, rng);
      const base = treeExpectedValue(problem.tree);
      for (let r = 0; r < rows; r++) {
        const out = new Float64Array(problem.features);
        treeShap(problem.tree, directions(problem.tree, problem.layout, columns, r), problem.features, out);
        const output = problem.tree.leafValue[leafOfRaw(problem.tree, columns, r, problem.layout)];
        close(base + out.reduce((a, b) => a + b, 0), output, 1e-9, `tree ${t}, row ${r}`);
        for (let f = 0; f < problem.features; f++) if (!problem.used.has(f)) assert.equal(out[f], 0, `unused feature ${f}`);
      }
    }
  });

  it('accumulates into out and reuses scratch buffers across trees of different depths', () => {
    const rng = new Rng(99);
    const scratch = new TreeShapScratch();
    for (let t = 0; t < 50; t++) {
      const problem = randomProblem(rng);
      const columns = randomColumns(problem, 1, rng);
      const route = directions(problem.tree, problem.layout, columns, 0);
      const fresh = new Float64Array(problem.features);
      treeShap(problem.tree, route, problem.features, fresh);
      const accumulated = new Float64Array(problem.features).fill(1);
      treeShap(problem.tree, route, problem.features, accumulated, scratch);
      for (let f = 0; f < problem.features; f++) close(accumulated[f], fresh[f] + 1, 1e-12, `feature ${f}`);
    }
  });

  it('computes the expected value as the cover-weighted mean of the leaf values', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 50; t++) {
      const { tree } = randomProblem(rng);
      let weighted = 0;
      let total = 0;
      tree.leafValue.forEach((v, l) => {
        weighted += v * tree.leafCount[l];
        total += tree.leafCount[l];
      });
      close(treeExpectedValue(tree), weighted / total, 1e-12, `tree ${t}`);
    }
  });

  it('gives a single-leaf tree no attributions and its leaf value as expected value', () => {
    const json: SerializedTree = {
      feature: [],
      thresholdBin: [],
      threshold: [],
      defaultLeft: [],
      categorical: [],
      catBits: [],
      left: [],
      right: [],
      gain: [],
      nodeCount: [],
      leafValue: [0.75],
      leafCount: [10],
    };
    const tree = treeFromJSON(json);
    const out = new Float64Array(3);
    treeShap(tree, new Uint8Array(0), 3, out);
    assert.deepEqual(Array.from(out), [0, 0, 0]);
    assert.equal(treeExpectedValue(tree), 0.75);
  });

  it('gives symmetric features equal values and an unused feature exactly 0', () => {
    // out = 1 when x0 <= 0.5 and x1 <= 0.5 (an AND), with a uniform cover over the four cells.
    const tree = treeFromJSON({
      feature: [0, 1],
      thresholdBin: [0, 0],
      threshold: [0.5, 0.5],
      defaultLeft: [0, 0],
      categorical: [0, 0],
      catBits: [],
      left: [1, ~0],
      right: [~2, ~1],
      gain: [0, 0],
      nodeCount: [100, 50],
      leafValue: [1, 0, 0],
      leafCount: [25, 25, 50],
    });
    const layout: FeatureLayout = { missingBin: Int32Array.from([16, 16, 16]), binOfCode: [null, null, null] };
    const columns: RawColumns = { numeric: [Float64Array.of(0.2, 0.9), Float64Array.of(0.3, 0.8), Float64Array.of(5, 5)], codes: [null, null, null] };
    assert.equal(treeExpectedValue(tree), 0.25);
    for (let r = 0; r < 2; r++) {
      const out = new Float64Array(3);
      treeShap(tree, directions(tree, layout, columns, r), 3, out);
      close(out[0], out[1], 1e-15, `row ${r}: symmetric features`);
      assert.equal(out[2], 0);
      close(0.25 + out[0] + out[1], r === 0 ? 1 : 0, 1e-12, `row ${r}: additivity`);
    }
    const out = new Float64Array(3);
    treeShap(tree, directions(tree, layout, columns, 0), 3, out);
    close(out[0], 0.375, 1e-15, 'x0 of the row in the AND cell');
  });
});

// ---------------------------------------------------------------------------------------------
// A fitted GBDT: SHAP values of all trees plus the base value reproduce predictRaw.

function withMissing(x: FeatureMatrix, rng: Rng): FeatureMatrix {
  return {
    rows: x.rows,
    columns: x.columns.map((c) =>
      c.kind === 'numeric'
        ? { ...c, values: Float64Array.from(c.values, (v) => (rng.next() < 0.1 ? NaN : v)) }
        : { ...c, codes: Int32Array.from(c.codes, (code) => (rng.next() < 0.1 ? -1 : code)) },
    ),
  };
}

/** The model's raw-value layout, from its serialized state (the same arrays predictRaw uses). */
function layoutOf(model: GbdtModel): FeatureLayout {
  const state = model.toJSON().state as { missingBin: number[]; binOfCode: (number[] | null)[]; initScores: number[] };
  return { missingBin: Int32Array.from(state.missingBin), binOfCode: state.binOfCode.map((m) => (m ? Int32Array.from(m) : null)) };
}

function checkGbdtAdditivity(task: 'regression' | 'binary' | 'multiclass', seed: number): void {
  const rng = new Rng(seed);
  const problem = syntheticProblem(task, 400, seed, true);
  const x = withMissing(problem.x, rng);
  // A missing category carries signal, so that the trees route the missing bin on its own.
  const cat = x.columns.find((c) => c.kind === 'categorical');
  assert.ok(cat?.kind === 'categorical');
  const target = problem.y;
  const codes = cat.codes;
  const y: Target =
    target.kind === 'regression'
      ? { ...target, values: Float64Array.from(target.values, (v, r) => (codes[r] < 0 ? v + 3 : v)) }
      : { ...target, codes: Int32Array.from(target.codes, (c, r) => (codes[r] < 0 ? target.classes.length - 1 : c)) };
  const model = gbdtLearner.fit(x, y, { numIterations: 25, numLeaves: 8, minDataInLeaf: 5 }, { rng: new Rng(seed) }) as GbdtModel;
  assert.ok(model.trees.some((t) => t.feature.length > 0), 'the model has splits');
  const layout = layoutOf(model);
  const initScores = (model.toJSON().state as { initScores: number[] }).initScores;
  const outputs = initScores.length;
  const features = x.columns.length;

  // Test rows: the training rows plus ones with an unseen category code.
  const test: FeatureMatrix = {
    rows: x.rows + 20,
    columns: x.columns.map((c) =>
      c.kind === 'numeric'
        ? { ...c, values: Float64Array.from({ length: x.rows + 20 }, (_, r) => (r < x.rows ? c.values[r] : rng.next() < 0.3 ? NaN : rng.normal() * 2)) }
        : { ...c, codes: Int32Array.from({ length: x.rows + 20 }, (_, r) => (r < x.rows ? c.codes[r] : rng.int(c.levels + 3) - 1)) },
    ),
  };
  const columns: RawColumns = {
    numeric: test.columns.map((c) => (c.kind === 'numeric' ? c.values : null)),
    codes: test.columns.map((c) => (c.kind === 'categorical' ? c.codes : null)),
  };
  const raw = model.predictRaw(test);
  const base = Float64Array.from(initScores);
  model.trees.forEach((tree, t) => (base[t % outputs] += treeExpectedValue(tree)));
  const scratch = new TreeShapScratch();
  for (let r = 0; r < test.rows; r++) {
    const phi = Array.from({ length: outputs }, () => new Float64Array(features));
    model.trees.forEach((tree, t) => treeShap(tree, directions(tree, layout, columns, r), features, phi[t % outputs], scratch));
    for (let k = 0; k < outputs; k++) close(base[k] + phi[k].reduce((a, b) => a + b, 0), raw[k][r], 1e-6, `${task}: row ${r}, output ${k}`);
  }
}

describe('treeShap on a fitted GBDT', () => {
  it('sums with the base value to predictRaw (regression, missing and unseen values)', () => checkGbdtAdditivity('regression', 11));
  it('sums with the base value to predictRaw (binary)', () => checkGbdtAdditivity('binary', 12));
  it('sums with the base value to predictRaw per class (multiclass)', () => checkGbdtAdditivity('multiclass', 13));
});
