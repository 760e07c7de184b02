/**
 * "Robustness" (from `robustness.json`): every graded check with its sentence, then each part in
 * detail: calibration (reliability diagram), weak segments, reactions to disturbed inputs,
 * stability across folds and seeds, prediction latency and, with new data, the shift from the
 * training data. Parts the run did not measure are left out.
 */
import type { Task } from '../../learners/types';
import type { CalibrationSection, LatencySection, PerturbationResult, RobustnessReport, ShiftSection, StabilitySection, WeakSegment } from '../../robustness/types';
import { reliabilityChart } from '../charts/reliabilityChart';
import { rowChart } from '../charts/rowChart';
import { formatBytes, formatCount, formatDuration, formatNumber, formatScore, formatShare } from '../format';
import { html, join, withCodeSpans, type Html } from '../html';
import { metricLabel } from '../metricLabel';
import { chartGrid, dataTable, factList, gradeBadge, notesList, subheading } from '../parts';
import type { ReportSection } from '../types';

const CHECK_TITLES: Readonly<Record<RobustnessReport['checks'][number]['check'], string>> = {
  segments: 'Weak segments',
  perturbation: 'Disturbed inputs',
  calibration: 'Calibration',
  stability: 'Stability',
  latency: 'Latency',
  shift: 'Data shift',
};

/** A part's grade and sentence, as each detailed part starts. */
function verdict(grade: RobustnessReport['grade'], sentence: string): Html {
  return html`<p class="verdict">${gradeBadge(grade)} ${withCodeSpans(sentence)}</p>`;
}

function calibration(c: CalibrationSection): Html {
  const curve = c.curve === 'positive' ? `the probability of ${c.positiveClass ?? 'the positive class'}` : 'the top class’s probability';
  const chart = reliabilityChart({
    title: `Reliability of ${curve}`,
    xLabel: 'mean predicted probability',
    yLabel: c.curve === 'positive' ? 'observed share positive' : 'observed share correct',
    bins: c.bins,
    before: c.before?.bins,
  });
  const tried =
    c.tried.length > 0
      ? dataTable(c.tried, [
          { header: 'Method', cell: (t) => html`${t.method}${t.method === c.method ? html` <span class="tag">kept</span>` : ''}` },
          { header: 'Log loss (cross-validated)', cell: (t) => formatNumber(t.logLoss, 4), numeric: true },
        ])
      : undefined;
  return html`${subheading('robustness-calibration', 'Calibration')}${verdict(c.grade, c.sentence)}${factList([
    ['Method kept', c.method],
    ['Brier score', formatNumber(c.brier, 4)],
    ['Expected calibration error', formatNumber(c.ece, 3)],
    ['Before calibration', c.before ? `Brier ${formatNumber(c.before.brier, 4)}, ECE ${formatNumber(c.before.ece, 3)}` : ''],
  ])}${chartGrid([chart, tried])}`;
}

function segments(list: readonly WeakSegment[], metric: string): Html | undefined {
  if (list.length === 0) return undefined;
  return html`${subheading('robustness-segments', 'Weak segments')}${dataTable(list, [
    { header: 'Segment', cell: (s) => s.description, sort: (s) => s.description },
    { header: 'Rows', cell: (s) => `${formatCount(s.rows)} (${formatShare(s.share)})`, sort: (s) => s.rows, numeric: true },
    { header: metricLabel(metric), cell: (s) => `${formatScore(s.metric)} vs ${formatScore(s.overall)}`, sort: (s) => s.metric, numeric: true },
    { header: 'Relative drop', cell: (s) => formatShare(s.relativeDrop), sort: (s) => s.relativeDrop, numeric: true },
    {
      header: 'Adjusted p',
      cell: (s) => html`<span title="p = ${formatNumber(s.pValue, 3)} before adjusting">${formatNumber(s.adjustedP, 2)}</span>`,
      sort: (s) => s.adjustedP,
      numeric: true,
      hint: 'one-sided test that the segment’s loss is higher, Benjamini–Hochberg adjusted',
    },
    { header: 'Grade', cell: (s) => gradeBadge(s.grade), sort: (s) => s.grade },
    { header: 'Finding', cell: (s) => withCodeSpans(s.sentence) },
  ])}`;
}

