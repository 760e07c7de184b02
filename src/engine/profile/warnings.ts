import type { ColumnType } from '../data/frame';
import type { ReadReport } from '../data/readReport';
import { isConstant, isHighCardinality, isIdLike, isTimeLikeName } from './columnFlags';
import type { OrderShares } from './timeOrder';
import type { Association, ColumnProfile, ProfileWarning, TargetProfile } from './types';

/** A column with more than this share of missing values gets a 'many-missing' warning. */
export const MANY_MISSING_SHARE = 0.5;
/** A target whose rarest class has less than this share of the labelled rows is imbalanced. */
export const IMBALANCED_MINORITY_SHARE = 0.1;
/** ...as is one whose most frequent class outnumbers the rarest by this factor or more. */
export const IMBALANCED_RATIO = 10;
/** A feature associated with the target at least this strongly is a leakage suspect. */
export const LEAKAGE_ASSOCIATION = 0.95;
/** Share of consecutive values in one direction that makes a time column 'time-ordered'. */
export const TIME_ORDERED_SHARE = 0.99;
/** Fewest consecutive pairs for a time-order judgement; a handful of rows is ordered by chance. */
export const TIME_ORDERED_MIN_PAIRS = 10;

/** Bad values quoted with their lines in a 'bad-values' warning; the count covers the rest. */
const SHOWN_BAD_VALUES = 3;

/** Warnings for what the CSV reader had to fix or guess; `typeOf` names a column's type. */
export function reportWarnings(report: ReadReport, typeOf: (column: string) => ColumnType | undefined): ProfileWarning[] {
  const warnings: ProfileWarning[] = [];
  if (report.encoding !== 'utf-8') {
    warnings.push({
      kind: 'encoding',
      message:
        'The file is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check that accented characters look right.',
    });
  }
  const ragged = report.raggedRows;
  if (ragged.count > 0) {
    const what = ragged.count === 1 ? '1 row had' : `${formatCount(ragged.count)} rows had`;
    const lines = ragged.firstLines.length > 0 ? ` (first at line ${ragged.firstLines.slice(0, 5).join(', ')})` : '';
    const done =
      ragged.policy === 'pad'
        ? 'short rows were padded with missing values and extra fields dropped'
        : ragged.policy === 'drop'
          ? 'they were left out'
          : 'reading stopped';
    warnings.push({
      kind: 'ragged-rows',
      message: `${what} a different number of fields than the header${lines}; ${done}.`,
    });
  }
  for (const renamed of report.renamedHeaders) {
    warnings.push({
      kind: 'renamed-header',
      column: renamed.to,
      message:
        renamed.from.trim() === ''
          ? `An empty header was named '${renamed.to}'.`
          : `The repeated header '${renamed.from}' was renamed '${renamed.to}'.`,
    });
  }
  for (const bad of report.badValues) {
    const type = typeOf(bad.column);
    const shown = bad.examples.slice(0, SHOWN_BAD_VALUES);
    const examples = shown.map((e) => `"${e.value}" ${report.positions === 'record' ? 'in' : 'on'} ${report.positions ?? 'line'} ${e.line}`).join(', ');
    const values = bad.count === 1 ? '1 value' : `${formatCount(bad.count)} values`;
    warnings.push({
      kind: 'bad-values',
      column: bad.column,
      message:
        `${values} in '${bad.column}' did not read as ${type ?? 'the column type'}` +
        (shown.length > 0 ? ` (${bad.count === 1 ? '' : 'e.g. '}${examples}${bad.count > shown.length ? ', …' : ''})` : '') +
        (bad.count === 1 ? ' and was treated as missing.' : ' and were treated as missing.'),
    });
  }
  return warnings;
}

/**
 * Per-column warnings: constant, id-like, high-cardinality, many-missing and (given the order
 * shares of a datetime or time-named integer column) time-ordered. `rows` is the frame's row count.
 */
