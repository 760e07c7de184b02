import type { ColumnProfile } from '../profile/types';
import type { SerializedPipeline } from '../prep/pipeline';
import { booleanLabels } from '../prep/inputFields';
import { pipelineSources } from '../prep/pipelineSources';

export type ExampleValue = string | number | boolean;

/**
 * A typical input row for example calls: the median of numbers and dates, the most frequent
 * label of everything else. Columns whose profile has no such value are left out.
 */
export function exampleInput(pipeline: SerializedPipeline, columns: readonly ColumnProfile[]): Record<string, ExampleValue> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const example: Record<string, ExampleValue> = {};
  for (const source of pipelineSources(pipeline)) {
    const column = byName.get(source);
    const value = column === undefined ? undefined : typicalValue(column);
    if (value !== undefined) example[source] = value;
  }
  return example;
}

function typicalValue(column: ColumnProfile): ExampleValue | undefined {
  if (column.storage === 'numeric') return column.quantiles?.p50;
  if (column.storage === 'datetime') {
    const ms = column.quantiles?.p50;
    if (ms === undefined) return undefined;
    const iso = new Date(ms).toISOString();
    return column.dateFormat?.hasTime ? iso : iso.slice(0, 10);
  }
  const top = column.topValues?.[0]?.value;
  if (top === undefined) return undefined;
  const labels = column.type === 'boolean' ? booleanLabels(column) : undefined;
  return labels === undefined ? top : top === labels[1];
}
