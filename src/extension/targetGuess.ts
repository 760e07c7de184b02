/**
 * Which column a user most likely wants to predict, judged by its name only (no data is read).
 * Free of `vscode` so it is unit-tested under plain Node.
 */

/** Names that usually mean "the thing to predict", most telling first. */
const TARGET_NAMES = ['target', 'label', 'class', 'outcome', 'y'] as const;

/** Words that mark a target inside a longer name (`is_target`, `ClassLabel`). Not `y`: `pos_y` is a coordinate. */
const TARGET_WORDS = new Set(['target', 'label', 'class', 'outcome']);

/**
 * Index of the guessed target in `columns`: a column named exactly like a target (case and
 * separators ignored), else one with a target word in its name, else the last column.
 * Returns -1 only for an empty list.
 */
export function guessTargetIndex(columns: readonly string[]): number {
  const normalized = columns.map((name) => name.toLowerCase().replace(/[^a-z0-9]/g, ''));
  for (const name of TARGET_NAMES) {
    const index = normalized.indexOf(name);
    if (index >= 0) return index;
  }
  const byWord = columns.findIndex((name) => words(name).some((word) => TARGET_WORDS.has(word)));
  return byWord >= 0 ? byWord : columns.length - 1;
}

/** Lower-case words of a column name, split at separators and camelCase humps. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}
