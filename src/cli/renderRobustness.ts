import type { RobustnessCheck, RobustnessGrade, RobustnessReport } from '../engine/robustness/types';

/** The marker before a check's sentence: nothing to do, worth a look, do not trust as is. */
const MARKERS: Readonly<Record<RobustnessGrade, string>> = { ok: '✓', warn: '!', alert: '✗' };

const NAMES: Readonly<Record<RobustnessReport['checks'][number]['check'], string>> = {
  segments: 'weak segments',
  calibration: 'calibration',
  perturbation: 'perturbation',
  stability: 'stability',
  latency: 'latency',
  shift: 'data shift',
};

/** One check as a line: marker, check, sentence ("✗ data shift: new.csv differs from …"). */
export function checkLine(check: RobustnessCheck): string {
  return `${MARKERS[check.grade]} ${NAMES[check.check]}: ${check.sentence}`;
}

/**
 * The robustness checks as terminal lines, printed under the leaderboard: a heading with the
 * overall grade, then one line per check (marker, check, sentence), then the checks skipped and
 * why (the other notes stay in robustness.json).
 */
export function robustnessLines(report: RobustnessReport): string[] {
  const lines = [`Robustness: ${report.grade} (${MARKERS.ok} ok, ! worth a look, ${MARKERS.alert} do not trust as is)`];
  for (const c of report.checks) lines.push(`  ${checkLine(c)}`);
  for (const note of report.notes) if (note.includes(' skipped: ')) lines.push(`    ${note}`);
  return lines;
}
