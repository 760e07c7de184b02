import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { loadModel } from '../../../src/engine/learners/index';
import type { FeatureMatrix, FitContext, LearnerSpec, Target, Task } from '../../../src/engine/learners/types';
import type { Params } from '../../../src/engine/search/domain';
import { Rng } from '../../../src/engine/random';

/** A seeded synthetic problem for a task: a few informative numeric features (+ a categorical). */
export function syntheticProblem(task: Task, rows: number, seed: number, withCategorical: boolean): { x: FeatureMatrix; y: Target } {
  const rng = new Rng(seed);
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const noise = new Float64Array(rows);
  const cat = new Int32Array(rows);
  const signal = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    a[i] = rng.normal();
    b[i] = rng.next() * 4 - 2;
    noise[i] = rng.normal();
    cat[i] = rng.int(3);
    signal[i] = 1.5 * a[i] - b[i] + (withCategorical ? [0.8, -0.5, 0][cat[i]] : 0) + 0.3 * rng.normal();
  }
  const columns: FeatureMatrix['columns'] = [
    { kind: 'numeric', name: 'a', values: a },
    { kind: 'numeric', name: 'b', values: b },
    { kind: 'numeric', name: 'noise', values: noise },
    ...(withCategorical ? [{ kind: 'categorical' as const, name: 'c', codes: cat, levels: 3 }] : []),
  ];
  const x: FeatureMatrix = { rows, columns };
  if (task === 'regression') return { x, y: { kind: 'regression', values: signal } };
  if (task === 'binary') return { x, y: { kind: 'classification', classes: ['no', 'yes'], codes: Int32Array.from(signal, (s) => (s > 0 ? 1 : 0)) } };
  return { x, y: { kind: 'classification', classes: ['low', 'mid', 'high'], codes: Int32Array.from(signal, (s) => (s < -0.7 ? 0 : s < 0.7 ? 1 : 2)) } };
}

function cloneMatrix(x: FeatureMatrix): FeatureMatrix {
  return { rows: x.rows, columns: x.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: c.values.slice() } : { ...c, codes: c.codes.slice() })) };
}

function withColumn(x: FeatureMatrix, index: number, values: Float64Array): FeatureMatrix {
  return { rows: x.rows, columns: x.columns.map((c, i) => (i === index ? { kind: 'numeric', name: c.name, values } : c)) };
}

function subset(x: FeatureMatrix, y: Target, rows: number[]): { x: FeatureMatrix; y: Target } {
  return {
    x: {
      rows: rows.length,
      columns: x.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: Float64Array.from(rows, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(rows, (r) => c.codes[r]) })),
    },
    y: y.kind === 'regression' ? { kind: 'regression', values: Float64Array.from(rows, (r) => y.values[r]) } : { ...y, codes: Int32Array.from(rows, (r) => y.codes[r]) },
  };
}

export interface ConformanceOptions {
  /** Params that keep fits quick in tests. */
  readonly fastParams: Params;
  /** Whether the learner takes categorical features (else the problems are numeric only). */
  readonly categorical: boolean;
  readonly rows?: number;
  /** Minimum holdout quality on the synthetic problem: accuracy (classification) or R² (regression). */
  readonly minQuality?: number;
}

function quality(task: Task, predicted: Float64Array, y: Target): number {
  if (y.kind === 'regression') {
    let mean = 0;
    for (const v of y.values) mean += v / y.values.length;
    let ssRes = 0;
    let ssTot = 0;
    y.values.forEach((v, i) => {
      ssRes += (v - predicted[i]) ** 2;
      ssTot += (v - mean) ** 2;
    });
    return 1 - ssRes / ssTot;
  }
  let hits = 0;
  y.codes.forEach((c, i) => (hits += predicted[i] === c ? 1 : 0));
  return task === 'regression' ? NaN : hits / y.codes.length;
}

/**
 * The contract every registered learner meets (STYLE.md §7): output shapes, determinism under a
 * seed, exact JSON round trips, untouched inputs and params, prompt abort, and degenerate inputs.
 */
