import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/engine/errors';
import { kernelShap, type BatchFunction, type KernelShapResult, type WeightedBackground } from '../../../src/engine/explain/kernelShap';
import { summariseBackground } from '../../../src/engine/explain/kmeans';
import type { FeatureColumn, FeatureMatrix } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}

// ---------------------------------------------------------------------------------------------
// Matrices and functions.

/** A numeric FeatureMatrix from rows of values. */
function numericMatrix(rows: readonly (readonly number[])[], features = rows[0]?.length ?? 0): FeatureMatrix {
  const columns: FeatureColumn[] = Array.from({ length: features }, (_, j) => ({ kind: 'numeric', name: `x${j}`, values: Float64Array.from(rows, (r) => r[j]) }));
  return { rows: rows.length, columns };
}

function randomRows(rng: Rng, rows: number, features: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: features }, () => rng.normal()));
}

/** Value of numeric feature j in row i. */
function at(x: FeatureMatrix, j: number, i: number): number {
  const c = x.columns[j];
  return c.kind === 'numeric' ? c.values[i] : c.codes[i];
}

/** A row-wise function lifted to a BatchFunction with `outputs` outputs. */
function rowwise(outputs: number, g: (v: (j: number) => number, o: number) => number): BatchFunction {
  return (x) =>
    Array.from({ length: outputs }, (_, o) => {
      const out = new Float64Array(x.rows);
      for (let i = 0; i < x.rows; i++) out[i] = g((j) => at(x, j, i), o);
      return out;
    });
}

/** Nonlinear with interactions, three outputs, needs at least 6 features. */
const nonlinear3 = rowwise(3, (v, o) => {
  if (o === 0) return Math.sin(v(0)) * v(1) + v(2) * v(2) - 0.5 * v(3);
  if (o === 1) return Math.exp(0.3 * v(3)) * v(4) - v(5) * v(0) + 1;
  return Math.tanh(v(0) + v(1) * v(2)) + v(4) * v(5) * v(3);
});

/** Nonlinear over every feature: pairwise products, a max and a smooth term. */
function nonlinearAll(features: number): BatchFunction {
  return rowwise(1, (v) => {
    let s = 0;
    for (let j = 0; j < features; j++) s += (j + 1) * 0.1 * v(j) + Math.sin(v(j)) * v((j + 1) % features);
    return s + Math.max(v(0), v(1)) * v(2) + Math.exp(0.2 * v(features - 1));
  });
}

// ---------------------------------------------------------------------------------------------
// Brute force: interventional Shapley values over all coalitions of the background value function.

/** v(S) = Σ_b w_b f(x_S, bg_{b,¬S}) for row r and every coalition bit mask S, per output. */
function coalitionValues(f: BatchFunction, x: FeatureMatrix, r: number, bg: WeightedBackground): Float64Array[] {
  const m = x.columns.length;
  const b = bg.data.rows;
  const masks = 2 ** m;
  const columns = x.columns.map((c, j): FeatureColumn => {
    const other = bg.data.columns[j];
    if (c.kind === 'numeric' && other.kind === 'numeric') {
      return { ...c, values: Float64Array.from({ length: masks * b }, (_, i) => ((Math.floor(i / b) >>> j) & 1 ? c.values[r] : other.values[i % b])) };
    }
    if (c.kind === 'categorical' && other.kind === 'categorical') {
      return { ...c, codes: Int32Array.from({ length: masks * b }, (_, i) => ((Math.floor(i / b) >>> j) & 1 ? c.codes[r] : other.codes[i % b])) };
    }
    throw new TypeError('kinds differ');
  });
  const out = f({ rows: masks * b, columns });
  const total = bg.weights.reduce((s, w) => s + w, 0);
  return out.map((values) => Float64Array.from({ length: masks }, (_, s) => values.subarray(s * b, (s + 1) * b).reduce((acc, y, i) => acc + (bg.weights[i] / total) * y, 0)));
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function popcount(s: number): number {
  let c = 0;
  for (; s; s &= s - 1) c++;
  return c;
}

/** Exact Shapley values of row r (per output), every feature a player. */
function bruteForceShapley(f: BatchFunction, x: FeatureMatrix, r: number, bg: WeightedBackground): Float64Array[] {
  const m = x.columns.length;
  return coalitionValues(f, x, r, bg).map((v) => {
    const phi = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      for (let s = 0; s < 2 ** m; s++) {
        if ((s >>> j) & 1) continue;
        const size = popcount(s);
        phi[j] += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (v[s | (1 << j)] - v[s]);
      }
    }
    return phi;
  });
}

