/**
 * The Robustness tab's calibration section: the reliability diagram, Brier score and expected
 * calibration error (before and after the kept method), and the methods the run tried with their
 * cross-validated log loss.
 */
import type { CalibrationSection, CalibrationTrial } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { checkSection } from './gradeMark';
import type { PlotRenderer } from './plotSpec';
import { predictedWhat, reliabilitySpec } from './reliabilitySpec';
import type { TabContent } from './tabContent';

const CHART_HEIGHT_PX = 280;

const METHODS: Readonly<Record<CalibrationTrial['method'], string>> = {
  none: 'none (the model\u2019s own probabilities)',
  isotonic: 'isotonic regression',
  platt: 'Platt scaling',
  temperature: 'temperature scaling',
};

export function methodText(method: CalibrationTrial['method']): string {
  return METHODS[method] ?? method;
}

export function calibrationSection(calibration: CalibrationSection | undefined, plots: PlotRenderer): TabContent {
  if (calibration === undefined) {
    return {
      element: checkSection('calibration', 'Calibration', undefined,
        h('p', { class: 'muted' }, 'Calibration was not checked for this model (it applies to classifiers; the notes below say why when it was skipped).')),
    };
  }
  const canvas = h('canvas');
  const box = h('div', { class: 'chart-box reliability' }, canvas);
  box.style.height = `${CHART_HEIGHT_PX}px`;
  const { before } = calibration;
  const best = Math.min(...calibration.tried.map((t) => t.logLoss));
  const element = checkSection('calibration', 'Calibration', calibration,
    h('p', { class: 'muted caption' },
      `Rows grouped by ${predictedWhat(calibration)} (out of fold): where a point sits on the dashed diagonal, the predicted probabilities come true.`),
    box,
    h('p', { class: 'calibration-scores' },
      `Brier score ${formatNumber(calibration.brier)} · ECE ${formatNumber(calibration.ece)} · calibration kept: ${methodText(calibration.method)}`,
      before === undefined ? null : h('span', { class: 'muted' }, ` (before: Brier ${formatNumber(before.brier)}, ECE ${formatNumber(before.ece)})`),
    ),
    calibration.tried.length === 0 ? null : h('table', { class: 'data-table calibration-methods' },
      h('caption', { class: 'muted' }, 'Methods tried (cross-validated log loss, lower is better)'),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Method'), h('th', { class: 'num', attrs: { scope: 'col' } }, 'Log loss'), h('th', { attrs: { scope: 'col' } }, ''))),
      h('tbody', null, ...calibration.tried.map((t) => h('tr', { class: t.method === calibration.method ? 'kept' : '' },
        h('td', null, methodText(t.method)),
        h('td', { class: 'num' }, formatNumber(t.logLoss)),
        h('td', null, t.method === calibration.method ? 'kept' : t.logLoss === best ? 'lowest' : ''),
      ))),
    ),
  );
  return { element, draw: () => plots.draw(canvas, reliabilitySpec(calibration)) };
}
