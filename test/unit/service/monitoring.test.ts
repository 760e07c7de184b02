/**
 * The scaffolded prediction service's log, /feedback, /metrics and built-in monitor, for real: a
 * small AutoML run on the penguins data (its spec with a `monitor:` section), the service built
 * with tsc and started as `node dist/server.js`, requests sent over HTTP, the log files read back,
 * /metrics validated by Prometheus' own promtool, and alerts received by a webhook server on
 * 127.0.0.1. The monitor's window figures are held against the engine's own functions.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PLAIN_NUMBER_FORMAT, type Column } from '../../../src/engine/data/frame';
import { countBuckets, toShares } from '../../../src/engine/monitor/buckets';
import { checkColumn } from '../../../src/engine/monitor/columnCheck';
import { checkPrediction } from '../../../src/engine/monitor/predictionCheck';
import { referenceBins } from '../../../src/engine/monitor/referenceBins';
import { SERVICE_MONITOR_DEFAULTS } from '../../../src/engine/monitor/serviceMonitor';
import { populationStabilityIndex } from '../../../src/engine/monitor/stats/psi';
import type { MonitorReference, ReferenceColumn } from '../../../src/engine/monitor/types';
import { runJob, type RunJobResult } from '../../../src/node/runJob';
import { scaffoldService, type ScaffoldResult } from '../../../src/node/serviceScaffold';
import { datasetFile, datasetText } from '../../publicDatasets';
import { csvRecords } from '../export/parityFixtures';
import { ServiceClient } from './httpClient';
import { checkMetrics, promtoolPath, promtoolVersion } from './promtool';
import { buildProject, startService, type RunningService } from './serviceProcess';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

type JsonRow = Record<string, string | number | null>;
type Value = number | string | null;

/** The compiled service modules the tests load in-process (their shapes, as far as used here). */
interface DriftModule {
  windowStats(reference: unknown, values: readonly (readonly Value[])[], scores: readonly number[]): {
    rows: number;
    status: string;
    columns: { name: string; nullRate: number; psi: number | null; outOfRange: number | null; unseen: number | null }[];
    predictionPsi: number | null;
  };
  psi(reference: readonly number[], current: readonly number[]): number;
  countBuckets(edges: readonly number[], values: readonly number[]): number[];
  toShares(counts: readonly number[]): number[];
  predictionPsi(reference: unknown, scores: readonly number[]): number | null;
}
interface ModelModule {
  readonly inputFields: readonly { name: string }[];
  readonly classes: readonly string[];
  readValues(row: JsonRow): Value[];
  predict(row: JsonRow): string;
  predictProba(row: JsonRow): Record<string, number>;
}
interface MonitorModule {
  AlertRules: new (cooldownMs: number) => {
    judge(found: readonly { rule: string; bad: boolean }[], nowMs: number): { rule: string; windows: number }[];
    delivered(rule: string, nowMs: number): void;
  };
}
interface MetricsModule {
  ServiceMetrics: new (
    features: readonly { name: string; hasRange: boolean; hasLabels: boolean }[],
    classes: readonly string[],
    model: { version: string; hash: string },
  ) => { render(): string; request(endpoint: string, status: number, seconds: number): void; missing: number[]; psi: (number | null)[] };
}
interface LogModule {
  DailyNdjson: new (dir: string, prefix: string, onError: (error: Error) => void) => { write(text: string, nowMs: number): void; close(): Promise<void> };
  dailyFileName(prefix: string, nowMs: number): string;
}
interface ObserveModule {
  RequestObserver: new (options: Record<string, unknown>) => { predicted(id: string, rows: unknown[], answers: unknown[], latencyMs: number, nowMs: number): void };
  featureInfo(reference: unknown): { name: string; hasRange: boolean; hasLabels: boolean }[];
  servedReference(reference: unknown): { reference: unknown; fieldOf: number[] };
}

/** A compiled module of the service project (`dist/<name>.js`), loaded in this process. */
function loadCompiled<T>(project: string, name: string): T {
  return createRequire(__filename)(join(project, 'dist', `${name}.js`)) as T;
}

const NUMERIC = new Set(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year']);
const SECRET = 's3cr3t-token-5f1e';

/** The penguins rows as a client sends them: numbers as numbers, labels as text, null when empty; no target. */
function penguinRows(): JsonRow[] {
  const [header, ...records] = csvRecords(datasetText('penguins'));
  return records
    .filter((r) => r.length === header.length)
    .map((r) => {
      const row: JsonRow = {};
      header.forEach((name, j) => {
        if (name === 'species') return;
        row[name] = r[j] === '' ? null : NUMERIC.has(name) ? Number(r[j]) : r[j];
      });
      return row;
    });
}

/** A seeded stream of `n` rows drawn (with replacement) from `rows`. */
function stream(rows: readonly JsonRow[], n: number, seed: number): JsonRow[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, () => ({ ...rows[Math.floor(next() * rows.length)] }));
}

