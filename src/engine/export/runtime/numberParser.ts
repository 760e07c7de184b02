/**
 * The exported module's number parsers: one function per `NumberFormat`, turning a raw CSV cell
 * into the number the engine's CSV reader stored for a column read in that format.
 *
 * The reader (data/columnBuilders.ts, `ParsedBuilder.add`) trims spaces and tabs, tries the byte
 * fast path `parseNumberBytes` (formats without percent or currency only), and when that gives
 * `NaN` falls back to `parseNumberText`; a malformed value is stored as missing (`NaN`). The
 * emitted function does the same three steps on the string, with the format's separators written
 * in as constants and only the branches that format needs. Both steps are ported operation for
 * operation, so results are bit-identical (also `-0`, infinities and values past 15 digits).
 *
 * One difference in the engine itself is inherited, not fixed: a column the reader only found
 * numeric at the end (its first rows looked boolean or were all missing) is parsed by
 * `parseNumberText` alone, which refuses an exponent after thousands groups ("1,234e3") that the
 * fast path accepts. The emitted parser follows the common case, the fast path.
 */
import type { NumberFormat } from '../../data/frame';
import { hasByteFastPath } from '../../data/parseNumber';
import { docComment, stringLiteral, wrapItems } from '../sourceText';

/** Identifier parts of the separators, so each format gets its own readable function name. */
const DECIMAL_NAMES: Readonly<Record<NumberFormat['decimalSeparator'], string>> = { '.': '', ',': 'DecimalComma' };
const THOUSANDS_NAMES: Readonly<Record<NumberFormat['thousandsSeparator'], string>> = {
  '': '',
  ',': 'ThousandsComma',
  '.': 'ThousandsDot',
  ' ': 'ThousandsSpace',
  "'": 'ThousandsApostrophe',
};
/** Names of the currency symbols the reader detects (parseNumber.ts `CURRENCY_SYMBOLS`). */
const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  $: 'Dollar',
  '€': 'Euro',
  '£': 'Pound',
  '¥': 'Yen',
  '₹': 'Rupee',
  '₽': 'Ruble',
  '₩': 'Won',
  '₺': 'Lira',
  '₪': 'Shekel',
  '¢': 'Cent',
  R$: 'Real',
  CHF: 'Franc',
  kr: 'Krona',
};

/** Exact powers of ten up to 10^22, the fast path's range, as literals (`1e0` … `1e22`, all exact). */
const POW10_LITERALS = Array.from({ length: 23 }, (_, i) => `1e${i}`);

/**
 * The function name of `format`: `parseNumberPlain` for plain decimals, else the parts that
 * differ from it, e.g. `parseNumberDecimalCommaThousandsDot`, `parseNumberPercentCurrencyEuro`.
 * Distinct formats get distinct names, so the pipeline exporter dedupes by name.
 */
export function numberParserName(format: NumberFormat): string {
  const decimal = DECIMAL_NAMES[format.decimalSeparator];
  const thousands = THOUSANDS_NAMES[format.thousandsSeparator];
  if (decimal === undefined || thousands === undefined) {
    throw new RangeError(`unsupported number format separators '${format.decimalSeparator}' and '${format.thousandsSeparator}'`);
  }
  const currency =
    format.currency === ''
      ? ''
      : `Currency${CURRENCY_NAMES[format.currency] ?? Array.from(format.currency, (ch) => `U${(ch.codePointAt(0) ?? 0).toString(16)}`).join('')}`;
  const parts = `${decimal}${thousands}${format.percent ? 'Percent' : ''}${currency}`;
  return `parseNumber${parts === '' ? 'Plain' : parts}`;
}

/**
 * Source of `NAME(text: string): number` for columns read in `format` (`name` is
 * `numberParserName(format)`; helper declarations start with it). The function takes the raw cell
 * (it trims spaces and tabs itself) and returns the reader's value: `NaN` for missing tokens and
 * malformed text alike.
 */
