/**
 * What the run report is drawn from: the parsed files of a run folder (or the same objects in
 * memory at the end of a run). The leaderboard and spec are described by the fields the report
 * reads, so `leaderboard.json` and `spec.json` as written by src/node fit without the engine
 * depending on src/node.
 */
import type { EnsembleRecord, RunPlan, TrialRecord } from '../automl/events';
import type { RunExplanations } from '../explain/runExplanations';
import type { FeaturesFile } from '../features/types';
import type { Task } from '../learners/types';
import type { DatasetProfile } from '../profile/types';
import type { RobustnessGrade, RobustnessReport } from '../robustness/types';
import type { MetricName, ValidationPlan } from '../validate/types';
import type { Html } from './html';

/** The fields of `leaderboard.json` the report reads. */
export interface ReportLeaderboard {
  readonly metric: MetricName;
  readonly higherIsBetter: boolean;
  readonly task: Task;
  readonly validation: ValidationPlan;
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
  /** Finished trials by score (best first), then the rest. */
  readonly trials: readonly TrialRecord[];
  readonly ensemble?: EnsembleRecord;
  readonly final: {
    readonly members: readonly { readonly trialId: number; readonly weight: number }[];
    readonly refit: 'allRows' | 'foldModels';
    readonly score: number;
    readonly description: string;
  };
  readonly cancelled: boolean;
  /** Wall-clock time of the whole run (reading and profiling included), ms. */
  readonly elapsedMs: number;
  readonly plan?: RunPlan;
}

/** The fields of `spec.json` the report reads; the whole object is also shown as JSON. */
export interface ReportSpec {
  /** The data as people read it (a path or a URL without secrets). */
  readonly file?: string;
  readonly target?: string;
  /** ISO 8601 time the run started. */
  readonly createdAt?: string;
  readonly seed?: number;
}

/** One member of the final model as `model.json` holds it. */
export interface ReportModelMember {
  readonly learner: string;
  readonly weight: number;
  /** Features the member's model sees after preprocessing. */
  readonly features: number;
  /** How many of those features each preprocessing step made ("numeric": 4, "oneHot": 7, …). */
  readonly featureKinds: Readonly<Record<string, number>>;
  /** Source columns the member reads. */
  readonly sourceColumns: readonly string[];
}

/** What the report says about the saved model (`model.json`). */
export interface ReportModelFacts {
  /** Size of `model.json` in bytes. */
  readonly bytes: number;
  /** "gbdt", or "gbdt 0.60 + knn 0.40". */
  readonly description: string;
  readonly trainedRows?: number;
  readonly classes?: readonly string[];
  readonly members: readonly ReportModelMember[];
}

/**
 * Monitoring results, when a monitoring job has written any for the run: graded checks in the
 * same form as robustness checks. Nothing is rendered without it.
 */
export interface ReportMonitoring {
  /** What was compared with the training data ("predictions.ndjson, 2,000 rows"). */
  readonly source: string;
  /** ISO 8601 time of the check. */
  readonly checkedAt: string;
  readonly grade: RobustnessGrade;
  readonly checks: readonly { readonly name: string; readonly grade: RobustnessGrade; readonly sentence: string }[];
  /** Rows the latest check compared, and its summary sentences (worst first). */
  readonly rows?: number;
  readonly summary?: readonly string[];
  /** The latest check's windows (days, weeks or runs of rows), when it was asked for some. */
  readonly windows?: readonly ReportMonitoringPoint[];
  /** Recorded checks, oldest first, the latest included (at most MONITORING_HISTORY of them). */
  readonly history?: readonly (ReportMonitoringPoint & { readonly source: string })[];
}

/** One check or window in brief: when (or which), how many rows, its grade and drift. */
export interface ReportMonitoringPoint {
  /** The check's ISO time, or the window's label. */
  readonly label: string;
  readonly rows: number;
  readonly grade: RobustnessGrade;
  /** Share of the checked columns that drift; null when none could be checked. */
  readonly driftShare: number | null;
  readonly datasetDrift: boolean;
}

/** Everything `renderReport` draws; optional parts are left out of the page when absent. */
export interface ReportInput {
  readonly spec: ReportSpec;
  /** `spec.automl`: the spec as the run resolved it, every default spelled out. */
  readonly specText?: string;
  readonly profile: DatasetProfile;
  readonly leaderboard: ReportLeaderboard;
  readonly explanations?: RunExplanations;
  readonly robustness?: RobustnessReport;
  readonly features?: FeaturesFile;
  readonly model?: ReportModelFacts;
  readonly monitoring?: ReportMonitoring;
  /** ISO 8601 time the report was rendered (a parameter so that rendering stays deterministic). */
  readonly generatedAt: string;
}

/** One section of the report: an anchor, a heading for the table of contents, and its content. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** One line under the heading (the table of contents shows it too). */
  readonly summary?: string;
  readonly body: Html;
}
