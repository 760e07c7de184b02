import type { Column } from '../data/frame';
import { categoricalStats } from './categoricalStats';
import { numericStats } from './numericStats';
import type { ColumnProfile } from './types';

/**
 * The profile of one column of a frame with `rows` rows: numeric statistics for numeric and
 * datetime storage (epoch ms; no zero count, plain equal-width bins), value counts for
 * dictionary storage (mean length for all but booleans). Fields that are undefined for the
 * data (the mean of nothing, the skew of two values) are left out rather than set to `NaN`,
 * so the profile survives JSON.
 */
export function profileColumn(column: Column, rows: number): ColumnProfile {
  const base = { name: column.name, type: column.type, storage: column.storage };
  if (column.storage === 'categorical') {
    const stats = categoricalStats(column.codes, column.dictionary);
    const profile: ColumnProfile = {
      ...base,
      count: stats.count,
      missing: stats.missing,
      missingPct: missingPct(stats.missing, rows),
      unique: stats.unique,
      topValues: stats.topValues,
    };
    return column.type === 'boolean' || stats.meanLength === undefined
      ? profile
      : { ...profile, meanLength: stats.meanLength };
  }
  const isDatetime = column.storage === 'datetime';
  const stats = numericStats(column.values, {
    countZeros: !isDatetime,
    integerBins: !isDatetime,
  });
  return {
    ...base,
    ...stats,
    missingPct: missingPct(stats.missing, rows),
    ...(isDatetime ? { dateFormat: column.format } : { numberFormat: column.format }),
  };
}

function missingPct(missing: number, rows: number): number {
  return rows === 0 ? 0 : (missing / rows) * 100;
}
