/**
 * The shape of a monitoring check (`automl monitor --json`, `monitoring/<timestamp>.json` in the
 * run folder, the Monitoring panel): new data compared with the run's reference, per column, for
 * the model's predictions and, with labels, its performance. Plain JSON; no value is NaN (a check
 * that cannot be computed says so in `status` and leaves its number null).
 */

/** ok / warn / alert, as the robustness checks grade. */
export type MonitorGrade = 'ok' | 'warn' | 'alert';

/**
 * How a column's drift was judged, as Evidently chooses by default: on a reference of at most
 * 1,000 rows a two-sample Kolmogorov–Smirnov test (numbers with more than 5 values), a chi-square
 * goodness-of-fit test (categories, or 3–5 values) or a two-proportion z-test (two values), drift
 * at p < 0.05; on larger references the Wasserstein distance over the reference's standard
 * deviation (numbers) or the Jensen–Shannon distance (categories), drift at 0.1 or more.
 */
export type DriftMethod = 'ks' | 'chisquare' | 'ztest' | 'wasserstein' | 'jensenshannon';

/** Why a check has no figure. */
export type CheckStatus = 'checked' | 'insufficient' | 'missing' | 'empty';

export interface ColumnDriftReport {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** 'checked'; 'insufficient' (fewer than MIN_WINDOW_ROWS values); 'missing' (not in the new data); 'empty' (no values on either side). */
  readonly status: CheckStatus;
  /** Null when not checked. */
  readonly method: DriftMethod | null;
  /**
   * The drift score: a p-value for the tests (drift below `threshold`), a distance for the
   * distances (drift at or above `threshold`; Wasserstein divided by the reference's population std).
   */
  readonly score: number | null;
  readonly threshold: number;
  readonly drift: boolean;
  /** Population stability index over the reference's buckets (0.1 warn, 0.25 alert); null when not checked. */
  readonly psi: number | null;
  /** Share of missing values in the new data, and in the reference. */
  readonly nullRate: number | null;
  readonly referenceNullRate: number;
  /** Numbers: share of non-missing values outside the reference's [min, max]. */
  readonly outOfRange?: number;
  /** Categories: share of non-missing values the reference never saw, and the most frequent of them (at most 5). */
  readonly unseen?: number;
  readonly unseenLevels?: readonly string[];
  /** Marked critical in the monitor settings: its drift alone makes the dataset drift. */
  readonly critical: boolean;
  /** The worst of its drift and data-quality checks. */
  readonly grade: MonitorGrade;
}

/** One data-quality finding (only findings worse than ok are listed). */
export interface QualityFinding {
  readonly check: 'nullRate' | 'typeErrors' | 'outOfRange' | 'unseenCategories' | 'missingColumn' | 'extraColumn';
  readonly column: string;
  readonly grade: MonitorGrade;
  /** The measured value (a share, or a count for type errors) and the reference's, when there is one. */
  readonly value: number;
  readonly reference?: number;
  readonly sentence: string;
}

export interface PredictionDriftReport {
  readonly status: CheckStatus;
  readonly kind: 'score' | 'class';
  readonly method: DriftMethod | null;
  readonly score: number | null;
  readonly threshold: number;
  readonly drift: boolean;
  readonly psi: number | null;
  readonly grade: MonitorGrade;
}

/** Performance on labelled rows, or estimated without labels (binary classifiers: CBPE). */
export type PerformanceReport =
  | {
      readonly kind: 'labels';
      readonly status: CheckStatus;
      readonly metric: string;
      readonly higherIsBetter: boolean;
      readonly rows: number;
      readonly value: number | null;
      /** The run's cross-validated score and its fold standard deviation. */
      readonly reference: number;
      readonly foldStd: number;
      /** Alert beyond the reference minus 3 fold standard deviations, or a 5% relative drop. */
      readonly limit: number;
      readonly grade: MonitorGrade;
      readonly sentence: string;
    }
  | {
      readonly kind: 'estimated';
      readonly status: CheckStatus;
      /** Confidence-based performance estimation (NannyML's CBPE) of ROC AUC from the predicted probabilities. */
      readonly method: 'cbpe';
      readonly metric: 'auc';
      readonly rows: number;
      readonly value: number | null;
      /** The same estimate on the reference's out-of-fold predictions. */
      readonly reference: number;
      readonly limit: number;
      readonly grade: MonitorGrade;
      readonly sentence: string;
    }
  | { readonly kind: 'none'; readonly reason: string };

/** What every set of checked rows reports: the whole data, or one window of it. */
export interface RowsChecked {
  readonly rows: number;
  readonly datasetDrift: boolean;
  /** Share of the checked columns that drift. */
  readonly driftShare: number | null;
  readonly columns: readonly ColumnDriftReport[];
  readonly quality: readonly QualityFinding[];
  readonly prediction: PredictionDriftReport;
  readonly performance: PerformanceReport;
  readonly grade: MonitorGrade;
}

/** One window's result (a day, a week, or N rows). */
export interface WindowReport extends RowsChecked {
  readonly label: string;
  /** 'insufficient' below MIN_WINDOW_ROWS rows: reported, never graded. */
  readonly status: 'checked' | 'insufficient';
}

/**
 * What reading a prediction service's log folder found (`automl monitor <run> <log-folder>`):
 * which records became the checked rows, which were left out and why, and how feedback joined.
 */
export interface ServiceLogSummary {
  /** The prediction log files read (names, in date order) and the feedback files. */
  readonly predictionFiles: readonly string[];
  readonly feedbackFiles: readonly string[];
  /** Prediction records read (every status). */
  readonly records: number;
  /** Records of answered rows with their input: the rows checked. */
  readonly rows: number;
  /** Records of requests answered with an error (they carry no input). */
  readonly errors: number;
  /** Other records left out: an ok status without an input object, or a status this build does not know. */
  readonly skipped: number;
  /** A file's last line cut short (no newline, not JSON): the service stopped, or is still writing it. */
  readonly unfinishedLines: number;
  /** Checked rows per `model_version` that logged them. */
  readonly modelVersions: Readonly<Record<string, number>>;
  /** Feedback records read; rows they labelled; labels given again for a row (the last one counts). */
  readonly feedback: number;
  readonly labelled: number;
  readonly relabelled: number;
  /** Feedback for a request id and row that no checked row has (sampled out, failed, or another service's). */
  readonly unknownFeedback: number;
  /** The column of the frame holding each row's `ts` (the default time column of `--by`). */
  readonly timeColumn: string;
}

/** `automl monitor --json`: the whole new data as one window, and the windows asked for. */
export interface MonitorReport extends RowsChecked {
  readonly version: 1;
  readonly checkedAt: string;
  readonly source: string;
  /** The sentences a person reads first (worst first). */
  readonly summary: readonly string[];
  readonly windows: readonly WindowReport[];
  readonly elapsedMs: number;
  /** Present when the data was a prediction service's logs. */
  readonly serviceLog?: ServiceLogSummary;
}
