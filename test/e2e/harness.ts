/**
 * End-to-end harness: a real VS Code (code-server, installed by scripts/setup-e2e.sh) with our
 * packaged extension, driven through Debian's Chromium by playwright-core the way a person would:
 * Explorer context menu, command palette, QuickPicks, webview panels.
 *
 * Each {@link VsCodeSession} owns a temp folder (HOME, XDG dirs, user data, extensions, a
 * workspace), one code-server process group and one browser profile, and removes all of them in
 * {@link VsCodeSession.close}. Helpers wait on what the screen shows (visibility, text), never on
 * fixed sleeps; what may need a second try (opening the palette, a context menu) is retried.
 *
 * Environment:
 *   AUTOML_E2E_VSIX       the extension to install (default: automl-vscode.vsix at the repo root)
 *   AUTOML_E2E_TOOLS_DIR  where setup-e2e.sh installed the tools (default: .vscode-test/)
 *   AUTOML_E2E_KEEP=1     keep the temp folder (workspace, logs) after the run
 *   AUTOML_E2E_STRICT_WEBVIEWS=1  no webview warm-up and no webview recovery (see webviewContent)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type ConsoleMessage, type FrameLocator, type Locator, type Page, type Request } from 'playwright-core';
import { DATASETS } from '../publicDatasets';

/** How long a helper waits for the UI by default. Generous: the box has 2 cores and runs code-server, Chromium and the extension host. */
export const UI_TIMEOUT_MS = 30_000;
/** How long code-server may take to answer `/healthz`. */
const STARTUP_TIMEOUT_MS = 60_000;
/** How long installing the vsix may take. */
const INSTALL_TIMEOUT_MS = 120_000;

/** A webview's own resources (its scripts, styles) as the webview service worker serves them. */
const WEBVIEW_RESOURCE = /\.vscode-resource\.vscode-cdn\.net\//;
/** A local webview resource unanswered this long is lost (VS Code answers 408 only after 30 s). */
const WEBVIEW_STALL_MS = 10_000;

/** Opened in Markdown preview and deleted again by the webview warm-up (see {@link SessionOptions.warmUpWebviews}). */
const WARM_UP_FILE = 'e2e-webview-warm-up.md';
const STRICT_WEBVIEWS = process.env.AUTOML_E2E_STRICT_WEBVIEWS === '1';

/** Thrown when the tools the suite drives are not installed: a failure, never a skip. */
export class E2ESetupError extends Error {
  override readonly name = 'E2ESetupError';
  constructor(problem: string) {
    super(`${problem}\nThe end-to-end tests need Chromium and code-server: run \`bash scripts/setup-e2e.sh\` (as root, ~3 min once), then \`npm run test:e2e\`.`);
  }
}

/** What scripts/setup-e2e.sh wrote to `<tools>/e2e-tools.json`. */
interface Tools {
  readonly codeServerVersion: string;
  readonly node: string;
  readonly codeServerEntry: string;
  readonly chromium: string;
}

/** The repository root: the nearest folder above this file whose package.json is ours. */
export const repoRoot: string = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'automl-vscode') return dir;
    if (dirname(dir) === dir) throw new Error(`No automl-vscode package.json above ${start}.`);
  }
}

/** `publisher.name` of the extension under test, as VS Code names its log folder. */
const EXTENSION_ID: string = (() => {
  const { publisher, name } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${publisher}.${name}`;
})();

/** Screenshots, console and log dumps: `test-results/e2e/` at the repo root. */
export const artifactsDir: string = join(repoRoot, 'test-results', 'e2e');

/** A data file by name: the repo's public datasets (`datasets/`) first, else its `examples/`. */
export function datasetPath(file: string): string {
  const candidates = [join(DATASETS, file), join(repoRoot, 'examples', file)];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`Dataset ${file} not found in ${candidates.join(' or ')}.`);
  return found;
}

function readTools(): Tools {
  const toolsDir = process.env.AUTOML_E2E_TOOLS_DIR ?? join(repoRoot, '.vscode-test');
  const marker = join(toolsDir, 'e2e-tools.json');
  if (!existsSync(marker)) throw new E2ESetupError(`${marker} is missing.`);
  const tools = JSON.parse(readFileSync(marker, 'utf8')) as Tools;
  const missing = [
    ['Chromium', tools.chromium],
    ['Node 24', tools.node],
    ['code-server', tools.codeServerEntry],
  ].filter(([, path]) => !existsSync(path));
  if (missing.length > 0) throw new E2ESetupError(missing.map(([what, path]) => `${what} not found at ${path}.`).join('\n'));
  return tools;
}

function vsixPath(): string {
  const vsix = resolve(repoRoot, process.env.AUTOML_E2E_VSIX ?? 'automl-vscode.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm run test:e2e does) or set AUTOML_E2E_VSIX.`);
  return vsix;
}

