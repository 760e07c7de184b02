/**
 * The exported module's date parsers: one function per date order, turning a raw CSV cell into
 * the epoch milliseconds (UTC) the engine's CSV reader stored for a datetime column in that order.
 *
 * The reader (data/columnBuilders.ts, `ParsedBuilder.add`) trims spaces and tabs, tries the ISO
 * byte fast path `parseIsoDateBytes` for 'ymd' columns, and otherwise (or when that gives `NaN`)
 * `parseDateText` (data/parseDate.ts) on the trimmed text; malformed values are stored as missing.
 * The emitted function ports both steps with only the pattern and helpers its order needs. The
 * patterns are composed from the same pieces as the engine's (date, time, offset).
 *
 * Inherited from the engine: the fast path counts years 0000-0099 as such, where `Date.UTC` in
 * `parseDateText` reads them as 1900-1999; a 'ymd' column the reader only found to be dates at the
 * end (its first rows were all missing) used `parseDateText` alone. The emitted parser follows the
 * common case, the fast path.
 */
import type { DateFormat } from '../../data/frame';
import { docComment } from '../sourceText';

type DateOrder = DateFormat['order'];

const FUNCTION_NAMES: Readonly<Record<DateOrder, string>> = {
  ymd: 'parseDateYmd',
  mdy: 'parseDateMdy',
  dmy: 'parseDateDmy',
  'mon-d-y': 'parseDateMonDY',
  'd-mon-y': 'parseDateDMonY',
};

/** Pattern pieces as regular expression literals, exactly the engine's (parseDate.ts). */
const TIME = String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?`;
const OFFSET = String.raw`\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`;
const MONTH_NAME = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;

/** The pieces of each order's pattern (joined into one `RegExp`) and its flags. */
const PATTERNS: Readonly<Record<DateOrder, { pieces: readonly string[]; flags: string }>> = {
  ymd: { pieces: [String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})`, TIME, OFFSET], flags: '' },
  mdy: { pieces: [String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})`, `${TIME.replace('[T ]', ' ')}$`], flags: '' },
  dmy: { pieces: [String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})`, `${TIME.replace('[T ]', ' ')}$`], flags: '' },
  'mon-d-y': {
    pieces: [`^${MONTH_NAME}`, String.raw`\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`, `${TIME.replace('[T ]', ',? ')}$`],
    flags: 'i',
  },
  'd-mon-y': {
    pieces: [String.raw`^(\d{1,2})[\s-]`, String.raw`${MONTH_NAME}[\s-],?\s*(\d{4}|\d{2})`, `${TIME.replace('[T ]', ',? ')}$`],
    flags: 'i',
  },
};

/**
 * How each order reads its match: the groups of year, month and day, whether the year may have
 * two digits (pivoted at 50), and the first of the five time groups.
 */
const GROUPS: Readonly<Record<DateOrder, { year: number; month: number; day: number; twoDigitYear: boolean; time: number; monthName: boolean }>> = {
  ymd: { year: 1, month: 3, day: 4, twoDigitYear: false, time: 5, monthName: false },
  mdy: { year: 4, month: 1, day: 3, twoDigitYear: true, time: 5, monthName: false },
  dmy: { year: 4, month: 3, day: 1, twoDigitYear: true, time: 5, monthName: false },
  'mon-d-y': { year: 3, month: 1, day: 2, twoDigitYear: false, time: 4, monthName: true },
  'd-mon-y': { year: 3, month: 2, day: 1, twoDigitYear: true, time: 4, monthName: true },
};

/** The emitted function's name for `order`, e.g. `parseDateYmd`; helper names start with it. */
export function dateParserName(order: DateOrder): string {
  const name = FUNCTION_NAMES[order];
  if (name === undefined) throw new RangeError(`unknown date order '${String(order)}'`);
  return name;
}

/**
 * Source of `NAME(text: string): number` for datetime columns in `order`: epoch milliseconds
 * (UTC; a time without an offset is read as UTC), `NaN` when the text is missing, not in that
 * layout, or an impossible date or time (2021-02-30, 24:00). Takes the raw cell (it trims spaces
 * and tabs itself, like the reader).
 */
