import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectRows, type CategoricalColumn, type Frame } from '../../../src/engine/data/frame';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/random';
import { shift, type ShiftInput } from '../../../src/engine/robustness/shift';
import { stackFrames } from '../../../src/engine/robustness/stackFrames';
import { cat, frameOf, num } from '../prep/frames';

/** x, z numeric and c categorical, i.i.d. */
function data(n: number, seed: number, xShift = 0): Frame {
  const rng = new Rng(seed);
  return frameOf(
    num('x', Array.from({ length: n }, () => rng.normal() + xShift)),
    num('z', Array.from({ length: n }, () => rng.next())),
    cat('c', Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)])),
  );
}

const base = (training: Frame, newData: Frame, overrides: Partial<ShiftInput> = {}): ShiftInput => ({
  training,
  newData,
  columns: ['x', 'z', 'c'],
  source: 'new.csv',
  seed: 4,
  ...overrides,
});

describe('stackFrames', () => {
  it('matches categories by label, not code, and reports what cannot be stacked', () => {
    const a = frameOf(cat('c', ['x', 'y', undefined]), num('v', [1, 2, 3]), cat('b', ['no', 'yes', 'no'], 'boolean'), num('only', [1, 1, 1]));
    // The new data's dictionary lists the same labels in another order, plus one of its own.
    const b = frameOf(cat('c', ['y', 'z', 'x'], 'categorical', ['z', 'y', 'x']), cat('v', ['1', '2', '3']), cat('b', ['false', 'no', 'no'], 'boolean'));
    const { frame, skipped } = stackFrames(a, Uint32Array.from([2, 0]), b, Uint32Array.from([0, 1]), ['c', 'v', 'b', 'only']);
    const c = frame.columns[0] as CategoricalColumn;
    assert.deepEqual(c.dictionary, ['x', 'y', 'z']);
    const labels = Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
    assert.deepEqual(labels, [null, 'x', 'y', 'z']);
    const flag = frame.columns[1] as CategoricalColumn;
    assert.equal(flag.name, 'b');
    assert.equal(flag.type, 'categorical');
    assert.deepEqual(Array.from(flag.codes, (code) => flag.dictionary[code]), ['no', 'no', 'false', 'no']);
    assert.deepEqual(skipped, [
      { name: 'v', reason: 'numbers in the training data, labels in the new data' },
      { name: 'only', reason: 'not in the new data' },
    ]);
    assert.equal(frame.rowCount, 4);
  });
});

describe('shift (adversarial validation)', () => {
  it('cannot tell two halves of one random sample apart (AUC about 0.5, ok)', () => {
    const all = data(4000, 1);
    const rng = new Rng(2);
    const order = rng.shuffle(Uint32Array.from({ length: 4000 }, (_, i) => i));
    const section = shift(base(selectRows(all, order.subarray(0, 2000)), selectRows(all, order.subarray(2000))));
    assert.ok(Math.abs(section.auc - 0.5) < 0.06, String(section.auc));
    assert.equal(section.grade, 'ok');
    assert.equal(section.trainingRows, 2000);
    assert.equal(section.newRows, 2000);
    assert.equal(section.sampledRows, undefined);
    // Shares of noise: what the columns lose when shuffled is next to nothing.
    assert.ok(section.columns.every((c) => c.aucDrop < 0.03), JSON.stringify(section.columns));
    assert.match(section.sentence, /^new\.csv looks like the training data: a classifier tells them apart barely better than chance \(ROC AUC 0\.\d+\)\.$/);
  });

  it('finds a planted shift and names the shifted column first', () => {
    const section = shift(base(data(2000, 1), data(1500, 2, 1.5)));
    assert.ok(section.auc > 0.8, String(section.auc));
    assert.equal(section.grade, 'alert');
    assert.equal(section.columns[0].name, 'x');
    assert.ok(section.columns[0].importance > 0.8, JSON.stringify(section.columns));
    assert.ok(section.columns[0].aucDrop > 0.2, JSON.stringify(section.columns));
    assert.ok(Math.abs(section.columns.reduce((s, c) => s + c.importance, 0) - 1) < 1e-12);
    assert.match(section.sentence, /^new\.csv differs from the training data: a classifier tells its rows from training rows with ROC AUC 0\.\d+, mostly through `x` \(\d+%\)/);
  });

  it('reports a column the new data lacks instead of failing, and samples large sides', () => {
    const fresh = data(600, 3);
    const lacking: Frame = { rowCount: fresh.rowCount, columns: fresh.columns.filter((c) => c.name !== 'z') };
    const section = shift(base(data(900, 4), lacking, { maxRowsPerSide: 500 }));
    assert.deepEqual(section.skippedColumns, [{ name: 'z', reason: 'not in the new data' }]);
    assert.deepEqual(section.columns.map((c) => c.name).sort(), ['c', 'x']);
    assert.deepEqual(section.sampledRows, { training: 500, new: 500 });
    assert.equal(section.trainingRows, 900);
    assert.match(section.sentence, /`z` could not be compared \(not in the new data\)\.$/);
  });

  it('uses only the training rows given, is deterministic, and refuses sides too small to compare', () => {
    const training = data(1000, 5);
    const newData = data(800, 6, 0.3);
    const rows = Uint32Array.from({ length: 500 }, (_, i) => 2 * i);
    const once = shift(base(training, newData, { trainingRows: rows }));
    assert.equal(once.trainingRows, 500);
    assert.deepEqual(shift(base(training, newData, { trainingRows: rows })), once);
    assert.throws(() => shift(base(training, data(5, 7))), DataError);
    assert.throws(() => shift(base(training, newData, { deadline: performance.now() - 1 })), CancelledError);
    const onlyMissing = frameOf(num('w', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    assert.throws(() => shift(base(training, onlyMissing)), /no column of the model can be compared/);
  });
});
