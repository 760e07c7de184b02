/**
 * Seeded generator of the mixed-type CSV the ingest benchmark reads: 20 columns that exercise
 * every path of a CSV reader (floats of very different scales and notations, integers,
 * categoricals with quoted commas and escaped quotes, booleans, dates and datetimes, missing
 * values). Same seed and row count give byte-identical files.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';

/** Bump when the generated content changes, so stale scratch files are not reused. */
const GENERATOR_VERSION = 1;

/** Columns in file order; the kinds are what a reader should infer. */
export const MIXED_COLUMNS: readonly { readonly name: string; readonly kind: string }[] = [
  { name: 'f_normal', kind: 'float' },
  { name: 'f_unit', kind: 'float' },
  { name: 'price', kind: 'float' },
  { name: 'score', kind: 'float' },
  { name: 'revenue', kind: 'float' },
  { name: 'tiny', kind: 'float' },
  { name: 'temperature', kind: 'float' },
  { name: 'pct', kind: 'float' },
  { name: 'weight', kind: 'float' },
  { name: 'rate', kind: 'float' },
  { name: 'age', kind: 'integer' },
  { name: 'visits', kind: 'integer' },
  { name: 'balance_cents', kind: 'integer' },
  { name: 'tier', kind: 'categorical' },
  { name: 'color', kind: 'categorical' },
  { name: 'city', kind: 'categorical' },
  { name: 'product', kind: 'categorical' },
  { name: 'subscribed', kind: 'boolean' },
  { name: 'signup_date', kind: 'datetime' },
  { name: 'last_seen', kind: 'datetime' },
];

/** Share of float cells left empty. */
const FLOAT_MISSING_RATE = 0.02;
/** Rows formatted per write: large enough to amortise stream overhead, small enough to stay lean. */
const ROWS_PER_CHUNK = 4096;

/** Where and how to generate. */
export interface MixedCsvOptions {
  /** Folder for the file; created if missing. */
  readonly dir: string;
  readonly rows: number;
  readonly seed: number;
}

/** The generated (or reused) file. */
export interface MixedCsvFile {
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  /** False when an identical file from an earlier run was reused. */
  readonly generated: boolean;
  readonly seconds: number;
}

/** File name that encodes everything the content depends on, so reuse is safe. */
export function mixedCsvPath(options: MixedCsvOptions): string {
  return path.join(options.dir, `mixed-v${GENERATOR_VERSION}-${options.rows}x${MIXED_COLUMNS.length}-seed${options.seed}.csv`);
}

/**
 * Writes the mixed CSV unless a file for the same version, size and seed already exists.
 * Streams chunk by chunk and renames into place at the end, so an interrupted run never leaves
 * a truncated file that a later run would reuse.
 */
