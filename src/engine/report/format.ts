/**
 * Numbers, sizes and durations as the report prints them: locale-independent (the same run gives
 * the same page on every machine) and short.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** About 4 significant digits, thousands grouped; '–' for missing, an exponent for extremes. */
export function formatNumber(value: number | undefined | null, digits = 4): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(Math.max(1, digits - 2));
  if (Number.isInteger(value) || magnitude >= 10 ** digits) return grouped.format(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

/** A short axis label for a count or size: 950, 1.5k, 20k, 3.2M. */
export function formatCompact(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude < 1000) return formatNumber(value, 3);
  for (const [unit, size] of [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (magnitude >= size) return `${Number((value / size).toPrecision(3))}${unit}`;
  }
  return formatNumber(value, 3);
}

/** A score with 4 decimals, as leaderboards show metrics. */
export function formatScore(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000 ? formatNumber(value, 6) : value.toFixed(4);
}

/** A count, thousands grouped. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** `count noun`, with an English plural `s` when needed. */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** A share (0..1) in percent; never rounds a non-zero share to 0% or a partial one to 100%. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const percent = share * 100;
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

/** "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** An ISO timestamp as "2025-01-31 14:05 UTC" (UTC, so the page reads the same everywhere); the text itself when unparsable. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An epoch-ms datetime as an ISO date, with minutes when not midnight UTC. */
export function formatDate(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '–';
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** `text` on one line, cut to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** A learner's parameters, short: "numLeaves=31 learningRate=0.05", or "defaults". */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : String(v)}`);
  return entries.length === 0 ? 'defaults' : entries.join(' ');
}
