/** The code lenses at the top of a spec: ▶ Run, Profile, Open Last Run, Export Best Model. */
import type { CodeLens } from 'vscode-languageserver';
import { SPEC_LENS_COMMANDS } from '../protocol/languageServer';
import type { SpecAnalysis } from './specAnalysis';

const LENSES: readonly { readonly title: string; readonly command: string }[] = [
  { title: '▶ Run', command: SPEC_LENS_COMMANDS.run },
  { title: 'Profile', command: SPEC_LENS_COMMANDS.profile },
  { title: 'Open Last Run', command: SPEC_LENS_COMMANDS.openLastRun },
  { title: 'Export Best Model', command: SPEC_LENS_COMMANDS.exportBestModel },
];

/** The lenses, on the first key's line; each command takes the spec's URI. */
export function specCodeLenses(analysis: SpecAnalysis): CodeLens[] {
  const first = analysis.text.split(/\r\n|\r|\n/).findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const line = Math.max(0, first);
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  return LENSES.map(({ title, command }) => ({ range, command: { title, command, arguments: [analysis.uri] } }));
}
