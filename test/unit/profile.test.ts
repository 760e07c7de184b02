// profileFrame end to end: column profiles, warnings (each kind firing and not firing), target
// inference, associations, errors and cancellation, on small hand-made frames.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAIN_NUMBER_FORMAT, type Column, type Frame } from '../../src/engine/data/frame';
import type { ReadReport } from '../../src/engine/data/readReport';
import { CancelledError, DataError } from '../../src/engine/errors';
import { computeAssociations } from '../../src/engine/profile/associations';
import { countDuplicateRows } from '../../src/engine/profile/duplicateRows';
import { profileFrame } from '../../src/engine/profile/profileFrame';
import { inferTask } from '../../src/engine/profile/target';
import type { ColumnProfile, DatasetProfile, ProfileWarningKind } from '../../src/engine/profile/types';

type NumericType = 'integer' | 'float' | 'id';

function num(name: string, values: readonly number[], type: NumericType = 'float'): Column {
  return { name, storage: 'numeric', type, values: Float64Array.from(values), format: PLAIN_NUMBER_FORMAT };
}

/** Dictionary in order of first appearance, `null` = missing. */
function cat(name: string, labels: readonly (string | null)[], type: 'categorical' | 'text' | 'id' = 'categorical'): Column {
  const dictionary: string[] = [];
  const codes = Int32Array.from(labels, (label) => {
    if (label === null) return -1;
    let code = dictionary.indexOf(label);
    if (code < 0) code = dictionary.push(label) - 1;
    return code;
  });
  return { name, storage: 'categorical', type, codes, dictionary };
}

function bool(name: string, values: readonly (boolean | null)[]): Column {
  const codes = Int32Array.from(values, (v) => (v === null ? -1 : v ? 1 : 0));
  return { name, storage: 'categorical', type: 'boolean', codes, dictionary: ['no', 'yes'] };
}

function date(name: string, ms: readonly number[]): Column {
  return { name, storage: 'datetime', type: 'datetime', values: Float64Array.from(ms), format: { order: 'ymd', hasTime: false } };
}

function frameOf(...columns: Column[]): Frame {
  const rowCount = columns.length === 0 ? 0 : columns[0].storage === 'categorical' ? columns[0].codes.length : columns[0].values.length;
  return { rowCount, columns };
}

function range(n: number): number[];
function range<T>(n: number, f: (i: number) => T): T[];
function range<T>(n: number, f?: (i: number) => T): (T | number)[] {
  return Array.from({ length: n }, (_, i) => (f ? f(i) : i));
}

function kinds(profile: DatasetProfile, column?: string): ProfileWarningKind[] {
  return profile.warnings.filter((w) => column === undefined || w.column === column).map((w) => w.kind);
}

function column(profile: DatasetProfile, name: string): ColumnProfile {
  const found = profile.columns.find((c) => c.name === name);
  assert.ok(found, `no column ${name}`);
  return found;
}

const DAY_MS = 86_400_000;

