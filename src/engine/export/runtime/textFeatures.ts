/**
 * The exported module's hashed TF-IDF features of one free-text column, the one-row form of
 * `applyHashingTfidf` (prep/text/hashingTfidf.ts): lower-cased Unicode word tokens
 * (text/tokenize.ts), word n-grams, MurmurHash3 of their UTF-8 bytes (text/murmur3.ts), the
 * fitted `keep` filter, signed or plain counts per bucket, times idf, L2-normalised over every
 * bucket the row hits.
 *
 * The norm spans buckets without a feature too (dropped in fitting, or not among the given
 * definitions): like the engine, they weigh with the idf of a bucket no training row hit,
 * ln(1 + documents) + 1. The arithmetic runs in the engine's order (buckets in the order the row
 * first touches them), so values are bit-identical to the engine's.
 */
import type { TextTfidfDef } from '../../prep/text/hashingTfidf';
import { docComment, integerKind, numberLiteral, wrapItems, type TypedArrayKind } from '../sourceText';

/**
 * Source of the declarations (every name starting with `prefix`) and of the function
 * `(text: string | null) => Float64Array` named by `name`: for one cell's text (`null` when the
 * cell is missing; the caller maps missing tokens such as `NA` to `null`, as the reader does),
 * the values of `defs` in their order. `defs` are the `textTfidf` definitions of one source
 * column, as `applyFeaturePlan` groups them. Throws `RangeError` for definitions the engine would
 * refuse (buckets that do not match the first definition's hashing).
 */
export function textFeaturesCode(defs: readonly TextTfidfDef[], prefix: string): { name: string; code: string } {
  const name = `${prefix}features`;
  if (defs.length === 0) {
    const code = [
      docComment(['No text features: an empty vector.']),
      `function ${name}(_text: string | null): Float64Array {`,
      '  return new Float64Array(0);',
      '}',
    ].join('\n');
    return { name, code };
  }
  const { buckets, documents, ngramMax, alternateSign, keep } = defs[0].hashing;
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`text buckets must be a positive integer, not ${buckets}`);
  if (!Number.isInteger(ngramMax) || ngramMax < 1) throw new RangeError(`text n-gram length must be a positive integer, not ${ngramMax}`);
  for (const def of defs) {
    if (def.hashing.buckets !== buckets || def.bucket < 0 || def.bucket >= buckets || !Number.isInteger(def.bucket)) {
      throw new RangeError(`text feature '${def.name}' does not match the hashing of '${defs[0].name}'`);
    }
  }
  const source = defs[0].source;
  const bucketOfDef = defs.map((d) => d.bucket);
  const code = [
    docComment([
      `Hashed TF-IDF of text column ${JSON.stringify(source)}:`,
      `${buckets} buckets of word n-grams of 1 to ${ngramMax} words${alternateSign ? ' (signed counts)' : ''}, idf fitted on ${documents} rows.`,
      `Feature j is bucket \`${prefix}bucket[j]\` with idf \`${prefix}idf[j]\`.`,
    ]),
    typedArrayConst(`const ${prefix}bucket`, integerKind(bucketOfDef), bucketOfDef),
    typedArrayConst(`const ${prefix}idf`, 'Float64Array', defs.map((d) => d.idf)),
    '',
    docComment(['Feature index of each bucket with a feature (the last definition wins, as in the engine).']),
    `const ${prefix}featureOfBucket: ReadonlyMap<number, number> = new Map(`,
    `  Array.from(${prefix}bucket, (b, j): [number, number] => [b, j]),`,
    ');',
    docComment(['Idf of a bucket no training row hit: ln(1 + documents) + 1.']),
    `const ${prefix}unseenIdf = ${numberLiteral(Math.log(1 + documents) + 1)};`,
    ...(keep === undefined
      ? []
      : [
          '',
          docComment(['Hashes of the n-grams counted (those in enough training rows).']),
          typedArrayConst(`const ${prefix}keepHashes`, integerKind(keep), keep),
          `const ${prefix}keep: ReadonlySet<number> = new Set(${prefix}keepHashes);`,
        ]),
    '',
    docComment(['Word tokens: maximal runs of Unicode letters and digits (of the lower-cased text).']),
    `const ${prefix}token = /[\\p{L}\\p{N}]+/gu;`,
    '',
    murmurCode(prefix),
    '',
    docComment([
      `The TF-IDF features of one text of column ${JSON.stringify(source)}, in the model's feature order:`,
      'all 0 when the text is missing (`null`) or has no counted word.',
    ]),
    `function ${name}(text: string | null): Float64Array {`,
    `  const out = new Float64Array(${defs.length});`,
    '  if (text === null) return out;',
    `  const tokens: string[] = text.toLowerCase().match(${prefix}token) ?? [];`,
    '  // Signed counts per bucket, and buckets in the order first touched (again after cancelling to 0).',
    '  const counts = new Map<number, number>();',
    '  const touched: number[] = [];',
    '  const count = (gram: string): void => {',
    `    const hash = ${prefix}murmur3(gram);`,
    ...(keep === undefined ? [] : [`    if (!${prefix}keep.has(hash)) return;`]),
    `    const b = hash === -2147483648 ? 2147483648 % ${buckets} : Math.abs(hash) % ${buckets};`,
    '    const c = counts.get(b) ?? 0;',
    '    if (c === 0) touched.push(b);',
    `    counts.set(b, c + ${alternateSign ? '(hash < 0 ? -1 : 1)' : '1'});`,
    '  };',
    '  for (const token of tokens) count(token);',
    ...(ngramMax > 1
      ? [
          `  for (let size = 2; size <= ${ngramMax}; size++) {`,
          "    for (let i = 0; i + size <= tokens.length; i++) count(tokens.slice(i, i + size).join(' '));",
          '  }',
        ]
      : []),
    '  const hit: number[] = [];',
    '  const weight: number[] = [];',
    '  let sq = 0;',
    '  for (const b of touched) {',
    '    const c = counts.get(b) ?? 0;',
    '    if (c === 0) continue;',
    `    const j = ${prefix}featureOfBucket.get(b) ?? -1;`,
    `    const w = c * (j >= 0 ? ${prefix}idf[j] : ${prefix}unseenIdf);`,
    '    hit.push(j);',
    '    weight.push(w);',
    '    sq += w * w;',
    '    counts.set(b, 0);',
    '  }',
    '  const norm = Math.sqrt(sq);',
    '  for (let k = 0; k < hit.length; k++) {',
    '    if (hit[k] >= 0) out[hit[k]] = norm > 0 ? weight[k] / norm : weight[k];',
    '  }',
    '  return out;',
    '}',
  ].join('\n');
  return { name, code };
}

