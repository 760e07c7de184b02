import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { COLUMN_TYPES } from '../../../src/engine/data/frame';
import { listLearners } from '../../../src/engine/learners';
import type { Task } from '../../../src/engine/learners/types';
import type { SearcherKind } from '../../../src/engine/search/searcher';
import { METRICS } from '../../../src/engine/validate/metrics';
import { REPO_ROOT } from '../../publicDatasets';
import { scopesAt, tokenizeSpec, type SpecToken } from './tokenizeSpec';

const SPECS = join(REPO_ROOT, 'test', 'fixtures', 'spec');

async function tokenizeFixture(name: string): Promise<SpecToken[]> {
  return tokenizeSpec(readFileSync(join(SPECS, name), 'utf8'));
}

/** Asserts that the token `text` on the line containing `line` carries every scope in `expected`. */
function assertScopes(tokens: readonly SpecToken[], line: string, text: string, ...expected: string[]): void {
  const scopes = scopesAt(tokens, line, text);
  for (const scope of expected) assert.ok(scopes.includes(scope), `'${text}' in '${line}': expected ${scope}, got ${scopes.join(' ')}`);
}

/** Asserts that the token `text` on the line containing `line` has no scope starting with `prefix`. */
function assertNotScoped(tokens: readonly SpecToken[], line: string, text: string, prefix: string): void {
  const scopes = scopesAt(tokens, line, text);
  assert.ok(!scopes.some((s) => s.startsWith(prefix)), `'${text}' in '${line}' should have no ${prefix} scope: ${scopes.join(' ')}`);
}

describe('automl grammar: titanic.automl (a file source)', () => {
  let tokens: SpecToken[];
  before(async () => {
    tokens = await tokenizeFixture('titanic.automl');
  });

  it('scopes comments, with their # as punctuation', () => {
    assertScopes(tokens, '# Who survived', '#', 'comment.line.number-sign.automl', 'punctuation.definition.comment.automl');
    assertScopes(tokens, '# Who survived', ' Who survived the Titanic? A binary run over the public dataset kept in datasets/.', 'comment.line.number-sign.automl');
  });

  it('scopes known top-level keys and their colon, each opening its section', () => {
    assertScopes(tokens, 'data:', 'data', 'keyword.other.key.toplevel.automl', 'meta.section.data.automl');
    assertScopes(tokens, 'data:', ':', 'punctuation.separator.key-value.mapping.automl');
    assertScopes(tokens, 'validation:', 'validation', 'keyword.other.key.toplevel.automl');
  });

  it('scopes a quoted path as a double-quoted string', () => {
    assertScopes(tokens, 'data:', '"', 'string.quoted.double.automl', 'punctuation.definition.string.begin.automl');
    assertScopes(tokens, 'data:', '../../../datasets/titanic.csv', 'string.quoted.double.automl');
  });

  it('scopes the keys nested under validation as known nested keys of that section', () => {
    assertScopes(tokens, '  folds: 5', 'folds', 'keyword.other.key.nested.automl', 'meta.section.validation.automl');
    assertScopes(tokens, '  repeats: 2', 'repeats', 'keyword.other.key.nested.automl');
    assertScopes(tokens, '  folds: 5', '5', 'constant.numeric.integer.automl');
  });

  it('scopes task, metric, budget, seed and ensemble values', () => {
    assertScopes(tokens, 'task: binary', 'binary', 'support.constant.task.automl');
    assertScopes(tokens, 'metric: auc', 'auc', 'support.constant.metric.automl');
    assertScopes(tokens, 'budget: 5m', '5m', 'constant.numeric.duration.automl');
    assertScopes(tokens, 'seed: 42', '42', 'constant.numeric.integer.automl');
    assertScopes(tokens, 'ensemble: true', 'true', 'constant.language.boolean.automl');
  });

  it('scopes learner names in a block sequence, with the dash as punctuation', () => {
    assertScopes(tokens, '  - gbdt', '-', 'punctuation.definition.block.sequence.item.automl');
    assertScopes(tokens, '  - gbdt', 'gbdt', 'support.constant.learner.automl', 'meta.section.learners.automl');
    assertScopes(tokens, '  - randomForest', 'randomForest', 'support.constant.learner.automl');
  });

  it('scopes column types under types and strategies under search, but not a column name under exclude', () => {
    assertScopes(tokens, 'passengerClass: categorical', 'passengerClass', 'entity.name.tag.key.nested.automl');
    assertScopes(tokens, 'passengerClass: categorical', 'categorical', 'support.type.column.automl');
    assertScopes(tokens, 'strategy: tpe', 'strategy', 'keyword.other.key.nested.automl');
    assertScopes(tokens, 'strategy: tpe', 'tpe', 'support.constant.strategy.automl');
    assertScopes(tokens, '  - name', 'name', 'string.unquoted.plain.automl');
  });
});

