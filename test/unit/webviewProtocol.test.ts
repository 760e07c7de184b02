import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataError } from '../../src/engine/errors';
import { dataFilePath, isRunDirPath, loadProfileRun, runInfo } from '../../src/extension/panels/profileRun';
import { featuresFileOf, robustnessReportOf } from '../../src/extension/runs/reportShapes';
import { loadFeatures, loadRobustness, reportForPanel } from '../../src/extension/runs/savedRuns';
import {
  PROFILE_VIEW_TYPE,
  isExplanationsPanelState,
  isLeaderboardPanelState,
  isProfilePanelState,
  isProfileToHost,
} from '../../src/protocol/webview';
import { featuresFixture, robustnessFixture } from './fakes/runReports';

interface Manifest {
  activationEvents?: string[];
}

describe('webview protocol guards', () => {
  it('accept the messages a view sends', () => {
    assert.ok(isProfileToHost({ kind: 'ready' }));
    assert.ok(isProfileToHost({ kind: 'file/open', file: 'data' }));
    assert.ok(isProfileToHost({ kind: 'file/open', file: 'data', line: 12 }));
    assert.ok(isProfileToHost({ kind: 'file/open', file: 'profile' }));
    assert.ok(isProfileToHost({ kind: 'file/open', file: 'spec' }));
  });

  it('reject anything else, including paths instead of file roles', () => {
    for (const message of [
      null,
      'ready',
      [],
      {},
      { kind: 'nope' },
      { kind: 'file/open', file: '/etc/passwd' },
      { kind: 'file/open', file: 'data', line: 0 },
      { kind: 'file/open', file: 'data', line: 1.5 },
      { kind: 'file/open', file: 'data', line: '3' },
    ]) {
      assert.equal(isProfileToHost(message), false, JSON.stringify(message));
    }
  });

  it('recognise a stored panel state', () => {
    const state = { version: 1, runDir: '/w/.automl/runs/r', sort: { key: 'missing', direction: 'desc' }, filter: '' };
    assert.ok(isProfilePanelState(state));
    assert.ok(isProfilePanelState({ ...state, selectedColumn: 'age' }));
    assert.equal(isProfilePanelState({ ...state, version: 2 }), false);
    assert.equal(isProfilePanelState({ ...state, runDir: 3 }), false);
    assert.equal(isProfilePanelState({ ...state, sort: { key: 'size', direction: 'desc' } }), false);
    assert.equal(isProfilePanelState({ ...state, selectedColumn: 4 }), false);
    assert.equal(isProfilePanelState(undefined), false);
  });

  it('recognise the Leaderboard\'s open feature details and the Robustness tab in stored states', () => {
    const board = { version: 1, runDir: '/w/.automl/runs/r', sort: { key: 'rank', direction: 'asc' } };
    assert.ok(isLeaderboardPanelState(board));
    assert.ok(isLeaderboardPanelState({ ...board, featuresOpen: true }));
    assert.ok(isLeaderboardPanelState({ ...board, featuresOpen: false }));
    assert.equal(isLeaderboardPanelState({ ...board, featuresOpen: 'yes' }), false);
    const explanations = { version: 1, runDir: '/w/.automl/runs/r', model: 'final', tab: 'robustness', output: 0 };
    assert.ok(isExplanationsPanelState(explanations));
    assert.equal(isExplanationsPanelState({ ...explanations, tab: 'robust' }), false);
  });

  it('uses the view type that package.json activates on', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(join(process.cwd(), 'package.json'), 'utf8')) as Manifest;
    assert.ok(manifest.activationEvents?.includes(`onWebviewPanel:${PROFILE_VIEW_TYPE}`));
  });
});

describe('profile runs on disk', () => {
  let root: string;
  let runDir: string;
  const profile = {
    rows: 3,
    columns: [],
    warnings: [],
    parseIssues: [],
    badValues: [],
    duplicateRows: 0,
    associations: { columns: [], sampledRows: 3, pairs: [] },
    source: { file: 'data/x.csv', bytes: 10, delimiter: ',', encoding: 'utf-8' },
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'automl-panel-'));
    runDir = join(root, '.automl', 'runs', '20250101-000000-x');
    await mkdir(runDir, { recursive: true });
    await writeFile(join(runDir, 'profile.json'), JSON.stringify(profile));
    await writeFile(join(runDir, 'spec.json'), JSON.stringify({ version: 1, kind: 'profile', file: 'data/x.csv', target: null, seed: 1, raggedRows: 'pad', createdAt: '2025-01-01T00:00:00.000Z' }));
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('recognises run folder paths only', () => {
    assert.ok(isRunDirPath(runDir));
    assert.equal(isRunDirPath('relative/.automl/runs/x'), false);
    assert.equal(isRunDirPath(join(root, '.automl', 'runs')), false);
    assert.equal(isRunDirPath(join(root, '.automl', 'runs', '.x-staging')), false);
    assert.equal(isRunDirPath(join(root, 'elsewhere', 'runs', 'x')), false);
  });

  it('loads the profile and the run info from spec.json', async () => {
    const run = await loadProfileRun(runDir);
    assert.deepEqual(run.profile, profile);
    assert.deepEqual(run.run, { runDir, name: '20250101-000000-x', file: 'data/x.csv', createdAt: '2025-01-01T00:00:00.000Z' });
    assert.equal(dataFilePath(run.run), join(root, 'data', 'x.csv'));
  });

  it('resolves absolute data paths as they are', () => {
    const file = join(tmpdir(), 'abs.csv');
    assert.equal(dataFilePath(runInfo(runDir, { file, createdAt: '' })), file);
    assert.equal(dataFilePath(runInfo(runDir, undefined)), undefined);
  });

  it('explains why a run cannot be loaded', async () => {
    await assert.rejects(loadProfileRun(join(root, 'not-a-run')), DataError);
    await assert.rejects(loadProfileRun(join(root, '.automl', 'runs', 'gone')), /no profile\.json/);
    const broken = join(root, '.automl', 'runs', 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'profile.json'), '{"rows": "many"}');
    await assert.rejects(loadProfileRun(broken), /not a data profile/);
    await writeFile(join(broken, 'profile.json'), '{oops');
    await assert.rejects(loadProfileRun(broken), /not valid JSON/);
  });
});

