/**
 * The calibration a fitted pipeline may carry after its members' weighted average, as saved in
 * `model.json` (plain JSON: numbers and arrays of numbers only).
 *
 * Isotonic and Platt calibrate each class one-vs-rest. For a binary target they hold one entry,
 * for the positive class (code 1), and class 0 is `1 − p`; for a multiclass target one entry per
 * class, in class-code order, after which each row is renormalised to sum to 1 (scikit-learn's
 * `CalibratedClassifierCV`). Temperature scaling has one temperature for every class.
 */
export type Calibration = PlattCalibration | IsotonicCalibration | TemperatureCalibration;

/** `p' = sigmoid(a · logit(p) + b)`, with `p` clipped to [1e-15, 1 − 1e-15] first. */
export interface PlattCalibration {
  readonly method: 'platt';
  readonly classes: readonly { readonly a: number; readonly b: number }[];
}

/**
 * A non-decreasing step-and-ramp curve: `p'` is interpolated linearly between the points
 * (`thresholds[j]`, `values[j]`) and held at the end values outside them (numpy's `interp`, which
 * scikit-learn's `IsotonicRegression(out_of_bounds='clip').predict` uses).
 */
export interface IsotonicCalibration {
  readonly method: 'isotonic';
  readonly classes: readonly IsotonicCurve[];
}

/** Strictly increasing `thresholds` (at least one) and non-decreasing `values` in [0, 1] of the same length. */
export interface IsotonicCurve {
  readonly thresholds: readonly number[];
  readonly values: readonly number[];
}

/** `p' = softmax(log p / temperature)` over the classes, with `p` floored at 1e-15 before the log. */
export interface TemperatureCalibration {
  readonly method: 'temperature';
  readonly temperature: number;
}

/** What a run may keep: a calibration method, or none. */
export type CalibrationMethod = 'none' | Calibration['method'];

/** One method's cross-validated log loss on the out-of-fold predictions (robustness.json's `CalibrationTrial`). */
export interface CalibrationTrial {
  readonly method: CalibrationMethod;
  readonly logLoss: number;
}
