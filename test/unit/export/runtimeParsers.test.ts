/**
 * The exported module's value parsers and text features against the engine: numbers and dates are
 * compared with what the CSV reader stores for the same cells (CSVs read with readCsvBytes, one
 * per format, values the reader turns missing included), text features with `applyFeaturePlan`
 * and `applyHashingTfidf` on titanic's free-text `name` column and on Unicode texts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { Column, ColumnType, DateFormat, NumberFormat } from '../../../src/engine/data/frame';
import { isMissingText as engineIsMissingText, MISSING_TOKENS } from '../../../src/engine/data/missingTokens';
import { CURRENCY_SYMBOLS } from '../../../src/engine/data/parseNumber';
import { dateParserCode } from '../../../src/engine/export/runtime/dateParser';
import { missingTextCode } from '../../../src/engine/export/runtime/missingText';
import { numberParserCode, numberParserName } from '../../../src/engine/export/runtime/numberParser';
import { textFeaturesCode } from '../../../src/engine/export/runtime/textFeatures';
import { stringLiteral } from '../../../src/engine/export/sourceText';
import { applyFeaturePlan, fitFeaturePlan } from '../../../src/engine/prep/featurePlan';
import type { FeaturePlan } from '../../../src/engine/prep/featureDefs';
import type { CodesView } from '../../../src/engine/prep/columnCodes';
import { applyHashingTfidf, fitHashingTfidf, type TextTfidfDef } from '../../../src/engine/prep/text/hashingTfidf';
import { Rng } from '../../../src/engine/random';
import { datasetFile, readSplit } from '../../publicDatasets';
import { compileAndLoad } from './compileModule';

type Parse = (text: string) => number;

/** A module exporting the given functions under their own names in `table`. */
function moduleOf(code: readonly string[], names: readonly string[], type: string): string {
  return `${code.join('\n\n')}\n\nexport const table: Record<string, ${type}> = {\n${names.map((n) => `  ${n},`).join('\n')}\n};\n`;
}

/** One column read by the engine's CSV reader: `anchors` (the planning sample), then `texts`. */
function readColumn(anchors: readonly string[], texts: readonly string[], type: ColumnType): Column {
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const csv = `x\n${[...anchors, ...texts].map(quote).join('\n')}\n`;
  const { frame } = readCsvBytes(new TextEncoder().encode(csv), { delimiter: ',', sampleRows: anchors.length, types: { x: type } });
  assert.equal(frame.rowCount, anchors.length + texts.length);
  return frame.columns[0];
}

/** `a` and `b` are the same double (NaN equals NaN, -0 differs from 0). */
function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

