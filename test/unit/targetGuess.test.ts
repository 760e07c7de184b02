import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sniffHeader } from '../../src/engine/data/sniff';
import { readHeadSample } from '../../src/extension/headSample';
import { guessTargetIndex } from '../../src/extension/targetGuess';

const HEAD_BYTES = 64 * 1024;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('guessTargetIndex by name (the head of the file did not parse)', () => {
  it('prefers a column named like a target, ignoring case and separators', () => {
    assert.equal(guessTargetIndex(['Label', 'a', 'b']), 0);
    assert.equal(guessTargetIndex(['x1', 'y', 'x2']), 1);
    assert.equal(guessTargetIndex(['Outcome', 'age']), 0);
    assert.equal(guessTargetIndex(['id', 'Class', 'petal']), 1);
  });

  it('gives two outcome names the same weight, so the later one wins (it used to be "target" before "label")', () => {
    assert.equal(guessTargetIndex(['x', 'TARGET', 'label']), 2);
  });

  it('then a column with a target word in its name', () => {
    assert.equal(guessTargetIndex(['id', 'is_target', 'z']), 1);
    assert.equal(guessTargetIndex(['ClassLabel', 'x']), 0);
  });

  it('does not mistake coordinates or longer words for targets', () => {
    assert.equal(guessTargetIndex(['pos_y', 'classification_date', 'price']), 2);
    assert.equal(guessTargetIndex(['x', 'y', 'value']), 2, 'y beside x is a coordinate');
  });

  it('takes an exact outcome name over the last column, else falls back to it', () => {
    assert.equal(guessTargetIndex(['survived', 'b', 'c']), 0);
    assert.equal(guessTargetIndex(['a', 'b', 'c']), 2);
    assert.equal(guessTargetIndex([]), -1);
  });
});

describe('guessTargetIndex on the head of the file', () => {
  it('highlights survived on titanic.csv, not passengerClass (whose name merely contains "class")', () => {
    const head = readFileSync('examples/titanic.csv').subarray(0, HEAD_BYTES);
    const { columns } = sniffHeader(head);
    assert.deepEqual(columns, ['name', 'survived', 'sex', 'age', 'passengerClass']);
    assert.equal(guessTargetIndex(columns, readHeadSample(head, HEAD_BYTES)), 1);
    assert.equal(guessTargetIndex(columns), 1, 'by name alone too: survived is an outcome name');
    // A 4 KiB read, cut mid-row, where every passenger is first class: the guess needs no more.
    assert.equal(guessTargetIndex(columns, readHeadSample(head.subarray(0, 4096), 4096)), 1);
  });

  it('lets the values outvote the last column: a label column in front of numbers', () => {
    const head = bytes('kind,width,height\nA,1.5,2.25\nB,2.5,3.75\nA,3.5,4.5\nC,4.25,5.5\n');
    assert.equal(guessTargetIndex(['kind', 'width', 'height'], readHeadSample(head, HEAD_BYTES)), 0);
  });

  it('falls back to the names when the rows cannot be read or name other columns', () => {
    assert.equal(readHeadSample(new Uint8Array(0), HEAD_BYTES), undefined);
    assert.equal(guessTargetIndex(['a', 'label', 'c'], readHeadSample(new Uint8Array(0), HEAD_BYTES)), 1);
    const other = readHeadSample(bytes('p,q\nyes,1\nno,2\n'), HEAD_BYTES);
    assert.ok(other !== undefined);
    assert.equal(guessTargetIndex(['a', 'label', 'c'], other), 1);
  });

  it('treats a head as long as the read as the start of a longer file', () => {
    const head = bytes('a,b\n1,x\n2,x\n');
    assert.equal(readHeadSample(head, head.byteLength)?.partial, true);
    assert.equal(readHeadSample(head, HEAD_BYTES)?.partial, false);
  });
});
