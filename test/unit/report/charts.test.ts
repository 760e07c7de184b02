import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { beeswarmChart } from '../../../src/engine/report/charts/beeswarmChart';
import { histogramChart } from '../../../src/engine/report/charts/histogramChart';
import { lineChart } from '../../../src/engine/report/charts/lineChart';
import { reliabilityChart } from '../../../src/engine/report/charts/reliabilityChart';
import { rowChart } from '../../../src/engine/report/charts/rowChart';
import { linearScale, niceDomain } from '../../../src/engine/report/charts/scale';
import { attributes, startTags } from './pageChecks';

/** The numeric attributes of every element named `name`. */
function elements(svg: string, name: string): Record<string, number>[] {
  return startTags(svg)
    .filter((t) => t.startsWith(`<${name} `) || t === `<${name}>`)
    .map((t) => Object.fromEntries(attributes(t).map((a) => [a.name, Number(a.value)])));
}

describe('report chart scales', () => {
  it('widens a domain to round ticks', () => {
    assert.deepEqual(niceDomain(0, 0.83), { domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    assert.deepEqual(niceDomain(0.7283, 0.8801), { domain: [0.7, 0.9], ticks: [0.7, 0.75, 0.8, 0.85, 0.9] });
    assert.deepEqual(niceDomain(-3, 12).ticks, [-5, 0, 5, 10, 15]);
    const single = niceDomain(5, 5);
    assert.ok(single.domain[0] < 5 && single.domain[1] > 5);
  });

  it('maps linearly, and a zero-width domain to the middle', () => {
    const x = linearScale([0, 10], [100, 200]);
    assert.equal(x(5), 150);
    assert.equal(linearScale([3, 3], [0, 10])(3), 5);
  });
});

describe('report charts', () => {
  it('draws bars from zero in proportion, with a title, axis label and accessible label', () => {
    const svg = rowChart({ title: 'Importance', xLabel: 'mean |SHAP|', items: [{ label: 'a', value: 2 }, { label: 'b', value: 1 }] }).html;
    assert.match(svg, /<svg role="img" aria-label="Bar chart, Importance: a 2, b 1\."/);
    assert.match(svg, /<title>Importance<\/title>/);
    assert.match(svg, /class="axis-label"[^>]*>mean \|SHAP\|</);
    const [a, b] = elements(svg, 'rect');
    assert.ok(Math.abs(a.width - 2 * b.width) < 0.2, `${a.width} vs ${b.width}`);
    assert.equal(a.x, b.x);
  });

  it('draws dots with whiskers from the low to the high end', () => {
    const svg = rowChart({ title: 'Scores', xLabel: 'AUC', mark: 'dot', items: [{ label: 't1', value: 0.8, low: 0.7, high: 0.9, highlight: true }], highlightMeaning: 'final' }).html;
    const [dot] = elements(svg, 'circle');
    const [span] = elements(svg, 'line').filter((l) => l.y1 === l.y2 && l.x1 !== l.x2 && l.y1 === dot.cy);
    assert.ok(span.x1 < dot.cx && dot.cx < span.x2);
    assert.ok(Math.abs(dot.cx - (span.x1 + span.x2) / 2) < 0.2, 'the mean is halfway between the ends');
    assert.match(svg, /class="mark highlight"/);
    assert.match(svg, />final</);
  });

  it('draws one histogram bar per bin, the tallest for the largest count', () => {
    const svg = histogramChart({ title: 'age', xLabel: 'age', edges: [0, 10, 20, 30], counts: [5, 20, 10] }).html;
    const bars = elements(svg, 'rect');
    assert.equal(bars.length, 3);
    assert.ok(bars[1].height > bars[2].height && bars[2].height > bars[0].height);
    assert.match(svg, /aria-label="Histogram, age: 3 bins from 0 to 30, the most values \(20\) between 10 and 20\."/);
  });

  it('draws the reliability diagram\'s diagonal from (0, 0) to (1, 1), and the curve before calibration', () => {
    const bins = [
      { count: 10, meanPredicted: 0.1, observed: 0.2 },
      { count: 10, meanPredicted: 0.9, observed: 0.8 },
    ];
    const svg = reliabilityChart({ title: 'Reliability', xLabel: 'predicted', yLabel: 'observed', bins, before: bins.map((b) => ({ ...b, observed: b.meanPredicted })) }).html;
    const line = startTags(svg).find((t) => t.includes('class="diagonal"'));
    assert.ok(line);
    const d = Object.fromEntries(attributes(line).map((a) => [a.name, Number(a.value)]));
    assert.ok(d.x1 < d.x2 && d.y1 > d.y2, 'bottom left to top right');
    assert.equal(d.x2 - d.x1, d.y1 - d.y2, 'square');
    assert.match(svg, /largest gap between predicted and observed is 0\.1/);
    assert.match(svg, />before calibration</);
  });

  it('draws a line through the points, and faint lines behind it', () => {
    const svg = lineChart({ title: 'PD', xLabel: 'x', yLabel: 'y', x: [0, 1, 2], line: [0, 1, 0], background: [[1, 1, 1]] }).html;
    assert.equal((svg.match(/<path class="line faint" d="M[^"]+"/g) ?? []).length, 1);
    assert.match(svg, /<path class="line" d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+"/);
  });

  it('stacks beeswarm dots that would overlap, and colors them from low to high value', () => {
    const svg = beeswarmChart({ title: 'SHAP', xLabel: 'SHAP value', rows: [{ label: 'a', shap: [0.1, 0.1, 0.1, 0.5], values: [1, 2, 3, NaN] }] }).html;
    const dots = startTags(svg).filter((t) => t.startsWith('<circle') && /class="v[0-9x]"/.test(t) && !t.includes('r="4"'));
    assert.equal(dots.length, 4);
    const at = dots.map((t) => Object.fromEntries(attributes(t).map((a) => [a.name, a.value])));
    const sameX = at.filter((d) => d.cx === at[0].cx);
    assert.equal(new Set(sameX.map((d) => d.cy)).size, 3, 'three equal values, three heights');
    assert.deepEqual(at.map((d) => d.class), ['v0', 'v3', 'v6', 'vx']);
  });
});
