// Builds every bundle from one shared base: the extension, the engine worker, the CLI, the `.automl`
// language server, each webview, and (with --tests / --bench) the unit tests and benchmarks. esbuild
// does not type-check: `npm run typecheck` runs tsc once per tsconfig. Any build error exits non-zero.
//
//   node esbuild.mjs               development build of dist/
//   node esbuild.mjs --production  minified, no source maps
//   node esbuild.mjs --watch       rebuild on change (problem-matcher friendly output)
//   node esbuild.mjs --tests       also bundle test/unit/**/*.test.ts to out/test/unit/
//   node esbuild.mjs --bench       also bundle bench/bench.ts to out/bench/
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = args.has('--production');
const watch = args.has('--watch');

/** Reports build start/end the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const base = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  target: 'es2022',
  define: { __AUTOML_VERSION__: JSON.stringify(version) },
  plugins: [problemMatcherPlugin],
};

/** @type {import('esbuild').BuildOptions} */
const nodeBase = {
  ...base,
  platform: 'node',
  format: 'cjs',
  // tfjs-node is an optional native module: loaded at run time if present, never bundled. pg's
  // optional native binding (pg-native) is never used (we read through pg's pure JavaScript client).
  external: ['vscode', '@tensorflow/tfjs-node', 'pg-native'],
};

/** Every `*.test.ts` (or `bench.ts`) below a folder, recursively. */
function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

const webviewEntries = existsSync('webview')
  ? readdirSync('webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join('webview', d.name, 'index.ts')))
      .map((d) => ({ in: join('webview', d.name, 'index.ts'), out: d.name }))
  : [];

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeBase, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { engineWorker: 'src/worker/engineWorker.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { csvReadWorker: 'src/node/csvReadWorker.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { parquetReadWorker: 'src/node/sources/parquetReadWorker.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { trialWorker: 'src/worker/trialWorker.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { languageServer: 'src/languageServer/main.ts' }, outdir: 'dist' },
  { ...nodeBase, entryPoints: { profileWorker: 'src/languageServer/profileWorker.ts' }, outdir: 'dist' },
  {
    ...nodeBase,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (webviewEntries.length > 0) {
  builds.push({
    ...base,
    platform: 'browser',
    format: 'iife',
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    loader: { '.css': 'text' },
  });
}
if (args.has('--tests')) {
  rmSync('out/test', { recursive: true, force: true });
  const entryPoints = filesUnder('test/unit', '.test.ts').map((file) => ({
    in: file,
    out: relative('test/unit', file).replace(/\.ts$/, ''),
  }));
  // Tests import the engine from source; node_modules stay external so dependencies load as usual.
  builds.push({ ...nodeBase, entryPoints, outdir: 'out/test/unit', packages: 'external', sourcemap: 'inline' });
}
if (args.has('--bench')) {
  builds.push({ ...nodeBase, entryPoints: { bench: 'bench/bench.ts' }, outdir: 'out/bench', packages: 'external' });
}

// WebAssembly binaries load from the running bundle's folder (src/node/wasmDir.ts): the tfjs wasm
// backend's (Node never takes the threaded build, so only the plain and SIMD binaries) and
// sql.js's SQLite (src/node/sources/sqliteSource.ts).
const wasmFiles = [
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'node_modules/sql.js/dist/sql-wasm.wasm',
];
for (const dir of ['dist', ...(args.has('--tests') ? ['out/test/unit'] : [])]) {
  mkdirSync(dir, { recursive: true });
  for (const file of wasmFiles) copyFileSync(file, join(dir, basename(file)));
}

try {
  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
} catch {
  // esbuild already printed the errors through the plugin and its own logger.
  process.exit(1);
}
