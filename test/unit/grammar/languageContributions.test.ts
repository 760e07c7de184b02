import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../../publicDatasets';

interface LanguageContribution {
  readonly id: string;
  readonly extensions?: readonly string[];
  readonly configuration?: string;
}
interface GrammarContribution {
  readonly language: string;
  readonly scopeName: string;
  readonly path: string;
}
interface LanguageConfiguration {
  readonly comments: { readonly lineComment: string };
  readonly brackets: readonly (readonly [string, string])[];
  readonly folding: { readonly offSide: boolean };
  readonly indentationRules: { readonly increaseIndentPattern: string; readonly decreaseIndentPattern: string };
  readonly wordPattern: string;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: LanguageContribution[]; grammars: GrammarContribution[] };
};
const { languages, grammars } = manifest.contributes;

/** Reads a file the way VS Code reads language configurations: JSON with comments. */
function readJsonWithComments(path: string): unknown {
  const { config, error } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  if (error !== undefined) throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config;
}

/** Whether `.vscodeignore` (an allow-list: `**`, then `!` lines) lets `path` into the .vsix. */
function shipped(path: string): boolean {
  const allowed = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).trim());
  const relative = path.replace(/^\.\//, '');
  return allowed.some((glob) => glob === relative || (glob.endsWith('/**') && relative.startsWith(glob.slice(0, -2))));
}

describe('package.json language contributions', () => {
  it('declares automl, csv and tsv by extension', () => {
    const byId = new Map(languages.map((l) => [l.id, l]));
    assert.deepEqual(byId.get('automl')?.extensions, ['.automl']);
    assert.deepEqual(byId.get('csv')?.extensions, ['.csv']);
    assert.deepEqual(byId.get('tsv')?.extensions, ['.tsv']);
  });

  it('points at grammar and configuration files that exist and ship in the .vsix', () => {
    const paths = [...grammars.map((g) => g.path), ...languages.flatMap((l) => (l.configuration === undefined ? [] : [l.configuration]))];
    assert.ok(paths.length >= 2, `paths: ${paths.join(', ')}`);
    for (const path of paths) {
      assert.ok(existsSync(join(REPO_ROOT, path)), `${path} is missing`);
      assert.ok(shipped(path), `${path} is not in the .vscodeignore allow-list`);
    }
  });

  it('gives each grammar a declared language and the scope name its file declares', () => {
    for (const grammar of grammars) {
      assert.ok(languages.some((l) => l.id === grammar.language), `no language ${grammar.language}`);
      const file = JSON.parse(readFileSync(join(REPO_ROOT, grammar.path), 'utf8')) as { scopeName: string };
      assert.equal(file.scopeName, grammar.scopeName);
    }
  });
});

describe('automl language configuration', () => {
  const path = languages.find((l) => l.id === 'automl')?.configuration;
  assert.ok(path !== undefined, 'automl has a configuration');
  const config = readJsonWithComments(join(REPO_ROOT, path)) as LanguageConfiguration;

  it('parses as JSON with comments and sets YAML comments, brackets and off-side folding', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
    assert.equal(config.folding.offSide, true);
  });

  it('indents after a key without a value, a block scalar header or an open bracket, and not after a value', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    for (const line of ['validation:', '  pagination:  # paged', 'query: |', '  query: >-', 'learners: [', '- headers:']) {
      assert.ok(increase.test(line), `should indent after '${line}'`);
    }
    for (const line of ['seed: 42', 'url: https://example.invalid/a', '# note:', '  - gbdt', 'learners: [gbdt]']) {
      assert.ok(!increase.test(line), `should not indent after '${line}'`);
    }
    assert.ok(new RegExp(config.indentationRules.decreaseIndentPattern).test('  ]'));
  });

  it('takes environment references, durations and dotted or dashed names as one word', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words('Bearer ${API_TOKEN}'), ['Bearer', '${API_TOKEN}']);
    assert.deepEqual(words('next-cursor: meta.next_cursor'), ['next-cursor', 'meta.next_cursor']);
    assert.deepEqual(words('budget: 1h30m'), ['budget', '1h30m']);
    assert.deepEqual(words('holdout: 0.25'), ['holdout', '0.25']);
  });
});
