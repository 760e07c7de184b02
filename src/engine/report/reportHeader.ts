/**
 * The top of the report: the dataset, and the figures a reader looks for first (task, metric,
 * final score, model, run time), then the table of contents.
 */
import { describeValidation } from '../validate/describeValidation';
import { formatCount, formatDuration, formatScore, formatTimestamp, plural } from './format';
import { html, join, type Html } from './html';
import { gradeBadge } from './parts';
import { metricLabel } from './metricLabel';
import type { ReportInput, ReportSection } from './types';

/** The dataset's name for the title: its file's base name, else its table, else its source. */
export function datasetName(input: ReportInput): string {
  const source = input.profile.source;
  const file = input.spec.file ?? source?.file ?? '';
  if (source?.table !== undefined) return source.table;
  const base = file.split(/[\\/]/).pop() ?? '';
  return base.replace(/(\.(csv|tsv)(\.gz)?|\.json|\.ndjson|\.jsonl|\.parquet|\.xlsx|\.sqlite3?|\.db)$/i, '') || file || 'data';
}

export function reportHeader(input: ReportInput): Html {
  const board = input.leaderboard;
  const target = input.spec.target ?? input.profile.target?.column;
  const figures: [string, Html | string][] = [
    ['Dataset', `${plural(input.profile.rows, 'row')} × ${plural(input.profile.columns.length, 'column')}`],
    ['Task', `${board.task}${target === undefined ? '' : ` on ${target}`}`],
    ['Metric', `${metricLabel(board.metric)} (${board.higherIsBetter ? 'higher' : 'lower'} is better)`],
    ['Final score', `${formatScore(board.final.score)} (${describeValidation(board.validation)})`],
    ['Model', board.final.description],
    ['Run time', `${formatDuration(board.elapsedMs)}, ${plural(board.trials.length, 'trial')}${board.cancelled ? ', cancelled' : ''}`],
  ];
  if (input.robustness) figures.push(['Robustness', gradeBadge(input.robustness.grade)]);
  const started = input.spec.createdAt === undefined ? '' : `started ${formatTimestamp(input.spec.createdAt)}`;
  const source = input.spec.file ?? input.profile.source?.file;
  return html`<header class="report-header"><div class="toolbar" aria-label="Page controls"></div><h1>AutoML report: ${datasetName(input)}</h1><p class="subtitle">${source ?? ''}${source && started ? ' · ' : ''}${started}${input.spec.seed === undefined ? '' : ` · seed ${formatCount(input.spec.seed)}`}</p><dl class="key-figures">${join(
    figures.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`),
  )}</dl></header>`;
}

export function tableOfContents(sections: readonly ReportSection[]): Html {
  const items = sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a>${s.summary ? html` <span class="muted">· ${s.summary}</span>` : ''}</li>`);
  return html`<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${join(items)}</ol></nav>`;
}
