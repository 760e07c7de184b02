/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of a string, as a signed 32-bit integer: the same
 * value as scikit-learn's `murmurhash3_32(s, seed)` (whose `HashingVectorizer` uses seed 0). The
 * UTF-8 bytes are produced on the fly, so hashing allocates nothing. Lone surrogates hash as
 * U+FFFD, as `TextEncoder` writes them.
 */
export function murmur3Utf8(text: string, seed = 0): number {
  let h = seed | 0;
  let block = 0;
  let length = 0;
  const add = (byte: number): void => {
    block |= byte << ((length & 3) << 3);
    length++;
    if ((length & 3) === 0) {
      h ^= mixBlock(block);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      block = 0;
    }
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) {
      add(cp);
    } else if (cp < 0x800) {
      add(0xc0 | (cp >> 6));
      add(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      add(0xe0 | (cp >> 12));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    } else {
      add(0xf0 | (cp >> 18));
      add(0x80 | ((cp >> 12) & 0x3f));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    }
  }
  if ((length & 3) !== 0) h ^= mixBlock(block);
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function mixBlock(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

/**
 * The bucket of a hash among `buckets`, and its sign, exactly as scikit-learn's
 * `FeatureHasher`/`HashingVectorizer` (`abs(h) % n`, with abs(-2^31) taken as 2^31).
 */
export function bucketOf(hash: number, buckets: number): number {
  return hash === -2147483648 ? 2147483648 % buckets : Math.abs(hash) % buckets;
}
