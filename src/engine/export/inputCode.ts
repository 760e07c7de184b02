/**
 * The input side of the exported module: the `Input` interface, the `inputFields` table, and
 * `readInput`, which turns one row (typed values or raw CSV text) into the cells the feature code
 * reads: numbers (numbers and dates, `NaN` when missing) and labels (`null` when missing).
 */
import type { InputField } from '../data/inputField';
import { dateParserCode } from './runtime/dateParser';
import { missingTextCode } from './runtime/missingText';
import { numberParserCode } from './runtime/numberParser';
import { docComment, stringLiteral } from './sourceText';

/** Where `readInput` puts a field: `numbers[index]` or `labels[index]`. */
export interface CellSlot {
  readonly store: 'numbers' | 'labels';
  readonly index: number;
}

export interface InputCode {
  /** Declarations: the exported `Input` interface and `inputFields`, the readers, `readInput`. */
  readonly code: string;
  /** Each field's cell, by field name. */
  readonly slots: ReadonlyMap<string, CellSlot>;
}

function fieldType(field: InputField): string {
  switch (field.kind) {
    case 'number':
      return 'number | string';
    case 'date':
      return 'Date | number | string';
    case 'boolean':
      return 'boolean | string';
    case 'category':
      return 'string | number';
  }
}

function fieldDoc(field: InputField): string {
  const missing = field.optional ? 'May be missing.' : 'Required.';
  switch (field.kind) {
    case 'number': {
      const f = field.format;
      const notes = [
        f.decimalSeparator === ',' ? 'decimal comma' : '',
        f.thousandsSeparator !== '' ? `thousands separator '${f.thousandsSeparator}'` : '',
        f.percent ? 'percentages ("12.5%" is 0.125)' : '',
        f.currency !== '' ? `currency '${f.currency}'` : '',
      ].filter((n) => n !== '');
      return `A number, or its text${notes.length > 0 ? ` (${notes.join(', ')})` : ''}. ${missing}`;
    }
    case 'date':
      return `A \`Date\`, epoch milliseconds, or text in ${field.order} order. ${missing}`;
    case 'boolean':
      return `\`true\`/\`false\`, or the label ${stringLiteral(field.labels[0])} or ${stringLiteral(field.labels[1])}. ${missing}`;
    case 'category':
      return `${field.text ? 'Free text' : 'A label'}. ${missing}`;
  }
}

const HELPERS = {
  missing: `/** A value as an error message shows it. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'an invalid Date';
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * A missing or unusable value of \`field\`: missing (\`null\`) when the model learned what to do with
 * missing values there, else a \`TypeError\` naming the field.
 */
function absent(field: string, optional: boolean, value: unknown, expected: string): null {
  if (optional) return null;
  const missing = value === undefined || value === null || value !== value;
  if (missing || (typeof value === 'string' && isMissingText(value))) {
    throw new TypeError(\`'\${field}' is required: the model never saw it missing\`);
  }
  throw new TypeError(\`'\${field}' must be \${expected}, not \${shown(value)}\`);
}`,
  number: `/** A number or date field (dates as epoch milliseconds): a number, a \`Date\`, or text parsed as in training. */
function readNumber(
  value: unknown,
  field: string,
  parse: (text: string) => number,
  optional: boolean,
  kind: 'number' | 'date',
): number {
  let v = NaN;
  if (typeof value === 'number') v = value;
  else if (kind === 'date' && value instanceof Date) v = value.getTime();
  else if (typeof value === 'string' && !isMissingText(value)) v = parse(value);
  if (v === v) return v;
  const expected = kind === 'date' ? 'a Date, epoch milliseconds or date text' : 'a number or numeric text';
  return absent(field, optional, value, expected) ?? NaN;
}`,
  label: `/** A category field's label: text trimmed of spaces and tabs (as the reader does), or a number's text. */
function readLabel(value: unknown, field: string, optional: boolean): string | null {
  if (typeof value === 'string') {
    const text = value.replace(/^[ \\t]+|[ \\t]+$/g, '');
    if (!isMissingText(text)) return text;
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return absent(field, optional, value, 'a label (text)');
}`,
  boolean: `/** A boolean field's label: \`true\`/\`false\`, or text matching a label whatever its case. */
function readBoolean(
  value: unknown,
  field: string,
  labels: readonly [string, string],
  optional: boolean,
): string | null {
  if (typeof value === 'boolean') return labels[value ? 1 : 0];
  const label = readLabel(value, field, optional);
  if (label === null) return null;
  const lower = label.toLowerCase();
  if (lower === labels[1].toLowerCase()) return labels[1];
  return lower === labels[0].toLowerCase() ? labels[0] : label;
}`,
};

