import * as vscode from 'vscode';
import type { SourcePeek } from '../engine/data/sourcePreview';
import { guessTargetIndex } from './targetGuess';

interface TargetItem extends vscode.QuickPickItem {
  /** The column this item stands for; `null` for "no target". */
  readonly column: string | null;
}

/**
 * Asks which column to predict, with the guessed target (judged on `sample`, the file's first
 * rows, when they parsed) already highlighted so Enter confirms it.
 * Resolves to the column name, `null` for "no target: profile only", or `undefined` if dismissed.
 */
export function pickTarget(columns: readonly string[], fileLabel: string, sample: Pick<SourcePeek, 'frame' | 'partial'> | undefined): Promise<string | null | undefined> {
  const guess = guessTargetIndex(columns, sample);
  const columnItems: TargetItem[] = columns.map((column, index) => ({
    label: column,
    column,
    description: index === guess ? 'guessed target' : undefined,
  }));
  const noTarget: TargetItem = { label: '(no target: profile only)', column: null, alwaysShow: true };
  const separator: TargetItem = { label: '', kind: vscode.QuickPickItemKind.Separator, column: null };

  const quickPick = vscode.window.createQuickPick<TargetItem>();
  quickPick.title = `AutoML: target column of ${fileLabel}`;
  quickPick.placeholder = 'Column to predict (the guess is highlighted: press Enter to accept it)';
  quickPick.items = [...columnItems, separator, noTarget];
  quickPick.activeItems = guess >= 0 ? [columnItems[guess]] : [noTarget];
  // Like every other step of the run pickers: a notification or the log taking focus while a
  // person reads the columns must not cancel the run (seen in the e2e suite: the Output panel
  // took focus and the picker closed).
  quickPick.ignoreFocusOut = true;

  return new Promise((resolve) => {
    let chosen: string | null | undefined;
    quickPick.onDidAccept(() => {
      const [item] = quickPick.selectedItems;
      // Enter on a filter that matches nothing selects nothing: keep the picker open.
      if (item === undefined) return;
      chosen = item.column;
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}
