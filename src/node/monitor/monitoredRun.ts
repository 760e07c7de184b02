/**
 * What a monitoring check needs of a run folder, read once: its reference, its fitted pipeline,
 * and the model's input fields as training typed them. The file check (`checkDrift`) and the
 * service-log check (`checkServiceLog`) both start here.
 */
import type { InputField } from '../../engine/data/inputField';
import { DataError } from '../../engine/errors';
import type { MonitorReference } from '../../engine/monitor/types';
import type { Pipeline } from '../../engine/prep/pipeline';
import { runInputFields } from '../modelInput';
import { loadRunPipeline, readRunReference } from '../runFiles';

export interface MonitoredRun {
  readonly runDir: string;
  readonly reference: MonitorReference;
  readonly pipeline: Pipeline;
  /** The model's input fields, every one optional (see `loadMonitoredRun`). */
  readonly fields: readonly InputField[];
}

/** The run in `runDir`, or a `DataError` when it has no reference (runs made before monitoring). */
export async function loadMonitoredRun(runDir: string): Promise<MonitoredRun> {
  const reference = await readRunReference(runDir);
  if (reference === undefined) throw new DataError(`${runDir} has no reference.json: runs made before monitoring existed have none; run again to get one`);
  const pipeline = await loadRunPipeline(runDir);
  // Every model column optional: a column that had no missing values in training may have some
  // now, which is what the null-rate check is for.
  const fields = (await runInputFields(runDir, pipeline)).map((f) => ({ ...f, optional: true }));
  return { runDir, reference, pipeline, fields };
}
