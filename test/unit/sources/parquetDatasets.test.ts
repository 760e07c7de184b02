import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import { openSource } from '../../../src/node/sources/openSource';
import { csvToParquet } from '../../duckdbParquet';
import { datasetFile, readManifest } from '../../publicDatasets';
import { csvFrame, frameShape, holdoutScore } from './sameAsCsv';

/**
 * Known answers: each public dataset (flights_late's 500,000 rows included) converted to Parquet by
 * DuckDB reads into the columns its CSV reads into, row for row.
 *
 * DuckDB converts twice. With its own type detection, as Parquet files usually come: numbers as
 * BIGINT or DOUBLE, dates as DATE, yes/no as BOOLEAN, the rest as VARCHAR; our reader then takes
 * the typed values as they are and must still agree with the CSV reader's inference (integers,
 * identifiers, 0/1 booleans, categories). And with every column VARCHAR (`all_varchar`), the text
 * exactly as the CSV holds it, which our reader must classify as the CSV reader does. DuckDB keeps
 * the file's row order (`preserve_insertion_order`), which the row-for-row comparison verifies.
 */
const dir = mkdtempSync(join(tmpdir(), 'automl-parquet-datasets-'));
const DATASETS = readManifest().map((entry) => entry.name);
/** Datasets whose holdout score is compared too: binary, multiclass with missing values, dates, regression. */
const SCORED = ['titanic', 'penguins', 'seattle_weather', 'concrete'];

async function parquetFrame(name: string, allVarchar: boolean): Promise<Frame> {
  const path = join(dir, `${name}${allVarchar ? '-varchar' : ''}.parquet`);
  await csvToParquet(datasetFile(name), path, { allVarchar });
  return (await openSource({ kind: 'parquet', path }).read()).frame;
}

/**
 * The same columns holding the same values in the same rows: numbers and dates bit for bit,
 * categories by code and dictionary. A boolean's labels are the exception: DuckDB stores yes/no
 * as true/false, which become the labels.
 */
function assertSameRows(actual: Frame, expected: Frame): void {
  assert.equal(actual.rowCount, expected.rowCount);
  expected.columns.forEach((want, j) => {
    const got = actual.columns[j];
    assert.equal(got.name, want.name);
    assert.equal(got.type, want.type, want.name);
    if (want.storage === 'categorical') {
      assert.ok(got.storage === 'categorical', want.name);
      assert.deepEqual(got.codes, want.codes, want.name);
      if (want.type !== 'boolean') assert.deepEqual(got.dictionary, want.dictionary, want.name);
    } else {
      assert.ok(got.storage === want.storage, want.name);
      assert.deepEqual(got.values, want.values, want.name);
    }
  });
}

describe('public datasets as Parquet written by DuckDB (types detected by DuckDB)', () => {
  const frames = new Map<string, Frame>();
  before(async () => {
    for (const name of DATASETS) frames.set(name, await parquetFrame(name, false));
  });

  for (const name of DATASETS) {
    it(`${name}: the CSV's columns, row for row`, async () => {
      const parquet = frames.get(name) as Frame;
      const csv = await csvFrame(name);
      assert.deepEqual(frameShape(parquet), frameShape(csv));
      assertSameRows(parquet, csv);
    });
  }

  for (const name of SCORED) {
    it(`${name}: gbdt (seed 1) scores the same holdout as on the CSV`, async () => {
      assert.equal(holdoutScore(frames.get(name) as Frame, name), holdoutScore(await csvFrame(name), name));
    });
  }
});

describe('public datasets as Parquet written by DuckDB (every column VARCHAR)', () => {
  for (const name of DATASETS) {
    it(`${name}: the CSV's column types, missing and distinct values`, async () => {
      assert.deepEqual(frameShape(await parquetFrame(name, true)), frameShape(await csvFrame(name)));
    });
  }
});
