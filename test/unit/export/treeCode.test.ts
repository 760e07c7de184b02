import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { MISSING_LEFT, buildTreeLayout } from '../../../src/engine/export/learners/treeLayout';
import { forestCode, gbdtCode } from '../../../src/engine/export/learners/treeCode';
import type { FeatureSlot, LearnerEmitter } from '../../../src/engine/export/learners/learnerCode';
import { RUNTIME_HELPERS } from '../../../src/engine/export/runtimeHelpers';
import { ForestModel } from '../../../src/engine/learners/forest/forest';
import { GbdtModel } from '../../../src/engine/learners/gbdt/gbdt';
import { goesLeftRaw, leafOfRaw, treeFromJSON, type SerializedTree, type Tree } from '../../../src/engine/learners/gbdt/tree';
import { getLearner } from '../../../src/engine/learners/index';
import { rawColumns } from '../../../src/engine/learners/checks';
import type { FeatureMatrix, SerializedModel, Task } from '../../../src/engine/learners/types';
import { applyFeaturePlan } from '../../../src/engine/prep/featurePlan';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import type { Params } from '../../../src/engine/search/domain';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, manifestEntry, readSplit } from '../../publicDatasets';
import { compileAndLoad, strictDiagnostics } from './compileModule';

interface Exported {
  run(x: Float64Array): number[];
  leaf(t: number, x: Float64Array): number;
}

type TreeModel = GbdtModel | ForestModel;

interface Fitted {
  readonly model: TreeModel;
  readonly json: SerializedModel;
  readonly holdout: FeatureMatrix;
  readonly slots: FeatureSlot[];
}

const frames = new Map<string, { frame: Frame; train: Uint32Array; test: Uint32Array; target: string; task: Task }>();

async function loadDataset(name: string): Promise<void> {
  const entry = manifestEntry(name);
  const { frame } = await readCsvFile(datasetFile(name));
  const split = readSplit(name);
  frames.set(name, { frame, train: Uint32Array.from(split.train), test: Uint32Array.from(split.test), target: entry.target, task: entry.task });
}

/** A real pipeline fit on the dataset's training rows, with its holdout rows as features. */
function fit(dataset: string, learner: string, params: Params): Fitted {
  const data = frames.get(dataset);
  if (!data) throw new Error(`dataset ${dataset} not loaded`);
  const pipeline = Pipeline.fit(selectRows(data.frame, data.train), data.target, learner, params, { rng: new Rng(7) }, { task: data.task });
  const member = pipeline.members[0];
  const model = member.model;
  assert.ok(model instanceof GbdtModel || model instanceof ForestModel);
  const holdout = applyFeaturePlan(member.plan, data.frame, data.test);
  return { model, json: model.toJSON(), holdout, slots: slotsOf(holdout) };
}

function slotsOf(x: FeatureMatrix): FeatureSlot[] {
  return x.columns.map((c) => (c.kind === 'numeric' ? { name: c.name, kind: 'numeric' } : { name: c.name, kind: 'categorical', levels: c.levels }));
}

/** Row `r` as the exported code takes it: numbers, or category codes as numbers. */
function rowOf(x: FeatureMatrix, r: number): Float64Array {
  return Float64Array.from(x.columns, (c) => (c.kind === 'numeric' ? c.values[r] : c.codes[r]));
}

/** The emitter's declarations as a module exporting the outputs and the per-tree leaf. */
function moduleSource(emit: LearnerEmitter, json: SerializedModel, slots: FeatureSlot[]): string {
  const code = emit(json, 'm0', slots);
  return [
    ...code.helpers.map((h) => RUNTIME_HELPERS[h]),
    code.declarations,
    `export function run(x: Float64Array): number[] {\n  return ${code.outputs}(x);\n}`,
    'export function leaf(t: number, x: Float64Array): number {\n  return m0Leaf(t, x);\n}',
    '',
  ].join('\n\n');
}

/** The engine's per-row outputs: predictProba for classification, [predict] for regression. */
function engineOutputs(model: TreeModel, x: FeatureMatrix): number[][] {
  const columns = model.task === 'regression' ? [model.predict(x)] : model.predictProba(x);
  return Array.from({ length: x.rows }, (_, r) => columns.map((c) => c[r]));
}

/** Every row's exported outputs equal the engine's exactly (bit for bit, so within 1e-9). */
function assertParity(mod: Exported, model: TreeModel, x: FeatureMatrix): void {
  const expected = engineOutputs(model, x);
  for (let r = 0; r < x.rows; r++) assert.deepEqual(mod.run(rowOf(x, r)), expected[r], `row ${r}`);
}

