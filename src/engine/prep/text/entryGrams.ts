/**
 * The word n-grams of a text column's dictionary entries and their murmur3 hashes, computed once
 * per entry and kept with the dictionary. A run fits and applies a text column's hashing in every
 * fold of every trial and of every feature-selection round, always over the same dictionary (row
 * subsets share it), so tokenising and hashing again each time was a seventh of the selection
 * step's time on titanic + 20 noise columns (a name column beside the others).
 */
import { murmur3Utf8 } from './murmur3';
import { forEachNgram, tokenize } from './tokenize';

/** One entry's n-grams (in the order `forEachNgram` visits them) and their hashes. */
export interface EntryGrams {
  readonly grams: readonly string[];
  readonly hashes: Int32Array;
}

/**
 * Most n-grams kept per dictionary and n-gram length: past it, entries are hashed each time
 * (a corpus that large costs more memory kept than hashing saves).
 */
const MAX_CACHED_GRAMS = 2_000_000;

interface DictionaryCache {
  readonly entries: (EntryGrams | undefined)[];
  grams: number;
}

/** Per dictionary (freed with it), per n-gram length. */
const caches = new WeakMap<readonly string[], Map<number, DictionaryCache>>();

function hashGrams(text: string, ngramMax: number): EntryGrams {
  const grams: string[] = [];
  forEachNgram(tokenize(text), ngramMax, (gram) => grams.push(gram));
  return { grams, hashes: Int32Array.from(grams, (gram) => murmur3Utf8(gram)) };
}

/** The n-grams (1 to `ngramMax` words) of `dictionary[code]` and their hashes. */
export function entryGrams(dictionary: readonly string[], code: number, ngramMax: number): EntryGrams {
  let byLength = caches.get(dictionary);
  if (!byLength) caches.set(dictionary, (byLength = new Map()));
  let cache = byLength.get(ngramMax);
  if (!cache) byLength.set(ngramMax, (cache = { entries: [], grams: 0 }));
  const cached = cache.entries[code];
  if (cached) return cached;
  const computed = hashGrams(dictionary[code], ngramMax);
  if (cache.grams + computed.grams.length <= MAX_CACHED_GRAMS) {
    cache.entries[code] = computed;
    cache.grams += computed.grams.length;
  }
  return computed;
}
