/**
 * The generated service's README.md: what the model is, how to build and run it (plain Node and
 * Docker), example requests with the run's typical input row, the input fields, the responses,
 * the error codes and, when the project has one, the monitoring reference.
 */
import type { Task } from '../../engine/learners/types';
import { ALERT_AFTER_WINDOWS, MIN_SERVICE_WINDOW_ROWS, type ServiceMonitorSpec } from '../../engine/monitor/serviceMonitor';

export interface ReadmeFacts {
  readonly packageName: string;
  readonly dataset: string;
  /** Which model, e.g. 'final model (gbdt)'. */
  readonly model: string;
  readonly task: Task;
  readonly target: string;
  /** Class labels (classification). */
  readonly classes?: readonly string[];
  readonly trainedRows: number;
  readonly trainedAt?: string;
  /** The run folder's name. */
  readonly run: string;
  readonly fields: readonly { readonly name: string; readonly type: string; readonly required: boolean }[];
  readonly exampleInput: Readonly<Record<string, string | number | boolean>>;
  readonly port: number;
  /** The project has the run's compact monitoring reference (reference.json). */
  readonly reference?: boolean;
  /** The `monitor` object of service.config.json as scaffolded. */
  readonly monitor: ServiceMonitorSpec;
}

/** The README's section on the prediction log, /feedback, /metrics, the monitor and its settings. */
function monitoringSection(facts: ReadmeFacts): string {
  const m = facts.monitor;
  const t = m.thresholds ?? {};
  const every = m.intervalSeconds !== undefined ? `${m.intervalSeconds} s` : `${m.intervalMinutes} min`;
  const cooldown = m.cooldownSeconds !== undefined ? `${m.cooldownSeconds} s` : `${m.cooldownMinutes} min`;
  const classification = facts.task !== 'regression';
  return `
## Prediction log, feedback, metrics and alerts

Every answered request gets a \`request_id\` (in the answer and the \`X-Request-Id\` header; send
your own \`X-Request-Id\`, 1 to 128 visible ASCII characters, to use it instead).

**Prediction log.** Each predicted row is one JSON line in \`${m.logDir}/predictions-YYYY-MM-DD.ndjson\`
(a new file each UTC day): \`ts\`, \`request_id\`, \`row\` (its index in the request), \`model_version\`,
\`model_hash\`, \`input\` (the row as sent), \`prediction\`${classification ? ', `probabilities`' : ''}, \`latency_ms\`, \`status\` (\`ok\`).
A failed \`/predict\` request is one line with \`status: "error"\`, \`http_status\` and \`error\`.
\`sampleRate\` (${m.sampleRate}) is the share of requests logged (all rows of a logged request are); 0 logs nothing.

**Feedback.** \`POST /feedback\` with \`{ "request_id": "...", "label": ${classification ? '"<class>"' : '<number>'}, "row": <index, for a batch> }\`
appends the label to \`${m.logDir}/feedback-YYYY-MM-DD.ndjson\` and answers 202. The label must be
${classification ? 'one of the model\u2019s classes' : 'a number'}. Any well-formed request id is accepted (it may come from another
replica, from before a restart, or from a request the sampling left out of the log): join the
two logs on \`request_id\` (and \`row\`; a label without one is for row 0) to score the model on live data.
\`automl monitor <run folder> ${m.logDir}\` does that and more: it checks the logged rows against the run\u2019s
reference (drift, data quality, the predictions, and performance on the rows /feedback labelled),
by day with \`--by day\`.

**Metrics.** \`GET /metrics\` serves Prometheus' text format: \`automl_requests_total{endpoint,status}\`,
the \`automl_predict_duration_seconds\` histogram, \`automl_predicted_rows_total\`,
${classification ? '`automl_predicted_class_rows_total{class}`, ' : ''}per feature \`automl_feature_missing_total\`,
\`automl_feature_out_of_range_total\` (numbers outside the training range) and
\`automl_feature_unseen_total\` (labels training never saw), the drift gauges \`automl_feature_psi\`,
\`automl_feature_null_rate\` and \`automl_prediction_psi\` of the latest checked window,
\`automl_monitor_last_check_timestamp_seconds\`, \`automl_monitor_checks_total{result}\` and
\`automl_alerts_total{rule}\`. Labels are feature names, classes, endpoints and rules, never values from a request.

**Monitor**${facts.reference ? '' : ' (off here: this model has no `reference.json` to compare with, as only a run\u2019s final model has one)'}. Every ${every} the service judges the latest ${m.windowRows} logged rows against
\`reference.json\` (windows under ${MIN_SERVICE_WINDOW_ROWS} rows are too few and never alert; a check with no new row since
the last one changes nothing). After a restart the window is refilled from the latest ${m.windowRows} lines of
today\u2019s and yesterday\u2019s prediction log (rows this model answered); streaks of bad windows and cooldowns
start afresh. Rules: \`psi:<field>\` (population stability index of a field, at or above
${t.psi}), \`nulls:<field>\` (null rate risen by more than ${t.nullRateRise}), \`range:<field>\` (more than
${t.outOfRange} of a number outside the training range), \`unseen:<field>\` (more than ${t.unseen} of labels training
never saw) and \`prediction_psi\` (at or above ${t.predictionPsi}). A rule alerts after ${ALERT_AFTER_WINDOWS} bad windows in a row,
then stays silent for ${cooldown}. Alerts are POSTed to the webhook as Slack-compatible JSON: \`{ "text": "...",
"alert": { "rule", "check", "feature", "value", "threshold", "windows", "windowRows", "firedAt", "service", "model" } }\`;
without a webhook they are printed. They name fields and figures only, never a value from a request.

**Settings** are in \`service.config.json\` (or the file \`SERVICE_CONFIG\` names), object \`monitor\`:
\`enabled\`, \`intervalMinutes\` (or \`intervalSeconds\`), \`windowRows\`, \`cooldownMinutes\` (or
\`cooldownSeconds\`), \`webhookUrlEnv\` (the environment variable holding the webhook URL${m.webhookUrlEnv === undefined ? '' : `, here \`${m.webhookUrlEnv}\``}) or
\`webhookUrl\`, \`thresholds\` (\`psi\`, \`predictionPsi\`, \`nullRateRise\`, \`outOfRange\`, \`unseen\`), \`logDir\` (relative
to this folder; the Docker image's \`/app/logs\` is a volume) and \`sampleRate\`. A webhook URL usually holds a
token: keep it in the environment rather than in the file. The same keys go in a spec's \`monitor:\` section,
which \`automl scaffold-service\` copies here.
`;
}

