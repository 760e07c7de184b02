/**
 * Reads a `.automl` spec file: YAML (the `yaml` package, which keeps every node's offsets) checked
 * against the spec schema, then the rules that span keys (a metric that does not score the task,
 * a holdout with folds, a data option that does not fit the source, a credential written out).
 * Every problem is a diagnostic with a range; nothing throws.
 */
import { parseDocument } from 'yaml';
import type { RunSpec } from '../automl/runSpec';
import type { ColumnType } from '../data/frame';
import { headerTemplateProblem } from '../data/headerTemplate';
import type { RaggedRowPolicy } from '../data/readReport';
import { isSecretParameter } from '../data/redactUrl';
import { locateSource, SOURCE_KIND_NAMES, SOURCE_OPTION_KINDS, type SourceOptions } from '../data/sourceLocator';
import type { SourceSpec } from '../data/sourceSpec';
import { getLearner } from '../learners/index';
import type { Task } from '../learners/types';
import type { ServiceMonitorSpec } from '../monitor/serviceMonitor';
import { METRICS, metricsFor } from '../validate/metrics';
import type { MetricName } from '../validate/types';
import { checkSchema, pathKey, type KeyPath, type Location } from './checkSchema';
import type { SpecDiagnostic, SpecDiagnosticCode, SpecFile, SpecSeverity } from './specFile';
import { SEARCH_STRATEGIES, SPEC_SCHEMA, type SearchStrategy } from './specSchema';
import { LineMap, type Range } from './textPosition';

/** A spec file read: what it says (the valid parts) and what is wrong with it. */
export interface ParsedSpec {
  readonly spec: SpecFile;
  /** In document order. */
  readonly diagnostics: readonly SpecDiagnostic[];
}

/** The values `checkSchema` lets through, by key (each already of its schema's kind). */
interface DataValue {
  readonly path?: string;
  readonly url?: string;
  readonly delimiter?: string;
  readonly ragged?: RaggedRowPolicy;
  readonly table?: string;
  readonly query?: string;
  readonly sheet?: string | number;
  readonly records?: string;
  readonly headers?: readonly string[];
  readonly pagination?: { readonly nextCursor?: string; readonly cursorParam?: string; readonly pageParam?: string };
  readonly maxPages?: number;
  readonly maxRows?: number;
}

interface SpecValue {
  readonly data?: string | DataValue;
  readonly target?: string;
  readonly task?: Task;
  readonly metric?: MetricName;
  readonly budget?: number;
  readonly seed?: number;
  readonly validation?: { readonly folds?: number; readonly repeats?: number; readonly holdout?: number; readonly group?: string; readonly time?: string };
  readonly exclude?: readonly string[];
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly learners?: readonly string[];
  readonly search?: { readonly strategy?: SearchStrategy; readonly trials?: number };
  readonly ensemble?: boolean;
  readonly explain?: boolean;
  readonly selection?: 'auto' | 'off';
  readonly robustness?: Readonly<Record<string, unknown>>;
  readonly monitor?: ServiceMonitorSpec;
}

/** A diagnostic's place: the key path it is about, and the range in the text. */
interface Where {
  readonly path: KeyPath;
  readonly range: Range;
}

/** Reads the text of a `.automl` file. */
export function parseSpecText(text: string): ParsedSpec {
  const lines = new LineMap(text);
  const diagnostics: SpecDiagnostic[] = [];
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const [problems, severity] of [
    [doc.errors, 'error'],
    [doc.warnings, 'warning'],
  ] as const) {
    for (const problem of problems) {
      diagnostics.push({ message: problem.message, severity, range: lines.range(problem.pos[0], problem.pos[1]), code: 'syntax' });
    }
  }
  // An empty file is an empty spec (whose missing keys are reported below), not a wrong kind.
  const empty = doc.contents === null;
  const checked = empty ? { value: {}, locations: new Map<string, Location>() } : checkSchema(doc, SPEC_SCHEMA, lines, diagnostics);
  const value = (typeof checked.value === 'object' && checked.value !== null ? checked.value : undefined) as SpecValue | undefined;
  const spec = value === undefined ? { run: {} } : new SpecReader(checked.locations, lines, diagnostics).read(value);
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { spec, diagnostics };
}

/** Builds the typed spec from checked values, with the checks that span keys. */
class SpecReader {
  constructor(
    private readonly locations: ReadonlyMap<string, Location>,
    private readonly lines: LineMap,
    private readonly diagnostics: SpecDiagnostic[],
  ) {}

