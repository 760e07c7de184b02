/**
 * The secrets of data sources in VS Code's SecretStorage (the OS keychain): a database's
 * password, by its URL (which never holds one), and the values of `${NAME}` references in a web
 * API's headers, by the API's origin. They reach the engine worker in memory with each request
 * that reads the source, and are never written to a run folder, a spec or the log.
 */
import type * as vscode from 'vscode';
import { HEADER_REFERENCE } from '../engine/data/headerTemplate';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import { readRunJson } from '../node/runFiles';
import type { SavedSourceFields } from '../node/runSource';

export class SourceSecretStore {
  constructor(private readonly storage: vscode.SecretStorage) {}

  /** The stored secrets `spec` needs (none for files). */
  async forSource(spec: SourceSpec): Promise<SourceSecrets> {
    if (spec.kind === 'postgres') {
      const password = await this.storage.get(passwordKey(spec.url));
      return password === undefined ? {} : { password };
    }
    if (spec.kind === 'http') {
      const variables: Record<string, string> = {};
      for (const name of headerVariables(spec.headers ?? [])) {
        const value = await this.storage.get(variableKey(spec.url, name));
        if (value !== undefined) variables[name] = value;
      }
      return Object.keys(variables).length === 0 ? {} : { variables };
    }
    return {};
  }

  /** The stored secrets of the source a finished run read (none when its spec names no source). */
  async forRun(runDir: string): Promise<SourceSecrets> {
    const saved = await readRunJson<SavedSourceFields>(runDir, 'spec.json');
    return saved?.source === undefined ? {} : this.forSource(saved.source);
  }

  /** Keeps a database password for the URL (`postgres://user@host:port/db`). */
  async storePassword(url: string, password: string): Promise<void> {
    await this.storage.store(passwordKey(url), password);
  }

  /** Keeps the value of `${name}` for the headers of the API at `url`. */
  async storeVariable(url: string, name: string, value: string): Promise<void> {
    await this.storage.store(variableKey(url, name), value);
  }
}

/** The `${NAME}` references in header templates, each once. */
export function headerVariables(headers: readonly string[]): string[] {
  return [...new Set(headers.flatMap((header) => [...header.matchAll(HEADER_REFERENCE)].map((m) => m[1])))];
}

/**
 * A header as a template with no secret in it: a header without `${…}` references has its value
 * moved to a variable named after the header (`Authorization: Bearer x` becomes
 * `Authorization: ${AUTHORIZATION}` with AUTHORIZATION = `Bearer x`).
 */
export function headerTemplate(header: string): { template: string; name?: string; value?: string } {
  if (header.includes('${')) return { template: header };
  const colon = header.indexOf(':');
  const key = header.slice(0, colon).trim();
  const name = key.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'HEADER';
  return { template: `${key}: \${${name}}`, name, value: header.slice(colon + 1).trim() };
}

function passwordKey(url: string): string {
  return `automl.postgres.password:${url}`;
}

/** Per origin: every endpoint of one API shares its token. */
function variableKey(url: string, name: string): string {
  const origin = /^[a-z]+:\/\/[^/?#]*/i.exec(url)?.[0] ?? url;
  return `automl.http.variable:${origin}:${name}`;
}
