import type { Prediction, Truth } from '../validate/types';

/**
 * Checks that predictions can be averaged: at least one, all of one kind, the same rows and (for
 * classification) the same classes, and matching `truth` when given. Returns the row count.
 */
export function checkMembers(members: readonly Prediction[], truth?: Truth): number {
  if (members.length === 0) throw new RangeError('an ensemble needs at least one member prediction');
  const first = members[0];
  const rows = first.kind === 'regression' ? first.values.length : (first.proba[0]?.length ?? 0);
  const classes = first.kind === 'regression' ? 0 : first.proba.length;
  if (first.kind === 'classification' && classes === 0) throw new RangeError('member 0 has no probability columns');
  members.forEach((member, index) => {
    if (member.kind !== first.kind) throw new RangeError(`member ${index} is a ${member.kind} prediction, member 0 a ${first.kind} one`);
    if (member.kind === 'regression') {
      if (member.values.length !== rows) throw new RangeError(`member ${index} has ${member.values.length} rows, member 0 has ${rows}`);
      return;
    }
    if (member.proba.length !== classes) {
      throw new RangeError(`member ${index} has ${member.proba.length} probability columns, member 0 has ${classes}`);
    }
    member.proba.forEach((column, c) => {
      if (column.length !== rows) throw new RangeError(`member ${index} column ${c} has ${column.length} rows, member 0 has ${rows}`);
    });
  });
  if (truth !== undefined) {
    if (truth.kind !== first.kind) throw new RangeError(`the truth is ${truth.kind} but the members are ${first.kind} predictions`);
    const truthRows = truth.kind === 'regression' ? truth.values.length : truth.codes.length;
    if (truthRows !== rows) throw new RangeError(`the truth has ${truthRows} rows, the members ${rows}`);
    if (truth.kind === 'classification' && truth.classes !== classes) {
      throw new RangeError(`the truth has ${truth.classes} classes, the members ${classes} probability columns`);
    }
  }
  return rows;
}

/**
 * The weighted average of member predictions: values for regression, probabilities for
 * classification (rows of averaged probabilities still sum to 1). Weights are per member, finite
 * and non-negative, and are normalised by their sum, so counts of picks work as well as fractions.
 * Members with weight 0 are skipped.
 */
export function blend(members: readonly Prediction[], weights: Float64Array): Prediction {
  const rows = checkMembers(members);
  if (weights.length !== members.length) throw new RangeError(`${weights.length} weights for ${members.length} members`);
  let total = 0;
  for (let j = 0; j < weights.length; j++) {
    if (!(weights[j] >= 0 && weights[j] < Infinity)) throw new RangeError(`weight ${j} is ${weights[j]}; weights must be finite and >= 0`);
    total += weights[j];
  }
  if (total === 0) throw new RangeError('the weights sum to 0');

  const first = members[0];
  const outputs = first.kind === 'regression' ? [new Float64Array(rows)] : first.proba.map(() => new Float64Array(rows));
  members.forEach((member, j) => {
    const share = weights[j] / total;
    if (share === 0) return;
    const inputs = member.kind === 'regression' ? [member.values] : member.proba;
    for (let c = 0; c < outputs.length; c++) {
      const input = inputs[c];
      const output = outputs[c];
      for (let i = 0; i < rows; i++) output[i] += share * input[i];
    }
  });
  return first.kind === 'regression' ? { kind: 'regression', values: outputs[0] } : { kind: 'classification', proba: outputs };
}
