import type { Frame } from '../data/frame';

/**
 * How the checks call the final model: `Pipeline.predict` fits (class codes as `values` and one
 * probability array per class for classification; values for regression).
 */
export type PredictFunction = (frame: Frame) => { readonly values: Float64Array; readonly proba?: readonly Float64Array[] };
