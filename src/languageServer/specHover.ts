/**
 * Hovers in a spec document: on a column name, its profile (the whole data's when ready within a
 * moment, else the first rows'); on a key, its documentation; on a metric, learner or other named
 * value, what it means.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { keyPathAt } from '../engine/spec/keyPathAt';
import { schemaAt, type SchemaNode } from '../engine/spec/specSchema';
import type { Range } from '../engine/spec/textPosition';
import { columnMarkdown } from './columnMarkdown';
import type { DataKnowledge } from './dataKnowledge';
import type { SpecAnalysis } from './specAnalysis';
import { columnPathKind } from './specContext';

/** How long a hover waits for the whole data's profile before it shows the first rows' figures. */
const PROFILE_WAIT_MS = 1500;

/** The hover at `position`, or null. */
export async function specHover(analysis: SpecAnalysis, position: Position, knowledge: DataKnowledge): Promise<Hover | null> {
  const at = keyPathAt(analysis.text, position);
  if (at === undefined) return null;
  const location = analysis.locate(at.path);
  const range = at.part === 'key' ? location?.key : location?.value;
  const columnKind = columnPathKind(at.path);
  if (columnKind !== undefined && (columnKind === 'key') === (at.part === 'key')) {
    const name = columnKind === 'key' ? String(at.path[at.path.length - 1]) : scalarText(analysis, range);
    const markdown = name === undefined ? undefined : await columnHover(analysis, name, knowledge);
    if (markdown !== undefined) return hover(markdown, range);
  }
  const node = schemaAt(at.path);
  if (node === undefined) return null;
  if (at.part === 'value') {
    const text = scalarText(analysis, range);
    const named = text === undefined ? undefined : enumDoc(node, text);
    if (named !== undefined) return hover(named, range);
  }
  const key = at.path.filter((s) => typeof s === 'string').join('.');
  return hover(`**${key}** — ${node.summary}${node.doc === undefined ? '' : `\n\n${node.doc}`}`, range);
}

function hover(markdown: string, range: Range | undefined): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, ...(range === undefined ? {} : { range }) };
}

/** The text of a scalar value at `range`, unquoted. */
function scalarText(analysis: SpecAnalysis, range: Range | undefined): string | undefined {
  if (range === undefined) return undefined;
  const raw = analysis.text.slice(analysis.lines.offset(range.start), analysis.lines.offset(range.end)).trim();
  if (/^"(.*)"$/.test(raw)) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return /^'(.*)'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

function enumDoc(node: SchemaNode, value: string): string | undefined {
  const options = node.kind === 'either' ? node.options : node.kind === 'list' ? [node.items] : [node];
  for (const option of options) {
    const found = option.kind === 'string' ? option.values?.find((v) => v.value === value) : undefined;
    if (found !== undefined) return `**${found.value}** — ${found.doc}${found.tasks === undefined ? '' : `\n\nFor ${found.tasks.join(', ')} tasks.`}`;
  }
  return undefined;
}

async function columnHover(analysis: SpecAnalysis, name: string, knowledge: DataKnowledge): Promise<string | undefined> {
  const source = analysis.source;
  if (source === undefined) return undefined;
  const target = analysis.parsed.spec.run.target;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PROFILE_WAIT_MS).unref());
  const profile = await Promise.race([knowledge.profile(source, target), timeout]);
  const full = profile?.columns.find((c) => c.name === name);
  if (profile !== undefined && full !== undefined) return columnMarkdown(full, profile.warnings);
  const peek = await knowledge.peek(source);
  const column = peek?.ok ? peek.columns.find((c) => c.name === name) : undefined;
  return column === undefined || !peek?.ok ? undefined : columnMarkdown(column.profile, [], `first ${peek.rows} rows; the whole data is being profiled`);
}
