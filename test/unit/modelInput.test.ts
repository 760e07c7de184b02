import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Frame } from '../../src/engine/data/frame';
import type { SourceSpec } from '../../src/engine/data/sourceSpec';
import { DataError } from '../../src/engine/errors';
import { listLearners } from '../../src/engine/learners/index';
import { inputFields } from '../../src/engine/prep/inputFields';
import { Pipeline } from '../../src/engine/prep/pipeline';
import { profileFrame } from '../../src/engine/profile/profileFrame';
import type { ColumnProfile } from '../../src/engine/profile/types';
import { Rng } from '../../src/engine/random';
import { modelInputWarnings, readModelInput } from '../../src/node/modelInput';
import { readCsvFile } from '../../src/node/readCsvFile';
import { initTensorflow } from '../../src/node/tfBackend';
import { awkward, csv, FEATURES, TRAIN_ROWS, trainingRows } from './modelInputData';

/**
 * Data read for an existing model, end to end for every learner family: the columns are read as
 * in training (a count column of only 0 and 1, an all-empty column, text in a number column, dates
 * that look month-first, a label never seen), and a row's prediction depends on that row alone:
 * bit for bit the same alone in a small file as inside a large one.
 */
const dir = mkdtempSync(join(tmpdir(), 'automl-model-input-'));

/** A CSV file as a source. */
const csvFile = (path: string): SourceSpec => ({ kind: 'csv', path });

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('reading data for an existing model', () => {
  const rows = trainingRows();
  let frame: Frame;
  let columns: readonly ColumnProfile[];
  const odd = awkward(rows);
  // The awkward rows alone, and the same rows inside the whole training file (at its end).
  const smallFile = write('small.csv', csv(odd, FEATURES));
  const largeFile = write('large.csv', csv([...rows, ...odd], FEATURES));
  const emptyCountFile = write('empty-count.csv', csv(odd.map((r) => ({ ...r, count: '' })), FEATURES));

  before(async () => {
    ({ frame } = await readCsvFile(write('train.csv', csv(rows, [...FEATURES, 'y', 'v']))));
    columns = profileFrame(frame).columns;
    await initTensorflow(() => undefined);
  });

  it('the small file, inferred, would not even have the training types (the defect this fixes)', async () => {
    const inferred = (await readCsvFile(smallFile)).frame.columns;
    assert.equal(inferred.find((c) => c.name === 'count')?.storage, 'categorical');
    const when = inferred.find((c) => c.name === 'when');
    assert.equal(when?.storage === 'datetime' ? when.format.order : undefined, 'mdy');
    assert.equal((await readCsvFile(emptyCountFile)).frame.columns.find((c) => c.name === 'count')?.type, 'categorical');
  });

  for (const learner of listLearners()) {
    const target = learner.tasks.includes('binary') ? 'y' : 'v';
    it(`${learner.name}: the same rows give bit-identical predictions alone and inside a larger file`, async () => {
      const pipeline = Pipeline.fit(frame, target, learner.name, {}, { rng: new Rng(3) }, { exclude: [target === 'y' ? 'v' : 'y'] });
      const fields = inputFields(pipeline, columns);
      assert.deepEqual(fields.map((f) => [f.name, f.kind, f.optional]), [
        ['count', 'number', true],
        ['score', 'number', false],
        ['kind', 'category', false],
        ['when', 'date', false],
      ].filter(([name]) => pipeline.sourceColumns().includes(name as string)));
      const small = await readModelInput(csvFile(smallFile), fields);
      const large = await readModelInput(csvFile(largeFile), fields);
      assert.deepEqual(modelInputWarnings(small.report, small.frame), [
        `1 value in 'count' did not read as integer ("abc" on line 5) and was treated as missing.`,
      ]);
      const alone = pipeline.predict(small.frame);
      const inside = pipeline.predict(large.frame);
      const outputs = alone.proba ?? [alone.values];
      const outputsInside = inside.proba ?? [inside.values];
      for (let k = 0; k < odd.length; k++) {
        for (let o = 0; o < outputs.length; o++) {
          assert.ok(Object.is(outputs[o][k], outputsInside[o][TRAIN_ROWS + k]), `row ${k}, output ${o}: ${outputs[o][k]} vs ${outputsInside[o][TRAIN_ROWS + k]}`);
          assert.ok(Number.isFinite(outputs[o][k]));
        }
      }
      // The stray text counts as missing, exactly like the empty count.
      const blanked = await readModelInput(csvFile(write(`blanked-${learner.name}.csv`, csv([{ ...odd[3], count: '' }], FEATURES))), fields);
      const p = pipeline.predict(blanked.frame);
      for (let o = 0; o < outputs.length; o++) assert.ok(Object.is((p.proba ?? [p.values])[o][0], outputs[o][3]));
      // A count empty in every row is fine where the model saw counts missing in training.
      const empty = await readModelInput(csvFile(emptyCountFile), fields);
      assert.equal(empty.frame.columns.find((c) => c.name === 'count')?.storage, 'numeric');
      assert.equal(pipeline.predict(empty.frame).values.length, odd.length);
    });
  }

  it('stops where the model never saw a value missing, naming the file, the column and the line', async () => {
    const pipeline = Pipeline.fit(frame, 'y', 'gbdt', { numIterations: 5 }, { rng: new Rng(3) }, { exclude: ['v'] });
    const fields = inputFields(pipeline, columns);
    const file = write('no-score.csv', csv(odd.map((r, i) => ({ ...r, score: i === 2 ? 'n/a?' : r.score })), FEATURES));
    await assert.rejects(readModelInput(csvFile(file), fields), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.message, `${file}: line 4: 'score' holds "n/a?", which is not a number; the model needs a number there, as it never saw 'score' missing in training`);
      assert.equal(error.line, 4);
      return true;
    });
    const lacking = write('lacking.csv', csv(odd, ['count', 'score']));
    await assert.rejects(readModelInput(csvFile(lacking), fields), /lacking\.csv: the data lacks the column\(s\) the model needs: 'kind', 'when'/);
  });
});
