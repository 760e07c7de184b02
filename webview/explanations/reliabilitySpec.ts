/**
 * The reliability diagram of a calibration check as a {@link PlotSpec}: the diagonal where
 * predicted probabilities come true, the model's bins, and the bins before calibration when a
 * method was kept. Pure (no DOM), so it is tested directly.
 */
import type { CalibrationSection, ReliabilityBin } from '../../src/protocol/webview';
import { formatCount, formatNumber } from '../shared/format';
import type { PlotPoint, PlotSeries, PlotSpec } from './plotSpec';

/** What the probabilities are of: "P(survived = yes)" or "the top class's probability". */
export function predictedWhat(calibration: CalibrationSection): string {
  if (calibration.curve === 'topClass') return "the top class's probability";
  return calibration.positiveClass === undefined ? 'the positive class\u2019s probability' : `P(${calibration.positiveClass})`;
}

function binPoints(bins: readonly ReliabilityBin[]): { points: PlotPoint[]; tooltips: string[] } {
  const usable = bins.filter((b) => b.count > 0 && Number.isFinite(b.meanPredicted) && Number.isFinite(b.observed));
  return {
    points: usable.map((b) => ({ x: b.meanPredicted, y: b.observed })),
    tooltips: usable.map((b) => `predicted ${formatNumber(b.meanPredicted)}, observed ${formatNumber(b.observed)} (${formatCount(b.count)} rows)`),
  };
}

export function reliabilitySpec(calibration: CalibrationSection): PlotSpec {
  const observed = calibration.curve === 'topClass' ? 'Share classified correctly' : `Share that were ${calibration.positiveClass ?? 'positive'}`;
  const series: PlotSeries[] = [
    { label: 'Perfectly calibrated', kind: 'line', emphasis: 'reference', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
  ];
  if (calibration.before !== undefined) {
    series.push({ label: 'Before calibration', kind: 'line', emphasis: 'faint', radius: 2, ...binPoints(calibration.before.bins) });
  }
  series.push({ label: 'The model', kind: 'line', emphasis: 'main', radius: 3, ...binPoints(calibration.bins) });
  return {
    title: `Reliability diagram: ${observed.toLowerCase()} against the mean predicted ${predictedWhat(calibration)}, per bin; the diagonal is perfect calibration.`,
    x: { kind: 'number', title: `Mean predicted ${predictedWhat(calibration)}` },
    y: { kind: 'number', title: observed },
    series,
  };
}
