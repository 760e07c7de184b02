/**
 * Prometheus' own `promtool` (Debian's `prometheus` package, installed by
 * scripts/setup-test-tools.sh), which validates the prediction service's /metrics text. Missing, it
 * is an error that says how to install it, never a skipped test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The promtool binary on PATH (or Debian's /usr/bin), or a clear error. */
export function promtoolPath(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const file = join(dir, 'promtool');
    if (existsSync(file)) return file;
  }
  throw new Error("promtool is not installed: run bash scripts/setup-test-tools.sh (it installs Debian's prometheus package, which ships promtool)");
}

/** `promtool --version`'s first line, e.g. 'promtool, version 2.45.3+ds (branch: …)'. */
export function promtoolVersion(): string {
  const result = spawnSync(promtoolPath(), ['--version'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n')[0].trim();
}

/** `promtool check metrics` on `text`: its exit code and what it printed (problems, one per line). */
export function checkMetrics(text: string): { code: number | null; output: string } {
  const result = spawnSync(promtoolPath(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
