/**
 * Fitting a calibration of one method on labelled probabilities: per class one-vs-rest for Platt
 * and isotonic (the positive class only when binary), one temperature for all classes.
 */
import { fitIsotonicSorted, sortRows } from './isotonic';
import { clippedLogit, fitPlatt } from './platt';
import { fitTemperature } from './temperature';
import type { Calibration } from './types';

/** Probabilities and labels prepared once for fitting on many row subsets (cross-validation). */
export interface CalibrationData {
  readonly proba: readonly Float64Array[];
  readonly codes: Int32Array;
  /** The classes that get a one-vs-rest map: [1] when binary, else every class. */
  readonly fitted: readonly number[];
  /** Per fitted class: 1 where the row is of that class. */
  readonly positive: readonly Uint8Array[];
  /** Per fitted class: `clippedLogit` of its probability (Platt's score), computed when first asked. */
  logits(): readonly Float64Array[];
  /** Per fitted class: every row sorted by its probability, then label (isotonic's order), computed when first asked. */
  sorted(): readonly Uint32Array[];
}

/**
 * Prepares `proba` (one array per class, at least 2) and `codes` (class codes in [0, K), one per
 * row) for `fitCalibration`. The arrays are used as they are, not copied.
 */
export function calibrationData(proba: readonly Float64Array[], codes: Int32Array): CalibrationData {
  const k = proba.length;
  if (k < 2) throw new RangeError(`calibration needs at least 2 classes, got ${k}`);
  for (let c = 0; c < k; c++) {
    if (proba[c].length !== codes.length) throw new RangeError(`probability column ${c} has ${proba[c].length} rows, the labels ${codes.length}`);
  }
  for (let i = 0; i < codes.length; i++) {
    if (!(codes[i] >= 0 && codes[i] < k)) throw new RangeError(`row ${i} has class code ${codes[i]}, outside [0, ${k})`);
  }
  const fitted = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const positive = fitted.map((c) => Uint8Array.from(codes, (code) => (code === c ? 1 : 0)));
  let logits: Float64Array[] | undefined;
  let sorted: Uint32Array[] | undefined;
  return {
    proba,
    codes,
    fitted,
    positive,
    logits: () => (logits ??= fitted.map((c) => proba[c].map(clippedLogit))),
    sorted: () => (sorted ??= fitted.map((c, j) => sortRows(proba[c], positive[j], Uint32Array.from(codes, (_, i) => i)))),
  };
}

/** The methods a calibration can be fitted with. */
export type FittedMethod = Calibration['method'];

/** A calibration of `method` fitted on the rows `rows` of `data` (every row when omitted). */
export function fitCalibration(method: FittedMethod, data: CalibrationData, rows?: Uint32Array): Calibration {
  switch (method) {
    case 'platt': {
      const logits = data.logits();
      return { method, classes: data.fitted.map((_, j) => fitPlatt(logits[j], data.positive[j], rows)) };
    }
    case 'isotonic': {
      const chosen = rows === undefined ? undefined : new Uint8Array(data.codes.length);
      if (chosen && rows) for (let i = 0; i < rows.length; i++) chosen[rows[i]] = 1;
      const orders = data.sorted().map((order) => (chosen ? order.filter((r) => chosen[r] === 1) : order));
      return { method, classes: data.fitted.map((c, j) => fitIsotonicSorted(data.proba[c], data.positive[j], orders[j])) };
    }
    case 'temperature':
      return { method, temperature: fitTemperature(data.proba, data.codes, rows) };
    default:
      throw new RangeError(`unknown calibration method '${String(method)}'`);
  }
}
