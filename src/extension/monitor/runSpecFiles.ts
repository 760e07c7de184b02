/**
 * The spec files a run's monitoring diagnostics go on: the run folder's own `spec.automl`, and
 * the workspace `.automl` spec that produced the run when one can be told: a spec outside
 * `.automl/` naming the same data and target as the run's `spec.json`.
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parseSpecText } from '../../engine/spec/parseSpec';
import { RUN_SPEC_FILE, resolveSpecSource } from '../../node/specFiles';
import { labelOf } from '../runOnSource';
import { readRunSpec } from '../runs/savedRuns';

/** How many workspace specs are read at most when looking for the run's. */
const MAX_SPECS = 50;

/** The run's `spec.automl`, then the workspace specs of the same data and target. */
export async function runSpecFiles(runDir: string): Promise<vscode.Uri[]> {
  const own = vscode.Uri.file(join(runDir, RUN_SPEC_FILE));
  const uris = [own];
  const saved = await readRunSpec(runDir).catch(() => undefined);
  if (saved?.file === undefined) return uris;
  // The run folder sits at <root>/.automl/runs/<name>; its spec.json names the data relative to <root>.
  const root = dirname(dirname(dirname(runDir)));
  const found = await vscode.workspace.findFiles('**/*.automl', '{**/.automl/**,**/node_modules/**}', MAX_SPECS);
  for (const uri of found) {
    if (uri.scheme !== 'file') continue;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const { spec } = parseSpecText(text);
      if (spec.source === undefined) continue;
      const label = labelOf(resolveSpecSource(spec.source, dirname(uri.fsPath)), root);
      if (label === saved.file && (spec.run.target === undefined || spec.run.target === saved.target)) uris.push(uri);
    } catch {
      // A spec that cannot be read is not the run's.
    }
  }
  return uris;
}
