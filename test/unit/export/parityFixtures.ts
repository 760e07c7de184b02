/**
 * Fixtures of the export parity tests: a dataset's fixed train/holdout split, a pipeline fitted on
 * the training rows, and the holdout rows both as typed values and as the raw text of the CSV.
 */
import { cellText, selectRows, type Frame } from '../../../src/engine/data/frame';
import type { ExportInfo } from '../../../src/engine/export/exportInfo';
import '../../../src/engine/learners/index';
import type { Task } from '../../../src/engine/learners/types';
import type { EngineeringRequest } from '../../../src/engine/prep/featurePlan';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { profileFrame } from '../../../src/engine/profile/profileFrame';
import type { ColumnProfile } from '../../../src/engine/profile/types';
import { Rng } from '../../../src/engine/random';
import type { Params } from '../../../src/engine/search/domain';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, datasetText, manifestEntry, readSplit } from '../../publicDatasets';

export interface ParityData {
  readonly name: string;
  readonly target: string;
  readonly task: Task;
  readonly train: Frame;
  readonly test: Frame;
  readonly columns: readonly ColumnProfile[];
  /** Holdout rows as the CSV file wrote them: field name → raw text. */
  readonly rawRows: readonly Record<string, string>[];
  /** Holdout rows as typed values (numbers, labels, ISO dates); missing cells left out. */
  readonly typedRows: readonly Record<string, string | number>[];
}

/** RFC 4180 records of a small CSV text (quotes, doubled quotes, CRLF). */
export function csvRecords(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const cache = new Map<string, Promise<ParityData>>();

/** A dataset's split (at most `maxTest` holdout rows) with its raw and typed holdout rows. */
export function parityData(name: string, maxTest = 400): Promise<ParityData> {
  const key = `${name}:${maxTest}`;
  let data = cache.get(key);
  if (!data) {
    data = load(name, maxTest);
    cache.set(key, data);
  }
  return data;
}

async function load(name: string, maxTest: number): Promise<ParityData> {
  const entry = manifestEntry(name);
  const { frame } = await readCsvFile(datasetFile(name));
  const split = readSplit(name);
  return parityDataOf({ name, target: entry.target, task: entry.task }, frame, datasetText(name), split.train, split.test.slice(0, maxTest));
}

/** Parity data of a frame read from CSV `text`, split into `trainRows` and `testRows`. */
export function parityDataOf(
  dataset: { readonly name: string; readonly target: string; readonly task: Task },
  frame: Frame,
  text: string,
  trainRows: readonly number[],
  testRows: readonly number[],
): ParityData {
  const [header, ...records] = csvRecords(text);
  const rawRows = testRows.map((r) => Object.fromEntries(header.map((h, j) => [h, records[r][j]])));
  const test = selectRows(frame, Uint32Array.from(testRows));
  const typedRows = testRows.map((_, i) => {
    const row: Record<string, string | number> = {};
    for (const c of test.columns) {
      if (c.storage === 'numeric' && !Number.isNaN(c.values[i])) row[c.name] = c.values[i];
      else if (c.storage === 'datetime' && !Number.isNaN(c.values[i])) row[c.name] = c.values[i];
      else {
        const text = cellText(c, i);
        if (text !== undefined) row[c.name] = text;
      }
    }
    return row;
  });
  return {
    ...dataset,
    train: selectRows(frame, Uint32Array.from(trainRows)),
    test,
    columns: profileFrame(frame).columns,
    rawRows,
    typedRows,
  };
}

/** A pipeline of `learner` fitted on the training rows (with the engineered features `engineer` asks for). */
export function fitOn(data: ParityData, learner: string, params: Params = {}, seed = 7, engineer?: readonly EngineeringRequest[]): Pipeline {
  return Pipeline.fit(data.train, data.target, learner, params, { rng: new Rng(seed) }, { task: data.task, engineer });
}

/** Export metadata for tests. */
export function infoOf(data: ParityData, model: string): ExportInfo {
  return {
    dataset: data.name,
    dataFile: `${data.name}.csv`,
    columns: data.columns,
    rows: data.train.rowCount + data.test.rowCount,
    model,
    score: { metric: data.task === 'regression' ? 'rmse' : 'auc', value: 0.5, validation: '5-fold CV' },
    trainedAt: '2026-11-28T00:00:00.000Z',
    seed: 7,
    run: 'test-run',
  };
}
