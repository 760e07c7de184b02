import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getMetric } from '../../../src/engine/validate/metrics';
import type { MetricName, Prediction, Truth } from '../../../src/engine/validate/types';
import { close } from './metricHelpers';

// Known answers from scikit-learn: test/fixtures/validate/make_metric_fixtures.py writes the JSON.

interface FixtureCase {
  readonly name: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly classes?: number;
  readonly codes?: number[];
  readonly proba?: number[][];
  readonly truth?: number[];
  readonly values?: number[];
  readonly weights?: number[];
  readonly expected: Partial<Record<MetricName, number>>;
}

const fixture: { source: string; cases: FixtureCase[] } = JSON.parse(
  readFileSync(join(resolve(process.cwd(), 'test', 'fixtures', 'validate'), 'metrics.json'), 'utf8'),
);

function inputs(c: FixtureCase): { truth: Truth; prediction: Prediction } {
  if (c.task === 'regression') {
    return {
      truth: { kind: 'regression', values: Float64Array.from(c.truth ?? []) },
      prediction: { kind: 'regression', values: Float64Array.from(c.values ?? []) },
    };
  }
  return {
    truth: { kind: 'classification', classes: c.classes ?? 0, codes: Int32Array.from(c.codes ?? []) },
    prediction: { kind: 'classification', proba: (c.proba ?? []).map((column) => Float64Array.from(column)) },
  };
}

describe(`metrics match ${fixture.source}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { truth, prediction } = inputs(c);
      const weights = c.weights === undefined ? undefined : Float64Array.from(c.weights);
      for (const [name, expected] of Object.entries(c.expected)) {
        close(getMetric(name).score(truth, prediction, weights), expected as number, 1e-12, `${c.name} ${name}`);
      }
    });
  }
});
