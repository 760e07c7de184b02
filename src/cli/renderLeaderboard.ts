import type { RunResult } from '../engine/automl/runAutoML';
import type { TrialRecord } from '../engine/automl/events';
import { describeValidation } from '../engine/validate/describeValidation';
import { getMetric } from '../engine/validate/metrics';
import { sourceFacts } from './sourceFacts';

/** Rows of the leaderboard shown on the terminal (the full list is in leaderboard.json). */
const SHOWN = 15;

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The parameters that differ from the learner's defaults, short. */
function paramsText(trial: TrialRecord): string {
  const entries = Object.entries(trial.params).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v}`);
  const text = entries.length === 0 ? 'defaults' : entries.join(' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The end-of-run summary: plan, leaderboard table, ensemble and final model. */
export function renderLeaderboard(result: RunResult, log: readonly string[]): string {
  const { plan } = result;
  const metric = getMetric(plan.metric);
  const validation = describeValidation(plan.validation);
  const lines: string[] = [];
  const ok = result.leaderboard.filter((t) => t.status === 'ok').length;
  const source = result.profile.source;
  if (source?.file !== undefined) {
    lines.push(`${source.file}: ${result.profile.rows} rows × ${result.profile.columns.length} columns (${sourceFacts(source)})`);
  }
  lines.push(
    `${plan.task} on ${plan.rows} rows · ${metric.label} (${metric.higherIsBetter ? 'higher' : 'lower'} is better) · ${validation} · ` +
      `${result.leaderboard.length} trials (${ok} complete) in ${seconds(result.elapsedMs)}${result.cancelled ? ' · cancelled' : ''}`,
  );
  for (const d of plan.dropped) lines.push(`  not used: '${d.column}' (${d.reason})`);
  for (const m of log) lines.push(`  ${m}`);
  lines.push('');
  lines.push(`${pad('#', 4)}${pad('trial', 7)}${pad('learner', 14)}${pad(metric.label, 20)}${pad('fit', 10, true)}  params`);
  result.leaderboard.slice(0, SHOWN).forEach((t, i) => {
    const score =
      t.score === undefined ? t.status : `${t.score.toPrecision(5)} ± ${(t.scoreStd ?? 0).toPrecision(2)}${t.status === 'ok' ? '' : ` (${t.status})`}`;
    const marker = result.final.members.some((m) => m.trialId === t.id) ? '*' : ' ';
    lines.push(`${pad(`${i + 1}${marker}`, 4)}${pad(String(t.id), 7)}${pad(t.learner, 14)}${pad(score, 20)}${pad(seconds(t.fitMs), 10, true)}  ${paramsText(t)}`);
  });
  lines.push('    * part of the final model');
  if (result.leaderboard.length > SHOWN) lines.push(`    … ${result.leaderboard.length - SHOWN} more in leaderboard.json`);
  if (result.ensemble) {
    const parts = result.ensemble.members.map((m) => `${m.learner} (trial ${m.trialId}) ${m.weight.toFixed(2)}`).join(', ');
    lines.push('');
    lines.push(`Ensemble ${metric.label} ${result.ensemble.score.toPrecision(5)} (${parts}): ${result.ensemble.chosen ? 'chosen' : 'not better than the best single model'}`);
  }
  lines.push('');
  lines.push(
    `Final model: ${result.final.description}, out-of-fold ${metric.label} ${result.final.score.toPrecision(5)}, ` +
      (result.final.refit === 'allRows' ? 'refitted on all rows' : 'validation-fold models averaged (no time to refit)'),
  );
  return lines.join('\n');
}
