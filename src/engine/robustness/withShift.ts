import type { RobustnessReport, ShiftSection } from './types';
import { worstGrade } from './wording';

/**
 * `report` with its shift section (and shift check) replaced by `shift`, the overall grade
 * recomputed; without a report, one holding only the shift check. `automl robustness` merges a
 * comparison with new data into a run's `robustness.json` this way, so the run's own checks stay.
 */
export function withShift(report: RobustnessReport | undefined, shift: ShiftSection, elapsedMs: number): RobustnessReport {
  const check = { check: 'shift' as const, grade: shift.grade, sentence: shift.sentence };
  if (!report) {
    return {
      format: 'automl-robustness',
      version: 1,
      grade: shift.grade,
      checks: [check],
      segments: [],
      perturbation: [],
      shift,
      notes: ['only the shift check: the run folder had no robustness.json'],
      elapsedMs,
    };
  }
  const checks = [...report.checks.filter((c) => c.check !== 'shift'), check];
  return { ...report, checks, grade: worstGrade(checks.map((c) => c.grade)), shift };
}
