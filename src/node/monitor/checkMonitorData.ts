/**
 * The engine worker's monitoring check: new data from a source (`checkDrift`) or a prediction
 * service's log folder (`checkServiceLog`), against a finished run's reference.
 */
import { DataError } from '../../engine/errors';
import type { MonitorCheckRequest } from '../../protocol/worker';
import { checkDrift, type CheckDriftResult } from './checkDrift';

/** Runs the check `request` asks for; aborting `signal` stops it before the report is written. */
export async function checkMonitorData(request: MonitorCheckRequest, signal: AbortSignal): Promise<CheckDriftResult> {
  const { runDir, data, secrets, options } = request;
  switch (data.kind) {
    case 'source':
      return checkDrift({ runDir, source: data.source, secrets, sourceLabel: data.label, ...options, signal });
    case 'serviceLog':
      throw new DataError(`checking a service log folder (${data.folder}) is not available in this build yet`);
  }
}
