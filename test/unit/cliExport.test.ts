import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportRunModule } from '../../src/node/exportRun';
import type { RunJobResult } from '../../src/node/runJob';
import { strictDiagnostics } from './export/compileModule';
import { quickRun } from './service/quickRun';

/**
 * The built CLI (dist/cli.js, built with the tests). AUTOML_TEST_CLI points elsewhere when only
 * this test is bundled, without rebuilding dist/.
 */
const CLI = process.env['AUTOML_TEST_CLI'] ?? 'dist/cli.js';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('automl export and automl scaffold-service', () => {
  let run: RunJobResult;
  let root: string;
  let finalSource: string;
  /** A logistic trial: quick to refit, and not the final model. */
  let trialId: number;

  before(async () => {
    run = await quickRun({ dataset: 'titanic', target: 'survived', models: ['gbdt', 'logistic'], trials: 4 });
    root = mkdtempSync(join(tmpdir(), 'automl-export-cli-'));
    finalSource = (await exportRunModule(run.runDir)).source;
    const trial = run.leaderboard.trials.find((t) => t.learner === 'logistic' && t.status !== 'error');
    assert.ok(trial, 'the run has a logistic trial');
    trialId = trial.id;
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(run.runDir, '..'), { recursive: true, force: true });
  });

  it('prints the module on standard output; it compiles under --strict', () => {
    const { code, stdout, stderr } = cli('export', run.runDir);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.equal(stdout, finalSource);
    assert.match(stdout, /export function predict\(row: Input\): Label/);
    assert.match(stdout, /^export const REFERENCE = \{$/m, 'the final model carries the run\u2019s monitoring reference');
    assert.deepEqual(strictDiagnostics(stdout), []);
  });

  it('writes --out atomically and says where, with the size, on standard error', () => {
    const file = join(root, 'models', 'titanic.model.ts');
    const { code, stdout, stderr } = cli('export', run.runDir, '--out', file);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.equal(readFileSync(file, 'utf8'), finalSource);
    assert.deepEqual(readdirSync(join(root, 'models')), ['titanic.model.ts'], 'no temporary file left');
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^wrote final model \(.+\) to .+ \(\d+(\.\d)? (B|KiB|MiB)\)$/);
    assert.ok(lines[0].includes(file));
    console.log(`# ${lines[0]} (${statSync(file).size} bytes)`);
  });

  it('never replaces an existing --out without --force', () => {
    const file = join(root, 'mine.ts');
    writeFileSync(file, '// my own code\n');
    const refused = cli('export', run.runDir, '--out', file);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already exists; pass --force/);
    assert.equal(readFileSync(file, 'utf8'), '// my own code\n');
    const forced = cli('export', run.runDir, '--out', file, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(file, 'utf8'), finalSource);
  });

  it('writes <dataset>.model.ts into an --out folder', () => {
    const folder = join(root, 'folder');
    mkdirSync(folder);
    assert.equal(cli('export', run.runDir, '--out', folder).code, 0);
    assert.equal(readFileSync(join(folder, 'titanic.model.ts'), 'utf8'), finalSource);
    assert.equal(cli('export', run.runDir, '--out', folder).code, 1, 'the file in the folder is not replaced either');
  });

  it('exports a trial with --trial N, refitted on all rows', () => {
    const folder = join(root, 'trial');
    mkdirSync(folder);
    const { code, stderr } = cli('export', run.runDir, '--trial', String(trialId), '--out', folder);
    assert.equal(code, 0, stderr);
    const file = join(folder, `titanic.trial-${trialId}.model.ts`);
    assert.ok(existsSync(file));
    const source = readFileSync(file, 'utf8');
    assert.ok(source.includes(`trial ${trialId} (logistic, refitted on all rows)`));
    assert.notEqual(source, finalSource);
    assert.doesNotMatch(source, /REFERENCE/, 'the reference describes the final model, not a trial');
    assert.deepEqual(strictDiagnostics(source), []);
    assert.match(stderr, new RegExp(`^wrote trial ${trialId} \\(logistic`));
  });

  it('rejects bad arguments and run folders with exit code 1 and a message', () => {
    const cases: [string[], RegExp][] = [
      [['export'], /export takes one run folder/],
      [['export', run.runDir, 'extra'], /export takes one run folder/],
      [['export', run.runDir, '--force'], /--force goes with --out/],
      [['export', run.runDir, '--trial', 'best'], /--trial must be a trial number/],
      [['export', run.runDir, '--trial=-1'], /--trial must be a trial number/],
      [['export', run.runDir, '--trial', '999'], /no trial 999/],
      [['export', run.runDir, '--bogus'], /bogus/],
      [['export', join(root, 'no-such-run')], /no-such-run/],
      [['export', root], /profile\.json|model\.json|cannot read/],
      [['scaffold-service', run.runDir], /needs --out/],
      [['scaffold-service', '--out', join(root, 'svc')], /takes one run folder/],
      [['scaffold-service', run.runDir, '--out', join(root, 'svc'), '--port', '80000'], /--port must be a whole number from 1 to 65535/],
      [['scaffold-service', run.runDir, '--out', root], /not empty/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = cli(...args);
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message, args.join(' '));
      assert.doesNotMatch(stderr, /internal error/, args.join(' '));
    }
  });

  it('shows help for both commands', () => {
    for (const [args, text] of [
      [['export', '--help'], /Usage: automl export <run-dir>/],
      [['help', 'export'], /--trial <N>/],
      [['scaffold-service', '-h'], /Usage: automl scaffold-service <run-dir> --out <dir>/],
      [['--help'], /export <run>.*\n.*scaffold-service <run> --out <dir>/],
    ] as const) {
      const { code, stdout } = cli(...args);
      assert.equal(code, 0);
      assert.match(stdout, text);
    }
  });

  it('scaffold-service writes the project and says what to do next', () => {
    const out = join(root, 'service');
    const { code, stdout, stderr } = cli('scaffold-service', run.runDir, '--out', out, '--port', '9000', '--trial', String(trialId));
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Created titanic-model-service in .+, serving trial \d+ \(logistic, refitted on all rows\):$/m);
    assert.match(stdout, /^ {2}src\/server\.ts \(\d+\.\d KiB\)$/m);
    assert.match(stdout, /npm install && npm run build && npm start/);
    assert.match(readFileSync(join(out, 'Dockerfile'), 'utf8'), /^EXPOSE 9000$/m);
    assert.match(readFileSync(join(out, 'src', 'server.ts'), 'utf8'), /envInteger\('PORT', 9000, 0\)/);
    assert.ok(readFileSync(join(out, 'src', 'model.ts'), 'utf8').includes(`trial ${trialId} (logistic`));
    assert.equal(existsSync(join(out, 'reference.json')), false, 'a trial\u2019s service has no reference');
    assert.doesNotMatch(readFileSync(join(out, 'Dockerfile'), 'utf8'), /reference/);
  });
});
