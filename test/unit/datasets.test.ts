import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { countMissing, type Column, type Frame } from '../../src/engine/data/frame';
import { profileFrame } from '../../src/engine/profile/profileFrame';
import { readCsvFile } from '../../src/node/readCsvFile';
import { datasetFile, readManifest, type ManifestColumn } from '../publicDatasets';

const manifest = readManifest();

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
      const { frame, report } = await readCsvFile(datasetFile(entry.name));
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
