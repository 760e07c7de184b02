import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** How far above the bundle's folder to look (out/test/unit/sources -> out/test/unit). */
const SEARCH_DEPTH = 3;

/**
 * The first folder holding every one of `files` (WebAssembly binaries a library loads at run
 * time): `explicit` when given, else the running bundle's folder or one of its parents (esbuild.mjs
 * copies the binaries next to the bundles, and a packaged extension has only those), else the
 * folder of the installed package `fallbackModule` resolves to (unbundled tests and benchmarks).
 * Throws an Error listing where it looked.
 */
export function findWasmDir(files: readonly string[], fallbackModule: string, explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  let dir = __dirname;
  for (let level = 0; level <= SEARCH_DEPTH; level++) {
    candidates.push(dir);
    dir = dirname(dir);
  }
  try {
    candidates.push(dirname(createRequire(__filename).resolve(fallbackModule)));
  } catch {
    // Not installed as a package (a packaged extension): only the copies next to the bundle count.
  }
  const found = candidates.find((candidate) => files.every((file) => existsSync(join(candidate, file))));
  if (!found) throw new Error(`${files.join(' and ')} not found in ${candidates.join(', ')}`);
  return found;
}
