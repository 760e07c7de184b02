import { parseArgs } from 'node:util';
import { COLUMN_TYPES } from '../engine/data/frame';
import { profileFrame } from '../engine/profile/profileFrame';
import { openSource } from '../node/sources/openSource';
import { parseRagged, parseSeed, parseTypeOverrides } from './options';
import { Progress } from './progress';
import { renderProfile } from './renderProfile';
import { sourceFromArgs, sourceLabel, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { UsageError } from './usageError';

export const PROFILE_HELP = `Usage: automl profile <source> [options]

Reads the data, infers column types and prints a profile: per column type, missing values,
distinct values and statistics; associations; warnings (constant, ID-like, leakage suspects,
imbalanced target, …) and parse issues with line numbers.

Options:
  --target <column>       the column to predict (adds task, class balance and leakage checks)
  --json                  print the profile as JSON on stdout
  --type <column>=<type>  set a column's type (repeatable); types: ${COLUMN_TYPES.join(', ')}
  --ragged <policy>       CSV rows with the wrong field count: pad (default), drop or error
  --seed <n>              seed of the association sample (default 42)
  -h, --help              show this help

${SOURCE_HELP}`;

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
      ...SOURCE_ARG_OPTIONS,
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
  if (positionals.length !== 1) throw new UsageError(`profile takes one data source, got ${positionals.length}\n\n${PROFILE_HELP}`);
  const ragged = parseRagged(values.ragged);
  const seed = parseSeed(values.seed);
  const { spec, secrets } = sourceFromArgs(positionals[0], values);
  const label = sourceLabel(spec);

  const progress = new Progress();
  const types = parseTypeOverrides(values.type);
  try {
    const dataSource = openSource(spec, secrets);
    if (dataSource.profile !== undefined && Object.keys(types).length === 0) {
      // A database profiles its rows where they live.
      const profile = await dataSource.profile({ target: values.target, seed, onProgress: (fraction) => progress.update('Profiling', fraction) });
      progress.clear();
      process.stdout.write(values.json ? `${JSON.stringify(profile, null, 2)}\n` : `${renderProfile(profile, label)}\n`);
      return 0;
    }
    const { frame, report, source } = await dataSource.read({
      types,
      raggedRows: ragged,
      onProgress: (fraction, bytes) =>
        progress.update('Reading  ', fraction, bytes && `${(bytes.read / 1e6).toFixed(1)}/${(bytes.total / 1e6).toFixed(1)} MB`),
    });
    const profile = profileFrame(frame, {
      target: values.target,
      report,
      seed,
      source,
      onProgress: (fraction) => progress.update('Profiling', fraction),
    });
    progress.clear();
    process.stdout.write(values.json ? `${JSON.stringify(profile, null, 2)}\n` : `${renderProfile(profile, label)}\n`);
    return 0;
  } finally {
    progress.clear();
  }
}
