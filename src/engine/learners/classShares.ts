/**
 * Each class's share of the training rows, by sample weight (1 each without weights): the prior a
 * multiclass GBDT starts from and where kNN's `prior` pseudo-neighbours vote.
 */
export function classShares(classes: number, labels: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const shares = new Float64Array(classes);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i] : 1;
    shares[labels[i]] += w;
    total += w;
  }
  for (let c = 0; c < classes; c++) shares[c] /= total;
  return shares;
}
