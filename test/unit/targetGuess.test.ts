import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessTargetIndex } from '../../src/extension/targetGuess';

describe('guessTargetIndex', () => {
  it('prefers a column named like a target, ignoring case and separators', () => {
    assert.equal(guessTargetIndex(['Label', 'a', 'b']), 0);
    assert.equal(guessTargetIndex(['x', 'TARGET', 'label']), 1);
    assert.equal(guessTargetIndex(['x1', 'y', 'x2']), 1);
    assert.equal(guessTargetIndex(['Outcome', 'age']), 0);
    assert.equal(guessTargetIndex(['id', 'Class', 'petal']), 1);
  });

  it('then a column with a target word in its name', () => {
    assert.equal(guessTargetIndex(['id', 'is_target', 'z']), 1);
    assert.equal(guessTargetIndex(['ClassLabel', 'x']), 0);
  });

  it('does not mistake coordinates or longer words for targets', () => {
    assert.equal(guessTargetIndex(['pos_y', 'classification_date', 'price']), 2);
  });

  it('falls back to the last column', () => {
    assert.equal(guessTargetIndex(['a', 'b', 'survived']), 2);
    assert.equal(guessTargetIndex([]), -1);
  });
});
