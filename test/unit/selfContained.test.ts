/**
 * A fresh clone must build, test and benchmark with nothing beside it. Our own checkouts once sat
 * next to a folder of datasets and peer figures that users never get; these tests fail when code,
 * tests, benchmarks, scripts, CI or build configuration point there again, and when a file the
 * dataset manifest names is not in the repository.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readManifest, REPO_ROOT } from '../publicDatasets';

/** Folders whose every file is scanned, and the scanned files at the root. */
const SCANNED_FOLDERS: readonly string[] = ['src', 'test', 'bench', 'scripts', '.ci', 'docs'];
const SCANNED_ROOT_FILES = /^(esbuild\.mjs|eslint\.config\.mjs|package\.json|tsconfig.*\.json|README\.md)$/;

/**
 * Ways of naming the folder beside the repository. Written with escapes so that this file, which
 * is scanned too, does not name it. `webview/shared` (our own source folder) matches none of them.
 */
const OUTSIDE_REFERENCES: readonly RegExp[] = [
  // A relative path one level up into it, either slash.
  /\.\.[\\/]shared\b/,
  // A path join of the parent folder and it, in either quotes.
  /['"]\.\.['"]\s*,\s*['"]shared['"]/,
  // The absolute path of our checkouts.
  /\/work\/shared\b/,
];

/**
 * The repository's files, '/'-separated and relative to the root: what git tracks (so untracked
 * junk is ignored), or, without git (an unpacked archive), what is on disk in the scanned folders
 * and datasets/, hidden folders such as bench/.scratch left out.
 */
function repoFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (git.error === undefined && git.status === 0) return git.stdout.split('\0').filter((file) => file !== '');
  const rootFiles = readdirSync(REPO_ROOT, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  return [...rootFiles, ...[...SCANNED_FOLDERS, 'datasets'].flatMap(walk)];
}

function walk(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (!entry.isDirectory()) return [path];
    return entry.name.startsWith('.') ? [] : walk(path);
  });
}

function isScanned(file: string): boolean {
  const slash = file.indexOf('/');
  return slash < 0 ? SCANNED_ROOT_FILES.test(file) : SCANNED_FOLDERS.includes(file.slice(0, slash));
}

/** `file:line: text` for every line of a text file that names the outside folder. */
function outsideReferences(file: string): string[] {
  const bytes = readFileSync(join(REPO_ROOT, file));
  if (bytes.includes(0)) return []; // binary (a screenshot): no paths in it
  return bytes
    .toString('utf8')
    .split('\n')
    .flatMap((line, i) => (OUTSIDE_REFERENCES.some((pattern) => pattern.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('the repository is self-contained', () => {
  const files = repoFiles();

  it('no code, test, benchmark, script, CI or build file refers to a folder beside the repository', () => {
    const scanned = files.filter(isScanned);
    assert.ok(scanned.includes('package.json') && scanned.some((f) => f.startsWith('src/')), `scanned: ${scanned.length} files`);
    assert.deepEqual(scanned.flatMap(outsideReferences), []);
  });

  it('the patterns tell such a reference from our own webview/shared folder', () => {
    const names = (line: string): boolean => OUTSIDE_REFERENCES.some((pattern) => pattern.test(line));
    // Assembled from pieces, for the reason OUTSIDE_REFERENCES is escaped.
    const up = '..';
    const folder = 'shared';
    const references = [
      `${up}/${folder}/manifest.json`,
      `join(root, '${up}', '${folder}')`,
      `join(root, "${up}",  "${folder}")`,
      `C:\\repo\\${up}\\${folder}`,
      `/work/${folder}/datasets`,
    ];
    for (const line of references) assert.ok(names(line), line);
    for (const line of ["import { x } from '../../webview/shared/dom';", "import { dom } from './shared/dom';", "join(root, 'shared')"]) {
      assert.ok(!names(line), line);
    }
  });

  it('every data file and split the dataset manifest names is in datasets/', () => {
    const manifest = readManifest();
    assert.ok(manifest.length > 0, 'the manifest lists datasets');
    const present = new Set(files);
    const missing = manifest.flatMap((e) => [`datasets/${e.file}`, `datasets/splits/${e.name}.json`]).filter((file) => !present.has(file));
    assert.deepEqual(missing, []);
  });
});
