/**
 * Checks a parsed YAML document against the spec schema (specSchema.ts): each value's kind,
 * names, bounds and keys, with a diagnostic at the offending node. Returns the document as plain
 * values, leaving out whatever was wrong, and where each key and value was, so later checks
 * (parseSpec.ts) can point at them too.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseDuration } from './duration';
import { closestMatch } from './editDistance';
import type { SpecDiagnostic, SpecDiagnosticCode, SpecSeverity } from './specFile';
import type { EnumValue, NumberNode, SchemaNode } from './specSchema';
import type { LineMap, Range } from './textPosition';

/** A key path into the spec: keys of mappings, indexes of lists. */
export type KeyPath = readonly (string | number)[];

/** Where a value was: its key (absent for list items and the document) and the value itself. */
export interface Location {
  readonly key?: Range;
  readonly value: Range;
  /**
   * For a list: the index in the file of each item kept in the checked value (items that did not
   * fit the schema are left out, so the two can differ).
   */
  readonly items?: readonly number[];
}

/** The checked document: its valid values, and where every key path was. */
export interface CheckedDocument {
  readonly value: unknown;
  readonly locations: ReadonlyMap<string, Location>;
}

/** The map key of a key path in `CheckedDocument.locations`. */
export function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
}

/** A key path as messages name it: `validation.folds`, `learners[1]`. */
export function pathLabel(path: KeyPath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('') || 'the spec';
}

/** Checks `doc` against `schema`, adding diagnostics to `diagnostics`. */
export function checkSchema(doc: Document, schema: SchemaNode, lines: LineMap, diagnostics: SpecDiagnostic[]): CheckedDocument {
  const checker = new SchemaChecker(doc, lines, diagnostics);
  const value = checker.check(doc.contents, schema, [], undefined);
  return { value, locations: checker.locations };
}

