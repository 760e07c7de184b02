/**
 * Which column the target picker highlights: the engine's guess from the first rows of the file
 * (`src/engine/profile/targetGuess.ts`), or from the column names alone when those rows could not
 * be parsed. Free of `vscode` so it is unit-tested under plain Node.
 */
import { rankTargetNames, rankTargets } from '../engine/profile/targetGuess';
import type { SourcePeek } from '../engine/data/sourcePreview';

/**
 * Index of the guessed target in `columns` (the header's names), judged on `sample` when it is
 * given and holds those same columns, else on the names alone. Returns -1 only for an empty list.
 */
export function guessTargetIndex(columns: readonly string[], sample?: Pick<SourcePeek, 'frame' | 'partial'>): number {
  const [best] =
    sample !== undefined && sameNames(sample, columns)
      ? rankTargets(sample.frame, { partial: sample.partial })
      : rankTargetNames(columns);
  return best === undefined ? -1 : best.index;
}

/** The header sniffed and the rows parsed name the same columns in the same order (both de-duplicate names alike). */
function sameNames({ frame }: Pick<SourcePeek, 'frame'>, columns: readonly string[]): boolean {
  return frame.columns.length === columns.length && frame.columns.every((column, index) => column.name === columns[index]);
}