/** The README's section on reference.json. */
function referenceSection(): string {
  return `
## Monitoring reference

\`reference.json\` (also exported by \`src/model.ts\` as \`REFERENCE\`, and copied into the Docker
image next to \`package.json\`) describes the training data and the model as the run validated it:
for each input field its type, null rate, range, mean and standard deviation with
reference-quantile buckets (numbers and dates, dates in epoch milliseconds) or its most frequent
labels; the distribution of the model's out-of-fold predictions; and the cross-validated
\`metric\` with its per-fold scores and their standard deviation. Compare the requests and
answers the service sees with it to notice data drift or a model that has become worse. It holds
statistics only, no rows of the training data.
`;
}

const TYPE_NOTES: Readonly<Record<string, string>> = {
  number: 'a number, or its text as in the CSV',
  date: 'a date as text in the training file\u2019s day/month/year order, or epoch milliseconds (UTC)',
  boolean: '`true`/`false`, or the labels as written in the CSV',
  category: 'a label (text); unseen labels are handled as in training',
};

/** `text` inside single quotes for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A Markdown table cell: pipes escaped, code spans for names. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function readmeSource(facts: ReadmeFacts): string {
  const { packageName, port } = facts;
  const classification = facts.task !== 'regression';
  const classes = facts.classes ?? [];
  const example = JSON.stringify(facts.exampleInput);
  const batch = JSON.stringify([facts.exampleInput, facts.exampleInput]);
  const what =
    facts.task === 'regression'
      ? `predicts \`${facts.target}\` (regression: a number)`
      : `predicts \`${facts.target}\` (${facts.task} classification: ${classes.map((c) => `\`${c}\``).join(', ')})`;
  const fieldRows = facts.fields.map(
    (f) => `| \`${cell(f.name)}\` | ${f.type} | ${f.required ? 'yes' : 'no (may be missing or null)'} | ${TYPE_NOTES[f.type] ?? ''} |`,
  );
  const oneAnswer = classification
    ? `{ "prediction": <label>, "probabilities": { ${[...classes.slice(0, 3).map((c) => `${JSON.stringify(c)}: <p>`), ...(classes.length > 3 ? ['...'] : [])].join(', ')} } }`
    : `{ "prediction": <number> }`;
  const batchAnswer = classification
    ? `{ "predictions": [<label>, ...], "probabilities": [{ <label>: <p>, ... }, ...] }`
    : `{ "predictions": [<number>, ...] }`;
  return `# ${packageName}

An HTTP prediction service for the AutoML model **${facts.model}** trained on \`${facts.dataset}\`
(${facts.trainedRows} rows${facts.trainedAt ? `, ${facts.trainedAt}` : ''}, run \`${facts.run}\`). It ${what}.

Generated by AutoML for VS Code. The model is \`src/model.ts\`: one TypeScript module with no
dependencies (its doc comment and \`modelInfo\` say how it was trained and validated). The server,
\`src/server.ts\`, uses Node's built-in \`http\` module only.

## Build and run

\`\`\`sh
npm install        # TypeScript and @types/node, for the build only; commit package-lock.json
npm run build      # compiles src/ to dist/
npm start          # listens on http://0.0.0.0:${port}
PORT=3000 HOST=127.0.0.1 npm start
\`\`\`

With Docker (the image holds the compiled JavaScript only, runs as the \`node\` user and checks
\`/health\`):

\`\`\`sh
docker build -t ${packageName} .
docker run --rm -p ${port}:${port} ${packageName}
\`\`\`

## Requests

\`\`\`sh
curl -s http://localhost:${port}/health
curl -s -X POST http://localhost:${port}/predict -H 'Content-Type: application/json' \\
  -d ${shellQuote(example)}
curl -s -X POST http://localhost:${port}/predict -H 'Content-Type: application/json' \\
  -d ${shellQuote(batch)}
\`\`\`

\`POST /predict\` takes one row (a JSON object) or a batch: an array of rows, or \`{ "rows": [...] }\`.
A row answers \`${oneAnswer}\`; a batch answers
\`${batchAnswer}\`, in the order of the rows.${classification ? ' Probabilities are per class and sum to 1.' : ''}
Both also carry \`"request_id"\`, for \`POST /feedback\` (see below).

\`GET /health\` answers \`{ "status": "ok", "model": {...}, "task": ..., "target": ..., "inputFields": [...] }\`
(status 503 with \`"stopping"\` while shutting down).

## Input fields

| Field | Type | Required | Accepts |
| --- | --- | --- | --- |
${fieldRows.join('\n')}

Each field takes its typed value or the raw text as read from the CSV. Other fields (the target
\`${facts.target}\` included) are ignored.

## Errors

Errors answer \`{ "error": "message" }\` (on \`/predict\` with the \`request_id\` too).

| Status | When |
| --- | --- |
| 400 | the body is empty or not valid JSON; not an object or an array; an empty batch or one over MAX_BATCH_ROWS rows; a row that is not an object; a required field missing or a value of the wrong type (the message names the field, and the row index in a batch) |
| 400 | on \`/feedback\`: no \`request_id\`, or a label that is not ${classification ? 'one of the classes' : 'a number'}; an \`X-Request-Id\` header that is not 1 to 128 visible ASCII characters |
| 404 | a path other than \`/predict\`, \`/feedback\`, \`/health\` and \`/metrics\` |
| 405 | a method other than POST on \`/predict\` and \`/feedback\`, or GET on \`/health\` and \`/metrics\` |
| 413 | a body over MAX_BODY_BYTES (answered once the limit is passed; the rest of the body is discarded) |
| 500 | an unexpected error (details in the server log) |

## Configuration

| Variable | Default | |
| --- | --- | --- |
| \`PORT\` | ${port} | \`0\` picks a free port (printed on start) |
| \`HOST\` | \`0.0.0.0\` | the address to listen on |
| \`MAX_BODY_BYTES\` | 1048576 | largest request body |
| \`MAX_BATCH_ROWS\` | 10000 | most rows in one batch |
| \`SERVICE_CONFIG\` | \`service.config.json\` | the settings file (see below) |

The server logs one line per request to standard output and stops on SIGTERM or SIGINT after the
requests in flight finish (10 s at most), flushing its logs.
${monitoringSection(facts)}${facts.reference ? referenceSection() : ''}`;
}
