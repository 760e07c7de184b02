import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { COLUMN_TYPES } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { profileFrame, readSource } from '../engine/profile/profileFrame';
import { readCsvFile } from '../node/readCsvFile';
import { parseSeed, parseTypeOverrides } from './options';
import { Progress } from './progress';
import { renderProfile } from './renderProfile';
import { UsageError } from './usageError';

export const PROFILE_HELP = `Usage: automl profile <file.csv|file.tsv> [options]

Reads the file, infers column types and prints a profile: per column type, missing values,
distinct values and statistics; associations; warnings (constant, ID-like, leakage suspects,
imbalanced target, …) and parse issues with line numbers.

Options:
  --target <column>       the column to predict (adds task, class balance and leakage checks)
  --json                  print the profile as JSON on stdout
  --type <column>=<type>  set a column's type (repeatable); types: ${COLUMN_TYPES.join(', ')}
  --delimiter <char>      field delimiter (default: sniffed among , ; tab |); "tab" for a tab
  --ragged <policy>       rows with the wrong field count: pad (default), drop or error
  --seed <n>              seed of the association sample (default 42)
  -h, --help              show this help
`;

const RAGGED_POLICIES: readonly RaggedRowPolicy[] = ['pad', 'drop', 'error'];

/** Runs `automl profile`; returns the exit code. */
export async function profileCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      json: { type: 'boolean', default: false },
      type: { type: 'string', multiple: true, default: [] },
      delimiter: { type: 'string' },
      ragged: { type: 'string', default: 'pad' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(PROFILE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`profile takes one file, got ${positionals.length}\n\n${PROFILE_HELP}`);
  const ragged = values.ragged as RaggedRowPolicy;
  if (!RAGGED_POLICIES.includes(ragged)) throw new UsageError(`--ragged must be one of ${RAGGED_POLICIES.join(', ')}`);
  const seed = parseSeed(values.seed);
  const delimiter = values.delimiter === 'tab' || values.delimiter === '\\t' ? '\t' : values.delimiter;
  const file = positionals[0];

  const progress = new Progress();
  try {
    const { frame, report } = await readCsvFile(file, {
      delimiter,
      types: parseTypeOverrides(values.type),
      raggedRows: ragged,
      onProgress: (read, total) =>
        progress.update('Reading  ', total > 0 ? read / total : 1, `${(read / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB`),
    });
    const profile = profileFrame(frame, {
      target: values.target,
      report,
      seed,
      source: readSource(basename(file), report),
      onProgress: (fraction) => progress.update('Profiling', fraction),
    });
    progress.clear();
    process.stdout.write(values.json ? `${JSON.stringify(profile, null, 2)}\n` : `${renderProfile(profile, basename(file))}\n`);
    return 0;
  } finally {
    progress.clear();
  }
}
