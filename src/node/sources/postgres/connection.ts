/**
 * One connection to PostgreSQL for one read, peek or profile: the URL's settings, the password
 * looked up only when the server asks for one (the source's secret, else `PGPASSWORD`, else the
 * password file), a session set up so values read the same everywhere (ISO dates, UTC, exact
 * floats, scans from the start of a table), every statement inside one read-only transaction,
 * and `pg`'s errors turned into `DataError`s that carry the database's own message and never the
 * password. An aborted signal cancels the running statement on the server. A profile may ask for
 * more connections that see the same snapshot, to run independent statements side by side.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { Client, type ClientConfig, type CustomTypesConfig, type FieldDef } from 'pg';
import type { SourceSecrets } from '../../../engine/data/sourceSpec';
import { CancelledError, DataError } from '../../../engine/errors';
import { pgpassPassword, pgpassPath } from './pgpass';
import { quoteLiteral } from './sql';

/** How long to wait for the server to answer a connection attempt. */
const CONNECT_TIMEOUT_MS = 20_000;

/**
 * Session settings the readers rely on: ISO dates in UTC (columnTypes.ts parses them), the
 * shortest exact text of floats, and sequential scans that start at a table's first row (with
 * synchronized scans on, a scan of a big table may join another one midway, changing row order).
 */
const SESSION_SQL = "SET DateStyle = ISO, MDY; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET synchronize_seqscans = off";

/** A query's rows as arrays, with the columns' names and types. */
export interface ArrayResult {
  readonly rows: unknown[][];
  readonly fields: readonly FieldDef[];
}

/** An open connection inside a read-only transaction; see {@link withPostgres}. */
export interface PostgresSession {
  /** Runs `sql` (with `$1`… `params`) and returns its rows as arrays. */
  query(sql: string, params?: readonly unknown[], types?: CustomTypesConfig): Promise<ArrayResult>;
  /** Throws `CancelledError` when the read was cancelled. */
  checkCancelled(): void;
  /** Asks the server to cancel the statement running on this connection, if any (it then fails with `CancelledError`). */
  cancel(): void;
  /**
   * This session first, then the others `withPostgres` opened beside it: each in its own
   * read-only transaction on this one's snapshot, so every session sees the same data.
   */
  readonly pool: readonly PostgresSession[];
}

/**
 * Connects to `url`, runs `work` inside one read-only, repeatable-read transaction (one snapshot
 * for all its statements), and disconnects. Errors come out as `DataError`s naming `url` (never
 * with a password) or as `CancelledError` when `signal` was aborted.
 *
 * With `connections` above 1, as many more connections as the server accepts (up to
 * `connections - 1`) import the transaction's snapshot (`pg_export_snapshot`, PostgreSQL 9.2+;
 * on standbys 10+): the session's `pool`. Where the snapshot cannot be shared the pool is the
 * session alone.
 */