describe('profileFrame: column profiles', () => {
  const frame = frameOf(
    num('x', [4, 2, NaN, 9, 1, 7, 2, 3], 'integer'),
    cat('colour', ['red', 'blue', 'red', null, 'green', 'red', 'blue', 'red']),
    bool('flag', [true, false, true, true, null, false, true, true]),
    date('day', range(8, (i) => Date.UTC(2024, 0, 1) + i * DAY_MS)),
  );
  const profile = profileFrame(frame);

  it('profiles numeric columns with stats and their number format', () => {
    const x = column(profile, 'x');
    assert.equal(x.storage, 'numeric');
    assert.equal(x.count, 7);
    assert.equal(x.missing, 1);
    assert.equal(x.missingPct, 12.5);
    assert.equal(x.unique, 6);
    assert.equal(x.mean, 4);
    assert.equal(x.quantiles?.p50, 3);
    assert.deepEqual(x.numberFormat, PLAIN_NUMBER_FORMAT);
  });

  it('profiles categorical and boolean columns with top values; length only for non-booleans', () => {
    const colour = column(profile, 'colour');
    assert.equal(colour.unique, 3);
    assert.deepEqual(colour.topValues, [
      { value: 'red', count: 4 },
      { value: 'blue', count: 2 },
      { value: 'green', count: 1 },
    ]);
    // red ×4 (3), blue ×2 (4), green (5): 25 / 7.
    assert.equal(colour.meanLength, 25 / 7);
    const flag = column(profile, 'flag');
    assert.deepEqual(flag.topValues, [
      { value: 'yes', count: 5 },
      { value: 'no', count: 2 },
    ]);
    assert.equal(flag.meanLength, undefined);
  });

  it('profiles datetimes in epoch ms without zero counts', () => {
    const day = column(profile, 'day');
    assert.equal(day.min, Date.UTC(2024, 0, 1));
    assert.equal(day.max, Date.UTC(2024, 0, 8));
    assert.equal(day.zeros, undefined);
    assert.deepEqual(day.dateFormat, { order: 'ymd', hasTime: false });
    assert.equal(day.histogram?.counts.length, 20);
  });

  it('survives a JSON round trip unchanged (no NaN or undefined values)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile);
  });

  it('leaves the frame unchanged and is deterministic', () => {
    const before = Float64Array.from((frame.columns[0] as { values: Float64Array }).values);
    const again = profileFrame(frame);
    assert.deepEqual((frame.columns[0] as { values: Float64Array }).values, before);
    assert.deepEqual(again, profile);
  });

  it('handles an empty frame', () => {
    const empty = profileFrame(frameOf(num('a', []), cat('b', [])));
    assert.equal(empty.rows, 0);
    assert.equal(empty.duplicateRows, 0);
    assert.deepEqual(kinds(empty), ['constant', 'constant']);
  });
});

describe('duplicate rows', () => {
  it('counts repeats of earlier rows, missing equal to missing and -0 equal to 0', () => {
    const frame = frameOf(
      num('a', [1, 1, NaN, NaN, 0, -0, 1, 2]),
      cat('b', ['x', 'x', null, null, 'y', 'y', 'x', 'x']),
    );
    // rows: (1,x) (1,x)* (-,-) (-,-)* (0,y) (-0,y)* (1,x)* (2,x)
    assert.equal(countDuplicateRows(frame), 4);
    const profile = profileFrame(frame);
    assert.equal(profile.duplicateRows, 4);
    assert.deepEqual(kinds(profile).filter((k) => k === 'duplicate-rows'), ['duplicate-rows']);
    assert.match(profile.warnings.find((w) => w.kind === 'duplicate-rows')!.message, /4 rows are exact duplicates .*50\.0%/);
  });

  it('finds none in distinct rows, even with many hash-table collisions', () => {
    const n = 5000;
    const frame = frameOf(num('a', range(n, (i) => i % 50)), num('b', range(n, (i) => Math.floor(i / 50))));
    assert.equal(countDuplicateRows(frame), 0);
    assert.equal(profileFrame(frame).warnings.some((w) => w.kind === 'duplicate-rows'), false);
    const doubled = frameOf(num('a', range(2 * n, (i) => i % n)), cat('c', range(2 * n, (i) => String(i % n))));
    assert.equal(countDuplicateRows(doubled), n);
  });
});

