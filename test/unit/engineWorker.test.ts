import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { CancelledError } from '../../src/engine/errors';
import { EngineHost } from '../../src/node/engineHost';
import { runJob } from '../../src/node/runJob';
import type { EngineEvent, EngineRequest } from '../../src/protocol/worker';
import { awkward, csv, FEATURES, TRAIN_ROWS, trainingRows } from './modelInputData';

/**
 * The real worker entry, bundled the way esbuild.mjs bundles it, driven over the protocol both
 * directly and through EngineHost. Tests run from the repository root (npm scripts do that).
 */
describe('engineWorker', () => {
  let dir: string;
  let workerPath: string;
  let smallCsv: string;
  let bigCsv: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-worker-test-'));
    workerPath = join(dir, 'engineWorker.js');
    await build({
      entryPoints: [join(process.cwd(), 'src/worker/engineWorker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      outfile: workerPath,
      logLevel: 'warning',
    });
    smallCsv = join(dir, 'small.csv');
    writeFileSync(smallCsv, 'age,city,label\n31,Paris,yes\n45,Lyon,no\n22,Paris,yes\n58,Nice,no\n');
    bigCsv = join(dir, 'big.csv');
    const lines = ['a,b,c,d,label'];
    for (let i = 0; i < 300_000; i++) lines.push(`${i},${(i * 7) % 13},${i % 97}.5,cat${i % 11},${i % 2}`);
    writeFileSync(bigCsv, `${lines.join('\n')}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Posts `requests` to a fresh worker and collects its events until one ends request 1. */
  function converse(requests: EngineRequest[], onEvent?: (event: EngineEvent, worker: Worker) => void): Promise<EngineEvent[]> {
    const worker = new Worker(workerPath);
    const events: EngineEvent[] = [];
    return new Promise<EngineEvent[]>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (event: EngineEvent) => {
        events.push(event);
        onEvent?.(event, worker);
        if (event.kind !== 'profile/progress') resolve(events);
      });
      for (const request of requests) worker.postMessage(request);
    }).finally(() => void worker.terminate());
  }

  it('profiles a file and reports progress by phase', async () => {
    const host = new EngineHost({ workerPath });
    try {
      const phases: string[] = [];
      const result = await host.profile({ kind: 'csv', path: smallCsv },
        { target: 'label', seed: 7, sourceName: 'data/small.csv' },
        { onProgress: (event) => phases.push(event.phase) },
      );
      assert.equal(result.profile.rows, 4);
      assert.deepEqual(result.profile.columns.map((c) => c.name), ['age', 'city', 'label']);
      assert.equal(result.profile.target?.column, 'label');
      assert.equal(result.profile.source?.file, 'data/small.csv');
      assert.ok(result.readMs >= 0 && result.profileMs >= 0);
      // Every read event comes before the first profile event.
      assert.ok(phases.indexOf('profile') > phases.lastIndexOf('read'), phases.join());
    } finally {
      host.dispose();
    }
  });

  it('stops reading on request/cancel and answers with CancelledError', async () => {
    let cancelled = false;
    const events = await converse([{ kind: 'profile/start', requestId: 1, source: { kind: 'csv', path: bigCsv }, options: {} }], (event, worker) => {
      if (event.kind === 'profile/progress' && !cancelled) {
        cancelled = true;
        worker.postMessage({ kind: 'request/cancel', requestId: 1 } satisfies EngineRequest);
      }
    });
    const last = events[events.length - 1];
    assert.equal(last.kind, 'error');
    assert.equal(last.kind === 'error' && last.error.name, 'CancelledError');
  });

  it('honours the shared cancel flag', async () => {
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancelFlag, 0, 1);
    const events = await converse([{ kind: 'profile/start', requestId: 1, source: { kind: 'csv', path: smallCsv }, options: {}, cancelFlag }]);
    const last = events[events.length - 1];
    assert.equal(last.kind === 'error' && last.error.name, 'CancelledError');
  });

  it('stops profiling when the shared flag is raised mid-way', async () => {
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const request: EngineRequest = { kind: 'profile/start', requestId: 1, source: { kind: 'csv', path: bigCsv }, options: {}, cancelFlag };
    const events = await converse([request], (event) => {
      // The worker is busy in synchronous profiling now: only the flag can reach it.
      if (event.kind === 'profile/progress' && event.phase === 'profile') Atomics.store(cancelFlag, 0, 1);
    });
    const last = events[events.length - 1];
    assert.equal(last.kind === 'error' && last.error.name, 'CancelledError');
  });

  it('reports engine errors as user-facing and keeps the worker alive', async () => {
    const host = new EngineHost({ workerPath });
    try {
      await assert.rejects(host.profile({ kind: 'csv', path: smallCsv }, { target: 'nope' }), (error: Error & { userFacing?: boolean }) => {
        assert.equal(error.userFacing, true, error.stack);
        return true;
      });
      await assert.rejects(host.profile({ kind: 'csv', path: join(dir, 'missing.csv') }, {}), (error: Error) => !(error instanceof CancelledError));
      assert.equal((await host.profile({ kind: 'csv', path: smallCsv }, {})).profile.rows, 4);
    } finally {
      host.dispose();
    }
  });

  it('explains rows of a training file that now looks different, reading the model\'s columns as in training', async () => {
    // A run trained on the whole file; then spec.json names a file of twelve awkward rows (counts
    // of only 0 and 1, a stray text value, dates that look month-first, an unseen label), then
    // the whole file with those rows at its end (each row explains the same either way), then
    // the twelve rows with no count at all.
    const rows = trainingRows();
    const odd = awkward(rows);
    const trainCsv = join(dir, 'train.csv');
    writeFileSync(trainCsv, csv(rows, [...FEATURES, 'y']));
    const smallFile = join(dir, 'awkward.csv');
    writeFileSync(smallFile, csv(odd, [...FEATURES, 'y']));
    const largeFile = join(dir, 'awkward-inside.csv');
    writeFileSync(largeFile, csv([...rows, ...odd], [...FEATURES, 'y']));
    const { runDir } = await runJob({ source: { kind: 'csv', path: trainCsv }, spec: { target: 'y', trials: 2, seed: 5, models: ['gbdt'] }, workers: 0, root: dir, outDir: join(dir, 'run') });
    const specFile = join(runDir, 'spec.json');
    const spec = JSON.parse(readFileSync(specFile, 'utf8')) as { source: object };
    const host = new EngineHost({ workerPath });
    try {
      writeFileSync(specFile, JSON.stringify({ ...spec, source: { kind: 'csv', path: smallFile } }));
      const alone = await host.explainRows(runDir, odd.map((_, k) => k));
      writeFileSync(specFile, JSON.stringify({ ...spec, source: { kind: 'csv', path: largeFile } }));
      const inside = await host.explainRows(runDir, odd.map((_, k) => TRAIN_ROWS + k));
      assert.equal(alone.length, odd.length);
      alone.forEach((row, k) => {
        assert.deepEqual(row.output, inside[k].output);
        assert.deepEqual(row.contributions, inside[k].contributions);
      });
      // The stray text reads as a missing count; the count of 0 stays a number.
      assert.equal(alone[3].contributions.find((c) => c.column === 'count')?.value, null);
      assert.equal(alone[0].contributions.find((c) => c.column === 'count')?.value, 0);
      // A count empty in every row (the model saw counts missing): each row explains as with its count blanked.
      const emptyCount = join(dir, 'empty-count.csv');
      writeFileSync(emptyCount, csv(odd.map((r) => ({ ...r, count: '' })), [...FEATURES, 'y']));
      writeFileSync(specFile, JSON.stringify({ ...spec, source: { kind: 'csv', path: emptyCount } }));
      const empty = await host.explainRows(runDir, odd.map((_, k) => k));
      assert.deepEqual(empty[3].output, alone[3].output);
      assert.ok(empty.every((row) => row.contributions.find((c) => c.column === 'count')?.value === null));
    } finally {
      host.dispose();
    }
  });
});
