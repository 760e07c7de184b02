/**
 * The shape of a run's `features.json`: the run's decisions about its features, with a reason for
 * each, so a user sees which columns were dropped and why and which engineered features were
 * tried and kept. Plain JSON.
 */

/** A column the run does not use: dropped by the profile's flags, by the user, or by selection. */
export interface DroppedFeature {
  readonly name: string;
  readonly reason: string;
  /** Which decision dropped it. */
  readonly by: 'profile' | 'user' | 'selection' | 'preprocessing';
}

/** An engineered feature the run tried. */
export interface EngineeredFeature {
  /** Its name as the models see it, a formula: "income / mean(income by region)", "a - b". */
  readonly name: string;
  /** The same formula over source columns (kept separate from `name` for tools that parse it). */
  readonly formula: string;
  /** The source columns it is computed from (its SHAP values are attributed back to them). */
  readonly sources: readonly string[];
  /** Whether it is in the final model's features. */
  readonly kept: boolean;
  /** Which models get it: every model, or linear ones only (degree-2 interactions). */
  readonly for: 'all' | 'linear';
  /** Its score alone (small tree on a sample) when it was screened. */
  readonly screenScore?: number;
}

/** One cross-validated comparison that decided whether a set of changes was kept. */
export interface FeatureGate {
  /** 'selection' (a reduced column set) or an engineered set: 'pairs', 'groupStats', 'cyclical', 'interactions', 'targetMeans'. */
  readonly step: 'selection' | 'pairs' | 'groupStats' | 'cyclical' | 'interactions' | 'targetMeans';
  readonly baseline: number;
  readonly candidate: number;
  readonly kept: boolean;
  readonly sentence: string;
}

/** `features.json`. */
export interface FeaturesFile {
  /** Source columns the final model reads. */
  readonly kept: readonly string[];
  readonly dropped: readonly DroppedFeature[];
  readonly engineered: readonly EngineeredFeature[];
  /** 'auto' when the run selected and engineered features, 'off' when told not to. */
  readonly selection: 'auto' | 'off';
  readonly gates: readonly FeatureGate[];
  /** What was skipped or shortened (budget), and why. */
  readonly notes: readonly string[];
}