describe('warnings per column', () => {
  it('constant: one value or all missing, but not two values', () => {
    const profile = profileFrame(
      frameOf(cat('same', ['a', 'a', null, 'a']), num('none', [NaN, NaN, NaN, NaN]), num('two', [1, 2, 1, 2])),
    );
    assert.deepEqual(kinds(profile, 'same'), ['constant']);
    assert.match(profile.warnings.find((w) => w.column === 'same')!.message, /same value \("a"\)/);
    assert.deepEqual(kinds(profile, 'none'), ['constant', 'many-missing']);
    assert.match(profile.warnings.find((w) => w.column === 'none')!.message, /no values/);
    assert.deepEqual(kinds(profile, 'two'), []);
  });

  it('id-like: type id, or all-distinct integers/categories from 20 values, never floats', () => {
    const profile = profileFrame(
      frameOf(
        num('seq', range(20, (i) => i + 100), 'integer'),
        cat('code', range(20, (i) => `K${i}`)),
        num('measure', range(20, (i) => i + 0.5)),
        num('key', range(20, (i) => i % 5), 'id'),
        cat('note', range(20, (i) => `free text ${i}`), 'text'),
      ),
    );
    assert.deepEqual(kinds(profile, 'seq'), ['id-like']);
    assert.deepEqual(kinds(profile, 'code'), ['id-like']);
    assert.deepEqual(kinds(profile, 'measure'), []);
    assert.deepEqual(kinds(profile, 'key'), ['id-like']);
    assert.deepEqual(kinds(profile, 'note'), []);
    const few = profileFrame(frameOf(num('seq', range(19), 'integer')));
    assert.deepEqual(kinds(few, 'seq'), []);
  });

  it('high-cardinality: more than 50 levels, unless ID-like', () => {
    const many = profileFrame(frameOf(cat('city', range(120, (i) => `c${i % 60}`))));
    assert.deepEqual(kinds(many, 'city'), ['high-cardinality']);
    assert.match(many.warnings[0].message, /60 distinct values/);
    assert.deepEqual(kinds(profileFrame(frameOf(cat('city', range(100, (i) => `c${i % 50}`)))), 'city'), []);
    assert.deepEqual(kinds(profileFrame(frameOf(cat('city', range(60, (i) => `c${i}`)))), 'city'), ['id-like']);
  });

  it('many-missing: above half the rows', () => {
    const six = [1, NaN, NaN, NaN, 2, NaN, NaN, 3, NaN, 4];
    const five = [1, NaN, NaN, NaN, 2, NaN, 5, 3, NaN, 4];
    const profile = profileFrame(frameOf(num('six', six), num('five', five)));
    assert.deepEqual(kinds(profile, 'six'), ['many-missing']);
    assert.match(profile.warnings.find((w) => w.column === 'six')!.message, /60\.0% missing \(6 of 10 rows\)/);
    assert.deepEqual(kinds(profile, 'five'), []);
  });

  it('time-ordered: datetimes and time-named integers in either direction, from 99% of pairs', () => {
    const n = 201;
    const ascending = range(n, (i) => Date.UTC(2020, 0, 1) + i * DAY_MS);
    const oneSwap = ascending.slice();
    [oneSwap[50], oneSwap[51]] = [oneSwap[51], oneSwap[50]];
    // 200 pairs; after the swap only day 51 -> day 50 goes down: 99.5% non-decreasing.
    const shuffled = range(n, (i) => Date.UTC(2020, 0, 1) + ((i * 37) % n) * DAY_MS);
    const profile = profileFrame(
      frameOf(
        date('created', ascending),
        date('updated', oneSwap),
        date('random', shuffled),
        num('year', range(n, (i) => 2100 - Math.floor(i / 10)), 'integer'),
        num('count', range(n, (i) => i * 2), 'integer'),
        num('createdAt', range(n, (i) => i), 'integer'),
      ),
    );
    assert.deepEqual(kinds(profile, 'created'), ['time-ordered']);
    assert.match(profile.warnings.find((w) => w.column === 'created')!.message, /100\.0% of consecutive values never decrease/);
    assert.deepEqual(kinds(profile, 'updated'), ['time-ordered']);
    assert.deepEqual(kinds(profile, 'random'), []);
    assert.deepEqual(kinds(profile, 'year'), ['time-ordered']);
    assert.match(profile.warnings.find((w) => w.column === 'year')!.message, /never increase/);
    assert.deepEqual(kinds(profile, 'count'), ['id-like']);
    assert.deepEqual(kinds(profile, 'createdAt'), ['id-like', 'time-ordered']);
    const threeSwaps = ascending.slice(0, 101);
    for (const at of [10, 40, 70]) [threeSwaps[at], threeSwaps[at + 1]] = [threeSwaps[at + 1], threeSwaps[at]];
    // 100 pairs, 3 go down: 97% < 99%.
    assert.deepEqual(kinds(profileFrame(frameOf(date('d', threeSwaps))), 'd'), []);
  });
});