export async function withPostgres<T>(
  url: string,
  secrets: SourceSecrets,
  signal: AbortSignal | undefined,
  work: (session: PostgresSession) => Promise<T>,
  userQuery?: string,
  connections = 1,
): Promise<T> {
  const { config, urlPassword } = clientConfigOf(url);
  const given = secrets.password ?? urlPassword;
  const fail = (error: unknown, sql?: string): never => {
    if (signal?.aborted) throw new CancelledError();
    throw postgresError(error, url, given, sql === undefined || userQuery === undefined ? undefined : { sql, query: userQuery });
  };
  if (signal?.aborted) throw new CancelledError();
  const clients: Client[] = [];
  const cancel = (): void => clients.forEach((client) => sendCancel(client, config));
  signal?.addEventListener('abort', cancel);
  /** A connection with the session settings, in a read-only transaction (on `snapshot` when given). */
  const open = async (snapshot?: string): Promise<Client> => {
    const client: Client = new Client({ ...config, password: (): Promise<string> => passwordFor(client, given) });
    // A connection that breaks while idle emits 'error'; without a listener that would crash the process.
    client.on('error', () => {});
    clients.push(client);
    await client.connect();
    await client.query(SESSION_SQL);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (snapshot !== undefined) await client.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshot)}`);
    return client;
  };
  const sessionOf = (client: Client, pool: PostgresSession[]): PostgresSession => ({
    query: async (sql, params, types) => {
      if (signal?.aborted) throw new CancelledError();
      const result = await client
        .query({ text: sql, values: params === undefined ? undefined : [...params], rowMode: 'array', types })
        .catch((error: unknown) => fail(error, sql));
      return { rows: result.rows as unknown[][], fields: result.fields };
    },
    checkCancelled: () => {
      if (signal?.aborted) throw new CancelledError();
    },
    cancel: () => sendCancel(client, config),
    pool,
  });
  try {
    const main = await open().catch(fail);
    const pool: PostgresSession[] = [];
    pool.push(sessionOf(main, pool));
    if (connections > 1) {
      // Exported as the transaction's first statement: should the server refuse, the transaction
      // that failed is replaced by a fresh one, nothing having been read in it yet.
      const snapshot = await main.query('SELECT pg_export_snapshot()').then(
        (result) => String((result.rows[0] as Record<string, unknown>).pg_export_snapshot),
        async () => {
          await main.query('ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY').catch(fail);
          return undefined;
        },
      );
      if (snapshot !== undefined) {
        const opened = await Promise.all(
          Array.from({ length: connections - 1 }, () =>
            open(snapshot).then(
              (client) => client,
              () => undefined,
            ),
          ),
        );
        for (const client of opened) if (client !== undefined) pool.push(sessionOf(client, pool));
      }
    }
    const result = await work(pool[0]);
    await main.query('COMMIT').catch(fail);
    return result;
  } finally {
    signal?.removeEventListener('abort', cancel);
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

/**
 * Runs `tasks` on the sessions of `pool`, each session taking the next task as soon as it is
 * free (so list the longest first). After a task fails no other starts, the statements still
 * running are cancelled, and the first error is thrown once every started task has ended.
 */
export async function runConcurrently(pool: readonly PostgresSession[], tasks: readonly ((session: PostgresSession) => Promise<void>)[]): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  await Promise.all(
    pool.map(async (session) => {
      while (failure === undefined && next < tasks.length) {
        const task = tasks[next++];
        try {
          await task(session);
        } catch (error) {
          if (failure !== undefined) continue;
          failure = { error };
          for (const other of pool) if (other !== session) other.cancel();
        }
      }
    }),
  );
  if (failure !== undefined) throw failure.error;
}

/** `pg` settings from a `postgres://user@host:port/db?sslmode=…` URL, and a password it holds (old specs). */
export function clientConfigOf(url: string): { config: ClientConfig; urlPassword?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DataError(`'${withoutPassword(url)}' is not a valid PostgreSQL URL: write it as postgres://user@host:port/database`);
  }
  const params = parsed.searchParams;
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const host = params.get('host') ?? (parsed.hostname === '' ? undefined : decode(parsed.hostname.replace(/^\[(.*)\]$/, '$1')));
  const port = params.get('port') ?? (parsed.port === '' ? undefined : parsed.port);
  const database = params.get('dbname') ?? (parsed.pathname.length > 1 ? decode(parsed.pathname.slice(1)) : undefined);
  const user = params.get('user') ?? (parsed.username === '' ? undefined : decode(parsed.username));
  const urlPassword = params.get('password') ?? (parsed.password === '' ? undefined : decode(parsed.password));
  const config: ClientConfig = {
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port: Number(port) }),
    ...(database === undefined ? {} : { database }),
    ...(user === undefined ? {} : { user }),
    ...sslOf(params.get('sslmode')),
    application_name: params.get('application_name') ?? 'automl',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  return urlPassword === undefined ? { config } : { config, urlPassword };
}

/**
 * libpq's sslmode as `pg` takes it: `require` encrypts without checking the certificate (as in
 * libpq); `verify-ca` and `verify-full` check it; `disable`, `allow` and `prefer` connect without
 * TLS (pg cannot fall back from one to the other). Without a mode, PGSSLMODE applies.
 */