function rowValues(result: KernelShapResult, o: number, r: number, features: number): Float64Array {
  return result.values[o].subarray(r * features, (r + 1) * features);
}

function checkAdditivity(result: KernelShapResult, rows: number, features: number): void {
  result.values.forEach((_, o) => {
    for (let r = 0; r < rows; r++) {
      const sum = rowValues(result, o, r, features).reduce((s, v) => s + v, result.base[o]);
      close(sum, result.output[o][r], 1e-9, `output ${o} row ${r}: base + Σ values`);
    }
  });
}

function weightedBackground(rows: number[][], weights: number[]): WeightedBackground {
  return { data: numericMatrix(rows), weights: Float64Array.from(weights) };
}

// ---------------------------------------------------------------------------------------------

describe('kernelShap', () => {
  it('adds up to f(x) for every row and output, enumerated and sampled', () => {
    const rng = new Rng(1);
    for (const features of [6, 10]) {
      const x = numericMatrix(randomRows(rng, 12, features));
      const bg = weightedBackground(randomRows(rng, 7, features), [1, 2, 3, 1, 2, 3, 1]);
      for (const samples of [50, 300]) {
        const result = kernelShap(nonlinear3, x, bg, { rng: new Rng(2), samples });
        assert.equal(result.values.length, 3);
        assert.equal(result.values[0].length, 12 * features);
        checkAdditivity(result, 12, features);
        const direct = nonlinear3(x);
        for (let o = 0; o < 3; o++) assert.deepEqual(result.output[o], direct[o]);
        const bgOut = nonlinear3(bg.data);
        for (let o = 0; o < 3; o++) close(result.base[o], bgOut[o].reduce((s, y, b) => s + (bg.weights[b] / 13) * y, 0), 1e-12, 'base');
      }
    }
  });

  it('equals brute-force interventional Shapley values when every coalition is enumerated', () => {
    const rng = new Rng(3);
    const x = numericMatrix(randomRows(rng, 8, 5));
    const bg = weightedBackground(randomRows(rng, 4, 5), [0.1, 0.2, 0.3, 0.4]);
    const f = rowwise(2, (v, o) => (o === 0 ? v(0) * v(1) * v(2) + Math.sin(v(3) * v(4)) + Math.max(v(0), v(4)) : Math.exp(0.5 * v(1)) * (v(2) - v(3)) ** 2 + v(4)));
    const result = kernelShap(f, x, bg, { rng: new Rng(4) });
    for (let r = 0; r < x.rows; r++) {
      const exact = bruteForceShapley(f, x, r, bg);
      for (let o = 0; o < 2; o++) {
        const got = rowValues(result, o, r, 5);
        for (let j = 0; j < 5; j++) close(got[j], exact[o][j], 1e-8, `row ${r} output ${o} feature ${j}`);
      }
    }
  });

  it('gives w_j (x_j − background mean) for a linear function, enumerated and sampled', () => {
    const rng = new Rng(5);
    for (const [features, samples] of [
      [6, undefined],
      [12, 100],
    ] as const) {
      const w = Array.from({ length: features }, () => rng.normal());
      const f = rowwise(1, (v) => w.reduce((s, wj, j) => s + wj * v(j), 0.7));
      const x = numericMatrix(randomRows(rng, 5, features));
      const bgRows = randomRows(rng, 6, features);
      const weights = [3, 1, 1, 2, 0.5, 2.5];
      const result = kernelShap(f, x, weightedBackground(bgRows, weights), { rng: new Rng(6), samples });
      const mean = Array.from({ length: features }, (_, j) => bgRows.reduce((s, row, b) => s + (weights[b] / 10) * row[j], 0));
      for (let r = 0; r < x.rows; r++) {
        const got = rowValues(result, 0, r, features);
        for (let j = 0; j < features; j++) close(got[j], w[j] * (at(x, j, r) - mean[j]), 1e-9, `M=${features} row ${r} feature ${j}`);
      }
    }
  });

  it('converges to the exact values as the coalition samples grow (M = 12)', (t) => {
    const features = 12;
    const rng = new Rng(7);
    const x = numericMatrix(randomRows(rng, 6, features));
    const bg = weightedBackground(randomRows(rng, 5, features), [1, 1, 2, 1, 1]);
    const f = nonlinearAll(features);
    const exact = kernelShap(f, x, bg, { rng: new Rng(8), samples: 2 ** features - 2 });
    const errors: number[] = [];
    const counts = [64, 256, 1024, 2048, 4000];
    for (const samples of counts) {
      const approx = kernelShap(f, x, bg, { rng: new Rng(9), samples });
      checkAdditivity(approx, x.rows, features);
      let worst = 0;
      for (let i = 0; i < approx.values[0].length; i++) worst = Math.max(worst, Math.abs(approx.values[0][i] - exact.values[0][i]));
      errors.push(worst);
    }
    let scale = 0;
    for (const v of exact.values[0]) scale = Math.max(scale, Math.abs(v));
    t.diagnostic(`max |sampled − exact| over ${x.rows} rows × ${features} features (max |exact| ${scale.toFixed(3)}): ${counts.map((c, i) => `${c}: ${errors[i].toExponential(2)}`).join(', ')}`);
    assert.ok(errors[errors.length - 1] < errors[0], `error did not decrease: ${errors.join(', ')}`);
    assert.ok(errors[errors.length - 1] < 0.05 * scale, `error at ${counts[counts.length - 1]} samples too large: ${errors[errors.length - 1]}`);
  });

  it('gives exactly 0 to features equal to every background value, equal values to symmetric features', () => {
    const rng = new Rng(10);
    const bgRows = randomRows(rng, 5, 4);
    for (const row of bgRows) {
      row[1] = row[0]; // x1 = x0 in the background too
      row[3] = 2.5; // constant in the background
    }
    const xRows = randomRows(rng, 6, 4);
    for (const row of xRows) {
      row[1] = row[0];
      row[3] = 2.5;
    }
    xRows[5][2] = bgRows[0][2]; // equals one background value, not all: still varies
    const x = numericMatrix(xRows);
    const f = rowwise(1, (v) => v(0) * v(1) + Math.sin(v(0) + v(1)) * v(2) + v(3) * v(2) * (v(0) + v(1)));
    for (const samples of [undefined, 3]) {
      const result = kernelShap(f, x, weightedBackground(bgRows, [1, 1, 1, 1, 1]), { rng: new Rng(11), samples });
      checkAdditivity(result, x.rows, 4);
      for (let r = 0; r < x.rows; r++) {
        const got = rowValues(result, 0, r, 4);
        assert.equal(got[3], 0);
        if (samples === undefined) close(got[0], got[1], 1e-12, `row ${r}: symmetric features`);
      }
      assert.notEqual(rowValues(result, 0, 5, 4)[2], 0);
    }
  });

  it('is deterministic for a seed and batches evaluations per row', () => {
    const rng = new Rng(12);
    const features = 14;
    const x = numericMatrix(randomRows(rng, 4, features));
    const bg = weightedBackground(randomRows(rng, 3, features), [1, 1, 1]);
    const base = nonlinearAll(features);
    let calls = 0;
    const f: BatchFunction = (m) => {
      calls++;
      return base(m);
    };
    const a = kernelShap(f, x, bg, { rng: new Rng(13), samples: 200 });
    assert.equal(calls, 2 + x.rows, 'one call for the background, one for x, one per row');
    const b = kernelShap(f, x, bg, { rng: new Rng(13), samples: 200 });
    const c = kernelShap(f, x, bg, { rng: new Rng(14), samples: 200 });
    assert.deepEqual(a.values, b.values);
    assert.notDeepEqual(a.values, c.values);
  });

  it('splits a row into batches of at most 100k synthetic rows', () => {
    const rng = new Rng(15);
    const features = 8;
    const x = numericMatrix(randomRows(rng, 1, features));
    const bgRows = randomRows(rng, 900, features);
    const bg = weightedBackground(bgRows, bgRows.map(() => 1));
    const base = nonlinearAll(features);
    const sizes: number[] = [];
    const f: BatchFunction = (m) => {
      sizes.push(m.rows);
      return base(m);
    };
    const result = kernelShap(f, x, bg, { rng: new Rng(16) });
    checkAdditivity(result, 1, features);
    const synthetic = sizes.slice(2);
    assert.ok(synthetic.length > 1 && synthetic.every((n) => n <= 100_000 && n % 900 === 0), `batch sizes ${synthetic.join(', ')}`);
    assert.equal(
      synthetic.reduce((s, n) => s + n, 0),
      (2 ** features - 2) * 900,
    );
  });

  it('substitutes category codes from the background and matches brute force', () => {
    const rng = new Rng(17);
    const rows = 6;
    const bgRows = 5;
    const numeric = (n: number): FeatureColumn => ({ kind: 'numeric', name: 'n', values: Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? NaN : rng.normal())) });
    const categorical = (n: number): FeatureColumn => ({ kind: 'categorical', name: 'c', codes: Int32Array.from({ length: n }, () => rng.int(5) - 1), levels: 4 });
    const x: FeatureMatrix = { rows, columns: [numeric(rows), categorical(rows), numeric(rows), categorical(rows)] };
    const bg: WeightedBackground = { data: { rows: bgRows, columns: [numeric(bgRows), categorical(bgRows), numeric(bgRows), categorical(bgRows)] }, weights: Float64Array.from([1, 2, 1, 2, 1]) };
    const effect = [0.3, -1.2, 2, 0.5, -0.7]; // per code + 1 (code -1 = missing)
    const f: BatchFunction = (m) => {
      const c1 = m.columns[1];
      const c3 = m.columns[3];
      assert.ok(c1.kind === 'categorical' && c3.kind === 'categorical' && c1.levels === 4);
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        const a = at(m, 0, i);
        const b = at(m, 2, i);
        out[i] = effect[c1.codes[i] + 1] * (Number.isNaN(a) ? 1 : a) + effect[c3.codes[i] + 1] * c1.codes[i] + (Number.isNaN(b) ? -2 : b * b);
      }
      return [out];
    };
    const result = kernelShap(f, x, bg, { rng: new Rng(18) });
    checkAdditivity(result, rows, 4);
    for (let r = 0; r < rows; r++) {
      const exact = bruteForceShapley(f, x, r, bg)[0];
      const got = rowValues(result, 0, r, 4);
      for (let j = 0; j < 4; j++) close(got[j], exact[j], 1e-8, `row ${r} feature ${j}`);
    }
  });

  it('throws CancelledError when the signal is aborted and rejects mismatched backgrounds', () => {
    const rng = new Rng(19);
    const x = numericMatrix(randomRows(rng, 3, 6));
    const bg = weightedBackground(randomRows(rng, 2, 6), [1, 1]);
    assert.throws(() => kernelShap(nonlinear3, x, bg, { rng: new Rng(1), signal: { aborted: true } }), CancelledError);
    assert.throws(() => kernelShap(nonlinear3, x, weightedBackground(randomRows(rng, 2, 5), [1, 1]), { rng: new Rng(1) }), TypeError);
    assert.throws(() => kernelShap(nonlinear3, x, weightedBackground(randomRows(rng, 2, 6), [1]), { rng: new Rng(1) }), RangeError);
    assert.throws(() => kernelShap(nonlinear3, x, bg, { rng: new Rng(1), samples: 0 }), RangeError);
  });
});

