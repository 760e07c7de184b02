/**
 * The exported module's `calibrate(p)`: the pipeline's calibration applied to the members'
 * averaged probabilities, written with the operations of calibration/applyCalibration.ts in the
 * same order (and the clip, floor and interpolation of platt.ts, isotonic.ts and temperature.ts),
 * so the module's probabilities equal `Pipeline.predict`'s bit for bit.
 */
import { checkCalibration } from '../calibration/applyCalibration';
import { P_CLIP } from '../calibration/platt';
import { LOG_FLOOR } from '../calibration/temperature';
import type { Calibration } from '../calibration/types';
import type { RuntimeHelper } from './learners/learnerCode';
import { docComment, numberLiteral, stringLiteral, typedArray } from './sourceText';

/** Name of the emitted `(p: number[]) => number[]`. */
export const CALIBRATE_NAME = 'calibrate';

/** What the module says about a calibration, e.g. in its doc comment: "Platt scaling". */
export function calibrationLabel(calibration: Calibration): string {
  switch (calibration.method) {
    case 'platt':
      return 'Platt scaling';
    case 'isotonic':
      return 'isotonic regression';
    case 'temperature':
      return `temperature scaling (T = ${Number(calibration.temperature.toPrecision(4))})`;
  }
}

/**
 * Declarations of `calibrate(p: number[]): number[]` for `classes` (their labels, in code
 * order), and the runtime helpers it calls.
 */
export function calibrationCode(calibration: Calibration, classes: readonly string[]): { code: string; helpers: RuntimeHelper[] } {
  const k = classes.length;
  checkCalibration(calibration, k);
  const doc = docComment([
    `Calibrates the averaged probabilities with ${calibrationLabel(calibration)}, fitted on the run's`,
    `out-of-fold predictions${k === 2 && calibration.method !== 'temperature' ? ` of ${stringLiteral(classes[1])} (the other class gets 1 − p)` : ''}.`,
  ]);
  if (calibration.method === 'temperature') {
    return {
      helpers: [],
      code: [
        doc,
        `function ${CALIBRATE_NAME}(p: number[]): number[] {`,
        `  const z = p.map((v) => Math.log(Math.max(v, ${numberLiteral(LOG_FLOOR)})) / ${numberLiteral(calibration.temperature)});`,
        '  let max = -Infinity;',
        '  for (const v of z) if (v > max) max = v;',
        '  const e = z.map((v) => Math.exp(v - max));',
        '  let sum = 0;',
        '  for (const v of e) sum += v;',
        '  return e.map((v) => v / sum);',
        '}',
      ].join('\n'),
    };
  }
  const fitted = k === 2 ? [1] : classes.map((_, c) => c);
  const declarations: string[] = [];
  const helpers: RuntimeHelper[] = [];
  let value: (j: number, p: string) => string;
  if (calibration.method === 'platt') {
    helpers.push('sigmoid');
    declarations.push(
      docComment(['`log(p / (1 − p))` of `p` clipped to [1e-15, 1 − 1e-15].']),
      'function clippedLogit(p: number): number {',
      `  const q = p < ${numberLiteral(P_CLIP)} ? ${numberLiteral(P_CLIP)} : p > 1 - ${numberLiteral(P_CLIP)} ? 1 - ${numberLiteral(P_CLIP)} : p;`,
      '  return Math.log(q / (1 - q));',
      '}',
      '',
    );
    const { classes: maps } = calibration;
    value = (j, p) => `sigmoid(${numberLiteral(maps[j].a)} * clippedLogit(${p}) + ${numberLiteral(maps[j].b)})`;
  } else {
    const { classes: curves } = calibration;
    curves.forEach((curve, j) => {
      declarations.push(arrayConst(`calibrationX${fitted[j]}`, curve.thresholds), arrayConst(`calibrationY${fitted[j]}`, curve.values));
    });
    declarations.push(
      '',
      docComment([
        'The isotonic curve (x, y) at `p`, as numpy\'s `interp`: the end values outside it, the exact value at',
        'a threshold, else the line from the last threshold below `p`; clamped to [0, 1].',
      ]),
      'function isotonic(x: Float64Array, y: Float64Array, p: number): number {',
      '  const last = x.length - 1;',
      '  if (p <= x[0]) return y[0];',
      '  if (p >= x[last]) return y[last];',
      '  let lo = 0;',
      '  let hi = last;',
      '  while (hi - lo > 1) {',
      '    const mid = (lo + hi) >>> 1;',
      '    if (x[mid] <= p) lo = mid;',
      '    else hi = mid;',
      '  }',
      '  if (x[lo] === p) return y[lo];',
      '  const slope = (y[lo + 1] - y[lo]) / (x[lo + 1] - x[lo]);',
      '  const v = slope * (p - x[lo]) + y[lo];',
      '  return v < 0 ? 0 : v > 1 ? 1 : v;',
      '}',
      '',
    );
    value = (j, p) => `isotonic(calibrationX${fitted[j]}, calibrationY${fitted[j]}, ${p})`;
  }
  const body =
    k === 2
      ? [`  const q = ${value(0, 'p[1]')};`, '  return [1 - q, q];']
      : [
          `  const out: number[] = new Array<number>(${k});`,
          '  let sum = 0;',
          ...fitted.map((c, j) => `  sum += out[${c}] = ${value(j, `p[${c}]`)};`),
          `  if (sum === 0) return out.fill(1 / ${k});`,
          `  for (let k = 0; k < ${k}; k++) out[k] /= sum;`,
          '  return out;',
        ];
  return { helpers, code: [...declarations, doc, `function ${CALIBRATE_NAME}(p: number[]): number[] {`, ...body, '}'].join('\n') };
}


/**
 * `const name = new Float64Array([…]);`, on one line when it fits in 100 characters, else with
 * the numbers on indented lines of at most about 96: `typedArray` only wraps when the numbers
 * alone are long, and a short curve of long decimals plus the name can pass 100 characters.
 */
function arrayConst(name: string, values: readonly number[]): string {
  const line = `const ${name} = ${typedArray('Float64Array', values)};`;
  if (line.length <= 100 || line.includes('\n')) return line;
  const lines: string[] = [];
  let current = '';
  for (const item of values.map(numberLiteral)) {
    if (current.length > 0 && current.length + item.length + 2 > 96) {
      lines.push(`  ${current},`);
      current = item;
    } else {
      current = current.length === 0 ? item : `${current}, ${item}`;
    }
  }
  lines.push(`  ${current}`);
  return [`const ${name} = new Float64Array([`, ...lines, ']);'].join('\n');
}
