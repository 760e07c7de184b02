import type { DateFormat } from './frame';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const TIME = '(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*([AaPp][Mm])?)?';
const OFFSET = '\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?';

/** `YYYY-MM-DD`, `YYYY/MM/DD`, ISO 8601 with `T` or a space, optional seconds, fraction, offset. */
const YMD = new RegExp(`^(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${TIME}${OFFSET}$`);
/** `MM/DD/YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY`, two-digit years too, optional time. */
const NUMERIC_DAY_FIRST_OR_MONTH_FIRST = new RegExp(`^(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME.replace('[T ]', ' ')}$`);
/** `Jun 12 1998`, `June 12, 1998`, optional time. */
const MON_D_Y = new RegExp(`^${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME.replace('[T ]', ',? ')}$`, 'i');
/** `12 Jun 1998`, `12-Jun-1998`, optional time. */
const D_MON_Y = new RegExp(`^(\\d{1,2})[\\s-]${MONTH_NAME}[\\s-],?\\s*(\\d{4}|\\d{2})${TIME.replace('[T ]', ',? ')}$`, 'i');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function fullYear(year: string): number {
  const y = Number(year);
  // Two-digit years pivot like most spreadsheet software: 00-49 -> 2000s, 50-99 -> 1900s.
  return year.length === 2 ? (y < 50 ? 2000 + y : 1900 + y) : y;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hasTime: boolean;
  ms: number;
  /** Minutes east of UTC given in the text, or 0. */
  offsetMinutes: number;
}

function timeParts(
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  meridiem: string | undefined,
): { hasTime: boolean; ms: number } | undefined {
  if (hour === undefined) return { hasTime: false, ms: 0 };
  let h = Number(hour);
  const m = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return undefined;
    const pm = meridiem.toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || m > 59 || s > 60) return undefined;
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  return { hasTime: true, ms: ((h * 60 + m) * 60 + s) * 1000 + ms };
}

