/**
 * Color arithmetic for canvas charts, whose colors come from theme variables as CSS strings:
 * parse `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` and `rgba()`, and mix two colors along
 * the low-to-high scale. Pure.
 */

export type Rgba = readonly [number, number, number, number];

/** The channels of a CSS color (r, g, b in 0..255, alpha in 0..1), or undefined when not one of the forms above. */
export function parseColor(text: string): Rgba | undefined {
  const color = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(color);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const channel = (i: number): number => Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
    return [channel(0), channel(1), channel(2), digits.length === 8 ? channel(3) / 255 : 1];
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(color);
  if (!fn) return undefined;
  const parts = fn[1].split(/[\s,/]+/).filter((p) => p !== '');
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const number = (p: string, scale: number): number => (p.endsWith('%') ? (Number.parseFloat(p) / 100) * scale : Number.parseFloat(p));
  const [r, g, b] = parts.slice(0, 3).map((p) => number(p, 255));
  const a = parts.length === 4 ? number(parts[3], 1) : 1;
  if (![r, g, b, a].every(Number.isFinite)) return undefined;
  return [clamp(r, 0, 255), clamp(g, 0, 255), clamp(b, 0, 255), clamp(a, 0, 1)];
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** `rgba(...)` text of a color. */
export function formatRgba([r, g, b, a]: Rgba): string {
  return `rgba(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)}, ${Number(a.toFixed(3))})`;
}

/** The color `t` (0..1) of the way from `low` to `high`, channel by channel. */
export function mixColor(low: Rgba, high: Rgba, t: number): Rgba {
  const s = clamp(Number.isFinite(t) ? t : 0.5, 0, 1);
  return [0, 1, 2, 3].map((i) => low[i] + (high[i] - low[i]) * s) as unknown as Rgba;
}

/** `color` with its alpha multiplied by `alpha`. */
export function withAlpha(color: Rgba, alpha: number): Rgba {
  return [color[0], color[1], color[2], color[3] * clamp(alpha, 0, 1)];
}
