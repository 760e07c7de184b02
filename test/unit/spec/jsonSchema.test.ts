import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { specJsonSchema, specJsonSchemaText } from '../../../src/engine/spec/jsonSchema';
import { parseSpecText } from '../../../src/engine/spec/parseSpec';

describe('the JSON Schema of .automl files', () => {
  it('is committed up to date in schemas/automl.schema.json (npm run schema writes it)', () => {
    assert.equal(readFileSync('schemas/automl.schema.json', 'utf8'), specJsonSchemaText(), 'schemas/automl.schema.json is out of date: run npm run schema');
  });

  it('agrees with parseSpecText on valid and invalid specs, as a standard validator reads it', () => {
    // enumDescriptions is VS Code's and the YAML extension's keyword, unknown to plain JSON Schema.
    const validate = new Ajv({ strict: false, allErrors: true }).compile(specJsonSchema());
    const specs: [string, boolean][] = [
      ['data: /abs/path/loans.csv\ntarget: Status\nbudget: 30s\nexclude: [Income]\nlearners: [gbdt, logistic]\n', true],
      ['data:\n  path: a.xlsx\n  sheet: 0\ntarget: y\ntask: regression\nmetric: rmse\nbudget: 90\nvalidation:\n  holdout: 0.2\nsearch:\n  strategy: grid\n', true],
      ['data:\n  url: https://x.test/a\n  headers: ["Authorization: Bearer ${T}"]\n  pagination:\n    pageParam: p\ntarget: y\nrobustness:\n  anything: [1]\n', true],
      ['data: a.csv\ntarget: y\nbudgte: 5m\n', false],
      ['data: a.csv\ntarget: y\nbudget: 1h30\n', false],
      ['data: a.csv\ntarget: y\nlearners: [xgboost]\n', false],
      ['data: a.csv\ntarget: y\ntask: regression\nmetric: auc\n', false],
      ['data: a.csv\ntarget: y\ntask: regression\nlearners: [logistic]\n', false],
      ['data: a.csv\ntarget: y\nvalidation:\n  folds: 1\n', false],
      ['data: a.csv\ntarget: y\nvalidation:\n  holdout: 1\n', false],
      ['data: a.csv\ntarget: y\ntypes:\n  zip: zipcode\n', false],
      ['data: a.csv\ntarget: y\nseed: 1.5\n', false],
    ];
    for (const [text, valid] of specs) {
      assert.equal(validate(parse(text)), valid, `JSON Schema on\n${text}${JSON.stringify(validate.errors)}`);
      assert.equal(parseSpecText(text).diagnostics.filter((d) => d.severity === 'error').length === 0, valid, `parseSpecText on\n${text}`);
    }
  });
});