  read(value: SpecValue): SpecFile {
    const run: { -readonly [K in keyof RunSpec]?: RunSpec[K] } = {};
    if (value.target !== undefined) run.target = value.target;
    else if (!this.locations.has(pathKey(['target']))) this.report('missing-key', this.startFor(['target']), 'the spec names no target: add target: <the column to predict>');
    if (value.task !== undefined) run.task = value.task;
    if (value.metric !== undefined) {
      run.metric = value.metric;
      const metric = METRICS[value.metric];
      if (value.task !== undefined && !metric.tasks.includes(value.task)) {
        this.report(
          'metric-task',
          this.valueAt(['metric']),
          `metric '${value.metric}' scores ${metric.tasks.join(' and ')} tasks, not ${value.task}; for ${value.task} use ${metricsFor(value.task).map((m) => m.name).join(', ')}`,
        );
      }
    }
    if (value.budget !== undefined) run.budgetSeconds = value.budget;
    if (value.search?.trials !== undefined) run.trials = value.search.trials;
    if (value.seed !== undefined) run.seed = value.seed;
    if (value.learners !== undefined) {
      run.models = value.learners;
      if (value.task !== undefined) this.checkLearnerTasks(value.learners, value.task);
    }
    if (value.validation !== undefined) run.validation = this.validation(value.validation);
    if (value.search?.strategy !== undefined) run.searcher = SEARCH_STRATEGIES[value.search.strategy];
    if (value.ensemble !== undefined) run.ensemble = value.ensemble;
    if (value.exclude !== undefined) run.exclude = value.exclude;
    if (value.explain !== undefined) run.explain = value.explain;
    if (value.selection !== undefined) run.selection = value.selection;

    const data = this.data(value.data);
    return {
      ...data,
      run,
      ...(value.types === undefined ? {} : { types: value.types }),
      ...(value.robustness === undefined ? {} : { robustness: value.robustness }),
      ...(value.monitor === undefined ? {} : { monitor: this.monitor(value.monitor) }),
    };
  }

