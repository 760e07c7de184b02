import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { csvToParquet } from '../duckdbParquet';
import { datasetFile, REPO_ROOT } from '../publicDatasets';

/**
 * The built CLI (`dist/cli.js`) on Parquet files written by DuckDB: profile, train and predict,
 * with the CSV of the same data as the known answer.
 */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface ProfileJson {
  rows: number;
  columns: { name: string; type: string }[];
  source: { kind: string; file: string; bytes: number };
}

/** The prediction and probability columns of `automl predict`'s output, one string per row. */
function predictions(text: string): string[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const first = header.split(',').indexOf('prediction');
  const last = header.split(',').length;
  // Names hold commas inside quotes; the added columns are the last ones and never quoted.
  return lines.map((line) => line.split(',').slice(first - last).join(','));
}

describe('automl CLI on Parquet files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-cli-parquet-'));
  const csv = datasetFile('titanic');
  const parquet = join(dir, 'titanic.parquet');
  before(() => csvToParquet(csv, parquet));

  it('profile --json gives the rows and columns of the CSV of the same data', () => {
    const fromParquet = cli('profile', parquet, '--json');
    assert.equal(fromParquet.code, 0, fromParquet.stderr);
    const fromCsv = cli('profile', csv, '--json');
    const p = JSON.parse(fromParquet.stdout) as ProfileJson;
    const c = JSON.parse(fromCsv.stdout) as ProfileJson;
    assert.equal(p.rows, 1309);
    assert.equal(p.rows, c.rows);
    assert.deepEqual(p.columns.map((col) => [col.name, col.type]), c.columns.map((col) => [col.name, col.type]));
    assert.deepEqual(p.source, { kind: 'parquet', file: 'titanic.parquet', bytes: readFileSync(parquet).length });
  });

  it('train fits gbdt on a Parquet file and records it as the run source', () => {
    const out = join(dir, 'parquet-run');
    const { code, stderr, stdout } = cli('train', parquet, '--target', 'survived', '--learner', 'gbdt', '--out', out);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Trained gbdt \(binary\) on 1309 rows/);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')) as { source: { kind: string; path: string } };
    assert.equal(spec.source.kind, 'parquet');
    const predicted = cli('predict', out, parquet);
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.equal(predictions(predicted.stdout).length, 1309);
  });

  it("predict reads a Parquet file with a CSV-trained model's fields and predicts exactly as on the CSV", () => {
    const out = join(dir, 'csv-run');
    const trained = cli('train', csv, '--target', 'survived', '--learner', 'gbdt', '--out', out);
    assert.equal(trained.code, 0, trained.stderr);
    const onCsv = cli('predict', out, csv);
    const onParquet = cli('predict', out, parquet);
    assert.equal(onParquet.code, 0, onParquet.stderr);
    assert.equal(onParquet.stderr, '');
    assert.deepEqual(predictions(onParquet.stdout), predictions(onCsv.stdout));
  });

  it('exits 1 with one line naming a cut file, without a stack trace', () => {
    const path = join(REPO_ROOT, 'test', 'fixtures', 'parquet', 'truncated.parquet');
    const { code, stdout, stderr } = cli('profile', path);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, `automl: ${path} is not a complete Parquet file: its footer is missing (the file is cut short)\n`);
  });
});
