import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runAutoML, type RunResult } from '../../../src/engine/automl/runAutoML';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { Frame } from '../../../src/engine/data/frame';
import { explainRun, rankCorrelation, type RunExplanations } from '../../../src/engine/explain/runExplanations';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { getMetric } from '../../../src/engine/validate/metrics';
import { Rng } from '../../../src/engine/random';
import { CancelledError } from '../../../src/engine/errors';

const encoder = new TextEncoder();
const frameOf = (text: string): Frame => readCsvBytes(encoder.encode(text)).frame;

/**
 * y = yes when 2a - b + (colour = red) + noise > 0, with a levelling off above 1 (clipped); c is
 * pure noise. So: a matters most and raises the chance, b lowers it, red raises it, c adds nothing.
 */
function syntheticCsv(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ['a,b,c,colour,y'];
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const colour = ['red', 'green', 'blue'][rng.int(3)];
    const z = 2 * Math.min(a, 1) - b + (colour === 'red' ? 1 : 0) + 0.5 * rng.normal();
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${rng.normal().toFixed(4)},${colour},${z > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

/** Everything but the timing. */
const withoutTime = (e: RunExplanations | undefined): string => JSON.stringify({ ...e, elapsedMs: 0 });

describe('run explanations', () => {
  let result: RunResult;
  const frame = frameOf(syntheticCsv(800, 1));
  // Selection off: the noise column `c` stays, so what explanations say about noise is tested.
  const spec = { target: 'y', seed: 5, trials: 6, models: ['gbdt', 'logistic'], selection: 'off' as const };

  it('come with a run: importance, a SHAP sample that adds up, dependence, permutation importance, insights', async () => {
    result = await runAutoML(spec, frame);
    const e = result.explanations;
    assert.ok(e, 'the run was explained');
    assert.equal(e.format, 'automl-explanations');
    assert.deepEqual(e.outputLabels, ['y = yes']);
    assert.deepEqual(e.importance.map((i) => i.column).slice(0, 3).sort(), ['a', 'b', 'colour']);
    assert.equal(e.importance[0].column, 'a');
    assert.equal(e.importance[e.importance.length - 1].column, 'c', 'noise matters least');
    const shares = e.importance.reduce((s, i) => s + i.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9);
    // Additivity of every sampled row: base + sum of the columns' SHAP = the explained output.
    const sample = e.sample;
    assert.equal(sample.rows.length, 500);
    for (let r = 0; r < sample.rows.length; r++) {
      const sum = sample.columns.reduce((s, c) => s + c.shap[0][r], sample.base[0]);
      assert.ok(Math.abs(sum - sample.output[0][r]) < 1e-6, `row ${r}: ${sum} vs ${sample.output[0][r]}`);
    }
    // The beeswarm sample keeps the raw values: numbers and labels.
    const colour = sample.columns.find((c) => c.name === 'colour');
    assert.ok(colour && colour.values.every((v) => v === 'red' || v === 'green' || v === 'blue'));
    // Permutation importance, out of fold and complete without a time limit.
    assert.ok(e.permutation && e.permutation.complete);
    assert.equal(e.permutation.metric, 'auc');
    assert.equal(e.permutation.rows, 800, 'every row is out of fold once');
    assert.equal(e.permutation.columns[0].column, 'a');
    const noise = e.permutation.columns.find((c) => c.column === 'c');
    assert.ok(noise && Math.abs(noise.mean) < 0.01, `shuffling noise barely moves AUC (${noise?.mean})`);
    // Partial dependence: P(yes) rises with a, then flattens above 1.
    const a = e.dependence.find((d) => d.column === 'a');
    assert.ok(a);
    const curve = a.average[0];
    assert.ok(curve[curve.length - 1] > curve[0] + 0.3, 'P(yes) rises with a');
    // Insights in plain language, with the measured directions.
    const text = e.insights.join('\n');
    assert.match(text, /leans most on `a`/);
    assert.match(text, /Higher `a` raises the predicted chance of `y = yes`/);
    assert.match(text, /Higher `b` lowers the predicted chance of `y = yes`/);
    assert.match(text, /`colour` = red raises the predicted chance of `y = yes` the most/);
    assert.match(text, /`c` adds nothing measurable/);
  });

  it('repeat exactly with the same seed', async () => {
    const again = await runAutoML(spec, frame);
    assert.equal(withoutTime(again.explanations), withoutTime(result.explanations));
  });

  it('shrink to fit the deadline and say so', () => {
    const metric = getMetric('auc');
    const rows = Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
    const yes = frame.columns[4];
    assert.ok(yes.storage === 'categorical');
    const truth = { kind: 'classification' as const, classes: 2, codes: Int32Array.from(yes.codes, (c) => (yes.dictionary[c] === 'yes' ? 1 : 0)) };
    const e = explainRun({ pipeline: result.pipeline, frame, rows, truth, metric, seed: 1, deadline: performance.now() + 1 });
    assert.ok(e, 'tree and linear members are explained on at least one row');
    assert.ok(e.sample.rows.length < 500, `${e.sample.rows.length} rows explained`);
    assert.ok(e.notes.some((n) => /SHAP values computed for \d+ rows/.test(n)), e.notes.join('; '));
    assert.ok(e.notes.some((n) => /permutation importance skipped/.test(n)));
  });

  it('report their steps in order as they go, and stop between chunks of SHAP rows', () => {
    const rows = Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
    const yes = frame.columns[4];
    assert.ok(yes.storage === 'categorical');
    const truth = { kind: 'classification' as const, classes: 2, codes: Int32Array.from(yes.codes, (c) => (yes.dictionary[c] === 'yes' ? 1 : 0)) };
    const input = { pipeline: result.pipeline, frame, rows, truth, metric: getMetric('auc'), seed: 1, deadline: Infinity };
    const seen: [string, number][] = [];
    const e = explainRun({ ...input, onProgress: (step, fraction) => seen.push([step, fraction]) });
    assert.ok(e);
    const steps = ['shap', 'dependence', 'permutation'];
    for (let i = 1; i < seen.length; i++) {
      assert.ok(steps.indexOf(seen[i][0]) >= steps.indexOf(seen[i - 1][0]), `step ${seen[i][0]} after ${seen[i - 1][0]}`);
      assert.ok(seen[i][1] >= seen[i - 1][1], `progress went back: ${JSON.stringify(seen.slice(i - 1, i + 1))}`);
    }
    assert.deepEqual(seen[seen.length - 1], ['permutation', 1]);
    // 500 sampled rows: 5 probed, then chunks of 50, each reported.
    assert.ok(seen.filter(([step]) => step === 'shap').length >= 10, JSON.stringify(seen));
    assert.ok(seen.some(([step]) => step === 'dependence'));
    // The same explanations as without progress (chunks do not change the values).
    assert.equal(withoutTime(e), withoutTime(explainRun(input)));

    // A stop seen after the second chunk: no third chunk is started.
    let calls = 0;
    const signal = {
      get aborted(): boolean {
        return calls >= 3;
      },
    };
    assert.throws(() => explainRun({ ...input, signal, onProgress: () => calls++ }), CancelledError);
    assert.equal(calls, 3);
  });

  it('are skipped with a log line when KernelSHAP cannot explain 20 rows in the time left', () => {
    const knn = Pipeline.fit(frame, 'y', 'knn', {}, { rng: new Rng(1) });
    const rows = Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
    const y = frame.columns[4];
    assert.ok(y.storage === 'categorical');
    const truth = { kind: 'classification' as const, classes: 2, codes: Int32Array.from(y.codes, (c) => (y.dictionary[c] === 'yes' ? 1 : 0)) };
    const lines: string[] = [];
    const e = explainRun({ pipeline: knn, frame, rows, truth, metric: getMetric('auc'), seed: 1, deadline: performance.now() + 5, log: (m) => lines.push(m) });
    assert.equal(e, undefined);
    assert.match(lines.join('\n'), /explanations skipped: KernelSHAP/);
  });

  it('rank correlation handles ties and missing values', () => {
    close(rankCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(10, 20, 30, 40)), 1);
    close(rankCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(4, 3, 2, 1)), -1);
    // Ties get average ranks: x ranks 0.5,0.5,2,3 against y 0,1,2,3 -> 0.9487 (scipy.stats.spearmanr).
    close(rankCorrelation(Float64Array.of(1, 1, 2, 3), Float64Array.of(1, 2, 3, 4)), 0.9486832980505138);
    close(rankCorrelation(Float64Array.of(1, NaN, 3, 4, 5), Float64Array.of(1, 100, 3, 4, 5)), 1);
  });
});

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);
}
