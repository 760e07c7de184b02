import { lstat, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataError } from '../engine/errors';
import { exportRunModule } from '../node/exportRun';
import { writeFileAtomic } from '../node/runFolder';
import { formatBytes } from './formatBytes';
import { parseTrialOption } from './trialOption';
import { UsageError } from './usageError';

export const EXPORT_HELP = `Usage: automl export <run-dir> [--out file.ts] [--trial N] [--force]

Exports a run's model (its preprocessing and learner or ensemble) as one TypeScript module with
no dependencies: an Input interface, predict(row), predictBatch(rows), predictProba(row) for
classification, the class labels and where the model came from. Each field takes its typed value
or the raw text as read from a CSV.

Options:
  --out <file>   where to write the module (default: standard output); an existing folder gets
                 <dataset>.model.ts inside it
  --trial <N>    export trial N of the run, refitted on all rows, instead of the final model
  --force        replace --out if it exists (default: refuse)
  -h, --help     show this help
`;

/** Runs `automl export`; returns the exit code. */
export async function exportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      trial: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('export takes one run folder (see automl export --help)');
  if (values.force && values.out === undefined) throw new UsageError('--force goes with --out');
  const which = parseTrialOption(values.trial);
  const out = values.out === undefined ? undefined : resolve(values.out);
  // Refuse before exporting (a trial is refitted first), and again once the file name is known.
  if (out !== undefined && !values.force && (await kindOf(out)) === 'file') throw alreadyExists(out);
  const exported = await exportRunModule(positionals[0], which);
  if (out === undefined) {
    process.stdout.write(exported.source);
    return 0;
  }
  const file = (await kindOf(out)) === 'directory' ? join(out, exported.fileName) : out;
  const existing = await kindOf(file);
  if (existing === 'directory') throw new DataError(`${file} is a folder; choose another --out`);
  if (existing === 'file' && !values.force) throw alreadyExists(file);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, exported.source);
  process.stderr.write(`wrote ${exported.model} to ${file} (${formatBytes(Buffer.byteLength(exported.source))})\n`);
  return 0;
}

function alreadyExists(file: string): DataError {
  return new DataError(`${file} already exists; pass --force to replace it, or choose another --out`);
}

/** 'directory', 'file' (anything else that exists) or undefined when nothing is at `path`. */
async function kindOf(path: string): Promise<'directory' | 'file' | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
