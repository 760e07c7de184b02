/**
 * Explaining rows a chunk at a time gives exactly the values of one call over all rows (every
 * explainer is per row, and KernelSHAP's random parts are seeded per call), reports its progress
 * after every chunk, and stops between chunks when told to.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { explainInChunks, type ChunkProgress } from '../../../src/engine/explain/explainInChunks';
import { explainPipeline, type PipelineShap } from '../../../src/engine/explain/pipelineShap';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile } from '../../publicDatasets';

async function penguins(): Promise<{ train: Frame; explain: Frame }> {
  const frame = (await readCsvFile(datasetFile('penguins'))).frame;
  const train = Uint32Array.from({ length: Math.ceil(frame.rowCount / 2) }, (_, i) => 2 * i);
  const explain = Uint32Array.from({ length: 23 }, (_, i) => 2 * i + 1);
  return { train: selectRows(frame, train), explain: selectRows(frame, explain) };
}

/** A gbdt (TreeSHAP) and a kNN (KernelSHAP) member, weighted 0.6 / 0.4. */
function ensemble(train: Frame): Pipeline {
  const fit = (learner: string, params: Record<string, number>) => Pipeline.fit(train, 'species', learner, params, { rng: new Rng(2) }, { task: 'multiclass' });
  const gbdt = fit('gbdt', { numIterations: 20 });
  const knn = fit('knn', {});
  return Pipeline.fromMembers(gbdt.target, [{ ...gbdt.members[0], weight: 0.6 }, { ...knn.members[0], weight: 0.4 }], train.rowCount);
}

function assertSame(actual: PipelineShap, expected: PipelineShap): void {
  assert.equal(actual.rows, expected.rows);
  assert.deepEqual(actual.features, expected.features);
  assert.deepEqual(actual.base, expected.base);
  assert.deepEqual(actual.values, expected.values);
  assert.deepEqual(actual.output, expected.output);
  assert.equal(actual.members?.length, expected.members?.length);
  actual.members?.forEach((m, i) => {
    const e = (expected.members as NonNullable<PipelineShap['members']>)[i];
    assert.deepEqual(m.shap.values, e.shap.values);
    assert.deepEqual(m.byColumn, e.byColumn);
  });
}

describe('explaining rows in chunks', () => {
  it('gives the values of one call, with progress after every chunk', async () => {
    const { train, explain } = await penguins();
    const pipeline = ensemble(train);
    const options = { background: train, seed: 4, kernelSamples: 256, derived: true };
    const whole = explainPipeline(pipeline, explain, options);
    const progress: ChunkProgress[] = [];
    const chunked = explainInChunks(pipeline, explain, { ...options, chunkRows: 5, onProgress: (p) => progress.push(p) });
    assertSame(chunked, whole);
    assert.deepEqual(
      progress.map((p) => p.done),
      [0, 5, 10, 15, 20, 23],
    );
    assert.ok(progress.every((p) => p.total === 23));
    // One chunk for all rows is the plain call.
    assertSame(explainInChunks(pipeline, explain, { ...options, chunkRows: 100 }), whole);
  });

  it('stops between chunks when its signal is aborted', async () => {
    const { train, explain } = await penguins();
    const pipeline = ensemble(train);
    const signal = { aborted: false };
    const seen: number[] = [];
    assert.throws(
      () =>
        explainInChunks(pipeline, explain, {
          background: train,
          seed: 4,
          kernelSamples: 64,
          chunkRows: 5,
          signal,
          onProgress: (p) => {
            seen.push(p.done);
            if (p.done >= 10) signal.aborted = true;
          },
        }),
      CancelledError,
    );
    assert.deepEqual(seen, [0, 5, 10]);
    assert.throws(() => explainInChunks(pipeline, explain, { chunkRows: 0 }), /chunkRows must be a positive integer/);
  });
});
