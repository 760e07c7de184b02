/**
 * Check Drift through the engine worker, as the extension runs it: `EngineHost.checkDrift` posts
 * `monitor/check` to the built worker (dist/engineWorker.js), which checks a titanic run against
 * rows twenty years older (age drifts, and only age) and writes the report under the run's
 * `monitoring/`. A check cancelled as it starts rejects with `CancelledError` and writes nothing.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { EngineHost } from '../../../src/node/engineHost';
import { titanicShiftRun, type TitanicShiftRun } from '../titanicShiftRun';

describe('Check Drift in the engine worker', () => {
  let fixture: TitanicShiftRun;
  let host: EngineHost;

  before(() => {
    fixture = titanicShiftRun('automl-check-drift-worker-');
    host = new EngineHost({ workerPath: join(process.cwd(), 'dist', 'engineWorker.js') });
  });
  after(() => host.dispose());

  it('checks a source and writes the report', async () => {
    const { report, file } = await host.checkDrift(fixture.run, { kind: 'source', source: { kind: 'csv', path: fixture.files.older }, label: 'older.csv' }, { checkedAt: '2026-12-07T09:30:00.000Z' });
    assert.deepEqual(report.columns.filter((c) => c.drift).map((c) => c.name), ['age']);
    assert.equal(report.source, 'older.csv');
    assert.notEqual(report.grade, 'ok');
    assert.equal(file, join(fixture.run, 'monitoring', '2026-12-07T09-30-00-000Z.json'));
    assert.ok(existsSync(file));
  });

  it('stops a cancelled check without a report', async () => {
    const before = readdirSync(join(fixture.run, 'monitoring')).length;
    const abort = new AbortController();
    const checking = host.checkDrift(fixture.run, { kind: 'source', source: { kind: 'csv', path: fixture.files.test }, label: 'test.csv' }, {}, { signal: abort.signal });
    abort.abort();
    await assert.rejects(checking, { name: 'CancelledError' });
    // The worker hears the cancel while it reads; give it time to have written, had it gone on.
    await sleep(1500);
    assert.equal(readdirSync(join(fixture.run, 'monitoring')).length, before);
  });

  it('reports a log folder without prediction logs as the user\'s error', async () => {
    await assert.rejects(host.checkDrift(fixture.run, { kind: 'serviceLog', folder: fixture.dir }, {}), (error: Error & { userFacing?: boolean }) => error.userFacing === true);
  });
});
