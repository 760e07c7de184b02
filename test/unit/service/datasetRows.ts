/**
 * Rows of a public dataset as a client would send them to the prediction service: the raw text of
 * each CSV field (the target included, which the service ignores), or typed JSON values (numbers,
 * epoch milliseconds for dates, `true`/`false` for booleans, labels, `null` when missing).
 */
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { csvRecords } from '../export/parityFixtures';
import { datasetFile, datasetText, readSplit } from '../../publicDatasets';

export type JsonRow = Record<string, string | number | boolean | null>;

export interface DatasetRows {
  /** The picked rows as the engine reads them. */
  readonly frame: Frame;
  readonly raw: JsonRow[];
  readonly typed: JsonRow[];
}

/** The holdout rows of `splits/<dataset>.json` (at most `max`). */
export async function datasetRows(dataset: string, max: number): Promise<DatasetRows> {
  const picked = readSplit(dataset).test.slice(0, max);
  const { frame: all } = await readCsvFile(datasetFile(dataset));
  const frame = selectRows(all, Uint32Array.from(picked));
  const [header, ...records] = csvRecords(datasetText(dataset));
  const raw = picked.map((r) => Object.fromEntries(header.map((name, j) => [name, records[r][j]])));
  const typed = picked.map((_, i) => {
    const row: JsonRow = {};
    for (const c of frame.columns) {
      if (c.storage !== 'categorical') {
        row[c.name] = Number.isNaN(c.values[i]) ? null : c.values[i];
      } else {
        const code = c.codes[i];
        row[c.name] = code < 0 ? null : c.type === 'boolean' ? code === 1 : c.dictionary[code];
      }
    }
    return row;
  });
  return { frame, raw, typed };
}
