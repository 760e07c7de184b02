import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getLearner, listLearners } from '../engine/learners/index';
import { Pipeline } from '../engine/prep/pipeline';
import { describeSource } from '../engine/data/sourceSpec';
import { profileFrame } from '../engine/profile/profileFrame';
import { Rng } from '../engine/random';
import type { Params } from '../engine/search/domain';
import { openSource } from '../node/sources/openSource';
import { initTensorflow } from '../node/tfBackend';
import { toJsonText, writeRunDirectory } from '../node/runFolder';
import { FETCHED_RECORDS_FILE, recordSource } from '../node/runSource';
import { parseRagged, parseSeed, parseTask, parseTypeOverrides } from './options';
import { Progress } from './progress';
import { sourceFromArgs, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { UsageError } from './usageError';

/** `automl train --help`, listing every learner with its parameters and defaults. */
export function trainHelp(): string {
  const learners = listLearners()
    .map((spec) => {
      const params = Object.entries(spec.defaults)
        .map(([name, value]) => `      ${name} (default ${JSON.stringify(value)}): ${spec.paramDocs[name] ?? ''}`)
        .join('\n');
      return `  ${spec.name}: ${spec.description} [${spec.tasks.join(', ')}]\n${params}`;
    })
    .join('\n\n');
  return `Usage: automl train <source> --target <column> --learner <name> --out <dir> [options]

Fits one learner, with the preprocessing it needs, on every row that has a target value, and
writes a run folder (spec.json, profile.json, model.json) that 'automl predict' and
'automl export' accept.

Options:
  --target <column>       the column to predict (required)
  --learner <name>        one of the learners below (required)
  --out <dir>             the run folder to create (required; never overwritten)
  --params '<json>'       learner parameters, e.g. '{"numLeaves": 63}'; unknown names are an error
  --task <task>           binary, multiclass or regression (default: inferred from the target)
  --seed <n>              random seed (default 42)
  --type <column>=<type>  set a column's type (repeatable)
  --ragged <policy>       CSV rows with the wrong field count: pad (default), drop or error
  -h, --help              show this help

${SOURCE_HELP}
Learners and parameters:
${learners}
`;
}

function learnerOrUsageError(name: string): ReturnType<typeof getLearner> {
  try {
    return getLearner(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs `automl train`; returns the exit code. */
export async function trainCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      learner: { type: 'string' },
      out: { type: 'string' },
      params: { type: 'string', default: '{}' },
      task: { type: 'string' },
      seed: { type: 'string', default: '42' },
      type: { type: 'string', multiple: true, default: [] },
      ragged: { type: 'string' },
      ...SOURCE_ARG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(trainHelp());
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('train takes one data source (see automl train --help)');
  for (const required of ['target', 'learner', 'out'] as const) {
    if (!values[required]) throw new UsageError(`--${required} is required (see automl train --help)`);
  }
  const spec = learnerOrUsageError(values.learner as string);
  let params: Params;
  try {
    params = JSON.parse(values.params) as Params;
  } catch (error) {
    throw new UsageError(`--params is not valid JSON: ${(error as Error).message}`);
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new UsageError('--params must be a JSON object');
  const seed = parseSeed(values.seed);
  const task = parseTask(values.task);
  const source = sourceFromArgs(positionals[0], values);
  const raggedRows = parseRagged(values.ragged);
  const types = parseTypeOverrides(values.type);
  const out = resolve(values.out as string);

  const progress = new Progress();
  const log: string[] = [];
  try {
    const started = Date.now();
    const read = await openSource(source.spec, source.secrets).read({
      types,
      raggedRows,
      onProgress: (fraction) => progress.update('Reading ', fraction),
    });
    const { frame, report } = read;
    const profile = profileFrame(frame, { target: values.target, report, seed, source: read.source });
    // Pick the fastest TensorFlow.js backend once (tfjs-node, wasm, cpu) for learners that use it.
    if (spec.needsTensorflow) await initTensorflow((message) => log.push(message));
    const fitStarted = Date.now();
    const pipeline = Pipeline.fit(frame, values.target as string, spec.name, params, {
      rng: new Rng(seed),
      onProgress: (fraction) => progress.update('Training', fraction),
      log: (message) => log.push(message),
    }, { task });
    const fitMs = Date.now() - fitStarted;
    progress.clear();
    const runSpec = {
      version: 1,
      kind: 'train',
      file: describeSource(source.spec),
      source: recordSource(source.spec, process.cwd()),
      target: values.target,
      task: pipeline.target.task,
      learner: spec.name,
      params,
      seed,
      types,
      ...(raggedRows === undefined ? {} : { raggedRows }),
      createdAt: new Date(started).toISOString(),
      fitMs,
    };
    const dir = await writeRunDirectory(out, {
      'spec.json': toJsonText(runSpec),
      'profile.json': toJsonText(profile),
      // Compact: a model is mostly number arrays, which pretty-printing puts one per line.
      'model.json': `${JSON.stringify(pipeline.toJSON())}\n`,
      ...(read.fetchedRecords === undefined ? {} : { [FETCHED_RECORDS_FILE]: read.fetchedRecords }),
    });
    const lines = [
      `Trained ${spec.name} (${pipeline.target.task}) on ${pipeline.trainedRows} rows × ${pipeline.members[0].plan.features.length} features in ${(fitMs / 1000).toFixed(2)} s`,
      ...log.map((m) => `  ${m}`),
      `Run folder: ${dir}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    progress.clear();
  }
}
