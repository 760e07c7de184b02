import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { applyFeaturePlan, fitFeaturePlan, fitTransformFeatures, type FeatureDef } from '../../../src/engine/prep/featurePlan';
import { entryGrams } from '../../../src/engine/prep/text/entryGrams';
import { bucketOf, murmur3Utf8 } from '../../../src/engine/prep/text/murmur3';
import { forEachNgram, tokenize } from '../../../src/engine/prep/text/tokenize';
import { close, frameOf, num, range, text, valuesOf } from './frames';

type TextDef = Extract<FeatureDef, { kind: 'textTfidf' }>;

describe('text tokens and hashes', () => {
  it('murmur3 (32-bit, seed 0) of UTF-8 bytes equals scikit-learn murmurhash3_32', () => {
    // Values printed by sklearn.utils.murmurhash3_32(s, 0).
    assert.equal(murmur3Utf8(''), 0);
    assert.equal(murmur3Utf8('hello'), 613153351);
    assert.equal(murmur3Utf8('é'), 269551495);
    assert.equal(murmur3Utf8('a b'), 1033158525);
  });

  it('maps hashes to buckets as scikit-learn (abs, and -2^31 as 2^31)', () => {
    assert.equal(bucketOf(-7, 4), 3);
    assert.equal(bucketOf(-2147483648, 3), 2147483648 % 3);
  });

  it("keeps each dictionary entry's n-grams and hashes with the dictionary, per n-gram length", () => {
    const dictionary = ['Braund, Mr. Owen', 'Heikkinen, Miss. Laina'];
    const first = entryGrams(dictionary, 1, 2);
    assert.deepEqual(first.grams, ['heikkinen', 'miss', 'laina', 'heikkinen miss', 'miss laina']);
    assert.deepEqual(Array.from(first.hashes), first.grams.map((g) => murmur3Utf8(g)));
    assert.equal(entryGrams(dictionary, 1, 2), first, 'hashed once');
    assert.deepEqual(entryGrams(dictionary, 1, 1).grams, ['heikkinen', 'miss', 'laina']);
    // Another dictionary with the same entries is another cache.
    assert.notEqual(entryGrams([...dictionary], 1, 2), first);
  });

  it('lower-cases and splits on anything but Unicode letters and digits', () => {
    assert.deepEqual(tokenize('Crème-brûlée, x2 & snake_case 3.14 ΣΟΦΙΑ'), ['crème', 'brûlée', 'x2', 'snake', 'case', '3', '14', 'σοφια']);
    const grams: string[] = [];
    forEachNgram(['a', 'b', 'c'], 2, (g) => grams.push(g));
    assert.deepEqual(grams, ['a', 'b', 'c', 'a b', 'b c']);
  });
});

