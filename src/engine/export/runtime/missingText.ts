/**
 * The exported module's `isMissingText`: whether a raw cell is a missing value by the CSV reader's
 * rules (data/missingTokens.ts). The token list is taken from the engine here, so the module
 * always agrees with the reader that trained the model.
 */
import { MISSING_TOKENS } from '../../data/missingTokens';
import { docComment, stringArray } from '../sourceText';

/** Name of the emitted function `(text: string) => boolean`. */
export const MISSING_TEXT_NAME = 'isMissingText';

/**
 * Source of `isMissingText(text: string): boolean` and its token set. The reader settles missing
 * text cells on the trimmed text (`String.prototype.trim`, as it does when it classifies a
 * column's distinct values): empty, or exactly one of `MISSING_TOKENS` (`NA` and `na` are
 * missing, `Na` is not). Numeric and date parsers need no such check: every token parses to
 * `NaN` anyway.
 */
export function missingTextCode(): { name: string; code: string } {
  const code = [
    docComment(['Texts the CSV reader reads as a missing value (after trimming), besides the empty text.']),
    `const ${MISSING_TEXT_NAME}Tokens: ReadonlySet<string> = new Set(`,
    `  ${stringArray(MISSING_TOKENS, '  ')},`,
    ');',
    '',
    docComment(['Whether a raw cell is a missing value: empty after trimming, or a missing token such as `NA`.']),
    `function ${MISSING_TEXT_NAME}(text: string): boolean {`,
    '  const t = text.trim();',
    `  return t.length === 0 || ${MISSING_TEXT_NAME}Tokens.has(t);`,
    '}',
  ].join('\n');
  return { name: MISSING_TEXT_NAME, code };
}
