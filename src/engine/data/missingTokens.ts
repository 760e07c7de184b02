/**
 * Tokens read as a missing value in any column (after trimming spaces), besides the empty field.
 * Matching is exact: `NA` and `na` are missing, `Na` is not, so a category such as "Na" (sodium)
 * survives.
 */
export const MISSING_TOKENS: readonly string[] = [
  'NA',
  'N/A',
  'n/a',
  'na',
  'null',
  'NULL',
  'Null',
  'NaN',
  'nan',
  '?',
  '-',
  'None',
  'none',
  '#N/A',
];

const MISSING_SET = new Set(MISSING_TOKENS);
const MAX_TOKEN_LENGTH = Math.max(...MISSING_TOKENS.map((t) => t.length));

/** Whether a trimmed string is a missing value. */
export function isMissingText(text: string): boolean {
  return text.length === 0 || (text.length <= MAX_TOKEN_LENGTH && MISSING_SET.has(text));
}

/** Missing tokens as ASCII byte strings, indexed by length, for matching without building strings. */
const TOKENS_BY_LENGTH: readonly (readonly Uint8Array[])[] = (() => {
  const byLength: Uint8Array[][] = Array.from({ length: MAX_TOKEN_LENGTH + 1 }, () => []);
  for (const token of MISSING_TOKENS) {
    byLength[token.length].push(Uint8Array.from(token, (ch) => ch.charCodeAt(0)));
  }
  return byLength;
})();

/**
 * Whether the bytes `buf[start, end)` (already trimmed) are a missing value. Only short ASCII
 * ranges can be, so most fields are rejected on their length alone.
 */
export function isMissingBytes(buf: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length === 0) return true;
  if (length > MAX_TOKEN_LENGTH) return false;
  for (const token of TOKENS_BY_LENGTH[length]) {
    let i = 0;
    while (i < length && buf[start + i] === token[i]) i++;
    if (i === length) return true;
  }
  return false;
}