export async function ensureMixedCsv(options: MixedCsvOptions): Promise<MixedCsvFile> {
  const target = mixedCsvPath(options);
  const started = performance.now();
  if (existsSync(target)) {
    return { path: target, bytes: statSync(target).size, rows: options.rows, generated: false, seconds: 0 };
  }
  mkdirSync(options.dir, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await writeMixedCsv(partial, options.rows, options.seed);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return {
    path: target,
    bytes: statSync(target).size,
    rows: options.rows,
    generated: true,
    seconds: (performance.now() - started) / 1000,
  };
}

async function writeMixedCsv(file: string, rows: number, seed: number): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const failed = once(out, 'error').then(([error]: unknown[]) => {
    throw error;
  });
  // Keeps the rejection from surfacing as unhandled when the write succeeds.
  failed.catch(() => undefined);
  const row = makeRowWriter(seed);
  const lines: string[] = [MIXED_COLUMNS.map((c) => c.name).join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(row());
    if (lines.length >= ROWS_PER_CHUNK || i === rows - 1) {
      const ok = out.write(lines.join('\n') + '\n');
      lines.length = 0;
      if (!ok) await Promise.race([once(out, 'drain'), failed]);
    }
  }
  if (rows === 0) out.write(lines.join('\n') + '\n');
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/** mulberry32: tiny, fast, and good enough for synthetic data; returns uniforms in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['low', 'medium', 'high'];
const COLORS = ['red', 'green', 'blue', 'yellow', 'black', 'white', 'orange', 'purple', 'grey', 'brown', 'pink', 'cyan'];
const STATES = ['CA', 'TX', 'NY', 'FL', 'IL', 'PA', 'OH', 'GA', 'NC', 'MI', 'WA', 'AZ'];
const CITY_STEMS = ['Springfield', 'Riverside', 'Fairview', 'Franklin', 'Greenville', 'Bristol', 'Clinton', 'Salem'];

/** 60 levels, all written quoted because they contain a comma ("Salem, OR"). */
function cityLevels(): string[] {
  const levels: string[] = [];
  for (let i = 0; levels.length < 60; i++) {
    const name = `${CITY_STEMS[i % CITY_STEMS.length]}, ${STATES[Math.floor(i / CITY_STEMS.length) % STATES.length]}`;
    levels.push(`"${name}"`);
  }
  return levels;
}

/** 500 levels; every 25th carries embedded quotes (escaped as "") and a comma to stress quoting. */
function productLevels(): string[] {
  const levels: string[] = [];
  for (let i = 0; i < 500; i++) {
    const code = String(i).padStart(4, '0');
    levels.push(i % 25 === 0 ? `"SKU-${code} ""Deluxe"", boxed"` : `SKU-${code}`);
  }
  return levels;
}

/** Every day from 2015-01-01 as YYYY-MM-DD, precomputed so the hot loop only indexes. */
function dayStrings(days: number): string[] {
  const start = Date.UTC(2015, 0, 1);
  const out: string[] = [];
  for (let d = 0; d < days; d++) out.push(new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  return out;
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Returns a function that formats the next row (without newline) from one seeded stream. */
function makeRowWriter(seed: number): () => string {
  const random = mulberry32(seed);
  const cities = cityLevels();
  const products = productLevels();
  const days = dayStrings(3653);
  let spareNormal: number | undefined;
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const s = spareNormal;
      spareNormal = undefined;
      return s;
    }
    // Box–Muller; 1 - u keeps the log argument away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  // Squaring a uniform skews level frequencies towards the first levels, like real categories.
  const skewedPick = (levels: readonly string[]): string => {
    const u = random();
    return levels[Math.floor(u * u * levels.length)];
  };
  const maybe = (text: string): string => (random() < FLOAT_MISSING_RATE ? '' : text);

  return () => {
    const visits = Math.floor(-Math.log(1 - random()) * 6);
    const day = Math.floor(random() * days.length);
    const lastSeenDay = Math.min(days.length - 1, day + Math.floor(random() * 400));
    const secondOfDay = Math.floor(random() * 86_400);
    const fields = [
      maybe(normal().toFixed(4)),
      maybe(random().toFixed(5)),
      maybe(Math.exp(3 + normal()).toFixed(2)),
      maybe((50 + 15 * normal()).toFixed(2)),
      maybe((random() * 1e6).toFixed(1)),
      maybe((normal() * 1e-4).toExponential(3)),
      maybe((-40 + random() * 85).toFixed(1)),
      maybe((random() * 100).toFixed(2)),
      maybe((1000 + 300 * normal()).toFixed(3)),
      maybe((-Math.log(1 - random()) * 2).toFixed(3)),
      String(18 + Math.floor(random() * 73)),
      String(visits),
      String(Math.floor(-500_000 + random() * 5_500_000)),
      skewedPick(TIERS),
      skewedPick(COLORS),
      skewedPick(cities),
      skewedPick(products),
      random() < 0.3 ? 'yes' : 'no',
      days[day],
      `${days[lastSeenDay]} ${PAD2[Math.floor(secondOfDay / 3600)]}:${PAD2[Math.floor(secondOfDay / 60) % 60]}:${PAD2[secondOfDay % 60]}`,
    ];
    return fields.join(',');
  };
}