function sslOf(mode: string | null): Pick<ClientConfig, 'ssl'> {
  switch (mode) {
    case null:
      return {};
    case 'require':
    case 'no-verify':
      return { ssl: { rejectUnauthorized: false } };
    case 'verify-ca':
    case 'verify-full':
      return { ssl: true };
    default:
      return { ssl: false };
  }
}

/** `url` with any password taken out, for messages. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1@').replace(/([?&]password=)[^&]*/i, '$1***');
}

/** The password for `client`'s connection: the one given, else PGPASSWORD, else the password file. */
async function passwordFor(client: Client, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (process.env.PGPASSWORD !== undefined) return process.env.PGPASSWORD;
  const { host, port, database, user } = client as unknown as { host: string; port: number; database: string; user: string };
  const found = await pgpassPassword({ host: host ?? '', port, database: database ?? user, user });
  if (found.password !== undefined) return found.password;
  throw new DataError(
    `the server asks for a password for user "${user}" and none was given: set PGPASSWORD, or add a line for ` +
      `${host}:${port}:${database}:${user} to ${pgpassPath()}` +
      (found.note ? ` (${found.note})` : '') +
      '; in VS Code, enter it when asked',
  );
}

/** Node's codes for failed connections, as people read them. */
const CONNECT_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running and listening there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  ENOENT: 'no server socket there (is the server running?)',
};

/**
 * A `DataError` for what went wrong talking to PostgreSQL: the server's own message (with its
 * detail, hint, and where in the user's query when the error points into it, `in.query` within
 * the statement `in.sql`), or why the connection failed; naming `url`, never the password, and
 * never with `pg`'s stack. Errors of ours pass through.
 */
export function postgresError(error: unknown, url: string, password?: string, statement?: { readonly sql: string; readonly query: string }): Error {
  if (error instanceof DataError || error instanceof CancelledError) return error;
  const where = withoutPassword(url);
  const e = (error ?? {}) as { message?: unknown; code?: unknown; detail?: unknown; hint?: unknown; position?: unknown; address?: unknown; port?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : undefined;
  let text: string;
  if (code === '57014') return new CancelledError();
  if (code !== undefined && CONNECT_FAILURES[code] !== undefined) {
    text = `cannot connect to PostgreSQL at ${where}: ${CONNECT_FAILURES[code]}`;
  } else if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const at = statement === undefined || typeof e.position !== 'string' ? -1 : Number(e.position) - statement.sql.indexOf(statement.query);
    const inQuery = statement !== undefined && statement.sql.includes(statement.query) && at >= 1 && at <= statement.query.length + 1;
    const position = inQuery ? ` (at character ${at} of the query)` : '';
    const detail = typeof e.detail === 'string' && e.detail !== '' ? `; ${e.detail}` : '';
    const hint = typeof e.hint === 'string' && e.hint !== '' ? `; ${e.hint}` : '';
    text = `${where}: ${message}${position}${detail}${hint}`;
  } else if (/timeout/i.test(message)) {
    text = `cannot connect to PostgreSQL at ${where}: timed out`;
  } else if (/Connection terminated/i.test(message)) {
    text = `${where}: the server closed the connection (${message})`;
  } else if (/password must be a string|SASL/i.test(message)) {
    text = `${where}: the server asks for a password and none was given (set PGPASSWORD or use ~/.pgpass)`;
  } else {
    text = `${where}: ${message}`;
  }
  // The server never echoes a password; this guards against one typed into a query.
  return new DataError(password && password.length >= 4 ? text.split(password).join('***') : text);
}

/**
 * Asks the server to cancel `client`'s running statement: PostgreSQL's CancelRequest, sent on a
 * connection of its own (the statement then fails with SQLSTATE 57014, read as cancelled).
 */
function sendCancel(client: Client, config: ClientConfig): void {
  const { processID, secretKey } = client as unknown as { processID: number | null; secretKey: number | null };
  if (processID === null || secretKey === null) return;
  const host = config.host ?? process.env.PGHOST ?? 'localhost';
  const port = config.port ?? (Number(process.env.PGPORT) || 5432);
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4);
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  const socket: Socket = host.startsWith('/') ? connectTcp(`${host}/.s.PGSQL.${port}`) : connectTcp(port, host);
  socket.on('error', () => {});
  socket.on('connect', () => socket.end(request));
}
