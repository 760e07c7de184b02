/**
 * The engine worker's monitoring check: new data from a source (`checkDrift`) or a prediction
 * service's log folder (`checkServiceLog`), against a finished run's reference.
 */
import type { MonitorCheckRequest } from '../../protocol/worker';
import { checkDrift, type CheckDriftResult } from './checkDrift';
import { checkServiceLog } from './checkServiceLog';

/** Runs the check `request` asks for; aborting `signal` stops a source's read, and no report is written after it. */
export async function checkMonitorData(request: MonitorCheckRequest, signal: AbortSignal): Promise<CheckDriftResult> {
  const { runDir, data, secrets, options } = request;
  switch (data.kind) {
    case 'source':
      return checkDrift({ runDir, source: data.source, secrets, sourceLabel: data.label, ...options, signal });
    case 'serviceLog': {
      // Reading a log folder is quick and local; the abort is seen before anything is written.
      signal.throwIfAborted();
      return checkServiceLog({ runDir, folder: data.folder, ...options });
    }
  }
}
