/**
 * Which column of a table a user most likely wants to predict (the "guessed target" a target
 * picker highlights), judged from the column names and, when rows are at hand, from their values;
 * the first rows of a file are enough. Deterministic: the same input always gives the same ranking.
 *
 * The rule is a score per column, the sum of the weights below (each says why it has its size):
 * 1. Columns that can never be a sensible target are ranked out, below every other column:
 *    identifiers, free text, datetimes, and columns with no value or a single one (a single one
 *    only when the frame is all the data: see `TargetGuessOptions.partial`).
 * 2. Names: an outcome name (`survived`, `churn`, `label`, `species`, …) counts most; a quantity
 *    people forecast (`price`, `sales`, …, as a whole word, so `SalePrice` counts) next; an
 *    outcome word inside a longer name (`passengerClass`, `is_fraud`) a little. `y` beside an `x`
 *    or `z` column is a coordinate, not an outcome.
 * 3. Values: class labels (a boolean, or 2 to 50 distinct strings) count; more distinct strings
 *    than that count against; numbers are neutral, since any of them may be a regression target.
 * 4. Ties go to the later column, so with no signal at all the last column wins: where most
 *    tables keep their target.
 */
import type { Column, Frame } from '../data/frame';
import { looksLikeIdName } from '../data/inferType';
import { HIGH_CARDINALITY_LEVELS, nameWords } from './columnFlags';

/** Why a column cannot be a sensible target. */
export type TargetExclusion = 'identifier' | 'free text' | 'datetime' | 'no values' | 'one value';

/** One column as a target candidate, with the signals behind its score. */
export interface TargetCandidate {
  /** Position of the column in the frame (or in the list of names). */
  readonly index: number;
  readonly name: string;
  /** Sum of the weights of the signals in `reasons`; higher is likelier. */
  readonly score: number;
  /** Set when the column cannot be a sensible target: it then ranks after every column that can. */
  readonly excluded?: TargetExclusion;
  /** The signals that make up `score`, in words (`outcome name`, `class labels`), for display and tests. */
  readonly reasons: readonly string[];
}

/** How the frame given to `rankTargets` relates to the data. */
export interface TargetGuessOptions {
  /**
   * The frame holds only the first rows of longer data (the head of a file). One value seen
   * then does not make a column constant: a file sorted by its label (spam.csv) starts with
   * rows of a single class. Default false: the frame is all the data.
   */
  readonly partial?: boolean;
}

// The weights. Only their order matters; the gaps make the intended comparisons explicit.

/** Named exactly like an outcome: people name the column to predict for what it is. */
const OUTCOME_NAME = 4;
/**
 * A forecast quantity among the name's words: names a regression target. Below an outcome name,
 * but above class labels, so diamonds' `price` beats its `cut`/`color`/`clarity` grades.
 */
const QUANTITY_NAME = 3;
/**
 * Values that read as class labels. Below every name signal but the weakest, because features
 * are categorical just as often as targets (`sex`, `island`): the data only says "could be".
 */
const CLASS_LABELS = 2;
/**
 * An outcome word inside a longer name: a weak hint, as such names often describe a feature
 * (`passengerClass`, `marital_status`). With class labels it still stays below an outcome name
 * with class labels (3 < 6), so titanic's `survived` beats `passengerClass`.
 */
const OUTCOME_WORD = 1;
/**
 * More distinct strings than a profile calls high-cardinality (airports, cities, product codes):
 * a classifier over that many classes is seldom what is wanted, so rank it below plain numbers.
 */
const MANY_LABELS = -1;

/**
 * Whole (normalised) names that mean "the thing to predict". Also matched as one word of a
 * longer name (OUTCOME_WORD), except `y`: `pos_y` is a coordinate.
 */
const OUTCOME_NAMES = new Set([
  'target',
  'label',
  'class',
  'outcome',
  'y',
  'survived',
  'churn',
  'churned',
  'default',
  'status',
  'response',
  'result',
  'diagnosis',
  'species',
  'fraud',
  'attrition',
  'exited',
]);

/** Words of quantities people forecast: a regression target when they appear in a name. */
const QUANTITY_WORDS = new Set([
  'price',
  'prices',
  'sales',
  'revenue',
  'amount',
  'cost',
  'costs',
  'income',
  'salary',
  'profit',
  'charges',
  'demand',
]);

/** Names of the other axes that make a `y` column a coordinate. */
const COORDINATE_NAMES = new Set(['x', 'z']);