export function columnWarnings(profile: ColumnProfile, rows: number, order?: OrderShares): ProfileWarning[] {
  const warnings: ProfileWarning[] = [];
  const name = profile.name;
  if (isConstant(profile)) {
    warnings.push({
      kind: 'constant',
      column: name,
      message:
        profile.count === 0
          ? `'${name}' has no values (every row is missing), so it carries no information.`
          : `'${name}' has the same value (${constantValue(profile)}) in every non-missing row, so it carries no information.`,
    });
  } else if (isIdLike(profile)) {
    warnings.push({
      kind: 'id-like',
      column: name,
      message:
        profile.type === 'id'
          ? `'${name}' is an identifier; it should not be used as a feature.`
          : `'${name}' looks like an identifier (all ${formatCount(profile.count)} values are distinct); it should not be used as a feature.`,
    });
  } else if (isHighCardinality(profile)) {
    warnings.push({
      kind: 'high-cardinality',
      column: name,
      message: `'${name}' has ${formatCount(profile.unique)} distinct values; rare levels may need grouping or a target/frequency encoding.`,
    });
  }
  if (rows > 0 && profile.missing / rows > MANY_MISSING_SHARE) {
    warnings.push({
      kind: 'many-missing',
      column: name,
      message: `'${name}' is ${formatPct(profile.missing / rows)} missing (${formatCount(profile.missing)} of ${formatCount(rows)} rows).`,
    });
  }
  if (order !== undefined && !isConstant(profile) && order.pairs >= TIME_ORDERED_MIN_PAIRS) {
    const up = order.nonDecreasing >= TIME_ORDERED_SHARE;
    const down = !up && order.nonIncreasing >= TIME_ORDERED_SHARE;
    if (up || down) {
      const share = up ? order.nonDecreasing : order.nonIncreasing;
      warnings.push({
        kind: 'time-ordered',
        column: name,
        message:
          `The rows are in '${name}' order (${formatPct(share)} of consecutive values ${up ? 'never decrease' : 'never increase'}); ` +
          'a random split would let a model learn from the future, so prefer a time-based split.',
      });
    }
  }
  return warnings;
}

/** Whether `profile`'s column should be checked for time order. */
export function isTimeCandidate(profile: ColumnProfile): boolean {
  return profile.storage === 'datetime' || (profile.type === 'integer' && isTimeLikeName(profile.name));
}

/** A 'duplicate-rows' warning when any row repeats an earlier one. */
export function duplicateRowsWarning(duplicates: number, rows: number): ProfileWarning | undefined {
  if (duplicates <= 0) return undefined;
  const what = duplicates === 1 ? '1 row is an exact duplicate' : `${formatCount(duplicates)} rows are exact duplicates`;
  return {
    kind: 'duplicate-rows',
    message: `${what} of an earlier row (${formatPct(duplicates / rows)} of rows); duplicates can leak between training and validation folds.`,
  };
}

/**
 * An 'imbalanced-target' warning when the rarest class has under `IMBALANCED_MINORITY_SHARE`
 * of the labelled rows or the most frequent outnumbers it `IMBALANCED_RATIO` times or more.
 */
export function imbalancedTargetWarning(target: TargetProfile): ProfileWarning | undefined {
  const classes = target.classes;
  if (!classes || classes.length < 2) return undefined;
  let labelled = 0;
  for (const c of classes) labelled += c.count;
  const majority = classes[0];
  const minority = classes[classes.length - 1];
  const share = minority.count / labelled;
  const ratio = majority.count / minority.count;
  if (share >= IMBALANCED_MINORITY_SHARE && ratio < IMBALANCED_RATIO) return undefined;
  return {
    kind: 'imbalanced-target',
    column: target.column,
    message:
      `The target '${target.column}' is imbalanced: its rarest class "${minority.value}" has ${formatCount(minority.count)} rows ` +
      `(${formatPct(share)}) against ${formatCount(majority.count)} for "${majority.value}" (${formatRatio(ratio)}:1); ` +
      'accuracy will flatter models, so judge them by balanced metrics.',
  };
}

/**
 * A 'leakage-suspect' warning when a feature's association with the target reaches
 * `LEAKAGE_ASSOCIATION` (by the pair's `value`: |Spearman|, Cramér's V or η). ID-like
 * features are left to their own warning.
 */
export function leakageWarning(
  feature: ColumnProfile,
  target: string,
  association: Association,
): ProfileWarning | undefined {
  if (feature.name === target || isIdLike(feature) || association.value < LEAKAGE_ASSOCIATION) return undefined;
  const measure =
    association.spearman !== undefined
      ? '|Spearman ρ|'
      : association.cramersV !== undefined
        ? "Cramér's V"
        : 'correlation ratio η';
  return {
    kind: 'leakage-suspect',
    column: feature.name,
    message:
      `'${feature.name}' predicts the target '${target}' almost perfectly (${measure} = ${association.value.toFixed(3)}); ` +
      'check that it is not derived from the target or only known after it.',
  };
}

function constantValue(profile: ColumnProfile): string {
  if (profile.topValues && profile.topValues.length > 0) return `"${profile.topValues[0].value}"`;
  if (profile.min === undefined) return 'one value';
  return profile.storage === 'datetime' ? new Date(profile.min).toISOString() : String(profile.min);
}

/** 1234567 -> "1,234,567", independent of the host's locale. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A 0..1 share as a percentage with one decimal ("12.5%"); tiny non-zero shares read "<0.1%". */
export function formatPct(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? formatCount(ratio) : ratio.toFixed(1);
}
