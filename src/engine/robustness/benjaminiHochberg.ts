/**
 * Benjamini–Hochberg adjusted p-values (scipy's `false_discovery_control(p, method='bh')`, R's
 * `p.adjust(p, 'BH')`): sorted ascending, p_(i) · m / i, made monotone from the largest down and
 * capped at 1; returned in the input order. NaN p-values stay NaN and do not count in m.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const indexed = pValues.map((p, i) => ({ p, i })).filter((e) => !Number.isNaN(e.p));
  indexed.sort((x, y) => x.p - y.p || x.i - y.i);
  const m = indexed.length;
  const adjusted = pValues.map(() => NaN);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (indexed[k].p * m) / (k + 1));
    adjusted[indexed[k].i] = running;
  }
  return adjusted;
}
