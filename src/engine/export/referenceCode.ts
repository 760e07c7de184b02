/**
 * The exported module's `REFERENCE`: the run's monitoring reference without its row sample, as a
 * constant (plain data, `as const`), so code that serves the model can compare what it sees with
 * the training data without any other file.
 */
import { compactReference } from '../monitor/compactReference';
import type { MonitorReference } from '../monitor/types';
import { docComment, numberLiteral, stringLiteral, wrapItems } from './sourceText';

/** The `export const REFERENCE = {…} as const;` declaration with its doc comment. */
export function referenceCode(reference: MonitorReference): string {
  const compact = compactReference(reference);
  const doc = docComment([
    'What the training data looked like, for monitoring (the run\u2019s reference.json without its',
    'row sample): per source column its null rate, range and reference-quantile buckets (numbers and',
    'dates as epoch ms: bucket i is (edges[i-1], edges[i]]) or its most frequent levels; the',
    'distribution of the model\u2019s out-of-fold predictions; the cross-validated metric with its',
    'per-fold scores and their sample standard deviation.',
  ]);
  return `${doc}\nexport const REFERENCE = ${literal(compact, '')} as const;`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A JSON value as a TypeScript literal: objects one property per line, arrays of numbers or
 * strings wrapped at the module's width, numbers in shortest round-trip form.
 */
function literal(value: unknown, indent: string): string {
  if (value === null) return 'null';
  // JSON (the reference's own form) has no negative zero; the constant reads back as the file does.
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : numberLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${wrapItems(value.map((v) => literal(v, inner)), indent)}]`;
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, v]) => `${inner}${IDENTIFIER.test(key) ? key : stringLiteral(key)}: ${literal(v, inner)},`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  throw new TypeError(`a reference holds JSON data only, got ${typeof value}`);
}
