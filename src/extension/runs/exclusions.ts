/**
 * Columns the user left out of a data file's runs ("Exclude column" on the profile), kept per
 * file in the workspace state so the next run, a rerun and a reopened profile all agree. Each run
 * seeds it with its own `exclude` list, so a rerun repeats the last run unless the user changed it.
 */

/** What this needs of `vscode.Memento` (workspace state). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const PREFIX = 'automl.excluded:';

export class Exclusions {
  constructor(private readonly store: StateStore) {}

  /** The columns `file` (as a run spec names it) leaves out, sorted. */
  of(file: string): string[] {
    const saved = this.store.get<unknown>(PREFIX + file);
    return Array.isArray(saved) ? saved.filter((c): c is string => typeof c === 'string').sort() : [];
  }

  /** Replaces the list of `file`. */
  async set(file: string, columns: readonly string[]): Promise<string[]> {
    const sorted = [...new Set(columns)].sort();
    await this.store.update(PREFIX + file, sorted.length === 0 ? undefined : sorted);
    return sorted;
  }

  /** Adds or removes one column; returns the new list. */
  toggle(file: string, column: string, exclude: boolean): Promise<string[]> {
    const current = this.of(file).filter((c) => c !== column);
    return this.set(file, exclude ? [...current, column] : current);
  }
}