export function dateParserCode(order: DateOrder): { name: string; code: string } {
  const name = dateParserName(order);
  const { pieces, flags } = PATTERNS[order];
  const g = GROUPS[order];
  const iso = order === 'ymd';
  const time = (k: number) => `m[${g.time + k}]`;
  const year = g.twoDigitYear ? `${name}FullYear(m[${g.year}])` : `Number(m[${g.year}])`;
  const month = g.monthName ? `${name}Months.indexOf(m[${g.month}].toLowerCase()) + 1` : `Number(m[${g.month}])`;
  const code = [
    docComment([`The layout of ${order} dates, with optional time${iso ? ' and offset' : ''} (as the engine's pattern).`]),
    `const ${name}Pattern = new RegExp(`,
    `  ${pieces.map((p) => `/${new RegExp(p).source}/.source`).join(' +\n    ')}${flags === '' ? ',' : `,\n  '${flags}',`}`,
    ');',
    ...(g.monthName
      ? [`const ${name}Months = [`, "  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',", '];']
      : []),
    `const ${name}MonthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];`,
    '',
    `function ${name}DaysInMonth(year: number, month: number): number {`,
    '  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;',
    `  return month === 2 && leap ? 29 : ${name}MonthDays[month - 1];`,
    '}',
    ...(g.twoDigitYear ? ['', fullYearCode(name)] : []),
    '',
    timeCode(name),
    ...(iso ? ['', offsetCode(name), '', isoCode(name)] : []),
    '',
    docComment([
      `Parses a raw cell as the CSV reader read this ${order} datetime column: epoch milliseconds`,
      '(UTC), `NaN` when missing, malformed or an impossible date.',
    ]),
    `function ${name}(text: string): number {`,
    '  let start = 0;',
    '  let end = text.length;',
    '  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;',
    '  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;',
    ...(iso ? [`  const fast = ${name}Iso(text, start, end);`, '  if (fast === fast) return fast;'] : []),
    `  const m = ${name}Pattern.exec(text.slice(start, end));`,
    '  if (m === null) return NaN;',
    `  const year = ${year};`,
    `  const month = ${month};`,
    `  const day = Number(m[${g.day}]);`,
    `  const ms = ${name}Time(${[0, 1, 2, 3, 4].map(time).join(', ')});`,
    '  if (ms !== ms || month < 1 || month > 12) return NaN;',
    `  if (day < 1 || day > ${name}DaysInMonth(year, month)) return NaN;`,
    iso
      ? `  return Date.UTC(year, month - 1, day) + ms - ${name}Offset(m[10]) * 60000;`
      : '  return Date.UTC(year, month - 1, day) + ms;',
    '}',
  ].join('\n');
  return { name, code };
}

function fullYearCode(name: string): string {
  return [
    docComment(['Two-digit years pivot like spreadsheets: 00-49 are 2000s, 50-99 1900s.']),
    `function ${name}FullYear(year: string): number {`,
    '  const y = Number(year);',
    '  return year.length === 2 ? (y < 50 ? 2000 + y : 1900 + y) : y;',
    '}',
  ].join('\n');
}

function timeCode(name: string): string {
  return [
    docComment(['Milliseconds into the day of a matched time (0 without one), `NaN` when out of range.']),
    `function ${name}Time(`,
    '  hour: string | undefined,',
    '  minute: string | undefined,',
    '  second: string | undefined,',
    '  fraction: string | undefined,',
    '  meridiem: string | undefined,',
    '): number {',
    '  if (hour === undefined) return 0;',
    '  let h = Number(hour);',
    '  const m = Number(minute);',
    '  const s = second === undefined ? 0 : Number(second);',
    '  if (meridiem !== undefined) {',
    '    if (h < 1 || h > 12) return NaN;',
    "    h = (h % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);",
    '  }',
    '  if (h > 23 || m > 59 || s > 60) return NaN;',
    '  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);',
    '  return ((h * 60 + m) * 60 + s) * 1000 + ms;',
    '}',
  ].join('\n');
}

