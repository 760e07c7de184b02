/**
 * How one input column of a trained model is read from raw text: the type the column had in
 * training and the rules it was parsed with. Data read for an existing model (prediction,
 * explanations of new rows, any later scoring) is parsed by these rules instead of having its
 * types inferred again, and the exported module's `predict` follows the same ones, so a value
 * means the same thing everywhere whatever the other rows of a file look like.
 */
import type { DateFormat, NumberFormat } from './frame';

export type InputField =
  | { readonly kind: 'number'; readonly name: string; readonly optional: boolean; readonly format: NumberFormat }
  /** `hasTime`: whether training values carried a time of day (how dates are shown, not parsed). */
  | { readonly kind: 'date'; readonly name: string; readonly optional: boolean; readonly order: DateFormat['order']; readonly hasTime: boolean }
  /**
   * Booleans are labels as written in the file ([false, true]); a `true`/`false` value picks one,
   * and text matches a label case-insensitively, as the reader does. Other text is a label the
   * model never saw, handled as unseen labels are.
   */
  | { readonly kind: 'boolean'; readonly name: string; readonly optional: boolean; readonly labels: readonly [string, string] }
  /** Categories and free text: labels matched as written (trimmed); numbers are read as their text. */
  | { readonly kind: 'category'; readonly name: string; readonly optional: boolean; readonly text: boolean };
