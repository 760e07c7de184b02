/**
 * What a check alerts on (the notification and the spec's diagnostics): one rule per drifting
 * column or finding worse than ok, alerts first; nothing for an ok check; the `monitor:` line.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { alertRules, alertSummary, formatScore, monitorSectionLine } from '../../../src/extension/monitor/alertRules';
import { column, driftedReport, report } from './reportFixture';

describe('alert rules of a check', () => {
  it('gives none for a quiet check, and no notification', () => {
    assert.deepEqual(alertRules(report()), []);
    assert.equal(alertSummary(report(), 'run-1'), undefined);
  });

  it('gives dataset drift, one rule per drifting column and per finding worse than ok, alerts first', () => {
    const rules = alertRules(driftedReport());
    assert.deepEqual(rules.map((r) => r.rule), ['dataset', 'drift:age', 'drift:sex', 'outOfRange:age', 'unseenCategories:sex']);
    assert.ok(rules.every((r) => r.grade === 'alert'));
    assert.match(rules[1].message, /'age' drifts: Wasserstein distance \/ std 3\.4 ≥ 0\.1, PSI 2\.1\./);
    assert.equal(rules.find((r) => r.rule === 'unseenCategories:sex')?.column, 'sex');
    assert.ok(!rules.some((r) => r.rule.startsWith('extraColumn')), 'an extra column is listed, not alerted');
  });

  it('reads a p-value test the other way round, and a critical column alerts', () => {
    const checked = report({
      grade: 'alert',
      columns: [column('x', { method: 'ks', score: 0.001, threshold: 0.05, drift: true, psi: 0.05, critical: true, grade: 'warn' }), column('y', { method: 'ks', score: 0.5, threshold: 0.05, psi: 0.15 })],
    });
    const rules = alertRules(checked);
    assert.deepEqual(rules.map((r) => [r.rule, r.grade]), [['drift:x', 'alert'], ['drift:y', 'warn']]);
    assert.match(rules[0].message, /Kolmogorov–Smirnov p-value 0\.001 < 0\.05.*critical/);
    assert.match(rules[1].message, /'y' shifts: .* 0\.5 ≥ 0\.05, PSI 0\.15/);
  });

  it('adds prediction drift and a performance drop', () => {
    const checked = report({
      grade: 'warn',
      prediction: { status: 'checked', kind: 'class', method: 'chisquare', score: 0.01, threshold: 0.05, drift: true, psi: 0.12, grade: 'warn' },
      performance: { kind: 'labels', status: 'checked', metric: 'roc_auc', higherIsBetter: true, rows: 300, value: 0.7, reference: 0.85, foldStd: 0.01, limit: 0.82, grade: 'alert', sentence: 'ROC AUC 0.70 is below the alert limit 0.82.' },
    });
    const rules = alertRules(checked);
    assert.deepEqual(rules.map((r) => r.rule), ['performance', 'prediction']);
    assert.match(rules[1].message, /predicted classes drift \(chi-square p-value 0\.01, PSI 0\.12\)/);
  });

  it('names the drifted columns and the other rules in the notification', () => {
    const text = alertSummary(driftedReport(), '20261207-titanic');
    assert.equal(text, "AutoML: drift alert on 20261207-titanic: 'age', 'sex' drift (dataset drift); rules outOfRange:age, unseenCategories:sex.");
    const warn = alertSummary(report({ grade: 'warn', columns: [column('age', { drift: true, score: 0.2, grade: 'warn' })] }), 'r');
    assert.equal(warn, "AutoML: drift warning on r: 'age' drifts.");
  });

  it('formats scores short, tiny p-values in exponent form', () => {
    assert.equal(formatScore(0.123456), '0.123');
    assert.equal(formatScore(3), '3');
    assert.equal(formatScore(1.5e-9), '1.50e-9');
    assert.equal(formatScore(0), '0');
  });

  it('places diagnostics on the monitor: section, else the first line', () => {
    assert.equal(monitorSectionLine('data: a.csv\ntarget: y\nmonitor:\n  windowMinutes: 60\n'), 2);
    assert.equal(monitorSectionLine('data: a.csv\r\nmonitor :\r\n'), 1);
    assert.equal(monitorSectionLine('data: a.csv\n# monitor: later\n'), 0);
    assert.equal(monitorSectionLine(''), 0);
  });
});
