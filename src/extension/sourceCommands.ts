/**
 * "AutoML: Run on Database…" and "AutoML: Run on Web API…": the questions that make a database
 * or web API source (a connection URL and its password, a table or a query; an API's URL, where
 * its records are, how it pages, a header whose secret goes to SecretStorage), then the common
 * flow of runOnSource.ts. Secrets go to SecretStorage at once; specs only ever hold `${NAME}`.
 */
import * as vscode from 'vscode';
import { locateSource } from '../engine/data/sourceLocator';
import type { Pagination, SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { isUserFacing } from '../node/engineHost';
import { runOnSource } from './runOnSource';
import { headerTemplate, headerVariables } from './sourceSecrets';
import type { TrainContext } from './trainRun';
import { allowedInWorkspace } from './workspaceTrust';

/** The item of the table QuickPick that asks for a query instead. */
const QUERY_ITEM = '$(edit) Write a SQL query…';

/** What asking for a source needs: the engine worker (tables of a database) and SecretStorage. */
export type SourceAskContext = Pick<TrainContext, 'host' | 'secrets'>;

/** A source the user described, with the secrets it needs (in memory; stored in SecretStorage). */
export interface AskedSource {
  readonly source: SourceSpec;
  readonly secrets: SourceSecrets;
}

/** Asks for a PostgreSQL source, then runs the common flow on it; resolves quietly when dismissed. */
export async function runOnDatabase(context: TrainContext): Promise<void> {
  if (!allowedInWorkspace('connecting to a database')) return;
  const root = workspaceRoot();
  const asked = await askDatabaseSource(context);
  if (asked !== undefined) await runOnSource({ ...asked, root }, context);
}

/** Asks for a web API source, then runs the common flow on it; resolves quietly when dismissed. */
export async function runOnWebApi(context: TrainContext): Promise<void> {
  if (!allowedInWorkspace('fetching a web API')) return;
  const root = workspaceRoot();
  const asked = await askWebApiSource(context);
  if (asked !== undefined) await runOnSource({ ...asked, root }, context);
}

/**
 * Asks for a PostgreSQL source: its URL, password (to SecretStorage), then a table or a query.
 * Undefined when dismissed. The caller checks workspace trust first.
 */
export async function askDatabaseSource(context: SourceAskContext): Promise<AskedSource | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'AutoML: PostgreSQL database',
    prompt: "Connection URL. The password is asked next and kept in VS Code's secret storage, never in the URL or a run.",
    placeHolder: 'postgres://user@localhost:5432/database',
    ignoreFocusOut: true,
    validateInput: (value) => (/^postgres(ql)?:\/\/.+/i.test(value.trim()) ? undefined : 'Write it as postgres://user@host:port/database'),
  });
  if (!typed) return;
  const located = locateSource(typed.trim());
  const base = located.spec;
  if (base.kind !== 'postgres') return;
  if (located.password !== undefined) await context.secrets.storePassword(base.url, located.password);
  const stored = (await context.secrets.forSource(base)).password !== undefined;
  const password = await vscode.window.showInputBox({
    title: `AutoML: password of ${base.url}`,
    prompt: stored ? 'Leave empty to use the stored password.' : 'Leave empty to use PGPASSWORD or ~/.pgpass.',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return;
  if (password !== '') await context.secrets.storePassword(base.url, password);
  const secrets = await context.secrets.forSource(base);

  const choices = await askWorker(base.url, () => context.host.sourceChoices(base, secrets));
  const picked = await vscode.window.showQuickPick([...(choices?.names ?? []), QUERY_ITEM], {
    title: `AutoML: table of ${base.url}`,
    placeHolder: 'The table or view to read (or a query)',
    ignoreFocusOut: true,
  });
  if (picked === undefined) return;
  let source: SourceSpec;
  if (picked === QUERY_ITEM) {
    const query = await vscode.window.showInputBox({ title: 'AutoML: SQL query', placeHolder: 'SELECT * FROM sales WHERE year >= 2020', ignoreFocusOut: true });
    if (!query) return;
    source = { ...base, query };
  } else {
    source = { ...base, table: picked };
  }
  return { source, secrets };
}

/**
 * Asks for a web API source: its URL, where the records are, how it pages, a header (its secret
 * to SecretStorage). Undefined when dismissed. The caller checks workspace trust first.
 */
export async function askWebApiSource(context: SourceAskContext): Promise<AskedSource | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'AutoML: web API',
    prompt: 'A URL answering JSON records (a token in it is not kept: put it in a header next).',
    placeHolder: 'https://api.example.com/v1/items',
    ignoreFocusOut: true,
    validateInput: (value) => (/^https?:\/\/.+/i.test(value.trim()) ? undefined : 'An http:// or https:// URL'),
  });
  if (!url) return;
  const records = await vscode.window.showInputBox({
    title: 'AutoML: where the records are',
    prompt: 'A dotted path into the answer. Leave empty when the answer is the array, or holds one array of records.',
    placeHolder: 'data.items',
    ignoreFocusOut: true,
  });
  if (records === undefined) return;
  const pagination = await askPagination();
  if (pagination === null) return;
  const header = await vscode.window.showInputBox({
    title: 'AutoML: request header (optional)',
    prompt: "E.g. Authorization: Bearer ${TOKEN}. A value written here is moved to VS Code's secret storage; the run keeps only ${NAME}.",
    placeHolder: 'Authorization: Bearer ${TOKEN}',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' || /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:\s*\S/.test(value.trim()) ? undefined : 'Write it as Name: value'),
  });
  if (header === undefined) return;
  const base = locateSource(url.trim()).spec;
  if (base.kind !== 'http') return;
  const headers: string[] = [];
  if (header.trim() !== '') {
    const { template, name, value } = headerTemplate(header.trim());
    if (name !== undefined && value !== undefined) await context.secrets.storeVariable(base.url, name, value);
    headers.push(template);
    for (const variable of headerVariables([template])) {
      if (variable === name) continue;
      const given = await vscode.window.showInputBox({
        title: `AutoML: value of \${${variable}}`,
        prompt: `Kept in VS Code's secret storage. Leave empty to use the environment variable ${variable}.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (given === undefined) return;
      if (given !== '') await context.secrets.storeVariable(base.url, variable, given);
    }
  }
  const source: SourceSpec = {
    ...base,
    ...(records.trim() === '' ? {} : { records: records.trim() }),
    ...(headers.length === 0 ? {} : { headers }),
    ...(pagination === undefined ? {} : { pagination }),
  };
  return { source, secrets: await context.secrets.forSource(source) };
}

/** The pagination the user picks: undefined for Link headers only, null when dismissed. */
async function askPagination(): Promise<Pagination | undefined | null> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Link headers', description: 'follow rel="next" (GitHub, Mastodon); also when the API sends none', style: 'link' as const },
      { label: 'A cursor in the answer', description: 'e.g. meta.next_token sent back as pagination_token (Twitter/X, Reddit)', style: 'cursor' as const },
      { label: 'Page numbers', description: 'a page query parameter from 1 until a page is empty', style: 'page' as const },
    ],
    { title: 'AutoML: how the API pages its records', ignoreFocusOut: true },
  );
  if (choice === undefined) return null;
  if (choice.style === 'link') return undefined;
  if (choice.style === 'page') {
    const pageParam = await vscode.window.showInputBox({ title: 'AutoML: page parameter', value: 'page', ignoreFocusOut: true });
    return pageParam ? { kind: 'page', pageParam } : null;
  }
  const nextCursor = await vscode.window.showInputBox({ title: 'AutoML: where the next cursor is in the answer', placeHolder: 'meta.next_token', ignoreFocusOut: true });
  if (!nextCursor) return null;
  const cursorParam = await vscode.window.showInputBox({ title: 'AutoML: the query parameter that sends it back', placeHolder: 'pagination_token', ignoreFocusOut: true });
  return cursorParam ? { kind: 'cursor', nextCursor, cursorParam } : null;
}

/** The first workspace folder: runs of databases and APIs go under its `.automl` folder. */
function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (folder === undefined) throw new DataError('Open a folder first: AutoML writes its runs to the folder\'s .automl directory.');
  return folder.uri.fsPath;
}

/** Asks the engine worker something about a source; its errors name the source. */
async function askWorker<T>(label: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `AutoML: connecting to ${label}` }, ask);
  } catch (error) {
    if (isUserFacing(error)) throw new DataError(`${label}: ${(error as Error).message}`);
    throw error;
  }
}
