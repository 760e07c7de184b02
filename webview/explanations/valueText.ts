/**
 * How the Explanations panel words values: a sample value, a signed SHAP value, the output space
 * and a model key. Pure functions (no DOM), shared by the tabs and tested directly.
 */
import type { ModelKey, RunExplanations, SampleValue } from '../../src/protocol/webview';
import { formatDate, formatNumber } from '../shared/format';

/** The space SHAP values and base/output values are in (`RunExplanations.outputSpace`). */
export type OutputSpace = RunExplanations['outputSpace'];

/**
 * A column's value as shown: the label, the number as the file would write it (no thousands
 * separators, so a year reads 2007; at most 6 significant digits), a date for datetime columns,
 * or "missing".
 */
export function formatSampleValue(value: SampleValue, isDate = false): string {
  if (value === null) return 'missing';
  if (typeof value === 'string') return value;
  if (isDate) return formatDate(value);
  const magnitude = Math.abs(value);
  if (!Number.isFinite(value) || magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-4)) return formatNumber(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** A signed number: "+0.12", "−0.05" (a real minus sign), "0". */
export function formatSigned(value: number): string {
  if (value === 0 || Number.isNaN(value)) return formatNumber(value);
  return `${value > 0 ? '+' : '\u2212'}${formatNumber(Math.abs(value))}`;
}

/** "final model" or "trial 12". */
export function modelKeyText(model: ModelKey): string {
  return model === 'final' ? 'final model' : `trial ${model}`;
}

/** A short name of the output space, for axis titles: "probability", "log-odds", "value". */
export function outputSpaceName(space: OutputSpace): string {
  switch (space) {
    case 'margin':
      return 'log-odds (margin)';
    case 'probability':
      return 'probability';
    case 'value':
      return 'value';
  }
}

/** What the model's output is for `label` in `space`, e.g. "the predicted probability of `yes`". */
export function outputPhrase(space: OutputSpace, label: string): string {
  switch (space) {
    case 'margin':
      return `the model's raw score (log-odds) for ${label}`;
    case 'probability':
      return `the predicted probability of ${label}`;
    case 'value':
      return `the predicted ${label}`;
  }
}

/** One line about how to read the SHAP values, for the panel header. */
export function outputSpaceLine(space: OutputSpace, labels: readonly string[]): string {
  const which = labels.length > 1 ? 'the chosen class' : (labels[0] ?? 'the target');
  switch (space) {
    case 'margin':
      return `SHAP values are in margin (log-odds) space: a row's values add up from the base value to ${outputPhrase(space, which)}, before the link turns it into a probability.`;
    case 'probability':
      return `SHAP values are in probability space: a row's values add up from the base value to ${outputPhrase(space, which)}.`;
    case 'value':
      return `SHAP values are in the target's units: a row's values add up from the base value (the average prediction) to ${outputPhrase(space, which)}.`;
  }
}