/** The input code for `fields`. */
export function inputCode(fields: readonly InputField[]): InputCode {
  const slots = new Map<string, CellSlot>();
  let numbers = 0;
  let labels = 0;
  for (const field of fields) {
    const store = field.kind === 'number' || field.kind === 'date' ? 'numbers' : 'labels';
    slots.set(field.name, { store, index: store === 'numbers' ? numbers++ : labels++ });
  }

  const parsers = new Map<string, string>();
  const reads = fields.map((field) => {
    const key = `row[${stringLiteral(field.name)}]`;
    const name = stringLiteral(field.name);
    const slot = slots.get(field.name) as CellSlot;
    const target = `${slot.store}[${slot.index}]`;
    switch (field.kind) {
      case 'number': {
        const parser = numberParserCode(field.format);
        parsers.set(parser.name, parser.code);
        return `${target} = readNumber(${key}, ${name}, ${parser.name}, ${field.optional}, 'number');`;
      }
      case 'date': {
        const parser = dateParserCode(field.order);
        parsers.set(parser.name, parser.code);
        return `${target} = readNumber(${key}, ${name}, ${parser.name}, ${field.optional}, 'date');`;
      }
      case 'boolean':
        return `${target} = readBoolean(${key}, ${name}, [${stringLiteral(field.labels[0])}, ${stringLiteral(field.labels[1])}], ${field.optional});`;
      case 'category':
        return `${target} = readLabel(${key}, ${name}, ${field.optional});`;
    }
  });

  // The stores some field uses: readValues binds only those (an unused one fails noUnusedLocals).
  const stores = [...(numbers > 0 ? ['numbers'] : []), ...(labels > 0 ? ['labels'] : [])];
  const kinds = new Set(fields.map((f) => f.kind));
  const helpers = [missingTextCode().code, HELPERS.missing];
  if (kinds.has('number') || kinds.has('date')) helpers.push(HELPERS.number);
  if (kinds.has('category') || kinds.has('boolean')) helpers.push(HELPERS.label);
  if (kinds.has('boolean')) helpers.push(HELPERS.boolean);

  const interfaceLines = fields.flatMap((field) => [
    docComment([fieldDoc(field)], '  '),
    `  ${stringLiteral(field.name)}${field.optional ? '?' : ''}: ${fieldType(field)}${field.optional ? ' | null' : ''};`,
  ]);
  const tableLines = fields.map((field) => {
    const type = field.kind === 'category' ? 'category' : field.kind;
    return `  { name: ${stringLiteral(field.name)}, type: '${type}', required: ${!field.optional} },`;
  });

  const code = [
    docComment(['One row to predict: each field takes its typed value or its text as read from a CSV file.']),
    `export interface Input {\n${interfaceLines.join('\n')}\n}`,
    '',
    docComment(['An input field: its name, its type, and whether `predict` needs it.']),
    'export interface InputField {',
    '  readonly name: string;',
    "  readonly type: 'number' | 'date' | 'boolean' | 'category';",
    '  readonly required: boolean;',
    '}',
    '',
    docComment(['The input fields, for validating requests or building forms.']),
    `export const inputFields: readonly InputField[] = [\n${tableLines.join('\n')}\n];`,
    '',
    helpers.join('\n\n'),
    '',
    [...parsers.values()].join('\n\n'),
    '',
    '/** The cells of one row: numbers and dates (`NaN` when missing), labels (`null` when missing). */',
    'interface Cells {',
    '  readonly numbers: Float64Array;',
    '  readonly labels: (string | null)[];',
    '}',
    '',
    '/** Reads one row; a `TypeError` names the first field the model cannot use. */',
    'function readInput(input: Input): Cells {',
    "  if (typeof input !== 'object' || input === null || Array.isArray(input)) {",
    "    throw new TypeError(`a row must be an object of fields, not ${shown(input)}`);",
    '  }',
    '  const row = input as unknown as Readonly<Record<string, unknown>>;',
    `  const numbers = new Float64Array(${numbers});`,
    `  const labels: (string | null)[] = new Array<string | null>(${labels}).fill(null);`,
    ...reads.map((r) => `  ${r}`),
    '  return { numbers, labels };',
    '}',
    '',
    docComment([
      'Each input field\u2019s value as the model reads it, in `inputFields` order: a number (dates as',
      'epoch milliseconds) or a label, `null` when missing. For monitoring: the values compare with',
      'the training data\u2019s as read from its file. A `TypeError` as `predict` throws one.',
    ]),
    'export function readValues(input: Input): (number | string | null)[] {',
    stores.length > 0 ? `  const { ${stores.join(', ')} } = readInput(input);` : '  readInput(input);',
    '  return [',
    ...fields.map((field) => {
      const { store, index } = slots.get(field.name) as CellSlot;
      return store === 'numbers' ? `    numbers[${index}] === numbers[${index}] ? numbers[${index}] : null,` : `    labels[${index}],`;
    }),
    '  ];',
    '}',
  ]
    .filter((part, i, all) => !(part === '' && all[i - 1] === ''))
    .join('\n');
  return { code, slots };
}
