/**
 * A run's saved checks for the Monitoring panel: newest first, unreadable files skipped, and no
 * file name from a webview can reach outside the run's `monitoring/` folder.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMonitorReport, listChecks, readCheck } from '../../../src/extension/monitor/monitorChecks';
import { isMonitoringFileName, isMonitoringToHost } from '../../../src/protocol/webview';
import { driftedReport, report } from './reportFixture';

describe('saved checks of a run', () => {
  it('lists them newest first and skips what is not a report', async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'automl-checks-')), '.automl', 'runs', '20261207-090000-titanic');
    const folder = join(runDir, 'monitoring');
    mkdirSync(folder, { recursive: true });
    assert.deepEqual(await listChecks(runDir), []);
    writeFileSync(join(folder, '2026-12-07T09-00-00-000Z.json'), JSON.stringify(report()));
    writeFileSync(join(folder, '2026-12-07T10-00-00-000Z.json'), JSON.stringify({ ...driftedReport(), checkedAt: '2026-12-07T10:00:00.000Z' }));
    writeFileSync(join(folder, 'broken.json'), '{');
    writeFileSync(join(folder, 'other.json'), '{"version":2}');
    const checks = await listChecks(runDir);
    assert.deepEqual(checks.map((c) => [c.file, c.grade]), [['2026-12-07T10-00-00-000Z.json', 'alert'], ['2026-12-07T09-00-00-000Z.json', 'ok']]);
    assert.equal((await readCheck(runDir, checks[0].file)).columns[0].drift, true);
    await assert.rejects(readCheck(runDir, 'broken.json'), /not valid JSON/);
    await assert.rejects(readCheck(runDir, '../spec.json'), /not a check of this run/);
  });

  it('accepts only plain report names from a view', () => {
    assert.equal(isMonitoringFileName('2026-12-07T09-00-00-000Z.json'), true);
    for (const bad of ['../x.json', 'a/b.json', '.hidden.json', 'x.txt', 3]) assert.equal(isMonitoringFileName(bad), false, String(bad));
    assert.equal(isMonitoringToHost({ kind: 'monitoring/openCheck', file: '../../secrets.json' }), false);
    assert.equal(isMonitoringToHost({ kind: 'monitoring/stopWatch' }), true);
    assert.equal(isMonitorReport(report()), true);
    assert.equal(isMonitorReport({ ...report(), columns: 'x' }), false);
  });
});
