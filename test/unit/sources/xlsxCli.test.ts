import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../publicDatasets';

/** `automl` (dist/cli.js, built with the tests) on workbooks LibreOffice wrote (test/fixtures/xlsx). */

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'xlsx');

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('automl on Excel workbooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-xlsx-cli-'));
  for (const file of ['several.xlsx', 'protected.xlsx', 'truncated.xlsx', 'titled.xlsx']) copyFileSync(join(FIXTURES, file), join(dir, file));
  copyFileSync(join(FIXTURES, 'datasets', 'titanic.xlsx'), join(dir, 'book.xlsx'));

  it('profile --sheet --json reads that sheet and says so', () => {
    const { code, stdout, stderr } = cli(dir, 'profile', 'several.xlsx', '--sheet', 'Q3', '--json');
    assert.equal(code, 0, stderr);
    const profile = JSON.parse(stdout);
    assert.equal(profile.rows, 3);
    assert.deepEqual(profile.columns.map((c: { name: string }) => c.name), ['month', 'y']);
    assert.equal(profile.source.kind, 'xlsx');
    assert.equal(profile.source.sheet, 'Q3');
    const text = cli(dir, 'profile', 'titled.xlsx');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^titled\.xlsx: 5 rows × 6 columns \(sheet "Sales", /m);
    assert.match(text.stdout, /the header is row 4; rows 1–2 above it are titles, not data/);
  });

  it('train --learner gbdt writes a run folder recording the workbook', () => {
    const out = join(dir, 'd');
    const { code, stdout, stderr } = cli(dir, 'train', 'book.xlsx', '--target', 'survived', '--learner', 'gbdt', '--out', out, '--params', '{"numIterations": 20}');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Trained gbdt \(binary\) on 1309 rows/);
    assert.deepEqual(readdirSync(out).sort(), ['model.json', 'profile.json', 'spec.json']);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    assert.deepEqual(spec.source, { kind: 'xlsx', path: 'book.xlsx' });
  });

  it('exits 1 with the reason, naming the file, and no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['profile', 'protected.xlsx'], /^automl: protected\.xlsx is password-protected \(encrypted\): /],
      [['profile', 'truncated.xlsx'], /^automl: truncated\.xlsx is not a readable \.xlsx workbook: /],
      [['profile', 'several.xlsx', '--sheet', 'Empty'], /^automl: sheet 'Empty' of several\.xlsx is empty\n$/],
      [['profile', 'several.xlsx', '--sheet', 'Q9'], /^automl: several\.xlsx has no sheet 'Q9'; its sheets: 'Q1', 'Q2', 'Q3', 'Empty', 'Lookup'\n$/],
      [['profile', 'several.xlsx', '--table', 'Q1'], /--table does not apply to an? Excel workbook/],
      [['train', 'missing.xlsx', '--target', 'y', '--learner', 'gbdt', '--out', join(dir, 'never')], /^automl: file not found: .*missing\.xlsx\n$/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stdout, stderr } = cli(dir, ...args);
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, pattern);
      assert.doesNotMatch(stderr, /\n\s+at /);
      assert.equal(stdout, '');
    }
  });
});
