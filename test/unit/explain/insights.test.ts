import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { writeInsights, type InsightFacts } from '../../../src/engine/explain/insights';
import { findInteractions, interactionStrengths } from '../../../src/engine/explain/interactions';
import { Rng } from '../../../src/engine/random';

const base: InsightFacts = {
  task: 'binary',
  outputLabels: ['survived = yes'],
  effects: [
    { column: 'age', share: 0.5, output: 0, trend: -0.8, levelsOffAbove: '60' },
    { column: 'sex', share: 0.3, output: 0, raises: { level: 'female', effect: 0.2 }, lowers: { level: 'male', effect: -0.1 } },
    { column: 'fare', share: 0.15, output: 0, trend: 0.1 },
    { column: 'id', share: 0.05, output: 0 },
  ],
  interactions: [
    { column: 'age', with: 'sex', strength: 0.4 },
    { column: 'fare', with: 'age', strength: 0.1 },
  ],
  noEffect: ['cabin'],
  warnings: [
    { kind: 'leakage-suspect', column: 'sex', message: "'sex' predicts the target almost perfectly." },
    { kind: 'leakage-suspect', column: 'ticket', message: 'not a driver, so not repeated' },
    { kind: 'imbalanced-target', column: 'survived', message: 'The target is imbalanced.' },
  ],
};

describe('writeInsights', () => {
  it('names the top drivers with shares, directions, levelling off, interactions, useless columns and relevant warnings', () => {
    const text = writeInsights(base);
    assert.deepEqual(text, [
      'The model leans most on `age` (50% of the total effect), `sex` (30% of the total effect) and `fare` (15% of the total effect).',
      'Higher `age` lowers the predicted chance of `survived = yes`; the effect levels off above 60.',
      '`sex` = female raises the predicted chance of `survived = yes` the most; `sex` = male lowers it the most.',
      '`fare` matters, but not in one direction: the predicted chance of `survived = yes` rises over some of its range and falls over another (see its dependence plot).',
      'The effect of `age` depends on `sex` (interaction strength 0.40): worth a look in the dependence plot.',
      '`cabin` adds nothing measurable (shuffling it does not hurt the validation score); the model would likely do as well without it.',
      "`sex` is a top driver and the profile flagged it as a possible leak: 'sex' predicts the target almost perfectly. A model that relies on a leak will fail in production.",
      'The target is imbalanced.',
    ]);
  });

  it('speaks of classes for multiclass and of the value for regression; text and rare-level columns get their own sentence', () => {
    const multi = writeInsights({
      ...base,
      task: 'multiclass',
      outputLabels: ['Adelie', 'Gentoo'],
      effects: [{ column: 'flipper', share: 1, output: 1, trend: 0.9 }],
      interactions: [],
      noEffect: [],
      warnings: [],
    });
    assert.equal(multi[1], 'Higher `flipper` raises the predicted chance of `class Gentoo`.');
    const regression = writeInsights({
      ...base,
      task: 'regression',
      outputLabels: ['price'],
      effects: [
        { column: 'review', share: 0.6, output: 0, text: true },
        { column: 'sku', share: 0.4, output: 0, rareLevels: true },
      ],
      interactions: [],
      noEffect: ['a', 'b'],
      warnings: [],
    });
    assert.equal(regression[1], 'The words in the text column `review` shift the predicted `price` up or down from row to row (per-row explanations show by how much).');
    assert.match(regression[2], /`sku` matters through its many rare values/);
    assert.match(regression[3], /^`a` and `b` add nothing measurable \(shuffling them/);
  });

  it('does not read levels out of a sample too small to compare them', () => {
    const few = writeInsights({ ...base, effects: [{ column: 'passengerClass', share: 0.48, output: 0, fewRows: 15 }], interactions: [], noEffect: [], warnings: [] });
    assert.match(few[1], /^`passengerClass` matters, but the 15 rows explained within the budget are too few to tell which of its values raise or lower /);
  });

  it('says so when the model ignores every column', () => {
    assert.deepEqual(writeInsights({ ...base, effects: [{ column: 'a', share: 0, output: 0 }] }), ['The model ignores every column: it predicts the same value for every row.']);
  });
});

describe('interactions', () => {
  const rng = new Rng(3);
  const n = 600;
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const c = Float64Array.from({ length: n }, () => rng.normal());

  it('are strong when a column’s contribution at a fixed value moves with another column, absent for an additive model', () => {
    // f = a * b: a's SHAP value (interventional, mean-zero b) is a * b.
    const product = Float64Array.from(a, (v, i) => v * b[i]);
    assert.ok(interactionStrengths(a, product)(b) > 0.8);
    assert.ok(interactionStrengths(a, product)(c) < 0.25);
    // f = 2a + b: a's SHAP value depends on a alone.
    const additive = Float64Array.from(a, (v) => 2 * v);
    assert.ok(interactionStrengths(a, additive)(b) < 1e-9);
  });

  it('lists each pair once, strongest first', () => {
    const shapA = Float64Array.from(a, (v, i) => v * b[i]);
    const shapB = Float64Array.from(b, (v, i) => v * a[i]);
    const shapC = Float64Array.from(c, (v) => v);
    const views = [
      { name: 'a', values: a },
      { name: 'b', values: b },
      { name: 'c', values: c },
    ];
    const found = findInteractions(views, (j) => [shapA, shapB, shapC][j], [0, 1, 2], 3);
    assert.deepEqual([found[0].column, found[0].with].sort(), ['a', 'b']);
    assert.equal(found.filter((p) => [p.column, p.with].sort().join() === 'a,b').length, 1);
  });
});
