/**
 * Writes a spec as a `.automl` file: keys in the schema's order, each under a comment from the
 * schema, and never a secret (URLs without passwords or secret query parameters, headers only
 * as `${NAME}` templates). `parseSpecText(specToYaml(spec)).spec` is `spec` again.
 */
import { Document, isScalar, isSeq } from 'yaml';
import { headerTemplateProblem } from '../data/headerTemplate';
import { redactUrl } from '../data/redactUrl';
import { fileKindOf, isFileSource, type SourceSpec } from '../data/sourceSpec';
import { formatDuration } from './duration';
import type { SpecFile } from './specFile';
import { SPEC_SCHEMA, STRATEGY_OF_SEARCHER } from './specSchema';

/** Options of `specToYaml`. */
export interface SpecYamlOptions {
  /** Lines for the comment at the top of the file (without `#`). */
  readonly comment?: readonly string[];
}

/** Top-level keys written as one-line lists (`learners: [gbdt, logistic]`). */
const FLOW_LISTS = new Set(['exclude', 'learners']);

/** `spec` as the text of a `.automl` file. */
export function specToYaml(spec: SpecFile, options: SpecYamlOptions = {}): string {
  const values = specValues(spec);
  // The schema's order, whatever order the values were built in.
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(SPEC_SCHEMA.fields)) if (values[key] !== undefined) ordered[key] = values[key];
  const doc = new Document(ordered);
  if (options.comment !== undefined && options.comment.length > 0) doc.commentBefore = options.comment.map((line) => ` ${line}`).join('\n');
  const contents = doc.contents as unknown as { items: { key: unknown; value: unknown }[] } | null;
  contents?.items.forEach((pair, index) => {
    if (!isScalar(pair.key)) return;
    const name = String(pair.key.value);
    pair.key.commentBefore = ` ${SPEC_SCHEMA.fields[name].summary}`;
    if (index > 0) pair.key.spaceBefore = true;
    if (FLOW_LISTS.has(name) && isSeq(pair.value)) pair.value.flow = true;
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The spec's values under the file's key names (absent keys left out). */
function specValues(spec: SpecFile): Record<string, unknown> {
  const { run } = spec;
  const validation = run.validation;
  return {
    data: spec.source === undefined ? undefined : dataValue(spec.source, spec.raggedRows),
    target: run.target,
    task: run.task,
    metric: run.metric,
    budget: run.budgetSeconds === undefined ? undefined : formatDuration(run.budgetSeconds),
    seed: run.seed,
    validation:
      validation === undefined
        ? undefined
        : defined({ folds: validation.folds, repeats: validation.repeats, holdout: validation.holdout, group: validation.groupColumn, time: validation.timeColumn }),
    exclude: run.exclude === undefined ? undefined : [...run.exclude],
    types: spec.types === undefined ? undefined : { ...spec.types },
    learners: run.models === undefined ? undefined : [...run.models],
    search:
      run.searcher === undefined && run.trials === undefined
        ? undefined
        : defined({ strategy: run.searcher === undefined ? undefined : STRATEGY_OF_SEARCHER[run.searcher], trials: run.trials }),
    ensemble: run.ensemble,
    explain: run.explain,
    selection: run.selection,
    robustness: spec.robustness,
    monitor: spec.monitor,
  };
}

/**
 * `data`: the locator alone when nothing else picks the data, else a mapping. URLs lose their
 * secrets (`redactUrl`), and a header holding a credential as written (which no source accepts)
 * is left out rather than saved.
 */
function dataValue(source: SourceSpec, raggedRows: SpecFile['raggedRows']): string | Record<string, unknown> {
  let locator: Record<string, string>;
  if (isFileSource(source)) {
    // A SQLite file without a SQLite extension is named by its scheme.
    locator = { path: source.kind === 'sqlite' && fileKindOf(source.path) !== 'sqlite' ? `sqlite:${source.path}` : source.path };
  } else {
    locator = { url: redactUrl(source.url) };
  }
  let fields: Record<string, unknown>;
  switch (source.kind) {
    case 'csv':
      fields = { delimiter: source.delimiter, ragged: raggedRows };
      break;
    case 'json':
      fields = { records: source.records };
      break;
    case 'xlsx':
      fields = { sheet: source.sheet };
      break;
    case 'sqlite':
    case 'postgres':
      fields = { table: source.table, query: source.query };
      break;
    case 'http': {
      const headers = source.headers?.filter((header) => headerTemplateProblem(header) === undefined);
      const pagination = source.pagination;
      fields = {
        records: source.records,
        headers: headers === undefined || headers.length === 0 ? undefined : headers,
        pagination:
          pagination === undefined
            ? undefined
            : pagination.kind === 'cursor'
              ? { nextCursor: pagination.nextCursor, cursorParam: pagination.cursorParam }
              : { pageParam: pagination.pageParam },
        maxPages: source.maxPages,
        maxRows: source.maxRows,
      };
      break;
    }
    case 'ndjson':
    case 'parquet':
      fields = {};
      break;
  }
  const options = defined(fields);
  return Object.keys(options).length === 0 ? Object.values(locator)[0] : { ...locator, ...options };
}

/** `record` without its undefined values. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
