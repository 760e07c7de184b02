/**
 * How many rows of a source a run can hold: the frame plus the fold matrices every trial thread
 * caches, by the engine's own estimate (engine/automl/memoryGuard.ts `planMemory`, 8 bytes a
 * cell) with each feature taken as one matrix column. Sources that profile where the data lives
 * (a database) then send a seeded sample of that many rows instead of all of them; runAutoML
 * checks again on the feature widths it measures once the rows are here.
 */
import { budgetMsOf, type RunSpec } from '../engine/automl/runSpec';
import { foldCount, validationOverrides } from '../engine/automl/runSetup';
import type { DatasetProfile } from '../engine/profile/types';
import { chooseValidation } from '../engine/validate/chooseValidation';

/** The most rows of `profile`'s data a run of `spec` fits in `memory`. */
export function rowsWithinMemory(profile: DatasetProfile, spec: RunSpec, memory: { readonly limitBytes: number; readonly threads: number }): number {
  const columns = Math.max(1, profile.columns.length);
  const features = Math.max(1, columns - 1);
  const plan = chooseValidation(
    { rows: profile.rows, task: profile.target?.task ?? 'regression', features, budgetSeconds: budgetMsOf(spec) / 1000, classes: profile.target?.classes?.length },
    validationOverrides(spec),
  );
  // The frame, then each fold's matrix in the native and the dense layout, in every thread.
  const bytesPerRow = 8 * columns + 8 * foldCount(plan) * memory.threads * 2 * features;
  return Math.max(0, Math.floor(memory.limitBytes / bytesPerRow));
}
