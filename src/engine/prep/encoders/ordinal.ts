/** Numbers (in numeric order) before other labels (in code-unit order): "2" < "10" < "a" < "b". */
function naturalCompare(a: string, b: string): number {
  const x = a.trim() === '' ? NaN : Number(a);
  const y = b.trim() === '' ? NaN : Number(b);
  const xn = Number.isFinite(x);
  const yn = Number.isFinite(y);
  if (xn && yn && x !== y) return x - y;
  if (xn !== yn) return xn ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The levels of an ordinal encoding: the labels of `order` first, in that order (even those
 * unseen in training, so they keep their rank), then the other training labels in natural order.
 */
export function ordinalLevels(trainLevels: readonly string[], order: readonly string[] = []): string[] {
  const listed = new Set(order);
  const rest = trainLevels.filter((level) => !listed.has(level)).sort(naturalCompare);
  return [...listed, ...rest];
}