function offsetCode(name: string): string {
  return [
    docComment(['Minutes east of UTC of a matched offset (`Z`, `+02`, `-0530`, `+05:30`), 0 without one.']),
    `function ${name}Offset(offset: string | undefined): number {`,
    "  if (offset === undefined || offset === 'Z') return 0;",
    "  const sign = offset[0] === '-' ? -1 : 1;",
    "  const digits = offset.slice(1).replace(':', '');",
    "  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));",
    '}',
  ].join('\n');
}

/** `parseIsoDateBytes` (with `daysFromCivil` and `digitsAt`) on a string. */
function isoCode(name: string): string {
  return [
    docComment(['Days from 1970-01-01 to a proleptic Gregorian date (Hinnant\'s days_from_civil).']),
    `function ${name}Days(year: number, month: number, day: number): number {`,
    '  const y = month <= 2 ? year - 1 : year;',
    '  const era = Math.floor(y / 400);',
    '  const yoe = y - era * 400;',
    '  const mp = month > 2 ? month - 3 : month + 9;',
    '  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;',
    '  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;',
    '  return era * 146097 + doe - 719468;',
    '}',
    '',
    docComment(['The number written by `count` ASCII digits at `at`, or -1.']),
    `function ${name}Digits(text: string, at: number, count: number): number {`,
    '  let value = 0;',
    '  for (let i = 0; i < count; i++) {',
    '    const d = text.charCodeAt(at + i) - 48;',
    '    if (!(d >= 0 && d <= 9)) return -1;',
    '    value = value * 10 + d;',
    '  }',
    '  return value;',
    '}',
    '',
    docComment([
      "The reader's fast path over `text[start, end)`: `YYYY-MM-DD`, then optionally `T` or a space,",
      '`HH:MM`, `:SS`, a fraction of up to 9 digits and `Z`; `NaN` for anything else.',
    ]),
    `function ${name}Iso(text: string, start: number, end: number): number {`,
    '  const length = end - start;',
    '  if (length < 10) return NaN;',
    '  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;',
    `  const year = ${name}Digits(text, start, 4);`,
    `  const month = ${name}Digits(text, start + 5, 2);`,
    `  const day = ${name}Digits(text, start + 8, 2);`,
    '  if (year < 0 || month < 1 || month > 12) return NaN;',
    `  if (day < 1 || day > ${name}DaysInMonth(year, month)) return NaN;`,
    `  let ms = ${name}Days(year, month, day) * 86400000;`,
    '  if (length === 10) return ms;',
    '  let i = start + 10;',
    '  const sep = text.charCodeAt(i);',
    '  if ((sep !== 84 && sep !== 32) || length < 16 || text.charCodeAt(i + 3) !== 58) return NaN;',
    `  const hour = ${name}Digits(text, i + 1, 2);`,
    `  const minute = ${name}Digits(text, i + 4, 2);`,
    '  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;',
    '  ms += (hour * 60 + minute) * 60000;',
    '  i += 6;',
    '  if (i < end && text.charCodeAt(i) === 58) {',
    `    const second = ${name}Digits(text, i + 1, 2);`,
    '    if (second < 0 || second > 60 || i + 3 > end) return NaN;',
    '    ms += second * 1000;',
    '    i += 3;',
    '    if (i < end && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44)) {',
    '      let fraction = 0;',
    '      let scale = 1;',
    '      let digits = 0;',
    '      for (i++; i < end; i++) {',
    '        const d = text.charCodeAt(i) - 48;',
    '        if (d < 0 || d > 9) break;',
    '        if (++digits > 9) return NaN;',
    '        fraction = fraction * 10 + d;',
    '        scale *= 10;',
    '      }',
    '      if (digits === 0) return NaN;',
    '      ms += Math.round((fraction / scale) * 1000);',
    '    }',
    '  }',
    '  if (i < end && text.charCodeAt(i) === 90) i++;',
    '  return i === end ? ms : NaN;',
    '}',
  ].join('\n');
}
