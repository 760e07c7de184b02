import { isUserFacingError } from '../engine/errors';
import { PROFILE_HELP, profileCommand } from './profileCommand';
import { UsageError } from './usageError';

declare const __AUTOML_VERSION__: string | undefined;

const VERSION = typeof __AUTOML_VERSION__ === 'string' ? __AUTOML_VERSION__ : 'dev';

const HELP = `automl ${VERSION}: AutoML for tabular files, the engine of the AutoML for VS Code extension.

Usage: automl <command> [options]

Commands:
  profile <file>   column types, statistics, associations and warnings for a CSV/TSV file

Run 'automl <command> --help' for a command's options.

Exit codes: 0 success, 1 user error (bad input or usage), 2 internal error (--verbose shows the stack).
`;

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  profile: { run: profileCommand, help: PROFILE_HELP },
};

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      process.stdout.write(topic && COMMANDS[topic] ? COMMANDS[topic].help : HELP);
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
    if (isUserFacingError(error) || isArgumentError(error)) {
      process.stderr.write(`automl: ${(error as Error).message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`automl: internal error: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(run again with --verbose for the stack trace, and please report it)\n');
    return 2;
  }
}

/** Errors from `util.parseArgs` (unknown option, missing value) are usage errors. */
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
