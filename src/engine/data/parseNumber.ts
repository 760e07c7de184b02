import { PLAIN_NUMBER_FORMAT, type NumberFormat } from './frame';

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

const MINUS = 45;
const PLUS = 43;
const DIGIT_0 = 48;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * Parses `buf[start, end)` (trimmed) as a plain decimal number with the given decimal and
 * thousands separator bytes (thousands `0` = none), without building a string.
 *
 * Returns `NaN` when the bytes are not such a number or when exact conversion needs more than the
 * fast path offers (over 15 digits, or a power of ten beyond 10^22): the caller then falls back
 * to `parseNumberText`. The fast path is exact: a mantissa of at most 15 digits and a power of
 * ten up to 10^22 are both representable, so one IEEE multiplication or division rounds correctly
 * (Clinger's fast path), giving bit-identical results to `Number(text)`.
 */
export function parseNumberBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  decimalByte: number,
  thousandsByte: number,
): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) {
    i++;
  }
  // Digits are accumulated without tracking leading zeros; past 15 of them the mantissa may be
  // inexact, so such (rare) texts take the slow path.
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  if (thousandsByte === 0) {
    for (; i < end; i++) {
      const d = buf[i] - DIGIT_0;
      if (d >>> 0 > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
    }
  } else {
    // Thousands grouping: the first group has 1-3 digits, every later one exactly 3.
    let groupDigits = 0;
    let grouped = false;
    for (; i < end; i++) {
      const c = buf[i];
      const d = c - DIGIT_0;
      if (d >>> 0 <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        groupDigits++;
      } else if (c === thousandsByte) {
        if (groupDigits === 0 || groupDigits > 3 || (grouped && groupDigits !== 3)) return NaN;
        grouped = true;
        groupDigits = 0;
      } else {
        break;
      }
    }
    if (grouped && groupDigits !== 3) return NaN;
  }
  if (i < end && buf[i] === decimalByte) {
    for (i++; i < end; i++) {
      const d = buf[i] - DIGIT_0;
      if (d >>> 0 > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      exponent--;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  if (i < end) {
    const c = buf[i];
    if (c !== LOWER_E && c !== UPPER_E) return NaN;
    i++;
    let expNegative = false;
    if (buf[i] === MINUS) {
      expNegative = true;
      i++;
    } else if (buf[i] === PLUS) {
      i++;
    }
    let expValue = 0;
    let expDigits = 0;
    for (; i < end; i++) {
      const d = buf[i] - DIGIT_0;
      if (d >>> 0 > 9) return NaN;
      if (expValue < 100000) expValue = expValue * 10 + d;
      expDigits++;
    }
    if (expDigits === 0) return NaN;
    exponent += expNegative ? -expValue : expValue;
  }
  let value: number;
  if (mantissa === 0 || exponent === 0) value = mantissa;
  else if (exponent < 0 && exponent >= -22) value = mantissa / POW10[-exponent];
  else if (exponent > 0 && exponent <= 22) value = mantissa * POW10[exponent];
  else return NaN;
  return negative ? -value : value;
}

/** Symbols accepted as a currency prefix or suffix. */
export const CURRENCY_SYMBOLS = ['$', '€', '£', '¥', '₹', '₽', '₩', '₺', '₪', '¢', 'R$', 'CHF', 'kr'];

const STRICT_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_TEXT = /^([+-]?)(?:inf|Inf|INF|infinity|Infinity)$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes valid thousands groupings (1-3 digits, then groups of 3) or returns undefined. */
function stripThousands(integerPart: string, separator: string): string | undefined {
  if (separator === '' || !integerPart.includes(separator)) return integerPart;
  const pattern = new RegExp(`^[+-]?\\d{1,3}(?:${escapeRegExp(separator)}\\d{3})+$`);
  return pattern.test(integerPart) ? integerPart.split(separator).join('') : undefined;
}

/**
 * Parses a trimmed text as a number written in `format` (separators, percent, currency). Strict:
 * hexadecimal, trailing garbage, misplaced thousands separators and the like give `NaN`.
 * Percent values are returned as fractions ("12.5%" → 0.125).
 */
export function parseNumberText(text: string, format: NumberFormat = PLAIN_NUMBER_FORMAT): number {
  let t = text.trim();
  let sign = '';
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t[0];
    t = t.slice(1).trimStart();
  }
  if (format.currency !== '') {
    if (t.startsWith(format.currency)) t = t.slice(format.currency.length).trimStart();
    else if (t.endsWith(format.currency)) t = t.slice(0, -format.currency.length).trimEnd();
    if (sign === '' && (t.startsWith('-') || t.startsWith('+'))) {
      sign = t[0];
      t = t.slice(1);
    }
  }
  let scale = 1;
  if (format.percent && t.endsWith('%')) {
    t = t.slice(0, -1).trimEnd();
    scale = 100;
  }
  const infinity = INFINITY_TEXT.exec(sign + t);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  const decimalAt = t.lastIndexOf(format.decimalSeparator);
  let integerPart = decimalAt >= 0 ? t.slice(0, decimalAt) : t;
  const fraction = decimalAt >= 0 ? t.slice(decimalAt + 1) : undefined;
  if (format.decimalSeparator === ',' || format.thousandsSeparator !== '') {
    const stripped = stripThousands(integerPart, format.thousandsSeparator);
    if (stripped === undefined) return NaN;
    integerPart = stripped;
  }
  const normalized = sign + integerPart + (fraction === undefined ? '' : '.' + fraction);
  if (!STRICT_DECIMAL.test(normalized)) return NaN;
  const value = Number(normalized);
  return scale === 1 ? value : value / scale;
}

/** Candidate separator pairs, most common first. */
const SEPARATOR_CANDIDATES: readonly Pick<NumberFormat, 'decimalSeparator' | 'thousandsSeparator'>[] = [
  { decimalSeparator: '.', thousandsSeparator: '' },
  { decimalSeparator: '.', thousandsSeparator: ',' },
  { decimalSeparator: ',', thousandsSeparator: '' },
  { decimalSeparator: ',', thousandsSeparator: '.' },
  { decimalSeparator: '.', thousandsSeparator: ' ' },
  { decimalSeparator: ',', thousandsSeparator: ' ' },
  { decimalSeparator: '.', thousandsSeparator: "'" },
];

function isDigitCode(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

/** Leading zeros ("02134", "007") mark codes such as ZIP codes or IDs, which stay text. */
const CODE_LIKE = /^[+-]?0\d/;

/**
 * The number format under which every sample value parses, or `undefined` if there is none.
 * `samples` are trimmed, non-missing texts. "1,234" alone is ambiguous: it is read with a
 * thousands separator unless the file's delimiter is ';' (where decimal commas are the norm).
 */
export function detectNumberFormat(samples: readonly string[], delimiter = ','): NumberFormat | undefined {
  if (samples.length === 0) return undefined;
  let currency = '';
  let currencyCount = 0;
  let percentCount = 0;
  for (const s of samples) {
    if (s.endsWith('%')) percentCount++;
    // Only texts that start or end with a non-digit can carry a symbol.
    if (isDigitCode(s.charCodeAt(0)) && isDigitCode(s.charCodeAt(s.length - 1))) continue;
    const body = s.replace(/^[+-]\s*/, '');
    for (const symbol of CURRENCY_SYMBOLS) {
      if (body.startsWith(symbol) || s.endsWith(symbol)) {
        if (currency === '' || currency === symbol) {
          currency = symbol;
          currencyCount++;
        }
        break;
      }
    }
  }
  const percent = percentCount * 2 >= samples.length;
  if (percentCount > 0 && !percent) return undefined;
  if (currencyCount * 2 < samples.length) {
    if (currencyCount > 0) return undefined;
    currency = '';
  }
  const candidates =
    delimiter === ';'
      ? [SEPARATOR_CANDIDATES[0], SEPARATOR_CANDIDATES[2], ...SEPARATOR_CANDIDATES.filter((_, i) => i !== 0 && i !== 2)]
      : SEPARATOR_CANDIDATES;
  for (const separators of candidates) {
    const format: NumberFormat = { ...separators, percent, currency };
    let all = true;
    for (const s of samples) {
      if (CODE_LIKE.test(s) && !/^[+-]?0[.,]/.test(s)) {
        return undefined;
      }
      if (Number.isNaN(parseNumberText(s, format))) {
        all = false;
        break;
      }
    }
    if (all) return format;
  }
  return undefined;
}

/** Whether `format` can use `parseNumberBytes` (no percent or currency decoration). */
export function hasByteFastPath(format: NumberFormat): boolean {
  return !format.percent && format.currency === '';
}
