import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectDateFormat, parseDateText, parseIsoDateBytes } from '../../src/engine/data/parseDate';
import { detectNumberFormat, parseNumberBytes, parseNumberText } from '../../src/engine/data/parseNumber';
import { isMissingBytes, isMissingText, MISSING_TOKENS } from '../../src/engine/data/missingTokens';
import { Rng } from '../../src/engine/random';

const encoder = new TextEncoder();

/** A seeded uniform [0, 1) source, so generated data are the same on every run. */
function rng(seed: number): () => number {
  const generator = new Rng(seed);
  return () => generator.next();
}

function fast(text: string): number {
  const bytes = encoder.encode(text);
  return parseNumberBytes(bytes, 0, bytes.length, 46, 0);
}

describe('number parsing', () => {
  it('gives bit-identical results to Number() on 100,000 random decimal texts', () => {
    const random = rng(7);
    let fastPathHits = 0;
    for (let k = 0; k < 100_000; k++) {
      const digits = 1 + Math.floor(random() * 17);
      let text = random() < 0.3 ? '-' : '';
      for (let i = 0; i < digits; i++) text += String(Math.floor(random() * 10));
      if (random() < 0.7) {
        const at = 1 + Math.floor(random() * text.length);
        text = `${text.slice(0, at)}.${text.slice(at)}`;
      }
      if (random() < 0.2) text += `e${Math.floor(random() * 60) - 30}`;
      if (!/\d/.test(text.replace(/e.*/, ''))) continue;
      const expected = Number(text);
      const quick = fast(text);
      if (!Number.isNaN(quick)) {
        fastPathHits++;
        assert.ok(Object.is(quick, expected), `${text}: fast ${quick} vs Number ${expected}`);
      }
      assert.ok(Object.is(parseNumberText(text), expected), `${text}: text path`);
    }
    assert.ok(fastPathHits > 50_000, `fast path used ${fastPathHits} times`);
  });

  it('rejects what Number() would wrongly accept', () => {
    for (const text of ['0x1A', '1_000', '', '.', '-', '1e', '1.2.3', 'Infinity1', '12abc', ' ']) {
      assert.ok(Number.isNaN(parseNumberText(text)), text);
      assert.ok(Number.isNaN(fast(text)), text);
    }
    assert.equal(parseNumberText('inf'), Infinity);
    assert.equal(parseNumberText('-Infinity'), -Infinity);
  });

  it('checks thousands grouping', () => {
    const us = { decimalSeparator: '.', thousandsSeparator: ',', percent: false, currency: '' } as const;
    assert.equal(parseNumberText('1,234,567.89', us), 1234567.89);
    assert.ok(Number.isNaN(parseNumberText('12,34', us)));
    assert.ok(Number.isNaN(parseNumberText('1,2345', us)));
    const bytes = encoder.encode('1,234,567.5');
    assert.equal(parseNumberBytes(bytes, 0, bytes.length, 46, 44), 1234567.5);
    const bad = encoder.encode('1,23,4');
    assert.ok(Number.isNaN(parseNumberBytes(bad, 0, bad.length, 46, 44)));
  });

  it('detects formats from samples', () => {
    assert.deepEqual(detectNumberFormat(['1', '2.5', '-3']), { decimalSeparator: '.', thousandsSeparator: '', percent: false, currency: '' });
    assert.equal(detectNumberFormat(['1,234.5', '99'])?.thousandsSeparator, ',');
    assert.equal(detectNumberFormat(['1,5', '2,25'])?.decimalSeparator, ',');
    assert.equal(detectNumberFormat(['1.234,5', '2,25'])?.thousandsSeparator, '.');
    assert.equal(detectNumberFormat(['1,234'], ';')?.decimalSeparator, ',');
    assert.equal(detectNumberFormat(['1,234'], ',')?.thousandsSeparator, ',');
    assert.equal(detectNumberFormat(['12%', '3.5%'])?.percent, true);
    assert.equal(detectNumberFormat(['$12', '$3.50'])?.currency, '$');
    assert.equal(detectNumberFormat(['12 €', '3,50 €'])?.currency, '€');
    assert.equal(detectNumberFormat(['abc', '1']), undefined);
    assert.equal(detectNumberFormat(['007', '123']), undefined);
  });
});

