import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exampleRowFromFile } from '../../src/node/exampleRow';

describe('the example row of generated code', () => {
  it('is the first complete row of the file, with typed values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'automl-example-'));
    const file = join(dir, 'data.csv');
    await writeFile(file, 'name,age,member,joined,target\nAnn,,yes,2021-03-04,1\nBob,41.5,no,2020-01-02,0\nCy,7,yes,2019-05-06,1\n');
    assert.deepEqual(await exampleRowFromFile(file, ['name', 'age', 'member', 'joined']), { name: 'Bob', age: 41.5, member: false, joined: '2020-01-02' });
  });

  it('keeps the most complete row when none is complete, and is undefined for a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'automl-example-'));
    const file = join(dir, 'data.csv');
    await writeFile(file, 'a,b,c\n1,,\n2,x,\n');
    assert.deepEqual(await exampleRowFromFile(file, ['a', 'b', 'c']), { a: 2, b: 'x' });
    assert.equal(await exampleRowFromFile(join(dir, 'gone.csv'), ['a']), undefined);
  });

  it('reads only whole lines from the head of a big file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'automl-example-'));
    const file = join(dir, 'big.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},label number ${i}`);
    await writeFile(file, `id,text\n${rows.join('\n')}\n`);
    assert.deepEqual(await exampleRowFromFile(file, ['text']), { text: 'label number 0' });
  });
});
