import { isUserFacingError } from '../engine/errors';
import { PROFILE_HELP, profileCommand } from './profileCommand';
import { UsageError } from './usageError';

declare const __AUTOML_VERSION__: string | undefined;

const VERSION = typeof __AUTOML_VERSION__ === 'string' ? __AUTOML_VERSION__ : 'dev';

const HELP = `automl ${VERSION}: AutoML for tabular data, the engine of the AutoML for VS Code extension.

Usage: automl <command> [options]

Commands:
  profile <source>        column types, statistics, associations and warnings of the data
  run <source>            AutoML: search, validate and ensemble models within a budget; write a run folder
  predict <run> <source>  predictions of a run's model for the rows of the data
  explain <run>           what drives a run's model: importance, insights, per-row SHAP values (--rows)
  robustness <run> <source>  how far new data is from a run's training data (adversarial validation)
  monitor <run> <source>  drift, data quality and performance of new data against a run's reference
  train <source>          fit one learner (with its preprocessing) and write a run folder
  export <run>            a run's model as one dependency-free TypeScript module
  scaffold-service <run> --out <dir>  a Node.js prediction service for a run's model
  report <run>            a run's self-contained HTML report (written by every run; --out elsewhere)

A <source> is a file (.csv, .tsv, .csv.gz, .json, .ndjson, .jsonl, .parquet, .xlsx, .sqlite, .db) or a
postgres://, sqlite: or http(s):// URL. Run 'automl <command> --help' for a command's options.

Exit codes: 0 success, 1 user error (bad input or usage), 2 internal error (--verbose shows the stack),
3 a monitor check reached its --fail-on grade.
`;

type Command = (argv: readonly string[]) => Promise<number>;

// Commands that train load the learners (TensorFlow.js included) on first use, so `automl
// profile` and `--version` start without them.
const COMMANDS: Readonly<Record<string, { run: Command; help: () => Promise<string> }>> = {
  profile: { run: profileCommand, help: async () => PROFILE_HELP },
  run: {
    run: async (argv) => (await import('./runCommand')).runCommand(argv),
    help: async () => (await import('./runCommand')).RUN_HELP,
  },
  predict: {
    run: async (argv) => (await import('./predictCommand')).predictCommand(argv),
    help: async () => (await import('./predictCommand')).PREDICT_HELP,
  },
  explain: {
    run: async (argv) => (await import('./explainCommand')).explainCommand(argv),
    help: async () => (await import('./explainCommand')).EXPLAIN_HELP,
  },
  robustness: {
    run: async (argv) => (await import('./robustnessCommand')).robustnessCommand(argv),
    help: async () => (await import('./robustnessCommand')).ROBUSTNESS_HELP,
  },
  monitor: {
    run: async (argv) => (await import('./monitorCommand')).monitorCommand(argv),
    help: async () => (await import('./monitorCommand')).MONITOR_HELP,
  },
  train: {
    run: async (argv) => (await import('./trainCommand')).trainCommand(argv),
    help: async () => (await import('./trainCommand')).trainHelp(),
  },
  export: {
    run: async (argv) => (await import('./exportCommand')).exportCommand(argv),
    help: async () => (await import('./exportCommand')).EXPORT_HELP,
  },
  report: {
    run: async (argv) => (await import('./reportCommand')).reportCommand(argv),
    help: async () => (await import('./reportCommand')).REPORT_HELP,
  },
  'scaffold-service': {
    run: async (argv) => (await import('./scaffoldCommand')).scaffoldCommand(argv),
    help: async () => (await import('./scaffoldCommand')).SCAFFOLD_HELP,
  },
};

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      process.stdout.write(topic && COMMANDS[topic] ? await COMMANDS[topic].help() : HELP);
      return 0;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command '${name}'\n\n${HELP}`);
    return await command.run(rest);
  } catch (error) {
    const { code, message } = describeFailure(error, verbose);
    process.stderr.write(message);
    return code;
  }
}

/**
 * Exit code and stderr text for an error that ended a command: 1 with just the message for user
 * errors (bad input, bad usage), 2 for anything else, with the stack trace under `--verbose`.
 */
export function describeFailure(error: unknown, verbose: boolean): { code: 1 | 2; message: string } {
  if (isUserFacingError(error) || isArgumentError(error)) {
    return { code: 1, message: `automl: ${(error as Error).message}\n` };
  }
  const text = error instanceof Error ? error.message : String(error);
  const detail =
    verbose && error instanceof Error && error.stack
      ? `${error.stack}\n`
      : '(run again with --verbose for the stack trace, and please report it)\n';
  return { code: 2, message: `automl: internal error: ${text}\n${detail}` };
}

/** Errors from `util.parseArgs` (unknown option, missing value) are usage errors. */
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
