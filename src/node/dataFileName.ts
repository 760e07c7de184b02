/** What a data file's name says: its stem for run folders and exported modules, and its delimiter. */
import { basename, extname } from 'node:path';
import { isFileSource, type SourceSpec } from '../engine/data/sourceSpec';

/** The name without folders, a compression suffix or the data extension: 'titanic' for `data/titanic.csv.gz`. */
export function dataFileStem(path: string): string {
  const name = basename(path).replace(/\.gz$/i, '');
  return basename(name, extname(name));
}

/**
 * A short name of a source's data for run folders and exported modules: a file's stem, with the
 * sheet or table it reads ('sales-Q3'); a database's table or database name; the last segment of
 * a web API's path ('repos' for https://api.github.com/users/x/repos).
 */
export function sourceStem(spec: SourceSpec): string {
  if (isFileSource(spec)) {
    const within = spec.kind === 'xlsx' ? spec.sheet : spec.kind === 'sqlite' ? spec.table : undefined;
    return within === undefined ? dataFileStem(spec.path) : `${dataFileStem(spec.path)}-${within}`;
  }
  const path = spec.url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const last = path.split('/').filter((part) => part !== '').pop();
  if (spec.kind === 'postgres') return spec.table ?? last ?? 'query';
  return last ?? spec.url.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0];
}

/** The delimiter a file's name implies: tab for `.tsv` and `.tsv.gz`, else undefined (sniffed). */
export function delimiterForName(path: string): string | undefined {
  return /\.tsv(\.gz)?$/i.test(path) ? '\t' : undefined;
}
