/**
 * The task a target column suggests, judged from the rows at the start of the file by the same
 * rule the engine applies to the whole file (so the QuickPick's "inferred" choice is the one a
 * run without a task would make, unless the head of the file is unrepresentative).
 * Free of `vscode` so it is unit-tested under plain Node.
 */
import { readCsvBytes } from '../engine/data/csvReader';
import type { Task } from '../engine/learners/types';
import { fitTargetSpec } from '../engine/prep/targetSpec';

/** The head bytes up to the last complete line (a cut-off last row would read as ragged). */
function completeLines(head: Uint8Array): Uint8Array {
  const lastNewline = head.lastIndexOf(0x0a);
  return lastNewline > 0 ? head.subarray(0, lastNewline + 1) : head;
}

/** The inferred task of `target` on the file's first bytes, or undefined when they cannot tell (one class seen, text target). */
export function guessTask(head: Uint8Array, target: string): Task | undefined {
  try {
    const { frame } = readCsvBytes(completeLines(head), { raggedRows: 'pad' });
    return fitTargetSpec(frame, target).task;
  } catch {
    return undefined;
  }
}