/** Two-space indents, no tabs, lines of at most 100 characters. */
function assertFormatted(emitted: readonly { code: string }[]): void {
  for (const { code } of emitted) {
    for (const line of code.split('\n')) {
      assert.ok(line.length <= 100, `long line: ${line}`);
      assert.ok(/^( {2})*(\S| \*|$)/.test(line), `indent: ${line}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

const SEPARATORS: readonly Pick<NumberFormat, 'decimalSeparator' | 'thousandsSeparator'>[] = [
  { decimalSeparator: '.', thousandsSeparator: '' },
  { decimalSeparator: '.', thousandsSeparator: ',' },
  { decimalSeparator: ',', thousandsSeparator: '' },
  { decimalSeparator: ',', thousandsSeparator: '.' },
  { decimalSeparator: '.', thousandsSeparator: ' ' },
  { decimalSeparator: ',', thousandsSeparator: ' ' },
  { decimalSeparator: '.', thousandsSeparator: "'" },
];

/** Every format the reader's detection can produce. */
const FORMATS: readonly NumberFormat[] = SEPARATORS.flatMap((separators) =>
  [false, true].flatMap((percent) => ['', ...CURRENCY_SYMBOLS].map((currency): NumberFormat => ({ ...separators, percent, currency }))),
);

/** A sample value the reader detects as `format` and no format before it. */
function anchorOf(format: NumberFormat): string {
  const integer = format.thousandsSeparator === '' ? '1' : `1${format.thousandsSeparator}234`;
  return `${format.currency}${integer}${format.decimalSeparator}5${format.percent ? '%' : ''}`;
}

/** Writes `digits` (an integer's decimal digits) in groups of three with `separator`. */
function grouped(digits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.join(separator);
}

function numberTexts(): string[] {
  const fixed = [
    // plain, signed, exponents, zeros
    '0', '1', '-1', '+1', '-0', '+0', '1.5', '-2.25', '.5', '5.', '-.5', '+.5e3', '007', '0.0', '00.5',
    '1e3', '1E-3', '1.5e+10', '-1.5E10', '1e22', '1e23', '12e-22', '1e-23', '1e400', '1e-400', '-1e309', '1e0005',
    '123456789012345', '1234567890123456', '1234567890123456789', '0.1234567890123456789', '9007199254740993',
    '3.14159265358979323846', '0.000001', '4.35', '0.1', '0.3', '2.675', '1.005', '8.589973e9',
    // thousands groups, right and wrong
    '1,234', '1,234,567.89', '-1,234', '+1,234.5', '12,34', '1,2345', ',123', '123,', '1,,234', '1,234e3', '1,234.5e3',
    '1.234', '1.234.567', '1.234,5', '-1.234,56', '1.234,567', '1234,567', '1,234.567', '1 234', '1 234,5', '1 234.5',
    "1'234.5", "1'234'567", "12'34", '1 2345', '1  234', '1,234,56',
    // decimal comma
    '1,5', '-0,25', '1,5e3', ',5', '5,', '1,5,5', '0,000001',
    // percent
    '12.5%', '12,5%', '-3%', '% 5', '5 %', '100%', '1,234.5%', '%', '5%%', '1e2%', '-0%',
    // currency, prefix and suffix
    '$5', '$ 5', '5$', '5 $', '-$5', '$-5', '- $5', '$+5', '+$5', '$$5', '€1.234,56', '1.234,56 €', '£3', '¥1000',
    'R$ 10', 'R$10,5', 'CHF 1\'000.50', '10 kr', 'kr 10', '₹1,234', '₽ 5', '₩1000', '₺3,5', '₪ 7', '50¢', '$5%', '5%$', '$12.5 %',
    // infinities
    'inf', '-inf', '+inf', 'Infinity', '-Infinity', 'INF', 'iNF', 'infinity', '-Inf%', '$inf', '- inf', 'Inf$', '1e999',
    // garbage
    'abc', '1a', 'a1', '0x10', '1_000', '1..2', '--1', '+-1', '-+1', '1e', '1e+', '1e-', 'e5', '.', '-.', '.e1', '1.2.3',
    '١٢٣', '１２３', '1/2', '"5"', '(5)', '5-', '5+', '1e5.5', '1 e5', 'NaN5', 'true',
    // whitespace
    ' 1 ', '\t2\t', '- 5', '+ 5', '-\t5', '1 ', ' +7', '\u00a05', '5\u00a0', '\u20035', '1\u00a0234', ' ',
    // missing tokens, also padded
    ...MISSING_TOKENS, ' NA ', '\tnull', '',
  ];
  const rng = new Rng(7);
  const generated: string[] = [];
  for (let k = 0; k < 60; k++) {
    const digits = String(1 + rng.int(10 ** (1 + rng.int(15))));
    const fraction = rng.int(3) === 0 ? '' : String(rng.int(1000));
    const sign = ['', '-', '+'][rng.int(3)];
    for (const [decimal, separator] of [['.', ','], [',', '.'], ['.', ' '], [',', ' '], ['.', "'"], ['.', '']]) {
      generated.push(`${sign}${grouped(digits, separator)}${fraction === '' ? '' : decimal + fraction}`);
    }
    generated.push(String(rng.next() * 10 ** (rng.int(40) - 20)));
    generated.push(`${digits}e${rng.int(50) - 25}`);
  }
  return [...fixed, ...generated];
}

describe('exported number parsers', () => {
  const texts = numberTexts();
  const parsers = FORMATS.map(numberParserCode);
  const missing = missingTextCode();
  const mod = compileAndLoad<{ table: Record<string, Parse> }>(moduleOf(parsers.map((p) => p.code), parsers.map((p) => p.name), '(text: string) => number'));
  const missingMod = compileAndLoad<{ table: Record<string, (text: string) => boolean> }>(moduleOf([missing.code], [missing.name], '(text: string) => boolean'));

  it('name each format once: equal formats share a function, distinct ones do not', () => {
    assert.equal(new Set(parsers.map((p) => p.name)).size, FORMATS.length);
    assert.equal(numberParserName({ decimalSeparator: '.', thousandsSeparator: '', percent: false, currency: '' }), 'parseNumberPlain');
    assert.equal(numberParserName({ decimalSeparator: ',', thousandsSeparator: '.', percent: false, currency: '€' }), 'parseNumberDecimalCommaThousandsDotCurrencyEuro');
    for (const format of FORMATS) assert.deepEqual(numberParserCode({ ...format }), numberParserCode(format));
    assert.throws(() => numberParserName({ ...FORMATS[0], thousandsSeparator: '_' as NumberFormat['thousandsSeparator'] }), RangeError);
  });

  it('equal the CSV reader cell by cell for every detectable format', () => {
    let compared = 0;
    let parsed = 0;
    for (const [f, format] of FORMATS.entries()) {
      const anchor = anchorOf(format);
      const column = readColumn([anchor, anchor, anchor], texts, 'float');
      assert.equal(column.storage, 'numeric');
      if (column.storage !== 'numeric') continue;
      assert.deepEqual(column.format, format, `the anchor ${anchor} is read as the intended format`);
      const parse = mod.table[parsers[f].name];
      for (const [k, text] of texts.entries()) {
        const expected = column.values[3 + k];
        const actual = parse(text);
        assert.ok(same(actual, expected), `${parsers[f].name}(${JSON.stringify(text)}) = ${actual}, the reader stored ${expected}`);
        compared++;
        if (!Number.isNaN(expected)) parsed++;
      }
    }
    // The texts exercise both outcomes under every format.
    assert.ok(parsed > compared / 5 && parsed < (compared * 4) / 5, `${parsed} of ${compared} cells parsed`);
  });

  it('agree with the reader where its fast path accepts what its text path refuses', () => {
    const plain = mod.table.parseNumberThousandsComma;
    assert.equal(plain('1,234e3'), 1234000);
    assert.equal(plain('- 5'), -5, 'the text path allows a space after the sign');
    assert.ok(same(mod.table.parseNumberPlain('-0'), -0));
    assert.equal(mod.table.parseNumberPlain('1234567890123456789'), Number('1234567890123456789'), 'past 15 digits: the text path');
    assert.equal(mod.table.parseNumberPercentCurrencyDollar('$12.5%'), 0.125);
    assert.ok(Number.isNaN(mod.table.parseNumberPlain('NA')));
  });

  it('isMissingText equals the reader on categorical cells and the engine on trimmed texts', () => {
    const isMissing = missingMod.table.isMissingText;
    const cells = [...MISSING_TOKENS, ...MISSING_TOKENS.map((t) => ` ${t}\t`), 'Na', 'NONE', 'n/A', 'nul', '--', '??', 'x', '\u00a0NA\u00a0', '\u00a0', ' ', '0'];
    for (const cell of [...cells, '']) assert.equal(isMissing(cell), engineIsMissingText(cell.trim()), JSON.stringify(cell));
    const column = readColumn(['a', 'b', 'c'], cells, 'categorical');
    assert.equal(column.storage, 'categorical');
    if (column.storage !== 'categorical') return;
    cells.forEach((cell, k) => assert.equal(isMissing(cell), column.codes[3 + k] < 0, `reader and isMissingText on ${JSON.stringify(cell)}`));
    assert.ok(cells.some((c) => isMissing(c)) && cells.some((c) => !isMissing(c)));
  });

  it('emit formatted code', () => assertFormatted([...parsers, missing]));
});

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_ANCHORS: Readonly<Record<DateFormat['order'], string>> = {
  ymd: '2021-03-04',
  mdy: '03/14/2021',
  dmy: '14/03/2021',
  'mon-d-y': 'Jun 12 1998',
  'd-mon-y': '12 Jun 1998',
};

const DATE_TEXTS = [
  // ISO and other ymd layouts
  '2021-03-04', '2021-3-4', '2021/03/04', '2021.03.04', '2021-03/04', '20210304', '2021-02-29', '2020-02-29', '2021-02-30',
  '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00', '1900-02-29', '2000-02-29', '1969-12-31', '1600-03-01', '9999-12-31',
  '0050-01-01', '0000-01-01', '0099-12-31', '0100-01-01',
  '2021-03-04T05:06', '2021-03-04 05:06:07', '2021-03-04T05:06:07.123', '2021-03-04T05:06:07,5', '2021-03-04T05:06:07.123456789',
  '2021-03-04T05:06:07.1234567891', '2021-03-04T05:06:07.0005', '2021-03-04T05:06:07.9995', '2021-03-04T05:06:07Z',
  '2021-03-04T05:06Z', '2021-03-04T05:06:07+02:00', '2021-03-04T05:06:07-0530', '2021-03-04T05:06:07 +01', '2021-03-04 05:06 Z',
  '2021-03-04T05:06:07+2', '2021-03-04T24:00', '2021-03-04T23:60', '2021-03-04T23:59:60', '2021-03-04T23:59:61',
  '2021-03-04 5:06 PM', '2021-03-04 12:00 am', '2021-03-04 12:00 AM', '2021-03-04 12:30 pm', '2021-03-04 13:00 PM',
  '2021-03-04 0:30 am', '2021-03-04T5:06', '2021-03-04T05:06:07.', '2021-03-04x', '2021-03-04T', '2021-03-04t05:06',
  '2021-03-04T05:06:7', '2021-03-04T05:6', '2021-3-4 5:06:07.5 pm +05:30', ' 2021-03-04 ', '\t2021-03-04', '2021-03-04\u00a0',
  '\u00a02021-03-04', '2021-03-04ZZ', '2021-03-04T05:06:07.123Z',
  // numeric day and month
  '03/04/2021', '3/4/21', '12/31/99', '31/12/1999', '31.12.1999', '31-12-1999', '1/2/49', '1/2/50', '02/29/2021', '29/02/2020',
  '02/29/2020', '13/01/2021', '01/13/2021', '00/10/2021', '03/04/2021 10:20', '03/04/2021 10:20:30 PM', '03/04/2021T10:20',
  '03/04/0049', '03-04/2021', '3/4/2021 1:02:03.456', '3/4/2021 25:00', '03/04/202', '3/4/2021 Z',
  // month names
  'Jun 12 1998', 'June 12, 1998', 'jun. 12th, 1998', 'JUNE 1st 1998', 'Jun 31 1998', 'Feb 29 2000', 'Feb 29 1900',
  'Jun 12 1998 10:00', 'Jun 12, 1998, 10:00 pm', 'Sept 3 2001', 'Foo 3 2001', 'Jun 12 98', 'Junk 12 1998', 'Dec 25th 2020 11:59:59 PM',
  '12 Jun 1998', '12-Jun-1998', '12-jun-98', '1 January 2000', '30 Feb 2000', '12 Jun, 1998', '12 Jun 1998 10:00:00',
  '12 Jun 1998, 5:00 PM', '12-Jun-50', '12-Jun-49', '12 Jun. 1998', '3 MAR 0049', '12 Jun 1998 10:00 Z',
  // garbage and missing
  'abc', '12345', '2021', '1e5', ...MISSING_TOKENS, '',
];

describe('exported date parsers', () => {
  const orders = Object.keys(DATE_ANCHORS) as DateFormat['order'][];
  const parsers = orders.map(dateParserCode);
  const mod = compileAndLoad<{ table: Record<string, Parse> }>(moduleOf(parsers.map((p) => p.code), parsers.map((p) => p.name), '(text: string) => number'));

  it('equal the CSV reader cell by cell for every date order', () => {
    for (const [o, order] of orders.entries()) {
      const anchor = DATE_ANCHORS[order];
      const column = readColumn([anchor, anchor], DATE_TEXTS, 'datetime');
      assert.equal(column.storage, 'datetime');
      if (column.storage !== 'datetime') continue;
      assert.equal(column.format.order, order, `the anchor ${anchor} is read as ${order}`);
      const parse = mod.table[parsers[o].name];
      let parsed = 0;
      for (const [k, text] of DATE_TEXTS.entries()) {
        const expected = column.values[2 + k];
        const actual = parse(text);
        assert.ok(same(actual, expected), `${parsers[o].name}(${JSON.stringify(text)}) = ${actual}, the reader stored ${expected}`);
        if (!Number.isNaN(expected)) parsed++;
      }
      assert.ok(parsed >= 8, `${order}: only ${parsed} texts parsed`);
    }
  });

  it('read times, offsets and two-digit years as the engine does', () => {
    const { parseDateYmd, parseDateMdy, parseDateDMonY } = mod.table;
    assert.equal(parseDateYmd('2021-03-04T05:06:07+02:00'), Date.UTC(2021, 2, 4, 3, 6, 7));
    assert.equal(parseDateYmd('2021-03-04 5:06 PM'), Date.UTC(2021, 2, 4, 17, 6));
    assert.equal(parseDateYmd('0050-01-01'), -60589296000000, 'the fast path keeps year 50');
    assert.equal(parseDateMdy('1/2/49'), Date.UTC(2049, 0, 2));
    assert.equal(parseDateDMonY('12-Jun-50'), Date.UTC(1950, 5, 12));
    assert.ok(Number.isNaN(parseDateYmd('2021-02-30')));
  });

  it('emit formatted code', () => assertFormatted(parsers));

  it('refuse an unknown order', () => {
    assert.throws(() => dateParserCode('ydm' as DateFormat['order']), RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Text features

type TextFn = (text: string | null) => Float64Array;

/** Compiles the text features of several definition groups, exported as `table[prefix]`. */
function compileText(groups: readonly { defs: readonly TextTfidfDef[]; prefix: string }[]): Record<string, TextFn> {
  const emitted = groups.map((g) => textFeaturesCode(g.defs, g.prefix));
  const source = `${emitted.map((e) => e.code).join('\n\n')}\n\nexport const table: Record<string, (text: string | null) => Float64Array> = {\n${groups
    .map((g, k) => `  ${stringLiteral(g.prefix)}: ${emitted[k].name},`)
    .join('\n')}\n};\n`;
  return compileAndLoad<{ table: Record<string, TextFn> }>(source).table;
}

function textDefsOf(plan: FeaturePlan, source: string): TextTfidfDef[] {
  return plan.features.filter((f): f is TextTfidfDef => f.kind === 'textTfidf' && f.source === source);
}

/** Asserts the emitted features of each text equal the engine's columns `expected[j][i]`. */
function assertSameFeatures(fn: TextFn, texts: readonly (string | null)[], expected: readonly Float64Array[], label: string): number {
  let nonZero = 0;
  texts.forEach((text, i) => {
    const got = fn(text);
    assert.equal(got.length, expected.length);
    for (let j = 0; j < expected.length; j++) {
      const want = expected[j][i];
      assert.ok(Math.abs(got[j] - want) <= 1e-12, `${label}: row ${i} (${JSON.stringify(text)}) feature ${j}: ${got[j]} vs ${want}`);
      assert.ok(same(got[j], want), `${label}: row ${i} feature ${j} is not bit-identical: ${got[j]} vs ${want}`);
      if (want !== 0) nonZero++;
    }
  });
  return nonZero;
}

describe('exported text features', () => {
  const { frame } = readCsvBytes(new Uint8Array(readFileSync(datasetFile('titanic'))));
  const train = Uint32Array.from(readSplit('titanic').train);
  const name = frame.columns.find((c) => c.name === 'name');
  assert.ok(name && name.storage === 'categorical' && name.type === 'text', 'titanic name is free text');
  const texts = Array.from(name.codes, (code) => (code < 0 ? null : name.dictionary[code]));

  /** Plans on titanic: defaults; unseen n-grams in dropped buckets (few training rows, no minimum); collisions with signs. */
  const configs = [
    { prefix: 'base', rows: train, options: {} },
    { prefix: 'sparse', rows: train.subarray(0, 40), options: { textBuckets: 4096, textMinRows: 1, textNgramMax: 3, textAlternateSign: true } },
    { prefix: 'tiny', rows: train, options: { textBuckets: 7, textMinRows: 1, textAlternateSign: true } },
    { prefix: 'uni', rows: train, options: { textBuckets: 64, textNgramMax: 1, textMinRows: 3 } },
  ];
  const plans = configs.map((c) => ({ ...c, plan: fitFeaturePlan(frame, 'dense', ['survived'], c.rows, c.options) }));

  it('equal applyFeaturePlan on every titanic row (bit for bit), with missing text', () => {
    const groups = plans.map((p) => ({ prefix: p.prefix, defs: textDefsOf(p.plan, 'name') }));
    const table = compileText(groups);
    for (const [k, p] of plans.entries()) {
      const defs = groups[k].defs;
      assert.ok(defs.length > 0, `${p.prefix}: the plan has text features`);
      const x = applyFeaturePlan(p.plan, frame);
      const expected = defs.map((def) => {
        const column = x.columns.find((c) => c.name === def.name);
        assert.ok(column && column.kind === 'numeric');
        return column.values as Float64Array;
      });
      const nonZero = assertSameFeatures(table[p.prefix], [...texts, null], expected.map((v) => Float64Array.from([...v, 0])), p.prefix);
      assert.ok(nonZero > texts.length, `${p.prefix}: features are mostly non-zero`);
    }
    const { hashing } = groups[0].defs[0];
    assert.ok(hashing.keep !== undefined && hashing.keep.length > 0, 'the default plan keeps frequent n-grams only');
    assert.ok(groups[1].defs.length < 4096, 'the sparse plan dropped buckets that new rows hit');
    assert.ok(groups[2].defs.some((d) => d.hashing.alternateSign));
  });

  it('normalise over buckets whose definitions are left out, as applyHashingTfidf does', () => {
    const defs = textDefsOf(plans[0].plan, 'name');
    const subset = defs.filter((_, j) => j % 3 === 1).reverse();
    const view: CodesView = { dictionary: name.dictionary, codes: name.codes };
    const expected = applyHashingTfidf(subset, view);
    const table = compileText([{ prefix: 'part', defs: subset }]);
    assertSameFeatures(table.part, texts, expected, 'subset');
  });

  it('hash Unicode, emoji and lone surrogates as the engine', () => {
    const corpus = [
      'Crème brûlée 🍮 ΣΟΦΙΑ', 'crème BRÛLÉE again', 'İstanbul straße ǅemal', 'ΟΔΟΣ οδός', '日本語 テキスト 日本語', 'emoji 👍🏽 family 👨‍👩‍👧 🍮',
      'x\ud800y lone \udc00 surrogates', 'cafe\u0301 café', 'digits ٣٤ ١٢٣ 42', 'ＡＢＣ fullwidth ａｂｃ', 'tab\tand\nnewline', 'ǅemal İstanbul',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math 𝟙𝟚', 'snake_case-and.dots', '   ', '!!!', 'a', 'Crème brûlée',
    ];
    const fitView: CodesView = { dictionary: corpus, codes: Int32Array.from(corpus.keys()) };
    const signed = fitHashingTfidf('u', fitView, { buckets: 64, ngramMax: 2, alternateSign: true, minRows: 1 });
    const plain = fitHashingTfidf('u', fitView, { buckets: 1 << 16, ngramMax: 3, alternateSign: false, minRows: 2 });
    const applyTexts = [...corpus, 'unseen Ωmega 🍮 words', 'x\udbffy'];
    const applyView: CodesView = { dictionary: applyTexts, codes: Int32Array.from([...applyTexts.keys(), -1]) };
    const table = compileText([{ prefix: 'signed', defs: signed }, { prefix: 'plain', defs: plain }]);
    const rows = [...applyTexts, null];
    assertSameFeatures(table.signed, rows, applyHashingTfidf(signed, applyView), 'signed');
    assertSameFeatures(table.plain, rows, applyHashingTfidf(plain, applyView), 'plain');
    assert.ok(plain.length > 3 && plain[0].hashing.keep !== undefined);
    assertFormatted([textFeaturesCode(signed, 'm0_u_'), textFeaturesCode(plain, 'm0_u_')]);
  });

  it('refuse definitions the engine refuses, handle none, and emit formatted code', () => {
    const defs = textDefsOf(plans[0].plan, 'name');
    assert.throws(() => textFeaturesCode([defs[0], { ...defs[1], hashing: { ...defs[1].hashing, buckets: 3 } }], 'bad'), RangeError);
    assert.throws(() => textFeaturesCode([{ ...defs[0], bucket: defs[0].hashing.buckets }], 'bad'), RangeError);
    assertFormatted(plans.map((p) => textFeaturesCode(textDefsOf(p.plan, 'name'), p.prefix)));
    const none = compileText([{ prefix: 'none', defs: [] }]);
    assert.equal(none.none('text').length, 0);
  });
});
