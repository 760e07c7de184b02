import type { CodesView } from '../columnCodes';
import type { FeatureDef, TextHashing } from '../featureDefs';
import { entryGrams } from './entryGrams';
import { bucketOf } from './murmur3';

export type TextTfidfDef = Extract<FeatureDef, { kind: 'textTfidf' }>;

/** Representative n-grams kept per bucket (for explanations). */
const TERMS_PER_BUCKET = 3;
/**
 * Distinct n-grams tracked for `terms`: the vocabulary of bigrams grows with the corpus, so past
 * this many the n-grams first seen later are not tracked (those tracked keep counting).
 */
const MAX_TRACKED_TERMS = 100_000;

/** Hashing settings before fitting (`TextHashing` without the fitted document count). */
export type HashingSettings = Omit<TextHashing, 'documents' | 'keep'> & {
  /** N-grams in fewer training rows than this are ignored (1: none). */
  readonly minRows?: number;
};

/** The dictionary entries some rows use, each with its row count. */
interface EntrySlots {
  /** Slot of each dictionary code, or -1 when no selected row uses it. */
  readonly slotOfCode: Int32Array;
  readonly codeOfSlot: readonly number[];
  /** Selected rows per slot. */
  readonly rowsOfSlot: Float64Array;
}

function entrySlots(view: CodesView): EntrySlots {
  const { codes, dictionary } = view;
  const slotOfCode = new Int32Array(dictionary.length).fill(-1);
  const codeOfSlot: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) continue;
    let slot = slotOfCode[code];
    if (slot < 0) {
      slot = codeOfSlot.length;
      slotOfCode[code] = slot;
      codeOfSlot.push(code);
      rows.push(0);
    }
    rows[slot]++;
  }
  return { slotOfCode, codeOfSlot, rowsOfSlot: Float64Array.from(rows) };
}

/**
 * Hashed n-gram counts of each used entry, hashed once however many rows share it: slot `s` holds
 * buckets `bucket[offset[s] .. offset[s+1])` with their (signed) counts; buckets whose count
 * cancels to 0 are left out.
 */
interface HashedEntries {
  readonly offset: Int32Array;
  readonly bucket: Int32Array;
  readonly count: Float64Array;
}

function hashEntries(
  dictionary: readonly string[],
  slots: EntrySlots,
  settings: Omit<HashingSettings, 'minRows'>,
  keep?: ReadonlySet<number>,
  onGram?: (gram: string, bucket: number, slot: number, hash: number) => void,
): HashedEntries {
  const { buckets, ngramMax, alternateSign } = settings;
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`text buckets must be a positive integer, not ${buckets}`);
  if (!Number.isInteger(ngramMax) || ngramMax < 1) throw new RangeError(`text n-gram length must be a positive integer, not ${ngramMax}`);
  const { codeOfSlot } = slots;
  const offset = new Int32Array(codeOfSlot.length + 1);
  const bucketList: number[] = [];
  const countList: number[] = [];
  const scratch = new Float64Array(buckets);
  const touched: number[] = [];
  for (let slot = 0; slot < codeOfSlot.length; slot++) {
    const { grams, hashes } = entryGrams(dictionary, codeOfSlot[slot], ngramMax);
    for (let g = 0; g < hashes.length; g++) {
      const hash = hashes[g];
      if (keep && !keep.has(hash)) continue;
      const b = bucketOf(hash, buckets);
      if (scratch[b] === 0) touched.push(b);
      scratch[b] += alternateSign && hash < 0 ? -1 : 1;
      onGram?.(grams[g], b, slot, hash);
    }
    for (const b of touched) {
      if (scratch[b] !== 0) {
        bucketList.push(b);
        countList.push(scratch[b]);
      }
      scratch[b] = 0;
    }
    touched.length = 0;
    offset[slot + 1] = bucketList.length;
  }
  return { offset, bucket: Int32Array.from(bucketList), count: Float64Array.from(countList) };
}

/**
 * Fits hashed word n-gram TF-IDF features of a text column on the rows of `view`, as
 * scikit-learn's `HashingVectorizer(norm=None)` + `TfidfTransformer()` would: counts per bucket
 * of murmur3 hashes, idf = ln((1 + n) / (1 + df)) + 1 with n training rows (missing text counts as
 * an empty document) and df the rows whose text hits the bucket, rows L2-normalised. Buckets no
 * training row hits are dropped (their idf is still implied by `documents` for the norm of new
 * rows). Returns one definition per kept bucket, in bucket order; empty when no row has a word.
 */
