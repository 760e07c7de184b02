/** Runs of letters and digits (any script); everything else separates tokens. */
const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * Lower-cased word tokens of a text: maximal runs of Unicode letters and digits. Equivalent to
 * scikit-learn's analyzer with `lowercase=True, token_pattern=r"(?u)[^\W_]+"` (its default pattern
 * would also drop one-character tokens).
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Calls `visit` with every word n-gram of `tokens`, 1 to `ngramMax` words joined by one space. */
export function forEachNgram(tokens: readonly string[], ngramMax: number, visit: (gram: string) => void): void {
  for (const token of tokens) visit(token);
  for (let size = 2; size <= ngramMax; size++) {
    for (let i = 0; i + size <= tokens.length; i++) visit(tokens.slice(i, i + size).join(' '));
  }
}
