/**
 * The one description of the `.automl` spec file: every key, the kind of value it takes, the
 * names it accepts (from the engine's own registries: learners, metrics with the tasks each
 * scores, searchers, column types) and its documentation. The checker (`parseSpecText`), the
 * JSON Schema (`specJsonSchema`, shipped as schemas/automl.schema.json), the comments of a
 * written spec (`specToYaml`) and, later, the language server's hovers and completions all read
 * this table, so they cannot disagree.
 */
import { COLUMN_TYPES, type ColumnType } from '../data/frame';
import type { RaggedRowPolicy } from '../data/readReport';
import { listLearners } from '../learners/index';
import type { Task } from '../learners/types';
import type { SearcherKind } from '../search/searcher';
import { METRICS } from '../validate/metrics';
import { MIN_SERVICE_WINDOW_ROWS, SERVICE_MONITOR_DEFAULTS } from '../monitor/serviceMonitor';

/** One accepted value of an enumeration, with what it means. */
export interface EnumValue {
  readonly value: string;
  /** One line for completions and hovers. */
  readonly doc: string;
  /** The tasks this value works for (learners, metrics); every task when absent. */
  readonly tasks?: readonly Task[];
}

interface NodeBase {
  /** One line: the comment above the key in a written spec, a completion's detail. */
  readonly summary: string;
  /** More, in Markdown, for hovers; `summary` says it all when absent. */
  readonly doc?: string;
  /** Example values, as a spec would hold them. */
  readonly examples?: readonly unknown[];
}

/** Text; with `values`, one of those names. */
export interface StringNode extends NodeBase {
  readonly kind: 'string';
  readonly values?: readonly EnumValue[];
  /** The empty string is refused. */
  readonly nonEmpty?: boolean;
}

