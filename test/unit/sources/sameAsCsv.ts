/**
 * Known answers for sources: a public dataset converted to another format (by another tool) reads
 * into the columns its CSV reads into (rows, types, missing and distinct values per column), and
 * trains the same model: `gbdt` with seed 1 on the fixed split's training rows scores the same on
 * its holdout rows (what `automl train --learner gbdt --seed 1` fits).
 */
import { countMissing, selectRows, type Column, type Frame } from '../../../src/engine/data/frame';
import { encodeTarget } from '../../../src/engine/prep/targetSpec';
import { truthOf } from '../../../src/engine/automl/foldData';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import { getMetric } from '../../../src/engine/validate/metrics';
import type { MetricName, Prediction } from '../../../src/engine/validate/types';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, manifestEntry, readSplit } from '../../publicDatasets';

/** What the comparison looks at: the row count, and per column its name, type, missing and distinct values. */
export interface FrameShape {
  readonly rows: number;
  readonly columns: readonly (readonly [name: string, type: string, missing: number, distinct: number])[];
}

export function frameShape(frame: Frame): FrameShape {
  return { rows: frame.rowCount, columns: frame.columns.map((c) => [c.name, c.type, countMissing(c), distinct(c)] as const) };
}

function distinct(column: Column): number {
  const seen = new Set<number>();
  if (column.storage === 'categorical') {
    for (const c of column.codes) if (c >= 0) seen.add(c);
  } else {
    for (const v of column.values) if (v === v) seen.add(v);
  }
  return seen.size;
}

const csvFrames = new Map<string, Promise<Frame>>();

/** The dataset as its CSV reads (read once per test process). */
export function csvFrame(name: string): Promise<Frame> {
  let frame = csvFrames.get(name);
  if (frame === undefined) {
    frame = readCsvFile(datasetFile(name)).then((result) => result.frame);
    csvFrames.set(name, frame);
  }
  return frame;
}

/** The metric a dataset's holdout is scored by: AUC, log loss or RMSE by its task. */
function metricOf(name: string): MetricName {
  const { task } = manifestEntry(name);
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'logLoss' : 'rmse';
}

/**
 * The holdout score of `gbdt` (defaults, seed 1) fitted on the fixed split's training rows of
 * `frame` (dataset `name` in some format, rows in the CSV's order) and scored on its test rows.
 */
export function holdoutScore(frame: Frame, name: string): number {
  const { target } = manifestEntry(name);
  const split = readSplit(name);
  const train = selectRows(frame, Uint32Array.from(split.train));
  const test = selectRows(frame, Uint32Array.from(split.test));
  const pipeline = Pipeline.fit(train, target, 'gbdt', {}, { rng: new Rng(1) });
  const predicted = pipeline.predict(test);
  const { target: y, rows } = encodeTarget(pipeline.target, test);
  if (rows.length !== test.rowCount) throw new Error(`${name}: holdout rows without a known target`);
  const prediction: Prediction = predicted.proba ? { kind: 'classification', proba: predicted.proba } : { kind: 'regression', values: predicted.values };
  return getMetric(metricOf(name)).score(truthOf(y), prediction);
}
