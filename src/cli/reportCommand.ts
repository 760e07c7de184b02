import { lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_FILE, writeRunReport } from '../node/runReport';
import { formatBytes } from './formatBytes';
import { UsageError } from './usageError';

export const REPORT_HELP = `Usage: automl report <run-dir> [--out file.html]

Writes a run's report: one self-contained HTML page (no network needed, nothing loaded from
elsewhere) with the data and its profile, the leaderboard, the final model, its explanations and
insights, robustness checks, feature decisions and the spec, charts included. It reads light or
dark and prints with every section expanded.

Every run writes its report.html; this writes it again, for example after 'automl explain'
computed the explanations a run skipped, or for runs from before reports. Prints the file's path.

Options:
  --out <file>   where to write it (default: report.html in the run folder, replaced); an
                 existing folder gets report.html inside it
  -h, --help     show this help
`;

/** Runs `automl report`; returns the exit code. */
export async function reportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('report takes one run folder (see automl report --help)');
  let out: string | undefined;
  if (values.out !== undefined) {
    out = resolve(values.out);
    // A trailing separator names a folder, made if need be, as an existing folder does.
    if (/[\\/]$/.test(values.out) || (await isFolder(out))) out = join(out, REPORT_FILE);
  }
  const file = await writeRunReport(positionals[0], out);
  // The path alone on standard output, for scripts (`open "$(automl report run)"`).
  process.stdout.write(`${file}\n`);
  process.stderr.write(`wrote the report of ${positionals[0]} (${formatBytes((await lstat(file)).size)})\n`);
  return 0;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