/**
 * `HEAD = new KIND([…]);` on one line when it fits in 100 characters, else with the values on
 * wrapped lines of their own (`typedArray` wraps on the values' length alone).
 */
function typedArrayConst(head: string, kind: TypedArrayKind, values: ArrayLike<number>): string {
  const inner = wrapItems(Array.from(values, numberLiteral), '');
  const line = `${head} = new ${kind}([${inner}]);`;
  if (inner.startsWith('\n') || line.length <= 100) return line;
  return `${head} = new ${kind}([\n  ${inner}\n]);`;
}

/** MurmurHash3 x86 32-bit (seed 0) of a string's UTF-8 bytes, written as it goes (text/murmur3.ts). */
function murmurCode(prefix: string): string {
  return [
    docComment([
      "MurmurHash3 (x86, 32-bit, seed 0) of a text's UTF-8 bytes as a signed integer, as",
      "scikit-learn's murmurhash3_32. Lone surrogates count as U+FFFD.",
    ]),
    `function ${prefix}murmur3(text: string): number {`,
    '  let h = 0;',
    '  let block = 0;',
    '  let length = 0;',
    '  const mix = (k: number): number => {',
    '    k = Math.imul(k, 0xcc9e2d51);',
    '    k = (k << 15) | (k >>> 17);',
    '    return Math.imul(k, 0x1b873593);',
    '  };',
    '  const add = (byte: number): void => {',
    '    block |= byte << ((length & 3) << 3);',
    '    length++;',
    '    if ((length & 3) === 0) {',
    '      h ^= mix(block);',
    '      h = (h << 13) | (h >>> 19);',
    '      h = (Math.imul(h, 5) + 0xe6546b64) | 0;',
    '      block = 0;',
    '    }',
    '  };',
    '  for (let i = 0; i < text.length; i++) {',
    '    let cp = text.charCodeAt(i);',
    '    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {',
    '      const lo = text.charCodeAt(i + 1);',
    '      if (lo >= 0xdc00 && lo <= 0xdfff) {',
    '        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);',
    '        i++;',
    '      }',
    '    }',
    '    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;',
    '    if (cp < 0x80) {',
    '      add(cp);',
    '    } else if (cp < 0x800) {',
    '      add(0xc0 | (cp >> 6));',
    '      add(0x80 | (cp & 0x3f));',
    '    } else if (cp < 0x10000) {',
    '      add(0xe0 | (cp >> 12));',
    '      add(0x80 | ((cp >> 6) & 0x3f));',
    '      add(0x80 | (cp & 0x3f));',
    '    } else {',
    '      add(0xf0 | (cp >> 18));',
    '      add(0x80 | ((cp >> 12) & 0x3f));',
    '      add(0x80 | ((cp >> 6) & 0x3f));',
    '      add(0x80 | (cp & 0x3f));',
    '    }',
    '  }',
    '  if ((length & 3) !== 0) h ^= mix(block);',
    '  h ^= length;',
    '  h ^= h >>> 16;',
    '  h = Math.imul(h, 0x85ebca6b);',
    '  h ^= h >>> 13;',
    '  h = Math.imul(h, 0xc2b2ae35);',
    '  h ^= h >>> 16;',
    '  return h | 0;',
    '}',
  ].join('\n');
}
