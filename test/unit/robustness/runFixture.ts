/**
 * A finished run in miniature for the robustness tests: a pipeline fitted on every row, and the
 * out-of-fold prediction of the same configuration over stratified folds, shaped as runAutoML
 * hands them to `assessRobustness` (positions, covered rows, `finalOof`).
 */
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { truthOf } from '../../../src/engine/automl/foldData';
import '../../../src/engine/learners/index';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { encodeTarget, fitTargetSpec } from '../../../src/engine/prep/targetSpec';
import { Rng } from '../../../src/engine/random';
import { makeFolds } from '../../../src/engine/validate/splitters';
import type { Fold, Prediction, Truth } from '../../../src/engine/validate/types';
import type { Params } from '../../../src/engine/search/domain';

export interface RunFixture {
  readonly pipeline: Pipeline;
  readonly rows: Uint32Array;
  readonly truth: Truth;
  readonly folds: readonly Fold[];
  readonly covered: Uint32Array;
  readonly oof: Prediction;
  readonly classes?: readonly string[];
}

/** Fits `learner` with `params` on `frame` (target `target`), and its k-fold out-of-fold prediction. */
export function runFixture(frame: Frame, target: string, learner: string, params: Params, seed = 1, k = 5): RunFixture {
  const spec = fitTargetSpec(frame, target);
  const { target: y, rows } = encodeTarget(spec, frame);
  const truth = truthOf(y);
  const folds = makeFolds(
    { kind: 'kfold', folds: k, repeats: 1, stratified: y.kind === 'classification' },
    { rows: rows.length, codes: y.kind === 'classification' ? y.codes : undefined },
    new Rng(seed),
  );
  const n = rows.length;
  const classes = y.kind === 'classification' ? y.classes.length : 1;
  const outputs = Array.from({ length: classes }, () => new Float64Array(n));
  folds.forEach((fold, f) => {
    const fitted = Pipeline.fit(selectRows(frame, Uint32Array.from(fold.train, (p) => rows[p])), target, learner, params, { rng: new Rng(seed + f) }, { task: spec.task });
    const predicted = fitted.predict(selectRows(frame, Uint32Array.from(fold.test, (p) => rows[p])));
    const parts = predicted.proba ?? [predicted.values];
    fold.test.forEach((p, i) => {
      for (let c = 0; c < classes; c++) outputs[c][p] = parts[c][i];
    });
  });
  const oof: Prediction = y.kind === 'classification' ? { kind: 'classification', proba: outputs } : { kind: 'regression', values: outputs[0] };
  const pipeline = Pipeline.fit(frame, target, learner, params, { rng: new Rng(seed) }, { task: spec.task });
  return {
    pipeline,
    rows,
    truth,
    folds,
    covered: Uint32Array.from({ length: n }, (_, i) => i),
    oof,
    classes: y.kind === 'classification' ? y.classes : undefined,
  };
}
