import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { countMissing, type Column, type Frame } from '../../src/engine/data/frame';
import { profileFrame } from '../../src/engine/profile/profileFrame';
import { readCsvFile } from '../../src/node/readCsvFile';

/** The public datasets shipped beside the repository (see ../shared/datasets/README.md). */
const DATASETS = resolve(process.cwd(), '..', 'shared', 'datasets');

interface ManifestColumn {
  name: string;
  type: 'numeric' | 'categorical' | 'date' | 'text';
  missing_pct: number;
  n_unique: number;
}
interface ManifestEntry {
  name: string;
  file: string;
  target: string;
  task: 'binary' | 'multiclass' | 'regression';
  rows: number;
  cols: number;
  columns: ManifestColumn[];
  class_counts?: Record<string, number>;
}

const manifest: ManifestEntry[] = JSON.parse(readFileSync(join(DATASETS, 'manifest.json'), 'utf8'));

function distinct(column: Column): number {
  const seen = new Set<number>();
  if (column.storage === 'categorical') {
    for (const code of column.codes) if (code >= 0) seen.add(code);
  } else {
    for (const v of column.values) if (!Number.isNaN(v)) seen.add(v);
  }
  return seen.size;
}

/** Our storage for each manifest type (0/1 numeric columns read as booleans, stored as categorical). */
function expectedStorage(type: ManifestColumn['type']): Column['storage'][] {
  switch (type) {
    case 'numeric':
      return ['numeric', 'categorical'];
    case 'categorical':
    case 'text':
      return ['categorical'];
    case 'date':
      return ['datetime'];
  }
}

function frameColumn(frame: Frame, name: string): Column {
  const column = frame.columns.find((c) => c.name === name);
  assert.ok(column, `column ${name}`);
  return column;
}

describe('public datasets read as their manifest describes (known answers)', () => {
  for (const entry of manifest) {
    it(`${entry.name}: rows, columns, types, missing and distinct counts, target`, async () => {
      const { frame, report } = await readCsvFile(join(DATASETS, entry.file));
      assert.equal(frame.rowCount, entry.rows);
      assert.equal(frame.columns.length, entry.cols);
      assert.equal(report.parseIssueCount, 0);
      assert.deepEqual(report.badValues, []);
      for (const expected of entry.columns) {
        const column = frameColumn(frame, expected.name);
        assert.ok(expectedStorage(expected.type).includes(column.storage), `${entry.name}.${expected.name}: ${column.storage} for ${expected.type}`);
        if (column.storage === 'categorical' && expected.type === 'numeric') assert.equal(column.type, 'boolean');
        if (expected.type === 'text') assert.equal(column.type, 'text');
        const missingPct = (100 * countMissing(column)) / frame.rowCount;
        assert.ok(Math.abs(missingPct - expected.missing_pct) < 0.006, `${entry.name}.${expected.name} missing ${missingPct}`);
        assert.equal(distinct(column), expected.n_unique, `${entry.name}.${expected.name} distinct`);
      }
      const profile = profileFrame(frame, { target: entry.target, report });
      assert.equal(profile.target?.task, entry.task);
      if (entry.class_counts) {
        const counts = Object.fromEntries((profile.target?.classes ?? []).map((c) => [c.value, c.count]));
        assert.deepEqual(counts, entry.class_counts);
      }
    });
  }
});
