/**
 * `automl monitor <run> <log-folder>` (checkServiceLog) on logs the real prediction service wrote:
 * a small AutoML run on the penguins data, its service scaffolded, built with tsc and started as
 * `node dist/server.js`, fed a same-distribution stream and a drifted one over HTTP, with labels
 * POSTed to /feedback. Days and malformed files are made from those records (the service writes
 * only today's file), in the exact format it writes.
 */
import { strict as assert } from 'node:assert';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sinceDay } from '../../../src/cli/monitorCommand';
import { checkServiceLog } from '../../../src/node/monitor/checkServiceLog';
import { runJob, type RunJobResult } from '../../../src/node/runJob';
import { scaffoldService } from '../../../src/node/serviceScaffold';
import { datasetFile } from '../../publicDatasets';
import { cli } from '../titanicShiftRun';
import { ServiceClient } from './httpClient';
import { allChecks, drifted, penguins, sampleValue, stream, type JsonRow, type Labelled } from './penguinTraffic';
import { buildProject, startService, type RunningService } from './serviceProcess';

interface LogRecord {
  ts: string;
  request_id: string;
  row?: number;
  input: JsonRow | null;
  prediction?: string;
  probabilities?: Record<string, number>;
  status: string;
}

const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

/** Another species than `species`. */
const wrong = (species: string): string => SPECIES[(SPECIES.indexOf(species) + 1) % SPECIES.length];

