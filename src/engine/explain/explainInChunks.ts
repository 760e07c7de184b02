/**
 * A pipeline's SHAP values for many rows, a chunk of rows at a time, so that a long batch (a
 * thousand rows of an ensemble with a KernelSHAP member) reports its progress and can be stopped
 * between chunks. Every explainer here treats rows independently and seeds its random parts
 * (KernelSHAP's background summary and coalitions) per call, so the values are the ones a single
 * call over all rows gives.
 */
import { selectRows, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { explainPipeline, type MemberShap, type PipelineShap, type PipelineShapOptions } from './pipelineShap';
import type { ShapValues } from './shapTypes';

/** Rows per chunk by default: small enough for a progress step every second or so on slow members. */
export const DEFAULT_CHUNK_ROWS = 50;

export interface ChunkProgress {
  readonly done: number;
  readonly total: number;
}

export interface ChunkOptions extends PipelineShapOptions {
  readonly chunkRows?: number;
  /** Called after each chunk (and once before the first, with 0 done). */
  readonly onProgress?: (progress: ChunkProgress) => void;
}

/** Row-major per-output arrays of several chunks, one after the other. */
function concatenated(parts: readonly (readonly Float64Array[])[]): Float64Array[] {
  return parts[0].map((_, k) => {
    const out = new Float64Array(parts.reduce((n, p) => n + p[k].length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[k], at);
      at += p[k].length;
    }
    return out;
  });
}

function joinedValues<T extends ShapValues>(first: T, chunks: readonly ShapValues[], rows: number): T {
  return { ...first, rows, values: concatenated(chunks.map((c) => c.values)), output: concatenated(chunks.map((c) => c.output)) };
}

function joinedMembers(chunks: readonly PipelineShap[], rows: number): MemberShap[] | undefined {
  const first = chunks[0].members;
  if (!first) return undefined;
  return first.map((member, i) => {
    const own = chunks.map((c) => (c.members as readonly MemberShap[])[i]);
    return { ...member, shap: joinedValues(member.shap, own.map((m) => m.shap), rows), byColumn: concatenated(own.map((m) => m.byColumn)) };
  });
}

/** The explanations of consecutive row chunks of one pipeline (same options) as one, rows in order. */
export function joinShaps(chunks: readonly PipelineShap[]): PipelineShap {
  if (chunks.length === 0) throw new RangeError('joinShaps needs at least one chunk');
  if (chunks.length === 1) return chunks[0];
  const rows = chunks.reduce((n, c) => n + c.rows, 0);
  const members = joinedMembers(chunks, rows);
  return { ...joinedValues(chunks[0], chunks, rows), ...(members ? { members } : {}) };
}

/** `explainPipeline` over `frame`, `chunkRows` rows at a time, with progress and a stop between chunks. */
export function explainInChunks(pipeline: Parameters<typeof explainPipeline>[0], frame: Frame, options: ChunkOptions = {}): PipelineShap {
  const size = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunkRows must be a positive integer, not ${size}`);
  const total = frame.rowCount;
  if (total <= size) {
    options.onProgress?.({ done: 0, total });
    const shap = explainPipeline(pipeline, frame, options);
    options.onProgress?.({ done: total, total });
    return shap;
  }
  const chunks: PipelineShap[] = [];
  options.onProgress?.({ done: 0, total });
  for (let from = 0; from < total; from += size) {
    if (options.signal?.aborted) throw new CancelledError('the explanation was stopped');
    const to = Math.min(total, from + size);
    chunks.push(explainPipeline(pipeline, selectRows(frame, Uint32Array.from({ length: to - from }, (_, i) => from + i)), options));
    options.onProgress?.({ done: to, total });
  }
  return joinShaps(chunks);
}
