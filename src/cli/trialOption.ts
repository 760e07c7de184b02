import type { RunModel } from '../node/exportRun';
import { UsageError } from './usageError';

/** The model `--trial` picks: trial N (a whole number), or the run's final model when absent. */
export function parseTrialOption(text: string | undefined): RunModel {
  if (text === undefined) return 'final';
  const trial = Number(text);
  if (text.trim() === '' || !Number.isInteger(trial) || trial < 0) throw new UsageError(`--trial must be a trial number (a whole number), got '${text}'`);
  return trial;
}