describe('hashed TF-IDF features', () => {
  const buckets = 1 << 16;
  const bucket = (gram: string) => bucketOf(murmur3Utf8(gram), buckets);

  it('match a hand-computed tiny corpus', () => {
    // Three training documents: "A b", "a", missing (an empty document).
    const frame = frameOf(text('t', ['A b', 'a', undefined]));
    const [ba, bb, bab] = ['a', 'b', 'a b'].map(bucket);
    assert.equal(new Set([ba, bb, bab]).size, 3, 'no collisions in this corpus');
    const { plan, x } = fitTransformFeatures(frame, { mode: 'native', exclude: [], textBuckets: buckets, textMinRows: 1 });
    const defs = plan.features.filter((f): f is TextDef => f.kind === 'textTfidf');
    assert.deepEqual(defs.map((d) => d.bucket), [ba, bb, bab].sort((p, q) => p - q), 'only buckets hit in training, in bucket order');
    assert.deepEqual(plan.features.at(-1)?.name, 't=(missing)');
    // df: a 2, b 1, "a b" 1 of n = 3 documents; idf = ln((1 + n) / (1 + df)) + 1.
    const idfA = Math.log(4 / 3) + 1;
    const idfB = Math.log(2) + 1;
    const byBucket = new Map(defs.map((d) => [d.bucket, d]));
    assert.ok(close(byBucket.get(ba)?.idf ?? NaN, idfA));
    assert.ok(close(byBucket.get(bab)?.idf ?? NaN, idfB));
    assert.deepEqual(byBucket.get(bab)?.terms, ['a b']);
    assert.deepEqual(byBucket.get(ba)?.hashing, { buckets, ngramMax: 2, alternateSign: false, documents: 3 });
    const norm = Math.sqrt(idfA ** 2 + 2 * idfB ** 2);
    const col = (b: number) => valuesOf(x, `t.tfidf${b}`);
    assert.ok(close(col(ba)[0], idfA / norm) && close(col(bb)[0], idfB / norm) && close(col(bab)[0], idfB / norm));
    assert.deepEqual([col(ba)[1], col(bb)[1], col(bab)[1]], [1, 0, 0], 'one word: weight 1 after normalising');
    assert.deepEqual([col(ba)[2], col(bb)[2], col(bab)[2]], [0, 0, 0]);

    // A new document "b c": c and "b c" hit buckets unseen in training (df 0, idf ln(4) + 1), which
    // count in its norm, as scikit-learn's would.
    const [bc, bbc] = ['c', 'b c'].map(bucket);
    assert.ok(![ba, bb, bab].includes(bc) && ![ba, bb, bab].includes(bbc) && bc !== bbc);
    const fresh = applyFeaturePlan(plan, frameOf(text('t', ['b c'])));
    const idfUnseen = Math.log(4) + 1;
    assert.ok(close(valuesOf(fresh, `t.tfidf${bb}`)[0], idfB / Math.sqrt(idfB ** 2 + 2 * idfUnseen ** 2)));
    assert.equal(valuesOf(fresh, `t.tfidf${ba}`)[0], 0);
  });

  it('is used by plans by default, and dropped with textBuckets 0', () => {
    const frame = frameOf(text('t', ['red fox', 'blue fox', 'red hen']), num('y', [1, 2, 3]));
    assert.deepEqual(fitFeaturePlan(frame, 'native', ['y'], undefined, { textBuckets: 0 }).dropped, [{ column: 't', reason: 'free text (text features are off)' }]);
    const plan = fitFeaturePlan(frame, 'native', ['y'], undefined, { textMinRows: 1 });
    assert.ok(plan.features.length > 0 && plan.features.every((f) => f.kind === 'textTfidf' && f.source === 't'));
    assert.ok(plan.features.length <= 256);
    assert.deepEqual(fitFeaturePlan(frameOf(text('t', ['...', '!!'])), 'dense', [], undefined, {}).dropped, [{ column: 't', reason: 'no words in the training rows' }]);
  });

  it('ignores n-grams in fewer training rows than the minimum, for new rows too', () => {
    // 'fox' in 3 rows, 'red' in 2, the rest in 1; with a minimum of 2 only 'fox' and 'red' count.
    const frame = frameOf(text('t', ['red fox', 'blue fox', 'red hen', 'old fox']));
    const { plan, x } = fitTransformFeatures(frame, { mode: 'native', exclude: [], textMinRows: 2, textNgramMax: 1 });
    const terms = plan.features.flatMap((f) => (f.kind === 'textTfidf' ? f.terms : []));
    assert.deepEqual(terms.sort(), ['fox', 'red']);
    // 'blue fox' reads as 'fox' alone: one kept n-gram, normalised to 1.
    const row = x.columns.map((c) => (c.kind === 'numeric' ? c.values[1] : NaN));
    assert.deepEqual(row.filter((v) => v !== 0), [1]);
    const fresh = applyFeaturePlan(plan, frameOf(text('t', ['blue hen', 'red'])));
    assert.ok(fresh.columns.every((c) => c.kind === 'numeric' && c.values[0] === 0), 'only ignored words: an empty document');
    // The default minimum is max(5, 1% of rows): here 5, so only 'fox' (in 5 of 6 rows) counts.
    const six = frameOf(text('t', ['red fox', 'blue fox', 'red hen', 'old fox', 'fox', 'red fox']));
    const byDefault = fitFeaturePlan(six, 'native', [], undefined, { textNgramMax: 1 });
    assert.deepEqual(byDefault.features.flatMap((f) => (f.kind === 'textTfidf' ? f.terms : [])), ['fox']);
  });

  it('keeps the width bounded by the bucket count', () => {
    const docs = Array.from({ length: 300 }, (_, i) => `word${i} other${i * 7} w${i % 13}`);
    const plan = fitFeaturePlan(frameOf(text('t', docs)), 'native', [], undefined, { textBuckets: 16, textMinRows: 1 });
    assert.equal(plan.features.length, 16);
    assert.throws(() => fitFeaturePlan(frameOf(text('t', docs)), 'native', [], undefined, { textBuckets: 1 << 20 }), RangeError);
  });
});

interface SklearnCase {
  readonly buckets: number;
  readonly alternateSign: boolean;
  readonly df: number[];
  readonly idf: number[];
  readonly train: [number, number][][];
  readonly test: [number, number][][];
}

describe('hashed TF-IDF against scikit-learn', () => {
  const fixture = JSON.parse(readFileSync(resolve(process.cwd(), 'test', 'fixtures', 'prep', 'tfidf_sklearn.json'), 'utf8')) as {
    train: (string | null)[];
    test: (string | null)[];
    cases: SklearnCase[];
  };
  const docs = [...fixture.train, ...fixture.test].map((t) => t ?? undefined);
  const frame = frameOf(text('t', docs));
  const train = range(0, fixture.train.length);
  const test = range(fixture.train.length, docs.length);

  for (const c of fixture.cases) {
    it(`HashingVectorizer(n_features=${c.buckets}, ngram_range=(1, 2), alternate_sign=${c.alternateSign}) + TfidfTransformer`, () => {
      const options = { mode: 'native' as const, exclude: [], rows: train, textBuckets: c.buckets, textAlternateSign: c.alternateSign, textMinRows: 1 };
      const { plan, x } = fitTransformFeatures(frame, options);
      const defs = plan.features.filter((f): f is TextDef => f.kind === 'textTfidf');
      assert.deepEqual(defs.map((d) => d.bucket), c.df.flatMap((df, b) => (df > 0 ? [b] : [])));
      for (const d of defs) assert.ok(close(d.idf, c.idf[d.bucket]), `idf of bucket ${d.bucket}`);
      const check = (matrix: ReturnType<typeof applyFeaturePlan>, expected: [number, number][][], what: string) => {
        expected.forEach((row, i) => {
          const want = new Map(row);
          for (const d of defs) {
            const got = valuesOf(matrix, d.name)[i];
            assert.ok(close(got, want.get(d.bucket) ?? 0), `${what} row ${i} bucket ${d.bucket}: ${got} vs ${want.get(d.bucket) ?? 0}`);
          }
        });
      };
      check(x, c.train, 'train');
      check(applyFeaturePlan(plan, frame, test), c.test, 'test');
    });
  }
});