describe('automl grammar: passengersApi.automl (a paged web API)', () => {
  let tokens: SpecToken[];
  before(async () => {
    tokens = await tokenizeFixture('passengersApi.automl');
  });

  it('scopes learner names in a flow sequence', () => {
    const line = 'learners: [gbdt, logistic]';
    assertScopes(tokens, line, '[', 'meta.flow.sequence.automl', 'punctuation.definition.sequence.begin.automl');
    assertScopes(tokens, line, 'gbdt', 'support.constant.learner.automl', 'meta.flow.sequence.automl');
    assertScopes(tokens, line, ',', 'punctuation.separator.sequence.automl');
    assertScopes(tokens, line, 'logistic', 'support.constant.learner.automl');
    assertScopes(tokens, line, ']', 'punctuation.definition.sequence.end.automl');
  });

  it('scopes an environment reference inside a double-quoted header', () => {
    const line = '"Authorization: Bearer ${TOKEN}"';
    assertScopes(tokens, line, 'Authorization: Bearer ', 'string.quoted.double.automl');
    assertScopes(tokens, line, '${', 'string.quoted.double.automl', 'variable.other.env.automl', 'punctuation.definition.variable.begin.automl');
    assertScopes(tokens, line, 'TOKEN', 'string.quoted.double.automl', 'variable.other.env.automl');
    assertScopes(tokens, line, '}', 'variable.other.env.automl', 'punctuation.definition.variable.end.automl');
  });

  it('scopes an environment reference inside plain scalars', () => {
    const url = 'url: https://api.example.invalid';
    assertScopes(tokens, url, 'https://api.example.invalid/v1/passengers?fields=', 'string.unquoted.plain.automl');
    assertScopes(tokens, url, 'FIELDS', 'string.unquoted.plain.automl', 'variable.other.env.automl');
    assertScopes(tokens, 'X-Client-Id:', 'CLIENT_ID', 'variable.other.env.automl');
  });

  it('scopes the pagination keys as known nested keys of data, and a combined duration', () => {
    assertScopes(tokens, 'next-cursor: meta.next', 'next-cursor', 'keyword.other.key.nested.automl', 'meta.section.data.automl');
    assertScopes(tokens, 'max-rows: 100000', 'max-rows', 'keyword.other.key.nested.automl');
    assertScopes(tokens, 'budget: 1h30m', '1h30m', 'constant.numeric.duration.automl');
  });
});

describe('automl grammar: passengersQuery.automl (a database query)', () => {
  let tokens: SpecToken[];
  before(async () => {
    tokens = await tokenizeFixture('passengersQuery.automl');
  });

  it('scopes the query: | header and keeps its lines text, even one that looks like a key', () => {
    assertScopes(tokens, 'query: |', 'query', 'keyword.other.key.nested.automl');
    assertScopes(tokens, 'query: |', '|', 'keyword.control.flow.block-scalar.literal.automl');
    assertScopes(tokens, 'SELECT name', '    SELECT name, survived, sex, age, passenger_class AS "passengerClass"', 'string.unquoted.block.automl');
    assertScopes(tokens, '-- one row per passenger', '    -- one row per passenger: the label and what was known at boarding', 'string.unquoted.block.automl');
  });

  it('ends the block scalar where the indentation does: the keys after it are keys again', () => {
    assertScopes(tokens, '  url: postgres://', 'url', 'keyword.other.key.nested.automl', 'meta.section.data.automl');
    assertNotScoped(tokens, '  url: postgres://', 'url', 'string.');
    assertScopes(tokens, 'target: survived', 'target', 'keyword.other.key.toplevel.automl', 'meta.section.target.automl');
    assertScopes(tokens, 'holdout: 0.2', 'holdout', 'keyword.other.key.nested.automl');
    assertScopes(tokens, 'holdout: 0.2', '0.2', 'constant.numeric.float.automl');
  });
});

