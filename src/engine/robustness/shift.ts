/**
 * Adversarial validation: can a classifier tell new rows from training rows? The two sides
 * (seeded samples of up to 20,000 rows each) are stacked, labelled "is new", and the repository's
 * GBDT (100 rounds, learning rate 0.1, 15 leaves; a native feature plan fitted per fold) is
 * cross-validated on them with 5 stratified folds. The pooled out-of-fold ROC AUC says how far
 * apart they are: 0.5 is indistinguishable, 1 fully separable. Which columns tell them apart is
 * the permutation importance of each source column on the held-out folds (ROC AUC lost when the
 * column is shuffled), summed over folds, negative drops counted as 0, normalised to shares.
 *
 * Grade: AUC < 0.6 ok, < 0.75 warn, else alert. A column the model uses that the new data lacks
 * is reported (and left out of the comparison) rather than failing the check.
 */
import { selectRows, type Frame } from '../data/frame';
import { deadlineSignal } from '../automl/evaluateTrial';
import { CancelledError, DataError } from '../errors';
import { permutationImportance } from '../explain/permutationImportance';
import { getLearner } from '../learners/index';
import type { FittedModel, Target } from '../learners/types';
import { applyFeaturePlan, fitTransformFeatures } from '../prep/featurePlan';
import { sampleRows } from '../profile/sampleRows';
import { Rng } from '../random';
import { auc, binaryRocAuc } from '../validate/rocAuc';
import { makeFolds } from '../validate/splitters';
import type { Prediction } from '../validate/types';
import { stackFrames } from './stackFrames';
import type { RobustnessGrade, ShiftSection } from './types';
import { formatNumber, formatPercent, listWords } from './wording';

export interface ShiftInput {
  readonly training: Frame;
  /** Training rows to compare (default: all). */
  readonly trainingRows?: Uint32Array;
  readonly newData: Frame;
  /** The columns to compare: the model's source columns. */
  readonly columns: readonly string[];
  /** What the new data is, for the report ("new.csv"). */
  readonly source: string;
  readonly seed: number;
  /** Rows sampled from each side at most (default 20,000). */
  readonly maxRowsPerSide?: number;
  /** Default 5. */
  readonly folds?: number;
  /** `performance.now()` time the check must end by: past it, a `CancelledError` (default none). */
  readonly deadline?: number;
  readonly signal?: AbortSignalLike;
}

const DOMAIN_PARAMS = { numIterations: 100, learningRate: 0.1, numLeaves: 15 };
/** Held-out rows each fold's permutation importance uses at most. */
const IMPORTANCE_ROWS = 4000;
const IMPORTANCE_REPEATS = 2;
const MIN_ROWS_PER_SIDE = 10;
const OK_AUC = 0.6;
const WARN_AUC = 0.75;

