/**
 * The diagnostics of a spec document: the engine checker's (YAML, keys, values, metric vs task,
 * literal secrets), then what the data says: a file that cannot be read, unknown columns (with a
 * did-you-mean), a group column that is not categorical, a time column that is neither a date nor
 * a number, and, once the profile is known, a target with one class or mostly missing, a metric
 * that does not fit the data's task, and the columns the profile flags.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { KeyPath } from '../engine/spec/checkSchema';
import { closestMatch } from '../engine/spec/editDistance';
import type { SpecDiagnosticCode, SpecSeverity } from '../engine/spec/specFile';
import type { Range } from '../engine/spec/textPosition';
import type { DatasetProfile } from '../engine/profile/types';
import { METRICS, metricsFor } from '../engine/validate/metrics';
import {
  DIAGNOSTIC_SOURCE,
  type ColumnFixData,
  type DataDiagnosticCode,
  type ExcludeFixData,
  type TaskFixData,
} from '../protocol/languageServer';
import type { PeekColumn, PeekResult } from './dataKnowledge';
import { valueRange, type SpecAnalysis } from './specAnalysis';

/**
 * The shortest budget worth a search: the default models, one fold each, and the refit barely fit
 * in less (a warning: the run still starts).
 */
export const MIN_BUDGET_SECONDS = 10;

/** A target missing in more than this share of rows (percent) is reported. */
const TARGET_MISSING_PCT = 50;

/** Profile warnings whose columns a run is better without. */
const FLAGGED_KINDS = new Set(['id-like', 'leakage-suspect']);

const SEVERITIES: Record<SpecSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The checker's diagnostics, as LSP diagnostics. */
export function specCheckerDiagnostics(analysis: SpecAnalysis): Diagnostic[] {
  return analysis.parsed.diagnostics.map((d) => ({
    range: d.range,
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  }));
}

function diagnostic(range: Range, severity: DiagnosticSeverity, code: DataDiagnosticCode | SpecDiagnosticCode, message: string, data?: unknown): Diagnostic {
  return { range, severity, code, source: DIAGNOSTIC_SOURCE, message, ...(data === undefined ? {} : { data }) };
}

/** Every key path of the spec that names a column, with the name written there. */
export function columnReferences(analysis: SpecAnalysis): { path: KeyPath; name: string; range: Range }[] {
  const refs: { path: KeyPath; name: string; range: Range }[] = [];
  const { run, types } = analysis.parsed.spec;
  const add = (path: KeyPath, name: string | undefined, useKey = false): void => {
    if (name === undefined) return;
    const location = analysis.locate(path);
    const range = useKey ? location?.key : location?.value;
    if (range !== undefined) refs.push({ path, name, range });
  };
  add(['target'], run.target);
  add(['validation', 'group'], run.validation?.groupColumn);
  add(['validation', 'time'], run.validation?.timeColumn);
  const excludeItems = analysis.locate(['exclude'])?.items;
  run.exclude?.forEach((name, i) => add(['exclude', excludeItems?.[i] ?? i], name));
  for (const name of Object.keys(types ?? {})) add(['types', name], name, true);
  return refs;
}

