/**
 * What the server knows of the data sources that specs name (and of open CSV/TSV files): per
 * source, the columns and first rows (a peek: a few kilobytes, answered at once), then, lazily,
 * the whole read and a profile per target, both in a worker thread per source (sourceProfiler.ts)
 * so that a big file never stalls the server's answers. Cached, and dropped when the file changes
 * (a watched file event, or its modification time or size differing at the next question), which
 * also stops that source's worker.
 *
 * Only local files are read. Databases and web APIs give nothing here, trusted or not: the server
 * never connects or fetches for completions, hovers or diagnostics in this version, and never
 * takes a credential from a spec.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadReport } from '../engine/data/readReport';
import { countMissing, type Column } from '../engine/data/frame';
import type { SourcePeek } from '../engine/data/sourcePreview';
import { isFileSource, type SourceSpec } from '../engine/data/sourceSpec';
import { profileColumn } from '../engine/profile/columnProfile';
import type { ColumnProfile, DatasetProfile } from '../engine/profile/types';
import { openSource } from '../node/sources/openSource';
import { startSourceProfiler, type SourceProfiler } from './sourceProfiler';

/** Rows a peek asks for. */
const PEEK_ROWS = 200;

/** A column as the first rows show it. */
export interface PeekColumn {
  readonly name: string;
  readonly type: Column['type'];
  /** Missing share of the peeked rows, in percent. */
  readonly missingPct: number;
  /** The profile of the peeked rows only. */
  readonly profile: ColumnProfile;
}

/** A source's start, or why it cannot be read (the reader's message). */
export type PeekResult =
  | { readonly ok: true; readonly columns: readonly PeekColumn[]; readonly rows: number; readonly partial: boolean }
  | { readonly ok: false; readonly message: string };

interface Entry {
  readonly stamp: string;
  peek?: Promise<PeekResult>;
  profiler?: SourceProfiler;
  readonly profiles: Map<string, Promise<DatasetProfile>>;
  /** Profiles already computed, by target key, for answers that must not wait. */
  readonly ready: Map<string, DatasetProfile>;
}

/** The cache key of a profile's target. */
function targetKey(target: string | undefined): string {
  return target ?? '\u0000';
}

/** Options of a `DataKnowledge`. */
export interface DataKnowledgeOptions {
  /**
   * The profile worker's script (default: `profileWorker.js` next to the running bundle, as in
   * `dist/`; when it is missing the work runs in the server's thread). Tests, whose bundles live
   * elsewhere, point it at `dist/profileWorker.js`.
   */
  readonly profileWorkerScript?: string;
}

/** The per-source cache of peeks, reads and profiles. */
export class DataKnowledge {
  private readonly entries = new Map<string, Entry>();
  private readonly workerScript: string | undefined;

  constructor(options: DataKnowledgeOptions = {}) {
    const script = options.profileWorkerScript ?? join(__dirname, 'profileWorker.js');
    this.workerScript = existsSync(script) ? script : undefined;
  }

  /** Whether the server can know `source` at all (local files only). */
  static knows(source: SourceSpec): boolean {
    return isFileSource(source);
  }

  /** The columns and first rows of `source`; undefined for sources the server does not read. */
  async peek(source: SourceSpec): Promise<PeekResult | undefined> {
    const entry = await this.entry(source);
    if (entry === undefined) return undefined;
    entry.peek ??= peekSource(source);
    return entry.peek;
  }

  /** The report of the whole data's read (reading it once). Rejects with the reader's error. */
  async report(source: SourceSpec): Promise<ReadReport | undefined> {
    const entry = await this.entry(source);
    if (entry === undefined) return undefined;
    return this.profilerOf(source, entry).report;
  }

  /** The profile of `source` with `target` (computed once per target); undefined when not readable. */
  async profile(source: SourceSpec, target?: string): Promise<DatasetProfile | undefined> {
    const entry = await this.entry(source);
    if (entry === undefined) return undefined;
    const key = targetKey(target);
    let profile = entry.profiles.get(key);
    if (profile === undefined) {
      profile = this.profilerOf(source, entry).profile(target).then((p) => {
        entry.ready.set(key, p);
        return p;
      });
      // A failed profile is asked again next time (the file may be fixed).
      profile.catch(() => entry.profiles.delete(key));
      entry.profiles.set(key, profile);
    }
    return profile.catch(() => undefined);
  }

  /** The profile if it is already computed (no waiting, no stat). */
  readyProfile(source: SourceSpec, target?: string): DatasetProfile | undefined {
    return this.entries.get(sourceKey(source))?.ready.get(targetKey(target));
  }

  /** Forgets what was known of the file at `path` (a watched file changed), stopping its work. */
  invalidate(path: string): void {
    for (const [key, entry] of [...this.entries]) {
      const source = JSON.parse(key) as SourceSpec;
      if (isFileSource(source) && source.path === path) {
        entry.profiler?.stop();
        this.entries.delete(key);
      }
    }
  }

  /** Forgets everything and stops every source's work (the server shuts down). */
  dispose(): void {
    for (const entry of this.entries.values()) entry.profiler?.stop();
    this.entries.clear();
  }

  private profilerOf(source: SourceSpec, entry: Entry): SourceProfiler {
    entry.profiler ??= startSourceProfiler(source, this.workerScript);
    return entry.profiler;
  }

  /** The entry of `source`, fresh (dropped when the file's time or size changed); undefined for sources not read. */
  private async entry(source: SourceSpec): Promise<Entry | undefined> {
    if (!DataKnowledge.knows(source) || !isFileSource(source)) return undefined;
    const key = sourceKey(source);
    const stamp = await stat(source.path).then(
      (s) => `${s.mtimeMs}:${s.size}`,
      () => 'missing',
    );
    let entry = this.entries.get(key);
    if (entry === undefined || entry.stamp !== stamp) {
      // A stale job (the file changed under it) ends now; whoever waits on it gets nothing.
      entry?.profiler?.stop();
      entry = { stamp, profiles: new Map(), ready: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function sourceKey(source: SourceSpec): string {
  return JSON.stringify(source);
}

async function peekSource(source: SourceSpec): Promise<PeekResult> {
  let peek: SourcePeek;
  try {
    peek = await openSource(source).peek({ rows: PEEK_ROWS });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const rows = peek.frame.rowCount;
  const columns = peek.frame.columns.map((column) => ({
    name: column.name,
    type: column.type,
    missingPct: rows === 0 ? 0 : (100 * countMissing(column)) / rows,
    profile: profileColumn(column, rows),
  }));
  return { ok: true, columns, rows, partial: peek.partial };
}