describe('warnings from the CSV reader report', () => {
  const report: ReadReport = {
    delimiter: ';',
    encoding: 'windows-1252',
    bytes: 1234,
    lines: 7,
    parseIssues: [{ line: 4, message: 'unterminated quote' }],
    parseIssueCount: 1,
    raggedRows: { count: 2, policy: 'pad', firstLines: [3, 6] },
    renamedHeaders: [
      { index: 1, from: '', to: 'column_2' },
      { index: 2, from: 'a', to: 'a_2' },
    ],
    badValues: [{ column: 'a', count: 3, examples: [{ line: 5, value: 'n/a?' }] }],
    blankLines: 0,
  };
  const frame = frameOf(num('a', [1, 2, 3, 4, 5, 6], 'integer'), num('column_2', [1, 1, 2, 2, 3, 4]), num('a_2', [6, 5, 4, 3, 2, 2]));

  it('quotes the first bad values of a column with their lines', () => {
    const examples = [5, 9, 12, 20].map((line) => ({ line, value: `x${line}` }));
    const several = profileFrame(frame, { report: { ...report, badValues: [{ column: 'a', count: 4, examples }] } });
    const message = several.warnings.find((w) => w.kind === 'bad-values')?.message;
    assert.equal(message, `4 values in 'a' did not read as integer (e.g. "x5" on line 5, "x9" on line 9, "x12" on line 12, …) and were treated as missing.`);
    const one = profileFrame(frame, { report: { ...report, badValues: [{ column: 'a', count: 1, examples: examples.slice(0, 1) }] } });
    assert.equal(one.warnings.find((w) => w.kind === 'bad-values')?.message, `1 value in 'a' did not read as integer ("x5" on line 5) and was treated as missing.`);
  });

  it('turns each report finding into a warning and copies issues and bad values', () => {
    const profile = profileFrame(frame, { report });
    assert.deepEqual(kinds(profile), ['encoding', 'ragged-rows', 'renamed-header', 'renamed-header', 'bad-values']);
    const messages = profile.warnings.map((w) => w.message).join('\n');
    assert.match(messages, /Windows-1252/);
    assert.match(messages, /2 rows had a different number of fields than the header \(first at line 3, 6\); short rows were padded/);
    assert.match(messages, /An empty header was named 'column_2'/);
    assert.match(messages, /The repeated header 'a' was renamed 'a_2'/);
    assert.match(messages, /3 values in 'a' did not read as integer \(e\.g\. "n\/a\?" on line 5, …\) and were treated as missing/);
    assert.deepEqual(profile.parseIssues, report.parseIssues);
    assert.deepEqual(profile.badValues, report.badValues);
    assert.deepEqual(profile.source, { bytes: 1234, delimiter: ';', encoding: 'windows-1252' });
  });

  it('adds none for a clean read, and prefers an explicit source', () => {
    const clean: ReadReport = {
      ...report,
      encoding: 'utf-8',
      parseIssues: [],
      parseIssueCount: 0,
      raggedRows: { count: 0, policy: 'pad', firstLines: [] },
      renamedHeaders: [],
      badValues: [],
    };
    const source = { file: 'data.csv', bytes: 1234, delimiter: ';', encoding: 'utf-8' };
    const profile = profileFrame(frame, { report: clean, source });
    assert.deepEqual(kinds(profile), []);
    assert.deepEqual(profile.source, source);
    assert.equal(profileFrame(frame).source, undefined);
  });
});

