import type { CsvReadResult } from '../engine/data/readReport';
import { modelInputWarnings } from '../node/modelInput';

/** Prints to stderr what the reader had to fix in `file`, read for a model (values read as missing, with their lines). */
export function printInputWarnings(file: string, { report, frame }: CsvReadResult): void {
  for (const warning of modelInputWarnings(report, frame)) process.stderr.write(`warning: ${file}: ${warning}\n`);
}
