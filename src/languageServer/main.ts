/**
 * The language server's process entry, bundled as `dist/languageServer.js`: the extension starts it
 * over IPC (`--node-ipc`), other editors with `node dist/languageServer.js --stdio`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server';

startLanguageServer(createConnection(ProposedFeatures.all));
