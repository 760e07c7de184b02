/**
 * Command IDs: each defined once here and contributed under the same ID in package.json
 * (a unit test keeps the two in step).
 */
export const Command = {
  /** Explorer context menu on a .csv/.tsv file ("AutoML this"); hidden from the palette. */
  runOnFile: 'automl.runOnFile',
  /** Palette: pick a .csv/.tsv file in an open dialog, then run as `runOnFile` does. */
  runOnPickedFile: 'automl.runOnPickedFile',
  /** Reveals the "AutoML" output channel. */
  showLog: 'automl.showLog',
} as const;

/** Any command ID this extension contributes. */
export type CommandId = (typeof Command)[keyof typeof Command];
