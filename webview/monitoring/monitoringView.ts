/**
 * The Monitoring view: one check of a run (its grade and sentences, drift per column, drift over
 * windows, data quality, prediction drift, performance), a list of the run's earlier checks, and
 * the buttons Check Again and Stop Watching. Rebuilt whole on each `monitoring/show`; data reaches
 * the page only as text.
 */
import type {
  MonitorGrade,
  MonitorReport,
  MonitoringPanelState,
  MonitoringShowMessage,
  MonitoringToHost,
  MonitoringToView,
  PerformanceReport,
} from '../../src/protocol/webview';
import { h, replaceChildren, type Child } from '../shared/dom';
import { formatCount, formatNumber, formatPercent, formatTimestamp } from '../shared/format';
import { unreachable } from '../shared/unreachable';
import type { VsCodeApi } from '../shared/vscodeApi';
import type { ChartJsMonitorRenderer } from './chartJsMonitorRenderer';
import { driftBars, driftHeatmap, performanceSeries, qualityRows, type DriftHeatmap, type QualityRow } from './monitoringSeries';

const GRADES: Readonly<Record<MonitorGrade, { readonly glyph: string; readonly word: string }>> = {
  ok: { glyph: '✓', word: 'OK' },
  warn: { glyph: '⚠', word: 'Warning' },
  alert: { glyph: '✖', word: 'Alert' },
};

/** A grade as glyph and word (never colour alone), classed for its colour. */
function gradeMark(grade: MonitorGrade): HTMLElement {
  const known = GRADES[grade];
  return h('span', { class: `grade grade-${known === undefined ? 'unknown' : grade}` },
    h('span', { attrs: { 'aria-hidden': 'true' } }, known?.glyph ?? '?'), ` ${known?.word ?? String(grade)}`);
}

const share = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : formatPercent(value * 100));

