import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleCall, predictionCode, type TextInsert } from '../../src/extension/export/predictionSnippet';

const EXAMPLE = { sex: 'female', age: 28, embarked: 'S' };
const OPTIONS = { specifier: './titanic.model', example: EXAMPLE };
const CALL = "const prediction = predict({ 'sex': 'female', 'age': 28, 'embarked': 'S' });";

/** Applies inserts whose positions refer to the original text (as a WorkspaceEdit does). */
function apply(text: string, inserts: readonly TextInsert[]): string {
  const lines = text.split(/(?<=\n)/);
  const offset = (i: TextInsert): number => lines.slice(0, i.line).reduce((sum, l) => sum + l.length, 0) + i.character;
  let result = text;
  for (const insert of [...inserts].sort((a, b) => offset(b) - offset(a))) result = result.slice(0, offset(insert)) + insert.text + result.slice(offset(insert));
  return result;
}

function edited(text: string, line: number, character: number, options = OPTIONS): string {
  return apply(text, predictionCode(text, { line, character }, options).inserts);
}

describe('predictionCode', () => {
  it('adds the import after the last top import and the call on the cursor\'s blank line', () => {
    const text = "import fs from 'node:fs';\nimport {\n  a,\n  b,\n} from './x';\n\nfunction main() {\n    \n}\n";
    assert.equal(
      edited(text, 7, 4),
      "import fs from 'node:fs';\nimport {\n  a,\n  b,\n} from './x';\nimport { predict } from './titanic.model';\n\nfunction main() {\n    " + CALL + '\n}\n',
    );
  });

  it('does not import twice, also when the module is named with an extension', () => {
    for (const existing of ["import { predict } from './titanic.model';", "import { predictBatch, predict } from './titanic.model.js';"]) {
      const text = `${existing}\n\nconst x = 1;\n\n`;
      const result = predictionCode(text, { line: 3, character: 0 }, OPTIONS);
      assert.equal(result.addsImport, false);
      assert.deepEqual(result.inserts, [{ line: 3, character: 0, text: CALL }]);
    }
    const aliased = "import { predict as titanic } from './titanic.model';\n\n";
    assert.equal(edited(aliased, 1, 0), `${aliased.trimEnd()}\n${CALL.replace('predict(', 'titanic(')}\n`);
  });

  it('imports under another name when the file already has a `predict`', () => {
    const text = "import { predict } from './other.model';\n\nfunction f() {}\n";
    const result = predictionCode(text, { line: 1, character: 0 }, OPTIONS);
    assert.equal(result.predictName, 'predictTitanic');
    assert.equal(
      apply(text, result.inserts),
      "import { predict } from './other.model';\nimport { predict as predictTitanic } from './titanic.model';\n\n" +
        CALL.replace('= predict(', '= predictTitanic(') + '\nfunction f() {}\n',
    );
    assert.equal(predictionCode('function predict() {}\n\n', { line: 1, character: 0 }, OPTIONS).predictName, 'predictTitanic');
    assert.match(edited('const prediction = 1;\n', 1, 0), /const prediction2 = predict\(/);
  });

  it('puts the call on its own line: above when the cursor is in the indentation, below when it is in code', () => {
    const text = 'function main() {\n  run();\n}\n';
    assert.equal(edited(text, 1, 1), `import { predict } from './titanic.model';\n\nfunction main() {\n  ${CALL}\n  run();\n}\n`);
    assert.equal(edited(text, 1, 4), `import { predict } from './titanic.model';\n\nfunction main() {\n  run();\n  ${CALL}\n}\n`);
  });

  it('starts an empty file with the import, a blank line and the call', () => {
    assert.equal(edited('', 0, 0), `import { predict } from './titanic.model';\n\n${CALL}`);
  });

  it('puts the call after the imports when the cursor is in the header', () => {
    const text = "#!/usr/bin/env node\n// tool\nimport a from 'a';\nrun();\n";
    assert.equal(edited(text, 0, 5), `#!/usr/bin/env node\n// tool\nimport a from 'a';\nimport { predict } from './titanic.model';\n\n${CALL}\nrun();\n`);
  });

  it('keeps a file header comment above the import, a doc comment with its code', () => {
    assert.equal(edited('// Copyright\n\nrun();\n', 2, 6), `// Copyright\nimport { predict } from './titanic.model';\n\nrun();\n${CALL}\n`);
    assert.equal(edited('/** Runs. */\nrun();\n', 1, 6), `import { predict } from './titanic.model';\n\n/** Runs. */\nrun();\n${CALL}\n`);
  });

  it('follows the file\'s quotes, semicolons and line ends (CommonJS files get an import too)', () => {
    const text = '"use strict"\r\nconst fs = require("fs")\r\n\r\nmain()\r\n';
    assert.equal(
      edited(text, 2, 0),
      '"use strict"\r\nconst fs = require("fs")\r\nimport { predict } from "./titanic.model"\r\n\r\nconst prediction = predict({ "sex": "female", "age": 28, "embarked": "S" })\r\nmain()\r\n',
    );
  });

  it('adds the import at the end of a file of imports with no final newline', () => {
    assert.equal(edited("import a from 'a';", 0, 3), `import a from 'a';\nimport { predict } from './titanic.model';\n\n${CALL}`);
  });
});

describe('exampleCall', () => {
  it('quotes keys and string values so any column name and value reads back', () => {
    const call = exampleCall('predict', 'prediction', { "o'brien": "it's", 'a "b"': 'x\\y', flag: true, rate: 0.1 });
    assert.equal(call, `const prediction = predict({ 'o\\'brien': 'it\\'s', 'a "b"': 'x\\\\y', 'flag': true, 'rate': 0.1 });`);
    const run = new Function('predict', `${call} return prediction;`) as (p: (row: unknown) => unknown) => unknown;
    assert.deepEqual(run((row) => row), { "o'brien": "it's", 'a "b"': 'x\\y', flag: true, rate: 0.1 });
  });

  it('writes one field per line when the call would be longer than 100 characters', () => {
    const example = { passenger_class: '3', sex: 'female', age: 28, siblings_spouses: 0, parents_children: 0, fare: 14.4542 };
    assert.equal(
      exampleCall('predict', 'prediction', example, { indent: '    ' }),
      "const prediction = predict({\n      'passenger_class': '3',\n      'sex': 'female',\n      'age': 28,\n" +
        "      'siblings_spouses': 0,\n      'parents_children': 0,\n      'fare': 14.4542,\n    });",
    );
    assert.equal(exampleCall('predict', 'p', {}), 'const p = predict({});');
  });
});
