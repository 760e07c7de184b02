/**
 * Traffic for the penguins prediction service in tests: the dataset's rows as a client sends
 * them (with each row's true species, for /feedback), seeded streams drawn from them, a drifted
 * version of a stream, and the figures of the service's /metrics text.
 */
import { datasetText } from '../../publicDatasets';
import { csvRecords } from '../export/parityFixtures';

export type JsonRow = Record<string, string | number | null>;

export interface Labelled {
  readonly row: JsonRow;
  readonly species: string;
}

const NUMERIC = new Set(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year']);

/** The penguins rows as a client sends them (numbers as numbers, null when empty, no target), each with its true species. */
export function penguins(): Labelled[] {
  const [header, ...records] = csvRecords(datasetText('penguins'));
  return records
    .filter((r) => r.length === header.length)
    .map((r) => {
      const row: JsonRow = {};
      let species = '';
      header.forEach((name, j) => {
        if (name === 'species') species = r[j];
        else row[name] = r[j] === '' ? null : NUMERIC.has(name) ? Number(r[j]) : r[j];
      });
      return { row, species };
    });
}

/** A seeded stream of `n` rows drawn (with replacement) from `rows`. */
export function stream(rows: readonly Labelled[], n: number, seed: number): Labelled[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, () => rows[Math.floor(next() * rows.length)]);
}

/** bill_length_mm far beyond its training range, sex missing in every other row, island a label training never saw in every third. */
export function drifted(rows: readonly Labelled[]): Labelled[] {
  return rows.map(({ row, species }, i) => ({
    species,
    row: { ...row, bill_length_mm: typeof row.bill_length_mm === 'number' ? row.bill_length_mm + 1000 : 1040, sex: i % 2 === 0 ? null : row.sex, island: i % 3 === 0 ? 'Atlantis' : row.island },
  }));
}

/** The value of one sample line of a metrics text (`name{labels} value`), or undefined. */
export function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The built-in monitor's checks so far, idle ones (no new row) included. */
export function allChecks(text: string): number {
  return ['ok', 'drift', 'insufficient', 'idle'].reduce((sum, result) => sum + (sampleValue(text, `automl_monitor_checks_total{result="${result}"}`) ?? 0), 0);
}