/** The shift section; see the file comment. A `DataError` when a side has too few rows or no column can be compared. */
export function shift(input: ShiftInput): ShiftSection {
  const signal = deadlineSignal(input.deadline ?? Infinity, input.signal);
  const check = (): void => {
    if (signal.aborted) throw new CancelledError(signal.timedOut ? 'the shift check ran out of time' : 'the robustness checks were stopped');
  };
  const trainingTotal = input.trainingRows?.length ?? input.training.rowCount;
  const newTotal = input.newData.rowCount;
  if (trainingTotal < MIN_ROWS_PER_SIDE || newTotal < MIN_ROWS_PER_SIDE) {
    throw new DataError(`comparing data needs at least ${MIN_ROWS_PER_SIDE} rows on each side; the training data has ${trainingTotal}, the new data ${newTotal}`);
  }
  const perSide = input.maxRowsPerSide ?? 20_000;
  const trainingPositions = sampleRows(trainingTotal, perSide, (input.seed ^ 0x68e31da4) >>> 0);
  const trainingRows = input.trainingRows ? Uint32Array.from(trainingPositions, (p) => (input.trainingRows as Uint32Array)[p]) : trainingPositions;
  const newRows = sampleRows(newTotal, perSide, (input.seed ^ 0xb5297a4d) >>> 0);
  const { frame, skipped } = stackFrames(input.training, trainingRows, input.newData, newRows, input.columns);
  if (frame.columns.length === 0) throw new DataError(`no column of the model can be compared: ${skipped.map((s) => `'${s.name}' ${s.reason}`).join('; ')}`);
  const n = frame.rowCount;
  const codes = new Int32Array(n);
  codes.fill(1, trainingRows.length);
  const folds = makeFolds({ kind: 'kfold', folds: input.folds ?? 5, repeats: 1, stratified: true }, { rows: n, codes }, new Rng(input.seed >>> 0));

  const gbdt = getLearner('gbdt');
  const rng = new Rng((input.seed ^ 0x2f8d1e5b) >>> 0);
  const oof = new Float64Array(n);
  const names = frame.columns.map((c) => c.name);
  const drops = new Float64Array(names.length);
  for (const fold of folds) {
    check();
    const yTrain: Target = { kind: 'classification', classes: ['training', 'new'], codes: Int32Array.from(fold.train, (r) => codes[r]) };
    const { plan, x } = fitTransformFeatures(frame, { mode: 'native', exclude: [], rows: fold.train, target: yTrain, seed: input.seed });
    if (plan.features.length === 0) throw new DataError('no column of the model is usable to compare the data (all constant or empty)');
    const model: FittedModel = gbdt.fit(x, yTrain, DOMAIN_PARAMS, { rng: rng.fork(), signal });
    const proba = model.predictProba?.(applyFeaturePlan(plan, frame, fold.test)) as Float64Array[];
    for (let i = 0; i < fold.test.length; i++) oof[fold.test[i]] = proba[1][i];
    // Importance on (a sample of) this fold's held-out rows: the model never saw them.
    check();
    const held = Uint32Array.from(sampleRows(fold.test.length, IMPORTANCE_ROWS, rng.nextUint32()), (p) => fold.test[p]);
    const heldFrame = selectRows(frame, held);
    const importance = permutationImportance({
      frame: heldFrame,
      columns: names,
      truth: { kind: 'classification', classes: 2, codes: Int32Array.from(held, (r) => codes[r]) },
      metric: auc,
      predict: (f: Frame): Prediction => ({ kind: 'classification', proba: model.predictProba?.(applyFeaturePlan(plan, f)) as Float64Array[] }),
      repeats: IMPORTANCE_REPEATS,
      rng: rng.fork(),
      signal,
    });
    for (const c of importance.columns) drops[names.indexOf(c.column)] += Math.max(0, c.mean);
  }
  const score = binaryRocAuc(oof, codes, 1, undefined);
  const total = drops.reduce((s, v) => s + v, 0);
  const columns = names
    .map((name, j) => ({ name, importance: total > 0 ? drops[j] / total : 0, aucDrop: drops[j] / folds.length }))
    .sort((a, b) => b.importance - a.importance || names.indexOf(a.name) - names.indexOf(b.name));
  const grade: RobustnessGrade = score < OK_AUC ? 'ok' : score < WARN_AUC ? 'warn' : 'alert';
  return {
    source: input.source,
    trainingRows: trainingTotal,
    newRows: newTotal,
    ...(trainingRows.length < trainingTotal || newRows.length < newTotal ? { sampledRows: { training: trainingRows.length, new: newRows.length } } : {}),
    auc: score,
    columns,
    ...(skipped.length > 0 ? { skippedColumns: skipped } : {}),
    grade,
    sentence: sentence(input.source, score, grade, columns, skipped),
  };
}

function sentence(
  source: string,
  score: number,
  grade: RobustnessGrade,
  columns: readonly { name: string; importance: number; aucDrop: number }[],
  skipped: readonly { name: string; reason: string }[],
): string {
  const missing = skipped.length > 0 ? ` ${listWords(skipped.map((s) => `\`${s.name}\``))} could not be compared (${skipped[0].reason}${skipped.length > 1 ? ', …' : ''}).` : '';
  if (grade === 'ok') return `${source} looks like the training data: a classifier tells them apart barely better than chance (ROC AUC ${formatNumber(score)}).${missing}`;
  const top = columns
    .filter((c) => c.importance > 0)
    .slice(0, 3)
    .map((c) => `\`${c.name}\` (${formatPercent(c.importance)})`);
  const through = top.length > 0 ? `, mostly through ${listWords(top)}` : '';
  const how = grade === 'alert' ? 'differs from' : 'differs somewhat from';
  return `${source} ${how} the training data: a classifier tells its rows from training rows with ROC AUC ${formatNumber(score)}${through}.${missing}`;
}
