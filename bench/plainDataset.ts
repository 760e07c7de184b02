/**
 * A public dataset as a plain CSV file. Timing raw CSV parsing against papaparse and pandas is
 * only fair on uncompressed bytes, so a dataset stored as `datasets/NAME.csv.gz` is inflated once
 * into a scratch folder and reused from there.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { datasetFile } from '../test/publicDatasets';

/** The plain CSV of a dataset. */
export interface PlainDataset {
  readonly path: string;
  /** The stored file it came from: `path` itself when that is already plain. */
  readonly source: string;
  readonly bytes: number;
  /** True when this call inflated it (false: stored plain, or reused from an earlier run). */
  readonly inflated: boolean;
}

/**
 * Dataset `name` as plain CSV: its own file when stored plain, else `<scratchDir>/NAME.csv`,
 * inflated unless a file of the size gzip recorded is already there. Streams, and renames into
 * place only when complete, so an interrupted run never leaves a short file a later run reuses.
 */
export async function plainDataset(name: string, scratchDir: string): Promise<PlainDataset> {
  const source = datasetFile(name);
  if (!source.endsWith('.gz')) return { path: source, source, bytes: statSync(source).size, inflated: false };
  const target = path.join(scratchDir, path.basename(source, '.gz'));
  const bytes = recordedSize(source);
  if (existsSync(target) && statSync(target).size === bytes) return { path: target, source, bytes, inflated: false };
  mkdirSync(scratchDir, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await pipeline(createReadStream(source), createGunzip(), createWriteStream(partial));
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { path: target, source, bytes: statSync(target).size, inflated: true };
}

/**
 * The uncompressed size gzip records in a file's last four bytes (ISIZE, modulo 2^32): exact for
 * our single-member files under 4 GiB, and a mismatch only means inflating again.
 */
function recordedSize(file: string): number {
  const trailer = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, trailer, 0, 4, statSync(file).size - 4);
  } finally {
    closeSync(fd);
  }
  return trailer.readUInt32LE(0);
}
