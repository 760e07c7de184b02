import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PLAIN_NUMBER_FORMAT } from '../../src/engine/data/frame';
import type { InputField } from '../../src/engine/data/inputField';
import { exampleRowFromSource } from '../../src/node/exampleRow';

const exampleRowFromFile = (path: string, fields: readonly InputField[]) => exampleRowFromSource({ kind: 'csv', path }, fields);

const number = (name: string): InputField => ({ kind: 'number', name, optional: false, format: PLAIN_NUMBER_FORMAT });
const label = (name: string): InputField => ({ kind: 'category', name, optional: false, text: false });

async function tempFile(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'automl-example-')), name);
  await writeFile(file, text);
  return file;
}

describe('the example row of generated code', () => {
  it('is the first complete row of the file, with typed values', async () => {
    const file = await tempFile('data.csv', 'name,age,member,joined,target\nAnn,,yes,2021-03-04,1\nBob,41.5,no,2020-01-02,0\nCy,7,yes,2019-05-06,1\n');
    const fields: InputField[] = [
      { kind: 'category', name: 'name', optional: false, text: true },
      { ...number('age'), optional: true },
      { kind: 'boolean', name: 'member', optional: false, labels: ['no', 'yes'] },
      { kind: 'date', name: 'joined', optional: false, order: 'ymd', hasTime: false },
    ];
    assert.deepEqual(await exampleRowFromFile(file, fields), { name: 'Bob', age: 41.5, member: false, joined: '2020-01-02' });
  });

  it('reads the columns as the model saw them in training, whatever the head of the file looks like', async () => {
    // Only 0 and 1 near the top: inferred, 'count' would be boolean and the example `true`.
    const file = await tempFile('counts.csv', 'count,code\n1,007\n0,012\n');
    assert.deepEqual(await exampleRowFromFile(file, [number('count'), label('code')]), { count: 1, code: '007' });
  });

  it('keeps the most complete row when none is complete, and is undefined for a missing file or column', async () => {
    const file = await tempFile('data.csv', 'a,b,c\n1,,\n2,x,\n');
    assert.deepEqual(await exampleRowFromFile(file, [number('a'), label('b'), number('c')]), { a: 2, b: 'x' });
    assert.equal(await exampleRowFromFile(join(file, '..', 'gone.csv'), [number('a')]), undefined);
    assert.equal(await exampleRowFromFile(file, [number('a'), number('z')]), undefined);
  });

  it('reads only whole lines from the head of a big file', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},label number ${i}`);
    const file = await tempFile('big.csv', `id,text\n${rows.join('\n')}\n`);
    assert.deepEqual(await exampleRowFromFile(file, [label('text')]), { text: 'label number 0' });
  });
});