/** Every tree routes every row to the engine's leaf. */
function assertLeaves(mod: Exported, model: TreeModel, json: SerializedModel, x: FeatureMatrix): void {
  const trees = (json.state as { trees: SerializedTree[] }).trees;
  const columns = rawColumns(x);
  let start = 0;
  model.trees.forEach((tree, t) => {
    for (let r = 0; r < x.rows; r++) assert.equal(mod.leaf(t, rowOf(x, r)), start + leafOfRaw(tree, columns, r, model.layout), `tree ${t} row ${r}`);
    start += trees[t].leafValue.length / (model instanceof ForestModel ? model.leafOutputs : 1);
  });
}

/** Routing of code `code` at a categorical node as the exported traversal reads the layout. */
function layoutGoesLeft(words: number[], catCodes: number, offset: number, flags: number, code: number): boolean {
  const known = code >= 0 && code < catCodes && code === Math.floor(code);
  return known ? ((words[offset + (code >>> 5)] >>> (code & 31)) & 1) === 1 : (flags & MISSING_LEFT) !== 0;
}

/** For every categorical node and every code from -1 past the map's end: the engine's direction. */
function assertCategoricalRouting(model: TreeModel, json: SerializedModel): number {
  const state = json.state as { trees: SerializedTree[]; missingBin: number[]; binOfCode: (number[] | null)[]; outputs: number };
  const layout = buildTreeLayout(state.trees, state, model instanceof ForestModel ? state.outputs : 1);
  let checked = 0;
  model.trees.forEach((tree: Tree, t) => {
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.categorical[node] !== 1) continue;
      const g = layout.nodeStart[t] + node;
      const f = tree.feature[node];
      for (let code = -1; code <= layout.catCodes[f] + 40; code++) {
        const engine = goesLeftRaw(tree, node, code, model.layout);
        assert.equal(layoutGoesLeft(layout.catWords, layout.catCodes[f], layout.split[g], layout.flags[g], code), engine, `tree ${t} node ${node} code ${code}`);
      }
      checked++;
    }
  });
  return checked;
}

/** Holdout rows with categorical codes replaced by missing, unseen and out-of-range ones. */
function oddCodes(x: FeatureMatrix): FeatureMatrix {
  return {
    rows: x.rows,
    columns: x.columns.map((c) =>
      c.kind === 'numeric' ? c : { ...c, codes: Int32Array.from(c.codes, (v, r) => [-1, c.levels, c.levels + 100, -7, v][r % 5]) },
    ),
  };
}

before(async () => {
  for (const name of ['titanic', 'penguins', 'concrete', 'iris']) await loadDataset(name);
});