function offsetMinutes(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** Splits a date text in one of the supported layouts; `order` settles DD/MM vs MM/DD. */
function dateParts(text: string, order: DateFormat['order']): Parts | undefined {
  let year: number;
  let month: number;
  let day: number;
  let time: { hasTime: boolean; ms: number } | undefined;
  let offset = 0;
  let m: RegExpExecArray | null;
  if (order === 'ymd') {
    if (!(m = YMD.exec(text))) return undefined;
    year = Number(m[1]);
    month = Number(m[3]);
    day = Number(m[4]);
    time = timeParts(m[5], m[6], m[7], m[8], m[9]);
    offset = offsetMinutes(m[10]);
  } else if (order === 'mdy' || order === 'dmy') {
    if (!(m = NUMERIC_DAY_FIRST_OR_MONTH_FIRST.exec(text))) return undefined;
    const a = Number(m[1]);
    const b = Number(m[3]);
    [month, day] = order === 'mdy' ? [a, b] : [b, a];
    year = fullYear(m[4]);
    time = timeParts(m[5], m[6], m[7], m[8], m[9]);
  } else if (order === 'mon-d-y') {
    if (!(m = MON_D_Y.exec(text))) return undefined;
    month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    day = Number(m[2]);
    year = Number(m[3]);
    time = timeParts(m[4], m[5], m[6], m[7], m[8]);
  } else {
    if (!(m = D_MON_Y.exec(text))) return undefined;
    day = Number(m[1]);
    month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    year = fullYear(m[3]);
    time = timeParts(m[4], m[5], m[6], m[7], m[8]);
  }
  if (time === undefined || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, hasTime: time.hasTime, ms: time.ms, offsetMinutes: offset };
}

/**
 * Parses a trimmed date text written in `format.order` to epoch milliseconds (UTC; a text
 * without an offset is read as UTC so results never depend on the machine's time zone).
 * Returns `NaN` for anything else, including impossible dates such as 2021-02-30.
 */
export function parseDateText(text: string, order: DateFormat['order']): number {
  const p = dateParts(text, order);
  if (p === undefined) return NaN;
  const date = Date.UTC(p.year, p.month - 1, p.day);
  return date + p.ms - p.offsetMinutes * 60_000;
}

/** Whether a trimmed text in `order` carries a time of day. */
export function dateTextHasTime(text: string, order: DateFormat['order']): boolean {
  return dateParts(text, order)?.hasTime ?? false;
}

/**
 * The date format under which every sample parses, or `undefined`. For numeric day/month layouts
 * the data decides: a first field above 12 means day-first, a second above 12 month-first, and
 * with no such value month-first is assumed for '/' and day-first for '.' and '-' separators.
 */
export function detectDateFormat(samples: readonly string[]): DateFormat | undefined {
  if (samples.length === 0) return undefined;
  const first = samples[0];
  let orders: DateFormat['order'][];
  if (YMD.test(first)) orders = ['ymd'];
  else if (NUMERIC_DAY_FIRST_OR_MONTH_FIRST.test(first)) {
    let firstOver12 = false;
    let secondOver12 = false;
    for (const s of samples) {
      const m = NUMERIC_DAY_FIRST_OR_MONTH_FIRST.exec(s);
      if (!m) return undefined;
      if (Number(m[1]) > 12) firstOver12 = true;
      if (Number(m[3]) > 12) secondOver12 = true;
    }
    if (firstOver12 && secondOver12) return undefined;
    const separator = NUMERIC_DAY_FIRST_OR_MONTH_FIRST.exec(first)?.[2];
    if (firstOver12) orders = ['dmy'];
    else if (secondOver12) orders = ['mdy'];
    else orders = separator === '/' ? ['mdy'] : ['dmy'];
  } else if (MON_D_Y.test(first)) orders = ['mon-d-y'];
  else if (D_MON_Y.test(first)) orders = ['d-mon-y'];
  else return undefined;
  const order = orders[0];
  let hasTime = false;
  for (const s of samples) {
    const p = dateParts(s, order);
    if (p === undefined) return undefined;
    if (p.hasTime) hasTime = true;
  }
  return { order, hasTime };
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digitsAt(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = buf[at + i] - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Fast path for the most common layout, parsed from bytes without a string: `YYYY-MM-DD`, then
 * optionally `T` or a space and `HH:MM`, `:SS`, `.fff` (up to 9 digits) and `Z`. Returns `NaN`
 * when the bytes are anything else (the caller falls back to `parseDateText`), and for
 * impossible dates. Same result as `parseDateText(text, 'ymd')` where both apply.
 */
export function parseIsoDateBytes(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return NaN;
  const year = digitsAt(buf, start, 4);
  const month = digitsAt(buf, start + 5, 2);
  const day = digitsAt(buf, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (length === 10) return ms;
  let i = start + 10;
  const sep = buf[i];
  if ((sep !== 84 && sep !== 32) || length < 16 || buf[i + 3] !== 58) return NaN;
  const hour = digitsAt(buf, i + 1, 2);
  const minute = digitsAt(buf, i + 4, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  ms += (hour * 60 + minute) * 60_000;
  i += 6;
  if (i < end && buf[i] === 58) {
    const second = digitsAt(buf, i + 1, 2);
    if (second < 0 || second > 60 || i + 3 > end) return NaN;
    ms += second * 1000;
    i += 3;
    if (i < end && (buf[i] === 46 || buf[i] === 44)) {
      let fraction = 0;
      let scale = 1;
      let digits = 0;
      for (i++; i < end; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) break;
        if (++digits > 9) return NaN;
        fraction = fraction * 10 + d;
        scale *= 10;
      }
      if (digits === 0) return NaN;
      ms += Math.round((fraction / scale) * 1000);
    }
  }
  if (i < end && buf[i] === 90) i++;
  return i === end ? ms : NaN;
}
