/**
 * The `language` suite: how quickly the `.automl` language server answers while its data source is
 * a 1M-row CSV. The real server (`node dist/languageServer.js --stdio`, built by `npm run bench`'s
 * `node esbuild.mjs --bench`) runs as a child process and is spoken to over stdio with
 * vscode-jsonrpc, as an editor would: open a spec naming the file, time the diagnostics and the
 * completions of the first open (while the file is read and profiled), then edits and completions
 * once everything is cached (warm). Beside it, in a fresh child, what our engine takes in-process
 * for the same file: the header peek the server answers completions from, the full read and
 * `profileFrame`, and a `yaml` parse of the spec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { parse as parseYaml } from 'yaml';
import { profileFrame, readSource } from '../src/engine/profile/profileFrame';
import { readCsvFile } from '../src/node/readCsvFile';
import { openSource } from '../src/node/sources/openSource';
import type { BenchOptions, Suite } from './bench';
import { ensureMixedCsv } from './generateMixedCsv';
import { emitChildResult, maxRssBytes, median, runNodeChild, type ChildFigures } from './measure';
import { DEFAULT_DEBOUNCE_MS } from '../src/languageServer/server';

/** The bench bundle lives in out/bench/, so readCsvFile's default (next to the bundle) misses dist/. */
const CSV_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'csvReadWorker.js');
const MB = 1e6;

/** Goals from the issue, in ms; printed next to the measured figures, never enforced. */
const GOALS = { completionWarmMs: 50, diagnosticsWarmMs: 200, firstOpenMs: 1000 } as const;

/** The server's quiet time after an edit before it checks a spec again. */
const SERVER_DEBOUNCE_MS = DEFAULT_DEBOUNCE_MS;
/** Warm edits and warm completions per session. */
const WARM_ROUNDS = 20;
/** Pause between completion probes while the first profile runs, in ms. */
const PROBE_GAP_MS = 50;
/** A session whose server says nothing for this long is stuck, not slow. */
const WAIT_MS = 120_000;

/** The spec's target (a yes/no column of the mixed CSV) and the column an edit misspells. */
const TARGET = 'subscribed';
const EXCLUDED = 'color';
const MISSPELLED = 'colr';

/** The spec the server is given: the data file (absolute), the target, an exclude list. */
function specText(dataPath: string, excluded: string): string {
  return `data: ${JSON.stringify(dataPath)}\ntarget: ${TARGET}\nexclude: [${excluded}]\n`;
}
/** Where completions are asked: right after `target: `, and right after `exclude: [`. */
const AT_TARGET = { line: 1, character: 'target: '.length };
const AT_EXCLUDE = { line: 2, character: 'exclude: ['.length };

/** One server session's figures, in ms. */
interface SessionFigures {
  /** didOpen to the first publishDiagnostics (from the header peek). */
  readonly openToDiagnosticsMs: number;
  /** didOpen to the diagnostics that include the full profile (the file read and profiled). */
  readonly openToProfileDiagnosticsMs: number;
  /** The first completion after `target: `, sent when the first diagnostics arrive. */
  readonly firstTargetCompletionMs: number;
  /** The first completion in `exclude: [`, sent right after it. */
  readonly firstExcludeCompletionMs: number;
  /** Completions sent one after another (50 ms apart) until the profile's diagnostics arrive. */
  readonly probeCompletionMs: readonly number[];
  /** Warm: didChange to the publishDiagnostics of that version. */
  readonly warmDiagnosticsMs: readonly number[];
  /** Warm: completion round trips, alternately after `target: ` and in `exclude: [`. */
  readonly warmCompletionMs: readonly number[];
  /** Items of the last warm completions (a sanity check: the 20 columns). */
  readonly completionItems: number;
}

/** What the in-process child measures for context. */
interface PeerFigures extends ChildFigures {
  /** Median of reading the header and first rows (`openSource(..).peek`), as completions do. */
  readonly peekMs: number;
  /** Median of `yaml`'s parse of the spec text. */
  readonly yamlParseMs: number;
  /** Medians of the full read (two threads, as the server reads) and of `profileFrame`. */
  readonly readSeconds: number;
  readonly profileSeconds: number;
  readonly rows: number;
  readonly columns: number;
}

/** Figures as written to `--json`. */
interface LanguageFigures {
  readonly file: string;
  readonly bytes: number;
  readonly sessions: readonly SessionFigures[];
  readonly summary: Record<string, { readonly medianMs: number; readonly p90Ms: number; readonly maxMs: number }>;
  readonly peers?: PeerFigures;
  readonly peersError?: string;
}

