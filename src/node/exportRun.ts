/**
 * Exporting a run's model as a TypeScript module (the CLI's `automl export`, the service scaffold
 * and the extension through the engine worker). Free of `vscode`.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { dataFileStem, sourceStem } from './dataFileName';
import type { LeaderboardFile, TrainingRunSpec } from './runJob';
import { DataError } from '../engine/errors';
import { exampleInput, type ExampleValue } from '../engine/export/exampleInput';
import type { ExportInfo } from '../engine/export/exportInfo';
import { exportPipeline } from '../engine/export/exportPipeline';
import type { Task } from '../engine/learners/types';
import { inputFields } from '../engine/prep/inputFields';
import type { Pipeline } from '../engine/prep/pipeline';
import type { DatasetProfile } from '../engine/profile/types';
import { describeValidation } from '../engine/validate/describeValidation';
import { exampleRowFromSource } from './exampleRow';
import { compactReference } from '../engine/monitor/compactReference';
import type { MonitorReference } from '../engine/monitor/types';
import { loadRunPipeline, readRunJson, readRunReference } from './runFiles';
import { runSource, type RunDataAccess, type SavedSourceFields } from './runSource';
import { refitTrial } from './runModelExplain';

/** Which model of a run: its final model, or a trial's configuration refitted on all rows. */
export type RunModel = number | 'final';

export interface ExportedRunModule {
  /** The module's TypeScript source. */
  readonly source: string;
  /** The file name it suggests: `<dataset>.model.ts` (a trial's: `<dataset>.trial-<id>.model.ts`). */
  readonly fileName: string;
  /** Which model it is, e.g. 'final model (gbdt)'. */
  readonly model: string;
  readonly task: Task;
  /** One typical input row (medians and most frequent values), for example calls. */
  readonly exampleInput: Readonly<Record<string, ExampleValue>>;
  /**
   * The run's monitoring reference without its row sample (the module's `REFERENCE`): the final
   * model's only, as its predictions and metric describe that model; absent for a trial, and for
   * a run from before references.
   */
  readonly reference?: MonitorReference;
}

/** The run's model `which` exported as one dependency-free TypeScript module. */
export async function exportRunModule(runDir: string, which: RunModel = 'final', access: RunDataAccess = {}): Promise<ExportedRunModule> {
  const folder = resolve(runDir);
  if (!existsSync(join(folder, 'model.json'))) throw new DataError(`${runDir} is not a run folder: it has no model.json`);
  const spec = await readRunJson<Partial<TrainingRunSpec>>(folder, 'spec.json');
  const profile = await readRunJson<DatasetProfile>(folder, 'profile.json');
  const board = await readRunJson<LeaderboardFile>(folder, 'leaderboard.json');
  if (profile === undefined) throw new DataError(`${runDir} has no profile.json: the exported module's input types come from it`);
  let pipeline: Pipeline;
  let model: string;
  let score: number | undefined;
  let reference: MonitorReference | undefined;
  if (which === 'final') {
    pipeline = await loadRunPipeline(folder);
    model = `final model (${pipeline.describe()})`;
    score = board?.final?.score;
    const whole = await readRunReference(folder);
    reference = whole && compactReference(whole);
  } else {
    ({ pipeline } = await refitTrial(folder, which, access));
    model = `trial ${which} (${pipeline.describe()}, refitted on all rows)`;
    score = board?.trials.find((t) => t.id === which)?.score;
  }
  const dataset = datasetName(spec, folder);
  const info: ExportInfo = {
    dataset,
    dataFile: spec?.file,
    columns: profile.columns,
    rows: profile.rows,
    model,
    score: board !== undefined && score !== undefined ? { metric: board.metric, value: score, validation: describeValidation(board.validation) } : undefined,
    trainedAt: spec?.createdAt ?? new Date().toISOString(),
    seed: spec?.seed ?? 0,
    run: basename(folder),
    ...(reference ? { reference } : {}),
  };
  const saved = pipeline.toJSON();
  const source = runSource(folder, spec);
  const fromFile = source === undefined ? undefined : await exampleRowFromSource(source, inputFields(saved, profile.columns), access.secrets);
  // A real row when the training data is still there; else each column's typical value.
  const example = { ...exampleInput(saved, profile.columns), ...fromFile };
  return {
    source: exportPipeline(saved, { ...info, example }),
    fileName: which === 'final' ? `${dataset}.model.ts` : `${dataset}.trial-${which}.model.ts`,
    model,
    task: pipeline.target.task,
    exampleInput: example,
    ...(reference ? { reference } : {}),
  };
}

/** A file-name-safe name of the training data ('titanic' for `data/titanic.csv`, 'orders' for a table). */
function datasetName(spec: SavedSourceFields | undefined, folder: string): string {
  const base = spec?.source !== undefined ? sourceStem(spec.source) : spec?.file !== undefined ? dataFileStem(spec.file) : basename(folder);
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe.length > 0 ? safe : 'model';
}
