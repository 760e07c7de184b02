/**
 * Completions in a spec document: keys (with their documentation), the data's column names (type
 * and missing share in the detail), learners and metrics that fit the task, validation kinds,
 * durations, booleans, and a workbook's sheets or a database file's tables. Columns come from the
 * data's first rows, never waiting for a full profile; the profile's figures are used when ready.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { Task } from '../engine/learners/types';
import { schemaAt, type SchemaNode } from '../engine/spec/specSchema';
import { openSource } from '../node/sources/openSource';
import { columnDetail, columnMarkdown } from './columnMarkdown';
import type { DataKnowledge } from './dataKnowledge';
import type { SpecAnalysis } from './specAnalysis';
import { columnPathKind, keyContextAt } from './specContext';

/** Durations offered for `budget`. */
const DURATIONS = ['30s', '1m', '5m', '15m', '30m', '1h'];

/** The completions at `position`. */
export async function specCompletions(analysis: SpecAnalysis, position: Position, knowledge: DataKnowledge): Promise<CompletionItem[]> {
  const context = keyContextAt(analysis.text, position);
  if (context === undefined) return [];
  if (context.part === 'key') {
    if (columnPathKind([...context.path, '']) === 'key') return columnItems(analysis, knowledge);
    return keyItems(analysis, context.path);
  }
  if (columnPathKind(context.path) === 'value') return columnItems(analysis, knowledge);
  const path = context.path;
  if (path[0] === 'data' && (path[1] === 'sheet' || path[1] === 'table')) return choiceItems(analysis);
  const node = valueNode(schemaAt(path));
  if (node === undefined) return [];
  return valueItems(node, taskOf(analysis, knowledge));
}

/** The node that gives value completions: an `either`'s option with names, else its first. */
function valueNode(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.kind === 'list') return valueNode(node.items);
  if (node?.kind !== 'either') return node;
  return node.options.find((o) => o.kind === 'string' && o.values !== undefined) ?? node.options[0];
}

function keyItems(analysis: SpecAnalysis, parent: readonly (string | number)[]): CompletionItem[] {
  let node = schemaAt(parent);
  if (node?.kind === 'either') node = node.options.find((o) => o.kind === 'object');
  if (node?.kind !== 'object') return [];
  return Object.entries(node.fields)
    .filter(([key]) => analysis.locate([...parent, key]) === undefined)
    .map(([key, field], index) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: field.summary,
      documentation: { kind: MarkupKind.Markdown, value: field.doc ?? field.summary },
      insertText: field.kind === 'object' ? `${key}:\n  ` : `${key}: `,
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: String(index).padStart(3, '0'),
    }));
}

function valueItems(node: SchemaNode, task: Task | undefined): CompletionItem[] {
  switch (node.kind) {
    case 'string':
      return (node.values ?? [])
        .filter((v) => task === undefined || v.tasks === undefined || v.tasks.includes(task))
        .map((v) => ({ label: v.value, kind: CompletionItemKind.EnumMember, detail: v.doc, documentation: v.tasks === undefined ? undefined : `For ${v.tasks.join(', ')} tasks.` }));
    case 'duration':
      return DURATIONS.map((d, i) => ({ label: d, kind: CompletionItemKind.Value, detail: 'a duration', sortText: String(i) }));
    case 'boolean':
      return ['true', 'false'].map((b) => ({ label: b, kind: CompletionItemKind.Value }));
    default:
      return [];
  }
}

/** The spec's task, else the one the data implies (when its profile is ready). */
function taskOf(analysis: SpecAnalysis, knowledge: DataKnowledge): Task | undefined {
  const { run } = analysis.parsed.spec;
  if (run.task !== undefined) return run.task;
  if (analysis.source === undefined || run.target === undefined) return undefined;
  return knowledge.readyProfile(analysis.source, run.target)?.target?.task;
}

/** A column name as YAML text: plain when it reads back as the same string, else double-quoted. */
export function yamlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_. -]*$/.test(name) && !/\s$/.test(name) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(name) ? name : JSON.stringify(name);
}

async function columnItems(analysis: SpecAnalysis, knowledge: DataKnowledge): Promise<CompletionItem[]> {
  if (analysis.source === undefined) return [];
  const peek = await knowledge.peek(analysis.source);
  if (peek === undefined || !peek.ok) return [];
  const profile = knowledge.readyProfile(analysis.source, analysis.parsed.spec.run.target) ?? knowledge.readyProfile(analysis.source);
  return peek.columns.map((column, index) => {
    const full = profile?.columns.find((c) => c.name === column.name);
    const text = yamlName(column.name);
    return {
      label: column.name,
      kind: CompletionItemKind.Field,
      detail: full === undefined ? columnDetail(column.type, column.missingPct) : columnDetail(full.type, full.missingPct),
      documentation: {
        kind: MarkupKind.Markdown,
        value: full === undefined ? columnMarkdown(column.profile, [], `first ${peek.rows} rows`) : columnMarkdown(full, profile?.warnings ?? []),
      },
      ...(text === column.name ? {} : { insertText: text }),
      sortText: String(index).padStart(5, '0'),
    };
  });
}

async function choiceItems(analysis: SpecAnalysis): Promise<CompletionItem[]> {
  const source = analysis.source;
  // Only local files: a database is never connected to for a completion.
  if (source === undefined || !('path' in source)) return [];
  try {
    const choices = await openSource(source).choices?.();
    return (choices?.names ?? []).map((name) => ({ label: name, kind: CompletionItemKind.Value, detail: choices?.kind }));
  } catch {
    return [];
  }
}
