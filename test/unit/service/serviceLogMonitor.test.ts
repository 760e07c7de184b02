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
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkServiceLog } from '../../../src/node/monitor/checkServiceLog';
import { runJob, type RunJobResult } from '../../../src/node/runJob';
import { scaffoldService } from '../../../src/node/serviceScaffold';
import { datasetFile, datasetText } from '../../publicDatasets';
import { csvRecords } from '../export/parityFixtures';
import { cli } from '../titanicShiftRun';
import { ServiceClient } from './httpClient';
import { buildProject, startService, type RunningService } from './serviceProcess';

type JsonRow = Record<string, string | number | null>;
interface Labelled {
  readonly row: JsonRow;
  readonly species: string;
}
interface LogRecord {
  ts: string;
  request_id: string;
  row?: number;
  input: JsonRow | null;
  prediction?: string;
  probabilities?: Record<string, number>;
  status: string;
}

const NUMERIC = new Set(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year']);
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

/** The penguins rows as a client sends them (no target), each with its true species. */
function penguins(): Labelled[] {
  const [header, ...records] = csvRecords(datasetText('penguins'));
  return records
    .filter((r) => r.length === header.length)
    .map((r) => {
      const row: JsonRow = {};
      let species = '';
      header.forEach((name, j) => {
        if (name === 'species') species = r[j];
        else row[name] = r[j] === '' ? null : NUMERIC.has(name) ? Number(r[j]) : r[j];
      });
      return { row, species };
    });
}

/** A seeded stream of `n` rows drawn (with replacement) from `rows`. */
function stream(rows: readonly Labelled[], n: number, seed: number): Labelled[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, () => rows[Math.floor(next() * rows.length)]);
}

/** bill_length_mm far beyond its training range, sex missing in every other row, island unseen in every third. */
function drifted(rows: readonly Labelled[]): Labelled[] {
  return rows.map(({ row, species }, i) => ({
    species,
    row: { ...row, bill_length_mm: typeof row.bill_length_mm === 'number' ? row.bill_length_mm + 1000 : 1040, sex: i % 2 === 0 ? null : row.sex, island: i % 3 === 0 ? 'Atlantis' : row.island },
  }));
}

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

  async function start(name: string, logDir: string): Promise<RunningService> {
    const config = join(root, `${name}.config.json`);
    await writeFile(config, JSON.stringify({ monitor: { enabled: false, logDir } }));
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
    const rows = penguins();

    calmDir = join(root, 'logs-calm');
    const calm = await start('calm', calmDir);
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
    const drift = await start('drift', driftDir);
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
    const { report, file } = await checkServiceLog({ runDir: run.runDir, folder: calmDir, checkedAt: '2026-12-07T10:00:00.000Z' });
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
    await writeFile(join(days, 'predictions-2026-12-01.ndjson'), second.map((r) => onDay('2026-12-01', r)).join(''));
    const okIn = (list: readonly LogRecord[]): number => list.filter((r) => r.status === 'ok').length;
    const { report } = await checkServiceLog({ runDir: run.runDir, folder: days, windows: { kind: 'day' } });
    assert.deepEqual(
      report.windows.map((w) => [w.label, w.rows]),
      [
        ['2026-11-30', okIn(first)],
        ['2026-12-01', okIn(second)],
      ],
    );
    assert.deepEqual(report.serviceLog?.predictionFiles, ['predictions-2026-11-30.ndjson', 'predictions-2026-12-01.ndjson']);
    assert.ok(report.summary.includes(`${okIn(records)} answered rows read from 2 prediction logs (predictions-2026-11-30.ndjson to predictions-2026-12-01.ndjson).`), report.summary.join('\n'));

    const shown = cli('monitor', run.runDir, days, '--by', 'week');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^(ok|WARN|ALERT) +service logs in .*logs-days: 301 rows checked against the training reference/);
    assert.match(shown.stdout, /\n {2}week of 2026-11-30 +301 /);
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
    await writeFile(file, text + JSON.stringify(records[0]).slice(0, 40));
    const { report } = await checkServiceLog({ runDir: run.runDir, folder });
    assert.equal(report.serviceLog?.unfinishedLines, 1);
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
});
