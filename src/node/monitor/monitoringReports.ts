/**
 * The monitoring checks recorded in a run folder (`monitoring/<timestamp>.json`, written by
 * `checkFrame`), for the run report: the latest MONITORING_HISTORY of them. File names are the
 * checks' ISO times with ':' and '.' replaced, so name order is time order and only the files
 * shown are read (an hourly job leaves thousands).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataError } from '../../engine/errors';
import type { MonitorReport } from '../../engine/monitor/monitorReport';
import { MONITORING_HISTORY } from '../../engine/report/reportMonitoring';

/** The folder of a run's monitoring checks. */
export const MONITORING_FOLDER = 'monitoring';

/**
 * The latest recorded checks of the run in `runDir`, oldest first; none when it has no
 * monitoring folder. A file that is not JSON is a `DataError` naming it; one of another report
 * version is left out (a newer build wrote it).
 */
export async function readMonitoringReports(runDir: string): Promise<MonitorReport[]> {
  const folder = join(resolve(runDir), MONITORING_FOLDER);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const latest = names.filter((n) => n.endsWith('.json')).sort().slice(-MONITORING_HISTORY);
  const reports = await Promise.all(
    latest.map(async (name) => {
      try {
        return JSON.parse(await readFile(join(folder, name), 'utf8')) as Partial<MonitorReport>;
      } catch (error) {
        throw new DataError(`${join(runDir, MONITORING_FOLDER, name)}: ${(error as Error).message}`);
      }
    }),
  );
  return reports.filter((r): r is MonitorReport => r.version === 1 && typeof r.checkedAt === 'string');
}
