// Entry point of the `automl` command (bundled to dist/cli.js). All logic lives in main.ts so
// tests can import it without running the CLI.
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
