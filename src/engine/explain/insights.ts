/**
 * The plain-language summary of a run's explanations: the top drivers and the direction of their
 * effect, interactions worth a look, columns that add nothing, and the profile's warnings that
 * matter for this model. Every sentence is derived from measured figures passed in; nothing here
 * computes a model output.
 */
import type { ProfileWarning } from '../profile/types';
import type { Interaction } from './interactions';

/** What the explanations measured about one column. */
export interface ColumnEffect {
  readonly column: string;
  /** Share of the total mean |SHAP| (0..1). */
  readonly share: number;
  /** Index of the output the direction refers to (the class it matters most for, in multiclass). */
  readonly output: number;
  /** Numeric and date columns: rank correlation of the value with its SHAP value (-1..1). */
  readonly trend?: number;
  /** Numeric columns: the grid value above which the partial dependence stays within 10% of its range. */
  readonly levelsOffAbove?: string;
  /** Free-text columns: their words, not their values, carry the effect. */
  readonly text?: boolean;
  /** Categorical columns whose levels are all too rare to compare (each in a few rows). */
  readonly rareLevels?: boolean;
  /**
   * Categorical columns in a sample too small to compare their levels: the rows explained (a
   * short budget explains a few dozen rows, where a 3-level column may have one level in 3 rows).
   */
  readonly fewRows?: number;
  /** Categorical columns: the levels with the highest and lowest mean SHAP value, relative to the column's average. */
  readonly raises?: { readonly level: string; readonly effect: number };
  readonly lowers?: { readonly level: string; readonly effect: number };
}

export interface InsightFacts {
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Label of each output ("survived = yes", a class, or the target). */
  readonly outputLabels: readonly string[];
  /** Columns by importance, largest first. */
  readonly effects: readonly ColumnEffect[];
  readonly interactions: readonly Interaction[];
  /** Columns whose permutation importance is within its noise and whose SHAP share is tiny. */
  readonly noEffect: readonly string[];
  readonly warnings: readonly ProfileWarning[];
}

/** Rank correlation beyond which an effect is called one-directional. */
const CLEAR_TREND = 0.3;
/** Interaction strength worth a sentence. */
const NOTABLE_INTERACTION = 0.25;

const pct = (share: number): string => `${Math.round(100 * share)}%`;
const code = (name: string): string => `\`${name}\``;

/** "the predicted chance of `survived = yes`" or "the predicted `price`". */
function predictedThing(facts: InsightFacts, output: number): string {
  const label = facts.outputLabels[output] ?? facts.outputLabels[0];
  if (facts.task === 'regression') return `the predicted ${code(label)}`;
  return `the predicted chance of ${code(facts.task === 'multiclass' ? `class ${label}` : label)}`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function driverSentence(facts: InsightFacts, e: ColumnEffect): string {
  const thing = predictedThing(facts, e.output);
  if (e.text) return `The words in the text column ${code(e.column)} shift ${thing} up or down from row to row (per-row explanations show by how much).`;
  if (e.rareLevels) return `${code(e.column)} matters through its many rare values, each seen in only a few rows: check that it generalises to new data.`;
  if (e.fewRows !== undefined) {
    return `${code(e.column)} matters, but the ${e.fewRows} rows explained within the budget are too few to tell which of its values raise or lower ${thing} (\`automl explain\` on the run folder has no time limit).`;
  }
  if (e.raises || e.lowers) {
    const parts: string[] = [];
    if (e.raises && e.raises.effect > 0) parts.push(`${code(e.column)} = ${e.raises.level} raises ${thing} the most`);
    if (e.lowers && e.lowers.effect < 0) parts.push(`${e.column === e.raises?.level ? '' : `${code(e.column)} = `}${e.lowers.level} lowers it the most`);
    if (parts.length > 0) return `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
    return `${code(e.column)} shifts ${thing} only slightly whatever its value.`;
  }
  if (e.trend !== undefined && Math.abs(e.trend) >= CLEAR_TREND) {
    const direction = e.trend > 0 ? 'raises' : 'lowers';
    const leveling = e.levelsOffAbove !== undefined ? `; the effect levels off above ${e.levelsOffAbove}` : '';
    return `Higher ${code(e.column)} ${direction} ${thing}${leveling}.`;
  }
  return `${code(e.column)} matters, but not in one direction: ${thing} rises over some of its range and falls over another (see its dependence plot).`;
}

/** The insight sentences, most important first. */
export function writeInsights(facts: InsightFacts): string[] {
  const out: string[] = [];
  const top = facts.effects.filter((e) => e.share > 0).slice(0, 3);
  if (top.length === 0) {
    out.push('The model ignores every column: it predicts the same value for every row.');
    return out;
  }
  out.push(`The model leans most on ${listOf(top.map((e) => `${code(e.column)} (${pct(e.share)} of the total effect)`))}.`);
  for (const e of top) out.push(driverSentence(facts, e));

  for (const i of facts.interactions.filter((p) => p.strength >= NOTABLE_INTERACTION).slice(0, 2)) {
    out.push(`The effect of ${code(i.column)} depends on ${code(i.with)} (interaction strength ${i.strength.toFixed(2)}): worth a look in the dependence plot.`);
  }

  if (facts.noEffect.length > 0) {
    const names = facts.noEffect.slice(0, 6).map(code);
    const more = facts.noEffect.length > 6 ? ` and ${facts.noEffect.length - 6} more` : '';
    out.push(`${listOf(names)}${more} add${facts.noEffect.length === 1 ? 's' : ''} nothing measurable (shuffling ${facts.noEffect.length === 1 ? 'it' : 'them'} does not hurt the validation score); the model would likely do as well without ${facts.noEffect.length === 1 ? 'it' : 'them'}.`);
  }

  const drivers = new Set(facts.effects.slice(0, 5).map((e) => e.column));
  for (const w of facts.warnings) {
    if (w.kind === 'leakage-suspect' && w.column && drivers.has(w.column)) {
      out.push(`${code(w.column)} is a top driver and the profile flagged it as a possible leak: ${w.message} A model that relies on a leak will fail in production.`);
    } else if (w.kind === 'many-missing' && w.column && drivers.has(w.column)) {
      out.push(`${code(w.column)} is a top driver but often missing (${w.message.replace(/^'[^']*' is /, '').replace(/\.$/, '')}): predictions for rows without it rest on the other columns.`);
    } else if (w.kind === 'imbalanced-target' || w.kind === 'duplicate-rows' || w.kind === 'time-ordered') {
      out.push(w.message);
    }
  }
  return out;
}
