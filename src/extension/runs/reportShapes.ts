/**
 * Shape checks of a run folder's `features.json` and `robustness.json` before a panel shows them.
 * Not a full validation (the engine wrote the files), but a webview maps over their lists, so a
 * file from another version or a damaged one must not reach it as something else: what the
 * views iterate is checked to be a list of records, and lists that only add detail (notes,
 * gates, segments …) read as empty when missing. Free of `vscode`.
 */
import type { FeaturesFile } from '../../engine/features/types';
import type { RobustnessReport } from '../../engine/robustness/types';

type Check = (value: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number';

/** Whether `value` is an array whose every element passes `check`. */
function listOf(value: unknown, check: Check): value is unknown[] {
  return Array.isArray(value) && value.every(check);
}

/** A record with these fields passing their checks (other fields are left alone). */
function recordWith(fields: Readonly<Record<string, Check>>): Check {
  return (value) => isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
}

/** `value` when it is a list passing `check`, an empty list when it is missing, else undefined (not this file). */
function optionalList(value: unknown, check: Check): unknown[] | undefined {
  if (value === undefined) return [];
  return listOf(value, check) ? value : undefined;
}

const isDropped = recordWith({ name: isString, reason: isString, by: isString });
const isEngineered = recordWith({ name: isString, sources: (v) => listOf(v, isString), kept: (v) => typeof v === 'boolean' });
const isGate = recordWith({ sentence: isString, kept: (v) => typeof v === 'boolean' });

/** `features.json` as the panels read it, or undefined when `value` is not one. */
export function featuresFileOf(value: unknown): FeaturesFile | undefined {
  if (!isRecord(value) || !listOf(value.kept, isString) || !listOf(value.dropped, isDropped)) return undefined;
  const engineered = optionalList(value.engineered, isEngineered);
  const gates = optionalList(value.gates, isGate);
  const notes = optionalList(value.notes, isString);
  if (engineered === undefined || gates === undefined || notes === undefined) return undefined;
  return { ...(value as unknown as FeaturesFile), selection: value.selection === 'off' ? 'off' : 'auto', engineered, gates, notes } as FeaturesFile;
}

const isGraded = { grade: isString, sentence: isString };
const isBin = recordWith({ count: isNumber, meanPredicted: isNumber, observed: isNumber });
const isCalibration = recordWith({
  ...isGraded,
  bins: (v) => listOf(v, isBin),
  tried: (v) => listOf(v, recordWith({ method: isString, logLoss: isNumber })),
  before: (v) => v === undefined || recordWith({ bins: (b) => listOf(b, isBin) })(v),
});
const isSegment = recordWith({ ...isGraded, description: isString });
const isPerturbation = recordWith({ ...isGraded, column: isString, results: (v) => listOf(v, recordWith({ perturbation: isString, change: isNumber })) });
const isStability = recordWith({ ...isGraded, foldScores: (v) => listOf(v, isNumber), seedScores: (v) => v === undefined || listOf(v, isNumber) });
const isLatency = recordWith(isGraded);
const isShift = recordWith({ ...isGraded, columns: (v) => listOf(v, recordWith({ name: isString, importance: isNumber })) });

/**
 * `robustness.json` as the panels read it, or undefined when `value` is not one. A section that
 * is present but malformed is left out (the view says it was not measured), not the whole report.
 */
export function robustnessReportOf(value: unknown): RobustnessReport | undefined {
  if (!isRecord(value) || value.format !== 'automl-robustness' || !isString(value.grade)) return undefined;
  if (!listOf(value.checks, recordWith({ check: isString, ...isGraded }))) return undefined;
  const segments = optionalList(value.segments, isSegment);
  const perturbation = optionalList(value.perturbation, isPerturbation);
  const notes = optionalList(value.notes, isString);
  if (segments === undefined || perturbation === undefined || notes === undefined) return undefined;
  const section = (name: string, check: Check): Record<string, unknown> => (check(value[name]) ? { [name]: value[name] } : {});
  const { calibration: _c, stability: _s, latency: _l, shift: _h, ...rest } = value;
  return {
    ...rest,
    segments,
    perturbation,
    notes,
    ...section('calibration', isCalibration),
    ...section('stability', isStability),
    ...section('latency', isLatency),
    ...section('shift', isShift),
  } as unknown as RobustnessReport;
}
