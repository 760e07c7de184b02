/**
 * The public datasets kept in the repository's `datasets/` folder (see datasets/README.md): where
 * they are, their manifest, and their fixed holdout splits. Unit tests, end-to-end tests and
 * benchmarks all find them here, so a fresh clone needs nothing beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The repository root: the nearest folder above the working directory with our package.json. */
function findRepoRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'automl-vscode') return dir;
    if (dirname(dir) === dir) throw new Error(`no automl-vscode package.json above ${start}`);
  }
}

/** The repository root (the folder of our package.json). */
export const REPO_ROOT: string = findRepoRoot(process.cwd());

/** The `datasets/` folder of the repository. */
export const DATASETS: string = join(REPO_ROOT, 'datasets');

/** A column as the manifest describes it. */
export interface ManifestColumn {
  readonly name: string;
  readonly type: 'numeric' | 'categorical' | 'date' | 'text';
  readonly missing_pct: number;
  readonly n_unique: number;
}

/** One dataset of `datasets/manifest.json`. */
export interface ManifestEntry {
  readonly name: string;
  /** The data file in `datasets/` (`.csv`, or `.csv.gz` when stored compressed). */
  readonly file: string;
  readonly target: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly rows: number;
  readonly cols: number;
  /** The feature columns (the target excluded). */
  readonly columns: readonly ManifestColumn[];
  readonly class_counts?: Readonly<Record<string, number>>;
  readonly positive_class?: string;
  readonly source: string;
  readonly license: string;
}

/** The fixed 80/20 holdout of a dataset: 0-based data-row indices. */
export interface Split {
  readonly train: number[];
  readonly test: number[];
}

export function readManifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(DATASETS, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

/** The manifest entry of dataset `name`, or a `RangeError`. */
export function manifestEntry(name: string): ManifestEntry {
  const entry = readManifest().find((e) => e.name === name);
  if (!entry) throw new RangeError(`no dataset '${name}' in ${join(DATASETS, 'manifest.json')}`);
  return entry;
}

/** The path of dataset `name`'s data file (plain or gzip-compressed, as the manifest says). */
export function datasetFile(name: string): string {
  return join(DATASETS, manifestEntry(name).file);
}

/**
 * The text of dataset `name`'s data file, inflated when it is stored compressed: for tests that
 * compare our reader with the raw CSV fields.
 */
export function datasetText(name: string): string {
  const file = datasetFile(name);
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The fixed holdout split of dataset `name` (`datasets/splits/NAME.json`). */
export function readSplit(name: string): Split {
  return JSON.parse(readFileSync(join(DATASETS, 'splits', `${name}.json`), 'utf8')) as Split;
}