describe('target', () => {
  const profileOf = (c: Column): ColumnProfile => profileFrame(frameOf(c)).columns[0];

  it('infers binary for booleans and any two-valued column', () => {
    assert.equal(inferTask(profileOf(bool('t', [true, false, true]))), 'binary');
    assert.equal(inferTask(profileOf(cat('t', ['a', 'b', 'a', null]))), 'binary');
    assert.equal(inferTask(profileOf(num('t', [0, 1, 1, 0], 'integer'))), 'binary');
    assert.equal(inferTask(profileOf(num('t', [0.5, 2.5, 0.5]))), 'binary');
  });

  it('infers multiclass for categories and compact small integer codes', () => {
    assert.equal(inferTask(profileOf(cat('t', ['a', 'b', 'c']))), 'multiclass');
    assert.equal(inferTask(profileOf(cat('t', ['x y', 'y z', 'z x'], 'text'))), 'multiclass');
    // Wine-quality style: 3..9, 7 values over 7 integers, each repeated.
    assert.equal(inferTask(profileOf(num('t', range(70, (i) => 3 + (i % 7)), 'integer'))), 'multiclass');
    // 20 distinct values 0..19 is still within the limit.
    assert.equal(inferTask(profileOf(num('t', range(200, (i) => i % 20), 'integer'))), 'multiclass');
  });

  it('infers regression for floats, datetimes, many or spread-out integers', () => {
    assert.equal(inferTask(profileOf(num('t', [0.5, 1.5, 2.25, 3]))), 'regression');
    assert.equal(inferTask(profileOf(date('t', [0, DAY_MS, 2 * DAY_MS]))), 'regression');
    assert.equal(inferTask(profileOf(date('t', [0, DAY_MS, DAY_MS]))), 'regression');
    assert.equal(inferTask(profileOf(num('t', range(210, (i) => i % 21), 'integer'))), 'regression');
    // Ages 20..76 seen at 15 values: 57 integers in range > 2 × 15.
    assert.equal(inferTask(profileOf(num('t', range(150, (i) => 20 + 4 * (i % 15)), 'integer'))), 'regression');
    // 10 rows, 8 distinct: barely repeats.
    assert.equal(inferTask(profileOf(num('t', [1, 2, 3, 4, 5, 6, 7, 8, 1, 2], 'integer'))), 'regression');
  });

  it('lists classes most frequent first', () => {
    const profile = profileFrame(frameOf(cat('species', ['b', 'a', 'c', 'a', 'c', 'a', null, 'b'])), { target: 'species' });
    assert.deepEqual(profile.target, {
      column: 'species',
      task: 'multiclass',
      // b and c both twice: b appears first.
      classes: [
        { value: 'a', count: 3 },
        { value: 'b', count: 2 },
        { value: 'c', count: 2 },
      ],
    });
    const numeric = profileFrame(frameOf(num('grade', [3, 1, 2, 2, 3, 3, 1, 2, 2], 'integer')), { target: 'grade' });
    assert.deepEqual(numeric.target?.classes, [
      { value: '2', count: 4 },
      { value: '3', count: 3 },
      { value: '1', count: 2 },
    ]);
    const regression = profileFrame(frameOf(num('price', [1.5, 2.5, 3.25])), { target: 'price' });
    assert.deepEqual(regression.target, { column: 'price', task: 'regression' });
  });

  it('warns about an imbalanced target below 10% minority, not at 15%', () => {
    const imbalanced = profileFrame(frameOf(bool('churn', range(100, (i) => i < 5))), { target: 'churn' });
    assert.deepEqual(kinds(imbalanced, 'churn'), ['imbalanced-target']);
    assert.match(imbalanced.warnings.find((w) => w.kind === 'imbalanced-target')!.message, /rarest class "yes" has 5 rows \(5\.0%\) against 95 for "no" \(19\.0:1\)/);
    const balanced = profileFrame(frameOf(bool('churn', range(100, (i) => i < 15))), { target: 'churn' });
    assert.deepEqual(kinds(balanced, 'churn'), []);
    const threeWay = profileFrame(frameOf(cat('t', range(100, (i) => (i < 50 ? 'a' : i < 92 ? 'b' : 'c')))), { target: 't' });
    assert.deepEqual(kinds(threeWay, 't'), ['imbalanced-target']);
    // A regression target has no classes to be imbalanced.
    assert.deepEqual(kinds(profileFrame(frameOf(num('y', range(100, (i) => (i < 95 ? 0.5 : i)))), { target: 'y' }), 'y'), []);
  });

  it('throws a DataError naming an unknown target and listing the columns', () => {
    const frame = frameOf(num('Age', [1, 2]), num('fare', [3, 4]));
    assert.throws(
      () => profileFrame(frame, { target: 'survived' }),
      (error: unknown) =>
        error instanceof DataError &&
        /Unknown target column 'survived'/.test(error.message) &&
        /Available columns: 'Age', 'fare'\./.test(error.message),
    );
    assert.throws(() => profileFrame(frame, { target: 'age' }), /Did you mean 'Age'\?/);
  });
});