export class MonitoringView {
  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<MonitoringToHost, MonitoringPanelState>,
    private readonly charts: ChartJsMonitorRenderer,
  ) {
    replaceChildren(root, h('p', { class: 'loading' }, 'Loading the check…'));
  }

  receive(message: MonitoringToView): void {
    switch (message.kind) {
      case 'monitoring/show':
        this.api.setState({ version: 1, runDir: message.run.runDir, file: message.file });
        this.show(message);
        return;
      case 'monitoring/unavailable':
        this.charts.clear();
        if (message.runDir !== '') this.api.setState({ version: 1, runDir: message.runDir });
        replaceChildren(this.root, h('p', { class: 'hint unavailable' }, message.message),
          message.runDir === '' ? null : h('vscode-button', { class: 'check-again', on: { click: () => this.api.postMessage({ kind: 'monitoring/checkAgain' }) } }, 'Check Drift…'));
        return;
      default:
        unreachable(message);
    }
  }

  private show(message: MonitoringShowMessage): void {
    this.charts.clear();
    const { report } = message;
    const heatmap = driftHeatmap(report);
    const drift = h('canvas', { class: 'drift-chart' });
    const performance = performanceSeries(report);
    const performanceCanvas = performance === undefined ? undefined : h('canvas', { class: 'performance-chart' });
    replaceChildren(
      this.root,
      this.header(message),
      h('section', { class: 'summary', attrs: { 'aria-label': 'Summary' } }, h('ul', null, ...report.summary.map((line) => h('li', null, line)))),
      h('section', { class: 'drift', attrs: { 'aria-label': 'Drift per column' } },
        h('h2', null, 'Drift per column'),
        driftedLine(report),
        h('div', { class: 'chart-box' }, drift),
        driftTable(report),
      ),
      heatmap === undefined ? null : h('section', { class: 'windows', attrs: { 'aria-label': 'Drift over windows' } }, h('h2', null, `Drift over ${formatCount(heatmap.windows.length)} windows`), heatmapTable(heatmap)),
      h('section', { class: 'quality', attrs: { 'aria-label': 'Data quality' } }, h('h2', null, 'Data quality'), qualityTable(qualityRows(report))),
      h('section', { class: 'prediction', attrs: { 'aria-label': 'Prediction drift' } }, h('h2', null, 'Prediction drift ', gradeMark(report.prediction.grade)), predictionFacts(report)),
      h('section', { class: 'performance', attrs: { 'aria-label': 'Performance' } }, h('h2', null, 'Performance'), performanceText(report.performance),
        performanceCanvas === undefined ? null : h('div', { class: 'chart-box small' }, performanceCanvas)),
    );
    this.charts.drawDrift(drift, driftBars(report));
    if (performance !== undefined && performanceCanvas !== undefined) this.charts.drawPerformance(performanceCanvas, performance);
  }

  private header(message: MonitoringShowMessage): HTMLElement {
    const { report, history, run } = message;
    const select = h('select', {
      class: 'history',
      attrs: { 'aria-label': 'Checks of this run' },
      on: { change: () => this.api.postMessage({ kind: 'monitoring/openCheck', file: select.value }) },
    }, ...history.map((entry) => h('option', { attrs: { value: entry.file, selected: entry.file === message.file } },
      `${formatTimestamp(entry.checkedAt) || entry.checkedAt} · ${GRADES[entry.grade]?.word ?? entry.grade} · ${entry.source}`)));
    return h('header', null,
      h('h1', null, `Monitoring: ${run.name}`),
      h('p', { class: 'verdict' }, gradeMark(report.grade), ' ', h('span', { class: 'sentence' }, report.summary[0] ?? '')),
      h('p', { class: 'facts muted' }, `${formatCount(report.rows)} rows of ${report.source}, checked ${formatTimestamp(report.checkedAt) || report.checkedAt}`),
      report.serviceLog === undefined ? null : h('p', { class: 'service-log muted' },
        `Service logs: ${formatCount(report.serviceLog.predictionFiles.length)} prediction and ${formatCount(report.serviceLog.feedbackFiles.length)} feedback files; `,
        `${formatCount(report.serviceLog.records)} records, ${formatCount(report.serviceLog.errors)} errors, ${formatCount(report.serviceLog.labelled)} rows labelled by feedback.`),
      h('div', { class: 'actions' },
        history.length > 1 ? h('label', null, 'Check: ', select) : null,
        h('vscode-button', { class: 'check-again', attrs: { secondary: true }, on: { click: () => this.api.postMessage({ kind: 'monitoring/checkAgain' }) } }, 'Check Again…'),
      ),
      message.watching === undefined ? null : h('p', { class: 'watching' },
        `Watching ${message.watching}: checked again when the prediction log grows. `,
        h('vscode-button', { class: 'stop-watch', attrs: { secondary: true }, on: { click: () => this.api.postMessage({ kind: 'monitoring/stopWatch' }) } }, 'Stop Watching')),
    );
  }
}

function driftedLine(report: MonitorReport): HTMLElement {
  const drifted = report.columns.filter((c) => c.drift);
  if (drifted.length === 0) return h('p', { class: 'drifted none' }, 'No column drifts.');
  return h('p', { class: 'drifted' }, `Drifting${report.datasetDrift ? ' (dataset drift)' : ''}: `,
    ...drifted.flatMap((c, i) => [i > 0 ? ', ' : null, h('span', { class: 'drifted-column' }, c.name)]));
}

function driftTable(report: MonitorReport): HTMLElement {
  return h('table', { class: 'drift-table' },
    h('thead', null, h('tr', null, ...['Column', 'Method', 'Score', 'Threshold', 'PSI', 'Drift'].map((t) => h('th', null, t)))),
    h('tbody', null, ...report.columns.map((c) => h('tr', { class: c.drift ? 'drifted' : '', attrs: { 'data-column': c.name } },
      h('td', { class: 'name' }, c.name, c.critical ? h('span', { class: 'tag critical' }, 'critical') : null),
      h('td', null, c.method ?? c.status),
      h('td', { class: 'num' }, c.score === null ? '–' : formatNumber(c.score)),
      h('td', { class: 'num' }, c.status === 'checked' ? formatNumber(c.threshold) : '–'),
      h('td', { class: 'num' }, c.psi === null ? '–' : formatNumber(c.psi)),
      h('td', null, c.drift ? '⚠ drifts' : c.status === 'checked' ? 'no' : c.status),
    ))),
  );
}

