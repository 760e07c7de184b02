/**
 * How the Robustness tab shows a grade: a glyph and a word (never colour alone), and the frame
 * every check's section shares (title, grade, the engine's sentence).
 */
import type { RobustnessGrade } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { sentence } from '../shared/sentence';

const GRADES: Readonly<Record<RobustnessGrade, { readonly glyph: string; readonly word: string }>> = {
  ok: { glyph: '✓', word: 'OK' },
  warn: { glyph: '⚠', word: 'Warning' },
  alert: { glyph: '✖', word: 'Alert' },
};

/** The word of a grade ("Warning"); an unknown grade (a newer engine) as it is. */
export function gradeWord(grade: RobustnessGrade): string {
  return GRADES[grade]?.word ?? String(grade);
}

/** A grade as glyph + word, classed `grade grade-<grade>` for its colour. */
export function gradeMark(grade: RobustnessGrade, prefix = ''): HTMLElement {
  const known = GRADES[grade] !== undefined;
  return h('span', { class: `grade grade-${known ? grade : 'unknown'}` },
    h('span', { class: 'grade-glyph', attrs: { 'aria-hidden': 'true' } }, GRADES[grade]?.glyph ?? '?'),
    ` ${prefix}${gradeWord(grade)}`,
  );
}

/**
 * One check's section: its title with its grade, the engine's sentence, then `content`. Without
 * `graded` (the check was not run) the section holds `content` only (which says why).
 */
export function checkSection(
  id: string,
  title: string,
  graded: { readonly grade: RobustnessGrade; readonly sentence: string } | undefined,
  ...content: Child[]
): HTMLElement {
  return h('section', { class: `robustness-section robustness-${id}`, attrs: { 'aria-label': title } },
    h('h2', null, title, graded === undefined ? null : gradeMark(graded.grade)),
    graded === undefined ? null : h('p', { class: 'check-sentence' }, ...sentence(graded.sentence)),
    ...content,
  );
}
