/**
 * Exports a fitted pipeline as one dependency-free TypeScript module: typed input, the feature
 * code of each member's plan, each model's code, the weighted average of the members and the
 * pipeline's calibration of it, all computed in the engine's order of operations, so that the
 * module predicts what the engine predicts; with the run's monitoring reference, `REFERENCE` too.
 * The module compiles under `tsc --strict` with only the ES2020 library.
 */
import type { SerializedPipeline } from '../prep/pipeline';
import { getMetric } from '../validate/metrics';
import { CALIBRATE_NAME, calibrationCode, calibrationLabel } from './calibrationCode';
import { FeatureCodeWriter } from './featureCode';
import type { ExportInfo } from './exportInfo';
import { inputCode } from './inputCode';
import type { InputField } from '../data/inputField';
import { inputFields } from '../prep/inputFields';
import { learnerEmitter } from './learners/emitters';
import type { RuntimeHelper } from './learners/learnerCode';
import { referenceCode } from './referenceCode';
import { RUNTIME_HELPERS } from './runtimeHelpers';
import { shareIdenticalArrays } from './shareConstants';
import { docComment, numberLiteral, stringLiteral, wrapText } from './sourceText';

/** The module's source text. `RangeError` for a pipeline with a learner that has no exporter. */
export function exportPipeline(pipeline: SerializedPipeline, info: ExportInfo): string {
  const target = pipeline.target;
  const classification = target.task !== 'regression';
  const fields = inputFields(pipeline, info.columns);
  const input = inputCode(fields);
  const features = new FeatureCodeWriter(input.slots);
  const helpers = new Set<RuntimeHelper>();
  const models: string[] = [];
  const members = pipeline.members.map((member, i) => {
    const plan = features.planFunction(member.plan);
    const code = learnerEmitter(member.model.learner)(member.model, `m${i}`, plan.slots);
    for (const h of code.helpers) helpers.add(h);
    models.push(`// Member ${i}: ${member.model.learner}${pipeline.members.length > 1 ? `, weight ${numberLiteral(member.weight)}` : ''}\n${code.declarations}`);
    return { weight: member.weight, features: plan.name, outputs: code.outputs };
  });
  const width = classification ? target.classes.length : 1;
  const calibration = pipeline.calibration && classification ? calibrationCode(pipeline.calibration, target.classes) : undefined;
  for (const h of calibration?.helpers ?? []) helpers.add(h);

  const combine = [
    `/** The pipeline's outputs for one row: class probabilities${calibration ? ' (calibrated)' : ''}, or \`[value]\` for regression. */`,
    'function outputs(row: Input): number[] {',
    '  const cells = readInput(row);',
    `  const out: number[] = new Array<number>(${width}).fill(0);`,
    ...members.flatMap((m, i) => [
      `  const o${i} = ${m.outputs}(${m.features}(cells));`,
      `  for (let k = 0; k < ${width}; k++) out[k] += ${numberLiteral(m.weight)} * o${i}[k];`,
    ]),
    calibration ? `  return ${CALIBRATE_NAME}(out);` : '  return out;',
    '}',
  ].join('\n');

  const api = classification ? classificationApi(target.classes) : regressionApi();
  const parts = [
    header(pipeline, info, fields),
    '',
    `/** The column this module predicts. */\nexport const target = ${stringLiteral(target.column)};`,
    `export const task = '${target.task}' as const;`,
    modelInfo(info, pipeline),
    ...(info.reference ? [referenceCode(info.reference)] : []),
    input.code,
    features.code(),
    ...[...helpers].sort().map((h) => RUNTIME_HELPERS[h]),
    ...models,
    ...(calibration ? [calibration.code] : []),
    combine,
    api,
  ];
  return `${shareIdenticalArrays(parts.join('\n\n')).replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function classificationApi(classes: readonly string[]): string {
  const labels = classes.map(stringLiteral);
  return [
    `/** The class labels, as written in the training data. */`,
    `export type Label = ${labels.join(' | ')};`,
    '',
    `export const classes: readonly Label[] = [${labels.join(', ')}];`,
    '',
    '/** The most probable class of one row (the first class on ties). */',
    'export function predict(row: Input): Label {',
    '  const p = outputs(row);',
    '  let best = 0;',
    '  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;',
    '  return classes[best];',
    '}',
    '',
    '/** The probability of each class for one row. */',
    'export function predictProba(row: Input): Record<Label, number> {',
    '  const p = outputs(row);',
    '  const proba = {} as Record<Label, number>;',
    '  classes.forEach((label, k) => {',
    '    proba[label] = p[k];',
    '  });',
    '  return proba;',
    '}',
    '',
    '/** The most probable class of each row; a `TypeError` names the row (from 0) and the field. */',
    ...predictBatchLines('Label'),
  ].join('\n');
}

/** `predictBatch`, returning `type` per row; a `TypeError` from `predict` gets the row's index. */
function predictBatchLines(type: string): string[] {
  return [
    `export function predictBatch(rows: readonly Input[]): ${type}[] {`,
    '  return rows.map((row, i) => {',
    '    try {',
    '      return predict(row);',
    '    } catch (error) {',
    '      throw error instanceof TypeError ? new TypeError(`row ${i}: ${error.message}`) : error;',
    '    }',
    '  });',
    '}',
  ];
}

function regressionApi(): string {
  return [
    '/** The predicted value of one row. */',
    'export function predict(row: Input): number {',
    '  return outputs(row)[0];',
    '}',
    '',
    '/** The predicted value of each row; a `TypeError` names the row (from 0) and the field. */',
    ...predictBatchLines('number'),
  ].join('\n');
}

function scoreText(info: ExportInfo): string | undefined {
  if (!info.score) return undefined;
  let label = info.score.metric;
  try {
    label = getMetric(info.score.metric).label;
  } catch {
    // An unknown metric name is shown as it is.
  }
  return `${label} ${info.score.value.toPrecision(4)} (${info.score.validation})`;
}

function modelInfo(info: ExportInfo, pipeline: SerializedPipeline): string {
  const entries: [string, string][] = [
    ['model', stringLiteral(info.model)],
    ['dataset', stringLiteral(info.dataset)],
    ['trainedAt', stringLiteral(info.trainedAt)],
    ['seed', numberLiteral(info.seed)],
    ['rows', numberLiteral(info.rows)],
  ];
  if (info.score) {
    entries.push(['metric', stringLiteral(info.score.metric)], ['score', numberLiteral(info.score.value)], ['validation', stringLiteral(info.score.validation)]);
  }
  if (pipeline.calibration) entries.push(['calibration', stringLiteral(pipeline.calibration.method)]);
  return `/** Where this model came from. */\nexport const modelInfo = {\n${entries.map(([k, v]) => `  ${k}: ${v},`).join('\n')}\n} as const;`;
}

function header(pipeline: SerializedPipeline, info: ExportInfo, fields: readonly InputField[]): string {
  const t = pipeline.target;
  const what = t.task === 'regression' ? 'regression' : `${t.task} classification: ${t.classes.map((c) => `'${c}'`).join(' | ')}`;
  const score = scoreText(info);
  const lines = [
    `Predicts '${t.column}' (${what}) from ${fields.length} column${fields.length === 1 ? '' : 's'} of ${info.dataFile ?? info.dataset}.`,
    '',
    `Model: ${info.model}.`,
    ...(pipeline.calibration && t.task !== 'regression'
      ? [`Calibration: ${calibrationLabel(pipeline.calibration)} of the averaged probabilities, fitted on the run's out-of-fold predictions.`]
      : []),
    ...(score ? [`Validation: ${score}.`] : []),
    `Trained: ${info.trainedAt} on ${pipeline.trainedRows} rows (of ${info.rows} in the file), seed ${info.seed}${info.run ? `, run ${info.run}` : ''}.`,
    `Dropped columns: ${droppedText(pipeline)}.`,
    '',
    'Generated by AutoML for VS Code: no dependencies, runs wherever TypeScript or JavaScript runs.',
    '',
    'Usage:',
    `  import { predict${t.task === 'regression' ? '' : ', predictProba'} } from './${info.dataset}.model';`,
    ...usageCall(fields, info.example),
    '',
    'Each field takes its typed value or its text as read from a CSV file, parsed as in the training',
    'file. A missing or unusable value counts as missing where the model learned missing values',
    '(optional fields); elsewhere `predict` throws a TypeError naming the field. Labels the model',
    'never saw are handled as in training (as missing, or as a rare "other" label).',
  ];
  return docComment(lines.flatMap((line) => wrapText(line, 96)));
}

/** The usage example's call: the example row's values, or placeholders for the first fields. */
function usageCall(fields: readonly InputField[], example: ExportInfo['example']): string[] {
  const entries = example === undefined
    ? fields.slice(0, 3).map((f) => `${stringLiteral(f.name)}: …`).concat(fields.length > 3 ? ['…'] : [])
    : fields.filter((f) => example[f.name] !== undefined).map((f) => `${stringLiteral(f.name)}: ${valueLiteral(example[f.name])}`);
  const flat = `  predict({ ${entries.join(', ')} });`;
  if (flat.length <= 96) return [flat];
  return ['  predict({', ...entries.map((e) => `    ${e},`), '  });'];
}

function valueLiteral(value: string | number | boolean): string {
  return typeof value === 'string' ? stringLiteral(value) : typeof value === 'number' ? numberLiteral(value) : String(value);
}

function droppedText(pipeline: SerializedPipeline): string {
  const dropped = new Map<string, string>();
  for (const m of pipeline.members) for (const d of m.plan.dropped) dropped.set(d.column, d.reason);
  if (dropped.size === 0) return 'none';
  return [...dropped].map(([column, reason]) => `${column} (${reason})`).join(', ');
}
