import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SERVICE_PORT, scaffoldService } from '../node/serviceScaffold';
import { formatBytes } from './formatBytes';
import { parseTrialOption } from './trialOption';
import { UsageError } from './usageError';

export const SCAFFOLD_HELP = `Usage: automl scaffold-service <run-dir> --out <dir> [--trial N] [--port ${DEFAULT_SERVICE_PORT}]

Creates a small Node.js project serving a run's model over HTTP: src/model.ts (the model as
'automl export' writes it), src/server.ts (node:http only: POST /predict for one row or a batch,
POST /feedback, GET /health, GET /metrics in Prometheus' format, request validation, a body size
limit) with its prediction log (logs/predictions-YYYY-MM-DD.ndjson) and built-in monitor
(src/monitor.ts, src/drift.ts: drift alerts to a webhook), service.config.json (the log and
monitor settings, from the run's spec 'monitor:' section when it has one), package.json,
tsconfig.json, a Dockerfile, a README with example requests and, for the final model,
reference.json (the run's monitoring reference without its row sample).

Options:
  --out <dir>    the project folder to create (required; an existing non-empty folder is refused)
  --trial <N>    serve trial N of the run, refitted on all rows, instead of the final model
  --port <n>     the port the service listens on when PORT is not set (default ${DEFAULT_SERVICE_PORT})
  -h, --help     show this help
`;

/** Runs `automl scaffold-service`; returns the exit code. */
export async function scaffoldCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      trial: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SCAFFOLD_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('scaffold-service takes one run folder (see automl scaffold-service --help)');
  if (values.out === undefined) throw new UsageError('scaffold-service needs --out <dir>, the project folder to create');
  const port = values.port === undefined ? DEFAULT_SERVICE_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a whole number from 1 to 65535, got '${values.port}'`);
  const result = await scaffoldService(positionals[0], values.out, { which: parseTrialOption(values.trial), port });
  // A folder outside the current one reads better as its absolute path than as ../../…
  const fromHere = relative(process.cwd(), result.outDir) || '.';
  const relativeDir = fromHere.startsWith('..') ? result.outDir : fromHere;
  // Quoted for the shell when it holds spaces or other special characters.
  const where = /^[\w./-]+$/.test(relativeDir) ? relativeDir : JSON.stringify(relativeDir);
  const lines = [
    `Created ${result.packageName} in ${result.outDir}, serving ${result.model}:`,
    ...result.files.map((path) => `  ${path} (${formatBytes(result.bytes[path] ?? 0)})`),
    '',
    result.monitorFromSpec
      ? 'service.config.json holds the run spec\'s monitor: settings (a webhook URL comes from the environment variable it names).'
      : 'service.config.json holds the default log and monitor settings (add a monitor: section to the spec to choose them).',
    '',
    'Next:',
    `  cd ${where} && npm install && npm run build && npm start`,
    `  or: docker build -t ${result.packageName} ${where} && docker run --rm -p ${port}:${port} ${result.packageName}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}
