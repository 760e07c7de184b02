/** Linear scales and round tick values for the report's SVG charts. */

/** Maps `[d0, d1]` onto `[r0, r1]` linearly (a zero-width domain maps to the range's middle). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(d1 - d0 !== 0)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/** A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * The domain widened to round values, and the ticks on it: `[0, 0.83]` becomes `[0, 1]` with
 * ticks 0, 0.2, …, 1. A single value gets a small interval around it.
 */
export function niceDomain(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  // Rounded to the step's decimals so 0.1 * 7 is 0.7, not 0.7000000000000001.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (v: number): number => Number(v.toFixed(decimals));
  const lo = round(Math.floor(min / step) * step);
  const hi = round(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) ticks.push(round(lo + i * step));
  return { domain: [lo, hi], ticks };
}

/** A coordinate with one decimal: enough on screen and in print, and a smaller file. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