/** A YAML node's offsets: the value's start and end (without trailing comments). */
function nodeSpan(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

class SchemaChecker {
  readonly locations = new Map<string, Location>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineMap,
    private readonly diagnostics: SpecDiagnostic[],
  ) {}

  /**
   * The plain value of `node` if it fits `schema` (parts that do not fit left out of mappings
   * and lists), else undefined. `key` is where its key was, for the location table and for
   * diagnostics about a key with no value.
   */
  check(node: unknown, schema: SchemaNode, path: KeyPath, key: Range | undefined): unknown {
    const yamlNode = (node ?? null) as Node | null;
    // A key without a value ends where the key ends.
    const range = this.rangeOf(yamlNode, key ?? this.lines.range(0, 0));
    this.locations.set(pathKey(path), key === undefined ? { value: range } : { key, value: range });
    const resolved = isAlias(yamlNode) ? yamlNode.resolve(this.doc) : yamlNode;
    if (resolved === undefined) return this.wrong(path, range, `${pathLabel(path)} refers to an anchor that is not defined`);
    return this.checkResolved(resolved, schema, path, range, key);
  }

  private checkResolved(node: Node | null, schema: SchemaNode, path: KeyPath, range: Range, key: Range | undefined): unknown {
    const scalar = isScalar(node) ? node.value : undefined;
    const isNull = node === null || (isScalar(node) && node.value === null);
    if (isNull && schema.kind !== 'either') {
      return this.wrong(path, key ?? range, `${pathLabel(path)} has no value: ${expected(schema)} goes here`);
    }
    switch (schema.kind) {
      case 'object': {
        if (!isMap(node)) return this.wrongKind(path, schema, node, range);
        const result: Record<string, unknown> = {};
        for (const pair of node.items) {
          const keyNode = pair.key as Node | null;
          const keyRange = this.rangeOf(keyNode, range);
          if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
            this.report(path, 'wrong-kind', keyRange, `the keys of ${pathLabel(path)} are names, not ${describe(keyNode)}`);
            continue;
          }
          const name = keyNode.value;
          const field = Object.prototype.hasOwnProperty.call(schema.fields, name) ? schema.fields[name] : undefined;
          if (field === undefined) {
            if (schema.open) {
              result[name] = plain(pair.value, this.doc);
              continue;
            }
            const known = Object.keys(schema.fields);
            const near = closestMatch(name, known);
            const where = path.length === 0 ? 'a spec' : pathLabel(path);
            this.report(
              [...path, name],
              'unknown-key',
              keyRange,
              `unknown key '${name}' in ${where}${near !== undefined ? `; did you mean '${near}'?` : `; known keys: ${known.join(', ')}`}`,
            );
            continue;
          }
          const value = this.check(pair.value, field, [...path, name], keyRange);
          if (value !== undefined) result[name] = value;
        }
        return result;
      }
      case 'map': {
        if (!isMap(node)) return this.wrongKind(path, schema, node, range);
        const result: Record<string, unknown> = {};
        for (const pair of node.items) {
          const keyNode = pair.key as Node | null;
          const keyRange = this.rangeOf(keyNode, range);
          if (!isScalar(keyNode) || typeof keyNode.value !== 'string' || keyNode.value === '') {
            this.report(path, 'wrong-kind', keyRange, `the keys of ${pathLabel(path)} are ${schema.keyName} names${isScalar(keyNode) && keyNode.value !== '' ? `: write '${String(keyNode.value)}' in quotes` : ''}`);
            continue;
          }
          const value = this.check(pair.value, schema.values, [...path, keyNode.value], keyRange);
          if (value !== undefined) result[keyNode.value] = value;
        }
        return result;
      }
      case 'list': {
        if (!isSeq(node)) return this.wrongKind(path, schema, node, range);
        const items: unknown[] = [];
        const kept: number[] = [];
        const location = this.locations.get(pathKey(path));
        if (location !== undefined) this.locations.set(pathKey(path), { ...location, items: kept });
        node.items.forEach((item, index) => {
          const value = this.check(item, schema.items, [...path, index], undefined);
          if (value === undefined) return;
          if (schema.unique && items.includes(value)) {
            this.report([...path, index], 'duplicate', this.rangeOf(item as Node, range), `${pathLabel(path)} names '${String(value)}' twice`, 'warning');
            return;
          }
          items.push(value);
          kept.push(index);
        });
        if (schema.nonEmpty && node.items.length === 0) return this.report(path, 'out-of-range', range, `${pathLabel(path)} is empty: name at least one`);
        return items;
      }
      case 'string': {
        if (typeof scalar !== 'string') return this.wrongKind(path, schema, node, range);
        if (schema.nonEmpty && scalar.trim() === '') return this.report(path, 'out-of-range', range, `${pathLabel(path)} is empty`);
        if (schema.values !== undefined && !schema.values.some((v) => v.value === scalar)) return this.unknownValue(path, schema.values, scalar, range);
        return scalar;
      }
      case 'number': {
        if (typeof scalar !== 'number') return this.wrongKind(path, schema, node, range);
        const problem = numberProblem(schema, scalar);
        if (problem !== undefined) return this.report(path, 'out-of-range', range, `${pathLabel(path)} must be ${problem}, got ${scalar}`);
        return scalar;
      }
      case 'boolean':
        return typeof scalar === 'boolean' ? scalar : this.wrongKind(path, schema, node, range);
      case 'duration': {
        if (typeof scalar !== 'string' && typeof scalar !== 'number') return this.wrongKind(path, schema, node, range);
        const seconds = parseDuration(scalar);
        if (seconds === undefined) {
          return this.report(path, 'bad-duration', range, `${pathLabel(path)} '${String(scalar)}' is not a duration: write seconds (90), or hours, minutes and seconds with units (90s, 5m, 1h30m)`);
        }
        if (!(seconds > 0)) return this.report(path, 'out-of-range', range, `${pathLabel(path)} must be longer than 0 seconds`);
        return seconds;
      }
      case 'either': {
        const option = schema.options.find((o) => fits(o, node));
        if (option === undefined) {
          if (isNull) return this.wrong(path, key ?? range, `${pathLabel(path)} has no value: ${expected(schema)} goes here`);
          return this.wrongKind(path, schema, node, range);
        }
        return this.checkResolved(node, option, path, range, key);
      }
    }
  }

  private unknownValue(path: KeyPath, values: readonly EnumValue[], value: string, range: Range): undefined {
    const names = values.map((v) => v.value);
    const near = closestMatch(value, names);
    const what = valueKind(path);
    return this.report(path, 'unknown-value', range, `unknown ${what} '${value}'${near !== undefined ? `; did you mean '${near}'?` : ''} (known: ${names.join(', ')})`);
  }

  /** Where `node` stands in the text, or `fallback` for a node the parser placed nowhere. */
  private rangeOf(node: Node | null | undefined, fallback: Range): Range {
    const span = nodeSpan(node);
    return span ? this.lines.range(span[0], span[1]) : fallback;
  }

  private wrongKind(path: KeyPath, schema: SchemaNode, node: Node | null, range: Range): undefined {
    const quoteHint = schema.kind === 'string' && isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean') ? `: write '${node.source ?? String(node.value)}' in quotes` : '';
    return this.report(path, 'wrong-kind', range, `${pathLabel(path)} must be ${expected(schema)}, not ${describe(node)}${quoteHint}`);
  }

  private wrong(path: KeyPath, range: Range, message: string): undefined {
    return this.report(path, 'wrong-kind', range, message);
  }

  private report(path: KeyPath, code: SpecDiagnosticCode, range: Range, message: string, severity: SpecSeverity = 'error'): undefined {
    this.diagnostics.push({ message, severity, range, code, path });
    return undefined;
  }
}