export function describeLearner(spec: LearnerSpec, options: ConformanceOptions): void {
  const rows = options.rows ?? 300;
  describe(`learner conformance: ${spec.name}`, () => {
    for (const task of spec.tasks) {
      const { x, y } = syntheticProblem(task, rows, 1, options.categorical);
      const ctx = (seed = 7): FitContext => ({ rng: new Rng(seed) });

      it(`${task}: predicts the right shapes and learns the signal`, () => {
        const train = subset(x, y, Array.from({ length: Math.floor(rows * 0.7) }, (_, i) => i));
        const test = subset(x, y, Array.from({ length: rows - Math.floor(rows * 0.7) }, (_, i) => i + Math.floor(rows * 0.7)));
        const model = spec.fit(train.x, train.y, options.fastParams, ctx());
        assert.equal(model.learner, spec.name);
        assert.equal(model.task, task);
        const predicted = model.predict(test.x);
        assert.equal(predicted.length, test.x.rows);
        if (task !== 'regression') {
          const proba = model.predictProba?.(test.x);
          assert.ok(proba, 'classifiers have predictProba');
          assert.equal(proba.length, y.kind === 'classification' ? y.classes.length : 1);
          for (let r = 0; r < test.x.rows; r++) {
            let sum = 0;
            for (const p of proba) {
              assert.ok(p[r] >= 0 && p[r] <= 1, 'probability in [0, 1]');
              sum += p[r];
            }
            assert.ok(Math.abs(sum - 1) < 1e-9, 'probabilities sum to 1');
            assert.ok(Number.isInteger(predicted[r]) && predicted[r] >= 0);
          }
        }
        const q = quality(task, predicted, test.y);
        assert.ok(q >= (options.minQuality ?? (task === 'regression' ? 0.5 : 0.7)), `holdout quality ${q}`);
      });

      it(`${task}: the same seed gives the same model; the JSON round trip predicts identically`, () => {
        const first = spec.fit(x, y, options.fastParams, ctx(3));
        const second = spec.fit(x, y, options.fastParams, ctx(3));
        assert.deepEqual(JSON.parse(JSON.stringify(first.toJSON())), JSON.parse(JSON.stringify(second.toJSON())));
        const restored = loadModel(JSON.parse(JSON.stringify(first.toJSON())));
        assert.deepEqual(restored.predict(x), first.predict(x));
        if (task !== 'regression') assert.deepEqual(restored.predictProba?.(x), first.predictProba?.(x));
      });

      it(`${task}: leaves its inputs and params untouched`, () => {
        const xCopy = cloneMatrix(x);
        const yCopy = y.kind === 'regression' ? { ...y, values: y.values.slice() } : { ...y, codes: y.codes.slice() };
        const params = JSON.parse(JSON.stringify(options.fastParams));
        spec.fit(x, y, params, ctx());
        assert.deepEqual(x, xCopy);
        assert.deepEqual(y, yCopy);
        assert.deepEqual(params, options.fastParams);
      });

      it(`${task}: stops within one round when aborted`, () => {
        let rounds = 0;
        const signal = { aborted: false };
        assert.throws(
          () =>
            spec.fit(x, y, options.fastParams, {
              rng: new Rng(1),
              signal,
              onProgress: () => {
                rounds++;
                signal.aborted = true;
              },
            }),
          CancelledError,
        );
        assert.ok(rounds <= 1, `ran ${rounds} rounds after abort`);
      });

      it(`${task}: handles a constant feature, an all-missing feature (if supported), one row and duplicated rows`, () => {
        const constant = withColumn(x, 2, new Float64Array(x.rows).fill(5));
        assert.equal(spec.fit(constant, y, options.fastParams, ctx()).predict(constant).length, x.rows);
        if (spec.handlesMissing) {
          const missing = withColumn(x, 2, new Float64Array(x.rows).fill(NaN));
          assert.equal(spec.fit(missing, y, options.fastParams, ctx()).predict(missing).length, x.rows);
        }
        const duplicated = subset(x, y, [...Array.from({ length: rows }, (_, i) => i), ...Array.from({ length: rows }, (_, i) => i)]);
        assert.equal(spec.fit(duplicated.x, duplicated.y, options.fastParams, ctx()).predict(x).length, x.rows);
        const one = subset(x, y, [0]);
        if (task === 'regression') {
          const model = spec.fit(one.x, one.y, options.fastParams, ctx());
          assert.equal(model.predict(x).length, x.rows);
        } else {
          assert.throws(() => spec.fit(one.x, one.y, options.fastParams, ctx()), DataError, 'one row has one class');
        }
      });

      if (task !== 'regression') {
        it(`${task}: a single-class target is a clear DataError`, () => {
          const single: Target = { kind: 'classification', classes: y.kind === 'classification' ? y.classes : [], codes: new Int32Array(x.rows) };
          assert.throws(() => spec.fit(x, single, options.fastParams, ctx()), (e: unknown) => e instanceof DataError && /single class/.test(e.message));
        });
      }
    }

    it('rejects unknown parameters by name', () => {
      const task = spec.tasks[0];
      const { x, y } = syntheticProblem(task, 50, 2, options.categorical);
      assert.throws(() => spec.fit(x, y, { ...options.fastParams, noSuchParam: 1 }, { rng: new Rng(1) }), /unknown parameter 'noSuchParam'/);
    });

    it('offers a search space whose defaults lie in their domains, and a positive cost', () => {
      const shape = { rows: 1000, features: 10, categoricalFeatures: 2, classes: 2 };
      const space = spec.searchSpace(shape, spec.tasks[0]);
      for (const [name, p] of Object.entries(space)) {
        assert.ok(name in spec.defaults, `${name} is a known parameter`);
        assert.ok(name in spec.paramDocs, `${name} is documented`);
        const d = p.domain;
        if (d.kind === 'choice') assert.ok(d.values.includes(p.init), `${name} init`);
        else assert.ok(typeof p.init === 'number' && p.init >= d.low && p.init <= d.high, `${name} init ${String(p.init)}`);
      }
      assert.ok(spec.relativeCost(spec.defaults, shape) > 0);
    });
  });
}
