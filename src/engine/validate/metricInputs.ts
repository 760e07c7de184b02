import type { Task } from '../learners/types';
import type { Metric, MetricName, Prediction, Truth } from './types';

/**
 * The checks and small kernels every metric shares, so each metric file only holds its formula.
 * Metrics are called with out-of-fold predictions of every trial, so bad shapes must fail loudly
 * (RangeError naming the metric) rather than produce a plausible-looking number.
 */

/** The task a truth describes: two classes make a binary task, more a multiclass one. */
export function taskOfTruth(truth: Truth): Task {
  if (truth.kind === 'regression') return 'regression';
  return truth.classes === 2 ? 'binary' : 'multiclass';
}

const TASK_WORDS: Readonly<Record<Task, string>> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
};

/** What a classification metric's formula receives once the inputs are known to be consistent. */
export interface ClassificationInputs {
  readonly classes: number;
  readonly codes: Int32Array;
  readonly proba: readonly Float64Array[];
  readonly weights: Float64Array | undefined;
}

/** What a regression metric's formula receives once the inputs are known to be consistent. */
export interface RegressionInputs {
  readonly truth: Float64Array;
  readonly predicted: Float64Array;
  readonly weights: Float64Array | undefined;
}

interface MetricHeader {
  readonly name: MetricName;
  readonly label: string;
  readonly higherIsBetter: boolean;
}

/**
 * A classification metric whose formula may assume matching lengths, `classes` probability
 * columns and codes in range. A zero total weight (no rows, or all weights 0) scores NaN: there is
 * nothing to average.
 */
export function classificationMetric(
  header: MetricHeader & { readonly tasks: readonly Task[] },
  formula: (inputs: ClassificationInputs) => number,
): Metric {
  return {
    ...header,
    score(truth: Truth, prediction: Prediction, weights?: Float64Array): number {
      checkTask(header.name, header.tasks, truth);
      if (truth.kind !== 'classification' || prediction.kind !== 'classification') {
        throw new RangeError(`metric '${header.name}' needs class probabilities, got a ${prediction.kind} prediction`);
      }
      const rows = truth.codes.length;
      checkCodes(header.name, truth.codes, truth.classes);
      if (prediction.proba.length !== truth.classes) {
        throw new RangeError(
          `metric '${header.name}': the prediction has ${prediction.proba.length} probability columns for ${truth.classes} classes`,
        );
      }
      prediction.proba.forEach((column, c) => {
        if (column.length !== rows) {
          throw new RangeError(`metric '${header.name}': probability column ${c} has ${column.length} rows, the truth ${rows}`);
        }
      });
      if (!hasWeight(header.name, rows, weights)) return NaN;
      return formula({ classes: truth.classes, codes: truth.codes, proba: prediction.proba, weights });
    },
  };
}

/** A regression metric whose formula may assume matching lengths; zero total weight scores NaN. */
export function regressionMetric(header: MetricHeader, formula: (inputs: RegressionInputs) => number): Metric {
  const tasks: readonly Task[] = ['regression'];
  return {
    ...header,
    tasks,
    score(truth: Truth, prediction: Prediction, weights?: Float64Array): number {
      checkTask(header.name, tasks, truth);
      if (truth.kind !== 'regression' || prediction.kind !== 'regression') {
        throw new RangeError(`metric '${header.name}' needs predicted values, got a ${prediction.kind} prediction`);
      }
      const rows = truth.values.length;
      if (prediction.values.length !== rows) {
        throw new RangeError(`metric '${header.name}': the prediction has ${prediction.values.length} rows, the truth ${rows}`);
      }
      if (!hasWeight(header.name, rows, weights)) return NaN;
      return formula({ truth: truth.values, predicted: prediction.values, weights });
    },
  };
}

function checkTask(name: MetricName, tasks: readonly Task[], truth: Truth): void {
  if (truth.kind === 'classification' && !(Number.isInteger(truth.classes) && truth.classes >= 2)) {
    throw new RangeError(`metric '${name}': a classification truth needs at least 2 classes, got ${truth.classes}`);
  }
  const task = taskOfTruth(truth);
  if (!tasks.includes(task)) {
    const scores = tasks.map((t) => TASK_WORDS[t]).join(' or ');
    throw new RangeError(`metric '${name}' scores ${scores}, not ${TASK_WORDS[task]}`);
  }
}

function checkCodes(name: MetricName, codes: Int32Array, classes: number): void {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0 || code >= classes) {
      throw new RangeError(`metric '${name}': row ${i} has class code ${code}, outside [0, ${classes})`);
    }
  }
}

/** Checks the weights (finite, non-negative, one per row) and says whether any weight is positive. */
function hasWeight(name: MetricName, rows: number, weights: Float64Array | undefined): boolean {
  if (weights === undefined) return rows > 0;
  if (weights.length !== rows) {
    throw new RangeError(`metric '${name}': ${weights.length} sample weights for ${rows} rows`);
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) throw new RangeError(`metric '${name}': sample weight ${i} is ${w}; weights must be finite and >= 0`);
    total += w;
  }
  return total > 0;
}

/**
 * The predicted class of every row: the most probable one, the lowest code on ties (numpy's
 * argmax, which scikit-learn's `predict` uses).
 */
export function predictedCodes(proba: readonly Float64Array[], rows: number): Int32Array {
  const predicted = new Int32Array(rows);
  const best = Float64Array.from(proba[0].subarray(0, rows));
  for (let c = 1; c < proba.length; c++) {
    const column = proba[c];
    for (let i = 0; i < rows; i++) {
      if (column[i] > best[i]) {
        best[i] = column[i];
        predicted[i] = c;
      }
    }
  }
  return predicted;
}
