import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { CancelledError } from '../../src/engine/errors';
import { predictionCode } from '../../src/extension/export/predictionSnippet';
import { EngineHost } from '../../src/node/engineHost';
import { runJob } from '../../src/node/runJob';
import ts from 'typescript';
import { loadModule } from './export/compileModule';

/** Diagnostics of a small in-memory project under --strict (ES2020 library only, Node-style imports). */
function projectDiagnostics(files: Readonly<Record<string, string>>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ES2020,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2020.d.ts'],
    types: [],
    noUnusedLocals: true,
    exactOptionalPropertyTypes: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  host.directoryExists = (name) => name === '/app' || ts.sys.directoryExists(name);
  host.getSourceFile = (name, version, onError) => (name in files ? ts.createSourceFile(name, files[name], version, true) : getSourceFile(name, version, onError));
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/**
 * The export requests through the real worker bundle, on a real (small) run of the example
 * titanic data: what the extension's commands get back, and that the code the code action
 * inserts type-checks against the exported module and runs. Tests run from the repository root.
 */
describe('export requests in the engine worker', () => {
  let dir: string;
  let runDir: string;
  let host: EngineHost;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'automl-export-worker-'));
    const workerPath = join(dir, 'engineWorker.js');
    await build({
      entryPoints: [join(process.cwd(), 'src/worker/engineWorker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      outfile: workerPath,
      logLevel: 'warning',
      define: { __AUTOML_VERSION__: '"dev"' },
    });
    ({ runDir } = await runJob({
      source: { kind: 'csv', path: join(process.cwd(), 'examples', 'titanic.csv') },
      spec: { target: 'survived', trials: 3, seed: 3, models: ['logistic', 'gbdt'], ensemble: false },
      workers: 0,
      root: dir,
      outDir: join(dir, 'run'),
    }));
    host = new EngineHost({ workerPath });
  });

  after(async () => {
    host.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports the final model; the inserted import and call type-check against it and predict', async () => {
    const exported = await host.exportModule(runDir, 'final');
    assert.equal(exported.fileName, 'titanic.model.ts');
    assert.equal(exported.task, 'binary');
    assert.match(exported.model, /final model/);
    assert.match(exported.source, /export function predict\(/);
    for (const column of ['age', 'passengerClass', 'sex']) assert.ok(column in exported.exampleInput, column);
    assert.ok(!('survived' in exported.exampleInput), 'the target is not an input');

    const app = 'export function main(): string {\n  \n  return prediction;\n}\n';
    // The module sits next to the app as model.ts (the compile helper's name for it).
    const code = predictionCode(app, { line: 1, character: 2 }, { specifier: './model', example: exported.exampleInput });
    const lines = app.split(/(?<=\n)/);
    let edited = app;
    for (const insert of [...code.inserts].reverse()) {
      const at = lines.slice(0, insert.line).join('').length + insert.character;
      edited = edited.slice(0, at) + insert.text + edited.slice(at);
    }
    assert.match(edited, /^import \{ predict \} from '\.\/model';\n\nexport function main\(\): string \{\n {2}const prediction = predict\(/);
    assert.match(edited, /'sex': '(fe)?male'/);
    assert.deepEqual(projectDiagnostics({ '/app/model.ts': exported.source, '/app/main.ts': edited }), []);
    const module = loadModule<{ predict(row: unknown): string; classes: readonly string[] }>(exported.source);
    assert.ok(module.classes.includes(module.predict(exported.exampleInput)));
  });

  it('exports a trial refitted on all rows under its own file name', async () => {
    const board = JSON.parse(await readFile(join(runDir, 'leaderboard.json'), 'utf8')) as { trials: { id: number; status: string }[] };
    const trial = board.trials.find((t) => t.status === 'ok');
    assert.ok(trial);
    const exported = await host.exportModule(runDir, trial.id);
    assert.equal(exported.fileName, `titanic.trial-${trial.id}.model.ts`);
    assert.match(exported.model, new RegExp(`trial ${trial.id}`));
  });

  it('writes the service project and reports its files relative to the folder', async () => {
    const outDir = join(dir, 'service');
    const files = await host.scaffoldService(runDir, 'final', outDir);
    assert.ok(files.includes('README.md'), files.join(', '));
    assert.match(await readFile(join(outDir, 'README.md'), 'utf8'), /predict/i);
    await assert.rejects(host.scaffoldService(runDir, 'final', outDir), /not empty/, 'a non-empty folder is refused');
  });

  it('reports a missing run as a user-facing error, and honours cancellation', async () => {
    await assert.rejects(host.exportModule(join(dir, 'nope', '.automl', 'runs', 'x'), 'final'), (error: Error & { userFacing?: boolean }) => {
      assert.equal(error.userFacing, true, error.message);
      return true;
    });
    const abort = new AbortController();
    const pending = host.exportModule(runDir, 'final', abort.signal);
    abort.abort();
    await assert.rejects(pending, CancelledError);
  });
});