/**
 * The drift: bill_length_mm far beyond its training range, sex missing in every other row, island
 * a label training never saw in every third row. The other columns are as sent.
 */
function drifted(rows: readonly JsonRow[]): JsonRow[] {
  return rows.map((row, i) => ({
    ...row,
    bill_length_mm: typeof row.bill_length_mm === 'number' ? row.bill_length_mm + 1000 : 1040,
    sex: i % 2 === 0 ? null : row.sex,
    island: i % 3 === 0 ? 'Atlantis' : row.island,
  }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The value of one sample line of a metrics text (`name{labels} value`), or undefined. */
function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The monitor's checks so far, idle ones (no new row) included. */
function allChecks(text: string): number {
  return ['ok', 'drift', 'insufficient', 'idle'].reduce((sum, result) => sum + (sampleValue(text, `automl_monitor_checks_total{result="${result}"}`) ?? 0), 0);
}

const close = (a: number | null, b: number | null, what: string): void => {
  if (a === null || b === null) {
    assert.equal(a, b, what);
    return;
  }
  assert.ok(Math.abs(a - b) <= 1e-12, `${what}: service ${a} vs engine ${b}`);
};

describe('prediction service: log, feedback, metrics and monitor (penguins)', () => {
  let run: RunJobResult;
  let project: string;
  let scaffold: ScaffoldResult;
  let rows: JsonRow[];
  let root: string;
  const services: RunningService[] = [];
  const folders: string[] = [];
  let promtool = '';

  /** Starts the built service with `monitor` settings in a config file of its own. */
  async function start(name: string, monitor: Record<string, unknown>, env: Record<string, string> = {}): Promise<RunningService> {
    const config = join(root, `${name}.config.json`);
    await writeFile(config, JSON.stringify({ monitor }));
    const service = await startService(project, { SERVICE_CONFIG: config, ...env });
    services.push(service);
    return service;
  }

  before(async () => {
    // Found (or a clear error) before the slow part.
    promtool = promtoolVersion();
    const started = performance.now();
    root = await mkdtemp(join(tmpdir(), 'automl-monitoring-'));
    folders.push(root);
    run = await runJob({
      source: { kind: 'csv', path: datasetFile('penguins') },
      spec: { target: 'species', trials: 3, seed: 7, models: ['gbdt', 'logistic'], selection: 'off' },
      monitor: { intervalMinutes: 10, windowRows: 500, webhookUrl: `https://hooks.example.test/services/T000/B000/${SECRET}`, thresholds: { psi: 0.3 } },
      workers: 0,
      root,
      outDir: join(root, 'run'),
    });
    project = join(root, 'penguins-service');
    scaffold = await scaffoldService(run.runDir, project);
    buildProject(project);
    rows = penguinRows();
    console.log(`# penguins run + scaffold + tsc build: ${(performance.now() - started).toFixed(0)} ms; ${promtool}`);
  });

  after(async () => {
    for (const service of services) await service.stop('SIGKILL');
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('copies the run spec\u2019s monitor: settings into service.config.json, and never a webhook URL', async () => {
    const specText = await readFile(join(run.runDir, 'spec.automl'), 'utf8');
    assert.match(specText, /^monitor:$/m);
    assert.match(specText, /^ {2}windowRows: 500$/m);
    for (const entry of await readdir(run.runDir, { withFileTypes: true })) {
      if (entry.isFile()) assert.ok(!(await readFile(join(run.runDir, entry.name), 'utf8')).includes(SECRET), `the run folder's ${entry.name} holds no webhook URL`);
    }
    const config = JSON.parse(await readFile(join(project, 'service.config.json'), 'utf8'));
    assert.deepEqual(config, {
      monitor: {
        enabled: true,
        intervalMinutes: 10,
        windowRows: 500,
        cooldownMinutes: SERVICE_MONITOR_DEFAULTS.cooldownMinutes,
        webhookUrlEnv: SERVICE_MONITOR_DEFAULTS.webhookUrlEnv,
        thresholds: { ...SERVICE_MONITOR_DEFAULTS.thresholds, psi: 0.3 },
        logDir: 'logs',
        sampleRate: 1,
      },
    });
    assert.equal(scaffold.monitorFromSpec, true);
    for (const file of scaffold.files) assert.ok(!(await readFile(join(project, file), 'utf8')).includes(SECRET), `${file} holds no webhook URL`);
    assert.deepEqual(
      scaffold.files.filter((f) => f.startsWith('src/')).sort(),
      ['src/config.ts', 'src/drift.ts', 'src/metrics.ts', 'src/model.ts', 'src/monitor.ts', 'src/observe.ts', 'src/predictionLog.ts', 'src/server.ts'],
    );
    assert.match(scaffold.modelHash, /^sha256:[0-9a-f]{16}$/);
    assert.match(await readFile(join(project, 'Dockerfile'), 'utf8'), /^COPY service\.config\.json \.\/$/m);
    assert.match(await readFile(join(project, 'README.md'), 'utf8'), /^## Prediction log, feedback, metrics and alerts$/m);
  });

  it('logs each predicted row with its request id (the client\u2019s or a new one) and answers /feedback', async () => {
    const logDir = join(root, 'logs-basic');
    const service = await start('basic', { enabled: false, logDir });
    const client = new ServiceClient(service.url);
    const dayBefore = new Date().toISOString().slice(0, 10);
    const own = await fetch(`${service.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'client-id-1' }, body: JSON.stringify(rows[0]) });
    const ownBody = (await own.json()) as { request_id: string; prediction: string; probabilities: Record<string, number> };
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('x-request-id'), 'client-id-1');
    assert.equal(ownBody.request_id, 'client-id-1');
    const batch = await client.post(rows.slice(1, 4));
    assert.equal(batch.status, 200);
    const batchId = (batch.body as { request_id: string }).request_id;
    assert.match(batchId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a random UUID');
    assert.equal(batch.headers.get('x-request-id'), batchId);
    const bad = await client.post({ ...rows[0], island: null });
    assert.equal(bad.status, 400);
    const badId = (bad.body as { request_id: string }).request_id;
    const refused = await fetch(`${service.url}/predict`, { method: 'POST', headers: { 'X-Request-Id': 'has space' }, body: JSON.stringify(rows[0]) });
    assert.equal(refused.status, 400);

    const feedback = await client.call('POST', '/feedback', { request_id: 'client-id-1', label: 'Adelie' });
    assert.equal(feedback.status, 202);
    assert.deepEqual(feedback.body, { request_id: 'client-id-1', recorded: true });
    assert.equal((await client.call('POST', '/feedback', { request_id: batchId, label: 'Gentoo', row: 2 })).status, 202);
    const wrongLabel = await client.call('POST', '/feedback', { request_id: batchId, label: 'Emperor' });
    assert.equal(wrongLabel.status, 400);
    assert.match((wrongLabel.body as { error: string }).error, /^label must be one of the model's classes: "\w+", "\w+", "\w+"$/);
    for (const label of ['Adelie', 'Chinstrap', 'Gentoo']) assert.ok((wrongLabel.body as { error: string }).error.includes(`"${label}"`), label);
    assert.equal((await client.call('POST', '/feedback', { label: 'Adelie' })).status, 400);
    assert.equal((await client.call('POST', '/feedback', { request_id: batchId, label: 'Adelie', row: -1 })).status, 400);
    assert.equal((await client.call('GET', '/feedback')).status, 405);

    const ended = await service.stop('SIGTERM');
    assert.equal(ended.code, 0, service.stderr());
    const dayAfter = new Date().toISOString().slice(0, 10);
    const files = (await readdir(logDir)).sort();
    const days = [...new Set([dayBefore, dayAfter])];
    assert.ok(files.length >= 2 && files.every((f) => days.some((d) => f === `predictions-${d}.ndjson` || f === `feedback-${d}.ndjson`)), files.join(', '));
    const read = async (prefix: string): Promise<Record<string, unknown>[]> => {
      const lines: Record<string, unknown>[] = [];
      for (const f of files.filter((name) => name.startsWith(prefix))) {
        const text = await readFile(join(logDir, f), 'utf8');
        assert.ok(text.endsWith('\n'));
        lines.push(...text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
      }
      return lines;
    };
    const records = await read('predictions-');
    assert.equal(records.length, 1 + 3 + 2, 'one record per predicted row, one per failed request');
    const [first, ...rest] = records;
    assert.deepEqual(Object.keys(first), ['ts', 'request_id', 'row', 'model_version', 'model_hash', 'input', 'prediction', 'probabilities', 'latency_ms', 'status']);
    assert.match(first.ts as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(first.request_id, 'client-id-1');
    assert.equal(first.row, 0);
    assert.equal(first.model_version, scaffold.modelVersion);
    assert.equal(first.model_hash, scaffold.modelHash);
    assert.deepEqual(first.input, rows[0]);
    assert.equal(first.prediction, ownBody.prediction);
    assert.deepEqual(first.probabilities, ownBody.probabilities);
    assert.ok(typeof first.latency_ms === 'number' && first.latency_ms >= 0);
    assert.equal(first.status, 'ok');
    assert.deepEqual(rest.slice(0, 3).map((r) => [r.request_id, r.row, r.input]), [0, 1, 2].map((i) => [batchId, i, rows[1 + i]]));
    const failed = rest[3];
    assert.deepEqual([failed.request_id, failed.status, failed.http_status, failed.input], [badId, 'error', 400, null]);
    assert.match(failed.error as string, /island/);
    assert.deepEqual([rest[4].status, rest[4].http_status], ['error', 400]);
    assert.match(rest[4].error as string, /X-Request-Id must be/);
    const labels = await read('feedback-');
    assert.deepEqual(labels.map(({ ts: _ts, ...r }) => r), [
      { request_id: 'client-id-1', label: 'Adelie' },
      { request_id: batchId, row: 2, label: 'Gentoo' },
    ]);
    console.log(`# log record: ${JSON.stringify(first).length} bytes, e.g. ${JSON.stringify(first).slice(0, 160)}…`);
  });

  it('rotates the log by UTC day, and samples per request (0 writes none)', async () => {
    const log = loadCompiled<LogModule>(project, 'predictionLog');
    assert.equal(log.dailyFileName('predictions', Date.UTC(2026, 0, 1, 23, 59, 59, 999)), 'predictions-2026-01-01.ndjson');
    const dir = join(root, 'rotation');
    const daily = new log.DailyNdjson(dir, 'predictions', (error) => assert.fail(error));
    daily.write('{"a":1}\n', Date.UTC(2026, 0, 1, 23, 59, 59, 999));
    daily.write('{"a":2}\n', Date.UTC(2026, 0, 2, 0, 0, 0, 0));
    daily.write('{"a":3}\n', Date.UTC(2026, 0, 2, 12, 0, 0, 0));
    await daily.close();
    assert.deepEqual((await readdir(dir)).sort(), ['predictions-2026-01-01.ndjson', 'predictions-2026-01-02.ndjson']);
    assert.equal(await readFile(join(dir, 'predictions-2026-01-02.ndjson'), 'utf8'), '{"a":2}\n{"a":3}\n');

    for (const [rate, requests] of [
      [0, 30],
      [0.5, 200],
    ] as const) {
      const logDir = join(root, `logs-sampled-${rate}`);
      const service = await start(`sampled-${rate}`, { sampleRate: rate, logDir });
      const client = new ServiceClient(service.url);
      for (let i = 0; i < requests; i++) assert.equal((await client.post(rows[i % rows.length])).status, 200);
      const text = await (await fetch(`${service.url}/metrics`)).text();
      assert.equal(sampleValue(text, 'automl_predicted_rows_total'), requests);
      const logged = sampleValue(text, 'automl_logged_rows_total') ?? NaN;
      assert.equal((await service.stop('SIGTERM')).code, 0);
      const files = await readdir(logDir).catch(() => [] as string[]);
      if (rate === 0) {
        assert.equal(logged, 0);
        assert.deepEqual(files.filter((f) => f.startsWith('predictions-')), [], 'sampleRate 0 writes no prediction log');
      } else {
        // Binomial(200, 0.5): 100 ± 7; 60..140 is more than 5 standard deviations either way.
        assert.ok(logged > 60 && logged < 140, `${logged} of ${requests} requests logged at rate ${rate}`);
        let lines = 0;
        for (const f of files.filter((name) => name.startsWith('predictions-'))) lines += (await readFile(join(logDir, f), 'utf8')).trimEnd().split('\n').length;
        assert.equal(lines, logged);
        console.log(`# sampleRate ${rate}: ${logged} of ${requests} requests logged`);
      }
    }
  });

  it('serves /metrics that promtool check metrics accepts, with counters, the histogram and per-feature series', async () => {
    const service = await start('metrics', { enabled: false, logDir: join(root, 'logs-metrics') });
    const client = new ServiceClient(service.url);
    const sent = stream(rows, 40, 11);
    for (const row of sent.slice(0, 20)) assert.equal((await client.post(row)).status, 200);
    assert.equal((await client.post(drifted(sent.slice(20)))).status, 200);
    assert.equal((await client.post({ ...rows[0], island: null })).status, 400);
    assert.equal((await client.call('GET', '/nowhere?x="1"')).status, 404);
    await client.call('GET', '/health');
    const response = await fetch(`${service.url}/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    const check = checkMetrics(text);
    assert.equal(check.code, 0, `promtool check metrics:\n${check.output}\n---\n${text}`);
    assert.equal(check.output, '', 'promtool found nothing to lint');
    assert.equal(sampleValue(text, 'automl_requests_total{endpoint="predict",status="200"}'), 21);
    assert.equal(sampleValue(text, 'automl_requests_total{endpoint="predict",status="400"}'), 1);
    assert.equal(sampleValue(text, 'automl_requests_total{endpoint="other",status="404"}'), 1);
    assert.equal(sampleValue(text, 'automl_predict_duration_seconds_count'), 22);
    assert.equal(sampleValue(text, 'automl_predict_duration_seconds_bucket{le="+Inf"}'), 22);
    assert.equal(sampleValue(text, 'automl_predicted_rows_total'), 40);
    const expectedMissing = (name: string): number => sent.slice(0, 20).filter((r) => r[name] === null).length + drifted(sent.slice(20)).filter((r) => r[name] === null).length;
    for (const name of ['bill_length_mm', 'sex', 'island', 'body_mass_g']) {
      assert.equal(sampleValue(text, `automl_feature_missing_total{feature="${name}"}`), expectedMissing(name), name);
    }
    const driftedLengths = drifted(sent.slice(20)).filter((r) => r.bill_length_mm !== null).length;
    assert.equal(sampleValue(text, 'automl_feature_out_of_range_total{feature="bill_length_mm"}'), driftedLengths);
    assert.equal(sampleValue(text, 'automl_feature_out_of_range_total{feature="body_mass_g"}'), 0);
    assert.equal(sampleValue(text, 'automl_feature_unseen_total{feature="island"}'), drifted(sent.slice(20)).filter((r) => r.island === 'Atlantis').length);
    assert.equal(sampleValue(text, 'automl_model_info{version="run",hash="' + scaffold.modelHash + '"}'), 1);
    assert.ok(!text.includes('Atlantis') && !text.includes('nowhere'), 'no request value in a label');
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'].map((c) => sampleValue(text, `automl_predicted_class_rows_total{class="${c}"}`) ?? 0);
    assert.equal(classes.reduce((a, b) => a + b, 0), 40);

    // Label values that need escaping, through the compiled metrics module itself.
    const metrics = loadCompiled<MetricsModule>(project, 'metrics');
    const odd = new metrics.ServiceMetrics([{ name: 'a "quoted"\\name\nnext line', hasRange: true, hasLabels: false }], ['yes', 'no "really"'], { version: 'v\\1', hash: 'sha256:0' });
    odd.missing[0] = 3;
    odd.psi[0] = 0.5;
    odd.request('predict', 200, 0.003);
    const oddText = odd.render();
    assert.ok(oddText.includes('automl_feature_missing_total{feature="a \\"quoted\\"\\\\name\\nnext line"} 3'), oddText);
    const oddCheck = checkMetrics(oddText);
    assert.equal(oddCheck.code, 0, `${oddCheck.output}\n---\n${oddText}`);
    console.log(`# /metrics: ${text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length} samples, ${Buffer.byteLength(text)} bytes; promtool check metrics: ok (${promtoolPath()})`);
  });

  it('computes the window\u2019s figures exactly as the engine does (to 1e-12)', async () => {
    const drift = loadCompiled<DriftModule>(project, 'drift');
    const model = loadCompiled<ModelModule>(project, 'model');
    const whole = JSON.parse(await readFile(join(run.runDir, 'reference.json'), 'utf8')) as MonitorReference;
    const compact = JSON.parse(await readFile(join(project, 'reference.json'), 'utf8')) as MonitorReference;
    const fieldIndex = new Map(model.inputFields.map((f, i) => [f.name, i]));
    for (const [label, window] of [
      ['undrifted', stream(rows, 300, 5)],
      ['drifted', drifted(stream(rows, 300, 6))],
    ] as const) {
      const read = window.map((row) => model.readValues(row));
      const values = compact.columns.map((c) => read.map((r) => r[fieldIndex.get(c.name) as number]));
      const scores = window.map((row) => model.classes.indexOf(model.predict(row)));
      const stats = drift.windowStats(compact, values, scores);
      assert.equal(stats.status, 'checked');
      compact.columns.forEach((column, j) => {
        const side = { column: whole.columns[j], referenceRows: whole.rows, sample: sampleOf(whole, column), critical: false };
        const rowsIndex = Uint32Array.from(window, (_, i) => i);
        const engine = checkColumn(side, frameColumn(column, values[j]), rowsIndex).report;
        const service = stats.columns[j];
        const what = `${label} ${column.name}`;
        close(service.psi, engine.psi, `${what} psi`);
        close(service.nullRate, engine.nullRate, `${what} null rate`);
        if (column.kind === 'numeric') {
          close(service.outOfRange, engine.outOfRange ?? null, `${what} out of range`);
          // The primitives themselves, on the present values.
          const present = values[j].filter((v): v is number => typeof v === 'number');
          const engineShares = toShares(countBuckets(column.bins.edges, Float64Array.from(present)));
          assert.deepEqual(drift.toShares(drift.countBuckets(column.bins.edges, present)), engineShares, `${what} bucket shares`);
          close(drift.psi(column.bins.shares, engineShares), populationStabilityIndex(column.bins.shares, engineShares), `${what} psi primitive`);
        } else if (column.type !== 'text') {
          close(service.unseen, engine.unseen ?? null, `${what} unseen`);
        }
      });
      const enginePrediction = checkPrediction(whole, Float64Array.from(scores));
      close(stats.predictionPsi, enginePrediction.psi, `${label} prediction psi`);
      const shown = stats.columns.map((c) => `${c.name} psi ${c.psi?.toFixed(3)}`).join(', ');
      console.log(`# ${label} window of ${window.length}: ${shown}; prediction psi ${stats.predictionPsi?.toFixed(4)}`);
    }
    // A score prediction (a regression value or a binary probability), on a made-up reference.
    let state = 3;
    const uniform = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const sample = Array.from({ length: 2000 }, () => uniform() ** 2);
    const bins = referenceBins(Float64Array.from(sample).sort());
    const scoreReference: MonitorReference = {
      ...whole,
      task: 'binary',
      prediction: { kind: 'score', rows: sample.length, bins },
      sample: { ...(whole.sample as NonNullable<MonitorReference['sample']>), prediction: sample },
    };
    const scores = Array.from({ length: 500 }, () => uniform());
    close(drift.predictionPsi(scoreReference, scores), checkPrediction(scoreReference, Float64Array.from(scores)).psi, 'score prediction psi');
  });

  it('alerts once per drifted rule within the cooldown, never for undrifted columns or an undrifted stream', async () => {
    const receiver: WebhookReceiver = await startWebhookReceiver(`/services/T000/B000/${SECRET}`);
    try {
      const windowRows = 200;
      const service = await start(
        'monitor',
        { intervalSeconds: 1, windowRows, cooldownMinutes: 60, webhookUrlEnv: 'TEST_ALERT_WEBHOOK', logDir: join(root, 'logs-monitor') },
        { TEST_ALERT_WEBHOOK: receiver.url },
      );
      assert.ok(service.stdout.some((line) => line === `monitor: every 1 s over the latest ${windowRows} logged rows; alerts to the webhook from TEST_ALERT_WEBHOOK`), service.stdout.join('\n'));
      const client = new ServiceClient(service.url);
      const metricsText = async (): Promise<string> => (await fetch(`${service.url}/metrics`)).text();
      /**
       * Sends one window's rows in batches, then waits for the next check. That check starts after
       * the last row, so it judges exactly these rows, unless a check between the last row and
       * the count read here already did (then the awaited one is idle): either way these rows
       * were judged as one window.
       */
      const sendWindow = async (windowRowsSent: readonly JsonRow[]): Promise<void> => {
        for (let i = 0; i < windowRowsSent.length; i += 50) assert.equal((await client.post(windowRowsSent.slice(i, i + 50))).status, 200);
        const before = allChecks(await metricsText());
        const deadline = Date.now() + 10_000;
        while (allChecks(await metricsText()) <= before) {
          if (Date.now() > deadline) throw new Error('no monitor check within 10 s');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      for (let w = 0; w < 4; w++) await sendWindow(stream(rows, windowRows, 100 + w));
      const calm = await metricsText();
      assert.equal(receiver.received.length, 0, `an undrifted stream alerts nothing:\n${receiver.received.map((r) => r.text).join('\n')}`);
      assert.ok((sampleValue(calm, 'automl_monitor_checks_total{result="ok"}') ?? 0) + (sampleValue(calm, 'automl_monitor_checks_total{result="drift"}') ?? 0) >= 4, calm);
      for (let w = 0; w < 6; w++) await sendWindow(drifted(stream(rows, windowRows, 200 + w)));
      const text = await metricsText();
      await service.stop('SIGTERM');

      const rules = receiver.received.map((r) => (r.body as { alert: { rule: string } }).alert.rule);
      const counts = new Map<string, number>();
      for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
      const expected = ['nulls:sex', 'psi:bill_length_mm', 'psi:island', 'range:bill_length_mm', 'unseen:island'];
      for (const rule of expected) assert.equal(counts.get(rule), 1, `${rule} alerted once: ${rules.join(', ')}`);
      const others = rules.filter((rule) => !expected.includes(rule));
      // The predictions move with bill_length_mm: an alert for them is right, but once at most.
      assert.ok(others.every((rule) => rule === 'prediction_psi') && others.length <= 1, `only drifted columns alert: ${rules.join(', ')}`);
      for (const rule of [...counts.keys()]) assert.equal(sampleValue(text, `automl_alerts_total{rule="${rule}"}`), 1, rule);
      assert.ok((sampleValue(text, 'automl_feature_psi{feature="bill_length_mm"}') ?? 0) >= 0.25);
      assert.ok((sampleValue(text, 'automl_feature_null_rate{feature="sex"}') ?? 0) >= 0.45);
      assert.ok((sampleValue(text, 'automl_feature_psi{feature="body_mass_g"}') ?? 1) < 0.25);
      assert.ok((sampleValue(text, 'automl_monitor_last_check_timestamp_seconds') ?? 0) > Date.now() / 1000 - 60);
      const checked = checkMetrics(text);
      assert.equal(checked.code, 0, checked.output);

      for (const alert of receiver.received) {
        assert.equal(alert.path, `/services/T000/B000/${SECRET}`);
        assert.equal(alert.contentType, 'application/json');
        const body = alert.body as { text: string; alert: Record<string, unknown> };
        assert.equal(typeof body.text, 'string');
        assert.match(body.text, /^\[penguins-model-service\] /);
        assert.equal(body.alert.windows, 2, 'fired on the second bad window in a row');
        assert.equal(body.alert.windowRows, windowRows);
        assert.deepEqual(body.alert.model, { name: scaffold.model, version: scaffold.modelVersion, hash: scaffold.modelHash });
        // No request value: the unseen label, the shifted lengths (all above 1000), the URL's token.
        assert.ok(!alert.text.includes('Atlantis') && !alert.text.includes(SECRET), alert.text);
        assert.ok(!/\b1\d{3}\.\d\b/.test(alert.text), alert.text);
      }
      assert.ok(!service.stdout.join('\n').includes(SECRET) && !service.stderr().includes(SECRET), 'the webhook URL is never printed');
      console.log(`# alerts (${receiver.received.length}): ${receiver.received.map((r) => (r.body as { text: string }).text).join('\n#   ')}`);
    } finally {
      await receiver.close();
    }
  });

  it('judges rules over consecutive windows: 2 bad in a row fire, then silence for the cooldown', () => {
    const monitor = loadCompiled<MonitorModule>(project, 'monitor');
    const rules = new monitor.AlertRules(60_000);
    const bad = (bads: boolean): { rule: string; bad: boolean }[] => [{ rule: 'psi:x', bad: bads }];
    assert.deepEqual(rules.judge(bad(true), 0), []);
    assert.deepEqual(rules.judge(bad(false), 1000), [], 'a good window resets the streak');
    assert.deepEqual(rules.judge(bad(true), 2000), []);
    const due = rules.judge(bad(true), 3000);
    assert.deepEqual(due.map((d) => [d.rule, d.windows]), [['psi:x', 2]]);
    rules.delivered('psi:x', 3000);
    assert.deepEqual(rules.judge(bad(true), 4000), [], 'silent within the cooldown');
    assert.deepEqual(rules.judge(bad(true), 62_999), []);
    assert.deepEqual(rules.judge(bad(true), 63_000).map((d) => d.windows), [5], 'due again after the cooldown');
    assert.deepEqual(rules.judge(bad(true), 64_000).length, 1, 'undelivered alerts are retried at the next bad window');
  });

  it('refuses a config it cannot use, without printing the webhook URL', async () => {
    const cases: [Record<string, unknown>, Record<string, string>, RegExp][] = [
      [{ webhookUrl: `ftp://${SECRET}@hooks.example.test/x` }, {}, /monitor\.webhookUrl must hold an http:\/\/ or https:\/\/ URL/],
      [{ webhookUrlEnv: 'HOOK' }, { HOOK: `not a url ${SECRET}` }, /the environment variable HOOK must hold an http/],
      [{ windowRows: 50 }, {}, /monitor\.windowRows must be a whole number of at least 100, got 50/],
      [{ sampleRate: 2 }, {}, /monitor\.sampleRate must be a share from 0 to 1/],
      [{ intervalMinutes: 1, intervalSeconds: 5 }, {}, /monitor\.intervalSeconds goes instead of intervalMinutes/],
      [{ windowRow: 500 }, {}, /monitor\.windowRow is not a setting/],
      [{ thresholds: { psi: 0 } }, {}, /monitor\.thresholds\.psi must be a number above 0/],
    ];
    for (const [monitor, env, message] of cases) {
      const error = await start('bad', monitor, env).then(
        () => assert.fail(`${JSON.stringify(monitor)} was accepted`),
        (e: Error) => e,
      );
      assert.match(error.message, /exited \(code 1\) before listening/);
      assert.match(error.message, message);
      assert.ok(!error.message.includes(SECRET), error.message);
    }
  });

  it('measures the per-request overhead of logging and metrics (printed, not asserted)', async () => {
    const observe = loadCompiled<ObserveModule>(project, 'observe');
    const { ServiceMetrics } = loadCompiled<MetricsModule>(project, 'metrics');
    const { DailyNdjson } = loadCompiled<LogModule>(project, 'predictionLog');
    const { Monitor } = loadCompiled<{ Monitor: new (options: Record<string, unknown>) => unknown }>(project, 'monitor');
    const model = loadCompiled<ModelModule>(project, 'model');
    const reference = JSON.parse(await readFile(join(project, 'reference.json'), 'utf8'));
    const sent = stream(rows, 2000, 9);
    const answers = sent.map((row) => ({ prediction: model.predict(row), probabilities: model.predictProba(row) }));
    const figures: string[] = [];
    for (const sampleRate of [1, 0]) {
      const metrics = new ServiceMetrics(observe.featureInfo(reference), model.classes, { version: 'v', hash: 'h' });
      const served = observe.servedReference(reference);
      const log = new DailyNdjson(join(root, `overhead-${sampleRate}`), 'predictions', (error) => assert.fail(error));
      const monitor = new Monitor({ reference: served.reference, windowRows: 1000, intervalMs: 60_000, cooldownMs: 0, thresholds: SERVICE_MONITOR_DEFAULTS.thresholds, webhookUrl: undefined, source: {}, metrics, featureOf: served.fieldOf, log: () => undefined });
      const observer = new observe.RequestObserver({ metrics, reference: served.reference, classes: model.classes, predictionLog: sampleRate > 0 ? log : undefined, feedbackLog: log, sampleRate, monitor, modelVersion: 'v', modelHash: 'h' });
      const times: number[] = [];
      for (let round = 0; round < 3; round++) {
        sent.forEach((row, i) => {
          const started = performance.now();
          observer.predicted(`id-${round}-${i}`, [row], [answers[i]], 0.25, Date.now());
          metrics.request('predict', 200, 0.00025);
          times.push(performance.now() - started);
        });
      }
      await log.close();
      // The first round warms the JIT up; the figure is over the last two.
      const measured = times.slice(sent.length);
      figures.push(`sampleRate ${sampleRate}: median ${(median(measured) * 1000).toFixed(1)} µs, p90 ${(quantile(measured, 0.9) * 1000).toFixed(1)} µs`);
    }
    const predictTimes = sent.map((row) => {
      const started = performance.now();
      model.predictProba(row);
      return performance.now() - started;
    });
    console.log(`# per-request overhead of logging + metrics + monitor window (single-row requests, in-process, ${2 * sent.length} timed): ${figures.join('; ')}; predictProba alone: median ${(median(predictTimes) * 1000).toFixed(1)} µs`);
  });
});

/** The reference sample's present values of a column: numbers, or labels. */
function sampleOf(reference: MonitorReference, column: ReferenceColumn): Float64Array | string[] {
  const values = reference.sample?.values[column.name] ?? [];
  if (column.kind === 'numeric') return Float64Array.from((values as (number | null)[]).filter((v): v is number => v !== null));
  return (values as (string | null)[]).filter((v): v is string => v !== null);
}

/** A frame column of window values (null = missing) as the engine holds one. */
function frameColumn(reference: ReferenceColumn, values: readonly Value[]): Column {
  if (reference.kind === 'numeric') {
    return { name: reference.name, storage: 'numeric', type: 'float', values: Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)), format: PLAIN_NUMBER_FORMAT };
  }
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (typeof v !== 'string') return -1;
    let code = codeOf.get(v);
    if (code === undefined) {
      code = dictionary.push(v) - 1;
      codeOf.set(v, code);
    }
    return code;
  });
  const type = reference.type === 'boolean' || reference.type === 'text' || reference.type === 'id' ? reference.type : 'categorical';
  return { name: reference.name, storage: 'categorical', type, codes, dictionary };
}
