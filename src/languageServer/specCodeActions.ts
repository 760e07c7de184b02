/**
 * Quick fixes of a spec document, keyed on the diagnostics' codes: replace an unknown column with
 * the close one, remove the target from `exclude`, set the task the data implies, and exclude the
 * columns the profile flags (ID-like, leakage suspects).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { Position } from '../engine/spec/textPosition';
import type { ColumnFixData, ExcludeFixData, TaskFixData } from '../protocol/languageServer';
import type { SpecAnalysis } from './specAnalysis';
import { yamlName } from './specCompletion';

/** The code action kinds the server offers. */
export const SPEC_CODE_ACTION_KINDS = [CodeActionKind.QuickFix];

/** The quick fixes for `diagnostics` (those the client sent for the range asked about). */
export function specCodeActions(analysis: SpecAnalysis, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const edits = fixFor(analysis, diagnostic);
    if (edits === undefined) continue;
    actions.push({
      title: edits.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: edits.preferred,
      edit: { changes: { [analysis.uri]: edits.edits } },
    });
  }
  return actions;
}

interface Fix {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly preferred: boolean;
}

function fixFor(analysis: SpecAnalysis, diagnostic: Diagnostic): Fix | undefined {
  switch (diagnostic.code) {
    case 'unknown-column': {
      const replacement = (diagnostic.data as ColumnFixData | undefined)?.replacement;
      if (replacement === undefined) return undefined;
      return { title: `Change to '${replacement}'`, edits: [{ range: diagnostic.range, newText: yamlName(replacement) }], preferred: true };
    }
    case 'target-excluded': {
      const target = analysis.parsed.spec.run.target;
      const edits = target === undefined ? undefined : removeFromExclude(analysis, target, diagnostic.range.start);
      return edits === undefined ? undefined : { title: `Remove the target '${target}' from exclude`, edits, preferred: true };
    }
    case 'task-from-data': {
      const task = (diagnostic.data as TaskFixData | undefined)?.task;
      const edit = task === undefined ? undefined : insertAfterKey(analysis, ['target'], `task: ${task}`);
      return edit === undefined ? undefined : { title: `Set task: ${task} (from the data)`, edits: [edit], preferred: false };
    }
    case 'flagged-columns': {
      const columns = (diagnostic.data as ExcludeFixData | undefined)?.columns;
      const edits = columns === undefined || columns.length === 0 ? undefined : addToExclude(analysis, columns);
      return edits === undefined ? undefined : { title: `Exclude ${columns?.join(', ')} (flagged by the profile)`, edits, preferred: false };
    }
    default:
      return undefined;
  }
}

/** The offset where the line after the one holding `position` starts (the text's end on the last line). */
function nextLineStart(analysis: SpecAnalysis, line: number): { position: Position; needsBreak: boolean } {
  const start = analysis.lines.offset({ line: line + 1, character: 0 });
  const atEnd = analysis.lines.position(start).line === line;
  return { position: analysis.lines.position(start), needsBreak: atEnd };
}

/** An edit that adds the line `text` (top level) after the value of the key at `path`. */
function insertAfterKey(analysis: SpecAnalysis, path: readonly string[], text: string): TextEdit | undefined {
  const location = analysis.locate(path);
  const end = location?.value.end ?? location?.key?.end;
  if (end === undefined) return undefined;
  const { position, needsBreak } = nextLineStart(analysis, end.line);
  return { range: { start: position, end: position }, newText: `${needsBreak ? '\n' : ''}${text}\n` };
}

function isFlow(analysis: SpecAnalysis): boolean {
  const range = analysis.locate(['exclude'])?.value;
  return range !== undefined && analysis.text[analysis.lines.offset(range.start)] === '[';
}

function removeFromExclude(analysis: SpecAnalysis, name: string, at: Position): TextEdit[] | undefined {
  const range = analysis.locate(['exclude'])?.value;
  const exclude = analysis.parsed.spec.run.exclude ?? [];
  if (range === undefined) return undefined;
  if (isFlow(analysis)) return [{ range, newText: `[${exclude.filter((n) => n !== name).map(yamlName).join(', ')}]` }];
  // A block item: its whole line goes.
  return [{ range: { start: { line: at.line, character: 0 }, end: { line: at.line + 1, character: 0 } }, newText: '' }];
}

function addToExclude(analysis: SpecAnalysis, columns: readonly string[]): TextEdit[] | undefined {
  const location = analysis.locate(['exclude']);
  const exclude = analysis.parsed.spec.run.exclude ?? [];
  if (location === undefined) {
    const edit = insertAfterKey(analysis, ['target'], `exclude: [${columns.map(yamlName).join(', ')}]`);
    return edit === undefined ? undefined : [edit];
  }
  if (isFlow(analysis) || exclude.length === 0) {
    return [{ range: location.value, newText: `[${[...exclude, ...columns].map(yamlName).join(', ')}]` }];
  }
  const last = location.value.end.line;
  const lineText = analysis.text.split(/\r\n|\r|\n/)[last] ?? '';
  const indent = /^(\s*)/.exec(lineText)?.[1] ?? '  ';
  const { position, needsBreak } = nextLineStart(analysis, last);
  return [{ range: { start: position, end: position }, newText: `${needsBreak ? '\n' : ''}${columns.map((c) => `${indent}- ${yamlName(c)}\n`).join('')}` }];
}