describe('leakage-suspect', () => {
  const n = 200;
  const y = range(n, (i) => Math.sin(i) * 10 + i / 20);
  const label = y.map((v) => (v > 0 ? 'pos' : 'neg'));

  it('fires for a near copy of a numeric target, not for a weak feature or an ID', () => {
    const frame = frameOf(
      num('y', y),
      num('twice', y.map((v) => 2 * v + 1)),
      num('noise', range(n, (i) => (i * 7919) % 101)),
      num('row', range(n), 'integer'),
    );
    const profile = profileFrame(frame, { target: 'y' });
    assert.deepEqual(kinds(profile, 'twice'), ['leakage-suspect']);
    assert.match(profile.warnings.find((w) => w.column === 'twice')!.message, /\|Spearman ρ\| = 1\.000/);
    assert.deepEqual(kinds(profile, 'noise'), []);
    assert.deepEqual(kinds(profile, 'row'), ['id-like']);
  });

  it("fires by Cramér's V and by η for categorical and mixed pairs", () => {
    const frame = frameOf(
      cat('label', label),
      cat('copy', label.map((l) => (l === 'pos' ? 'P' : 'N'))),
      num('score', y),
      cat('other', range(n, (i) => `g${i % 3}`)),
    );
    const profile = profileFrame(frame, { target: 'label' });
    assert.deepEqual(kinds(profile, 'copy'), ['leakage-suspect']);
    assert.match(profile.warnings.find((w) => w.column === 'copy')!.message, /Cramér's V = 1\.000/);
    assert.deepEqual(kinds(profile, 'other'), []);
    // η of y on its own sign is high but not perfect.
    assert.deepEqual(kinds(profile, 'score'), []);
    const exact = profileFrame(frameOf(num('y', range(n, (i) => i % 4)), cat('group', range(n, (i) => `g${i % 4}`))), {
      target: 'y',
    });
    assert.ok(kinds(exact, 'group').includes('leakage-suspect'));
  });
});

describe('associations', () => {
  const n = 300;
  const base = range(n, (i) => Math.sin(i * 0.7) * 5);

  it('measures each kind of pair and skips ID, text and constant columns', () => {
    const frame = frameOf(
      num('a', base),
      num('b', base.map((v, i) => v + Math.cos(i))),
      cat('c', base.map((v) => (v > 0 ? 'hi' : 'lo'))),
      bool('d', base.map((v) => v > 2)),
      date('e', range(n, (i) => i * DAY_MS)),
      num('id', range(n), 'id'),
      cat('t', range(n, (i) => `text ${i}`), 'text'),
      num('k', range(n, () => 1)),
    );
    const { associations } = profileFrame(frame);
    assert.deepEqual(associations.columns, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(associations.sampledRows, n);
    assert.equal(associations.pairs.length, 10);
    const pair = (a: string, b: string) => associations.pairs.find((p) => p.a === a && p.b === b)!;
    const ab = pair('a', 'b');
    assert.ok(ab.pearson !== undefined && ab.spearman !== undefined && ab.value === Math.abs(ab.spearman));
    const cd = pair('c', 'd');
    assert.ok(cd.cramersV !== undefined && cd.value === cd.cramersV);
    const ac = pair('a', 'c');
    assert.ok(ac.correlationRatio !== undefined && ac.value === ac.correlationRatio);
    const ae = pair('a', 'e');
    assert.ok(ae.spearman !== undefined);
    for (const p of associations.pairs) assert.ok(p.value >= 0 && p.value <= 1);
  });

  it('keeps the target and the features most associated with it under the cap', () => {
    const frame = frameOf(
      num('weak', range(n, (i) => (i * 7919) % 101)),
      num('strong', base.map((v) => v * 3)),
      num('y', base),
      num('medium', base.map((v, i) => v + ((i * 31) % 17) - 8)),
    );
    const profile = profileFrame(frame, { target: 'y', maxAssociationColumns: 3 });
    assert.deepEqual(profile.associations.columns, ['strong', 'y', 'medium']);
    assert.equal(profile.associations.pairs.length, 3);
  });

  it('without a target keeps the columns with the fewest missing values', () => {
    const frame = frameOf(
      num('holes', base.map((v, i) => (i % 3 === 0 ? NaN : v))),
      num('full1', base),
      num('some', base.map((v, i) => (i % 10 === 0 ? NaN : v * v))),
      num('full2', base.map((v) => -v)),
    );
    const profile = profileFrame(frame, { maxAssociationColumns: 3 });
    assert.deepEqual(profile.associations.columns, ['full1', 'some', 'full2']);
    assert.equal(profileFrame(frame, { maxAssociationColumns: 1 }).associations.pairs.length, 0);
  });

  it('uses a seeded row sample on large data and reports its size', () => {
    const frame = frameOf(num('a', base), num('b', base.map((v, i) => v + (i % 7))), cat('c', base.map((v) => (v > 1 ? 'x' : 'y'))));
    const options = { seed: 7, maxColumns: 30, sampleLimit: 100, checkAborted: () => {} };
    const sampled = computeAssociations(frame, profileFrame(frame).columns, options);
    assert.equal(sampled.sampledRows, 100);
    assert.deepEqual(computeAssociations(frame, profileFrame(frame).columns, options).pairs, sampled.pairs);
    const full = computeAssociations(frame, profileFrame(frame).columns, { ...options, sampleLimit: 1000 });
    assert.equal(full.sampledRows, n);
    assert.notDeepEqual(full.pairs, sampled.pairs);
  });

  it('samples 200,000 rows of a larger frame', () => {
    const big = 250_000;
    const x = new Float64Array(big);
    const y = new Float64Array(big);
    for (let i = 0; i < big; i++) {
      x[i] = (i * 7919) % 1000;
      y[i] = x[i] * 2 + (i % 13);
    }
    const frame: Frame = {
      rowCount: big,
      columns: [
        { name: 'x', storage: 'numeric', type: 'float', values: x, format: PLAIN_NUMBER_FORMAT },
        { name: 'y', storage: 'numeric', type: 'float', values: y, format: PLAIN_NUMBER_FORMAT },
      ],
    };
    const profile = profileFrame(frame, { target: 'y' });
    assert.equal(profile.associations.sampledRows, 200_000);
    assert.ok(profile.associations.pairs[0].value > 0.99);
  });
});

describe('cancellation and progress', () => {
  const frame = frameOf(num('a', range(50)), num('b', range(50, (i) => i * i)), cat('c', range(50, (i) => `v${i % 4}`)));

  it('throws CancelledError when the signal is already aborted', () => {
    assert.throws(() => profileFrame(frame, { signal: { aborted: true } }), CancelledError);
  });

  it('stops between columns once the signal aborts', () => {
    const signal = { aborted: false };
    const seen: number[] = [];
    assert.throws(
      () =>
        profileFrame(frame, {
          signal,
          onProgress: (f) => {
            seen.push(f);
            signal.aborted = true;
          },
        }),
      CancelledError,
    );
    assert.equal(seen.length, 1);
  });

  it('reports non-decreasing progress that ends at 1', () => {
    const seen: number[] = [];
    profileFrame(frame, { target: 'a', onProgress: (f) => seen.push(f) });
    assert.ok(seen.length >= 4);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
    assert.ok(seen.every((f) => f >= 0 && f <= 1));
    assert.equal(seen[seen.length - 1], 1);
  });
});