/** Diagnostics from the data's start: unreadable data, unknown columns, group and time column kinds, a short budget. */
export function peekDiagnostics(analysis: SpecAnalysis, peek: PeekResult | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const budget = analysis.parsed.spec.run.budgetSeconds;
  const budgetRange = valueRange(analysis, ['budget']);
  if (budget !== undefined && budget < MIN_BUDGET_SECONDS && budgetRange !== undefined) {
    out.push(diagnostic(budgetRange, DiagnosticSeverity.Warning, 'budget-too-short', `a budget of ${budget}s is below the minimum of ${MIN_BUDGET_SECONDS}s: the search would barely fit one model and the refit`));
  }
  if (peek === undefined) return out;
  const dataRange = valueRange(analysis, ['data', 'path']) ?? valueRange(analysis, ['data']);
  if (!peek.ok) {
    if (dataRange !== undefined) out.push(diagnostic(dataRange, DiagnosticSeverity.Error, 'data-unreadable', peek.message));
    return out;
  }
  const byName = new Map(peek.columns.map((c) => [c.name, c]));
  const names = peek.columns.map((c) => c.name);
  for (const ref of columnReferences(analysis)) {
    if (byName.has(ref.name)) continue;
    const near = closestMatch(ref.name, names);
    const message = `the data has no column '${ref.name}'${near === undefined ? `; its columns: ${names.slice(0, 30).join(', ')}` : `; did you mean '${near}'?`}`;
    out.push(diagnostic(ref.range, DiagnosticSeverity.Error, 'unknown-column', message, near === undefined ? undefined : ({ replacement: near } satisfies ColumnFixData)));
  }
  const { validation } = analysis.parsed.spec.run;
  const group = validation?.groupColumn === undefined ? undefined : byName.get(validation.groupColumn);
  const groupRange = valueRange(analysis, ['validation', 'group']);
  if (group !== undefined && groupRange !== undefined && !isGroupable(group)) {
    out.push(diagnostic(groupRange, DiagnosticSeverity.Warning, 'group-not-categorical', `validation.group '${group.name}' is a ${group.type} column, not a categorical one: rows group by equal values, so a group column names categories (customers, patients, sites)`));
  }
  const time = validation?.timeColumn === undefined ? undefined : byName.get(validation.timeColumn);
  const timeRange = valueRange(analysis, ['validation', 'time']);
  if (time !== undefined && timeRange !== undefined && !['datetime', 'integer', 'float'].includes(time.type)) {
    out.push(diagnostic(timeRange, DiagnosticSeverity.Error, 'time-not-orderable', `validation.time '${time.name}' is a ${time.type} column: a time split orders rows by a date or a number`));
  }
  const target = analysis.parsed.spec.run.target;
  const excludeItems = analysis.locate(['exclude'])?.items;
  analysis.parsed.spec.run.exclude?.forEach((name, i) => {
    const range = valueRange(analysis, ['exclude', excludeItems?.[i] ?? i]);
    if (name === target && range !== undefined) {
      out.push(diagnostic(range, DiagnosticSeverity.Error, 'target-excluded', `the target '${name}' is in exclude: the run needs it`));
    }
  });
  return out;
}

function isGroupable(column: PeekColumn): boolean {
  return ['categorical', 'id', 'integer', 'boolean'].includes(column.type);
}

/** Diagnostics from the whole data's profile (with the spec's target): the target's classes and missing share, the task, the flagged columns. */
export function profileDiagnostics(analysis: SpecAnalysis, profile: DatasetProfile | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { run } = analysis.parsed.spec;
  const targetRange = valueRange(analysis, ['target']);
  if (profile === undefined || run.target === undefined || targetRange === undefined) return out;
  const column = profile.columns.find((c) => c.name === run.target);
  if (column === undefined) return out;
  if (column.missingPct > TARGET_MISSING_PCT) {
    out.push(diagnostic(targetRange, DiagnosticSeverity.Warning, 'target-missing', `the target '${column.name}' is missing in ${column.missingPct.toFixed(1)}% of the rows: those rows cannot train or score a model`));
  }
  if (column.unique <= 1) {
    out.push(diagnostic(targetRange, DiagnosticSeverity.Error, 'target-one-class', `the target '${column.name}' has ${column.unique === 0 ? 'no values' : `one value only ('${column.topValues?.[0]?.value ?? column.min}')`}: there is nothing to predict`));
    return out;
  }
  const task = profile.target?.task;
  if (task !== undefined && run.task === undefined) {
    out.push(diagnostic(targetRange, DiagnosticSeverity.Hint, 'task-from-data', `the data makes this a ${task} task`, { task } satisfies TaskFixData));
    const metricRange = valueRange(analysis, ['metric']);
    if (run.metric !== undefined && metricRange !== undefined && !METRICS[run.metric].tasks.includes(task)) {
      out.push(
        diagnostic(metricRange, DiagnosticSeverity.Error, 'metric-task', `metric '${run.metric}' does not score a ${task} task (what the target's values make this); use ${metricsFor(task).map((m) => m.name).join(', ')}`),
      );
    }
  }
  const excluded = new Set(run.exclude ?? []);
  const flagged = [...new Set(profile.warnings.filter((w) => w.column !== undefined && FLAGGED_KINDS.has(w.kind) && w.column !== run.target && !excluded.has(w.column)).map((w) => w.column as string))];
  if (flagged.length > 0) {
    const reasons = flagged.map((name) => `${name} (${profile.warnings.filter((w) => w.column === name && FLAGGED_KINDS.has(w.kind)).map((w) => w.kind).join(', ')})`);
    out.push(diagnostic(targetRange, DiagnosticSeverity.Information, 'flagged-columns', `the profile flags columns to leave out: ${reasons.join('; ')}`, { columns: flagged } satisfies ExcludeFixData));
  }
  return out;
}
