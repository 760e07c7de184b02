/** The open dialog for a data file: every format the sources read, one place to list them. */
import * as vscode from 'vscode';

const DATA_FILE_EXTENSIONS = ['csv', 'tsv', 'gz', 'json', 'ndjson', 'jsonl', 'parquet', 'xlsx', 'sqlite', 'sqlite3', 'db'];

/** Asks for one data file, starting in the first workspace folder; undefined when dismissed. */
export async function pickDataFileUri(openLabel: string, title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Data files': DATA_FILE_EXTENSIONS },
    openLabel,
    title,
  });
  return picked?.[0];
}