/** A port free on 127.0.0.1 right now (code-server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Polls `condition` until it returns a value other than `undefined`/`false` (returned), or throws
 * after `timeoutMs` with `message` (a function is called then, to tell what was last seen). For
 * states with no event to wait on; the interval is short.
 */
export async function waitUntil<T>(
  condition: () => Promise<T | undefined | false>,
  message: string | (() => string),
  timeoutMs = UI_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms: ${typeof message === 'string' ? message : message()}${cause}`);
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

/**
 * One {@link VsCodeSession} for the tests of the enclosing `describe`: started in `before`, closed
 * in `after`. Returns the way to get it; when the start failed (tools missing, code-server did not
 * come up), each test that asks fails with that error, rather than being reported as cancelled.
 */
export function sessionFixture(options: SessionOptions): () => Promise<VsCodeSession> {
  let started: Promise<VsCodeSession> | undefined;
  before(() => {
    started = VsCodeSession.start(options);
    started.catch(() => undefined); // Reported by the tests that await it.
  });
  after(async () => {
    const session = await started?.catch(() => undefined);
    await session?.close();
  });
  return () => started ?? Promise.reject(new Error('sessionFixture() must be called inside describe().'));
}

/** Files to put in the workspace (name in the workspace -> source path) and extra user settings. */
export interface SessionOptions {
  /** Used in artifact names. */
  readonly name: string;
  /** Workspace-relative path -> file to copy there. */
  readonly files?: Readonly<Record<string, string>>;
  /** Merged over the default user settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** More extensions (vsix files) to install after ours, such as the integration-test runner. */
  readonly extraExtensions?: readonly string[];
  /** Environment of code-server and so of its extension host (added to the harness's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs on the workspace folder after the files are copied and before VS Code opens it. */
  readonly prepare?: (workspace: string) => Promise<void>;
  /**
   * Opens the workspace untrusted, in Restricted Mode, as a freshly cloned repository is (the
   * default is trusted: workspace trust off, as on a person's own folder).
   */
  readonly restricted?: boolean;
  /**
   * Shows and closes one webview (a Markdown preview) before the session is handed over, so the
   * browser has VS Code's webview service worker running before the tests open panels. Without
   * it, two panels opening together in the fresh browser profile race the worker's first
   * registration, and one of them often stays blank (see {@link VsCodeSession.webviewContent}).
   * A person's browser has long registered it. Default: true, unless AUTOML_E2E_STRICT_WEBVIEWS=1.
   */
  readonly warmUpWebviews?: boolean;
}

/** What the visible QuickPick shows. */
export interface QuickPickState {
  readonly title: string;
  /** Labels of the rendered rows, in order (separators excluded). */
  readonly labels: readonly string[];
  /** The highlighted row: what Enter would accept. */
  readonly active: { readonly label: string; readonly description: string } | undefined;
}

/** Keeps the window quiet and offline (DESIGN.md lists the first five). */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
};

/** Workspace trust on, nothing trusted, and no prompt: the folder opens in Restricted Mode. */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

/** Loopback only: any other host fails at once instead of waiting on a network that is not there. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** One code-server + one browser page showing a fresh workspace with our extension installed. */
export class VsCodeSession {
  /** Page console lines (webview frames included), for failure reports. */
  readonly console: string[] = [];
  /** What the harness had to work around (see {@link webviewContent}); tests may log or assert on it. */
  readonly recoveries: string[] = [];
  /** Webview resource requests still waiting for an answer, with when they started. */
  private readonly pendingWebviewResources = new Map<Request, number>();
  private closed = false;

  private constructor(
    readonly name: string,
    /** The workspace folder code-server opened. */
    readonly workspace: string,
    /** The page showing the workbench. */
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: ChildProcess,
    private readonly serverOutput: string[],
    private readonly tempDir: string,
  ) {}

  /**
   * Installs the vsix into a fresh code-server, starts it on a free loopback port, opens the
   * workspace in Chromium and waits for the Explorer. Throws {@link E2ESetupError} when the tools
   * are missing.
   */
  static async start(options: SessionOptions): Promise<VsCodeSession> {
    const tools = readTools();
    const vsix = vsixPath();
    const tempDir = await mkdtemp(join(tmpdir(), 'automl-e2e-'));
    const dirs = {
      home: join(tempDir, 'home'),
      userData: join(tempDir, 'user-data'),
      extensions: join(tempDir, 'extensions'),
      workspace: join(tempDir, 'workspace'),
      browser: join(tempDir, 'browser'),
    };
    await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
    for (const [target, source] of Object.entries(options.files ?? {})) {
      await mkdir(dirname(join(dirs.workspace, target)), { recursive: true });
      await copyFile(source, join(dirs.workspace, target));
    }
    await options.prepare?.(dirs.workspace);
    const warmUp = options.warmUpWebviews ?? !STRICT_WEBVIEWS;
    if (warmUp) await writeFile(join(dirs.workspace, WARM_UP_FILE), '# Webview warm-up\n');
    await mkdir(join(dirs.userData, 'User'), { recursive: true });
    const trust = options.restricted === true ? RESTRICTED_SETTINGS : {};
    await writeFile(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...options.settings }, null, 2));

    const port = await freePort();
    const config = join(tempDir, 'config.yaml');
    await writeFile(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const env = { ...serverEnvironment(tools, dirs.home), ...options.env };
    const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

    for (const extension of [vsix, ...(options.extraExtensions ?? [])]) {
      const install = spawnSync(tools.node, [tools.codeServerEntry, ...common, '--install-extension', extension], {
        env,
        encoding: 'utf8',
        timeout: INSTALL_TIMEOUT_MS,
      });
      if (install.status !== 0) {
        await rm(tempDir, { recursive: true, force: true });
        throw new Error(`code-server --install-extension ${extension} failed (${install.status ?? install.signal}):\n${install.stdout}\n${install.stderr}`);
      }
    }

    const serverOutput: string[] = [];
    const server = spawn(
      tools.node,
      [
        tools.codeServerEntry,
        ...common,
        '--disable-telemetry',
        '--disable-update-check',
        ...(options.restricted === true ? [] : ['--disable-workspace-trust']),
        dirs.workspace,
      ],
      // Its own process group, so close() ends the extension host and every worker with it.
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    liveServers.add(server);
    server.once('exit', () => liveServers.delete(server));
    for (const stream of [server.stdout, server.stderr]) stream?.setEncoding('utf8').on('data', (chunk: string) => serverOutput.push(chunk));

    let context: BrowserContext | undefined;
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url, server, serverOutput);
      context = await chromium.launchPersistentContext(dirs.browser, {
        executablePath: tools.chromium,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1600, height: 1000 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      const session = new VsCodeSession(options.name, dirs.workspace, page, context, server, serverOutput, tempDir);
      page.on('console', (message: ConsoleMessage) => session.console.push(`[${message.type()}] ${message.text()}`));
      page.on('pageerror', (error) => session.console.push(`[pageerror] ${error.message}`));
      // Webview resources come through a service worker; a failed one leaves a blank panel.
      context.on('response', (response) => {
        if (response.status() >= 400) session.console.push(`[response ${response.status()}] ${response.request().method()} ${response.url()}`);
      });
      context.on('requestfailed', (request) => session.console.push(`[requestfailed ${request.failure()?.errorText ?? ''}] ${request.url()}`));
      context.on('request', (request) => {
        if (WEBVIEW_RESOURCE.test(request.url())) session.pendingWebviewResources.set(request, Date.now());
      });
      context.on('requestfinished', (request) => session.pendingWebviewResources.delete(request));
      context.on('requestfailed', (request) => session.pendingWebviewResources.delete(request));
      await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      await session.showExplorer();
      if (warmUp) await session.warmUpWebviews();
      return session;
    } catch (error) {
      await context?.close().catch(() => undefined);
      await stopServer(server);
      if (process.env.AUTOML_E2E_KEEP !== '1') await rm(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** See {@link SessionOptions.warmUpWebviews}. A failure here is reported but not fatal: the tests still have {@link webviewContent}'s recovery. */
  private async warmUpWebviews(): Promise<void> {
    try {
      await this.openExplorerFile(WARM_UP_FILE);
      await this.runCommand('Markdown: Open Preview');
      await this.webviewContent(`Preview ${WARM_UP_FILE}`, 'h1');
    } catch (error) {
      const screenshot = await this.screenshot(`${this.name}-webview-warm-up-failed`);
      console.warn(`[e2e] The webview warm-up failed (${relative(repoRoot, screenshot)}); going on without it: ${String(error)}`);
      await this.page.keyboard.press('Escape');
    }
    await this.runCommand('View: Close All Editors');
    await rm(join(this.workspace, WARM_UP_FILE), { force: true });
    await this.explorerItem(WARM_UP_FILE).waitFor({ state: 'detached' });
  }

  /** Reveals the Explorer if another view took the side bar. */
  async showExplorer(): Promise<void> {
    const view = this.page.locator('.explorer-folders-view');
    if (await view.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+E');
    await view.waitFor({ state: 'visible' });
  }

  /** The Explorer row of a workspace file or folder (by its name, as the tree shows it). */
  explorerItem(name: string): Locator {
    return this.page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
  }

  /** Runs a palette command by its full title as the palette lists it, e.g. `AutoML: Show Log`. */
  async runCommand(title: string): Promise<void> {
    const row = this.quickInputRow(title);
    // The palette lists the commands enabled when it opens: one whose `when` clause turns true a
    // moment later (an editor still opening) shows only in a palette opened again.
    for (let attempt = 1; ; attempt++) {
      await this.openPalette();
      await this.quickInput().locator('input.input').fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 5_000 * attempt });
        break;
      } catch (error) {
        if (attempt >= 3) throw new Error(`The command palette does not list "${title}": ${String(error)}`);
        await this.page.keyboard.press('Escape');
      }
    }
    await row.click();
    // The palette closes, or another QuickPick replaces its rows.
    await row.waitFor({ state: 'hidden' });
  }

  /** Opens the command palette: F1, and if it does not show, Escape, a click on the workbench, F1 again. */
  async openPalette(): Promise<void> {
    const widget = this.quickInput();
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        await this.page.keyboard.press('Escape');
        await this.focusWorkbench();
      }
      await this.page.keyboard.press('F1');
      try {
        await widget.waitFor({ state: 'visible', timeout: 2_000 * attempt });
        return;
      } catch (error) {
        if (attempt >= 4) throw new Error(`The command palette did not open after ${attempt} tries: ${String(error)}`);
      }
    }
  }

  /**
   * Moves keyboard focus to the workbench itself (out of a webview or an editor that may keep
   * keys): a click on the side bar's title, or else on the middle of the status bar.
   */
  private async focusWorkbench(): Promise<void> {
    const sideBarTitle = this.page.locator('.part.sidebar .composite.title .title-label').first();
    if (await sideBarTitle.isVisible()) await sideBarTitle.click();
    else await this.page.locator('.part.statusbar').click({ position: { x: 800, y: 5 } });
  }

  /** Opens `name` from the Explorer in an editor (a click; again if an early click did not take). */
  async openExplorerFile(name: string): Promise<void> {
    await this.showExplorer();
    const row = this.explorerItem(name);
    await row.waitFor({ state: 'visible' });
    const tab = this.editorTab(name);
    for (let attempt = 1; ; attempt++) {
      await row.click();
      try {
        await tab.waitFor({ state: 'visible', timeout: 3_000 * attempt });
        return;
      } catch (error) {
        if (attempt >= 3) throw new Error(`Clicking ${name} in the Explorer did not open it: ${String(error)}`);
      }
    }
  }

  /** Right-clicks `name` in the Explorer and picks `menuItem` from its context menu. */
  async contextMenuOnExplorerFile(name: string, menuItem: string): Promise<void> {
    await this.showExplorer();
    await this.contextMenuOn(this.explorerItem(name), menuItem, name);
  }

  /** Right-clicks `row` (a tree or list row) and picks `menuItem` from its context menu; `name` is for errors. */
  async contextMenuOn(row: Locator, menuItem: string, name = String(row)): Promise<void> {
    await row.waitFor({ state: 'visible' });
    const item = this.page.locator('.monaco-menu .action-menu-item').filter({ has: withText(this.page, '.action-label', menuItem) });
    for (let attempt = 1; ; attempt++) {
      await row.click({ button: 'right' });
      try {
        await item.waitFor({ state: 'visible', timeout: 3_000 * attempt });
        break;
      } catch (error) {
        if (attempt >= 3) throw new Error(`"${menuItem}" did not show in the context menu of ${name}: ${String(error)}`);
        await this.page.keyboard.press('Escape');
      }
    }
    // VS Code's menu items listen for mouseup only from 100 ms after they render (so the
    // right-click that opened the menu cannot pick an item): a quicker click just focuses the
    // item, and the menu stays open. Click again until the menu closes.
    for (let attempt = 1; ; attempt++) {
      // A click that fails because the menu closed under it (an earlier click took) is fine.
      await item.click({ timeout: 5_000 }).catch(() => undefined);
      try {
        await item.waitFor({ state: 'hidden', timeout: 1_000 * attempt });
        return;
      } catch (error) {
        if (attempt >= 4) throw new Error(`Clicking "${menuItem}" did not close the context menu of ${name}: ${String(error)}`);
      }
    }
  }

  /** The quick-input widget (palette and QuickPicks share it). It may stay in the page hidden: use visibility. */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputRow(label: string): Locator {
    return this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: withText(this.page, '.label-name', label) });
  }

  /**
   * Waits for a QuickPick to show (whose title matches `title`, when given) and returns what it
   * shows once its rows are rendered.
   */
  async waitForQuickPick(title?: string | RegExp): Promise<QuickPickState> {
    const widget = this.quickInput();
    await widget.waitFor({ state: 'visible' });
    if (title !== undefined) {
      let shown = '';
      await waitUntil(async () => matches((shown = await this.quickPickTitle()), title), () => `a QuickPick titled ${String(title)} (shown: "${shown}")`);
    }
    await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
    return this.quickPickState();
  }

  /** What the visible QuickPick shows now. */
  async quickPickState(): Promise<QuickPickState> {
    const widget = this.quickInput();
    // A row's first label is its label; items with a `detail` line have a second one.
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const labels: string[] = [];
    for (let i = 0, n = await rows.count(); i < n; i++) {
      const label = ((await rows.nth(i).locator('.label-name').first().textContent()) ?? '').trim();
      if (label !== '') labels.push(label);
    }
    const focused = widget.locator('.quick-input-list .monaco-list-row.focused');
    const active = (await focused.count()) === 0
      ? undefined
      : {
          label: ((await focused.first().locator('.label-name').first().textContent()) ?? '').trim(),
          description: ((await focused.first().locator('.label-description').textContent().catch(() => '')) ?? '').trim(),
        };
    return { title: await this.quickPickTitle(), labels, active };
  }

  private async quickPickTitle(): Promise<string> {
    const title = this.quickInput().locator('.quick-input-title');
    return (await title.isVisible()) ? ((await title.textContent()) ?? '').trim() : '';
  }

  /** Title and placeholder: what tells one QuickPick from the next (filtering changes neither). */
  private async quickPickIdentity(): Promise<string> {
    const placeholder = (await this.quickInput().locator('input.input').getAttribute('placeholder')) ?? '';
    return `${await this.quickPickTitle()} | ${placeholder}`;
  }

  /**
   * Accepts the highlighted item of the visible QuickPick (Enter) and waits until that QuickPick
   * is gone: hidden, or replaced by the next step's (another title or placeholder).
   */
  async acceptQuickPick(): Promise<void> {
    await this.quickInput().waitFor({ state: 'visible' });
    const before = await this.quickPickIdentity();
    await this.quickInput().locator('input.input').press('Enter');
    await this.waitForQuickPickGone(before);
  }

  /**
   * Accepts the highlighted (default) item of every QuickPick that shows until `done` is visible;
   * returns the titles it accepted, in order. For flows whose later steps a test does not check.
   */
  async acceptQuickPicksUntil(done: Locator, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
    const accepted: string[] = [];
    await waitUntil(
      async () => {
        if (await done.first().isVisible()) return true;
        if (!(await this.quickInput().isVisible())) return false;
        // Rows render a moment after the widget; Enter before that accepts nothing.
        if ((await this.quickInput().locator('.quick-input-list .monaco-list-row.focused').count()) === 0) return false;
        accepted.push(await this.quickPickTitle());
        await this.acceptQuickPick();
        return false;
      },
      () => `${String(done)} to show (accepted so far: ${JSON.stringify(accepted)})`,
      timeoutMs,
    );
    return accepted;
  }

  /**
   * Answers the visible input box (its title matching `title`) with `text`, as a person types it,
   * and waits until that box is gone: hidden, or replaced by the next question.
   */
  async answerInputBox(title: string | RegExp, text: string): Promise<void> {
    await this.quickInput().waitFor({ state: 'visible' });
    let shown = '';
    await waitUntil(async () => matches((shown = await this.quickPickTitle()), title), () => `an input box titled ${String(title)} (shown: "${shown}")`);
    const before = await this.quickPickIdentity();
    const input = this.quickInput().locator('input.input');
    await input.fill(text);
    await input.press('Enter');
    await this.waitForQuickPickGone(before);
  }

  /** Filters the visible QuickPick by `label`, clicks the item with exactly that label and waits until the QuickPick is gone. */
  async pickQuickItem(label: string): Promise<void> {
    await this.quickInput().waitFor({ state: 'visible' });
    const before = await this.quickPickIdentity();
    await this.quickInput().locator('input.input').fill(label);
    const row = this.quickInputRow(label);
    await row.waitFor({ state: 'visible' });
    await row.click();
    await this.waitForQuickPickGone(before);
  }

  private async waitForQuickPickGone(identity: string): Promise<void> {
    await waitUntil(
      async () => !(await this.quickInput().isVisible()) || (await this.quickPickIdentity()) !== identity,
      `the QuickPick "${identity}" to close`,
    );
  }

  /** The editor tab titled `title` (a file's tab shows its name and extension in two spans). */
  editorTab(title: string): Locator {
    return this.page.locator('.tabs-container [role="tab"]').filter({ has: withText(this.page, '.monaco-icon-label-container', title) });
  }

  /**
   * The content of the webview panel titled `title`: waits for its tab, brings it to the front,
   * and returns the frame two iframes deep (the outer `iframe.webview`, then `#active-frame`).
   */
  async webviewFrame(title: string): Promise<FrameLocator> {
    const tab = this.editorTab(title);
    await tab.waitFor({ state: 'visible' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    const editorArea = this.page.locator('.editor-group-container').filter({ has: tab }).locator('.editor-container');
    return this.webviewOver(editorArea, `the webview of "${title}"`);
  }

  /**
   * The content of the webview laid over `area` (an editor group, the side bar): webview iframes
   * are not inside the DOM of the part that shows them. Hidden ones stay in the page, and with
   * split editors several are visible, so this finds the visible one whose centre is inside
   * `area`, and returns its content two iframes deep (the outer `iframe.webview`, then `#active-frame`).
   */
  async webviewOver(area: Locator, what: string): Promise<FrameLocator> {
    const name = await waitUntil(async () => {
      const box = await area.boundingBox();
      if (box === null) return undefined;
      for (const frame of await this.page.locator('iframe.webview.ready').all()) {
        const frameBox = (await frame.isVisible()) ? await frame.boundingBox() : null;
        if (frameBox === null) continue;
        const x = frameBox.x + frameBox.width / 2;
        const y = frameBox.y + frameBox.height / 2;
        if (x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height) return (await frame.getAttribute('name')) ?? undefined;
      }
      return undefined;
    }, `${what} to show`);
    const outer = this.page.locator(`iframe.webview.ready[name="${name}"]`);
    const content = outer.contentFrame().locator('iframe#active-frame');
    await content.waitFor({ state: 'attached' });
    return content.contentFrame();
  }

  /**
   * The content of the webview panel titled `title` once `readySelector` shows in it.
   *
   * VS Code's web build can lose a webview's request for its own script: the webview service
   * worker answers 408 after 30 s and the panel stays blank for good. Seen when two panels (here
   * Leaderboard and Profile) open within ~100 ms while the worker registers for the first time in
   * the browser profile: 2 runs in 5 without the warm-up of {@link SessionOptions.warmUpWebviews},
   * none with it. When a webview resource has had no answer for 10 s, this re-creates the webview
   * once, the way a person would get a fresh one: show another editor in the panel's group, then
   * the panel again (panels that do not retain their context get a new iframe). Each recovery is
   * printed and kept in {@link recoveries}; a second stall fails, and so does the first with
   * AUTOML_E2E_STRICT_WEBVIEWS=1.
   */
  async webviewContent(title: string, readySelector: string, timeoutMs = 90_000): Promise<FrameLocator> {
    for (let attempt = 1; ; attempt++) {
      const frame = await this.webviewFrame(title);
      const ready = frame.locator(readySelector).first();
      const outcome = await waitUntil(
        async () => {
          if (await ready.isVisible()) return 'ready';
          const stalled = this.stalledWebviewResource();
          return stalled === undefined ? undefined : stalled;
        },
        `${readySelector} to show in the webview "${title}"`,
        timeoutMs,
      );
      if (outcome === 'ready') return frame;
      const problem = `the webview "${title}" got no answer for ${outcome} in ${WEBVIEW_STALL_MS / 1000} s`;
      if (STRICT_WEBVIEWS) throw new Error(`${problem}: it stays blank (AUTOML_E2E_STRICT_WEBVIEWS=1, so no recovery).`);
      if (attempt >= 2) throw new Error(`${problem}, again after re-creating it: it stays blank.`);
      this.recoveries.push(problem);
      console.warn(`[e2e] ${problem} (a lost webview service-worker request); re-creating the webview by showing another editor in its group and then the panel again.`);
      await this.recreateWebview(title);
    }
  }

  /** The URL of a webview resource that has waited longer than {@link WEBVIEW_STALL_MS}, if any. */
  private stalledWebviewResource(): string | undefined {
    for (const [request, startedMs] of this.pendingWebviewResources) {
      if (Date.now() - startedMs > WEBVIEW_STALL_MS) return request.url();
    }
    return undefined;
  }

  /** Hides the panel titled `title` behind a new untitled editor in its group, closes that editor, and so shows the panel in a fresh iframe. */
  private async recreateWebview(title: string): Promise<void> {
    // Requests of the old iframe are answered (408) or dropped with it; only new ones count now.
    this.pendingWebviewResources.clear();
    const tab = this.editorTab(title);
    await tab.click();
    await this.runCommand('File: New Untitled Text File');
    await waitUntil(async () => (await tab.getAttribute('aria-selected')) === 'false', `"${title}" to be hidden by the new editor`);
    await this.runCommand('View: Close Editor');
    await waitUntil(async () => (await tab.getAttribute('aria-selected')) === 'true', `"${title}" to show again`);
  }

  /** Saves a PNG of the whole window to `test-results/e2e/<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${safeName(name)}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Notification toasts' messages, as shown. */
  async notifications(): Promise<string[]> {
    const messages = await this.page.locator('.notification-toast .notification-list-item-message').allTextContents();
    return messages.map((m) => m.trim());
  }

  /** The extension's output channels (a LogOutputChannel writes `<logs>/exthost1/<extension id>/<channel>.log`). */
  async extensionLog(): Promise<string> {
    const files = (await logFiles(this.tempDir)).filter((file) => basename(dirname(file)) === EXTENSION_ID);
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    return texts.join('\n');
  }

  /**
   * Runs `body`; if it throws, saves a screenshot, the page console, code-server's output and
   * every VS Code log under `test-results/e2e/<name>-failure/`, prints the extension's log, and
   * rethrows.
   */
  async step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      await this.saveFailure(name).catch((saveError: unknown) => console.error(`Could not save the failure artifacts: ${String(saveError)}`));
      throw error;
    }
  }

  /** Saves what helps to debug a failure; see {@link step}. */
  async saveFailure(name: string): Promise<string> {
    const dir = join(artifactsDir, `${safeName(name)}-failure`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await this.page.screenshot({ path: join(dir, 'window.png') }).catch(() => undefined);
    await writeFile(join(dir, 'console.txt'), this.console.join('\n'));
    await writeFile(join(dir, 'code-server.txt'), this.serverOutput.join(''));
    for (const file of await logFiles(this.tempDir)) {
      const target = join(dir, 'logs', relative(this.tempDir, file));
      await mkdir(dirname(target), { recursive: true });
      await cp(file, target);
    }
    const log = await this.extensionLog();
    console.error(`--- e2e failure in ${name}: artifacts in ${relative(repoRoot, dir)}\n--- AutoML output:\n${log || '(empty)'}\n--- last page console errors and warnings:\n${this.console.filter((line) => !/^\[(log|debug|info)\]/.test(line)).slice(-20).join('\n')}`);
    return dir;
  }

  /** Closes the browser, ends code-server's process group and removes the temp folder (kept with AUTOML_E2E_KEEP=1). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close().catch(() => undefined);
    await stopServer(this.server);
    if (process.env.AUTOML_E2E_KEEP === '1') console.log(`AUTOML_E2E_KEEP: kept ${this.tempDir}`);
    else await rm(this.tempDir, { recursive: true, force: true });
  }
}

/**
 * code-server's environment: our own HOME and XDG folders (it writes config and logs there), Node
 * 24 first on PATH, and nothing inherited from a VS Code this may run inside.
 */
function serverEnvironment(tools: Tools, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VSCODE_|ELECTRON_|NODE_OPTIONS$|NODE_TEST_CONTEXT$)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    PATH: `${dirname(tools.node)}:${process.env.PATH ?? ''}`,
  };
}

