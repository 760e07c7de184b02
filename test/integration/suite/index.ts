/**
 * Entry of the in-host integration suite: the module `@vscode/test-electron` loads as
 * `extensionTestsPath` (it calls `run()`), and the code-server runner extension calls too. Each
 * test runs in order inside a real extension host; a failure fails the run after all have run.
 */
import { writeFileSync } from 'node:fs';
import { tests } from './extension.itest';

export interface TestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
  readonly notes: readonly string[];
}

export async function run(): Promise<void> {
  const results: TestResult[] = [];
  for (const test of tests) {
    const notes: string[] = [];
    const started = Date.now();
    try {
      await test.run((note) => notes.push(note));
      results.push({ name: test.name, ok: true, ms: Date.now() - started, notes });
      console.log(`ok - ${test.name} (${Date.now() - started} ms)${notes.map((n) => `\n    # ${n}`).join('')}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: test.name, ok: false, ms: Date.now() - started, error: message, notes });
      console.error(`not ok - ${test.name}\n${message}`);
    }
  }
  const resultsFile = process.env.AUTOML_INTEGRATION_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} integration tests failed: ${failed.map((f) => f.name).join(', ')}`);
}
