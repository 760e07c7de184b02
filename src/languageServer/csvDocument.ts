/**
 * Open CSV/TSV files: their parse issues as diagnostics (ragged rows, unterminated quotes, values
 * that do not fit their column's type) at their lines, from the streaming reader reading the file
 * on disk, capped so that a file with a million bad rows still publishes quickly; and a hover on a
 * header cell with that column's profile.
 */
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import type { SourceSpec } from '../engine/data/sourceSpec';
import { delimiterForName } from '../node/dataFileName';
import { DIAGNOSTIC_SOURCE } from '../protocol/languageServer';
import { columnMarkdown } from './columnMarkdown';
import type { DataKnowledge } from './dataKnowledge';

/** Most diagnostics published for one CSV file (the last says how many more there are). */
export const CSV_DIAGNOSTIC_CAP = 100;

/** How long a header hover waits for the file's profile before it shows the first rows'. */
const PROFILE_WAIT_MS = 1500;

/** The source of the CSV/TSV file at `path`. */
export function csvSourceOf(path: string): SourceSpec {
  const delimiter = delimiterForName(path);
  return { kind: 'csv', path, ...(delimiter === undefined ? {} : { delimiter }) };
}

/** The diagnostics of the CSV file at `path`: parse issues and bad values, at most `CSV_DIAGNOSTIC_CAP`. */
export async function csvDiagnostics(path: string, knowledge: DataKnowledge): Promise<Diagnostic[]> {
  let report;
  try {
    report = await knowledge.report(csvSourceOf(path));
  } catch (error) {
    return [diagnostic(1, error instanceof Error ? error.message : String(error), DiagnosticSeverity.Error)];
  }
  if (report === undefined) return [];
  const found: Diagnostic[] = report.parseIssues.map((issue) => diagnostic(issue.line, issue.message, DiagnosticSeverity.Warning));
  for (const bad of report.badValues) {
    for (const example of bad.examples) {
      found.push(diagnostic(example.line, `'${example.value}' does not fit column '${bad.column}' (read as missing; ${bad.count.toLocaleString('en-US')} such values in the column)`, DiagnosticSeverity.Warning));
    }
  }
  found.sort((a, b) => a.range.start.line - b.range.start.line);
  const total = Math.max(report.parseIssueCount, report.parseIssues.length) + report.badValues.reduce((n, b) => n + b.examples.length, 0);
  if (found.length <= CSV_DIAGNOSTIC_CAP && total <= found.length) return found;
  const kept = found.slice(0, CSV_DIAGNOSTIC_CAP - 1);
  kept.push(diagnostic(1, `${(total - kept.length).toLocaleString('en-US')} more issues in this file are not listed`, DiagnosticSeverity.Information));
  return kept;
}

/** A diagnostic on the whole of 1-based line `line`. */
function diagnostic(line: number, message: string, severity: DiagnosticSeverity): Diagnostic {
  const at = Math.max(0, line - 1);
  return { range: { start: { line: at, character: 0 }, end: { line: at, character: Number.MAX_SAFE_INTEGER } }, severity, code: 'csv-issue', source: DIAGNOSTIC_SOURCE, message };
}

/** The start and end (exclusive) of each cell of a header line, quotes respected. */
function headerCells(line: string, delimiter: string): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) {
      cells.push({ start, end: i });
      start = i + 1;
    }
  }
  cells.push({ start, end: line.length });
  return cells;
}

/** The delimiter of a header line: the one among , ; tab | that splits it most. */
function sniff(line: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => ({ d, n: headerCells(line, d).length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].d;
}

/** The hover on a header cell of the CSV file at `path` (first line of `text`): that column's profile. */
export async function csvHover(path: string, headerLine: string, position: Position, knowledge: DataKnowledge): Promise<Hover | null> {
  if (position.line !== 0) return null;
  const source = csvSourceOf(path);
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PROFILE_WAIT_MS).unref());
  const profile = await Promise.race([knowledge.profile(source), timeout]);
  const delimiter = profile?.source?.delimiter ?? delimiterForName(path) ?? sniff(headerLine);
  const cells = headerCells(headerLine, delimiter);
  const index = cells.findIndex((cell) => position.character >= cell.start && position.character <= cell.end);
  if (index < 0) return null;
  const range = { start: { line: 0, character: cells[index].start }, end: { line: 0, character: cells[index].end } };
  let markdown: string | undefined;
  const column = profile?.columns[index];
  if (profile !== undefined && column !== undefined) markdown = columnMarkdown(column, profile.warnings);
  else {
    const peek = await knowledge.peek(source);
    const first = peek?.ok ? peek.columns[index] : undefined;
    if (first !== undefined && peek?.ok) markdown = columnMarkdown(first.profile, [], `first ${peek.rows} rows; the whole file is being profiled`);
  }
  return markdown === undefined ? null : { contents: { kind: MarkupKind.Markdown, value: markdown }, range };
}
