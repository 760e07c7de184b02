/**
 * The Robustness tab's weak segments: groups of rows (found by a shallow tree on out-of-fold
 * loss) where the model scores worse than on all rows, as a table with each segment's grade.
 */
import type { RobustnessGrade, WeakSegment } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { formatCount, formatNumber, formatPercent } from '../shared/format';
import { checkSection, gradeMark } from './gradeMark';

/** `graded`: the segments check as the report's list of checks grades it. */
export function segmentsSection(
  segments: readonly WeakSegment[],
  graded: { readonly grade: RobustnessGrade; readonly sentence: string } | undefined,
): HTMLElement {
  if (segments.length === 0) {
    return checkSection('segments', 'Weak segments', graded,
      h('p', { class: 'muted' }, 'No group of rows where the model does notably worse was found.'));
  }
  return checkSection('segments', 'Weak segments', graded,
    h('table', { class: 'data-table segments' },
      h('thead', null, h('tr', null,
        h('th', { attrs: { scope: 'col' } }, 'Segment'),
        h('th', { class: 'num', attrs: { scope: 'col' } }, 'Rows'),
        h('th', { class: 'num', attrs: { scope: 'col', title: 'The run\u2019s metric on the segment\u2019s rows, and on all rows' } }, 'Metric: segment vs all'),
        h('th', { attrs: { scope: 'col' } }, 'Grade'),
      )),
      h('tbody', null, ...segments.map((s) => h('tr', { attrs: { title: s.sentence } },
        h('td', { class: 'segment' }, s.description),
        h('td', { class: 'num' }, `${formatCount(s.rows)} (${formatPercent(s.share * 100)})`),
        h('td', { class: 'num' }, `${formatNumber(s.metric)} vs ${formatNumber(s.overall)}`),
        h('td', null, gradeMark(s.grade)),
      ))),
    ),
  );
}
