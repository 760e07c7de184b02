import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataError } from '../../src/engine/errors';
import { listRuns, loadExplanations, loadLeaderboard, readRunInfo, readRunSpec } from '../../src/extension/runs/savedRuns';
import { runFolderName, type ProfileRunSpec } from '../../src/node/runFolder';
import { runJob, type RunJobResult } from '../../src/node/runJob';
import type { RunExplanations } from '../../src/protocol/webview';

/**
 * The extension reads run folders back (leaderboards, explanations, the Runs tree). These tests
 * read folders the engine really wrote: one short training run on examples/titanic.csv, next to a
 * profile-only folder and some folders that are not runs.
 */
describe('saved runs', () => {
  let root: string;
  let runsDir: string;
  let trained: RunJobResult;
  let profileDir: string;
  const startedAt = new Date(2025, 2, 1, 10, 0, 0);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'automl-saved-runs-'));
    runsDir = join(root, '.automl', 'runs');
    await copyFile(join('examples', 'titanic.csv'), join(root, 'titanic.csv'));
    trained = await runJob({
      source: { kind: 'csv', path: join(root, 'titanic.csv') },
      spec: { target: 'survived', trials: 4, seed: 1, models: ['logistic', 'gbdt'] },
      workers: 0,
      root,
      startedAt,
    });

    // A profile-only run, a day later (so it is the newest).
    profileDir = join(runsDir, runFolderName(new Date(2025, 2, 2, 9, 0, 0), 'titanic.csv'));
    await mkdir(profileDir, { recursive: true });
    const profileSpec: ProfileRunSpec = {
      version: 1,
      kind: 'profile',
      file: 'titanic.csv',
      target: null,
      seed: 42,
      raggedRows: 'pad',
      createdAt: '2025-03-02T09:00:00.000Z',
    };
    await writeFile(join(profileDir, 'spec.json'), JSON.stringify(profileSpec));
    await copyFile(join(trained.runDir, 'profile.json'), join(profileDir, 'profile.json'));

    // Not runs: a folder without a spec, one with a damaged spec, a hidden staging folder and a file.
    await mkdir(join(runsDir, '20250303-000000-notes'));
    await writeFile(join(runsDir, '20250303-000000-notes', 'readme.txt'), 'my notes');
    await mkdir(join(runsDir, '20250304-000000-broken'));
    await writeFile(join(runsDir, '20250304-000000-broken', 'spec.json'), '{"version": 1, "kind": "run", ');
    await cp(trained.runDir, join(runsDir, '.20250305-000000-titanic.staging'), { recursive: true });
    await writeFile(join(runsDir, '20250306-000000-stray.json'), '{}');
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('listRuns', () => {
    it('lists the runs newest first, with their score, and skips what is not a run', async () => {
      const runs = await listRuns(runsDir);
      assert.deepEqual(
        runs.map((r) => r.name),
        ['20250302-090000-titanic', '20250301-100000-titanic'],
      );
      const [profileOnly, run] = runs;
      assert.deepEqual(profileOnly, {
        runDir: profileDir,
        name: '20250302-090000-titanic',
        kind: 'profile',
        file: 'titanic.csv',
        target: undefined,
        createdAt: '2025-03-02T09:00:00.000Z',
      });
      assert.equal(run.runDir, trained.runDir);
      assert.equal(run.kind, 'run');
      assert.equal(run.file, 'titanic.csv');
      assert.equal(run.target, 'survived');
      assert.equal(run.createdAt, startedAt.toISOString());
      assert.match(run.score ?? '', /^ROC AUC 0\.[5-9]\d{0,3}$/);
      assert.equal(run.score, `ROC AUC ${Number(trained.leaderboard.final.score.toPrecision(4))}`);
      assert.equal(run.model, trained.leaderboard.final.description);
      assert.equal(run.cancelled, false);
    });

    it('lists nothing for a workspace without runs', async () => {
      assert.deepEqual(await listRuns(join(root, 'nowhere', '.automl', 'runs')), []);
    });
  });

  describe('loadLeaderboard', () => {
    it('reads a finished run as the board a panel shows', async () => {
      const board = await loadLeaderboard(trained.runDir, 'final');
      const saved = JSON.parse(await readFile(join(trained.runDir, 'leaderboard.json'), 'utf8')) as typeof trained.leaderboard;
      assert.equal(board.kind, 'leaderboard/show');
      assert.deepEqual(board.run, { runDir: trained.runDir, name: '20250301-100000-titanic', file: 'titanic.csv', createdAt: startedAt.toISOString() });
      assert.equal(board.status, 'done');
      assert.equal(board.statusText, `Done: 4 of 4 trials scored; final model ${saved.final.description}`);
      assert.equal(board.selected, 'final');
      assert.deepEqual(board.final, saved.final);
      assert.deepEqual(board.ensemble, saved.ensemble);
      assert.deepEqual(board.plan, saved.plan);
      assert.equal(board.plan?.task, 'binary');
      assert.deepEqual(board.plan?.learners, ['logistic', 'gbdt']);
      assert.equal(board.elapsedMs, saved.elapsedMs);
      assert.equal(board.remainingMs, undefined);

      // leaderboard.json ranks the trials; the board lists them in the order they finished.
      assert.equal(board.trials.length, 4);
      assert.deepEqual(new Set(board.trials.map((t) => t.id)), new Set(saved.trials.map((t) => t.id)));
      const finishedAt = board.trials.map((t) => t.startedAt + t.durationMs);
      assert.deepEqual(finishedAt, [...finishedAt].sort((a, b) => a - b));
      // Trials ran one after another on this thread (workers: 0), so they finished in id order.
      assert.deepEqual(board.trials.map((t) => t.id), [0, 1, 2, 3]);
      assert.equal((await loadLeaderboard(trained.runDir)).selected, undefined);
    });

    it('explains that a profile-only run has no leaderboard', async () => {
      await assert.rejects(loadLeaderboard(profileDir), (error: Error) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, /The run 20250302-090000-titanic has no leaderboard\.json/);
        return true;
      });
    });

    it('rejects a damaged leaderboard.json with an error naming the file', async () => {
      const damaged = join(runsDir, '20250307-000000-damaged');
      await cp(trained.runDir, damaged, { recursive: true });
      const write = (text: string): Promise<void> => writeFile(join(damaged, 'leaderboard.json'), text);

      await write(JSON.stringify(trained.leaderboard).slice(0, 200));
      await assert.rejects(loadLeaderboard(damaged), { name: 'DataError', message: 'leaderboard.json of run 20250307-000000-damaged is not valid JSON.' });
      await write('{"trials": "none"}');
      await assert.rejects(loadLeaderboard(damaged), { name: 'DataError', message: 'leaderboard.json of run 20250307-000000-damaged is not a leaderboard.' });
      await write('[]');
      await assert.rejects(loadLeaderboard(damaged), { name: 'DataError', message: /is not a leaderboard/ });
    });

    it(
      'rejects a leaderboard.json of null, or with a null final model, as not a leaderboard',
      async () => {
        const damaged = join(runsDir, '20250308-000000-nulls');
        await cp(trained.runDir, damaged, { recursive: true });
        await writeFile(join(damaged, 'leaderboard.json'), JSON.stringify({ ...trained.leaderboard, final: null }));
        await assert.rejects(loadLeaderboard(damaged), { name: 'DataError', message: /is not a leaderboard/ });
        await writeFile(join(damaged, 'leaderboard.json'), 'null');
        await assert.rejects(loadLeaderboard(damaged), { name: 'DataError', message: /is not a leaderboard/ });
      },
    );
  });

  describe('loadExplanations and the run spec', () => {
    it('reads the final model\'s explanations, or nothing when the run has none', async () => {
      const explanations = await loadExplanations(trained.runDir);
      const saved = JSON.parse(await readFile(join(trained.runDir, 'explanations.json'), 'utf8')) as RunExplanations;
      assert.deepEqual(explanations, saved);
      assert.equal(explanations?.format, 'automl-explanations');
      assert.equal(explanations?.model, trained.leaderboard.final.description);
      assert.ok((explanations?.importance.length ?? 0) > 0);
      assert.equal(await loadExplanations(profileDir), undefined);
    });

    it('reads the spec and the run info', async () => {
      const spec = await readRunSpec(trained.runDir);
      assert.equal(spec?.kind, 'run');
      assert.equal(spec?.target, 'survived');
      assert.equal(spec?.seed, 1);
      assert.equal(spec?.trials, 4);
      assert.deepEqual(spec?.models, ['logistic', 'gbdt']);
      assert.equal((await readRunSpec(profileDir))?.kind, 'profile' as string);
      assert.equal(await readRunSpec(join(runsDir, '20250303-000000-notes')), undefined);
      await assert.rejects(readRunSpec(join(runsDir, '20250304-000000-broken')), { name: 'DataError', message: 'spec.json of run 20250304-000000-broken is not valid JSON.' });
      assert.deepEqual(await readRunInfo(profileDir), { runDir: profileDir, name: '20250302-090000-titanic', file: 'titanic.csv', createdAt: '2025-03-02T09:00:00.000Z' });
    });

    it('reads nothing outside a run folder (.automl/runs/<name>)', async () => {
      const notRuns = [
        join(root, 'titanic.csv'),
        root,
        runsDir,
        join(runsDir, '.20250305-000000-titanic.staging'),
        join(root, 'runs', '20250301-100000-titanic'),
        join('.automl', 'runs', '20250301-100000-titanic'),
      ];
      for (const path of notRuns) {
        for (const read of [loadLeaderboard, loadExplanations, readRunSpec, readRunInfo]) {
          await assert.rejects(read(path), (error: Error) => {
            assert.ok(error instanceof DataError, `${read.name}(${path}): ${String(error)}`);
            assert.equal(error.message, `${path} is not an AutoML run folder (.automl/runs/<run>).`);
            return true;
          });
        }
      }
    });
  });
});