export function numberParserCode(format: NumberFormat): { name: string; code: string } {
  const name = numberParserName(format);
  const fast = hasByteFastPath(format);
  const code = [
    ...(fast ? [fastPathCode(name, format), ''] : []),
    textPathCode(name, format),
    '',
    docComment([
      'Parses a raw cell as the CSV reader read this column: `NaN` when missing or malformed.',
      `Format: ${describe(format)}.`,
      ...(format.percent ? ['Percentages are returned as fractions ("12.5%" is 0.125).'] : []),
    ]),
    `function ${name}(text: string): number {`,
    ...(fast
      ? [
          '  let start = 0;',
          '  let end = text.length;',
          '  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;',
          '  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;',
          `  const value = ${name}Fast(text, start, end);`,
          '  if (value === value) return value;',
          `  return ${name}Text(text);`,
        ]
      : [
          // Without a fast path the reader's trimming of spaces and tabs is subsumed by `trim`.
          `  return ${name}Text(text);`,
        ]),
    '}',
  ].join('\n');
  return { name, code };
}

function describe(format: NumberFormat): string {
  const parts = [`decimal ${stringLiteral(format.decimalSeparator)}`];
  if (format.thousandsSeparator !== '') parts.push(`thousands ${stringLiteral(format.thousandsSeparator)}`);
  if (format.percent) parts.push('percent');
  if (format.currency !== '') parts.push(`currency ${stringLiteral(format.currency)}`);
  return parts.join(', ');
}

/** `parseNumberBytes` on a string, with this format's separator codes as constants. */
function fastPathCode(name: string, format: NumberFormat): string {
  const decimal = format.decimalSeparator.charCodeAt(0);
  const thousands = format.thousandsSeparator === '' ? 0 : format.thousandsSeparator.charCodeAt(0);
  const digitLoop =
    thousands === 0
      ? [
          '  for (; i < end; i++) {',
          '    const d = text.charCodeAt(i) - 48;',
          '    if (d >>> 0 > 9) break;',
          '    mantissa = mantissa * 10 + d;',
          '    digits++;',
          '  }',
        ]
      : [
          '  // Thousands grouping: the first group has 1-3 digits, every later one exactly 3.',
          '  let groupDigits = 0;',
          '  let grouped = false;',
          '  for (; i < end; i++) {',
          '    const c = text.charCodeAt(i);',
          '    const d = c - 48;',
          '    if (d >>> 0 <= 9) {',
          '      mantissa = mantissa * 10 + d;',
          '      digits++;',
          '      groupDigits++;',
          `    } else if (c === ${thousands}) {`,
          '      if (groupDigits === 0 || groupDigits > 3 || (grouped && groupDigits !== 3)) return NaN;',
          '      grouped = true;',
          '      groupDigits = 0;',
          '    } else {',
          '      break;',
          '    }',
          '  }',
          '  if (grouped && groupDigits !== 3) return NaN;',
        ];
  return [
    docComment(['Exact powers of ten for the fast path.']),
    `const ${name}Pow10 = [${wrapItems(POW10_LITERALS, '')}];`,
    '',
    docComment([
      'The reader\'s fast path over `text[start, end)`: exact for at most 15 digits and a power of',
      'ten up to 10^22 (one correctly rounded operation), `NaN` for anything else.',
    ]),
    functionHead(`${name}Fast`, ['text: string', 'start: number', 'end: number'], 'number'),
    '  let i = start;',
    '  let negative = false;',
    '  const first = text.charCodeAt(i);',
    '  if (first === 45) {',
    '    negative = true;',
    '    i++;',
    '  } else if (first === 43) {',
    '    i++;',
    '  }',
    '  let mantissa = 0;',
    '  let digits = 0;',
    '  let exponent = 0;',
    ...digitLoop,
    `  if (i < end && text.charCodeAt(i) === ${decimal}) {`,
    '    for (i++; i < end; i++) {',
    '      const d = text.charCodeAt(i) - 48;',
    '      if (d >>> 0 > 9) break;',
    '      mantissa = mantissa * 10 + d;',
    '      digits++;',
    '      exponent--;',
    '    }',
    '  }',
    '  if (digits === 0 || digits > 15) return NaN;',
    '  if (i < end) {',
    '    const c = text.charCodeAt(i);',
    '    if (c !== 101 && c !== 69) return NaN;',
    '    i++;',
    '    let expNegative = false;',
    '    if (text.charCodeAt(i) === 45) {',
    '      expNegative = true;',
    '      i++;',
    '    } else if (text.charCodeAt(i) === 43) {',
    '      i++;',
    '    }',
    '    let expValue = 0;',
    '    let expDigits = 0;',
    '    for (; i < end; i++) {',
    '      const d = text.charCodeAt(i) - 48;',
    '      if (d >>> 0 > 9) return NaN;',
    '      if (expValue < 100000) expValue = expValue * 10 + d;',
    '      expDigits++;',
    '    }',
    '    if (expDigits === 0) return NaN;',
    '    exponent += expNegative ? -expValue : expValue;',
    '  }',
    '  let value: number;',
    '  if (mantissa === 0 || exponent === 0) {',
    '    value = mantissa;',
    '  } else if (exponent < 0 && exponent >= -22) {',
    `    value = mantissa / ${name}Pow10[-exponent];`,
    '  } else if (exponent > 0 && exponent <= 22) {',
    `    value = mantissa * ${name}Pow10[exponent];`,
    '  } else {',
    '    return NaN;',
    '  }',
    '  return negative ? -value : value;',
    '}',
  ].join('\n');
}

