import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../../src/engine/spec/duration';
import { closestMatch, editDistance } from '../../../src/engine/spec/editDistance';

describe('durations in spec files', () => {
  it('reads seconds, minutes, hours and their combinations', () => {
    const cases: [string | number, number | undefined][] = [
      ['90s', 90],
      ['5m', 300],
      ['1h', 3600],
      ['1h30m', 5400],
      ['1h30m15s', 5415],
      ['2.5m', 150],
      ['45', 45],
      [' 90s ', 90],
      [90, 90],
      [1.5, 1.5],
      // Ambiguous or malformed: refused rather than guessed.
      ['1h30', undefined],
      ['30m1h', undefined],
      ['', undefined],
      ['s', undefined],
      ['5 min', undefined],
      ['-5s', undefined],
      [-5, undefined],
      [Infinity, undefined],
    ];
    for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, JSON.stringify(text));
  });

  it('writes durations that read back the same', () => {
    const cases: [number, string][] = [
      [30, '30s'],
      [90, '90s'],
      [2.5, '2.5s'],
      [300, '5m'],
      [3600, '1h'],
      [5400, '1h30m'],
      [3661, '1h1m1s'],
      [7200.5, '2h0.5s'],
    ];
    for (const [seconds, text] of cases) {
      assert.equal(formatDuration(seconds), text);
      assert.equal(parseDuration(formatDuration(seconds)), seconds);
    }
    assert.throws(() => formatDuration(-1), RangeError);
    assert.throws(() => formatDuration(Infinity), RangeError);
  });
});

describe('did-you-mean suggestions', () => {
  it('counts edits', () => {
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('gbdt', 'gbdt'), 0);
    // A swap of neighbours is one slip, not two substitutions.
    assert.equal(editDistance('nmae', 'name'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('ca', 'abc'), 3);
  });

  it('suggests the closest name only when it is a likely typo', () => {
    const learners = ['gbdt', 'randomForest', 'extraTrees', 'logistic', 'linear', 'knn'];
    assert.equal(closestMatch('logistc', learners), 'logistic');
    assert.equal(closestMatch('nmae', ['name', 'survived', 'sex', 'age']), 'name');
    assert.equal(closestMatch('RandomForest', learners), 'randomForest');
    assert.equal(closestMatch('xgboost', learners), undefined);
    assert.equal(closestMatch('budgte', ['budget', 'target']), 'budget');
  });
});