async function logRecords(file: string): Promise<LogRecord[]> {
  return (await readFile(file, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as LogRecord);
}

describe("automl monitor on the prediction service's logs (penguins)", () => {
  let run: RunJobResult;
  let project: string;
  let root: string;
  let calmDir: string;
  let driftDir: string;
  const services: RunningService[] = [];
  /** Per calm request: its id and rows. */
  const calmRequests: { id: string; rows: Labelled[] }[] = [];
  /** The final label of each labelled calm row, by `request_id/row`. */
  const finalLabels = new Map<string, string>();
  let relabelled = 0;
  let rows: Labelled[];

  /** Starts the built service with `monitor` settings (the built-in monitor off unless they say so). */
  async function start(name: string, monitor: Record<string, unknown>): Promise<RunningService> {
    const config = join(root, `${name}.config.json`);
    await writeFile(config, JSON.stringify({ monitor: { enabled: false, ...monitor } }));
    const service = await startService(project, { SERVICE_CONFIG: config });
    services.push(service);
    return service;
  }

  before(async () => {
    const started = performance.now();
    root = await mkdtemp(join(tmpdir(), 'automl-service-log-'));
    run = await runJob({
      source: { kind: 'csv', path: datasetFile('penguins') },
      spec: { target: 'species', trials: 3, seed: 7, models: ['gbdt', 'logistic'], selection: 'off' },
      workers: 0,
      root,
      outDir: join(root, 'run'),
    });
    project = join(root, 'penguins-service');
    await scaffoldService(run.runDir, project);
    buildProject(project);
    const built = performance.now();
    rows = penguins();

    calmDir = join(root, 'logs-calm');
    const calm = await start('calm', { logDir: calmDir });
    const client = new ServiceClient(calm.url);
    const sent = stream(rows, 300, 5);
    for (let i = 0; i < sent.length; i += 30) {
      const batch = sent.slice(i, i + 30);
      const answer = await client.post(batch.map((b) => b.row));
      assert.equal(answer.status, 200);
      calmRequests.push({ id: (answer.body as { request_id: string }).request_id, rows: batch });
    }
    // Two failed requests (logged with status error), and a one-row request with the client's own id.
    for (let k = 0; k < 2; k++) assert.equal((await client.post({ ...rows[k].row, island: null })).status, 400);
    const single = await fetch(`${calm.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'single-1' }, body: JSON.stringify(rows[0].row) });
    assert.equal(single.status, 200);
    // Labels for the first 4 requests' rows (120): the true species except every 6th row; every
    // 10th row first gets the other label, then its final one (the last label counts).
    for (const [r, request] of calmRequests.slice(0, 4).entries()) {
      for (const [j, { species }] of request.rows.entries()) {
        const i = 30 * r + j;
        const label = i % 6 === 0 ? wrong(species) : species;
        if (i % 10 === 0) {
          assert.equal((await client.call('POST', '/feedback', { request_id: request.id, row: j, label: label === species ? wrong(species) : species })).status, 202);
          relabelled++;
        }
        assert.equal((await client.call('POST', '/feedback', { request_id: request.id, row: j, label })).status, 202);
        finalLabels.set(`${request.id}/${j}`, label);
      }
    }
    // Without a row: row 0 of a one-row request.
    assert.equal((await client.call('POST', '/feedback', { request_id: 'single-1', label: rows[0].species })).status, 202);
    finalLabels.set('single-1/0', rows[0].species);
    // Feedback naming no logged row: an id never seen, a row past a batch, a failed request's id.
    assert.equal((await client.call('POST', '/feedback', { request_id: 'never-logged', label: 'Adelie' })).status, 202);
    assert.equal((await client.call('POST', '/feedback', { request_id: calmRequests[0].id, row: 99, label: 'Adelie' })).status, 202);
    assert.equal((await calm.stop('SIGTERM')).code, 0, calm.stderr());

    driftDir = join(root, 'logs-drift');
    const drift = await start('drift', { logDir: driftDir });
    const driftClient = new ServiceClient(drift.url);
    const shifted = drifted(stream(rows, 300, 6));
    for (let i = 0; i < shifted.length; i += 50) assert.equal((await driftClient.post(shifted.slice(i, i + 50).map((b) => b.row))).status, 200);
    assert.equal((await drift.stop('SIGTERM')).code, 0, drift.stderr());
    console.log(`# penguins run + scaffold + tsc build: ${(built - started).toFixed(0)} ms; requests and feedback: ${(performance.now() - built).toFixed(0)} ms`);
  });

  after(async () => {
    for (const service of services) await service.stop('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  it('reads the answered rows, counts failed requests, and joins /feedback labels by request id and row', async () => {
    const { report, file, runReport } = await checkServiceLog({ runDir: run.runDir, folder: calmDir, checkedAt: '2026-12-07T10:00:00.000Z' });
    assert.equal(report.rows, 301, '300 batch rows + 1 single-row request');
    const log = report.serviceLog;
    assert.ok(log, 'the report says what the logs held');
    assert.equal(log.records, 303);
    assert.equal(log.rows, 301);
    assert.equal(log.errors, 2);
    assert.equal(log.skipped, 0);
    assert.equal(log.unfinishedLines, 0);
    assert.equal(log.feedback, 121 + relabelled + 2);
    assert.equal(log.labelled, 121);
    assert.equal(log.relabelled, relabelled);
    assert.equal(log.unknownFeedback, 2);
    assert.deepEqual(log.modelVersions, { run: 301 });
    assert.equal(log.timeColumn, 'ts');
    assert.ok(report.summary.some((s) => s === '2 requests answered with an error (no input logged) left out.'), report.summary.join('\n'));
    assert.ok(report.summary.some((s) => s.startsWith('2 feedback records name a request and row the prediction logs do not hold')), report.summary.join('\n'));

    // Log loss by hand from the probabilities the service logged, with the final labels.
    const records = (await readdir(calmDir)).filter((f) => f.startsWith('predictions-'));
    let loss = 0;
    let labelled = 0;
    for (const name of records) {
      for (const record of await logRecords(join(calmDir, name))) {
        const label = finalLabels.get(`${record.request_id}/${record.row ?? 0}`);
        if (record.status !== 'ok' || label === undefined) continue;
        const p = record.probabilities as Record<string, number>;
        const clip = (v: number): number => Math.min(1 - 1e-15, Math.max(1e-15, v));
        loss -= Math.log(clip(p[label]) / SPECIES.reduce((sum, c) => sum + clip(p[c]), 0));
        labelled++;
      }
    }
    assert.equal(labelled, 121);
    const performance = report.performance;
    assert.ok(performance.kind === 'labels' && performance.status === 'checked', JSON.stringify(performance));
    assert.equal(performance.metric, 'logLoss');
    assert.equal(performance.rows, 121);
    assert.ok(Math.abs((performance.value as number) - loss / labelled) < 1e-9 * Math.max(1, loss / labelled), `log loss ${performance.value} vs ${loss / labelled} by hand`);
    // A fifth of the labels are wrong: far worse than cross-validation.
    assert.equal(performance.grade, 'alert');

    assert.equal(report.datasetDrift, false);
    assert.deepEqual(report.columns.filter((c) => c.drift).map((c) => c.name), [], 'a same-distribution stream does not drift');
    assert.deepEqual(report.columns.map((c) => c.status), report.columns.map(() => 'checked'));
    assert.ok(!report.quality.some((q) => q.check === 'extraColumn' && q.column === 'ts'), 'the time column is expected');
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), report);
    assert.equal(file, join(run.runDir, 'monitoring', '2026-12-07T10-00-00-000Z.json'));
    // The run's report shows the check, with what the logs held.
    assert.deepEqual(runReport, { file: join(run.runDir, 'report.html') });
    const page = await readFile(join(run.runDir, 'report.html'), 'utf8');
    assert.ok(page.includes(`service logs in ${calmDir}, 301 rows, checked 2026-12-07 10:00 UTC`));
    assert.ok(page.includes('2 requests answered with an error (no input logged) left out.'));
    // The service's README tells how.
    assert.match(await readFile(join(project, 'README.md'), 'utf8'), /^`automl monitor <run folder> logs` does that and more/m);
  });

  it('finds the drift in the drifted stream', async () => {
    const { report } = await checkServiceLog({ runDir: run.runDir, folder: driftDir });
    assert.equal(report.rows, 300);
    const drifted = report.columns.filter((c) => c.drift).map((c) => c.name);
    assert.deepEqual(drifted.sort(), ['bill_length_mm', 'island'], 'the shifted and the unseen-label columns drift; the others are as sent');
    // sex is missing in half the rows: a data-quality finding (drift is judged on present values).
    assert.ok(report.quality.some((q) => q.check === 'nullRate' && q.column === 'sex' && q.value >= 0.45), JSON.stringify(report.quality));
    assert.equal(report.grade, 'alert');
    assert.equal(report.columns.find((c) => c.name === 'bill_length_mm')?.outOfRange, 1);
    assert.ok(report.quality.some((q) => q.check === 'unseenCategories' && q.column === 'island'));
    assert.equal(report.performance.kind, 'none', 'no feedback: no labels (a multiclass model gets no estimate)');
    assert.equal(report.serviceLog?.feedbackFiles.length, 0);
    console.log(`# drifted stream: ${report.summary[0]}`);
  });

  it('windows by the day of each record\u2019s ts, also from the command line', async () => {
    // The service writes only today's file: the calm records moved to two days, as it would have written them.
    const days = join(root, 'logs-days');
    await mkdir(days);
    const today = (await readdir(calmDir)).filter((f) => f.startsWith('predictions-'));
    const records = (await Promise.all(today.map((f) => logRecords(join(calmDir, f))))).flat();
    const onDay = (day: string, record: LogRecord): string => JSON.stringify({ ...record, ts: `${day}${record.ts.slice(10)}` }) + '\n';
    const first = records.slice(0, 120);
    const second = records.slice(120);
    await writeFile(join(days, 'predictions-2026-11-30.ndjson'), first.map((r) => onDay('2026-11-30', r)).join(''));
    // The second day's rows from a trial's model (another service), gzip-compressed as logrotate leaves them.
    await writeFile(join(days, 'predictions-2026-12-01.ndjson.gz'), gzipSync(second.map((r) => onDay('2026-12-01', { ...r, model_version: 'run/trial-2' } as LogRecord)).join('')));
    const okIn = (list: readonly LogRecord[]): number => list.filter((r) => r.status === 'ok').length;
    const { report } = await checkServiceLog({ runDir: run.runDir, folder: days, windows: { kind: 'day' } });
    assert.deepEqual(
      report.windows.map((w) => [w.label, w.rows]),
      [
        ['2026-11-30', okIn(first)],
        ['2026-12-01', okIn(second)],
      ],
    );
    assert.deepEqual(report.serviceLog?.predictionFiles, ['predictions-2026-11-30.ndjson', 'predictions-2026-12-01.ndjson.gz']);
    assert.ok(report.summary.includes(`${okIn(records)} answered rows read from 2 prediction logs (predictions-2026-11-30.ndjson to predictions-2026-12-01.ndjson.gz).`), report.summary.join('\n'));
    assert.deepEqual(report.serviceLog?.modelVersions, { run: okIn(first), 'run/trial-2': okIn(second) });
    assert.ok(report.summary.includes(`The log holds rows of model version(s) run (${okIn(first)}), run/trial-2 (${okIn(second)}); this check predicts them all with the run run.`), report.summary.join('\n'));

    const shown = cli('monitor', run.runDir, days, '--by', 'week');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^(ok|WARN|ALERT) +service logs in .*logs-days: 301 rows checked against the training reference/);
    assert.match(shown.stdout, /\n {2}week of 2026-11-30 +301 /);
    // From a day on: the files of earlier days are left out.
    const recent = await checkServiceLog({ runDir: run.runDir, folder: days, since: '2026-12-01' });
    assert.equal(recent.report.rows, okIn(second));
    assert.deepEqual(recent.report.serviceLog?.predictionFiles, ['predictions-2026-12-01.ndjson.gz']);
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: days, since: '2026-12-05' }), /logs-days holds no prediction logs from 2026-12-05 on \(the latest is predictions-2026-12-01\.ndjson\.gz\)/);
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: days, since: '2026-02-30' }), /since must be a day as YYYY-MM-DD, not '2026-02-30'/);
    const since = cli('monitor', run.runDir, days, '--since', '2026-12-01', '--json');
    assert.equal(since.code, 0, since.stderr);
    assert.equal((JSON.parse(since.stdout) as { rows: number }).rows, okIn(second));
    const now = Date.UTC(2026, 11, 7, 9, 30);
    assert.deepEqual(['1d', '7d', '2026-11-30'].map((given) => sinceDay(given, now)), ['2026-12-07', '2026-12-01', '2026-11-30']);
    const badSince = cli('monitor', run.runDir, days, '--since', 'last week');
    assert.equal(badSince.code, 1);
    assert.match(badSince.stderr, /--since takes a day \(YYYY-MM-DD\) or a number of days \(7d\), not 'last week'/);
    const labels = cli('monitor', run.runDir, days, '--labels', 'species');
    assert.equal(labels.code, 1);
    assert.match(labels.stderr, /--labels is for data files: a log folder takes its labels from its feedback logs/);
  });

  it('an unfinished last line is counted; any other broken line stops the check naming its file and line', async () => {
    const folder = join(root, 'logs-broken');
    await mkdir(folder);
    const records = (await Promise.all((await readdir(calmDir)).filter((f) => f.startsWith('predictions-')).map((f) => logRecords(join(calmDir, f))))).flat();
    const text = records.map((r) => JSON.stringify(r) + '\n').join('');
    const file = join(folder, 'predictions-2026-12-02.ndjson');
    // The service killed mid-write: half a record and no newline.
    // A record without an input (not one the service writes for an answered row) is counted too.
    await writeFile(file, text + JSON.stringify({ ...records[0], input: null }) + '\n' + JSON.stringify(records[0]).slice(0, 40));
    const { report } = await checkServiceLog({ runDir: run.runDir, folder });
    assert.equal(report.serviceLog?.unfinishedLines, 1);
    assert.equal(report.serviceLog?.skipped, 1);
    assert.equal(report.rows, 301);
    assert.ok(report.summary.some((s) => s.startsWith('1 log file ends in an unfinished line')), report.summary.join('\n'));

    const lines = text.split('\n');
    lines.splice(7, 0, '{"ts":"2026-12-02T10:00:00.000Z","request_id":"x",');
    await writeFile(file, lines.join('\n'));
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder }), (error: Error) => {
      assert.match(error.message, /predictions-2026-12-02\.ndjson:8: not a JSON record \(/);
      return true;
    });
    await writeFile(file, text + '{"hello":"world"}\n');
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder }), /predictions-2026-12-02\.ndjson:304: no request_id or status; not a record the prediction service writes/);
    await writeFile(file, text);
    await writeFile(join(folder, 'feedback-2026-12-02.ndjson'), '{"ts":"2026-12-02T10:00:00.000Z","request_id":"a","label":"Adelie"}\n[1,2]\n');
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder }), /feedback-2026-12-02\.ndjson:2: the line is not a JSON object; not a feedback record/);
  });

  it('says what is wrong with a folder that holds no logs to check', async () => {
    const empty = join(root, 'logs-empty');
    await mkdir(empty);
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: empty }), /logs-empty is empty: expected the prediction service's logs \(predictions-YYYY-MM-DD\.ndjson/);
    const other = join(root, 'logs-other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'x');
    await writeFile(join(other, 'feedback-2026-12-01.ndjson'), '');
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: other }), /logs-other holds no prediction logs \(it has feedback-2026-12-01\.ndjson, notes\.txt\)/);
    const failures = join(root, 'logs-failures');
    await mkdir(failures);
    const failed = (await Promise.all((await readdir(calmDir)).filter((f) => f.startsWith('predictions-')).map((f) => logRecords(join(calmDir, f))))).flat().filter((r) => r.status === 'error');
    await appendFile(join(failures, 'predictions-2026-12-03.ndjson'), failed.map((r) => JSON.stringify(r) + '\n').join(''));
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: failures }), /the prediction logs hold no answered row to check \(2 records: 2 failed requests, 0 without an input\)/);
    await assert.rejects(checkServiceLog({ runDir: run.runDir, folder: join(root, 'nowhere') }), /no folder .*nowhere/);
  });
  it("refills the built-in monitor's window from the log after a restart, so an alert still fires", async () => {
    const logDir = join(root, 'logs-restart');
    const settings = { enabled: true, intervalSeconds: 1, windowRows: 200, cooldownMinutes: 60, logDir };
    const metricsOf = async (service: RunningService): Promise<string> => (await fetch(`${service.url}/metrics`)).text();
    /** Waits until the monitor has checked once more than `after` times; returns the metrics then. */
    const nextCheck = async (service: RunningService, after: number): Promise<string> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const text = await metricsOf(service);
        if (allChecks(text) > after) return text;
        if (Date.now() > deadline) throw new Error('no monitor check within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const send = async (service: RunningService, sent: readonly Labelled[]): Promise<void> => {
      const client = new ServiceClient(service.url);
      for (let i = 0; i < sent.length; i += 50) assert.equal((await client.post(sent.slice(i, i + 50).map((b) => b.row))).status, 200);
    };
    const alerts = (service: RunningService): string[] => service.stdout.filter((line) => line.startsWith('alert: '));

    // One drifted window judged: every drifted rule is one bad window into the two that fire.
    const first = await start('restart-1', settings);
    await send(first, drifted(stream(rows, 200, 31)));
    const judged = await nextCheck(first, allChecks(await metricsOf(first)));
    assert.equal(sampleValue(judged, 'automl_monitor_window_rows'), 200);
    assert.deepEqual(alerts(first), [], 'one bad window does not alert');
    assert.equal((await first.stop('SIGTERM')).code, 0, first.stderr());

    const second = await start('restart-2', settings);
    assert.ok(second.stdout.includes(`monitor: 200 logged rows reloaded into the window from ${logDir}`), second.stdout.join('\n'));
    // Its first check judges the rows from before the restart (an empty window would be idle).
    const restored = await nextCheck(second, 0);
    assert.equal(sampleValue(restored, 'automl_monitor_window_rows'), 200);
    assert.equal(sampleValue(restored, 'automl_monitor_checks_total{result="drift"}'), 1);
    assert.ok((sampleValue(restored, 'automl_feature_psi{feature="bill_length_mm"}') ?? 0) >= 0.25, restored);
    // 100 more drifted rows: the second bad window in a row fires. Alone, 100 rows would be a
    // first bad window and fire nothing.
    await send(second, drifted(stream(rows, 100, 32)));
    await nextCheck(second, allChecks(await metricsOf(second)));
    const fired = alerts(second);
    assert.ok(fired.some((line) => line.includes('Drift: "bill_length_mm" has a PSI of')), fired.join('\n'));
    assert.ok(fired.every((line) => line.includes('over the latest 200 logged rows (2 windows in a row)')), fired.join('\n'));
    assert.equal((await second.stop('SIGTERM')).code, 0, second.stderr());
    console.log(`# after a restart: ${fired.length} alerts on the second bad window, e.g. ${fired[0]}`);
  });

  it("reads the log's latest lines back from today's and yesterday's files (the restart's source)", async () => {
    const log = createRequire(__filename)(join(project, 'dist', 'predictionLog.js')) as {
      latestLines(dir: string, prefix: string, nowMs: number, maxLines: number): string[];
    };
    const dir = join(root, 'tail');
    await mkdir(dir);
    const now = Date.UTC(2026, 11, 7, 9, 30);
    // Lines long enough that the tail spans several 64 KiB chunks; yesterday's file ends cleanly,
    // today's in half a line (a crash mid-write), with a blank line inside.
    const line = (day: string, i: number): string => JSON.stringify({ day, i, pad: 'x'.repeat(300) });
    await writeFile(join(dir, 'predictions-2026-12-06.ndjson'), Array.from({ length: 500 }, (_, i) => line('06', i) + '\n').join(''));
    await writeFile(join(dir, 'predictions-2026-12-07.ndjson'), Array.from({ length: 400 }, (_, i) => line('07', i) + '\n').join('') + '\n' + line('07', 400).slice(0, 50));
    const ids = (lines: string[]): string[] => lines.map((l) => { const r = JSON.parse(l) as { day: string; i: number }; return `${r.day}/${r.i}`; });
    assert.deepEqual(ids(log.latestLines(dir, 'predictions', now, 3)), ['07/397', '07/398', '07/399']);
    assert.deepEqual(ids(log.latestLines(dir, 'predictions', now, 400)), Array.from({ length: 400 }, (_, i) => `07/${i}`));
    const both = ids(log.latestLines(dir, 'predictions', now, 650));
    assert.deepEqual(both, [...Array.from({ length: 250 }, (_, i) => `06/${250 + i}`), ...Array.from({ length: 400 }, (_, i) => `07/${i}`)]);
    assert.equal(log.latestLines(dir, 'predictions', now, 5000).length, 900, 'two days at most');
    assert.deepEqual(log.latestLines(join(root, 'no-logs'), 'predictions', now, 10), []);
  });

  it('refills a window of 10,000 rows at start (its time printed, not asserted: timings belong to benchmarks)', async () => {
    const load = <T>(name: string): T => createRequire(__filename)(join(project, 'dist', `${name}.js`)) as T;
    const { latestLines } = load<{ latestLines(dir: string, prefix: string, nowMs: number, maxLines: number): string[] }>('predictionLog');
    const observe = load<{
      RequestObserver: new (options: Record<string, unknown>) => { restore(lines: readonly string[]): number };
      featureInfo(reference: unknown): unknown[];
      servedReference(reference: unknown): { reference: unknown; fieldOf: number[] };
    }>('observe');
    const { ServiceMetrics } = load<{ ServiceMetrics: new (features: unknown[], classes: readonly string[], model: { version: string; hash: string }) => unknown }>('metrics');
    const { Monitor } = load<{ Monitor: new (options: Record<string, unknown>) => unknown }>('monitor');
    const reference = JSON.parse(await readFile(join(project, 'reference.json'), 'utf8')) as unknown;
    const served = observe.servedReference(reference);
    const records = (await Promise.all((await readdir(calmDir)).filter((f) => f.startsWith('predictions-')).map((f) => logRecords(join(calmDir, f))))).flat().filter((r) => r.status === 'ok');
    const hash = (records[0] as unknown as { model_hash: string }).model_hash;
    const dir = join(root, 'tail-10k');
    await mkdir(dir);
    const now = Date.now();
    await writeFile(join(dir, `predictions-${new Date(now).toISOString().slice(0, 10)}.ndjson`), Array.from({ length: 10_000 }, (_, i) => JSON.stringify(records[i % records.length]) + '\n').join(''));
    const metrics = new ServiceMetrics(observe.featureInfo(reference), SPECIES, { version: 'run', hash });
    const monitor = new Monitor({ reference: served.reference, windowRows: 10_000, intervalMs: 60_000, cooldownMs: 0, thresholds: {}, webhookUrl: undefined, source: {}, metrics, featureOf: served.fieldOf, log: () => undefined });
    const observer = new observe.RequestObserver({ metrics, reference: served.reference, classes: SPECIES, predictionLog: undefined, feedbackLog: undefined, sampleRate: 1, monitor, modelVersion: 'run', modelHash: hash });
    const started = performance.now();
    const lines = latestLines(dir, 'predictions', now, 10_000);
    const read = performance.now();
    assert.equal(observer.restore(lines), 10_000);
    const done = performance.now();
    console.log(`# window refill at start: 10,000 logged rows, tail read ${(read - started).toFixed(0)} ms, restored into the monitor ${(done - read).toFixed(0)} ms`);
  });
});
