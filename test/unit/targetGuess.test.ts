import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readHeadFrame } from '../../src/engine/data/headFrame';
import { sniffHeader } from '../../src/engine/data/sniff';
import { guessTargetIndex } from '../../src/extension/targetGuess';

const HEAD_BYTES = 64 * 1024;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The first rows as the CSV source's peek gives them: `partial` when the head filled the read. */
const sampleOf = (head: Uint8Array, readBytes: number) => ({ frame: readHeadFrame(head), partial: head.byteLength >= readBytes });

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
    assert.equal(guessTargetIndex(columns, sampleOf(head, HEAD_BYTES)), 1);
    assert.equal(guessTargetIndex(columns), 1, 'by name alone too: survived is an outcome name');
    // A 4 KiB read, cut mid-row, where every passenger is first class: the guess needs no more.
    assert.equal(guessTargetIndex(columns, sampleOf(head.subarray(0, 4096), 4096)), 1);
  });

  it('lets the values outvote the last column: a label column in front of numbers', () => {
    const head = bytes('kind,width,height\nA,1.5,2.25\nB,2.5,3.75\nA,3.5,4.5\nC,4.25,5.5\n');
    assert.equal(guessTargetIndex(['kind', 'width', 'height'], sampleOf(head, HEAD_BYTES)), 0);
  });

  it('falls back to the names when there are no rows or they name other columns', () => {
    assert.equal(guessTargetIndex(['a', 'label', 'c'], undefined), 1);
    assert.equal(guessTargetIndex(['a', 'label', 'c'], sampleOf(bytes('p,q\nyes,1\nno,2\n'), HEAD_BYTES)), 1);
  });

  it('treats one value seen in a partial head as neutral, in the whole file as constant', () => {
    // 'kind' holds one value: in a head that filled the read it may be a file sorted by class.
    const head = bytes('kind,width,label\nA,1.5,x\nA,2.5,x\n');
    assert.equal(guessTargetIndex(['kind', 'width', 'label'], sampleOf(head, head.byteLength)), 2);
    assert.equal(guessTargetIndex(['kind', 'width', 'label'], sampleOf(head, HEAD_BYTES)), 1);
  });
});
