/** The engine's target guess, one rule at a time, on small frames built by hand (no CSV parsing). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NumericColumn } from '../../src/engine/data/frame';
import { guessTarget, rankTargetNames, rankTargets } from '../../src/engine/profile/targetGuess';
import { cat, dates, frameOf, num, text } from './prep/frames';

/** A column of `rows` values cycling through `labels`. */
function cycling(name: string, labels: readonly string[], rows: number, type: 'categorical' | 'boolean' = 'categorical') {
  return cat(name, Array.from({ length: rows }, (_, i) => labels[i % labels.length]), type);
}

/** `rows` distinct-looking measurements. */
function measured(name: string, rows: number, scale = 1): NumericColumn {
  return num(name, Array.from({ length: rows }, (_, i) => scale * (1 + ((i * 7919) % 97) / 10)));
}

function integers(name: string, values: readonly number[], type: NumericColumn['type'] = 'integer'): NumericColumn {
  return { ...num(name, values), type };
}

const ROWS = 12;

describe('guessTarget: names and values', () => {
  it('puts a binary column named like an outcome above a categorical feature whose name contains "class"', () => {
    const frame = frameOf(
      text('name', Array.from({ length: ROWS }, (_, i) => `Passenger number ${i}, travelling alone`)),
      cycling('survived', ['no', 'yes'], ROWS, 'boolean'),
      cycling('sex', ['female', 'male'], ROWS),
      measured('age', ROWS),
      cycling('passengerClass', ['1st', '2nd', '3rd'], ROWS),
    );
    const [best, second] = rankTargets(frame);
    assert.equal(best.name, 'survived');
    assert.deepEqual(best.reasons, ['outcome name', 'class labels']);
    assert.equal(second.name, 'passengerClass', 'the class word still lifts it above the other categorical feature');
    assert.deepEqual(second.reasons, ['outcome word in name', 'class labels']);
  });

  it('reads outcome names whatever their case and separators', () => {
    for (const name of ['Churn', 'Is Target', 'DIAGNOSIS', 'loan-status', 'Outcome']) {
      const whole = name === 'Is Target' || name === 'loan-status' ? 'outcome word in name' : 'outcome name';
      const frame = frameOf(cycling('colour', ['red', 'green'], ROWS), cycling(name, ['a', 'b'], ROWS), measured('size', ROWS));
      const [best] = rankTargets(frame);
      assert.equal(best.name, name);
      assert.equal(best.reasons[0], whole, name);
    }
  });

  it('takes string labels as class labels and numbers as neutral: a label column first beats 16 small-integer features', () => {
    // letter.csv's shape: the label comes first, every feature is an integer 0..15.
    const features = Array.from({ length: 16 }, (_, f) => integers(`f${f}`, Array.from({ length: 40 }, (_, i) => (i * (f + 3)) % 16)));
    const frame = frameOf(cycling('lettr', ['T', 'I', 'D', 'N', 'G'], 40), ...features);
    assert.equal(guessTarget(frame), 'lettr');
  });

  it('ranks more than 50 distinct labels below plain numbers', () => {
    const airports = cat('origin', Array.from({ length: 120 }, (_, i) => `A${i % 60}`));
    const frame = frameOf(measured('distance', 120), airports);
    const ranked = rankTargets(frame);
    assert.deepEqual(ranked.map((c) => c.name), ['distance', 'origin']);
    assert.deepEqual(ranked[1].reasons, ['many labels']);
  });
});

