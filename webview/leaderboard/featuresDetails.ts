/**
 * What the Leaderboard's feature line discloses: every dropped column with its reason and who
 * dropped it, every engineered feature tried (kept or not), the cross-validated comparisons that
 * decided, and the notes. Every name and sentence is data, so it only becomes text.
 */
import type { FeaturesFile } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { droppedByText } from '../shared/featureWords';
import { formatNumber, plural } from '../shared/format';
import { sentence } from '../shared/sentence';

/** A yes/no mark in words and a glyph, so it does not rest on colour. */
function keptMark(kept: boolean): HTMLElement {
  return h('span', { class: `kept-mark ${kept ? 'kept' : 'not-kept'}` },
    h('span', { attrs: { 'aria-hidden': 'true' } }, kept ? '✓ ' : '✗ '),
    kept ? 'kept' : 'not kept');
}

function table(className: string, headers: readonly string[], rows: readonly (readonly Child[])[]): HTMLElement {
  return h('table', { class: `data-table ${className}` },
    h('thead', null, h('tr', null, ...headers.map((label) => h('th', { attrs: { scope: 'col' } }, label)))),
    h('tbody', null, ...rows.map((cells) => h('tr', null, ...cells.map((cell) => h('td', null, cell))))),
  );
}

export function featuresDetails(file: FeaturesFile): HTMLElement {
  const blocks: Child[] = [];
  if (file.selection === 'off') {
    blocks.push(h('p', { class: 'muted' }, 'Feature selection and engineering were off for this run: it used every column the profile kept.'));
  }
  blocks.push(h('h3', null, `Dropped columns (${file.dropped.length})`));
  blocks.push(file.dropped.length === 0
    ? h('p', { class: 'muted' }, 'The run used every column.')
    : table('dropped-columns', ['Column', 'Reason', 'Dropped by'], file.dropped.map((d) => [
      h('span', { class: 'column-name' }, d.name),
      d.reason,
      droppedByText(d.by),
    ])));

  blocks.push(h('h3', null, `Engineered features tried (${file.engineered.length})`));
  blocks.push(file.engineered.length === 0
    ? h('p', { class: 'muted' }, 'No engineered feature was tried.')
    : table('engineered-features', ['Feature', 'From', 'Score alone', 'Final model'], file.engineered.map((e) => [
      h('code', { attrs: { title: e.formula } }, e.name),
      e.sources.join(', '),
      e.screenScore === undefined ? '–' : formatNumber(e.screenScore),
      keptMark(e.kept),
    ])));

  if (file.gates.length > 0) {
    blocks.push(h('h3', null, `Decisions (${plural(file.gates.length, 'comparison')})`));
    blocks.push(h('ul', { class: 'gate-list' }, ...file.gates.map((gate) => h('li', null,
      keptMark(gate.kept),
      ' ',
      ...sentence(gate.sentence),
      h('span', { class: 'muted' }, ` (${formatNumber(gate.baseline)} → ${formatNumber(gate.candidate)})`),
    ))));
  }
  if (file.notes.length > 0) {
    blocks.push(h('h3', null, 'Notes'));
    blocks.push(h('ul', { class: 'note-list' }, ...file.notes.map((note) => h('li', null, ...sentence(note)))));
  }
  return h('div', { class: 'features-details-content' }, ...blocks);
}
