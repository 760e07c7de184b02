/**
 * Building and starting a scaffolded prediction service the way its README says (tsc, then
 * `node dist/server.js`), with the repository's own TypeScript and @types/node instead of an
 * `npm install`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** Compiles the project in `dir`; returns how long tsc took (ms), or throws with its diagnostics. */
export function buildProject(dir: string): number {
  // Only the test links node_modules: the generated project installs its own devDependencies.
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  const started = performance.now();
  const result = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -p ${dir} failed:\n${result.stdout}${result.stderr}`);
  return performance.now() - started;
}

export interface RunningService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Lines the server wrote to standard output so far (the listening line, one per request). */
  readonly stdout: readonly string[];
  stderr(): string;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/server.js` in `dir` on 127.0.0.1 and a free port (PORT=0), once it listens. */
export async function startService(dir: string, env: Readonly<Record<string, string>> = {}): Promise<RunningService> {
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: dir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('close', (code, signal) => done({ code, signal })));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start in 10 s:\n${stderr}`)), 10_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(line);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`the service exited (code ${code}) before listening:\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stdout,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
