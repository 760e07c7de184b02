// `npm run test:e2e`: installs the e2e tools when missing (scripts/setup-e2e.sh: apt packages,
// Node 24 and code-server into .vscode-test/; a no-op when installed, loud when it cannot),
// packages the extension, bundles test/e2e/**/*.e2e.test.ts to out/test/e2e/
// and runs them one file at a time (each starts its own code-server and Chromium).
//
//   npm run test:e2e                              everything
//   npm run test:e2e -- --test-name-pattern=Profile   extra arguments go to `node --test`
//   AUTOML_E2E_VSIX=automl-vscode.vsix npm run test:e2e   reuse that vsix instead of packaging
//   AUTOML_E2E_ONLY=profile,run npm run test:e2e  only the test files whose names contain `profile` or `run`
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'out', 'test', 'e2e');
const started = Date.now();

/** Runs a command in the repo root with inherited output; exits with its status if it fails. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[test:e2e] ${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.e2e.test.ts') ? [path] : [];
  });
}

// A fresh machine gets the tools here, so `npm test` is one command; AUTOML_E2E_NO_SETUP=1 only checks.
const setupArgs = process.env.AUTOML_E2E_NO_SETUP === '1' ? ['--check'] : [];
run('bash', [join(root, 'scripts', 'setup-e2e.sh'), ...setupArgs]);
// A PostgreSQL server for the database source (the unit tests install it too; a no-op then).
run('bash', [join(root, 'scripts', 'setup-test-tools.sh'), ...setupArgs]);

let vsix = process.env.AUTOML_E2E_VSIX;
if (vsix === undefined || vsix === '') {
  run('npm', ['run', '--silent', 'package']);
  vsix = join(root, 'automl-vscode.vsix');
} else {
  vsix = resolve(root, vsix);
  if (!existsSync(vsix)) {
    console.error(`[test:e2e] AUTOML_E2E_VSIX=${vsix} does not exist`);
    process.exit(1);
  }
  console.log(`[test:e2e] reusing ${relative(root, vsix)}`);
}

rmSync(outDir, { recursive: true, force: true });
const here = join(root, 'test', 'e2e');
try {
  await esbuild.build({
    entryPoints: testFiles(here).filter((file) => (process.env.AUTOML_E2E_ONLY ?? '').split(',').some((part) => relative(here, file).includes(part))).map((file) => ({ in: file, out: relative(here, file).replace(/\.ts$/, '') })),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // playwright-core and the rest load from node_modules as usual.
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} catch {
  process.exit(1); // esbuild printed the errors.
}

const node = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), relative(root, outDir) + '/'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, AUTOML_E2E_VSIX: vsix } },
);
console.log(`[test:e2e] ${node.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s; screenshots in test-results/e2e/`);
process.exit(node.status ?? 1);
