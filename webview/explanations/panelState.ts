/**
 * The Explanations view's UI state and how it is read back from `getState()`: each field that is
 * still valid is kept, so state written by an older version of the view cannot break the panel.
 */
import type { ExplanationsPanelState, ExplanationsTab, ModelKey } from '../../src/protocol/webview';

export const TABS: readonly { readonly id: ExplanationsTab; readonly label: string }[] = [
  { id: 'importance', label: 'Importance' },
  { id: 'beeswarm', label: 'Beeswarm' },
  { id: 'waterfall', label: 'Waterfall' },
  { id: 'dependence', label: 'Dependence' },
  { id: 'insights', label: 'Insights' },
  { id: 'robustness', label: 'Robustness' },
];

/** The UI part of {@link ExplanationsPanelState}. */
export interface UiState {
  tab: ExplanationsTab;
  output: number;
  row: number | undefined;
  dependenceColumn: string | undefined;
}

export const DEFAULT_UI: Readonly<UiState> = { tab: 'importance', output: 0, row: undefined, dependenceColumn: undefined };

function isModelKey(value: unknown): value is ModelKey {
  return value === 'final' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** What an earlier view stored, field by field (invalid fields fall back to the defaults). */
export function restoreState(stored: unknown): { runDir?: string; model?: ModelKey } & UiState {
  const state: { runDir?: string; model?: ModelKey } & UiState = { ...DEFAULT_UI };
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return state;
  const { runDir, model, tab, output, row, dependenceColumn } = stored as Partial<Record<keyof ExplanationsPanelState, unknown>>;
  if (typeof runDir === 'string') state.runDir = runDir;
  if (isModelKey(model)) state.model = model;
  const validTab = TABS.find((t) => t.id === tab);
  if (validTab !== undefined) state.tab = validTab.id;
  if (isIndex(output)) state.output = output;
  if (isIndex(row)) state.row = row;
  if (typeof dependenceColumn === 'string') state.dependenceColumn = dependenceColumn;
  return state;
}
