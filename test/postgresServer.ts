/**
 * A real PostgreSQL server for tests and benchmarks: `initdb` into a temporary folder, `pg_ctl
 * start` on a free loopback port (its unix socket in the same folder), a role with a password
 * (scram-sha-256 for TCP connections, as a real deployment asks) and a database owned by it;
 * `stop()` shuts it down and deletes the folder. Debian's binaries are used
 * (/usr/lib/postgresql/<version>/bin, installed by scripts/setup-test-tools.sh). As root, the
 * server runs as the `postgres` user the Debian package creates: initdb and postgres refuse root.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running server and what a test needs to reach it. */
export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The role the tests connect as (over TCP, with `password`). */
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `postgres://user@127.0.0.1:port/database`: no password, as a source spec holds it. */
  readonly url: string;
  /**
   * Runs SQL (or psql meta-commands such as `\copy … from stdin`) through `psql` as `user` over
   * the unix socket (trusted, so no password), feeding `stdin` when given; rejects with psql's
   * error. Returns psql's unaligned, tuples-only output.
   */
  psql(sql: string, stdin?: string | Buffer): Promise<string>;
  /** As `psql`, as the superuser `postgres` (to create roles, say). */
  adminPsql(sql: string): Promise<string>;
  /** Stops the server and deletes its folder (idempotent). */
  stop(): void;
}

/** Options of {@link startPostgres}. */
export interface StartOptions {
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  /** Extra `postgres -c name=value` settings (a bench raises shared buffers, say). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** The directory of the newest PostgreSQL server binaries Debian installed, or a clear error. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server under /usr/lib/postgresql: run bash scripts/setup-test-tools.sh');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** `command args` as the server's owner: the `postgres` user when we are root. */
function asOwner(command: string, args: readonly string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

function runOwner(command: string, args: readonly string[]): void {
  const [cmd, argv] = asOwner(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
}

/** Servers this process started and has not stopped: stopped on exit, even after a failure. */
const running = new Set<PostgresServer>();
process.on('exit', () => {
  for (const server of running) server.stop();
});

/** Starts a fresh server; the caller stops it (an `after` hook), and process exit does too. */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = options.user ?? 'ana';
  const password = options.password ?? 'Tr0ub4dor&3-secret';
  const database = options.database ?? 'shop';
  const dir = mkdtempSync(join(tmpdir(), 'automl-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    running.delete(server);
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [cmd, argv] = asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(cmd, argv, { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const port = await freePort();
  const server: PostgresServer = {
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
    url: `postgres://${user}@127.0.0.1:${port}/${database}`,
    psql: (sql, stdin) => psql(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', user, '-d', database], sql, stdin),
    adminPsql: (sql) => psql(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database], sql),
    stop,
  };
  running.add(server);
  try {
    // The superuser only connects through the socket (trusted); the test role over TCP with its password.
    runOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync']);
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: dir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      ...options.settings,
    };
    const postgresOptions = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ');
    runOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', postgresOptions, '-w', '-t', '60', 'start']);
    const admin = ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres'];
    const quoted = password.replace(/'/g, "''");
    await psql(join(bin, 'psql'), admin, `CREATE ROLE ${user} LOGIN PASSWORD '${quoted}'`);
    await psql(join(bin, 'psql'), admin, `CREATE DATABASE ${database} OWNER ${user}`);
    return server;
  } catch (error) {
    stop();
    throw error;
  }
}

function psql(command: string, connection: readonly string[], sql: string, stdin?: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [...connection, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql];
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`psql failed: ${stderr.trim()}`))));
    child.stdin.on('error', () => {}); // psql may exit before reading all of stdin; its exit code tells.
    child.stdin.end(stdin ?? '');
  });
}
