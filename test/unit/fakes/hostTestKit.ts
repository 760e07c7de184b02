/**
 * What the host-side panel and view tests share: an output channel that records warnings and
 * errors, the extension's URI, and waiting for the host's promise callbacks to run.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';

/** An output channel whose warnings and errors land in `warnings` (clear it before each test). */
export function recordingOutput(): { output: vscode.LogOutputChannel; warnings: string[] } {
  const warnings: string[] = [];
  const output = {
    warn: (m: string) => warnings.push(m),
    error: (m: string) => warnings.push(m),
    info: () => undefined,
    debug: () => undefined,
  } as unknown as vscode.LogOutputChannel;
  return { output, warnings };
}

export const extensionUri = { fsPath: '/ext' } as unknown as vscode.Uri;

/** Lets pending promise callbacks run (one turn of the event loop). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Settles until `check` holds (file reads take more than one turn of the event loop). */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check() && performance.now() < deadline) await settle();
  assert.ok(check(), `timed out waiting for ${what}`);
}