describe('automl grammar: YAML beyond the fixtures', () => {
  it('tells keys the spec does not define from known ones, at the top and nested', async () => {
    const tokens = await tokenizeSpec(['notes: kept for later', 'validation:', '  stratify: true', 'data:', '  folds: 3'].join('\n'));
    assertScopes(tokens, 'notes:', 'notes', 'entity.name.tag.key.toplevel.automl');
    assertNotScoped(tokens, 'notes:', 'notes', 'keyword.');
    assertScopes(tokens, 'stratify:', 'stratify', 'entity.name.tag.key.nested.automl');
    // A validation key under data is not one of data's keys.
    assertScopes(tokens, 'folds: 3', 'folds', 'entity.name.tag.key.nested.automl');
  });

  it('scopes an environment reference in a plain header value, and quoted strings with their escapes', async () => {
    const tokens = await tokenizeSpec(['data:', '  headers:', '    - Authorization: Bearer ${TOKEN}', `    - 'it''s \${A}'`, '    - "tab\\there \\q"'].join('\n'));
    assertScopes(tokens, 'Authorization:', 'Authorization', 'entity.name.tag.key.nested.automl');
    assertScopes(tokens, 'Authorization:', 'Bearer ', 'string.unquoted.plain.automl');
    assertScopes(tokens, 'Authorization:', 'TOKEN', 'string.unquoted.plain.automl', 'variable.other.env.automl');
    assertScopes(tokens, "'it''s", "''", 'string.quoted.single.automl', 'constant.character.escape.automl');
    assertScopes(tokens, "'it''s", 'A', 'string.quoted.single.automl', 'variable.other.env.automl');
    assertScopes(tokens, '"tab', '\\t', 'string.quoted.double.automl', 'constant.character.escape.automl');
    assertScopes(tokens, '"tab', '\\q', 'invalid.illegal.escape.automl');
  });

  it('scopes flow mappings, null, document markers and a top-level block scalar', async () => {
    const text = ['---', 'search: {strategy: random, trials: 50}', 'robustness: ~', 'notes: >', '  task: not a key', 'task: regression', '...'];
    const tokens = await tokenizeSpec(text.join('\n'));
    assertScopes(tokens, '---', '---', 'entity.other.document.begin.automl');
    assertScopes(tokens, 'search: {', '{', 'meta.flow.mapping.automl', 'punctuation.definition.mapping.begin.automl');
    assertScopes(tokens, 'search: {', 'strategy', 'keyword.other.key.nested.automl');
    assertScopes(tokens, 'search: {', 'random', 'support.constant.strategy.automl');
    assertScopes(tokens, 'search: {', '50', 'constant.numeric.integer.automl');
    assertScopes(tokens, 'robustness: ~', '~', 'constant.language.null.automl');
    assertScopes(tokens, 'notes: >', '>', 'keyword.control.flow.block-scalar.folded.automl');
    assertScopes(tokens, '  task: not a key', '  task: not a key', 'string.unquoted.block.automl');
    assertScopes(tokens, 'task: regression', 'regression', 'support.constant.task.automl');
    assertScopes(tokens, '...', '...', 'entity.other.document.end.automl');
  });

  it('leaves a name that merely starts like a value name alone', async () => {
    const tokens = await tokenizeSpec(['learners: [gbdtFast]', 'metric: auc2', 'budget: 5 minutes'].join('\n'));
    assertScopes(tokens, 'learners:', 'gbdtFast', 'string.unquoted.plain.automl');
    assertScopes(tokens, 'metric:', 'auc2', 'string.unquoted.plain.automl');
    assertScopes(tokens, 'budget:', '5 minutes', 'string.unquoted.plain.automl');
  });
});

// Each grammar list against the engine's own registry, so a new learner, metric, column type,
// task or searcher cannot ship without its colour. Record<Union, true> fails to type-check when
// the union grows.
const TASKS: Record<Task, true> = { binary: true, multiclass: true, regression: true };
const SEARCHERS: Record<SearcherKind, true> = { bayesian: true, random: true, grid: true };

describe('automl grammar: value names match the engine registries', () => {
  async function assertValueScope(section: string, value: string, scope: string): Promise<void> {
    const tokens = await tokenizeSpec(`${section}: ${value}`);
    assertScopes(tokens, section, value, scope);
  }

  it('every registered learner', async () => {
    for (const { name } of listLearners()) await assertValueScope('learners', name, 'support.constant.learner.automl');
  });

  it('every metric', async () => {
    for (const name of Object.keys(METRICS)) await assertValueScope('metric', name, 'support.constant.metric.automl');
  });

  it('every task', async () => {
    for (const name of Object.keys(TASKS)) await assertValueScope('task', name, 'support.constant.task.automl');
  });

  it('every searcher, and tpe for the Bayesian one', async () => {
    for (const name of [...Object.keys(SEARCHERS), 'tpe']) {
      const tokens = await tokenizeSpec(`search:\n  strategy: ${name}`);
      assertScopes(tokens, 'strategy:', name, 'support.constant.strategy.automl');
    }
  });

  it('every column type', async () => {
    for (const type of COLUMN_TYPES) {
      const tokens = await tokenizeSpec(`types:\n  someColumn: ${type}`);
      assertScopes(tokens, 'someColumn:', type, 'support.type.column.automl');
    }
  });
});
