/**
 * New data made predictable by the model when it lacks some of the model's columns: each missing
 * column is added with every value missing, so the model predicts as it does for missing values
 * (and the monitor still reports the column missing, from the data as it came).
 */
import type { Column, Frame } from '../data/frame';
import { PLAIN_NUMBER_FORMAT } from '../data/frame';
import type { MonitorReference } from './types';

export function predictableFrame(frame: Frame, reference: MonitorReference): Frame {
  const present = new Set(frame.columns.map((c) => c.name));
  const added = reference.columns
    .filter((c) => !present.has(c.name))
    .map((c): Column => {
      const n = frame.rowCount;
      if (c.kind === 'categorical') return { storage: 'categorical', type: c.type === 'boolean' || c.type === 'text' || c.type === 'id' ? c.type : 'categorical', name: c.name, codes: new Int32Array(n).fill(-1), dictionary: [] };
      if (c.type === 'datetime') return { storage: 'datetime', type: 'datetime', name: c.name, values: new Float64Array(n).fill(NaN), format: { order: 'ymd', hasTime: false } };
      return { storage: 'numeric', type: c.type === 'integer' || c.type === 'id' ? c.type : 'float', name: c.name, values: new Float64Array(n).fill(NaN), format: PLAIN_NUMBER_FORMAT };
    });
  return added.length === 0 ? frame : { rowCount: frame.rowCount, columns: [...frame.columns, ...added] };
}
