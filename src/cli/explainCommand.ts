import { parseArgs } from 'node:util';
import { selectRows, type Frame } from '../engine/data/frame';
import { DataError } from '../engine/errors';
import { explainInChunks } from '../engine/explain/explainInChunks';
import { needsBackground, type PipelineShap } from '../engine/explain/pipelineShap';
import type { Pipeline } from '../engine/prep/pipeline';
import type { RunExplanations } from '../engine/explain/runExplanations';
import { sampleRows } from '../engine/profile/sampleRows';
import type { MetricName } from '../engine/validate/types';
import type { InputField } from '../engine/data/inputField';
import { readModelInput, runInputFields } from '../node/modelInput';
import { printInputWarnings } from './inputWarnings';
import { Progress } from './progress';
import { toJsonText } from '../node/runFolder';
import { explainRunFinal } from '../node/runModelExplain';
import { renderExplanations, renderRowExplanations } from './renderExplanations';
import { loadRunPipeline, readRunJson } from '../node/runFiles';
import { readRunData, runSource, type SavedSourceFields } from '../node/runSource';
import { fileSource } from './fileSource';
import { UsageError } from './usageError';

export const EXPLAIN_HELP = `Usage: automl explain <run-dir> [--rows file.csv] [--json] [--derived]

Explains a run's model.

Without --rows: the global summary from the run's explanations.json (what each column contributes
on average, out-of-fold permutation importance, partial dependence, insights). A run without one
(its budget was spent) gets it computed now from the training file named in spec.json, and saved.

With --rows: the SHAP values of every row of the file, per original column of the data: the
row's output = base + the sum of its values. The model's columns are read as in training (see
automl predict --help). The output is the model's raw output: a margin
(log-odds) for a single boosted, linear, MLP or naive Bayes model, a probability for forests, kNN
and ensembles, the value for regression. A classifier the run calibrated is explained before its
calibration; with --json each row then also has "calibrated", the probability predict gives.
Rows are explained 50 at a time: on a terminal a progress line shows how many are done and an
estimate of the time left.

Options:
  --rows <file>  rows to explain (CSV/TSV with the columns the model needs)
  --json         machine-readable output on standard output
  --derived      with --rows --json: also each model's values for its derived features
                 (one-hot levels, date parts, text buckets)
  --data <file>  the training file, when spec.json's path no longer finds it
  -h, --help     show this help
`;

/** One row of `--rows --json`: values per original column (arrays per class for multiclass). */
interface RowJson {
  readonly base: number | number[];
  readonly values: Record<string, number | number[]>;
  readonly output: number | number[];
  /** The calibrated probability of each explained output (models with a calibration only). */
  readonly calibrated?: number | number[];
  readonly derived?: { learner: string; weight: number; method: string; space: string; base: number | number[]; values: Record<string, number | number[]> }[];
}

interface SavedSpec extends SavedSourceFields {
  readonly seed?: number;
  readonly metric?: MetricName;
}

/** The training data of a run (the model's columns read as in training), or a `DataError` saying how to provide it. */
async function trainingData(runDir: string, spec: SavedSpec | undefined, override: string | undefined, fields: readonly InputField[]): Promise<Frame> {
  const source = override ? fileSource(override) : runSource(runDir, spec);
  if (!source) {
    throw new DataError(`the training data of ${runDir}${spec?.file ? ` ('${spec.file}')` : ''} was not found; pass it with --data <file>`);
  }
  return (await readRunData(runDir, spec, fields, { source })).frame;
}

/** Per-output numbers as JSON: a number for one output, an array per class otherwise. */
function perOutput(values: readonly number[]): number | number[] {
  return values.length === 1 ? values[0] : [...values];
}

/**
 * The calibrated probabilities of the outputs explanations describe (the second class's for a
 * binary model, every class's otherwise), or undefined for a model without a calibration.
 */
function calibratedOutputs(pipeline: Pipeline, frame: Frame): Float64Array[] | undefined {
  if (!pipeline.calibration) return undefined;
  const proba = pipeline.predict(frame).proba as Float64Array[];
  return proba.length === 2 ? [proba[1]] : proba;
}

function rowJson(shap: PipelineShap, r: number, derived: boolean): RowJson {
  const outputs = shap.base.length;
  const width = shap.features.length;
  const values: Record<string, number | number[]> = {};
  shap.features.forEach((name, j) => (values[name] = perOutput(Array.from({ length: outputs }, (_, o) => shap.values[o][r * width + j]))));
  const row: RowJson = {
    base: perOutput(Array.from(shap.base)),
    values,
    output: perOutput(shap.output.map((o) => o[r])),
  };
  if (!derived || !shap.members) return row;
  return {
    ...row,
    derived: shap.members.map((m) => {
      const w = m.shap.features.length;
      const own: Record<string, number | number[]> = {};
      m.shap.features.forEach((name, j) => (own[name] = perOutput(m.shap.values.map((v) => v[r * w + j]))));
      return { learner: m.learner, weight: m.weight, method: m.method, space: m.shap.space, base: perOutput(Array.from(m.shap.base)), values: own };
    }),
  };
}

/** Runs `automl explain`; returns the exit code. */
export async function explainCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      rows: { type: 'string' },
      json: { type: 'boolean', default: false },
      derived: { type: 'boolean', default: false },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('explain takes one run folder (see automl explain --help)');
  if (values.derived && !(values.rows && values.json)) throw new UsageError('--derived goes with --rows and --json');
  const runDir = positionals[0];
  const pipeline = await loadRunPipeline(runDir);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');

  if (values.rows) {
    const fields = await runInputFields(runDir, pipeline);
    const input = await readModelInput(fileSource(values.rows), fields, { types: spec?.types });
    printInputWarnings(values.rows, input);
    const { frame } = input;
    let background: Frame | undefined;
    if (needsBackground(pipeline)) {
      const training = await trainingData(runDir, spec, values.data, fields);
      background = selectRows(training, sampleRows(training.rowCount, 1000, spec?.seed ?? 0));
    }
    // A chunk at a time, so a long batch shows its progress (on a terminal) and Ctrl-C stops it.
    const progress = new Progress();
    const shap = explainInChunks(pipeline, frame, {
      background,
      seed: spec?.seed ?? 0,
      derived: values.derived,
      onProgress: ({ done, total }) => progress.update('explaining', total === 0 ? 1 : done / total, `${done} of ${total} rows`),
    });
    progress.clear();
    if (values.json) {
      const calibrated = calibratedOutputs(pipeline, frame);
      const rows = Array.from({ length: shap.rows }, (_, r) => {
        const row = rowJson(shap, r, values.derived);
        return calibrated ? { ...row, calibrated: perOutput(calibrated.map((o) => o[r])) } : row;
      });
      const calibration = pipeline.calibration ? { calibration: pipeline.calibration.method } : {};
      process.stdout.write(toJsonText({ outputSpace: shap.space, outputLabels: shap.outputLabels, ...calibration, rows }));
    } else {
      process.stdout.write(renderRowExplanations(shap));
    }
    return 0;
  }

  let explanations = await readRunJson<RunExplanations>(runDir, 'explanations.json');
  if (!explanations) {
    // Computed without a deadline from the training data, and saved in the run folder.
    const source = values.data ? fileSource(values.data) : runSource(runDir, spec);
    if (!source) throw new DataError(`the training data of ${runDir}${spec?.file ? ` ('${spec.file}')` : ''} was not found; pass it with --data <file>`);
    explanations = await explainRunFinal(runDir, undefined, source);
  }
  process.stdout.write(values.json ? toJsonText(explanations) : renderExplanations(explanations));
  return 0;
}