export function fitHashingTfidf(source: string, view: CodesView, settings: HashingSettings): TextTfidfDef[] {
  const n = view.codes.length;
  const slots = entrySlots(view);
  const { rowsOfSlot } = slots;
  const { minRows = 1, ...hashingSettings } = settings;
  // Rows per distinct n-gram hash (counted once per entry that holds it), for the minimum.
  let keep: Set<number> | undefined;
  if (minRows > 1) {
    const rowsOfHash = new Map<number, number>();
    const lastSlotOfHash = new Map<number, number>();
    hashEntries(view.dictionary, slots, hashingSettings, undefined, (_gram, _bucket, slot, hash) => {
      if (lastSlotOfHash.get(hash) === slot) return;
      lastSlotOfHash.set(hash, slot);
      rowsOfHash.set(hash, (rowsOfHash.get(hash) ?? 0) + rowsOfSlot[slot]);
    });
    keep = new Set([...rowsOfHash].filter(([, rows]) => rows >= minRows).map(([hash]) => hash));
  }
  // Rows per distinct n-gram (counted once per entry that holds it), for the representative terms.
  const terms = new Map<string, { bucket: number; rows: number; slot: number }>();
  const { offset, bucket } = hashEntries(view.dictionary, slots, hashingSettings, keep, (gram, b, slot) => {
    let term = terms.get(gram);
    if (!term) {
      if (terms.size >= MAX_TRACKED_TERMS) return;
      term = { bucket: b, rows: 0, slot: -1 };
      terms.set(gram, term);
    }
    if (term.slot !== slot) {
      term.slot = slot;
      term.rows += rowsOfSlot[slot];
    }
  });

  const { buckets } = settings;
  const df = new Float64Array(buckets);
  for (let slot = 0; slot < rowsOfSlot.length; slot++) {
    for (let k = offset[slot]; k < offset[slot + 1]; k++) df[bucket[k]] += rowsOfSlot[slot];
  }

  const top: { term: string; rows: number }[][] = Array.from({ length: buckets }, () => []);
  for (const [gram, { bucket: b, rows }] of terms) {
    const list = top[b];
    if (list.length === TERMS_PER_BUCKET && !better(rows, gram, list[list.length - 1])) continue;
    list.push({ term: gram, rows });
    list.sort((x, y) => y.rows - x.rows || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
    if (list.length > TERMS_PER_BUCKET) list.pop();
  }

  const hashing: TextHashing = { ...hashingSettings, documents: n, ...(keep ? { keep: [...keep].sort((a, b) => a - b) } : {}) };
  const defs: TextTfidfDef[] = [];
  for (let b = 0; b < buckets; b++) {
    if (df[b] === 0) continue;
    defs.push({
      kind: 'textTfidf',
      name: `${source}.tfidf${b}`,
      source,
      bucket: b,
      idf: Math.log((1 + n) / (1 + df[b])) + 1,
      hashing,
      terms: top[b].map((t) => t.term),
    });
  }
  return defs;
}

function better(rows: number, term: string, than: { term: string; rows: number }): boolean {
  return rows > than.rows || (rows === than.rows && term < than.term);
}

/**
 * The TF-IDF features `defs` (all of one text column, as fitted) for the rows of `view`, one
 * array per definition. Each distinct text is tokenised, hashed and normalised once.
 */
export function applyHashingTfidf(defs: readonly TextTfidfDef[], view: CodesView): Float64Array[] {
  const n = view.codes.length;
  const out = defs.map(() => new Float64Array(n));
  if (defs.length === 0) return out;
  const { buckets, documents, ngramMax, alternateSign, keep } = defs[0].hashing;
  // Buckets dropped in fitting had df = 0: their idf still weighs in a new row's norm, as scikit-learn's would.
  const idf = new Float64Array(buckets).fill(Math.log(1 + documents) + 1);
  const columnOfBucket = new Int32Array(buckets).fill(-1);
  defs.forEach((def, j) => {
    if (def.hashing.buckets !== buckets || def.bucket < 0 || def.bucket >= buckets) {
      throw new RangeError(`text feature '${def.name}' does not match the hashing of '${defs[0].name}'`);
    }
    idf[def.bucket] = def.idf;
    columnOfBucket[def.bucket] = j;
  });
  const slots = entrySlots(view);
  const { slotOfCode } = slots;
  const { offset, bucket, count } = hashEntries(view.dictionary, slots, { buckets, ngramMax, alternateSign }, keep ? new Set(keep) : undefined);
  const weight = new Float64Array(count.length);
  for (let slot = 0; slot + 1 < offset.length; slot++) {
    let sq = 0;
    for (let k = offset[slot]; k < offset[slot + 1]; k++) {
      weight[k] = count[k] * idf[bucket[k]];
      sq += weight[k] * weight[k];
    }
    const norm = Math.sqrt(sq);
    if (norm > 0) for (let k = offset[slot]; k < offset[slot + 1]; k++) weight[k] /= norm;
  }
  const codes = view.codes;
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    if (code < 0) continue;
    const slot = slotOfCode[code];
    for (let k = offset[slot]; k < offset[slot + 1]; k++) {
      const j = columnOfBucket[bucket[k]];
      if (j >= 0) out[j][i] = weight[k];
    }
  }
  return out;
}
