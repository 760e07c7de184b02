import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'automl-cli-report-'));

describe('automl report', () => {
  const run = join(temp(), 'run');

  before(() => {
    const { code, stderr } = cli('run', 'examples/titanic.csv', '--target', 'survived', '--trials', '3', '--models', 'logistic', '--out', run);
    assert.equal(code, 0, stderr);
  });

  it('is written by automl run into the run folder', () => {
    const page = readFileSync(join(run, 'report.html'), 'utf8');
    assert.ok(page.startsWith('<!DOCTYPE html>'));
    assert.match(page, /<h1>AutoML report: titanic<\/h1>/);
  });

  it('writes the run folder\'s report.html again and prints its path', () => {
    const file = join(run, 'report.html');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(file, old, old);
    const { code, stdout, stderr } = cli('report', run);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `${file}\n`);
    assert.ok(statSync(file).mtimeMs > old.getTime() + 1000, 'replaced');
    assert.match(stderr, /wrote the report of .* \(\d+(\.\d)? KiB\)/);
  });

  it('writes to --out: a file, or report.html in a folder', () => {
    const dir = temp();
    const file = join(dir, 'nested', 'titanic.html');
    const first = cli('report', run, '--out', file);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), file);
    assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>/);
    const second = cli('report', run, '--out', `${join(dir, 'reports')}/`);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout.trim(), join(dir, 'reports', 'report.html'));
    const third = cli('report', run, '--out', dir);
    assert.equal(third.stdout.trim(), join(dir, 'report.html'));
    assert.ok(existsSync(join(dir, 'report.html')));
  });

  it('says clearly when the folder is not a run, with exit code 1', () => {
    const empty = temp();
    const notRun = cli('report', empty);
    assert.equal(notRun.code, 1);
    assert.equal(notRun.stderr, `automl: ${empty} is not an AutoML run folder (it has no spec.json)\n`);
    assert.ok(!existsSync(join(empty, 'report.html')));
    const missing = cli('report', join(empty, 'nope'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /is not a folder/);
    assert.equal(cli('report').code, 1);
    assert.match(cli('report', run, run).stderr, /report takes one run folder/);
  });

  it('is listed in the help', () => {
    assert.match(cli('--help').stdout, /report <run> +a run's self-contained HTML report/);
    assert.match(cli('report', '--help').stdout, /^Usage: automl report <run-dir> \[--out file\.html\]/);
  });
});
