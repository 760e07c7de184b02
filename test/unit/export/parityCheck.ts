/**
 * The parity check of exported modules: export a pipeline, compile the module under --strict,
 * and compare its predictions of every holdout row, from raw CSV text and from typed values, with
 * the engine's `Pipeline.predict`.
 */
import { strict as assert } from 'node:assert';
import { exportPipeline } from '../../../src/engine/export/exportPipeline';
import type { Pipeline } from '../../../src/engine/prep/pipeline';
import { compileAndLoad } from './compileModule';
import { infoOf, type ParityData } from './parityFixtures';

type Row = Readonly<Record<string, unknown>>;

export interface ExportedModule {
  readonly task: string;
  readonly classes?: readonly string[];
  predict(row: Row): string | number;
  predictProba?(row: Row): Record<string, number>;
  predictBatch(rows: readonly Row[]): (string | number)[];
  readonly modelInfo: Readonly<Record<string, unknown>>;
}

/** The module is formatted: two-space indents, no tabs or trailing spaces, lines of at most 120 characters. */
export function assertFormatted(source: string, what: string): void {
  source.split('\n').forEach((line, i) => {
    const where = `${what}, line ${i + 1}: ${line.slice(0, 60)}`;
    assert.ok(line.length <= 120, `${where} is ${line.length} characters long`);
    assert.ok(!/[ \t]$/.test(line) && !line.includes('\t'), `${where} has a tab or trailing space`);
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    assert.ok(indent % 2 === 0 || line.trimStart().startsWith('*'), `${where} is indented by ${indent}`);
  });
}

/**
 * Exports `pipeline`, compiles the module and checks every holdout row: probabilities and values
 * within `tolerance` (relative for values above 1; 0 asks for the same double), labels identical.
 * Returns the largest difference, the module's size, its source and the loaded module.
 */
export function checkParity(data: ParityData, pipeline: Pipeline, tolerance: number): { maxDiff: number; bytes: number; source: string; mod: ExportedModule } {
  const source = exportPipeline(pipeline.toJSON(), infoOf(data, pipeline.describe()));
  assertFormatted(source, `${data.name} ${pipeline.describe()}`);
  const mod = compileAndLoad<ExportedModule>(source);
  const engine = pipeline.predict(data.test);
  let maxDiff = 0;
  for (const [form, rows] of [['raw CSV text', data.rawRows], ['typed values', data.typedRows]] as const) {
    const batch = mod.predictBatch(rows);
    rows.forEach((row, i) => {
      const where = `${data.name} ${pipeline.describe()}, ${form}, holdout row ${i}`;
      if (engine.classes && engine.proba) {
        const proba = (mod.predictProba as NonNullable<ExportedModule['predictProba']>)(row);
        engine.classes.forEach((label, c) => {
          const diff = Math.abs(proba[label] - engine.proba![c][i]);
          maxDiff = Math.max(maxDiff, diff);
          assert.ok(diff <= tolerance, `${where}: P(${label}) ${proba[label]} vs engine ${engine.proba![c][i]}`);
        });
        const expected = engine.classes[engine.values[i]];
        assert.equal(mod.predict(row), expected, `${where}: label`);
        assert.equal(batch[i], expected, `${where}: batch label`);
      } else {
        const value = mod.predict(row) as number;
        const diff = Math.abs(value - engine.values[i]);
        maxDiff = Math.max(maxDiff, diff);
        assert.ok(diff <= tolerance * Math.max(1, Math.abs(engine.values[i])), `${where}: ${value} vs engine ${engine.values[i]}`);
        assert.equal(batch[i], value, `${where}: batch value`);
      }
    });
  }
  return { maxDiff, bytes: Buffer.byteLength(source), source, mod };
}