function perturbation(list: readonly PerturbationResult[], task: Task | undefined): Html | undefined {
  if (list.length === 0) return undefined;
  const classification = task !== 'regression';
  const format = (v: number): string => (classification ? formatShare(v) : formatNumber(v, 3));
  const worst = list.map((p) => ({ p, max: Math.max(0, ...p.results.map((r) => r.change)) })).sort((a, b) => b.max - a.max);
  const chart = rowChart({
    title: 'Largest change of the predictions when one column is disturbed',
    xLabel: classification ? 'share of rows whose predicted label changed' : 'mean |change| of the prediction',
    items: worst.map(({ p, max }) => ({ label: p.column, value: max, highlight: p.grade !== 'ok' })),
    format,
    tickFormat: classification ? formatShare : undefined,
    highlightMeaning: 'graded warning or alert',
  });
  const kinds = [...new Set(list.flatMap((p) => p.results.map((r) => r.perturbation)))];
  const table = dataTable(list, [
    { header: 'Column', cell: (p) => p.column, sort: (p) => p.column },
    ...kinds.map((kind) => ({
      header: kind,
      cell: (p: PerturbationResult) => {
        const r = p.results.find((x) => x.perturbation === kind);
        return r === undefined ? '–' : format(r.change);
      },
      sort: (p: PerturbationResult) => p.results.find((x) => x.perturbation === kind)?.change,
      numeric: true,
    })),
    { header: 'Grade', cell: (p) => gradeBadge(p.grade), sort: (p) => p.grade },
    { header: 'Finding', cell: (p) => withCodeSpans(p.sentence) },
  ]);
  return html`${subheading('robustness-perturbation', 'Disturbed inputs')}${chart}${table}`;
}

function stability(s: StabilitySection, metric: string): Html {
  const label = metricLabel(metric);
  const foldChart =
    s.foldScores.length > 1
      ? rowChart({
          title: `${label} of each validation fold`,
          xLabel: label,
          mark: 'dot',
          width: 420,
          items: [
            ...s.foldScores.map((v, i) => ({ label: `fold ${i + 1}`, value: v })),
            ...(s.seedScores ?? []).map((v, i) => ({ label: `seed ${i + 1}`, value: v, highlight: true })),
          ],
          format: formatScore,
          highlightMeaning: s.seedScores ? 'the final configuration under another seed' : undefined,
        })
      : undefined;
  return html`${subheading('robustness-stability', 'Stability')}${verdict(s.grade, s.sentence)}${factList([
    ['Across folds', `${formatScore(s.foldMean)} ± ${formatScore(s.foldStd)}`],
    ['Across seeds', s.seedStd === undefined ? '' : `± ${formatScore(s.seedStd)} (${formatCount(s.seedScores?.length ?? 0)} seeds)`],
    ['Same rows predicted twice', s.deterministic ? 'identical' : 'different'],
    ['One row at a time vs a batch', s.batchEqualsSingle ? 'identical' : `differ by up to ${formatNumber(s.maxBatchDifference, 3)}`],
  ])}${foldChart}`;
}

function latency(l: LatencySection): Html {
  return html`${subheading('robustness-latency', 'Latency')}${verdict(l.grade, l.sentence)}${factList([
    ['Batch prediction', `${formatNumber(l.msPerRowBatch, 3)} ms per row (batches of ${formatCount(l.batchRows)})`],
    ['Single-row prediction', `${formatNumber(l.msPerRowSingle, 3)} ms`],
    ['Saved model', formatBytes(l.modelBytes)],
  ])}`;
}

function shift(s: ShiftSection): Html {
  const chart =
    s.columns.length > 0
      ? rowChart({
          title: 'Columns that tell the new rows from the training rows',
          xLabel: 'share of the domain classifier’s importance',
          items: s.columns.slice(0, 15).map((c) => ({ label: c.name, value: c.importance })),
          format: formatShare,
          tickFormat: formatShare,
        })
      : undefined;
  return html`${subheading('robustness-shift', 'Data shift')}${verdict(s.grade, s.sentence)}${factList([
    ['New data', s.source],
    ['Rows', `${formatCount(s.trainingRows)} training, ${formatCount(s.newRows)} new`],
    ['Domain classifier ROC AUC', `${formatNumber(s.auc, 3)} (0.5: indistinguishable)`],
  ])}${chart}`;
}

export function robustnessSection(r: RobustnessReport, metric: string, task: Task | undefined): ReportSection {
  const checks = dataTable(r.checks, [
    { header: 'Check', cell: (c) => CHECK_TITLES[c.check] ?? c.check, sort: (c) => c.check },
    { header: 'Grade', cell: (c) => gradeBadge(c.grade), sort: (c) => ['ok', 'warn', 'alert'].indexOf(c.grade) },
    { header: 'Finding', cell: (c) => withCodeSpans(c.sentence) },
  ]);
  const flagged = r.checks.filter((c) => c.grade !== 'ok').length;
  return {
    id: 'robustness',
    title: 'Robustness',
    summary: `overall ${r.grade === 'warn' ? 'warning' : r.grade}${flagged > 0 ? `, ${flagged} of ${r.checks.length} checks flagged` : ''}`,
    body: join([
      html`<p class="verdict">Overall: ${gradeBadge(r.grade)} <span class="muted">(checked in ${formatDuration(r.elapsedMs)})</span></p>`,
      checks,
      r.calibration ? calibration(r.calibration) : undefined,
      segments(r.segments, metric),
      perturbation(r.perturbation, task),
      r.stability ? stability(r.stability, metric) : undefined,
      r.latency ? latency(r.latency) : undefined,
      r.shift ? shift(r.shift) : undefined,
      notesList(r.notes),
    ]),
  };
}
