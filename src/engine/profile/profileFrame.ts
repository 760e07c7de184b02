import { findColumn, type Column, type ColumnType, type Frame } from '../data/frame';
import type { ReadReport } from '../data/readReport';
import { CancelledError, DataError } from '../errors';
import { computeAssociations, DEFAULT_MAX_ASSOCIATION_COLUMNS } from './associations';
import { profileColumn } from './columnProfile';
import { countDuplicateRows } from './duplicateRows';
import { profileTarget } from './target';
import { orderShares } from './timeOrder';
import type { ColumnProfile, DatasetProfile, ProfileSource, ProfileWarning, TargetProfile } from './types';
import {
  columnWarnings,
  duplicateRowsWarning,
  imbalancedTargetWarning,
  isTimeCandidate,
  leakageWarning,
  reportWarnings,
} from './warnings';

export interface ProfileOptions {
  /** Target column name. An unknown name throws a `DataError` that lists the columns. */
  target?: string;
  /**
   * What the CSV reader reported: becomes 'ragged-rows', 'renamed-header', 'bad-values' and
   * 'encoding' warnings, and fills `parseIssues`, `badValues` and (without `source`) `source`.
   */
  report?: ReadReport;
  /** Where the data came from; copied to the profile as is. */
  source?: DatasetProfile['source'];
  /** Seed of the association row sample. Default 42. */
  seed?: number;
  /** Cap on the columns of the association matrix. Default 30. */
  maxAssociationColumns?: number;
  /** Checked between columns and pairs; when aborted, `profileFrame` throws `CancelledError`. */
  signal?: AbortSignalLike;
  /** Called with the fraction done, 0..1, non-decreasing, ending with 1. */
  onProgress?: (fraction: number) => void;
}

/** Progress-bar share of each phase, as measured on a 1M x 20 frame (associations take the rest). */
const COLUMNS_SHARE = 0.45;
const DUPLICATES_SHARE = 0.1;
/** Columns listed in the unknown-target error before it says how many more there are. */
const LISTED_COLUMNS = 50;

/** A profile's `source` for data the CSV reader read from `file` (as the user should see its name). */
export function readSource(file: string | undefined, report: ReadReport): ProfileSource {
  return {
    ...(file === undefined ? {} : { file }),
    bytes: report.bytes,
    ...(report.compressedBytes === undefined ? {} : { compressedBytes: report.compressedBytes }),
    ...(report.delimiter === undefined ? {} : { delimiter: report.delimiter }),
    encoding: report.encoding,
  };
}

/**
 * Profiles every column of `frame`, counts duplicate rows, infers the target's task, measures
 * associations on a seeded sample of at most 200,000 rows and derives warnings. Time: linear in
 * the cells, plus one sort per numeric column and O(sample rows) per association pair (at most
 * C(30, 2) pairs plus one per feature when a target is given). Does not modify `frame`.
 * @throws DataError when `options.target` names no column.
 * @throws CancelledError when `options.signal` is aborted.
 */
export function profileFrame(frame: Frame, options: ProfileOptions = {}): DatasetProfile {
  const { report, signal, onProgress } = options;
  const checkAborted = (): void => {
    if (signal?.aborted) throw new CancelledError('profiling was cancelled');
  };
  const targetColumn = options.target === undefined ? undefined : requireColumn(frame, options.target);
  checkAborted();

  const rows = frame.rowCount;
  const columns: ColumnProfile[] = [];
  const warnings: ProfileWarning[] = [];
  if (report) {
    const types = new Map<string, ColumnType>(frame.columns.map((c) => [c.name, c.type]));
    warnings.push(...reportWarnings(report, (name) => types.get(name)));
  }
  frame.columns.forEach((column, i) => {
    checkAborted();
    const profile = profileColumn(column, rows);
    columns.push(profile);
    const order = column.storage !== 'categorical' && isTimeCandidate(profile) ? orderShares(column.values) : undefined;
    warnings.push(...columnWarnings(profile, rows, order));
    onProgress?.((COLUMNS_SHARE * (i + 1)) / frame.columns.length);
  });

  checkAborted();
  const duplicateRows = countDuplicateRows(frame, checkAborted);
  const duplicates = duplicateRowsWarning(duplicateRows, rows);
  if (duplicates) warnings.push(duplicates);
  onProgress?.(COLUMNS_SHARE + DUPLICATES_SHARE);

  let target: TargetProfile | undefined;
  const targetIndex = targetColumn === undefined ? undefined : frame.columns.indexOf(targetColumn);
  if (targetColumn !== undefined && targetIndex !== undefined) {
    target = profileTarget(targetColumn, columns[targetIndex]);
    const imbalance = imbalancedTargetWarning(target);
    if (imbalance) warnings.push(imbalance);
  }

  const associations = computeAssociations(frame, columns, {
    targetIndex,
    seed: options.seed ?? 42,
    maxColumns: options.maxAssociationColumns ?? DEFAULT_MAX_ASSOCIATION_COLUMNS,
    checkAborted,
    onProgress: (f) => onProgress?.(COLUMNS_SHARE + DUPLICATES_SHARE + (1 - COLUMNS_SHARE - DUPLICATES_SHARE) * f),
  });
  if (target !== undefined) {
    for (const profile of columns) {
      const association = associations.withTarget.get(profile.name);
      const leak = association && leakageWarning(profile, target.column, association);
      if (leak) warnings.push(leak);
    }
  }

  const source = options.source ?? (report ? readSource(undefined, report) : undefined);
  return {
    rows,
    columns,
    warnings,
    parseIssues: report ? [...report.parseIssues] : [],
    ...(report?.positions === undefined || report.positions === 'line' ? {} : { positions: report.positions }),
    badValues: report ? [...report.badValues] : [],
    duplicateRows,
    ...(target ? { target } : {}),
    associations: {
      columns: associations.columns,
      sampledRows: associations.sampledRows,
      pairs: associations.pairs,
    },
    ...(source ? { source } : {}),
  };
}

function requireColumn(frame: Frame, name: string): Column {
  const column = findColumn(frame, name);
  if (column) return column;
  const names = frame.columns.map((c) => c.name);
  const near = names.find((n) => n.trim().toLowerCase() === name.trim().toLowerCase());
  const listed = names.slice(0, LISTED_COLUMNS).map((n) => `'${n}'`).join(', ');
  const more = names.length > LISTED_COLUMNS ? ` and ${names.length - LISTED_COLUMNS} more` : '';
  const available = names.length === 0 ? 'The data has no columns.' : `Available columns: ${listed}${more}.`;
  throw new DataError(
    `Unknown target column '${name}'.${near !== undefined ? ` Did you mean '${near}'?` : ''} ${available}`,
  );
}