function heatmapTable(heatmap: DriftHeatmap): HTMLElement {
  return h('div', { class: 'heatmap-box' }, h('table', { class: 'heatmap' },
    h('thead', null, h('tr', null, h('th', null, 'Column'), ...heatmap.windows.map((w) => h('th', { class: 'num' }, w)))),
    h('tbody', null, ...heatmap.rows.map((row) => h('tr', null, h('td', { class: 'name' }, row.column),
      ...row.cells.map((cell) => h('td', {
        class: `num cell ${cell.drift ? 'drift' : ''} ${cell.status === 'checked' ? '' : 'unchecked'}`,
        attrs: { title: cell.status === 'checked' ? (cell.drift ? 'drifts' : 'no drift') : cell.status },
      }, cell.score === null || cell.status !== 'checked' ? '–' : `${cell.drift ? '⚠ ' : ''}${formatNumber(cell.score)}`)),
    ))),
  ));
}

function qualityTable(rows: readonly QualityRow[]): HTMLElement {
  const unseen = (row: QualityRow): Child => (row.unseen === undefined ? '–' : `${share(row.unseen)}${row.unseenLevels === undefined ? '' : ` (${row.unseenLevels.join(', ')})`}`);
  return h('table', { class: 'quality-table' },
    h('thead', null, h('tr', null, ...['Column', 'Missing (training)', 'Missing (now)', 'Out of range', 'Unseen categories', 'Type errors', 'Status'].map((t) => h('th', null, t)))),
    h('tbody', null, ...rows.map((row) => h('tr', { class: `grade-row-${row.grade}`, attrs: { 'data-column': row.column } },
      h('td', { class: 'name' }, row.column),
      h('td', { class: 'num' }, share(row.referenceNullRate)),
      h('td', { class: 'num' }, share(row.nullRate)),
      h('td', { class: 'num' }, share(row.outOfRange)),
      h('td', null, unseen(row)),
      h('td', { class: 'num' }, row.typeErrors === undefined ? '–' : formatCount(row.typeErrors)),
      h('td', null, row.presence === 'missing' ? 'missing in new data' : row.presence === 'extra' ? 'extra (not read by the model)' : row.grade === 'ok' ? 'ok' : gradeMark(row.grade)),
    ))),
  );
}

function predictionFacts(report: MonitorReport): HTMLElement {
  const p = report.prediction;
  if (p.status !== 'checked' || p.score === null) return h('p', { class: 'muted' }, `Not checked (${p.status}).`);
  return h('p', null, `${p.kind === 'class' ? 'Predicted classes' : 'Predicted scores'}: ${p.method ?? ''} ${formatNumber(p.score)} against threshold ${formatNumber(p.threshold)}`,
    p.psi === null ? '' : `, PSI ${formatNumber(p.psi)}`, p.drift ? ': the predictions drift.' : ': no drift.');
}

function performanceText(performance: PerformanceReport): HTMLElement {
  if (performance.kind === 'none') return h('p', { class: 'muted' }, `Not measured: ${performance.reason}.`);
  return h('p', null, gradeMark(performance.grade), ' ', performance.sentence,
    h('span', { class: 'muted' }, ` (${performance.kind === 'estimated' ? 'estimated without labels (CBPE)' : `${formatCount(performance.rows)} labelled rows`}; training ${formatNumber(performance.reference)}, limit ${formatNumber(performance.limit)})`));
}
