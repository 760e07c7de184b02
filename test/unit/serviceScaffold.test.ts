import { strict as assert } from 'node:assert';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calibrationData, fitCalibration } from '../../src/engine/calibration/fitCalibration';
import { DataError } from '../../src/engine/errors';
import { compactReference } from '../../src/engine/monitor/compactReference';
import type { MonitorReference } from '../../src/engine/monitor/types';
import { encodeTarget } from '../../src/engine/prep/targetSpec';
import type { PipelinePrediction } from '../../src/engine/prep/pipeline';
import { exportRunModule } from '../../src/node/exportRun';
import { loadRunPipeline } from '../../src/node/runFiles';
import type { RunJobResult } from '../../src/node/runJob';
import { scaffoldService, type ScaffoldResult } from '../../src/node/serviceScaffold';
import { datasetRows, type DatasetRows, type JsonRow } from './service/datasetRows';
import { ServiceClient } from './service/httpClient';
import { quickRun } from './service/quickRun';
import { buildProject, startService, type RunningService } from './service/serviceProcess';

type Probabilities = Record<string, number>;

/** Asserts a classification answer equals the engine's prediction of row `i`: same label, probabilities within 1e-9. */
function assertSameClass(engine: PipelinePrediction, i: number, label: unknown, probabilities: unknown, what: string): void {
  const classes = engine.classes ?? [];
  assert.equal(label, classes[engine.values[i]], `${what}: label`);
  const p = probabilities as Probabilities;
  assert.deepEqual(Object.keys(p), [...classes], `${what}: classes`);
  classes.forEach((c, k) => assert.ok(Math.abs(p[c] - (engine.proba?.[k][i] ?? NaN)) <= 1e-9, `${what}: p(${c}) ${p[c]} vs ${engine.proba?.[k][i]}`));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const temp = (): Promise<string> => mkdtemp(join(tmpdir(), 'automl-service-'));

describe('scaffold-service: a classification service (titanic) built, started and checked against the engine', () => {
  let run: RunJobResult;
  let project: string;
  let scaffold: ScaffoldResult;
  let rows: DatasetRows;
  let engine: PipelinePrediction;
  let service: RunningService | undefined;
  let client: ServiceClient;
  const folders: string[] = [];

  before(async () => {
    const started = performance.now();
    run = await quickRun({ dataset: 'titanic', target: 'survived', models: ['gbdt', 'logistic'], trials: 4 });
    folders.push(join(run.runDir, '..'));
    const root = await temp();
    folders.push(root);
    project = join(root, 'titanic-service');
    scaffold = await scaffoldService(run.runDir, project, { port: 8123 });
    rows = await datasetRows('titanic', 200);
    engine = (await loadRunPipeline(run.runDir)).predict(rows.frame);
    console.log(`# titanic run + scaffold: ${(performance.now() - started).toFixed(0)} ms; model ${scaffold.model}`);
  });

  after(async () => {
    await service?.stop('SIGKILL');
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('writes the Node project around the exported module', async () => {
    assert.deepEqual([...scaffold.files].sort(), [
      '.dockerignore',
      '.gitignore',
      'Dockerfile',
      'README.md',
      'package.json',
      'reference.json',
      'service.config.json',
      'src/config.ts',
      'src/drift.ts',
      'src/metrics.ts',
      'src/model.ts',
      'src/monitor.ts',
      'src/observe.ts',
      'src/predictionLog.ts',
      'src/server.ts',
      'tsconfig.json',
    ]);
    assert.equal(scaffold.packageName, 'titanic-model-service');
    assert.equal(await readFile(join(project, 'src', 'model.ts'), 'utf8'), (await exportRunModule(run.runDir)).source);
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'titanic-model-service');
    assert.equal(manifest.private, true);
    assert.deepEqual(manifest.scripts, { build: 'tsc -p .', start: 'node dist/server.js' });
    assert.equal(manifest.dependencies, undefined, 'the service has no runtime dependencies');
    const tsconfig = JSON.parse(await readFile(join(project, 'tsconfig.json'), 'utf8'));
    assert.equal(tsconfig.compilerOptions.strict, true);
    assert.equal(tsconfig.compilerOptions.outDir, 'dist');
    const dockerfile = await readFile(join(project, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM node:20-slim AS build$/m);
    assert.match(dockerfile, /RUN npm run build/);
    assert.match(dockerfile, /COPY --from=build \/app\/dist \.\/dist/);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^EXPOSE 8123$/m);
    assert.match(dockerfile, /^HEALTHCHECK .*\n\s+CMD node -e "fetch\(.*\/health'\)/m);
    assert.match(await readFile(join(project, '.dockerignore'), 'utf8'), /^node_modules$/m);
    const sizes = scaffold.files.map((f) => `${f} ${scaffold.bytes[f]} B`).join(', ');
    console.log(`# project files: ${sizes}`);
  });

  it('writes the run\u2019s monitoring reference without its sample, which the module exports as REFERENCE', async () => {
    const whole = JSON.parse(await readFile(join(run.runDir, 'reference.json'), 'utf8')) as MonitorReference;
    const served = JSON.parse(await readFile(join(project, 'reference.json'), 'utf8')) as MonitorReference;
    assert.ok(whole.sample && whole.sample.rows > 0, 'the run folder keeps the sample');
    assert.equal(served.sample, undefined);
    assert.deepEqual(served, compactReference(whole));
    assert.deepEqual(served.columns.map((c) => c.name), (await loadRunPipeline(run.runDir)).sourceColumns());
    const module = await readFile(join(project, 'src', 'model.ts'), 'utf8');
    assert.match(module, /^export const REFERENCE = \{$/m);
    assert.match(await readFile(join(project, 'Dockerfile'), 'utf8'), /^COPY reference\.json \.\/$/m);
    const readme = await readFile(join(project, 'README.md'), 'utf8');
    assert.match(readme, /^## Monitoring reference$/m);
    assert.match(readme, /`reference\.json` \(also exported by `src\/model\.ts` as `REFERENCE`/);
    console.log(`# reference.json: ${scaffold.bytes['reference.json']} B in the service, ${(await readFile(join(run.runDir, 'reference.json'))).length} B in the run folder`);
  });

  it('pins the TypeScript and @types/node this repository builds with', async () => {
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    for (const name of ['typescript', '@types/node']) {
      const installed = JSON.parse(await readFile(join('node_modules', name, 'package.json'), 'utf8')).version;
      assert.equal(manifest.devDependencies[name], installed, name);
    }
  });

  it('writes a README with the model, example requests from the run and the input fields', async () => {
    const readme = await readFile(join(project, 'README.md'), 'utf8');
    const { exampleInput } = await exportRunModule(run.runDir);
    assert.match(readme, /^# titanic-model-service$/m);
    assert.ok(readme.includes(scaffold.model), 'names the model');
    assert.ok(readme.includes(`-d '${JSON.stringify(exampleInput).replace(/'/g, `'\\''`)}'`), 'curl example with the example row');
    assert.match(readme, /\| `sex` \| category \| yes \|/);
    assert.match(readme, /\| `age` \| number \| no/);
    assert.match(readme, /curl -s http:\/\/localhost:8123\/health/);
    for (const status of ['400', '404', '405', '413']) assert.match(readme, new RegExp(`^\\| ${status} \\|`, 'm'));
  });

  it('refuses a folder that is not empty, and fills an empty one', async () => {
    const root = await temp();
    folders.push(root);
    await writeFile(join(root, 'notes.txt'), 'mine');
    await assert.rejects(scaffoldService(run.runDir, root), (error: Error) => error instanceof DataError && /not empty/.test(error.message));
    assert.deepEqual(await readdir(root), ['notes.txt']);
    const empty = join(root, 'empty');
    await mkdir(empty);
    const result = await scaffoldService(run.runDir, empty);
    assert.equal(result.outDir, empty);
    assert.match(await readFile(join(empty, 'Dockerfile'), 'utf8'), /^EXPOSE 8080$/m);
    await assert.rejects(scaffoldService(run.runDir, join(root, 'other'), { port: 70000 }), RangeError);
  });

  it('builds with tsc (strict) into dist/', async () => {
    const ms = buildProject(project);
    console.log(`# tsc build of the service: ${ms.toFixed(0)} ms`);
    assert.deepEqual((await readdir(join(project, 'dist'))).filter((f) => f.endsWith('.js')).sort(), ['config.js', 'drift.js', 'metrics.js', 'model.js', 'monitor.js', 'observe.js', 'predictionLog.js', 'server.js']);
  });

  it('starts on 127.0.0.1 and reports its health', async () => {
    service = await startService(project);
    client = new ServiceClient(service.url);
    const { status, body } = await client.call('GET', '/health');
    assert.equal(status, 200);
    const health = body as { status: string; model: { model: string; dataset: string }; task: string; classes: string[]; inputFields: { name: string; required: boolean }[] };
    assert.equal(health.status, 'ok');
    assert.equal(health.model.model, scaffold.model);
    assert.equal(health.model.dataset, 'titanic');
    assert.equal(health.task, 'binary');
    assert.deepEqual(health.classes, ['no', 'yes']);
    const pipeline = await loadRunPipeline(run.runDir);
    assert.deepEqual(health.inputFields.map((f) => f.name), pipeline.sourceColumns());
  });

  it('answers a batch of raw CSV rows exactly as the engine predicts them', async () => {
    const { status, body } = await client.post(rows.raw);
    assert.equal(status, 200);
    const answer = body as { predictions: string[]; probabilities: Probabilities[] };
    assert.equal(answer.predictions.length, rows.raw.length);
    answer.predictions.forEach((label, i) => assertSameClass(engine, i, label, answer.probabilities[i], `raw row ${i}`));
    const yes = (engine.classes ?? []).indexOf('yes');
    const maxDiff = Math.max(...answer.probabilities.map((p, i) => Math.abs(p['yes'] - (engine.proba?.[yes][i] ?? NaN))));
    console.log(`# ${rows.raw.length} raw rows in one batch: largest |p(yes) - engine| = ${maxDiff}`);
  });

  it('answers single rows of typed values as the engine does (and {"rows": [...]} batches)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const { status, body } = await client.post(rows.typed[i]);
      latencies.push(performance.now() - started);
      assert.equal(status, 200, JSON.stringify(body));
      const answer = body as { prediction: string; probabilities: Probabilities };
      assertSameClass(engine, i, answer.prediction, answer.probabilities, `typed row ${i}`);
    }
    console.log(`# single-row /predict latency over 100 requests: median ${median(latencies).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms`);
    const { status, body } = await client.post({ rows: rows.typed.slice(100, 150) });
    assert.equal(status, 200);
    const batch = body as { predictions: string[]; probabilities: Probabilities[] };
    batch.predictions.forEach((label, j) => assertSameClass(engine, 100 + j, label, batch.probabilities[j], `rows[${j}]`));
  });

  it('answers bad requests with 400 and a message that says what is wrong', async () => {
    const good: JsonRow = { ...rows.typed[0] };
    const { sex: _sex, ...noSex } = good;
    const cases: [unknown, RegExp][] = [
      ['{"name": "A", ', /not valid JSON/],
      ['', /body is empty/],
      ['"a text"', /one row \(a JSON object\) or a batch.*got a string/],
      ['3', /got a number/],
      ['null', /got null/],
      [[], /batch is empty/],
      [{ rows: [] }, /batch is empty/],
      [noSex, /^the row: .*'sex'/],
      [{ ...good, sex: { not: 'a label' } }, /^the row: .*'sex'/],
      [[good, noSex], /^row 1: .*'sex'/],
      [[good, good, 'text'], /^row 2 must be a JSON object of input fields, got a string/],
      [[good, [1, 2]], /^row 1 must be a JSON object.*got an array/],
      [Array.from({ length: 10_001 }, () => ({})), /batch has 10001 rows; at most 10000/],
    ];
    for (const [body, message] of cases) {
      const answer = await client.post(body);
      assert.equal(answer.status, 400, `${JSON.stringify(body).slice(0, 60)}: ${JSON.stringify(answer.body)}`);
      assert.match((answer.body as { error: string }).error, message);
    }
  });

  it('answers 413 to a body over the limit, before reading all of it', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    const declared = await client.post(big);
    assert.equal(declared.status, 413);
    assert.match((declared.body as { error: string }).error, /over 1048576 bytes/);
    const total = 32 * 1024 * 1024;
    const chunked = await client.postChunked(total, 2 * 1024 * 1024);
    assert.equal(chunked.status, 413);
    assert.ok(chunked.sentBytes < total, `answered after ${chunked.sentBytes} of ${total} bytes`);
    console.log(`# chunked oversized body: 413 after ${(chunked.sentBytes / 1024 / 1024).toFixed(1)} MiB sent of ${total / 1024 / 1024} MiB`);
    assert.equal((await client.call('GET', '/health')).status, 200, 'still serving');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const missing = await client.call('GET', '/predictions');
    assert.equal(missing.status, 404);
    assert.match((missing.body as { error: string }).error, /POST \/predict, POST \/feedback, GET \/health or GET \/metrics/);
    const get = await client.call('GET', '/predict');
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const post = await client.call('POST', '/health', '{}');
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    assert.equal((await client.call('GET', '/health?verbose=1')).status, 200);
  });

  it('logs one line per request and exits cleanly on SIGTERM', async () => {
    assert.ok(service);
    const ended = await service.stop('SIGTERM');
    assert.deepEqual(ended, { code: 0, signal: null });
    const logged = service.stdout.filter((line) => /^\d{4}-\d\d-\d\dT\S+ (GET|POST) \/\S* (\d{3}|aborted) \d+\.\dms$/.test(line));
    assert.equal(logged.length, client.requests);
    assert.ok(service.stdout.includes('SIGTERM: shutting down'));
    assert.equal(service.stderr(), '');
    service = undefined;
  });

  it('serves a calibrated model\u2019s calibrated probabilities, as the engine predicts them', async () => {
    // The run's model.json with an isotonic calibration added (fitted here on the rows' own
    // predictions: the run fits it on out-of-fold ones; the service only has to carry it).
    const plain = await loadRunPipeline(run.runDir);
    const { target, rows: labelled } = encodeTarget(plain.target, rows.frame);
    const proba = plain.predict(rows.frame).proba as Float64Array[];
    const data = calibrationData(proba.map((column) => Float64Array.from(labelled, (r) => column[r])), (target as { codes: Int32Array }).codes);
    const calibrated = plain.withCalibration(fitCalibration('isotonic', data));
    const root = await temp();
    folders.push(root);
    const runDir = join(root, 'run');
    await cp(run.runDir, runDir, { recursive: true });
    await writeFile(join(runDir, 'model.json'), JSON.stringify(calibrated.toJSON()));
    const dir = join(root, 'calibrated-service');
    await scaffoldService(runDir, dir);
    assert.match(await readFile(join(dir, 'src', 'model.ts'), 'utf8'), /^function calibrate\(p: number\[\]\): number\[\] \{$/m);
    buildProject(dir);
    const calibratedService = await startService(dir);
    try {
      const client = new ServiceClient(calibratedService.url);
      const expected = (await loadRunPipeline(runDir)).predict(rows.frame);
      const { status, body } = await client.post(rows.raw);
      assert.equal(status, 200);
      const answer = body as { predictions: string[]; probabilities: Probabilities[] };
      let moved = 0;
      answer.predictions.forEach((label, i) => {
        assertSameClass(expected, i, label, answer.probabilities[i], `calibrated raw row ${i}`);
        const yes = (expected.classes ?? []).indexOf('yes');
        assert.equal(answer.probabilities[i]['yes'], expected.proba?.[yes][i], `row ${i}: p(yes) bit for bit`);
        if (answer.probabilities[i]['yes'] !== engine.proba?.[yes][i]) moved++;
      });
      assert.ok(moved > rows.raw.length / 2, `the calibration changed ${moved} of ${rows.raw.length} probabilities`);
      const health = (await client.call('GET', '/health')).body as { model: { calibration?: string } };
      assert.equal(health.model.calibration, 'isotonic');
    } finally {
      await calibratedService.stop('SIGKILL');
    }
  });
});

describe('scaffold-service: a regression service (concrete)', () => {
  let run: RunJobResult;
  let project: string;
  let service: RunningService | undefined;
  const folders: string[] = [];

  before(async () => {
    run = await quickRun({ dataset: 'concrete', target: 'compressive_strength', models: ['gbdt', 'linear'], trials: 3 });
    folders.push(join(run.runDir, '..'));
    const root = await temp();
    folders.push(root);
    project = join(root, 'concrete');
    await scaffoldService(run.runDir, project);
  });

  after(async () => {
    await service?.stop('SIGKILL');
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('builds, and answers raw and typed rows with the engine\u2019s values, within the configured limits', async () => {
    buildProject(project);
    service = await startService(project, { MAX_BATCH_ROWS: '150', MAX_BODY_BYTES: '200000' });
    const client = new ServiceClient(service.url);
    const rows = await datasetRows('concrete', 150);
    const engine = (await loadRunPipeline(run.runDir)).predict(rows.frame);
    const batch = await client.post(rows.raw);
    assert.equal(batch.status, 200);
    const answer = batch.body as { predictions: number[]; probabilities?: unknown };
    assert.equal(answer.probabilities, undefined);
    answer.predictions.forEach((p, i) => assert.ok(Math.abs(p - engine.values[i]) <= 1e-9, `row ${i}: ${p} vs ${engine.values[i]}`));
    for (let i = 0; i < 20; i++) {
      const one = await client.post(rows.typed[i]);
      assert.equal(one.status, 200);
      assert.deepEqual(Object.keys(one.body as object), ['request_id', 'prediction']);
      assert.ok(Math.abs((one.body as { prediction: number }).prediction - engine.values[i]) <= 1e-9);
    }
    const health = (await client.call('GET', '/health')).body as { task: string; target: string };
    assert.deepEqual([health.task, health.target], ['regression', 'compressive_strength']);
    const tooMany = await client.post([...rows.typed, rows.typed[0]]);
    assert.equal(tooMany.status, 400);
    assert.match((tooMany.body as { error: string }).error, /151 rows; at most 150/);
    assert.equal((await client.post(' '.repeat(200_001))).status, 413);
    const ended = await service.stop('SIGINT');
    assert.equal(ended.code, 0);
    service = undefined;
  });
});
