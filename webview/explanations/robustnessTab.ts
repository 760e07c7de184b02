/**
 * The Robustness tab: the final model's overall grade and its list of graded checks, then one
 * section per check (calibration, weak segments, perturbation, stability, latency, and data
 * shift when new data was compared) and the notes on what was sampled or skipped. A run from
 * before `robustness.json`, or a trial's explanations, get one line saying so.
 */
import type { ModelKey, RobustnessCheck, RobustnessReport, RunReport } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { sentence } from '../shared/sentence';
import { calibrationSection } from './calibrationSection';
import { latencySection, shiftSection, stabilitySection } from './factSections';
import { gradeMark } from './gradeMark';
import { perturbationSection } from './perturbationSection';
import type { PlotRenderer } from './plotSpec';
import { segmentsSection } from './segmentsSection';
import type { TabContent } from './tabContent';

const CHECK_TITLES: Readonly<Record<RobustnessCheck['check'], string>> = {
  calibration: 'Calibration',
  segments: 'Weak segments',
  perturbation: 'Perturbation',
  stability: 'Stability',
  latency: 'Latency',
  shift: 'Data shift',
};

/** The tab when there is no report to show, saying why. */
function absent(text: string): TabContent {
  return { element: h('div', { class: 'robustness-tab' }, h('p', { class: 'muted hint robustness-absent' }, text)) };
}

export interface RobustnessTabOptions {
  readonly model: ModelKey;
  /** Whether the model classifies (perturbation changes are then shares of flipped labels). */
  readonly classification: boolean;
}

export function robustnessTab(report: RunReport<RobustnessReport>, options: RobustnessTabOptions, plots: PlotRenderer): TabContent {
  if (options.model !== 'final') return absent('The robustness checks are about the run\u2019s final model; open the final model\u2019s explanations to see them.');
  if (report === null) return absent('This run predates robustness checks: its folder has no robustness.json.');
  if (report === undefined) return absent('The robustness checks of this run could not be read (the AutoML output says why).');
  const check = (name: RobustnessCheck['check']): RobustnessCheck | undefined => report.checks.find((c) => c.check === name);
  const calibration = calibrationSection(report.calibration, plots);
  const element = h('div', { class: 'robustness-tab' },
    h('section', { class: 'robustness-overall', attrs: { 'aria-label': 'Overall' } },
      h('h2', null, 'Robustness of the final model ', h('span', { class: `grade-badge grade-badge-${report.grade}` }, gradeMark(report.grade, 'Overall: '))),
      report.checks.length === 0
        ? h('p', { class: 'muted' }, 'No check was run.')
        : h('ul', { class: 'check-list' }, ...report.checks.map((c) => h('li', { class: `check check-${c.check}` },
          gradeMark(c.grade),
          ' ',
          h('strong', null, CHECK_TITLES[c.check] ?? c.check),
          ': ',
          ...sentence(c.sentence),
        ))),
    ),
    calibration.element,
    segmentsSection(report.segments, check('segments')),
    perturbationSection(report.perturbation, options.classification, check('perturbation')),
    stabilitySection(report.stability),
    latencySection(report.latency),
    shiftSection(report.shift),
    report.notes.length === 0 ? null : h('section', { class: 'robustness-section notes', attrs: { 'aria-label': 'Notes' } },
      h('h2', null, 'Notes'),
      h('ul', { class: 'note-list' }, ...report.notes.map((note) => h('li', null, ...sentence(note)))),
    ),
    h('p', { class: 'muted caption' }, `Checked in ${formatNumber(report.elapsedMs / 1000)} s.`),
  );
  return { element, draw: calibration.draw };
}