/** The value at quantile `q` (nearest rank) of a non-empty list. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A server child and a client connection to it that records when diagnostics arrive. */
class ServerSession {
  private readonly received: { uri: string; version: number | undefined; at: number }[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
      this.received.push({ uri: params.uri, version: params.version, at: performance.now() });
      for (const wake of [...this.waiters]) wake();
    });
  }

  static async start(serverScript: string): Promise<ServerSession> {
    const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    if (child.stdout === null || child.stdin === null) throw new Error('no stdio pipes to the language server');
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const session = new ServerSession(child, connection);
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { trusted: false } });
    await connection.sendNotification('initialized', {});
    return session;
  }

  /** The time of the `count`-th publishDiagnostics of `uri` at `version` (1-based), once it arrives. */
  diagnosticsAt(uri: string, version: number, count = 1): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const matching = this.received.filter((p) => p.uri === uri && p.version === version);
        if (matching.length < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(matching[count - 1].at);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no diagnostics #${count} for version ${version} of ${uri} within ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  /** A completion round trip in ms, and how many items came back. */
  async complete(uri: string, position: { line: number; character: number }): Promise<{ ms: number; items: number }> {
    const start = performance.now();
    const result = await this.connection.sendRequest<unknown[] | { items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position });
    const ms = performance.now() - start;
    const items = Array.isArray(result) ? result.length : (result?.items.length ?? 0);
    return { ms, items };
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One fresh server: first open (cold cache), completions while it profiles, then warm edits and completions. */
async function session(serverScript: string, dataPath: string, specPath: string): Promise<SessionFigures> {
  const server = await ServerSession.start(serverScript);
  try {
    const uri = pathToFileURL(specPath).href;
    let version = 1;
    const opened = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'automl', version, text: specText(dataPath, EXCLUDED) } });
    const profiled = server.diagnosticsAt(uri, version, 2);
    let profileDone = false;
    void profiled.then(() => (profileDone = true), () => undefined);
    const firstDiagnostics = await server.diagnosticsAt(uri, version, 1);
    const firstTarget = await server.complete(uri, AT_TARGET);
    const firstExclude = await server.complete(uri, AT_EXCLUDE);
    const probes: number[] = [];
    while (!profileDone) {
      probes.push((await server.complete(uri, AT_TARGET)).ms);
      if (!profileDone) await Promise.race([pause(PROBE_GAP_MS), profiled]);
    }
    const profileDiagnostics = await profiled;

    const warmDiagnostics: number[] = [];
    for (let i = 0; i < WARM_ROUNDS; i++) {
      version++;
      const text = specText(dataPath, i % 2 === 0 ? MISSPELLED : EXCLUDED);
      const start = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      warmDiagnostics.push((await server.diagnosticsAt(uri, version)) - start);
    }
    const warmCompletions: number[] = [];
    let items = 0;
    for (let i = 0; i < WARM_ROUNDS; i++) {
      const answer = await server.complete(uri, i % 2 === 0 ? AT_TARGET : AT_EXCLUDE);
      warmCompletions.push(answer.ms);
      items = answer.items;
    }
    return {
      openToDiagnosticsMs: firstDiagnostics - opened,
      openToProfileDiagnosticsMs: profileDiagnostics - opened,
      firstTargetCompletionMs: firstTarget.ms,
      firstExcludeCompletionMs: firstExclude.ms,
      probeCompletionMs: probes,
      warmDiagnosticsMs: warmDiagnostics,
      warmCompletionMs: warmCompletions,
      completionItems: items,
    };
  } finally {
    await server.stop();
  }
}

const fmtMs = (ms: number): string => (Number.isFinite(ms) ? (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)) : 'n/a');

