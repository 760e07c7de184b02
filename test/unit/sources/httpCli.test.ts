import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSpecText } from '../../../src/engine/spec/parseSpec';
import { runSource } from '../../../src/node/runSource';
import { REPO_ROOT } from '../../publicDatasets';
import { sendJson, startApiServer, type ApiServer } from './apiServer';

/**
 * `automl profile` and `automl run` on a web API through the built CLI (dist/cli.js), with a
 * bearer token from the child's environment: the run saves the records as `source.ndjson` and
 * is explained again offline from them, and the token appears nowhere in the output or the run.
 */

const TOKEN = 'tok-5b1e8d2c-never-saved';
const ROWS = 240;
const PAGE = 60;

/** A small binary task: `label` is 1 when x + noise is large; `segment` a category, `meta.score` nested. */
function record(i: number): object {
  const x = (i * 37) % 100;
  return { id: i + 1, x, segment: ['north', 'south', 'east'][i % 3], meta: { score: (i * 13) % 17 }, label: x + ((i * 7) % 11) > 55 ? 'yes' : 'no' };
}

/** Runs the CLI without blocking this process's event loop (the API server lives here). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

describe('automl profile and run on a web API', () => {
  let api: ApiServer;
  const out = join(mkdtempSync(join(tmpdir(), 'automl-http-')), 'run');

  before(async () => {
    api = await startApiServer((request, response) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        sendJson(response, { message: 'Bad credentials' }, {}, 401);
        return;
      }
      const page = Number(request.query.get('page') ?? '1');
      const rows = Array.from({ length: PAGE }, (_, k) => record((page - 1) * PAGE + k)).slice(0, Math.max(0, ROWS - (page - 1) * PAGE));
      sendJson(response, { items: rows }, page * PAGE < ROWS ? { link: `</api/items?page=${page + 1}>; rel="next"` } : {});
    });
  });
  after(() => api.close());

  const header = ['--header', 'Authorization: Bearer ${TOKEN}'];

  it('profiles the API: rows, columns and pages', async () => {
    const { code, stdout, stderr } = await cli(['profile', `${api.origin}/api/items`, ...header, '--json'], { TOKEN });
    assert.equal(code, 0, stderr);
    const profile = JSON.parse(stdout);
    assert.equal(profile.rows, ROWS);
    assert.deepEqual(profile.columns.map((c: { name: string }) => c.name), ['id', 'x', 'segment', 'meta.score', 'label']);
    assert.equal(profile.source.kind, 'http');
    assert.equal(profile.source.pages, ROWS / PAGE);
    assert.equal(profile.source.records, 'items');
    assert.ok(!`${stdout}${stderr}`.includes(TOKEN));
  });

  it('runs AutoML on it: source.ndjson saved, the token nowhere, the run explained again offline', async () => {
    const run = await cli(['run', `${api.origin}/api/items?access_token=${TOKEN}`, ...header, '--target', 'label', '--trials', '2', '--models', 'gbdt', '--workers', '0', '--out', out], { TOKEN });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(TOKEN), 'no token in the output');
    const saved = readFileSync(join(out, 'source.ndjson'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(saved, Array.from({ length: ROWS }, (_, i) => record(i)));
    const files = filesUnder(out);
    assert.ok(files.length >= 5);
    for (const file of files) assert.ok(!file.text.includes(TOKEN), `the token is in ${file.path}`);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    assert.deepEqual(spec.source, { kind: 'http', url: `${api.origin}/api/items`, headers: ['Authorization: Bearer ${TOKEN}'] });
    assert.equal(spec.file, `${api.origin}/api/items`);
    // spec.automl too: the URL without its access_token, the header as its template.
    const automl = parseSpecText(readFileSync(join(out, 'spec.automl'), 'utf8'));
    assert.deepEqual(automl.diagnostics, []);
    assert.deepEqual(automl.spec.source, spec.source);

    // Offline: the server is gone, and neither the token nor the network is needed any more.
    await api.close();
    assert.deepEqual(runSource(out, spec), { kind: 'ndjson', path: join(out, 'source.ndjson') });
    // Without explanations.json, explain recomputes them from the run's data: the saved records.
    unlinkSync(join(out, 'explanations.json'));
    const explained = await cli(['explain', out, '--json'], {});
    assert.equal(explained.code, 0, explained.stderr);
    assert.ok(JSON.parse(explained.stdout).importance.some((c: { feature?: string; column?: string }) => JSON.stringify(c).includes('"x"')));
    const predicted = await cli(['predict', out, join(out, 'source.ndjson')], {});
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.equal(predicted.stdout.trimEnd().split('\n').length, ROWS + 1);
  });

  it('fails with exit code 1 and a hint when the token is missing, naming the variable', async () => {
    const restarted = await startApiServer((_request, response) => sendJson(response, { message: 'Bad credentials' }, {}, 401));
    try {
      const missing = await cli(['profile', `${restarted.origin}/api/items`, ...header], { TOKEN: '' });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /uses \$\{TOKEN\}, which is not set/);
      const refused = await cli(['profile', `${restarted.origin}/api/items`], {});
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /HTTP 401 Unauthorized .*the API wants credentials/);
    } finally {
      await restarted.close();
    }
  });
});
