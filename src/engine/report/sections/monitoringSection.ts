/** "Monitoring": the latest monitoring check of the model against new data, when one was recorded. */
import { formatTimestamp } from '../format';
import { html, withCodeSpans } from '../html';
import { dataTable, gradeBadge } from '../parts';
import type { ReportMonitoring, ReportSection } from '../types';

export function monitoringSection(m: ReportMonitoring): ReportSection {
  return {
    id: 'monitoring',
    title: 'Monitoring',
    summary: `${m.grade === 'warn' ? 'warning' : m.grade}, checked ${formatTimestamp(m.checkedAt)}`,
    body: html`<p class="verdict">${gradeBadge(m.grade)} ${m.source}, checked ${formatTimestamp(m.checkedAt)}</p>${dataTable(m.checks, [
      { header: 'Check', cell: (c) => c.name, sort: (c) => c.name },
      { header: 'Grade', cell: (c) => gradeBadge(c.grade), sort: (c) => ['ok', 'warn', 'alert'].indexOf(c.grade) },
      { header: 'Finding', cell: (c) => withCodeSpans(c.sentence) },
    ])}`,
  };
}