describe('tree exporters on real fits', () => {
  it('gbdt binary (titanic: categorical splits, missing ages) equals predictProba on every holdout row', () => {
    const f = fit('titanic', 'gbdt', { numIterations: 60 });
    const source = moduleSource(gbdtCode, f.json, f.slots);
    assert.deepEqual(strictDiagnostics(source), []);
    const mod = compileAndLoad<Exported>(source);
    assert.ok(f.slots.some((s) => s.kind === 'categorical'));
    assert.ok(assertCategoricalRouting(f.model, f.json) > 0, 'the model has categorical splits');
    assertLeaves(mod, f.model, f.json, f.holdout);
    assertParity(mod, f.model, f.holdout);
    // Missing (-1), unseen and negative codes route as the engine routes them.
    assertParity(mod, f.model, oddCodes(f.holdout));
    // A non-integer code is not a level: it routes as missing.
    const cat = f.slots.findIndex((s) => s.kind === 'categorical');
    const row = rowOf(f.holdout, 0);
    row[cat] = 0.5;
    const missing = Float64Array.from(row);
    missing[cat] = -1;
    assert.deepEqual(mod.run(row), mod.run(missing));
  });

  it('gbdt multiclass (penguins: a categorical with missing values) equals predictProba', () => {
    const f = fit('penguins', 'gbdt', { numIterations: 40, minDataInLeaf: 5 });
    const mod = compileAndLoad<Exported>(moduleSource(gbdtCode, f.json, f.slots));
    assert.equal(f.model.classes?.length, 3);
    assertCategoricalRouting(f.model, f.json);
    assertLeaves(mod, f.model, f.json, f.holdout);
    assertParity(mod, f.model, f.holdout);
    assertParity(mod, f.model, oddCodes(f.holdout));
  });

  it('gbdt regression (concrete) and its l1 and huber objectives equal predict', () => {
    for (const objective of ['regression', 'regression_l1', 'huber']) {
      const f = fit('concrete', 'gbdt', { numIterations: 50, objective });
      const mod = compileAndLoad<Exported>(moduleSource(gbdtCode, f.json, f.slots));
      assertParity(mod, f.model, f.holdout);
    }
  });

  it('a 500-round gbdt stays small and exact', () => {
    const f = fit('concrete', 'gbdt', { numIterations: 500 });
    assert.equal((f.model as GbdtModel).rounds, 500);
    const source = moduleSource(gbdtCode, f.json, f.slots);
    const nodes = f.model.trees.reduce((n, t) => n + t.feature.length, 0);
    const kb = Buffer.byteLength(source) / 1024;
    console.log(`500-round gbdt (concrete, ${nodes} splits): exported source ${kb.toFixed(0)} KB, model.json ${(JSON.stringify(f.json).length / 1024).toFixed(0)} KB`);
    // About 25 characters per split and leaf: a leaf value is a full double.
    assert.ok(kb < 30 * (2 * nodes + 500) / 1024, `${kb} KB`);
    assertParity(compileAndLoad<Exported>(source), f.model, f.holdout);
  });

  it('a gbdt with no trees (no split met minDataInLeaf) returns its initial scores', () => {
    const f = fit('titanic', 'gbdt', { numIterations: 5, minDataInLeaf: 100000 });
    assert.equal(f.model.trees.length, 0);
    assertParity(compileAndLoad<Exported>(moduleSource(gbdtCode, f.json, f.slots)), f.model, f.holdout);
  });

  it('randomForest classification (titanic) and regression (concrete) equal the engine', () => {
    for (const [dataset, params] of [['titanic', { numTrees: 25 }], ['concrete', { numTrees: 15 }]] as const) {
      const f = fit(dataset, 'randomForest', params);
      const source = moduleSource(forestCode, f.json, f.slots);
      assert.deepEqual(strictDiagnostics(source), []);
      const mod = compileAndLoad<Exported>(source);
      if (dataset === 'titanic') assert.ok(assertCategoricalRouting(f.model, f.json) > 0);
      assertLeaves(mod, f.model, f.json, f.holdout);
      assertParity(mod, f.model, f.holdout);
      assertParity(mod, f.model, oddCodes(f.holdout));
    }
  });

  it('extraTrees multiclass (penguins) and binary (titanic) equal predictProba', () => {
    for (const dataset of ['penguins', 'titanic']) {
      const f = fit(dataset, 'extraTrees', { numTrees: 20 });
      const mod = compileAndLoad<Exported>(moduleSource(forestCode, f.json, f.slots));
      assertCategoricalRouting(f.model, f.json);
      assertLeaves(mod, f.model, f.json, f.holdout);
      assertParity(mod, f.model, f.holdout);
      assertParity(mod, f.model, oddCodes(f.holdout));
    }
  });

  it('single-leaf trees, alone and between trees that split, keep every tree on its own leaves', () => {
    const stumps = fit('iris', 'randomForest', { numTrees: 3, minSamplesLeaf: 1000 });
    assert.ok(stumps.model.trees.every((t) => t.feature.length === 0));
    assertParity(compileAndLoad<Exported>(moduleSource(forestCode, stumps.json, stumps.slots)), stumps.model, stumps.holdout);

    // The real learner's load over a forest whose trees alternate: split, single leaf, split, …
    const grown = fit('iris', 'randomForest', { numTrees: 3 });
    const treesOf = (m: SerializedModel): SerializedTree[] => (m.state as { trees: SerializedTree[] }).trees;
    const mixed = treesOf(grown.json).flatMap((t, i) => [t, treesOf(stumps.json)[i]]);
    const json: SerializedModel = { ...grown.json, state: { ...(grown.json.state as object), trees: mixed } };
    const model = getLearner('randomForest').load(json);
    assert.ok(model instanceof ForestModel);
    const mod = compileAndLoad<Exported>(moduleSource(forestCode, json, grown.slots));
    assertLeaves(mod, model, json, grown.holdout);
    assertParity(mod, model, grown.holdout);
  });

  it('keeps +Infinity thresholds (null in model.json) and rejects a mismatched model or plan', () => {
    const f = fit('iris', 'gbdt', { numIterations: 3, minDataInLeaf: 5 });
    const trees = (f.json.state as { trees: SerializedTree[] }).trees;
    // Every value goes left at a +Infinity threshold; the engine restores it from null.
    const edited = trees.map((t, i) => (i === 0 ? { ...t, threshold: t.threshold.map(() => null) } : t));
    const json: SerializedModel = { ...f.json, state: { ...(f.json.state as object), trees: edited } };
    const model = getLearner('gbdt').load(json);
    assert.ok(model instanceof GbdtModel);
    assert.equal(treeFromJSON(edited[0]).threshold[0], Infinity);
    const source = moduleSource(gbdtCode, json, f.slots);
    assert.match(source, /Infinity/);
    assertParity(compileAndLoad<Exported>(source), model, f.holdout);

    assert.throws(() => forestCode(f.json, 'm0', f.slots), /expected a randomForest or extraTrees model/);
    assert.throws(() => gbdtCode(f.json, 'm0', f.slots.slice(1)), /do not match/);
  });
});