describe('date parsing', () => {
  it('reads ISO bytes exactly as the text path and Date.parse do, over 20,000 random datetimes', () => {
    const random = rng(11);
    for (let k = 0; k < 20_000; k++) {
      const ms = Math.floor((random() * 2 - 0.5) * 4e12);
      const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
      const variants = [iso, iso.slice(0, 10), iso.slice(0, 16).replace('T', ' '), iso.slice(0, 19)];
      if (iso.startsWith('-') || iso.startsWith('+')) continue;
      for (const text of variants) {
        const bytes = encoder.encode(text);
        const quick = parseIsoDateBytes(bytes, 0, bytes.length);
        const slow = parseDateText(text, 'ymd');
        assert.equal(quick, slow, text);
        assert.equal(quick, Date.parse(text.length === 10 ? text : text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`), text);
      }
    }
  });

  it('rejects impossible dates and times', () => {
    for (const text of ['2021-02-29', '2021-13-01', '2021-04-31', '2021-01-01 24:00', '2021-01-01 10:60', '2021-1-1x']) {
      const bytes = encoder.encode(text);
      assert.ok(Number.isNaN(parseIsoDateBytes(bytes, 0, bytes.length)), text);
      assert.ok(Number.isNaN(parseDateText(text, 'ymd')), text);
    }
    assert.equal(parseDateText('2020-02-29', 'ymd'), Date.UTC(2020, 1, 29));
  });

  it('reads the other layouts and times with AM/PM', () => {
    assert.equal(parseDateText('12/25/2021 3:04 PM', 'mdy'), Date.UTC(2021, 11, 25, 15, 4));
    assert.equal(parseDateText('25.12.2021', 'dmy'), Date.UTC(2021, 11, 25));
    assert.equal(parseDateText('Jun 12 1998', 'mon-d-y'), Date.UTC(1998, 5, 12));
    assert.equal(parseDateText('12-Jun-98', 'd-mon-y'), Date.UTC(1998, 5, 12));
    assert.equal(parseDateText('2021-03-04T05:06:07-05:00', 'ymd'), Date.UTC(2021, 2, 4, 10, 6, 7));
  });

  it('detects layouts and the day/month order from samples', () => {
    assert.deepEqual(detectDateFormat(['2021-01-02', '2021-01-03']), { order: 'ymd', hasTime: false });
    assert.deepEqual(detectDateFormat(['2021-01-02 10:00']), { order: 'ymd', hasTime: true });
    assert.equal(detectDateFormat(['01/02/2021', '01/13/2021'])?.order, 'mdy');
    assert.equal(detectDateFormat(['01/02/2021', '13/01/2021'])?.order, 'dmy');
    assert.equal(detectDateFormat(['13/14/2021']), undefined);
    assert.equal(detectDateFormat(['Jun 12 1998'])?.order, 'mon-d-y');
    assert.equal(detectDateFormat(['hello']), undefined);
    assert.equal(detectDateFormat(['2021']), undefined);
  });
});

describe('missing tokens', () => {
  it('matches the same tokens from bytes and from text', () => {
    for (const token of MISSING_TOKENS) {
      const bytes = encoder.encode(token);
      assert.ok(isMissingBytes(bytes, 0, bytes.length), token);
      assert.ok(isMissingText(token), token);
    }
    for (const text of ['Na', 'nA', 'NAN', 'no', '0', 'NULLS', '--']) {
      const bytes = encoder.encode(text);
      assert.ok(!isMissingBytes(bytes, 0, bytes.length), text);
      assert.ok(!isMissingText(text), text);
    }
  });
});
