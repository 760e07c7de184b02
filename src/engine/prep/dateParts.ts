import type { Column } from '../data/frame';
import type { DatePart, FeatureDef } from './featureDefs';

const DAY_MS = 86_400_000;

/** Value of a calendar part for an epoch-ms time (NaN stays NaN). */
export function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  if (part === 'elapsedDays') return ms / DAY_MS;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7; // Monday = 0, as pandas
    case 'hour':
      return d.getUTCHours() + d.getUTCMinutes() / 60;
    case 'dayOfYear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}

/** The calendar parts of a datetime column (with the hour when any value has a time). */
export function dateFeatures(column: Column): Extract<FeatureDef, { kind: 'datePart' }>[] {
  const parts: DatePart[] = ['year', 'month', 'day', 'weekday', 'dayOfYear', 'elapsedDays'];
  if (column.storage === 'datetime' && column.format.hasTime) parts.splice(4, 0, 'hour');
  return parts.map((part) => ({ kind: 'datePart', name: `${column.name}.${part}`, source: column.name, part }));
}
