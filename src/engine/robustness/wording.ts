/**
 * How the robustness sentences write numbers and combine grades. Every check's sentence goes to
 * people (terminal, panel, report), so numbers are rounded to what a reader can use, and written
 * the same way (no locale: the same run gives the same text on every machine).
 */
import type { RobustnessGrade } from './types';

const RANK: Readonly<Record<RobustnessGrade, number>> = { ok: 0, warn: 1, alert: 2 };

/** The worse of some grades ('ok' for none). */
export function worstGrade(grades: Iterable<RobustnessGrade>): RobustnessGrade {
  let worst: RobustnessGrade = 'ok';
  for (const g of grades) if (RANK[g] > RANK[worst]) worst = g;
  return worst;
}

/** How bad a grade is: 0 ok, 1 warn, 2 alert (for sorting). */
export function gradeRank(grade: RobustnessGrade): number {
  return RANK[grade];
}

/** Digits grouped by thousands with commas ("12,345"), whatever the locale. */
function grouped(integerText: string): string {
  return integerText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number for a sentence: whole numbers from 100 on ("1,235"), one decimal from 10, two from 1,
 * two significant digits below 1 ("0.84", "0.031"). 'n/a' when it is not finite.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 100) return sign + grouped(Math.round(abs).toFixed(0));
  if (abs >= 10) return sign + abs.toFixed(1);
  if (abs >= 1) return sign + abs.toFixed(2);
  if (abs === 0) return '0';
  // Two significant digits, at least two decimals ("0.80" rather than "0.8" beside "0.84").
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(abs)));
  return sign + abs.toFixed(Math.min(decimals, 20));
}

/** A share as a percentage for people: "7%", "0.4%" below 1%, "<0.1%" for tiny positive shares. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return 'n/a';
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.1) return '<0.1%';
  if (Math.abs(pct) < 1) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** A count with thousands separators ("20,000"). */
export function formatCount(count: number): string {
  return grouped(Math.round(count).toFixed(0));
}

/** Milliseconds for people: "0.012 ms", "3.4 ms", "120 ms", "2.5 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${formatNumber(ms)} ms`;
}

/** Bytes for people: "512 B", "2.1 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
