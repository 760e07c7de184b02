/**
 * The password file libpq reads (`~/.pgpass`, or the file `PGPASSFILE` names), read by its rules
 * (https://www.postgresql.org/docs/current/libpq-pgpass.html): lines
 * `hostname:port:database:username:password`, the first that matches wins, `*` matches anything
 * in the first four fields, `\` escapes `:` and `\` (any character, as libpq does), `#` starts a
 * comment line; a socket connection (or none named) matches `localhost`. On Unix the file is
 * ignored unless it is a plain file without group or world access.
 *
 * `pg` 8 can read this file itself, but that path is deprecated (pg 9 drops it), prints a warning
 * when used, and lacks libpq's `#` comments; so we read it here and hand `pg` the password.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What a password file line is matched against. */
export interface PgpassTarget {
  /** The host, or a socket directory (starting with `/`), or '' when none was named. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** A password found, or (in `note`) why the file was not read, for the message when the server asks for one. */
export interface PgpassLookup {
  readonly password?: string;
  readonly note?: string;
}

const DEFAULT_PORT = 5432;

/** The password file's path: `PGPASSFILE`, else `~/.pgpass` (`%APPDATA%\postgresql\pgpass.conf` on Windows). */
export function pgpassPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGPASSFILE) return env.PGPASSFILE;
  if (process.platform === 'win32') return join(env.APPDATA ?? homedir(), 'postgresql', 'pgpass.conf');
  return join(env.HOME ?? homedir(), '.pgpass');
}

/** Looks `target` up in the password file; a missing file is no password, not an error. */
export async function pgpassPassword(target: PgpassTarget, env: NodeJS.ProcessEnv = process.env): Promise<PgpassLookup> {
  const path = pgpassPath(env);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { note: `the password file ${path} is not a plain file, so it was ignored` };
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      return { note: `the password file ${path} has group or world access, so it was ignored (run chmod 0600 ${path})` };
    }
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  const password = matchPgpass(text, target);
  return password === undefined ? {} : { password };
}

/** The password of the first line of a password file's `text` that matches `target`, if any. */
export function matchPgpass(text: string, target: PgpassTarget): string | undefined {
  // libpq matches a socket connection, or one naming no host, as 'localhost'.
  const host = target.host === '' || target.host.startsWith('/') ? 'localhost' : target.host;
  const wanted = [host, String(target.port || DEFAULT_PORT), target.database, target.user];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitLine(line);
    if (fields === undefined) continue;
    if (wanted.every((value, i) => fields[i].wildcard || fields[i].text === value)) return fields[4].text;
  }
  return undefined;
}

interface Field {
  readonly text: string;
  /** The field was a bare `*` (an escaped `\*` is a literal star). */
  readonly wildcard: boolean;
}

/**
 * The five fields of a line, unescaped; undefined when it has fewer. As in libpq, the password
 * ends at an unescaped ':' too.
 */
function splitLine(line: string): Field[] | undefined {
  const fields: Field[] = [];
  let text = '';
  let escaped = false;
  for (let i = 0; i < line.length && fields.length < 5; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      text += line[++i];
      escaped = true;
    } else if (ch === ':') {
      fields.push({ text, wildcard: text === '*' && !escaped });
      text = '';
      escaped = false;
    } else {
      text += ch;
    }
  }
  if (fields.length < 4) return undefined;
  if (fields.length === 4) fields.push({ text, wildcard: false });
  return fields;
}