describe('summariseBackground', () => {
  /** Rows of a mixed matrix as comparable strings. */
  function rowKeys(m: FeatureMatrix): string[] {
    return Array.from({ length: m.rows }, (_, i) => m.columns.map((_, j) => String(at(m, j, i))).join('|'));
  }

  function mixed(rng: Rng, rows: number): FeatureMatrix {
    return {
      rows,
      columns: [
        { kind: 'numeric', name: 'a', values: Float64Array.from({ length: rows }, () => (rng.next() < 0.1 ? NaN : rng.normal() * 10)) },
        { kind: 'categorical', name: 'c', codes: Int32Array.from({ length: rows }, () => rng.int(4) - 1), levels: 3 },
        { kind: 'numeric', name: 'b', values: Float64Array.from({ length: rows }, () => rng.next()) },
      ],
    };
  }

  it('returns real rows of x with weights summing to 1', () => {
    const x = mixed(new Rng(20), 200);
    const summary = summariseBackground(x, 10, new Rng(21));
    assert.equal(summary.data.rows, 10);
    assert.equal(summary.weights.length, 10);
    close(
      summary.weights.reduce((s, w) => s + w, 0),
      1,
      1e-12,
      'weight sum',
    );
    assert.ok(summary.weights.every((w) => w > 0));
    assert.deepEqual(
      summary.data.columns.map((c) => c.kind),
      ['numeric', 'categorical', 'numeric'],
    );
    const all = new Set(rowKeys(x));
    for (const key of rowKeys(summary.data)) assert.ok(all.has(key), `${key} is not a row of x`);
  });

  it('returns every row with equal weights when k >= rows', () => {
    const x = mixed(new Rng(22), 7);
    for (const k of [7, 20]) {
      const summary = summariseBackground(x, k, new Rng(23));
      assert.deepEqual(rowKeys(summary.data), rowKeys(x));
      assert.deepEqual(Array.from(summary.weights), new Array(7).fill(1 / 7));
    }
    assert.throws(() => summariseBackground(x, 0, new Rng(1)), RangeError);
  });

  it('is deterministic for a seed', () => {
    const x = mixed(new Rng(24), 300);
    const a = summariseBackground(x, 8, new Rng(25));
    const b = summariseBackground(x, 8, new Rng(25));
    assert.deepEqual(rowKeys(a.data), rowKeys(b.data));
    assert.deepEqual(a.weights, b.weights);
  });

  it('finds two well-separated blobs with their shares as weights', () => {
    const rng = new Rng(26);
    const rows = Array.from({ length: 100 }, (_, i) => (i < 30 ? [rng.normal(), rng.normal()] : [50 + rng.normal(), 50 + rng.normal()]));
    const summary = summariseBackground(numericMatrix(rows), 2, new Rng(27));
    assert.equal(summary.data.rows, 2);
    const pairs = Array.from(summary.weights, (w, c) => [at(summary.data, 0, c), w]).sort((p, q) => p[0] - q[0]);
    assert.ok(pairs[0][0] < 10 && pairs[1][0] > 40, `representatives ${pairs.map((p) => p[0]).join(', ')}`);
    close(pairs[0][1], 0.3, 1e-12, 'small blob weight');
    close(pairs[1][1], 0.7, 1e-12, 'large blob weight');
  });

  it('returns fewer rows when x has fewer distinct rows than k', () => {
    const x = numericMatrix([[1, 2], [1, 2], [3, 4], [3, 4], [3, 4], [5, 6]]);
    const summary = summariseBackground(x, 5, new Rng(28));
    assert.equal(summary.data.rows, 3);
    const byValue = new Map(Array.from(summary.weights, (w, c) => [at(summary.data, 0, c), w]));
    close(byValue.get(1) ?? 0, 2 / 6, 1e-12, 'weight of (1, 2)');
    close(byValue.get(3) ?? 0, 3 / 6, 1e-12, 'weight of (3, 4)');
    close(byValue.get(5) ?? 0, 1 / 6, 1e-12, 'weight of (5, 6)');
  });
});
