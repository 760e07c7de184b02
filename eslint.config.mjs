// Lint rules, including the layer rules of DESIGN.md: dependencies point down only
// (engine <- protocol <- {worker, cli, extension, webview}), and the engine stays pure
// TypeScript (no vscode, no worker_threads or other Node built-ins, no DOM).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

/** Forbids imports in the files under `from`. */
const layer = (from, forbidden) => ({
  files: [from],
  rules: {
    'no-restricted-imports': ['error', { paths: forbidden.paths ?? [], patterns: forbidden.patterns ?? [] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**', 'bench/.scratch/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  layer('src/engine/**/*.ts', {
    paths: [
      { name: 'vscode', message: 'The engine is pure TypeScript: no vscode (DESIGN.md, Layers).' },
      ...NODE_BUILTINS.flatMap((m) => [
        { name: m, message: 'The engine runs in workers, the CLI and tests alike: no Node built-ins; put I/O in src/node.' },
        { name: `node:${m}`, message: 'The engine runs in workers, the CLI and tests alike: no Node built-ins; put I/O in src/node.' },
      ]),
    ],
    patterns: [
      { group: ['**/protocol/**', '**/worker/**', '**/cli/**', '**/extension/**', '**/node/**', '**/webview/**', '**/language/**', '**/languageServer/**'], message: 'The engine depends on nothing above it.' },
    ],
  }),
  {
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error',
        ...['window', 'document', 'navigator', 'process', 'require', 'Buffer', '__dirname', 'setImmediate'].map((name) => ({
          name, message: 'The engine uses no DOM or Node globals.',
        })),
      ],
    },
  },
  layer('src/protocol/**/*.ts', {
    paths: [{ name: 'vscode', message: 'The protocol holds plain types only.' }],
    patterns: [{ group: ['**/worker/**', '**/cli/**', '**/extension/**', '**/webview/**', '**/language/**', '**/languageServer/**'], message: 'The protocol depends only on the engine.' }],
  }),
  layer('src/node/**/*.ts', {
    paths: [{ name: 'vscode', message: 'src/node is shared by the CLI and the worker: no vscode.' }],
    patterns: [{ group: ['**/worker/**', '**/cli/**', '**/extension/**', '**/webview/**'], message: 'src/node sits just above the engine.' }],
  }),
  layer('src/worker/**/*.ts', {
    paths: [{ name: 'vscode', message: 'Workers have no vscode API.' }],
    patterns: [{ group: ['**/cli/**', '**/extension/**', '**/webview/**'], message: 'The worker depends on engine, protocol and node only.' }],
  }),
  layer('src/languageServer/**/*.ts', {
    paths: [{ name: 'vscode', message: 'The language server is its own Node process: no vscode API.' }],
    patterns: [{ group: ['**/extension/**', '**/webview/**', '**/worker/**', '**/cli/**'], message: 'The language server depends on engine, protocol and node only.' }],
  }),
  layer('src/cli/**/*.ts', {
    paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
    patterns: [{ group: ['**/extension/**', '**/webview/**', '**/worker/**'], message: 'The CLI depends on engine, protocol and node only.' }],
  }),
  layer('src/extension/**/*.ts', {
    patterns: [{ group: ['**/cli/**', '**/webview/**'], message: 'The extension talks to the engine through the worker protocol.' }],
  }),
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Webviews run in the browser: no vscode API.' }],
        patterns: [{ group: ['**/src/engine/**', '**/src/extension/**', '**/src/worker/**', '**/src/node/**', 'node:*'], message: 'Webviews import only protocol types (import type).' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
