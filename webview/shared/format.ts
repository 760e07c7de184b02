/** Number, size and date formatting shared by the panels (locale-independent, like the CLI's). */

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Thousands grouped, about 4 significant digits; '–' for missing, exponent for extremes. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(3);
  if (Number.isInteger(value) || magnitude >= 1000) return integerFormat.format(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

/** A count, thousands grouped. */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** `count noun`, with an English plural `s` when needed. */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** A share in percent (0–100): one decimal, but never rounds a non-zero share to 0 or a partial one to 100. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '–';
  if (percent > 0 && percent < 0.1) return '<0.1%';
  if (percent < 100 && percent > 99.9) return '>99.9%';
  return `${Number(percent.toFixed(1))}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** An epoch-ms datetime as ISO date, with minutes when it is not midnight UTC. */
export function formatDate(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '–';
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** An ISO timestamp in the viewer's local time, to the minute ('' if unparsable). */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `text` on one line, cut to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}