/** What the last step of a path names, for "unknown learner 'xgb'". */
function valueKind(path: KeyPath): string {
  const names = path.filter((step): step is string => typeof step === 'string');
  const last = names[names.length - 1] ?? 'value';
  const parent = names[names.length - 2];
  if (parent === 'types') return 'column type';
  switch (last) {
    case 'learners':
      return 'learner';
    case 'strategy':
      return 'search strategy';
    case 'ragged':
      return 'ragged-row policy';
    default:
      return last;
  }
}

/** Whether `node` is of the kind `schema` takes (not whether its value is valid). */
function fits(schema: SchemaNode, node: Node | null): boolean {
  const scalar = isScalar(node) ? node.value : undefined;
  switch (schema.kind) {
    case 'object':
    case 'map':
      return isMap(node);
    case 'list':
      return isSeq(node);
    case 'string':
      return typeof scalar === 'string';
    case 'number':
      return typeof scalar === 'number';
    case 'boolean':
      return typeof scalar === 'boolean';
    case 'duration':
      return typeof scalar === 'string' || typeof scalar === 'number';
    case 'either':
      return schema.options.some((o) => fits(o, node));
  }
}

/** What goes where `schema` is, for messages: "a whole number", "a mapping", "one of: …". */
function expected(schema: SchemaNode): string {
  switch (schema.kind) {
    case 'object':
      return 'a mapping of keys';
    case 'map':
      return `a mapping of ${schema.keyName} names`;
    case 'list':
      return 'a list';
    case 'string':
      return schema.values ? `one of ${schema.values.map((v) => v.value).join(', ')}` : 'text';
    case 'number':
      return schema.integer ? 'a whole number' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'duration':
      return 'a duration (90s, 5m, 1h30m)';
    case 'either':
      return schema.options.map(expected).join(' or ');
  }
}

/** A YAML node as messages describe it: "the text 'abc'", "a list". */
function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing';
    if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 39)}…` : value}'`;
    if (typeof value === 'number') return `the number ${value}`;
    if (typeof value === 'boolean') return String(value);
  }
  return 'this value';
}

/** Why `value` is out of `schema`'s bounds, or undefined when it is within them. */
function numberProblem(schema: NumberNode, value: number): string | undefined {
  if (!Number.isFinite(value)) return 'a finite number';
  if (schema.integer && !Number.isInteger(value)) return 'a whole number';
  if (schema.minimum !== undefined && value < schema.minimum) {
    return schema.maximum !== undefined ? `from ${schema.minimum} to ${schema.maximum}` : `at least ${schema.minimum}`;
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    return schema.minimum !== undefined ? `from ${schema.minimum} to ${schema.maximum}` : `at most ${schema.maximum}`;
  }
  const low = schema.exclusiveMinimum;
  const high = schema.exclusiveMaximum;
  if ((low !== undefined && value <= low) || (high !== undefined && value >= high)) {
    return low !== undefined && high !== undefined ? `between ${low} and ${high} (not included)` : low !== undefined ? `more than ${low}` : `less than ${high}`;
  }
  return undefined;
}

/** A node of an open section as plain JSON values (aliases resolved). */
function plain(node: unknown, doc: Document): unknown {
  return isNode(node) ? (node.toJS(doc) as unknown) : null;
}
