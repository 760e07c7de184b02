/** The Outline (document symbols) and folding ranges of a spec: its mappings and lists, from the YAML tree. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { SpecAnalysis } from './specAnalysis';

function symbolKind(value: Node | null): SymbolKind {
  if (isMap(value)) return SymbolKind.Object;
  if (isSeq(value)) return SymbolKind.Array;
  if (isScalar(value)) return typeof value.value === 'number' ? SymbolKind.Number : typeof value.value === 'boolean' ? SymbolKind.Boolean : SymbolKind.String;
  return SymbolKind.Null;
}

/** The document symbols: one per key, nested as the mappings are. */
export function specSymbols(analysis: SpecAnalysis): DocumentSymbol[] {
  const walk = (node: Node | null): DocumentSymbol[] => {
    if (!isMap(node)) return [];
    const out: DocumentSymbol[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!isScalar(key) || !key.range) continue;
      const end = value?.range ? value.range[1] : key.range[1];
      const range = analysis.lines.range(key.range[0], end);
      const detail = isScalar(value) && value.value !== null ? String(value.value) : isSeq(value) ? `${value.items.length} items` : undefined;
      out.push({
        name: String(key.value),
        kind: symbolKind(value),
        range,
        selectionRange: analysis.lines.range(key.range[0], key.range[1]),
        ...(detail === undefined ? {} : { detail }),
        children: walk(value),
      });
    }
    return out;
  };
  return walk(analysis.yaml.contents as Node | null);
}

/** Folding ranges: each mapping or list spanning lines, and runs of comment lines. */
export function specFoldingRanges(analysis: SpecAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const visit = (node: Node | null, startLine?: number): void => {
    if (!isMap(node) && !isSeq(node)) return;
    if (startLine !== undefined && node.range) {
      const end = analysis.lines.range(node.range[0], node.range[1]).end.line;
      if (end > startLine) out.push({ startLine, endLine: end });
    }
    for (const item of node.items) {
      if (isMap(node)) {
        const pair = item as { key: Node | null; value: Node | null };
        const keyLine = pair.key?.range ? analysis.lines.position(pair.key.range[0]).line : undefined;
        visit(pair.value, keyLine);
      } else {
        visit(item as Node, undefined);
      }
    }
  };
  visit(analysis.yaml.contents as Node | null);
  const lines = analysis.text.split(/\r\n|\r|\n/);
  let start = -1;
  lines.forEach((line, i) => {
    const comment = line.trim().startsWith('#');
    if (comment && start < 0) start = i;
    if (!comment && start >= 0) {
      if (i - 1 > start) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  });
  return out;
}
