/**
 * The task a target column suggests, judged from the rows at the start of the file by the same
 * rule the engine applies to the whole file (so the QuickPick's "inferred" choice is the one a
 * run without a task would make, unless the head of the file is unrepresentative).
 * Free of `vscode` so it is unit-tested under plain Node.
 */
import type { Task } from '../engine/learners/types';
import { fitTargetSpec } from '../engine/prep/targetSpec';
import type { SourcePeek } from '../engine/data/sourcePreview';

/** The inferred task of `target` on the file's first rows, or undefined when they cannot tell (no rows parsed, one class seen, text target). */
export function guessTask(sample: Pick<SourcePeek, 'frame'> | undefined, target: string): Task | undefined {
  if (sample === undefined) return undefined;
  try {
    return fitTargetSpec(sample.frame, target).task;
  } catch {
    return undefined;
  }
}
