/**
 * The saved SHAP sample as rows: one row's explanation built from it, and a text search over its
 * values to pick a row by what it contains. Pure.
 */
import type { RowExplanation, RunExplanations, SampleValue } from '../../src/protocol/webview';
import { formatSampleValue } from './valueText';

export type Sample = RunExplanations['sample'];

/** Position of data row `row` in the sample, or -1 when it was not sampled. */
export function sampleIndexOf(sample: Sample, row: number): number {
  return sample.rows.indexOf(row);
}

/**
 * The explanation of data row `row` from the saved sample (base, output and each column's value
 * and SHAP values per output), or undefined when the row is not in the sample.
 */
export function rowFromSample(sample: Sample, row: number): RowExplanation | undefined {
  const i = sampleIndexOf(sample, row);
  if (i < 0) return undefined;
  return {
    row,
    base: [...sample.base],
    output: sample.output.map((values) => values[i]),
    contributions: sample.columns.map((column) => ({
      column: column.name,
      value: column.values[i] ?? null,
      shap: column.shap.map((values) => values[i]),
    })),
  };
}

/** A sample row whose value in `column` contains the searched text. */
export interface RowMatch {
  /** Position in the sample. */
  readonly index: number;
  /** The data row. */
  readonly row: number;
  /** The first column (in sample order) whose value matched, and that value as shown. */
  readonly column: string;
  readonly text: string;
}

/** The texts a value is found by: as shown, and a number also as written out in full. */
function searchTexts(value: SampleValue, isDate: boolean): string[] {
  if (value === null) return [];
  const shown = formatSampleValue(value, isDate);
  return typeof value === 'number' && String(value) !== shown ? [shown, String(value)] : [shown];
}

/**
 * Sample rows where any column's value contains `query` (case-insensitive, trimmed), in sample
 * order: the first `limit` matches and how many rows matched in all. An empty query matches
 * nothing. `dateColumns` names columns whose numbers are epoch-ms dates.
 */
export function searchSampleRows(sample: Sample, query: string, limit: number, dateColumns: ReadonlySet<string> = new Set()): { matches: RowMatch[]; total: number } {
  const needle = query.trim().toLowerCase();
  const matches: RowMatch[] = [];
  let total = 0;
  if (needle === '') return { matches, total };
  for (let i = 0; i < sample.rows.length; i++) {
    for (const column of sample.columns) {
      const value = column.values[i] ?? null;
      const isDate = dateColumns.has(column.name);
      if (!searchTexts(value, isDate).some((text) => text.toLowerCase().includes(needle))) continue;
      total++;
      if (matches.length < limit) matches.push({ index: i, row: sample.rows[i], column: column.name, text: formatSampleValue(value, isDate) });
      break;
    }
  }
  return { matches, total };
}