describe('report files (features.json, robustness.json)', () => {
  it('accept the engine\u2019s files as they are', () => {
    assert.deepEqual(featuresFileOf(JSON.parse(JSON.stringify(featuresFixture()))), featuresFixture());
    assert.deepEqual(robustnessReportOf(JSON.parse(JSON.stringify(robustnessFixture()))), robustnessFixture());
  });

  it('read lists that only add detail as empty when a file lacks them', () => {
    const { engineered: _e, gates: _g, notes: _n, selection: _s, ...bare } = featuresFixture();
    assert.deepEqual(featuresFileOf(bare), { ...bare, engineered: [], gates: [], notes: [], selection: 'auto' });
    const { segments: _seg, perturbation: _p, notes: _rn, calibration: _c, stability: _st, latency: _l, ...minimal } = robustnessFixture();
    assert.deepEqual(robustnessReportOf(minimal), { ...minimal, segments: [], perturbation: [], notes: [] });
  });

  it('reject what the views could not iterate, and leave out a malformed optional section', () => {
    const features = featuresFixture();
    for (const bad of [null, [], 'x', { ...features, kept: 'all' }, { ...features, dropped: [{ name: 1, reason: 'r', by: 'user' }] },
      { ...features, engineered: [{ name: 'a', sources: 'b', kept: true }] }, { ...features, gates: {} }, { ...features, notes: [1] }]) {
      assert.equal(featuresFileOf(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
    const report = robustnessFixture();
    for (const bad of [null, { ...report, format: 'automl-explanations' }, { ...report, grade: 1 }, { ...report, checks: [{ check: 'calibration' }] },
      { ...report, segments: [{ description: 'x' }] }, { ...report, perturbation: [{ ...report.perturbation[0], results: null }] }]) {
      assert.equal(robustnessReportOf(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
    const partial = robustnessReportOf({ ...report, calibration: { ...report.calibration, bins: 'none' }, stability: { grade: 'ok' }, shift: 3 });
    assert.ok(partial);
    assert.equal('calibration' in partial, false);
    assert.equal('stability' in partial, false);
    assert.equal('shift' in partial, false);
    assert.deepEqual(partial.latency, report.latency);
  });
});

describe('report files in run folders', () => {
  let root: string;
  let runDir: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'automl-reports-'));
    runDir = join(root, '.automl', 'runs', '20250101-000000-x');
    await mkdir(runDir, { recursive: true });
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('read nothing from a run that predates them, and say null for a panel', async () => {
    assert.equal(await loadFeatures(runDir), undefined);
    assert.equal(await loadRobustness(runDir), undefined);
    const warned: string[] = [];
    assert.equal(await reportForPanel(loadFeatures, runDir, (m) => warned.push(m)), null);
    assert.deepEqual(warned, []);
  });

  it('read the files, and give a panel undefined with a warning when one is damaged', async () => {
    await writeFile(join(runDir, 'features.json'), JSON.stringify(featuresFixture()));
    await writeFile(join(runDir, 'robustness.json'), JSON.stringify(robustnessFixture()));
    assert.deepEqual(await loadFeatures(runDir), featuresFixture());
    assert.deepEqual(await reportForPanel(loadRobustness, runDir, () => assert.fail('no warning')), robustnessFixture());

    await writeFile(join(runDir, 'robustness.json'), '{"format": "automl-robustness",');
    await assert.rejects(loadRobustness(runDir), { name: 'DataError', message: 'robustness.json of run 20250101-000000-x is not valid JSON.' });
    await writeFile(join(runDir, 'features.json'), '{"kept": []}');
    await assert.rejects(loadFeatures(runDir), { name: 'DataError', message: 'features.json of run 20250101-000000-x is not a list of feature decisions.' });
    const warned: string[] = [];
    assert.equal(await reportForPanel(loadFeatures, runDir, (m) => warned.push(m)), undefined);
    assert.deepEqual(warned, ['features.json of run 20250101-000000-x is not a list of feature decisions.']);
    await assert.rejects(loadFeatures(join(root, 'elsewhere')), { name: 'DataError', message: /is not an AutoML run folder/ });
  });
});
