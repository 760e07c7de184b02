import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver';
import { REPO_ROOT } from '../../publicDatasets';

// `node esbuild.mjs` (also run by `--tests`) builds the bundle this test starts.
const SERVER = join(REPO_ROOT, 'dist', 'languageServer.js');

describe('language server: node dist/languageServer.js --stdio', () => {
  it('answers initialize and shuts down', { skip: existsSync(SERVER) ? false : 'run node esbuild.mjs first' }, async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const result = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { trusted: false } });
      assert.equal(result.serverInfo?.name, 'automl-language-server');
      assert.equal(result.capabilities.hoverProvider, true);
      assert.ok(result.capabilities.completionProvider);
      await connection.sendNotification('initialized', {});
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
