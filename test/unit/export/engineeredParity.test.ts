/**
 * Parity of exported modules with engineered features (pairs of columns, group statistics,
 * cyclical dates, target means of integer columns): on data with missing values, zero
 * denominators, rare and unseen labels, the compiled module predicts exactly the engine's
 * probabilities and values (the same doubles), for a native learner (gbdt) and dense ones
 * (logistic, linear), from raw text and typed values alike.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { EngineeringRequest, FeatureKind } from '../../../src/engine/prep/featurePlan';
import type { Pipeline } from '../../../src/engine/prep/pipeline';
import { checkParity } from './parityCheck';
import { fitOn, parityData, parityDataOf, type ParityData } from './parityFixtures';

const TRAIN = 300;
const TEST = 80;
const REGIONS = ['north', 'south', 'east', 'west'];

/** A CSV of customers: numbers with zeros and gaps, a region (rare "island", unseen "mars" in the holdout), signup times. */
function customersCsv(): string {
  const lines = ['income,debt,region,signup,churned'];
  for (let i = 0; i < TRAIN + TEST; i++) {
    const holdout = i >= TRAIN;
    const income = i % 13 === 0 ? '' : i % 29 === 0 ? '0' : String(1000 + ((i * 7919) % 5000) / 4);
    const debt = i % 11 === 0 ? '' : i % 7 === 0 ? '0' : String(((i * 104729) % 900) / 3);
    const region = i % 17 === 0 ? '' : holdout && i % 5 === 0 ? 'mars' : i % 97 === 1 ? 'island' : REGIONS[(i * 3) % 4];
    const day = new Date(Date.UTC(2020, 0, 1) + ((i * 86_400_000 * 37) % (3 * 365 * 86_400_000)) + ((i * 7) % 24) * 3_600_000 + ((i * 13) % 60) * 60_000);
    const signup = i % 19 === 0 ? '' : day.toISOString().slice(0, 16).replace('T', ' ');
    const score = (income === '' ? 0 : Number(income) / 1000) - (debt === '' ? 0 : Number(debt) / 150) + (day.getUTCMonth() < 6 ? 0.8 : -0.8) + (region === 'east' ? 0.5 : 0);
    const churned = score + (((i * 31) % 10) - 4.5) / 5 > 0.9 ? 'yes' : 'no';
    lines.push([income, debt, region, signup, churned].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function customers(): ParityData {
  const text = customersCsv();
  const { frame } = readCsvBytes(new TextEncoder().encode(text));
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  return parityDataOf({ name: 'customers', target: 'churned', task: 'binary' }, frame, text, rows(0, TRAIN), rows(TRAIN, TRAIN + TEST));
}

const CUSTOMER_FEATURES: readonly EngineeringRequest[] = [
  { kind: 'pair', op: 'ratio', a: 'income', b: 'debt' },
  { kind: 'pair', op: 'difference', a: 'income', b: 'debt' },
  { kind: 'pair', op: 'sum', a: 'debt', b: 'income' },
  { kind: 'pair', op: 'product', a: 'income', b: 'debt', centred: true, modes: ['dense'] },
  { kind: 'pair', op: 'product', a: 'income', b: 'income', modes: ['dense'] },
  { kind: 'groupStat', value: 'income', by: 'region', op: 'ratio' },
  { kind: 'groupStat', value: 'debt', by: 'region', op: 'difference', minCount: 5 },
  { kind: 'cyclical', column: 'signup', part: 'month' },
  { kind: 'cyclical', column: 'signup', part: 'weekday' },
  { kind: 'cyclical', column: 'signup', part: 'hour' },
  { kind: 'cyclical', column: 'signup', part: 'dayOfYear' },
];

/** The kinds of engineered features in the pipeline's plan (none skipped). */
function engineeredKinds(pipeline: Pipeline): Set<FeatureKind> {
  const plan = pipeline.members[0].plan;
  assert.deepEqual(plan.skipped ?? [], [], 'no request skipped');
  return new Set(plan.features.map((f) => f.kind).filter((k) => k === 'pair' || k === 'groupStat' || k === 'cyclical'));
}

const report: string[] = [];

describe('exported modules with engineered features predict exactly what the engine predicts', () => {
  for (const learner of ['gbdt', 'logistic']) {
    it(`${learner} on customers: every kind, zero denominators, missing, rare and unseen labels`, () => {
      const data = customers();
      const pipeline = fitOn(data, learner, learner === 'gbdt' ? { numIterations: 40 } : {}, 7, CUSTOMER_FEATURES);
      assert.deepEqual([...engineeredKinds(pipeline)].sort(), ['cyclical', 'groupStat', 'pair']);
      const names = pipeline.members[0].plan.features.map((f) => f.name);
      assert.equal(names.includes('income * income'), learner === 'logistic', 'squares only in dense plans');
      const holdout = data.test.columns.find((c) => c.name === 'region');
      assert.ok(holdout?.storage === 'categorical' && holdout.dictionary.includes('mars'), 'the holdout has an unseen region');
      const { maxDiff, source } = checkParity(data, pipeline, 0);
      assert.match(source, /finite\(numbers\[\d+\] \/ numbers\[\d+\]\)/);
      assert.match(source, /groupMean\(labels\[\d+\], GROUP_\d+\)/);
      assert.match(source, /cyclical\(numbers\[\d+\], 'dayOfYear', 'cos'\)/);
      if (learner === 'logistic') assert.match(source, /finite\(\(numbers\[\d+\] - [\d.e+-]+\) \* \(numbers\[\d+\] - [\d.e+-]+\)\)/, 'a centred product');
      report.push(`customers ${learner}: max |diff| ${maxDiff}`);
    });
  }

  const realCases: readonly { dataset: string; learner: string; engineer: readonly EngineeringRequest[] }[] = [
    {
      dataset: 'penguins',
      learner: 'gbdt',
      engineer: [
        { kind: 'pair', op: 'ratio', a: 'bill_length_mm', b: 'bill_depth_mm' },
        { kind: 'groupStat', value: 'body_mass_g', by: 'island', op: 'ratio' },
        { kind: 'groupStat', value: 'flipper_length_mm', by: 'sex', op: 'difference' },
      ],
    },
    {
      dataset: 'penguins',
      learner: 'logistic',
      engineer: [
        { kind: 'pair', op: 'product', a: 'bill_length_mm', b: 'bill_depth_mm', centred: true, modes: ['dense'] },
        { kind: 'pair', op: 'product', a: 'flipper_length_mm', b: 'flipper_length_mm', modes: ['dense'] },
        { kind: 'groupStat', value: 'body_mass_g', by: 'island', op: 'difference' },
      ],
    },
    {
      dataset: 'seattle_weather',
      learner: 'logistic',
      engineer: [
        { kind: 'cyclical', column: 'date', part: 'dayOfYear' },
        { kind: 'cyclical', column: 'date', part: 'month' },
        { kind: 'pair', op: 'difference', a: 'temp_max', b: 'temp_min' },
        { kind: 'pair', op: 'ratio', a: 'wind', b: 'precipitation' },
      ],
    },
    {
      dataset: 'concrete',
      learner: 'linear',
      engineer: [
        { kind: 'pair', op: 'ratio', a: 'water', b: 'cement' },
        { kind: 'pair', op: 'product', a: 'age', b: 'age', modes: ['dense'] },
        { kind: 'pair', op: 'sum', a: 'fly_ash', b: 'blast_furnace_slag' },
      ],
    },
  ];
  for (const c of realCases) {
    it(`${c.learner} on ${c.dataset} with ${c.engineer.map((r) => r.kind).join(', ')}`, async () => {
      const data = await parityData(c.dataset);
      const pipeline = fitOn(data, c.learner, c.learner === 'gbdt' ? { numIterations: 40 } : {}, 7, c.engineer);
      assert.ok(engineeredKinds(pipeline).size > 0);
      const { maxDiff } = checkParity(data, pipeline, 0);
      report.push(`${c.dataset} ${c.learner}: max |diff| ${maxDiff}`);
    });
  }

  // Integer columns read as categories: the module looks each number up by its text, as the engine does.
  const targetMeanCases = [
    { dataset: 'pima_diabetes', learner: 'gbdt', columns: ['glucose', 'insulin'] },
    { dataset: 'concrete', learner: 'linear', columns: ['age'] },
  ];
  for (const c of targetMeanCases) {
    it(`${c.learner} on ${c.dataset} with target means of ${c.columns.join(', ')}`, async () => {
      const data = await parityData(c.dataset);
      const pipeline = fitOn(data, c.learner, c.learner === 'gbdt' ? { numIterations: 40 } : {}, 7, c.columns.map((column) => ({ kind: 'targetMean', column })));
      const plan = pipeline.members[0].plan;
      assert.deepEqual(plan.skipped ?? [], [], 'no request skipped');
      for (const column of c.columns) assert.ok(plan.features.some((f) => f.kind === 'targetEncoding' && f.name === `mean(target by ${column})`));
      const { maxDiff, source } = checkParity(data, pipeline, 0);
      assert.match(source, /lookup\(levelOf\(numberLabel\(numbers\[\d+\]\), LEVELS_\d+\)/);
      report.push(`${c.dataset} ${c.learner} target means: max |diff| ${maxDiff}`);
    });
  }

  it('reports', () => {
    console.log(report.join('\n'));
  });
});