async function run(options: BenchOptions): Promise<LanguageFigures> {
  const serverScript = path.join(options.repoRoot, 'dist', 'languageServer.js');
  if (!existsSync(serverScript)) throw new Error(`${serverScript} is missing: npm run bench builds it (node esbuild.mjs --bench)`);
  const scratch = path.join(options.repoRoot, 'bench', '.scratch');
  const csv = await ensureMixedCsv({ dir: scratch, rows: options.rows, seed: options.seed });
  console.log(`${csv.generated ? 'generated' : 'reusing'} ${path.relative(options.repoRoot, csv.path)} (${(csv.bytes / MB).toFixed(1)} MB, ${csv.rows.toLocaleString('en-US')} rows)`);
  console.log(`language: ${options.runs} server session(s) after one warm-up, each a fresh \`node dist/languageServer.js --stdio\`; ${WARM_ROUNDS} warm edits and completions per session`);

  const specPath = path.join(scratch, 'language-bench.automl');
  await session(serverScript, csv.path, specPath);
  const sessions: SessionFigures[] = [];
  for (let i = 0; i < options.runs; i++) sessions.push(await session(serverScript, csv.path, specPath));

  const series: Record<string, readonly number[]> = {
    'first open -> first diagnostics': sessions.map((s) => s.openToDiagnosticsMs),
    'first open -> diagnostics with profile': sessions.map((s) => s.openToProfileDiagnosticsMs),
    'first completion after `target: `': sessions.map((s) => s.firstTargetCompletionMs),
    'first completion in `exclude: [`': sessions.map((s) => s.firstExcludeCompletionMs),
    'completion while profiling': sessions.flatMap((s) => s.probeCompletionMs),
    'warm edit -> diagnostics': sessions.flatMap((s) => s.warmDiagnosticsMs),
    [`  minus the ${SERVER_DEBOUNCE_MS} ms debounce`]: sessions.flatMap((s) => s.warmDiagnosticsMs.map((ms) => ms - SERVER_DEBOUNCE_MS)),
    'warm completion': sessions.flatMap((s) => s.warmCompletionMs),
  };
  const goals: Record<string, number> = {
    'first open -> first diagnostics': GOALS.firstOpenMs,
    'first completion after `target: `': GOALS.firstOpenMs,
    'first completion in `exclude: [`': GOALS.firstOpenMs,
    'warm edit -> diagnostics': GOALS.diagnosticsWarmMs,
    'warm completion': GOALS.completionWarmMs,
  };
  const summary: LanguageFigures['summary'] = {};
  const width = Math.max(...Object.keys(series).map((k) => k.length));
  console.log(`\n${''.padEnd(width)}  ${'n'.padStart(4)}  ${'median'.padStart(7)}  ${'p90'.padStart(7)}  ${'max'.padStart(7)}  goal`);
  for (const [label, values] of Object.entries(series)) {
    const figures = { medianMs: median(values), p90Ms: quantile(values, 0.9), maxMs: values.length === 0 ? Number.NaN : Math.max(...values) };
    summary[label] = figures;
    const goal = goals[label];
    const verdict = goal === undefined ? '' : `< ${goal} ms ${figures.medianMs < goal ? 'met' : 'NOT met'} (median)`;
    console.log(
      `${label.padEnd(width)}  ${String(values.length).padStart(4)}  ${fmtMs(figures.medianMs).padStart(7)}  ${fmtMs(figures.p90Ms).padStart(7)}  ${fmtMs(figures.maxMs).padStart(7)}  ${verdict}`,
    );
  }
  console.log(`(ms; completions answered ${sessions[sessions.length - 1]?.completionItems ?? 0} items; the server waits ${SERVER_DEBOUNCE_MS} ms after an edit before checking)`);

  let peers: PeerFigures | undefined;
  let peersError: string | undefined;
  try {
    peers = await runNodeChild<PeerFigures>(['language', 'peers', csv.path, String(options.runs)]);
    console.log(`\nsame file in-process (fresh process, medians of ${options.runs} after a warm-up):`);
    console.log(`  header peek (openSource().peek, what completions answer from)  ${fmtMs(peers.peekMs)} ms`);
    console.log(`  yaml parse of the spec                                          ${peers.yamlParseMs.toFixed(3)} ms`);
    console.log(`  full read (two threads, as the server reads)                    ${peers.readSeconds.toFixed(2)} s`);
    console.log(`  profileFrame (${peers.rows.toLocaleString('en-US')} x ${peers.columns}, target ${TARGET})                   ${peers.profileSeconds.toFixed(2)} s`);
  } catch (error) {
    peersError = error instanceof Error ? error.message : String(error);
    console.log(`\nin-process figures failed: ${peersError}`);
  }
  return { file: csv.path, bytes: csv.bytes, sessions, summary, ...(peers ? { peers } : {}), ...(peersError ? { peersError } : {}) };
}

/** `--child language peers <file> <runs>`: the in-process figures for context. */
async function runChild(args: readonly string[]): Promise<void> {
  const [tool, file, runsText] = args;
  if (tool !== 'peers' || file === undefined) throw new Error(`language child: expected 'peers <file> <runs>', got ${args.join(' ')}`);
  const runs = Math.max(1, Number(runsText) || 1);
  const timed = async <T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> => {
    const start = performance.now();
    const value = await work();
    return { ms: performance.now() - start, value };
  };
  const source = { kind: 'csv', path: file } as const;
  const peeks: number[] = [];
  for (let i = 0; i <= 20; i++) {
    const { ms } = await timed(() => openSource(source).peek({ rows: 200 }));
    if (i > 0) peeks.push(ms);
  }
  const text = specText(file, MISSPELLED);
  const parses: number[] = [];
  for (let i = 0; i <= 200; i++) {
    const { ms } = await timed(() => parseYaml(text) as unknown);
    if (i > 0) parses.push(ms);
  }
  const reads: number[] = [];
  const profiles: number[] = [];
  let rows = 0;
  let columns = 0;
  for (let i = 0; i <= runs; i++) {
    const read = await timed(() => readCsvFile(file, { workerScript: CSV_READ_WORKER }));
    const { frame, report } = read.value;
    const profile = await timed(() => profileFrame(frame, { report, source: { kind: 'csv', ...readSource(path.basename(file), report) }, target: TARGET }));
    rows = frame.rowCount;
    columns = frame.columns.length;
    if (i === 0) continue;
    reads.push(read.ms / 1000);
    profiles.push(profile.ms / 1000);
  }
  emitChildResult({
    seconds: median(reads) + median(profiles),
    maxRssBytes: maxRssBytes(),
    peekMs: median(peeks),
    yamlParseMs: median(parses),
    readSeconds: median(reads),
    profileSeconds: median(profiles),
    rows,
    columns,
  } satisfies PeerFigures);
}

/** The `language` suite, as registered in bench.ts. */
export const languageSuite: Suite = {
  name: 'language',
  description: 'the .automl language server over stdio on a 1M-row source: first open, completions while profiling, warm edits and completions',
  run,
  runChild,
};