/** The column's name lower-cased with separators dropped, as outcome names are compared. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Score, reasons and exclusion from the name alone; `names` are all normalised names (for the coordinate rule). */
function nameSignals(name: string, names: ReadonlySet<string>): { score: number; reasons: string[]; excluded?: TargetExclusion } {
  const reasons: string[] = [];
  let score = 0;
  const whole = normalized(name);
  const words = nameWords(name);
  if (whole === 'y' && [...COORDINATE_NAMES].some((axis) => names.has(axis))) {
    reasons.push('coordinate');
  } else if (OUTCOME_NAMES.has(whole)) {
    score += OUTCOME_NAME;
    reasons.push('outcome name');
  } else if (words.some((word) => word !== 'y' && OUTCOME_NAMES.has(word))) {
    score += OUTCOME_WORD;
    reasons.push('outcome word in name');
  }
  if (words.some((word) => QUANTITY_WORDS.has(word))) {
    score += QUANTITY_NAME;
    reasons.push('quantity name');
  }
  return looksLikeIdName(name) ? { score, reasons, excluded: 'identifier' } : { score, reasons };
}

/** Distinct non-missing values of `column`, counted up to `limit` (enough to tell the cases apart). */
function distinctUpTo(column: Column, limit: number): number {
  let distinct = 0;
  if (column.storage === 'categorical') {
    const seen = new Uint8Array(column.dictionary.length);
    for (const code of column.codes) {
      if (code < 0 || seen[code] === 1) continue;
      seen[code] = 1;
      if (++distinct >= limit) break;
    }
    return distinct;
  }
  const seen = new Set<number>();
  for (const value of column.values) {
    if (Number.isNaN(value) || seen.has(value)) continue;
    seen.add(value);
    if (++distinct >= limit) break;
  }
  return distinct;
}

/** Score, reason and exclusion from the column's values. */
function dataSignals(column: Column, partial: boolean): { score: number; reason?: string; excluded?: TargetExclusion } {
  if (column.type === 'id') return { score: 0, excluded: 'identifier' };
  if (column.type === 'text') return { score: 0, excluded: 'free text' };
  if (column.type === 'datetime') return { score: 0, excluded: 'datetime' };
  // Numbers only need 0, 1 or "more"; strings need to know whether they pass HIGH_CARDINALITY_LEVELS.
  const distinct = distinctUpTo(column, column.storage === 'categorical' ? HIGH_CARDINALITY_LEVELS + 1 : 2);
  if (distinct === 0) return { score: 0, excluded: 'no values' };
  if (distinct === 1) return partial ? { score: 0 } : { score: 0, excluded: 'one value' };
  if (column.type === 'boolean') return { score: CLASS_LABELS, reason: 'class labels' };
  if (column.type === 'categorical') {
    return distinct > HIGH_CARDINALITY_LEVELS ? { score: MANY_LABELS, reason: 'many labels' } : { score: CLASS_LABELS, reason: 'class labels' };
  }
  return { score: 0 };
}

/** Best first: candidates before excluded columns, then higher score, then the later column. */
function byLikelihood(a: TargetCandidate, b: TargetCandidate): number {
  return Number(a.excluded !== undefined) - Number(b.excluded !== undefined) || b.score - a.score || b.index - a.index;
}

/**
 * Every column of `names` ranked by how likely it is the target, judged by name only (for when
 * no rows could be read): outcome and quantity names score, identifier names are ranked out,
 * ties go to the later column. Empty for an empty list.
 */
export function rankTargetNames(names: readonly string[]): TargetCandidate[] {
  const normalizedNames = new Set(names.map(normalized));
  return names.map((name, index) => ({ index, name, ...nameSignals(name, normalizedNames) })).sort(byLikelihood);
}

/**
 * Every column of `frame` ranked by how likely it is the target (see the module comment for the
 * rule), best first. Columns that cannot be a target come last, still ordered by name and
 * position, so the first entry is a guess whenever the frame has columns. A frame without rows
 * is ranked by names alone.
 */
export function rankTargets(frame: Frame, options: TargetGuessOptions = {}): TargetCandidate[] {
  const names = frame.columns.map((column) => column.name);
  if (frame.rowCount === 0) return rankTargetNames(names);
  const normalizedNames = new Set(names.map(normalized));
  const partial = options.partial ?? false;
  return frame.columns
    .map((column, index): TargetCandidate => {
      const byName = nameSignals(column.name, normalizedNames);
      const byData = dataSignals(column, partial);
      const excluded = byName.excluded ?? byData.excluded;
      const candidate = {
        index,
        name: column.name,
        score: byName.score + byData.score,
        reasons: byData.reason === undefined ? byName.reasons : [...byName.reasons, byData.reason],
      };
      return excluded === undefined ? candidate : { ...candidate, excluded };
    })
    .sort(byLikelihood);
}

/** The name of the likeliest target column of `frame` (see `rankTargets`), or undefined when it has no columns. */
export function guessTarget(frame: Frame, options: TargetGuessOptions = {}): string | undefined {
  return rankTargets(frame, options)[0]?.name;
}
