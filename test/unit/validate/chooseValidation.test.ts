import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chooseValidation } from '../../../src/engine/validate/splitters';

describe('chooseValidation', () => {
  it('chooses by size: 10-fold, 5-fold, then a 20% holdout', () => {
    assert.deepEqual(chooseValidation({ rows: 999, task: 'regression' }), { kind: 'kfold', folds: 10, repeats: 1, stratified: false });
    assert.deepEqual(chooseValidation({ rows: 1000, task: 'regression' }), { kind: 'kfold', folds: 5, repeats: 1, stratified: false });
    assert.deepEqual(chooseValidation({ rows: 49_999, task: 'regression' }), { kind: 'kfold', folds: 5, repeats: 1, stratified: false });
    assert.deepEqual(chooseValidation({ rows: 50_000, task: 'regression' }), { kind: 'holdout', testFraction: 0.2, stratified: false });
  });

  it('stratifies classification', () => {
    assert.deepEqual(chooseValidation({ rows: 500, task: 'binary', minClassCount: 100 }), { kind: 'kfold', folds: 10, repeats: 1, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 5000, task: 'multiclass' }), { kind: 'kfold', folds: 5, repeats: 1, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 80_000, task: 'binary', minClassCount: 3 }), { kind: 'holdout', testFraction: 0.2, stratified: true });
  });

  it('lowers the folds to the rarest class and the row count, keeping at least 2', () => {
    assert.equal(fold(chooseValidation({ rows: 500, task: 'binary', minClassCount: 6 })), 6);
    assert.equal(fold(chooseValidation({ rows: 5000, task: 'multiclass', minClassCount: 3 })), 3);
    assert.equal(fold(chooseValidation({ rows: 500, task: 'binary', minClassCount: 1 })), 2);
    assert.equal(fold(chooseValidation({ rows: 500, task: 'binary', minClassCount: 0 })), 2);
    assert.equal(fold(chooseValidation({ rows: 7, task: 'regression' })), 7);
    assert.equal(fold(chooseValidation({ rows: 1, task: 'regression' })), 2);
    // Regression has no classes to keep.
    assert.equal(fold(chooseValidation({ rows: 500, task: 'regression', minClassCount: 3 })), 10);
  });

  it('lets user overrides win', () => {
    assert.deepEqual(chooseValidation({ rows: 100_000, task: 'binary' }, { group: 'patient' }), { kind: 'group', folds: 5, column: 'patient' });
    assert.deepEqual(chooseValidation({ rows: 100, task: 'regression' }, { time: 'date', folds: 3 }), { kind: 'time', folds: 3, column: 'date' });
    assert.deepEqual(chooseValidation({ rows: 100_000, task: 'binary', minClassCount: 2 }, { folds: 7 }), { kind: 'kfold', folds: 7, repeats: 1, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 100, task: 'regression' }, { folds: 3 }), { kind: 'kfold', folds: 3, repeats: 1, stratified: false });
    // Overrides that are present but undefined (as a spec passes them) change nothing.
    const unset = chooseValidation({ rows: 100, task: 'regression' }, { folds: undefined, group: undefined, time: undefined });
    assert.deepEqual(unset, { kind: 'kfold', folds: 10, repeats: 1, stratified: false });
  });

  it('holds out data too big to cross-validate within the budget (rows x features vs 10M cells per hour)', () => {
    // 60 s affords 10M / 60 = 166,667 cells.
    assert.deepEqual(chooseValidation({ rows: 16_000, task: 'multiclass', features: 16, budgetSeconds: 60 }), { kind: 'holdout', testFraction: 0.2, stratified: true });
    assert.equal(fold(chooseValidation({ rows: 16_000, task: 'multiclass', features: 10, budgetSeconds: 60 })), 5, '160k cells: still k-fold');
    assert.equal(fold(chooseValidation({ rows: 16_000, task: 'multiclass', features: 16, budgetSeconds: 600 })), 5, 'a longer budget affords k-fold');
    assert.equal(fold(chooseValidation({ rows: 900, task: 'binary', features: 5000, budgetSeconds: 60 })), 10, 'under 1,000 rows always k-fold');
    assert.equal(fold(chooseValidation({ rows: 16_000, task: 'binary', features: 16, budgetSeconds: 60 }, { folds: 5 })), 5, "the user's folds win");
  });

  it("counts a multiclass target's classes as columns: a boosted model fits a tree per class", () => {
    const repeats = (plan: ReturnType<typeof chooseValidation>) => (plan.kind === 'kfold' ? plan.repeats : plan.kind);
    // Letter's training rows at 120 s: 256k cells would cross-validate; times 26 classes they cost
    // about 6.7M, which k-fold affords from a 40-minute budget.
    const letter = { rows: 16_000, task: 'multiclass' as const, features: 16, classes: 26 };
    assert.equal(chooseValidation({ ...letter, budgetSeconds: 120 }).kind, 'holdout');
    assert.equal(fold(chooseValidation({ ...letter, budgetSeconds: 2_400 })), 5);
    assert.equal(fold(chooseValidation({ ...letter, classes: 2, budgetSeconds: 120 })), 5, 'a binary target fits one tree a round');
    // Small data: 3 classes of 150 rows still repeat 10-fold at 60 s; 40 classes do not.
    assert.equal(repeats(chooseValidation({ rows: 150, task: 'multiclass', features: 4, classes: 3, budgetSeconds: 60 })), 3);
    assert.equal(repeats(chooseValidation({ rows: 900, task: 'multiclass', features: 4, classes: 40, budgetSeconds: 60 })), 1);
  });

  it('repeats 10-fold three times on small data the budget covers many times over', () => {
    // 60 s allows 166,667 cells; a tenth of that is 16,667: 150 x 4 repeats, 900 x 20 does not.
    assert.deepEqual(chooseValidation({ rows: 150, task: 'multiclass', features: 4, budgetSeconds: 60 }), { kind: 'kfold', folds: 10, repeats: 3, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 900, task: 'binary', features: 20, budgetSeconds: 60 }), { kind: 'kfold', folds: 10, repeats: 1, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 150, task: 'multiclass', features: 4, budgetSeconds: 60 }, { repeats: 1 }), { kind: 'kfold', folds: 10, repeats: 1, stratified: true }, "the user's repeats win");
    assert.deepEqual(chooseValidation({ rows: 150, task: 'multiclass', features: 4 }), { kind: 'kfold', folds: 10, repeats: 1, stratified: true }, 'no budget (a trial budget): no repeats');
  });

  it('repeats k-fold or holds out on request', () => {
    assert.deepEqual(chooseValidation({ rows: 500, task: 'binary' }, { repeats: 3 }), { kind: 'kfold', folds: 10, repeats: 3, stratified: true });
    assert.deepEqual(chooseValidation({ rows: 500, task: 'regression' }, { holdout: 0.3 }), { kind: 'holdout', testFraction: 0.3, stratified: false });
    assert.throws(() => chooseValidation({ rows: 500, task: 'binary' }, { holdout: 0.3, folds: 4 }), RangeError);
    assert.throws(() => chooseValidation({ rows: 500, task: 'binary' }, { holdout: 1.5 }), RangeError);
    assert.throws(() => chooseValidation({ rows: 500, task: 'binary' }, { repeats: 0 }), RangeError);
  });

  it('rejects contradictory or malformed overrides', () => {
    assert.throws(() => chooseValidation({ rows: 100, task: 'binary' }, { group: 'g', time: 't' }), RangeError);
    assert.throws(() => chooseValidation({ rows: 100, task: 'binary' }, { folds: 1 }), RangeError);
    assert.throws(() => chooseValidation({ rows: 100, task: 'binary' }, { folds: 2.5 }), RangeError);
  });
});

function fold(plan: ReturnType<typeof chooseValidation>): number {
  assert.equal(plan.kind, 'kfold');
  return plan.kind === 'kfold' ? plan.folds : NaN;
}
