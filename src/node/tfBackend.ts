import { createRequire } from 'node:module';
import { sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ensureCpuBackend } from '../engine/learners/mlp/train';
import { findWasmDir } from './wasmDir';

/** TensorFlow.js backends this project uses, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Options of `initTensorflow`. */
export interface TfBackendOptions {
  /**
   * Folder holding `tfjs-backend-wasm*.wasm`. Default: the running bundle's folder or one of its
   * parents (esbuild.mjs copies the files next to the bundles), else the installed package.
   */
  readonly wasmDir?: string;
  /** Backends to try, in order (benchmarks and tests force one). Default: tensorflow, wasm, cpu. */
  readonly prefer?: readonly TfBackendName[];
}

const DEFAULT_ORDER: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
/** The binaries the wasm backend loads in Node (it never takes the threaded build there). */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/**
 * Picks and initialises the TensorFlow.js backend for this process (worker, CLI, test run) and
 * logs the choice. Call it once, and await it, before training: backend initialisation is async
 * while the engine's `fit` is synchronous and simply uses the active backend.
 *
 * Order (DESIGN.md, dependencies): `@tensorflow/tfjs-node` if it loads (an optional native
 * module, absent where its install could not download libtensorflow), else the WebAssembly
 * backend with the `.wasm` files found next to the bundle, else the pure-JS cpu backend, which
 * always works. Calling it again switches to the first available backend of `options.prefer`.
 *
 * @returns the backend now active.
 */
export async function initTensorflow(log: (message: string) => void, options: TfBackendOptions = {}): Promise<TfBackendName> {
  // Production mode skips per-op NaN checks and the console banner urging Node users to install
  // tfjs-node (the log line below says which backend runs, once).
  tf.enableProdMode();
  for (const name of options.prefer ?? DEFAULT_ORDER) {
    try {
      const detail = await activate(name, options);
      log(`tensorflow.js backend: ${name}${detail ? ` (${detail})` : ''}`);
      return name;
    } catch (error) {
      log(`tensorflow.js backend ${name} unavailable: ${describeError(error)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend among ${(options.prefer ?? DEFAULT_ORDER).join(', ')} could be initialised`);
}

/** Makes `name` the active backend; returns a detail for the log, throws when it cannot. */
async function activate(name: TfBackendName, options: TfBackendOptions): Promise<string> {
  switch (name) {
    case 'tensorflow': {
      // Loaded at run time from node_modules (esbuild keeps it external): a require, not an
      // import, so that its absence is an ordinary, caught error. It registers the
      // 'tensorflow' backend in the tfjs engine that all tfjs copies share through a global.
      createRequire(__filename)('@tensorflow/tfjs-node');
      await setBackendOrThrow('tensorflow');
      return 'native libtensorflow';
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = findWasmDir(WASM_FILES, '@tensorflow/tfjs-backend-wasm', options.wasmDir);
      // Single-threaded on purpose: results are then bit-identical run to run, which seeded
      // trials rely on, and the worker pool already uses the other cores. (tfjs disables wasm
      // threads under Node anyway; setting the flag keeps that true if it ever changes.)
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setThreadsCount(1);
      wasm.setWasmPaths(dir.endsWith(sep) ? dir : dir + sep);
      await setBackendOrThrow('wasm');
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      return `${simd ? 'SIMD, ' : ''}1 thread, ${dir}`;
    }
    case 'cpu':
      ensureCpuBackend();
      await setBackendOrThrow('cpu');
      return 'pure JavaScript';
  }
}

async function setBackendOrThrow(name: TfBackendName): Promise<void> {
  if (await tf.setBackend(name)) return;
  // A failed initialisation stays registered at its priority; drop it so that nothing later
  // picks it by default.
  tf.removeBackend(name);
  throw new Error(`tf.setBackend('${name}') failed`);
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    // The usual case offline: only the first line of Node's long "Require stack" message matters.
    return code === 'MODULE_NOT_FOUND' ? error.message.split('\n')[0] : error.message;
  }
  return String(error);
}