  /**
   * The `monitor` section: minutes or seconds (not both) for the interval and the cooldown, a
   * webhook URL or the variable holding it (not both). A literal URL is kept (a service made
   * from this spec file in place may use it) with a warning: it usually carries a token, and run
   * folders leave it out.
   */
  private monitor(m: ServiceMonitorSpec): ServiceMonitorSpec {
    for (const [minutes, seconds] of [
      ['intervalMinutes', 'intervalSeconds'],
      ['cooldownMinutes', 'cooldownSeconds'],
    ] as const) {
      if (m[minutes] !== undefined && m[seconds] !== undefined) {
        this.report('conflict', this.keyAt(['monitor', seconds]), `monitor takes ${minutes} or ${seconds}, not both`);
      }
    }
    if (m.webhookUrl !== undefined) {
      if (m.webhookUrlEnv !== undefined) {
        this.report('conflict', this.keyAt(['monitor', 'webhookUrl']), 'monitor takes webhookUrl or webhookUrlEnv, not both');
      } else if (!/^https?:\/\/[^/\s]/i.test(m.webhookUrl)) {
        // The value is not echoed: it may hold a token.
        this.report('bad-data', this.valueAt(['monitor', 'webhookUrl']), 'monitor.webhookUrl must be an http:// or https:// URL');
      } else {
        this.report(
          'literal-secret',
          this.valueAt(['monitor', 'webhookUrl']),
          'a webhook URL usually holds a token: name the environment variable that holds it with webhookUrlEnv instead (run folders and scaffolded services leave this URL out)',
          'warning',
        );
      }
    }
    if (m.webhookUrlEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.webhookUrlEnv)) {
      this.report('bad-data', this.valueAt(['monitor', 'webhookUrlEnv']), `monitor.webhookUrlEnv names an environment variable: letters, digits and _, not '${m.webhookUrlEnv}'`);
    }
    return m;
  }

  private checkLearnerTasks(learners: readonly string[], task: Task): void {
    const indexes = this.locations.get(pathKey(['learners']))?.items;
    learners.forEach((name, index) => {
      const learner = getLearner(name);
      if (!learner.tasks.includes(task)) {
        this.report('learner-task', this.valueAt(['learners', indexes?.[index] ?? index]), `learner '${name}' does not do ${task} tasks (it does ${learner.tasks.join(', ')})`);
      }
    });
  }

  private validation(v: NonNullable<SpecValue['validation']>): NonNullable<RunSpec['validation']> {
    if (v.holdout !== undefined) {
      const others = (['folds', 'repeats', 'group', 'time'] as const).filter((key) => v[key] !== undefined);
      if (others.length > 0) {
        this.report('conflict', this.keyAt(['validation', 'holdout']), `validation.holdout replaces k-fold: it cannot go with ${others.join(', ')}`);
      }
    }
    if (v.group !== undefined && v.time !== undefined) {
      this.report('conflict', this.keyAt(['validation', 'time']), 'validation can follow a group column or a time column, not both');
    }
    return {
      ...(v.folds === undefined ? {} : { folds: v.folds }),
      ...(v.repeats === undefined ? {} : { repeats: v.repeats }),
      ...(v.holdout === undefined ? {} : { holdout: v.holdout }),
      ...(v.group === undefined ? {} : { groupColumn: v.group }),
      ...(v.time === undefined ? {} : { timeColumn: v.time }),
    };
  }

  /** The source of `data` (undefined when absent or wrong), and its ragged-row policy. */
  private data(data: SpecValue['data']): { source?: SourceSpec; raggedRows?: RaggedRowPolicy } {
    if (data === undefined) {
      if (!this.locations.has(pathKey(['data']))) this.report('missing-key', this.startFor(['data']), 'the spec names no data: add data: <a file or URL>');
      return {};
    }
    const before = this.errorCount();
    const fields: DataValue = typeof data === 'string' ? {} : data;
    const locatorPath: KeyPath = typeof data === 'string' ? ['data'] : data.path !== undefined ? ['data', 'path'] : ['data', 'url'];
    let locator: string;
    if (typeof data === 'string') {
      locator = data;
    } else if (data.path !== undefined && data.url !== undefined) {
      this.report('conflict', this.keyAt(['data', 'url']), 'data takes a path or a url, not both');
      return {};
    } else if (data.path !== undefined) {
      locator = data.path;
      if (/^(postgres(ql)?|https?):\/\//i.test(locator)) this.report('bad-data', this.valueAt(locatorPath), 'a URL goes under data.url, not data.path');
    } else if (data.url !== undefined) {
      locator = data.url;
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(locator)) this.report('bad-data', this.valueAt(locatorPath), 'data.url takes a postgres:// or http(s):// URL; a file goes under data.path');
    } else {
      if (this.locations.has(pathKey(['data', 'path'])) || this.locations.has(pathKey(['data', 'url']))) return {};
      this.report('missing-key', this.keyAt(['data']), 'data needs a path (a file) or a url (a database or web API)');
      return {};
    }
    this.checkUrlSecrets(locator, locatorPath);

    let kind: SourceSpec['kind'];
    try {
      kind = locateSource(locator).spec.kind;
    } catch (error) {
      this.report('bad-data', this.valueAt(locatorPath), (error as Error).message);
      return {};
    }
    const options = this.sourceOptions(fields, kind);
    if (this.errorCount() > before) return {};
    let source: SourceSpec;
    try {
      // Options are checked above; the sheet is set as written (a quoted "2023" is a name).
      source = locateSource(locator, options).spec;
    } catch (error) {
      this.report('bad-data', this.valueAt(locatorPath), (error as Error).message);
      return {};
    }
    if (source.kind === 'xlsx' && fields.sheet !== undefined) source = { ...source, sheet: fields.sheet };
    return { source, ...(fields.ragged === undefined ? {} : { raggedRows: fields.ragged }) };
  }

  /** The locator's options from `data`'s keys, each checked to fit a source of `kind`. */
  private sourceOptions(fields: DataValue, kind: SourceSpec['kind']): SourceOptions {
    const fits = (key: string, kinds: readonly SourceSpec['kind'][]): boolean => {
      if (kinds.includes(kind)) return true;
      this.report(
        'bad-data',
        this.keyAt(['data', key]),
        `data.${key} does not apply to a ${SOURCE_KIND_NAMES[kind]} (it goes with ${kinds.map((k) => SOURCE_KIND_NAMES[k]).join(' or ')})`,
      );
      return false;
    };
    const options: { -readonly [K in keyof SourceOptions]?: SourceOptions[K] } = {};
    for (const key of ['delimiter', 'table', 'query', 'records', 'maxPages', 'maxRows'] as const) {
      const value = fields[key];
      if (value !== undefined && fits(key, SOURCE_OPTION_KINDS[key])) (options as Record<string, unknown>)[key] = value;
    }
    if (fields.sheet !== undefined) fits('sheet', SOURCE_OPTION_KINDS.sheet);
    if (fields.ragged !== undefined) fits('ragged', ['csv']);
    if (fields.table !== undefined && fields.query !== undefined) this.report('conflict', this.keyAt(['data', 'query']), 'data takes a table or a query, not both');
    if (fields.headers !== undefined && fits('headers', SOURCE_OPTION_KINDS.headers)) {
      const indexes = this.locations.get(pathKey(['data', 'headers']))?.items;
      fields.headers.forEach((header, index) => {
        const problem = headerTemplateProblem(header);
        const where = this.valueAt(['data', 'headers', indexes?.[index] ?? index]);
        if (problem !== undefined) this.report(problem.kind === 'literalCredential' ? 'literal-secret' : 'bad-data', where, problem.message);
      });
      options.headers = fields.headers;
    }
    const pagination = fields.pagination;
    if (pagination !== undefined && fits('pagination', SOURCE_OPTION_KINDS.pageParam)) {
      const { nextCursor, cursorParam, pageParam } = pagination;
      if ((nextCursor === undefined) !== (cursorParam === undefined)) {
        this.report('conflict', this.keyAt(['data', 'pagination', nextCursor === undefined ? 'cursorParam' : 'nextCursor']), 'pagination.nextCursor and pagination.cursorParam go together');
      } else if (nextCursor !== undefined && pageParam !== undefined) {
        this.report('conflict', this.keyAt(['data', 'pagination', 'pageParam']), 'pagination follows a cursor (nextCursor) or page numbers (pageParam), not both');
      } else if (nextCursor === undefined && pageParam === undefined) {
        this.report('missing-key', this.keyAt(['data', 'pagination']), 'pagination needs nextCursor and cursorParam, or pageParam');
      }
      Object.assign(options, paginationOptions(pagination));
    }
    return options;
  }

  /** A password in a URL is an error; a query parameter named like a secret a warning (run folders leave it out). */
  private checkUrlSecrets(locator: string, path: KeyPath): void {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^#]*)/i.exec(locator);
    if (!match) return;
    const userInfo = match[1].lastIndexOf('@') < 0 ? '' : match[1].slice(0, match[1].lastIndexOf('@'));
    const queryAt = match[2].indexOf('?');
    const parameters = queryAt < 0 ? [] : match[2].slice(queryAt + 1).split('&').map((pair) => pair.split('=')[0]);
    if (userInfo.includes(':') || parameters.some((name) => /^password$/i.test(name))) {
      this.report(
        'url-password',
        this.valueAt(path),
        'the data URL holds a password; leave it out (PostgreSQL reads PGPASSWORD or ~/.pgpass, VS Code keeps it in its secret storage) so that the spec can be shared',
      );
      return;
    }
    const secret = parameters.find((name) => isSecretParameter(name));
    if (secret !== undefined) {
      this.report(
        'url-secret',
        this.valueAt(path),
        `the data URL holds '${secret}' in its query, which looks like a secret: run folders leave it out; send it as a header (data.headers: ['Name: \${VARIABLE}']) if the API takes one`,
        'warning',
      );
    }
  }

  private errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  /** The start of the file, for a key that is missing. */
  private startFor(path: KeyPath): Where {
    return { path, range: this.lines.range(0, 0) };
  }

  /** Where the value at `path` is (its key when it has none, the file's start when absent). */
  private valueAt(path: KeyPath): Where {
    return { path, range: this.locations.get(pathKey(path))?.value ?? this.lines.range(0, 0) };
  }

  /** Where the key at `path` is (the value for list items). */
  private keyAt(path: KeyPath): Where {
    const location = this.locations.get(pathKey(path));
    return { path, range: location?.key ?? location?.value ?? this.lines.range(0, 0) };
  }

  private report(code: SpecDiagnosticCode, where: Where, message: string, severity: SpecSeverity = 'error'): void {
    this.diagnostics.push({ message, severity, range: where.range, code, path: where.path });
  }
}

/** `pagination`'s keys as locator options. */
function paginationOptions(pagination: NonNullable<DataValue['pagination']>): Pick<SourceOptions, 'nextCursor' | 'cursorParam' | 'pageParam'> {
  const { nextCursor, cursorParam, pageParam } = pagination;
  return {
    ...(nextCursor === undefined ? {} : { nextCursor }),
    ...(cursorParam === undefined ? {} : { cursorParam }),
    ...(pageParam === undefined ? {} : { pageParam }),
  };
}
