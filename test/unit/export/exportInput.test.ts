/**
 * The exported module's input handling: its `Input` type, raw text and typed values, missing and
 * unusable values (missing where the model learned missing values, else a TypeError naming the
 * field), unseen labels as the engine treats them, and strict compilation.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import { exportPipeline } from '../../../src/engine/export/exportPipeline';
import type { Pipeline } from '../../../src/engine/prep/pipeline';
import { compileAndLoad, strictDiagnostics } from './compileModule';
import { fitOn, infoOf, parityData, type ParityData } from './parityFixtures';

type Row = Readonly<Record<string, unknown>>;
interface Classifier {
  readonly classes: readonly string[];
  readonly inputFields: readonly { name: string; type: string; required: boolean }[];
  readonly modelInfo: Readonly<Record<string, unknown>>;
  predict(row: Row): string;
  predictProba(row: Row): Record<string, number>;
  predictBatch(rows: readonly Row[]): string[];
}

const encoder = new TextEncoder();

/** The engine's probabilities for rows written as CSV text (the header and rows as the file has them). */
function engineProba(pipeline: Pipeline, header: readonly string[], rows: readonly (readonly string[])[]): number[][] {
  const text = [header, ...rows].map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\n');
  const { frame } = readCsvBytes(encoder.encode(text), { types: { age: 'float', sex: 'categorical', passengerClass: 'categorical', name: 'text' } });
  const p = pipeline.predict(frame).proba as Float64Array[];
  return Array.from({ length: frame.rowCount }, (_, i) => p.map((col) => col[i]));
}

async function titanicModule(learner: string): Promise<{ data: ParityData; pipeline: Pipeline; mod: Classifier; source: string }> {
  const data = await parityData('titanic');
  const pipeline = fitOn(data, learner, learner === 'gbdt' ? { numIterations: 40 } : {});
  const source = exportPipeline(pipeline.toJSON(), infoOf(data, pipeline.describe()));
  return { data, pipeline, mod: compileAndLoad<Classifier>(source), source };
}

describe('the exported module\'s input', () => {
  it('types fields from the training schema, with quoted keys, optional where values were missing', async () => {
    const { source, mod, pipeline } = await titanicModule('gbdt');
    assert.deepEqual(strictDiagnostics(source), []);
    assert.match(source, /'age'\?: number \| string \| null;/);
    assert.match(source, /'sex': string \| number;/);
    assert.deepEqual(
      mod.inputFields.map((f) => [f.name, f.type, f.required]),
      [['name', 'category', true], ['sex', 'category', true], ['age', 'number', false], ['passengerClass', 'category', true]],
    );
    assert.deepEqual(mod.classes, pipeline.target.task === 'regression' ? [] : pipeline.target.classes);
    assert.equal(mod.modelInfo.dataset, 'titanic');
    assert.match(source, /^\/\*\*\n \* Predicts 'survived' \(binary classification/);
  });

  for (const learner of ['gbdt', 'logistic']) {
    it(`${learner}: missing and unusable optional values count as missing, as in the engine`, async () => {
      const { pipeline, mod } = await titanicModule(learner);
      const base = { name: 'Smith, Mr. John', sex: 'male', passengerClass: '3rd' };
      const [expected] = engineProba(pipeline, ['name', 'sex', 'age', 'passengerClass'], [['Smith, Mr. John', 'male', '', '3rd']]);
      for (const age of [undefined, null, '', ' NA ', 'n/a', 'abc', NaN, {}]) {
        const proba = mod.predictProba({ ...base, age });
        mod.classes.forEach((label, c) => assert.ok(Math.abs(proba[label] - expected[c]) <= 1e-9, `age ${String(age)}: ${proba[label]} vs ${expected[c]}`));
      }
    });

    it(`${learner}: required fields missing or of the wrong type are a TypeError naming the field`, async () => {
      const { mod } = await titanicModule(learner);
      const row = { name: 'Smith, Mr. John', sex: 'male', age: 30, passengerClass: '3rd' };
      assert.throws(() => mod.predict({ ...row, sex: undefined }), (e: unknown) => e instanceof TypeError && /'sex' is required/.test(e.message));
      assert.throws(() => mod.predict({ ...row, sex: 'NA' }), (e: unknown) => e instanceof TypeError && /'sex' is required/.test(e.message));
      assert.throws(() => mod.predict({ ...row, passengerClass: { x: 1 } }), (e: unknown) => e instanceof TypeError && /'passengerClass' must be a label \(text\), not an object/.test(e.message));
      assert.throws(() => mod.predict(null as unknown as Row), (e: unknown) => e instanceof TypeError && /a row must be an object/.test(e.message));
      assert.throws(() => mod.predict([] as unknown as Row), TypeError);
      assert.throws(() => mod.predictBatch([row, { ...row, sex: undefined }]), (e: unknown) => e instanceof TypeError && /^row 1: 'sex' is required/.test(e.message));
    });

    it(`${learner}: unseen labels follow the pipeline's rule, as in the engine`, async () => {
      const { pipeline, mod } = await titanicModule(learner);
      const rows = [
        ['Doe, Dr. Jane', 'female', '41', 'steerage'],
        ['Zzyzx Qwerty', 'unknown', '7.5', '1st'],
      ];
      const expected = engineProba(pipeline, ['name', 'sex', 'age', 'passengerClass'], rows);
      rows.forEach(([name, sex, age, passengerClass], i) => {
        for (const row of [{ name, sex, age, passengerClass }, { name, sex, age: Number(age), passengerClass }]) {
          const proba = mod.predictProba(row);
          mod.classes.forEach((label, c) => assert.ok(Math.abs(proba[label] - expected[i][c]) <= 1e-9, `row ${i}: ${proba[label]} vs ${expected[i][c]}`));
        }
      });
    });
  }

  it('dates: a Date, epoch milliseconds and the text predict alike; extra fields are ignored', async () => {
    const data = await parityData('seattle_weather');
    const pipeline = fitOn(data, 'gbdt', { numIterations: 30 });
    const mod = compileAndLoad<Classifier>(exportPipeline(pipeline.toJSON(), infoOf(data, 'gbdt')));
    const base = { precipitation: '0.0', temp_max: 12.8, temp_min: '5.0', wind: 4.7 };
    const text = mod.predictProba({ ...base, date: '2012-01-01' });
    assert.deepEqual(mod.predictProba({ ...base, date: new Date(Date.UTC(2012, 0, 1)) }), text);
    assert.deepEqual(mod.predictProba({ ...base, date: Date.UTC(2012, 0, 1), weather: 'sun', other: [1] }), text);
    assert.throws(() => mod.predict({ ...base, date: 'yesterday' }), (e: unknown) => e instanceof TypeError && /'date' must be a Date/.test(e.message));
  });
});
