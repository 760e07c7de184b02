/**
 * Formatting a spec: the canonical text `specToYaml` writes (keys in the schema's order, each
 * under its summary comment, durations and lists written one way), keeping the file's opening
 * comment. A spec with errors is left as it is: rewriting it would drop what does not parse.
 */
import type { TextEdit } from 'vscode-languageserver';
import { specToYaml } from '../engine/spec/specToYaml';
import type { SpecAnalysis } from './specAnalysis';

/** The edits that make the document canonical (none when it already is, or has errors). */
export function specFormatting(analysis: SpecAnalysis): TextEdit[] {
  if (analysis.parsed.diagnostics.some((d) => d.severity === 'error')) return [];
  const comment = openingComment(analysis.text);
  const canonical = specToYaml(analysis.parsed.spec, comment.length > 0 ? { comment } : {});
  if (canonical === analysis.text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: analysis.lines.position(analysis.text.length) }, newText: canonical }];
}

/**
 * The file's opening comment: the `#` lines it starts with, when a blank line follows them (a
 * comment right above a key is that key's, which the canonical text replaces by the summary).
 */
function openingComment(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const end = lines.findIndex((line) => !line.trimStart().startsWith('#'));
  if (end <= 0 || lines[end].trim() !== '') return [];
  return lines.slice(0, end).map((line) => line.trimStart().replace(/^# ?/, ''));
}
