/** What a data file's name says: its stem for run folders and exported modules, and its delimiter. */
import { basename, extname } from 'node:path';

/** The name without folders, a compression suffix or the data extension: 'titanic' for `data/titanic.csv.gz`. */
export function dataFileStem(path: string): string {
  const name = basename(path).replace(/\.gz$/i, '');
  return basename(name, extname(name));
}

/** The delimiter a file's name implies: tab for `.tsv` and `.tsv.gz`, else undefined (sniffed). */
export function delimiterForName(path: string): string | undefined {
  return /\.tsv(\.gz)?$/i.test(path) ? '\t' : undefined;
}