describe('guessTarget: columns that cannot be a target', () => {
  it('ranks out identifiers (by type or name), free text and datetimes', () => {
    const frame = frameOf(
      measured('weight', ROWS),
      integers('customer_id', [1, 1, 2, 3, 3, 3, 4, 5, 5, 6, 7, 7]),
      integers('row', Array.from({ length: ROWS }, (_, i) => i), 'id'),
      cat('ticket', Array.from({ length: ROWS }, (_, i) => `T-${i}`), 'id'),
      text('review', Array.from({ length: ROWS }, (_, i) => `great value, would buy again ${i}`)),
      dates('ordered', Array.from({ length: ROWS }, (_, i) => Date.UTC(2024, 0, 1 + i))),
    );
    const ranked = rankTargets(frame);
    assert.equal(ranked[0].name, 'weight', 'the only column left, though it is first');
    const excluded = Object.fromEntries(ranked.slice(1).map((c) => [c.name, c.excluded]));
    assert.deepEqual(excluded, { customer_id: 'identifier', row: 'identifier', ticket: 'identifier', review: 'free text', ordered: 'datetime' });
  });

  it('ranks out constant and all-missing columns of the whole data', () => {
    const frame = frameOf(
      cycling('colour', ['red', 'green', 'blue'], ROWS),
      cat('source', Array.from({ length: ROWS }, () => 'survey')),
      num('unused', Array.from({ length: ROWS }, () => Number.NaN)),
    );
    const ranked = rankTargets(frame);
    assert.equal(ranked[0].name, 'colour');
    assert.deepEqual(ranked.slice(1).map((c) => [c.name, c.excluded]), [['unused', 'no values'], ['source', 'one value']]);
  });

  it('keeps a column with one value in the head of a longer file: the file may be sorted by its label', () => {
    // spam.csv's shape: its first 64 KiB hold only rows of class "spam".
    const frame = frameOf(measured('capitalAve', ROWS), cat('type', Array.from({ length: ROWS }, () => 'spam')));
    assert.equal(guessTarget(frame, { partial: true }), 'type');
    assert.equal(guessTarget(frame), 'capitalAve');
  });

  it('still guesses when every column is ranked out: by name, then the last column', () => {
    const constant = (name: string) => cat(name, Array.from({ length: ROWS }, () => 'same'));
    assert.equal(guessTarget(frameOf(constant('label'), constant('a'), constant('b'))), 'label');
    const frame = frameOf(text('notes', Array.from({ length: ROWS }, (_, i) => `note number ${i} here`)), constant('b'));
    assert.equal(guessTarget(frame), 'b');
    assert.ok(rankTargets(frame).every((c) => c.excluded !== undefined));
  });
});

describe('guessTarget: quantities and coordinates', () => {
  it('takes a forecast quantity named as a whole word as a regression target', () => {
    const frame = frameOf(measured('LotArea', ROWS), integers('SalePrice', Array.from({ length: ROWS }, (_, i) => 100_000 + 977 * i)), cycling('zone', ['RL', 'RM'], ROWS));
    const [best] = rankTargets(frame);
    assert.equal(best.name, 'SalePrice');
    assert.deepEqual(best.reasons, ['quantity name']);
    // Inside a word it is no quantity.
    assert.equal(guessTarget(frameOf(measured('priceless', ROWS), measured('weight', ROWS))), 'weight');
  });

  it('reads y beside x or z as a coordinate (diamonds: the target is price)', () => {
    const frame = frameOf(
      measured('carat', ROWS),
      cycling('cut', ['Ideal', 'Premium', 'Good'], ROWS),
      integers('price', Array.from({ length: ROWS }, (_, i) => 326 + 31 * i)),
      measured('x', ROWS),
      measured('y', ROWS),
      measured('z', ROWS),
    );
    assert.equal(guessTarget(frame), 'price');
    assert.deepEqual(rankTargets(frame).find((c) => c.name === 'y')?.reasons, ['coordinate']);
    assert.equal(guessTarget(frameOf(measured('x1', ROWS), measured('y', ROWS), measured('x2', ROWS))), 'y', 'x1 and x2 are features, not axes');
  });
});

describe('guessTarget: fallbacks', () => {
  it('gives ties to the later column, so the last column wins when nothing speaks', () => {
    assert.equal(guessTarget(frameOf(measured('cement', ROWS), measured('water', ROWS), measured('strength', ROWS))), 'strength');
    assert.equal(guessTarget(frameOf(cycling('a', ['p', 'q'], ROWS), cycling('b', ['r', 's'], ROWS), measured('c', ROWS))), 'b');
  });

  it('guesses nothing without columns, and by name without rows', () => {
    assert.equal(guessTarget(frameOf()), undefined);
    assert.deepEqual(rankTargets(frameOf()), []);
    const headerOnly = frameOf(num('id', []), num('label', []), num('x', []));
    assert.equal(guessTarget(headerOnly), 'label');
  });

  it('is deterministic', () => {
    const frame = frameOf(cycling('a', ['p', 'q'], ROWS), measured('b', ROWS), cycling('class', ['u', 'v', 'w'], ROWS));
    assert.deepEqual(rankTargets(frame), rankTargets(frame));
  });
});

describe('rankTargetNames (no rows read)', () => {
  it('scores names by the same weights and ranks identifier names out', () => {
    assert.deepEqual(
      rankTargetNames(['id', 'passengerClass', 'survived', 'age']).map((c) => [c.name, c.score, c.excluded]),
      [['survived', 4, undefined], ['passengerClass', 1, undefined], ['age', 0, undefined], ['id', 0, 'identifier']],
    );
    assert.deepEqual(rankTargetNames([]), []);
  });
});