/** `function name(params): returns {` on one line, or one parameter a line when too long. */
function functionHead(name: string, params: readonly string[], returns: string): string {
  const line = `function ${name}(${params.join(', ')}): ${returns} {`;
  return line.length <= 100 ? line : [`function ${name}(`, ...params.map((p) => `  ${p},`), `): ${returns} {`].join('\n');
}

/** A regular expression literal for `source` (escaped as `RegExp` itself would print it). */
function regexLiteral(source: string): string {
  return `/${new RegExp(source).source}/`;
}

/** `parseNumberText` with this format's separators, currency and percent written in. */
function textPathCode(name: string, format: NumberFormat): string {
  const { decimalSeparator, thousandsSeparator, percent, currency } = format;
  const separator = thousandsSeparator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declarations = [
    `const ${name}Decimal =\n  /^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$/;`,
    `const ${name}Inf =\n  /^([+-]?)(?:inf|Inf|INF|infinity|Infinity)$/;`,
    ...(thousandsSeparator === '' ? [] : [`const ${name}Grouped =\n  ${regexLiteral(`^[+-]?\\d{1,3}(?:${separator}\\d{3})+$`)};`]),
  ];
  const body = [
    '  let t = text.trim();',
    "  let sign = '';",
    "  if (t.startsWith('-') || t.startsWith('+')) {",
    '    sign = t[0];',
    '    t = t.slice(1).trimStart();',
    '  }',
  ];
  if (currency !== '') {
    const symbol = stringLiteral(currency);
    body.push(
      `  if (t.startsWith(${symbol})) t = t.slice(${currency.length}).trimStart();`,
      `  else if (t.endsWith(${symbol})) t = t.slice(0, -${currency.length}).trimEnd();`,
      "  if (sign === '' && (t.startsWith('-') || t.startsWith('+'))) {",
      '    sign = t[0];',
      '    t = t.slice(1);',
      '  }',
    );
  }
  if (percent) {
    body.push('  let scale = 1;', "  if (t.endsWith('%')) {", '    t = t.slice(0, -1).trimEnd();', '    scale = 100;', '  }');
  }
  body.push(
    `  const infinity = ${name}Inf.exec(sign + t);`,
    "  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;",
    `  const decimalAt = t.lastIndexOf(${stringLiteral(decimalSeparator)});`,
    `  ${thousandsSeparator === '' ? 'const' : 'let'} integerPart = decimalAt >= 0 ? t.slice(0, decimalAt) : t;`,
    '  const fraction = decimalAt >= 0 ? t.slice(decimalAt + 1) : undefined;',
  );
  if (thousandsSeparator !== '') {
    // The engine strips valid groupings and refuses misplaced separators.
    const sep = stringLiteral(thousandsSeparator);
    body.push(
      `  if (integerPart.includes(${sep})) {`,
      `    if (!${name}Grouped.test(integerPart)) {`,
      '      return NaN;',
      '    }',
      `    integerPart = integerPart.split(${sep}).join('');`,
      '  }',
    );
  }
  body.push(
    "  const normalized = sign + integerPart + (fraction === undefined ? '' : '.' + fraction);",
    `  if (!${name}Decimal.test(normalized)) {`,
    '    return NaN;',
    '  }',
    percent ? '  const value = Number(normalized);\n  return scale === 1 ? value : value / scale;' : '  return Number(normalized);',
  );
  return [
    ...declarations,
    '',
    docComment([
      "The reader's text path: sign, currency and percent around a decimal with optional valid",
      'thousands groups; hexadecimal, trailing text or misplaced separators give `NaN`.',
    ]),
    `function ${name}Text(text: string): number {`,
    ...body,
    '}',
  ].join('\n');
}
