/**
 * The QuickPicks between "AutoML this" and a running search, after the target: the task (the
 * inferred one first, so Enter accepts it) and the time budget (the configured one first).
 */
import * as vscode from 'vscode';
import type { Task } from '../engine/learners/types';

interface TaskItem extends vscode.QuickPickItem {
  readonly task: Task | undefined;
}

const TASK_TEXT: Readonly<Record<Task, string>> = {
  binary: 'Binary classification: two classes',
  multiclass: 'Multiclass classification: three or more classes',
  regression: 'Regression: predict a number',
};

/** Asks for the task; resolves to the task (undefined: let the engine infer it on all rows), or `null` if dismissed. */
export async function pickTask(target: string, guess: Task | undefined): Promise<Task | undefined | null> {
  const tasks: Task[] = ['binary', 'multiclass', 'regression'];
  const items: TaskItem[] = tasks.map((task) => ({
    label: TASK_TEXT[task],
    task,
    description: task === guess ? 'inferred from the first rows' : undefined,
  }));
  if (guess === undefined) items.unshift({ label: 'Infer from all rows', task: undefined, description: 'the first rows could not tell' });
  else items.sort((a, b) => Number(b.task === guess) - Number(a.task === guess));
  const picked = await vscode.window.showQuickPick(items, {
    title: `AutoML: task for target "${target}"`,
    placeHolder: 'What kind of prediction? (the inferred task is first: press Enter to accept it)',
    ignoreFocusOut: true,
  });
  return picked === undefined ? null : picked.task;
}

interface BudgetItem extends vscode.QuickPickItem {
  readonly seconds: number;
}

/** Asks for the time budget; the configured default first. Resolves to seconds, or undefined if dismissed. */
export async function pickBudget(defaultSeconds: number): Promise<number | undefined> {
  const presets = [30, 60, 120, 300, 900, 3600].filter((s) => s !== defaultSeconds);
  const items: BudgetItem[] = [
    { label: formatSeconds(defaultSeconds), seconds: defaultSeconds, description: 'default (setting automl.budgetSeconds)' },
    ...presets.map((seconds) => ({ label: formatSeconds(seconds), seconds })),
    { label: 'Other…', seconds: -1, description: 'type a number of seconds' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'AutoML: time budget (final refit and explanations included)',
    placeHolder: 'How long may the search take?',
    ignoreFocusOut: true,
  });
  if (picked === undefined) return undefined;
  if (picked.seconds > 0) return picked.seconds;
  const typed = await vscode.window.showInputBox({
    title: 'AutoML: time budget in seconds',
    value: String(defaultSeconds),
    validateInput: (text) => (Number(text) >= 5 ? undefined : 'A number of seconds, at least 5'),
    ignoreFocusOut: true,
  });
  return typed === undefined ? undefined : Number(typed);
}

/** "45 s", "2 min", "1 h 30 min". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  // Round to whole minutes first, so 7,199 s reads "2 h", not "1 h 60 min".
  const totalMinutes = Math.round(seconds / 60);
  const minutes = totalMinutes % 60;
  return `${Math.floor(totalMinutes / 60)} h${minutes ? ` ${minutes} min` : ''}`;
}
