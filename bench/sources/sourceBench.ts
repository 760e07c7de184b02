import type { BenchOptions } from '../bench';

/**
 * One kind of source's part of the `sources` suite. `run` prints its figures (ours beside the
 * peer's, medians of `options.runs` runs after a warm-up) and returns them; `runChild` is the
 * entry of its child processes (`npm run bench` re-runs the bundle with `--child sources <name>
 * …args`, see measure.ts `runNodeChild`), which measure one thing and print one JSON line.
 */
export interface SourceBench {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<object>;
  runChild(args: readonly string[]): Promise<void>;
}
