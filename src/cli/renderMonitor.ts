import type { ColumnDriftReport, MonitorReport } from '../engine/monitor/monitorReport';

const MARK = { ok: 'ok   ', warn: 'WARN ', alert: 'ALERT' } as const;

const score = (c: ColumnDriftReport): string => (c.score === null ? c.status : `${c.method} ${c.score < 0.001 && c.score > 0 ? c.score.toExponential(1) : c.score.toFixed(3)}`);
const share = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

/** `automl monitor`'s text: the grade and the sentences, every column, then the windows. */
export function renderMonitor(report: MonitorReport): string {
  const lines = [`${MARK[report.grade]} ${report.source}: ${report.rows} rows checked against the training reference`];
  for (const sentence of report.summary) lines.push(`  ${sentence}`);
  lines.push('', `  ${'column'.padEnd(24)} ${'drift score'.padEnd(20)} ${'psi'.padStart(6)}  ${'nulls'.padStart(6)} (train)  grade`);
  const order = { alert: 0, warn: 1, ok: 2 } as const;
  for (const c of [...report.columns].sort((a, b) => order[a.grade] - order[b.grade])) {
    lines.push(
      `  ${c.name.slice(0, 24).padEnd(24)} ${score(c).padEnd(20)} ${(c.psi === null ? '-' : c.psi.toFixed(3)).padStart(6)}  ${share(c.nullRate).padStart(6)} (${share(c.referenceNullRate)})  ${MARK[c.grade].trim()}${c.drift ? ' drift' : ''}${c.critical ? ' critical' : ''}`,
    );
  }
  const p = report.prediction;
  lines.push('', `  predictions: ${p.status === 'checked' ? `${p.method} ${p.score?.toPrecision(3)}, psi ${p.psi?.toFixed(3)}${p.drift ? ', drift' : ''}` : p.status}`);
  const perf = report.performance;
  lines.push(`  performance: ${perf.kind === 'none' ? perf.reason : perf.sentence}`);
  if (report.windows.length > 0) {
    lines.push('', `  ${'window'.padEnd(24)} ${'rows'.padStart(8)}  drifted columns`);
    for (const w of report.windows) {
      const drifted = w.columns.filter((c) => c.drift).map((c) => c.name);
      const what = w.status === 'insufficient' ? 'too few rows to judge' : drifted.length === 0 ? 'none' : drifted.join(', ');
      lines.push(`  ${w.label.padEnd(24)} ${String(w.rows).padStart(8)}  ${MARK[w.grade].trim()} ${w.datasetDrift ? 'dataset drift: ' : ''}${what}`);
    }
  }
  return lines.join('\n');
}
