/**
 * Durations as a spec file writes them: `90s`, `5m`, `1h`, `1h30m`, `2.5m`, or a plain number of
 * seconds.
 */

/**
 * What a duration string looks like, also the JSON Schema's pattern: a number of seconds, or
 * hours, minutes and seconds with their units, in that order, each optional (at least one).
 */
export const DURATION_PATTERN = '^\\s*(?:(\\d+(?:\\.\\d+)?)|(?=\\d)(?:(\\d+(?:\\.\\d+)?)h)?(?:(\\d+(?:\\.\\d+)?)m)?(?:(\\d+(?:\\.\\d+)?)s)?)\\s*$';

const PARTS = new RegExp(DURATION_PATTERN);

/**
 * Seconds in a duration: a number is seconds; a string is a number of seconds or hours, minutes
 * and seconds with units (`1h30m`, `90s`, `2.5m`). Undefined for anything else, negative or empty.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = PARTS.exec(value);
  if (!match) return undefined;
  if (match[1] !== undefined) return Number(match[1]);
  const [hours, minutes, seconds] = [match[2], match[3], match[4]].map((part) => (part === undefined ? 0 : Number(part)));
  // Sums of decimal parts (1.1h) carry binary rounding noise; a millisecond is precise enough.
  return Math.round((hours * 3600 + minutes * 60 + seconds) * 1000) / 1000;
}

/**
 * A duration as a spec file writes it, which `parseDuration` reads back as `seconds`: seconds
 * under two minutes (`90s`, `2.5s`), else whole hours and minutes with any seconds left
 * (`5m`, `1h30m`, `2m15s`).
 * `RangeError` for a negative or non-finite number.
 */
export function formatDuration(seconds: number): string {
  if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`a duration must be a finite number of seconds of at least 0, got ${seconds}`);
  if (seconds < 120) return `${Math.round(seconds * 1000) / 1000}s`;
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = Math.round((seconds - hours * 3600 - minutes * 60) * 1000) / 1000;
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', rest > 0 ? `${rest}s` : ''];
  return parts.join('');
}
