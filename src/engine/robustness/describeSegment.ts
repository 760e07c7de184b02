/**
 * A segment's path as conditions and as words ("age > 60 and sex = male"): each column once, two
 * splits on the same column merged into the tighter bound (segmentTree.ts intersects them).
 */
import type { Constraint, TreeColumn } from './segmentTree';
import type { SegmentCondition } from './types';

/** The label standing for a missing value in conditions ("(missing)"), as explanations write it. */
export const MISSING_LABEL = '(missing)';

/**
 * The conditions of a leaf, in column order. Numeric columns give `>` and/or `<=` (with
 * `missing: true` when missing values are in too), or `in ['(missing)']` / `not in ['(missing)']`
 * for "is missing" / "is known". Categorical columns give `in` the allowed labels or `not in` the
 * others, whichever list is shorter; only labels seen in the data count (`seen`).
 */
export function segmentConditions(columns: readonly TreeColumn[], constraints: ReadonlyMap<number, Constraint>, seen: readonly Uint8Array[]): SegmentCondition[] {
  const out: SegmentCondition[] = [];
  columns.forEach((column, j) => {
    const c = constraints.get(j);
    if (!c) return;
    if (c.kind === 'numeric') {
      if (!c.known) {
        out.push({ column: column.name, op: 'in', value: [MISSING_LABEL] });
        return;
      }
      const lower = Number.isFinite(c.lo);
      const upper = Number.isFinite(c.hi);
      const missing = c.missing && seen[j][0] === 1 ? { missing: true } : {};
      if (lower) out.push({ column: column.name, op: '>', value: c.lo, ...missing });
      if (upper) out.push({ column: column.name, op: '<=', value: c.hi, ...missing });
      if (!lower && !upper && !c.missing && seen[j][0] === 1) out.push({ column: column.name, op: 'not in', value: [MISSING_LABEL] });
      return;
    }
    if (column.kind !== 'categorical') return;
    const inside: string[] = [];
    const outside: string[] = [];
    for (let s = 0; s < c.allowed.length; s++) {
      if (!seen[j][s]) continue;
      const label = s === 0 ? MISSING_LABEL : column.labels[s - 1];
      (c.allowed[s] ? inside : outside).push(label);
    }
    if (outside.length === 0) return;
    out.push(inside.length <= outside.length ? { column: column.name, op: 'in', value: inside } : { column: column.name, op: 'not in', value: outside });
  });
  return out;
}

/** The conditions in words, joined by "and". */
export function describeConditions(conditions: readonly SegmentCondition[], columns: readonly TreeColumn[]): string {
  const byColumn = new Map<string, SegmentCondition[]>();
  for (const c of conditions) byColumn.set(c.column, [...(byColumn.get(c.column) ?? []), c]);
  const parts: string[] = [];
  for (const [name, list] of byColumn) {
    const column = columns.find((c) => c.name === name);
    const number = (v: number): string => formatThreshold(v, column);
    const lower = list.find((c) => c.op === '>');
    const upper = list.find((c) => c.op === '<=');
    const orMissing = (lower ?? upper)?.missing ? ` (or ${name} missing)` : '';
    if (lower && upper) parts.push(`${number(lower.value as number)} < ${name} ≤ ${number(upper.value as number)}${orMissing}`);
    else if (lower) parts.push(`${name} > ${number(lower.value as number)}${orMissing}`);
    else if (upper) parts.push(`${name} ≤ ${number(upper.value as number)}${orMissing}`);
    for (const c of list) {
      if (c.op !== 'in' && c.op !== 'not in') continue;
      const labels = c.value as readonly string[];
      if (labels.length === 1 && labels[0] === MISSING_LABEL) parts.push(`${name} ${c.op === 'in' ? 'is missing' : 'is known'}`);
      else if (labels.length === 1) parts.push(`${name} ${c.op === 'in' ? '=' : '≠'} ${labels[0]}`);
      else parts.push(`${name} ${c.op} {${labels.join(', ')}}`);
    }
  }
  return parts.join(' and ');
}

/**
 * A threshold as people read it: a date for date columns, whole numbers with separators from
 * 1,000 on, else up to 4 significant digits (the exact value stays in the condition).
 */
function formatThreshold(value: number, column: TreeColumn | undefined): string {
  if (column?.kind === 'numeric' && column.datetime) {
    const iso = new Date(value).toISOString();
    return column.datetime.hasTime ? iso.replace('T', ' ').replace(/\.000Z$|Z$/, '') : iso.slice(0, 10);
  }
  if (Math.abs(value) >= 1000) return Math.round(value).toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return String(Number(value.toPrecision(4)));
}
