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
  const comment = analysis.yaml.commentBefore;
  const canonical = specToYaml(analysis.parsed.spec, comment ? { comment: comment.split('\n').map((line) => line.replace(/^ /, '')) } : {});
  if (canonical === analysis.text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: analysis.lines.position(analysis.text.length) }, newText: canonical }];
}