async function waitForHealth(url: string, server: ChildProcess, output: readonly string[]): Promise<void> {
  await waitUntil(
    async () => {
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`code-server exited (${server.exitCode ?? server.signalCode}) before answering /healthz:\n${output.join('')}`);
      }
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok === true;
    },
    `code-server to answer ${url}/healthz`,
    STARTUP_TIMEOUT_MS,
  ).catch((error: unknown) => {
    // The exit error above is the useful one; waitUntil wraps it.
    throw error instanceof Error ? new Error(`${error.message}\n${output.join('').slice(-4000)}`) : error;
  });
}

/**
 * Servers not yet stopped. If the test process ends without `close()` (a crash, Ctrl+C, the test
 * runner's SIGTERM), their process groups are killed: being detached, they would outlive it.
 */
const liveServers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of liveServers) killGroup(server, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/** Signals code-server's whole process group (it may outlive its leader). */
function killGroup(server: ChildProcess, signal: NodeJS.Signals): void {
  if (server.pid === undefined) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the whole group, SIGKILL if it is still there after 5 s. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => server.once('exit', () => resolveExit()));
  killGroup(server, 'SIGTERM');
  const timer = setTimeout(() => killGroup(server, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Children that outlived the server (extension host, workers) share its group.
  killGroup(server, 'SIGKILL');
}

/** VS Code's and code-server's log files below `dir` (not Chromium's profile). */
async function logFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.log'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(dir, file).startsWith(`browser${sep}`));
}

/**
 * Elements matching `selector` whose whole text is `text`. Not `:text-is()`: that matches only
 * the innermost element, and VS Code wraps labels in highlight spans.
 */
function withText(page: Page, selector: string, text: string): Locator {
  return page.locator(selector).filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text === pattern : pattern.test(text);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}
