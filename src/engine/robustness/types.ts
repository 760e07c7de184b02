/**
 * The shape of a run's `robustness.json`: what the run found out about where its final model is
 * weak, whether its probabilities can be trusted, how it reacts to noisy or missing inputs, how
 * stable and how fast it is, and (with new data) how far that data is from the training data.
 * Every check carries a grade and one plain sentence; the CLI, the VS Code panel and the HTML
 * report show the same sentences. Plain JSON throughout (no typed arrays).
 */

/** ok: nothing to act on; warn: worth a look; alert: the model should not be trusted there as is. */
export type RobustnessGrade = 'ok' | 'warn' | 'alert';

/** One graded finding, as listed under the leaderboard. */
export interface RobustnessCheck {
  /** Which check: 'segments', 'perturbation', 'calibration', 'stability', 'latency' or 'shift'. */
  readonly check: 'segments' | 'perturbation' | 'calibration' | 'stability' | 'latency' | 'shift';
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

/** One bin of a reliability curve (quantile bins of the predicted probability). */
export interface ReliabilityBin {
  readonly count: number;
  readonly meanPredicted: number;
  /** Share of the bin's rows that are positive (binary) or correctly classified (multiclass, top-class confidence). */
  readonly observed: number;
}

/** How a method did when the run tried it (cross-validated on the out-of-fold predictions). */
export interface CalibrationTrial {
  readonly method: 'none' | 'isotonic' | 'platt' | 'temperature';
  readonly logLoss: number;
}

export interface CalibrationSection {
  /** Of the probabilities the model gives (after the kept calibration, cross-fitted). */
  readonly brier: number;
  /** Count-weighted mean of |meanPredicted − observed| over `bins`. */
  readonly ece: number;
  readonly bins: readonly ReliabilityBin[];
  /** The calibration the final model carries ('none' when no method improved cross-validated log loss). */
  readonly method: CalibrationTrial['method'];
  /** Every method tried, 'none' first. */
  readonly tried: readonly CalibrationTrial[];
  /** What the bins measure: the positive class's probability (binary) or the top class's (multiclass). */
  readonly curve: 'positive' | 'topClass';
  readonly positiveClass?: string;
  /** The same figures before calibration, when a method was kept. */
  readonly before?: { readonly brier: number; readonly ece: number; readonly bins: readonly ReliabilityBin[] };
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

/** A condition of a segment: `column op value` (numbers: '<=' or '>'; categories: 'in' or 'not in'). */
export interface SegmentCondition {
  readonly column: string;
  readonly op: '<=' | '>' | 'in' | 'not in';
  /**
   * A threshold, or the category labels. On a numeric column, `in ['(missing)']` means the value
   * is missing and `not in ['(missing)']` that it is known.
   */
  readonly value: number | readonly string[];
  /** Thresholds only: rows where the column is missing satisfy the condition too. */
  readonly missing?: boolean;
}

/** A group of rows (a leaf of a shallow tree on out-of-fold loss) where the model does worse. */
export interface WeakSegment {
  /** "age > 60 and sex = male". */
  readonly description: string;
  readonly conditions: readonly SegmentCondition[];
  readonly rows: number;
  /** Of the rows with an out-of-fold prediction. */
  readonly share: number;
  /** The run's metric on the segment's rows, and on all rows. */
  readonly metric: number;
  readonly overall: number;
  /** (overall − segment) / |overall| in the direction where positive is worse. */
  readonly relativeDrop: number;
  /**
   * What `metric`, `overall` and `relativeDrop` compare: the run's metric, or (when the metric is
   * undefined on the segment, e.g. ROC AUC where one class is absent) the mean per-row loss.
   */
  readonly compared: 'metric' | 'meanLoss';
  /** Mean per-row loss (log loss of the true class, or squared error) of the segment and of all rows. */
  readonly meanLoss: number;
  readonly overallMeanLoss: number;
  /** One-sided test that the segment's mean loss exceeds the other rows', and its Benjamini–Hochberg adjusted value. */
  readonly pValue: number;
  readonly adjustedP: number;
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

/** How predictions move when one column is disturbed. */
export interface PerturbationResult {
  readonly column: string;
  readonly kind: 'numeric' | 'categorical';
  readonly results: readonly {
    /** "scale +1%", "scale −1%", "noise 0.05 sd", "noise 0.1 sd", "noise 0.2 sd", "swap to frequent levels", "10% missing", "30% missing". */
    readonly perturbation: string;
    /** Classification: share of rows whose predicted label changed; regression: mean |change| of the prediction. */
    readonly change: number;
  }[];
  /**
   * Regression: the change over the standard deviation of the sample's predictions, so grades
   * compare across targets; the largest over the graded disturbances (±1%, noise up to 0.1 sd, 30% missing).
   */
  readonly relativeChange?: number;
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

export interface StabilitySection {
  readonly foldScores: readonly number[];
  readonly foldMean: number;
  readonly foldStd: number;
  /** The final configuration re-validated under other seeds (absent when the budget did not allow). */
  readonly seedScores?: readonly number[];
  readonly seedStd?: number;
  /** Predicting the same rows twice gives identical outputs. */
  readonly deterministic: boolean;
  /** Rows predicted one at a time equal the same rows predicted in one batch (largest difference). */
  readonly batchEqualsSingle: boolean;
  readonly maxBatchDifference: number;
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

export interface LatencySection {
  /** Median over repeats of a batch prediction, per row (ms). */
  readonly msPerRowBatch: number;
  /** Median time of one single-row prediction (ms). */
  readonly msPerRowSingle: number;
  readonly batchRows: number;
  /** Size of the saved model (`model.json`), bytes. */
  readonly modelBytes: number;
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

/** Adversarial validation between the training data and new data. */
export interface ShiftSection {
  /** What the new data was ("new.csv"). */
  readonly source: string;
  readonly trainingRows: number;
  readonly newRows: number;
  /** The rows compared on each side, when a side was sampled (seeded, up to 20,000 rows each). */
  readonly sampledRows?: { readonly training: number; readonly new: number };
  /** Cross-validated ROC AUC of a classifier telling new rows from training rows (0.5: indistinguishable). */
  readonly auc: number;
  /**
   * The columns that tell them apart, most first: `importance` is the share of the domain
   * classifier's permutation importance, `aucDrop` the ROC AUC it loses when the column is
   * shuffled (mean over folds, negative counted as 0). Near AUC 0.5 the shares are noise: the
   * drops say how little there is.
   */
  readonly columns: readonly { readonly name: string; readonly importance: number; readonly aucDrop: number }[];
  /** Columns of the model that could not be compared (absent from the new data, stored differently), and why. */
  readonly skippedColumns?: readonly { readonly name: string; readonly reason: string }[];
  readonly grade: RobustnessGrade;
  readonly sentence: string;
}

/** `robustness.json`. */
export interface RobustnessReport {
  readonly format: 'automl-robustness';
  readonly version: 1;
  /** The worst grade of the checks. */
  readonly grade: RobustnessGrade;
  readonly checks: readonly RobustnessCheck[];
  readonly calibration?: CalibrationSection;
  readonly segments: readonly WeakSegment[];
  readonly perturbation: readonly PerturbationResult[];
  readonly stability?: StabilitySection;
  readonly latency?: LatencySection;
  readonly shift?: ShiftSection;
  /** What was sampled, shortened or skipped, and why. */
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}