/** A number; the bounds as JSON Schema's keywords of the same names. */
export interface NumberNode extends NodeBase {
  readonly kind: 'number';
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

export interface BooleanNode extends NodeBase {
  readonly kind: 'boolean';
}

/** A positive duration: seconds as a number, or a string such as `90s`, `5m`, `1h30m` (see duration.ts). */
export interface DurationNode extends NodeBase {
  readonly kind: 'duration';
}

/** A sequence of `items`. */
export interface ListNode extends NodeBase {
  readonly kind: 'list';
  readonly items: SchemaNode;
  /** Repeated items are reported (as warnings: they change nothing). */
  readonly unique?: boolean;
  readonly nonEmpty?: boolean;
}

/** A mapping whose keys are the user's (column names), each holding `values`. */
export interface MapNode extends NodeBase {
  readonly kind: 'map';
  /** What a key names, for messages ("column"). */
  readonly keyName: string;
  readonly values: SchemaNode;
}

/** A mapping with known keys. */
export interface ObjectNode extends NodeBase {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, SchemaNode>>;
  /** Other keys are kept as written instead of reported (sections later versions fill). */
  readonly open?: boolean;
}

/** One of several kinds of value, told apart by the YAML node (text, number, mapping, list). */
export interface EitherNode extends NodeBase {
  readonly kind: 'either';
  readonly options: readonly SchemaNode[];
}

/** A node of the spec schema. */
export type SchemaNode = StringNode | NumberNode | BooleanNode | DurationNode | ListNode | MapNode | ObjectNode | EitherNode;

/** The spec's names of the searchers (`search.strategy`) and the engine's searcher each one runs. */
export const SEARCH_STRATEGIES = { tpe: 'bayesian', random: 'random', grid: 'grid' } as const satisfies Record<string, SearcherKind>;
export type SearchStrategy = keyof typeof SEARCH_STRATEGIES;

/** The strategy name of each engine searcher (every `SearcherKind` must have one). */
export const STRATEGY_OF_SEARCHER: { readonly [K in SearcherKind]: SearchStrategy } = { bayesian: 'tpe', random: 'random', grid: 'grid' };

const STRATEGY_DOCS: { readonly [K in SearchStrategy]: string } = {
  tpe: 'Bayesian optimisation with a tree-structured Parzen estimator: learns which settings score well (the default)',
  random: 'Random settings from each learner’s search space',
  grid: 'A grid over each learner’s search space, coarse to fine',
};

const TASK_DOCS: { readonly [K in Task]: string } = {
  binary: 'Two classes (yes/no, churn/stay)',
  multiclass: 'Three or more classes',
  regression: 'A number',
};

const COLUMN_TYPE_DOCS: { readonly [K in ColumnType]: string } = {
  integer: 'Whole numbers',
  float: 'Numbers',
  boolean: 'True/false values',
  categorical: 'A few distinct values (codes, labels); numbers too, when they name categories',
  datetime: 'Dates and times (used through their parts: year, month, weekday, hour)',
  text: 'Free text (used through word counts)',
  id: 'Identifies rows (keys, row numbers): never used as a feature',
};

const RAGGED_DOCS: { readonly [K in RaggedRowPolicy]: string } = {
  pad: 'Pad short rows with missing values and drop extra fields (the default)',
  drop: 'Leave such rows out',
  error: 'Stop with an error naming the line',
};

const SELECTION_DOCS = {
  auto: 'Select and engineer features, each change kept only when cross-validation improves (default).',
  off: 'Use the columns as they are.',
} as const;

function enumOf<K extends string>(docs: { readonly [key in K]: string }): EnumValue[] {
  return (Object.keys(docs) as K[]).map((value) => ({ value, doc: docs[value] }));
}

function column(summary: string): StringNode {
  return { kind: 'string', summary, nonEmpty: true };
}

function positiveInteger(summary: string, doc?: string): NumberNode {
  return { kind: 'number', summary, ...(doc === undefined ? {} : { doc }), integer: true, minimum: 1 };
}

/** The `data` key: a locator, or a mapping with the locator and the options that pick the data within it. */
function dataNode(): EitherNode {
  const summary = 'The data: a file (relative to this spec’s folder) or a URL.';
  return {
    kind: 'either',
    summary,
    doc:
      'A file (`.csv`, `.tsv`, `.csv.gz`, `.json`, `.ndjson`, `.jsonl`, `.parquet`, `.xlsx`, `.sqlite`, `.db`), its format told by its extension and a relative path read from this spec’s folder; ' +
      'or a `postgres://user@host:port/db` or `http(s)://` URL. Write a mapping (`path:` or `url:` with `table`, `query`, `sheet`, `records`, `headers`, …) to pick the data within it. ' +
      'Never write a password or token here: PostgreSQL reads `PGPASSWORD` or `~/.pgpass`, and headers take `${NAME}` references to environment variables.',
    examples: ['data/loans.csv', { path: 'shop.sqlite', table: 'orders' }],
    options: [
      { kind: 'string', summary, nonEmpty: true },
      {
        kind: 'object',
        summary,
        fields: {
          path: { kind: 'string', summary: 'A data file, relative to this spec’s folder (or `sqlite:path`).', nonEmpty: true },
          url: { kind: 'string', summary: 'A `postgres://user@host:port/db` or `http(s)://` URL, without a password.', nonEmpty: true },
          delimiter: { kind: 'string', summary: 'CSV field delimiter (default: sniffed among , ; tab |).', nonEmpty: true },
          ragged: { kind: 'string', summary: 'CSV rows with the wrong number of fields: pad, drop or error.', values: enumOf(RAGGED_DOCS) },
          table: { kind: 'string', summary: 'SQLite or PostgreSQL table (`schema.name`).', nonEmpty: true },
          query: { kind: 'string', summary: 'SQLite or PostgreSQL query, instead of a table.', nonEmpty: true },
          sheet: {
            kind: 'either',
            summary: 'Excel sheet: its name, or its 0-based index (default: the first).',
            options: [
              { kind: 'string', summary: 'The sheet’s name.', nonEmpty: true },
              { kind: 'number', summary: 'The sheet’s 0-based index.', integer: true, minimum: 0 },
            ],
          },
          records: { kind: 'string', summary: 'Where the records are in a JSON document (`data.items`).', nonEmpty: true },
          headers: {
            kind: 'list',
            summary: 'HTTP request headers, `Name: value`; credentials only as `${NAME}` references to environment variables.',
            examples: [['Authorization: Bearer ${API_TOKEN}']],
            items: { kind: 'string', summary: 'A header template, such as `Authorization: Bearer ${API_TOKEN}`.', nonEmpty: true },
          },
          pagination: {
            kind: 'object',
            summary: 'How the API pages: a cursor in the answer, or page numbers (`Link: rel="next"` is always followed).',
            fields: {
              nextCursor: { kind: 'string', summary: 'Where the next cursor is in an answer (`meta.next_token`); goes with cursorParam.', nonEmpty: true },
              cursorParam: { kind: 'string', summary: 'The query parameter that sends the cursor back; goes with nextCursor.', nonEmpty: true },
              pageParam: { kind: 'string', summary: 'The query parameter of the page number, counted from 1 until a page is empty.', nonEmpty: true },
            },
          },
          maxPages: positiveInteger('Stop fetching after this many pages.'),
          maxRows: positiveInteger('Stop fetching after this many records.'),
        },
      },
    ],
  };
}

/**
 * The `monitor` key: the prediction service's log and built-in monitor (see
 * monitor/serviceMonitor.ts). `automl scaffold-service` copies it into the service's
 * `service.config.json`, whose `monitor` object takes the same keys.
 */
function monitorNode(): ObjectNode {
  const d = SERVICE_MONITOR_DEFAULTS;
  const share = (summary: string): NumberNode => ({ kind: 'number', summary, exclusiveMinimum: 0, maximum: 1 });
  const positive = (summary: string): NumberNode => ({ kind: 'number', summary, exclusiveMinimum: 0 });
  return {
    kind: 'object',
    summary: 'The prediction service’s log and monitor: `automl scaffold-service` copies these into its service.config.json.',
    doc:
      'The service logs each predicted row (`logs/predictions-YYYY-MM-DD.ndjson`), serves `/metrics` and `/feedback`, and every interval checks the latest window of logged rows against the run’s reference: ' +
      'PSI per column and of the predictions, null-rate rise, values outside the training range, unseen categories. ' +
      'A check alerts after 2 bad windows in a row, then stays silent for the cooldown. Alerts go to a webhook as Slack-compatible JSON.',
    examples: [{ intervalMinutes: 10, windowRows: 2000, webhookUrlEnv: 'SLACK_WEBHOOK_URL', thresholds: { psi: 0.2 } }],
    fields: {
      enabled: { kind: 'boolean', summary: `Run the built-in monitor (default ${d.enabled}; it needs the run’s reference).` },
      intervalMinutes: positive(`How often the monitor checks the latest window, in minutes (default ${d.intervalMinutes}).`),
      intervalSeconds: positive('The check interval in seconds instead of minutes (for tests and fast loops).'),
      windowRows: {
        kind: 'number',
        summary: `The latest this many logged rows make a window (default ${d.windowRows}; windows under ${MIN_SERVICE_WINDOW_ROWS} rows never alert).`,
        integer: true,
        minimum: MIN_SERVICE_WINDOW_ROWS,
      },
      cooldownMinutes: { kind: 'number', summary: `After an alert its rule stays silent this many minutes (default ${d.cooldownMinutes}).`, minimum: 0 },
      cooldownSeconds: { kind: 'number', summary: 'The cooldown in seconds instead of minutes (for tests).', minimum: 0 },
      webhookUrl: {
        kind: 'string',
        summary: 'Where alerts are POSTed. It usually holds a token: prefer webhookUrlEnv (a literal URL is never saved in run folders).',
        nonEmpty: true,
      },
      webhookUrlEnv: {
        kind: 'string',
        summary: `The environment variable holding the webhook URL, read when the service starts (default ${d.webhookUrlEnv}).`,
        nonEmpty: true,
        examples: ['SLACK_WEBHOOK_URL'],
      },
      thresholds: {
        kind: 'object',
        summary: 'When a check counts as bad (defaults: the alert grades of `automl monitor`).',
        fields: {
          psi: positive(`A column’s population stability index, bad at or above (default ${d.thresholds.psi}).`),
          predictionPsi: positive(`The predictions’ PSI, bad at or above (default ${d.thresholds.predictionPsi}).`),
          nullRateRise: share(`A column’s null-rate rise over training, bad above (default ${d.thresholds.nullRateRise}).`),
          outOfRange: share(`Share of a numeric column’s values outside the training range, bad above (default ${d.thresholds.outOfRange}).`),
          unseen: share(`Share of a categorical column’s labels training never saw, bad above (default ${d.thresholds.unseen}).`),
        },
      },
      logDir: { kind: 'string', summary: `The prediction log’s folder, relative to the service folder (default ${d.logDir}).`, nonEmpty: true },
      sampleRate: { kind: 'number', summary: `Share of requests whose rows are logged and monitored, 0–1 (default ${d.sampleRate}).`, minimum: 0, maximum: 1 },
    },
  };
}

/** Builds the schema from the registries (learners register themselves when learners/index loads). */
function buildSpecSchema(): ObjectNode {
  const learners: EnumValue[] = listLearners().map((l) => ({ value: l.name, doc: l.description, tasks: l.tasks }));
  const metrics: EnumValue[] = Object.values(METRICS).map((m) => ({
    value: m.name,
    doc: `${m.label}, ${m.higherIsBetter ? 'higher' : 'lower'} is better (${m.tasks.join(', ')})`,
    tasks: m.tasks,
  }));
  return {
    kind: 'object',
    summary: 'An AutoML run: the data, what to predict, and how to search. `automl run <file>` runs it.',
    fields: {
      data: dataNode(),
      target: { ...column('The column to predict.'), examples: ['churned'] },
      task: { kind: 'string', summary: 'The kind of prediction (default: inferred from the target).', values: enumOf(TASK_DOCS) },
      metric: {
        kind: 'string',
        summary: 'The score the search optimises (default: auc for binary, logLoss for multiclass, rmse for regression).',
        values: metrics,
      },
      budget: {
        kind: 'duration',
        summary: 'Wall-clock budget, final refit included: 90s, 5m, 1h30m (default 1m; none with only search.trials).',
        examples: ['90s', '5m', '1h'],
      },
      seed: { kind: 'number', summary: 'Random seed: the same seed, data and trial count give the same leaderboard (default 42).', integer: true },
      validation: {
        kind: 'object',
        summary: 'How models are scored (default: by data size: 10 folds under 1,000 rows, 5 under 50,000, else a 20% holdout).',
        fields: {
          folds: { kind: 'number', summary: 'k-fold cross-validation with this many folds (also the folds of a group or time split).', integer: true, minimum: 2 },
          repeats: positiveInteger('Repeat k-fold this many times, reshuffled each time.'),
          holdout: {
            kind: 'number',
            summary: 'Validate on one holdout of this share of the rows instead of k-fold (e.g. 0.2).',
            exclusiveMinimum: 0,
            exclusiveMaximum: 1,
          },
          group: column('Rows sharing a value of this column stay on one side of every split.'),
          time: column('Validate in time order along this date column.'),
        },
      },
      exclude: {
        kind: 'list',
        summary: 'Columns to leave out (identifiers and leaking columns the profile flags are left out anyway).',
        unique: true,
        items: column('A column name.'),
      },
      types: {
        kind: 'map',
        summary: 'Column types that override the inferred ones.',
        keyName: 'column',
        examples: [{ zip: 'categorical' }],
        values: { kind: 'string', summary: 'The column’s type.', values: COLUMN_TYPES.map((value) => ({ value, doc: COLUMN_TYPE_DOCS[value] })) },
      },
      learners: {
        kind: 'list',
        summary: 'Learners the search may use (default: every learner that does the task).',
        unique: true,
        nonEmpty: true,
        items: { kind: 'string', summary: 'A learner.', values: learners },
      },
      search: {
        kind: 'object',
        summary: 'How the search proposes settings, and when it stops besides the budget.',
        fields: {
          strategy: { kind: 'string', summary: 'tpe (default), random or grid.', values: enumOf(STRATEGY_DOCS) },
          trials: positiveInteger('Stop after this many trials (with a seed, a reproducible run).'),
        },
      },
      ensemble: { kind: 'boolean', summary: 'Combine the best models when that scores better (default true).' },
      explain: {
        kind: 'boolean',
        summary: 'Explain the final model within the budget (default true); false leaves the time to the search.',
      },
      selection: {
        kind: 'string',
        summary:
          'Feature selection and engineering before the search: auto (default) drops columns that rank below random noise and adds engineered features, each only when cross-validation improves; off uses the columns as they are.',
        values: enumOf(SELECTION_DOCS),
      },
      robustness: { kind: 'object', summary: 'Robustness checks (reserved: a later version reads this section).', fields: {}, open: true },
      monitor: monitorNode(),
    },
  };
}

/** The schema of a `.automl` file. */
export const SPEC_SCHEMA: ObjectNode = buildSpecSchema();

/**
 * The schema node at a key path (`['validation', 'folds']`, `['learners', 0]`, `['types', 'zip']`),
 * for hovers and completions; an `either` node is returned as it is (the caller picks the option
 * that fits the value). Undefined when no key is there.
 */
export function schemaAt(path: readonly (string | number)[], root: SchemaNode = SPEC_SCHEMA): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    node = childOf(node, step);
  }
  return node;
}

function childOf(node: SchemaNode, step: string | number): SchemaNode | undefined {
  switch (node.kind) {
    case 'object':
      return typeof step === 'string' && Object.prototype.hasOwnProperty.call(node.fields, step) ? node.fields[step] : undefined;
    case 'map':
      return typeof step === 'string' ? node.values : undefined;
    case 'list':
      return typeof step === 'number' ? node.items : undefined;
    case 'either':
      for (const option of node.options) {
        const child = childOf(option, step);
        if (child !== undefined) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}
