/**
 * Exact k-nearest-neighbour search over a row-major `Float64Array`: a k-d tree for few features,
 * a blocked brute force otherwise. Both return the same neighbours: the k smallest by
 * (distance, training index), so ties are broken deterministically towards the earlier row.
 */

/** Distance between rows: Euclidean (L2) or Manhattan (L1). */
export type Metric = 'euclidean' | 'manhattan';

/** How neighbours are searched; both give identical results. */
export type SearchAlgorithm = 'kdTree' | 'brute';

/** The k nearest training rows of each query row, nearest first. */
export interface Neighbors {
  /** Neighbours per query row (the requested k, clipped to the training rows). */
  readonly k: number;
  /** Training row indices, `rows × k`, row-major; sorted by (distance, index) within a row. */
  readonly indices: Int32Array;
  /** Distances in the metric's units (not squared), aligned with `indices`. */
  readonly distances: Float64Array;
}

/** A searchable set of training rows. */
export interface NeighborIndex {
  readonly algorithm: SearchAlgorithm;
  /** The k nearest training rows of each row of `queries` (row-major, `rows × features`). */
  query(queries: Float64Array, rows: number, k: number): Neighbors;
}

/**
 * Up to this many features `'auto'` builds a k-d tree. How well a tree prunes depends on the
 * data's intrinsic dimension, not the column count: on 50k rows it scanned 8% of the rows per
 * query with 8 independent features, 36% with 12 (break-even with brute force) and 74% with 16,
 * but under 1% for 16 columns spanning a 3-dimensional subspace. So the tree is built up to 16
 * features and falls back to brute force when a probe shows it scanning too much
 * (`TREE_SCAN_LIMIT`).
 */
export const KD_TREE_MAX_FEATURES = 16;

/** Rows per k-d tree leaf: scanning a leaf is cheap, visiting a node is not. */
const LEAF_SIZE = 32;

/** Query rows an adaptive tree searches before deciding whether brute force would be faster. */
const PROBE_ROWS = 64;

/**
 * Above this share of training rows compared per query, an adaptive tree hands the remaining
 * queries to brute force, whose blocked scan costs less per row than a tree's leaf scans and
 * node visits (measured: see the learner's closing note).
 */
const TREE_SCAN_LIMIT = 0.3;

/**
 * Bounded max-heaps of (reduced distance, index) pairs, one per slot, `k` entries each, packed
 * into two typed arrays. The root is the current worst neighbour, so a candidate enters only if
 * it beats the root.
 */
class NeighborHeaps {
  readonly dist: Float64Array;
  readonly index: Int32Array;
  readonly size: Int32Array;

  constructor(
    slots: number,
    readonly k: number,
  ) {
    this.dist = new Float64Array(slots * k);
    this.index = new Int32Array(slots * k);
    this.size = new Int32Array(slots);
  }

  reset(): void {
    this.size.fill(0);
  }

  /** The worst kept distance of a slot; `Infinity` until the slot holds k entries. */
  worst(slot: number): number {
    return this.size[slot] < this.k ? Infinity : this.dist[slot * this.k];
  }

  /**
   * Offers a candidate; it enters if the heap is not full or it is better than the root, where
   * better means a smaller distance, or an equal distance and a smaller index.
   */
  push(slot: number, d: number, i: number): void {
    const k = this.k;
    const base = slot * k;
    const dist = this.dist;
    const index = this.index;
    let n = this.size[slot];
    if (n < k) {
      // Sift up from the new leaf.
      let child = n;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        const pd = dist[base + parent];
        if (pd > d || (pd === d && index[base + parent] > i)) break;
        dist[base + child] = pd;
        index[base + child] = index[base + parent];
        child = parent;
      }
      dist[base + child] = d;
      index[base + child] = i;
      this.size[slot] = n + 1;
      return;
    }
    const rd = dist[base];
    if (d > rd || (d === rd && i >= index[base])) return;
    // Replace the root and sift down.
    n = k;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const cd = dist[base + child];
        const rdd = dist[base + right];
        if (rdd > cd || (rdd === cd && index[base + right] > index[base + child])) child = right;
      }
      const cd = dist[base + child];
      if (cd > d || (cd === d && index[base + child] > i)) {
        dist[base + parent] = cd;
        index[base + parent] = index[base + child];
        parent = child;
      } else break;
    }
    dist[base + parent] = d;
    index[base + parent] = i;
  }

  /**
   * Writes a slot's entries sorted by (distance, index) to `outIndex`/`outDist` at `offset`,
   * converting reduced distances to true ones; empties the slot.
   */
  drain(slot: number, outIndex: Int32Array, outDist: Float64Array, offset: number, metric: Metric): void {
    const base = slot * this.k;
    // Popping the max k times fills the output from the back: ascending order.
    for (let n = this.size[slot]; n > 0; n--) {
      const d = this.dist[base];
      const i = this.index[base];
      outIndex[offset + n - 1] = i;
      outDist[offset + n - 1] = metric === 'euclidean' ? Math.sqrt(d) : d;
      const lastD = this.dist[base + n - 1];
      const lastI = this.index[base + n - 1];
      this.size[slot] = n - 1;
      if (n - 1 > 0) {
        // Sift the last entry down from the root in a heap of n - 1 entries.
        const m = n - 1;
        let parent = 0;
        for (;;) {
          let child = 2 * parent + 1;
          if (child >= m) break;
          const right = child + 1;
          if (right < m) {
            const cd = this.dist[base + child];
            const rdd = this.dist[base + right];
            if (rdd > cd || (rdd === cd && this.index[base + right] > this.index[base + child])) child = right;
          }
          const cd = this.dist[base + child];
          if (cd > lastD || (cd === lastD && this.index[base + child] > lastI)) {
            this.dist[base + parent] = cd;
            this.index[base + parent] = this.index[base + child];
            parent = child;
          } else break;
        }
        this.dist[base + parent] = lastD;
        this.index[base + parent] = lastI;
      }
    }
    this.size[slot] = 0;
  }
}

function checkQuery(queries: Float64Array, rows: number, features: number, k: number): void {
  if (queries.length !== rows * features) {
    throw new RangeError(`expected ${rows} query rows of ${features} features (${rows * features} values), got ${queries.length}`);
  }
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/**
 * Brute force: every query row against every training row, in blocks so that a block of
 * training rows stays in cache while a block of query rows is scanned against it. Distances are
 * computed directly (not through |a|² − 2a·b + |b|², which is faster but inexact), so they match
 * the tree's and scikit-learn's tree distances bit for bit.
 */
export class BruteForceIndex implements NeighborIndex {
  readonly algorithm = 'brute';

  constructor(
    private readonly data: Float64Array,
    private readonly rows: number,
    private readonly features: number,
    private readonly metric: Metric,
  ) {}

  query(queries: Float64Array, rows: number, kRequested: number): Neighbors {
    const d = this.features;
    checkQuery(queries, rows, d, kRequested);
    const k = Math.min(kRequested, this.rows);
    const indices = new Int32Array(rows * k);
    const distances = new Float64Array(rows * k);
    const queryBlock = 32;
    // ~256 KB of training rows per block: fits a typical L2 cache next to the query block.
    const trainBlock = Math.max(16, Math.floor(32768 / Math.max(1, d)));
    const heaps = new NeighborHeaps(queryBlock, k);
    const euclidean = this.metric === 'euclidean';
    for (let q0 = 0; q0 < rows; q0 += queryBlock) {
      const q1 = Math.min(rows, q0 + queryBlock);
      heaps.reset();
      for (let t0 = 0; t0 < this.rows; t0 += trainBlock) {
        const t1 = Math.min(this.rows, t0 + trainBlock);
        let q = q0;
        // Four query rows share each load of a training row: about twice as fast in V8.
        for (; q + 4 <= q1; q += 4) scanFour(queries, q * d, d, this.data, t0, t1, heaps, q - q0, euclidean);
        for (; q < q1; q++) scanOne(queries, q * d, d, this.data, t0, t1, heaps, q - q0, euclidean);
      }
      for (let q = q0; q < q1; q++) heaps.drain(q - q0, indices, distances, q * k, this.metric);
    }
    return { k, indices, distances };
  }
}

/**
 * Offers training rows `[t0, t1)` to one query row's heap. Partial distances only grow, so once
 * past the worst kept neighbour the row is out; checking every 8 features keeps the loop tight.
 * Training rows arrive in index order, so an equal distance never beats a kept one.
 */
function scanOne(
  queries: Float64Array,
  qOff: number,
  d: number,
  data: Float64Array,
  t0: number,
  t1: number,
  heaps: NeighborHeaps,
  slot: number,
  euclidean: boolean,
): void {
  let worst = heaps.worst(slot);
  for (let t = t0; t < t1; t++) {
    const tOff = t * d;
    let s = 0;
    let f = 0;
    while (f < d) {
      const end = f + 8 < d ? f + 8 : d;
      if (euclidean) {
        for (; f < end; f++) {
          const diff = queries[qOff + f] - data[tOff + f];
          s += diff * diff;
        }
      } else {
        for (; f < end; f++) s += Math.abs(queries[qOff + f] - data[tOff + f]);
      }
      if (s > worst) break;
    }
    if (s < worst) {
      heaps.push(slot, s, t);
      worst = heaps.worst(slot);
    }
  }
}

/**
 * `scanOne` for four consecutive query rows at once (heap slots `slot..slot+3`). Each distance
 * is still summed feature by feature in order, so results equal `scanOne`'s bit for bit.
 */
function scanFour(
  queries: Float64Array,
  qOff: number,
  d: number,
  data: Float64Array,
  t0: number,
  t1: number,
  heaps: NeighborHeaps,
  slot: number,
  euclidean: boolean,
): void {
  const o1 = qOff + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let w0 = heaps.worst(slot);
  let w1 = heaps.worst(slot + 1);
  let w2 = heaps.worst(slot + 2);
  let w3 = heaps.worst(slot + 3);
  for (let t = t0; t < t1; t++) {
    const tOff = t * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let f = 0;
    while (f < d) {
      const end = f + 8 < d ? f + 8 : d;
      if (euclidean) {
        for (; f < end; f++) {
          const v = data[tOff + f];
          const e0 = queries[qOff + f] - v;
          const e1 = queries[o1 + f] - v;
          const e2 = queries[o2 + f] - v;
          const e3 = queries[o3 + f] - v;
          s0 += e0 * e0;
          s1 += e1 * e1;
          s2 += e2 * e2;
          s3 += e3 * e3;
        }
      } else {
        for (; f < end; f++) {
          const v = data[tOff + f];
          s0 += Math.abs(queries[qOff + f] - v);
          s1 += Math.abs(queries[o1 + f] - v);
          s2 += Math.abs(queries[o2 + f] - v);
          s3 += Math.abs(queries[o3 + f] - v);
        }
      }
      if (s0 > w0 && s1 > w1 && s2 > w2 && s3 > w3) break;
    }
    if (s0 < w0) {
      heaps.push(slot, s0, t);
      w0 = heaps.worst(slot);
    }
    if (s1 < w1) {
      heaps.push(slot + 1, s1, t);
      w1 = heaps.worst(slot + 1);
    }
    if (s2 < w2) {
      heaps.push(slot + 2, s2, t);
      w2 = heaps.worst(slot + 2);
    }
    if (s3 < w3) {
      heaps.push(slot + 3, s3, t);
      w3 = heaps.worst(slot + 3);
    }
  }
}

/**
 * A k-d tree in sklearn's layout: a complete binary tree in arrays (children of node `i` at
 * `2i + 1`, `2i + 2`), every split at the median of the widest dimension, all leaves at the same
 * depth, each node with its bounding box. The rows are copied in tree order so that a leaf scan
 * reads contiguous memory.
 */
export class KdTreeIndex implements NeighborIndex {
  readonly algorithm = 'kdTree';
  /** Training rows in tree order (row-major). */
  private readonly ordered: Float64Array;
  /** Original training index of each tree-order row. */
  private readonly perm: Int32Array;
  private readonly nodeBegin: Int32Array;
  private readonly nodeEnd: Int32Array;
  /** Bounding boxes: `lower`/`upper` bound of node `i`, feature `f` at `i * features + f`. */
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly nodes: number;
  private readonly levels: number;
  /** The training rows in their original order, for the brute-force fallback. */
  private readonly source: Float64Array;

  /**
   * Builds the tree over `rows × features` values of `data` (kept by reference for the
   * fallback, not copied or changed). `checkAbort` is called before each node's split, so a
   * cancelled fit stops within one partition. With `adaptive`, `query` probes the first
   * `PROBE_ROWS` query rows and hands the rest to brute force if the tree scanned more than
   * `TREE_SCAN_LIMIT` of the training rows per query.
   */
  constructor(
    data: Float64Array,
    private readonly rows: number,
    private readonly features: number,
    private readonly metric: Metric,
    checkAbort: () => void = () => {},
    private readonly adaptive = false,
  ) {
    this.source = data;
    const d = features;
    this.levels = 1 + Math.floor(Math.log2(Math.max(1, (rows - 1) / LEAF_SIZE)));
    this.nodes = 2 ** this.levels - 1;
    this.nodeBegin = new Int32Array(this.nodes);
    this.nodeEnd = new Int32Array(this.nodes);
    this.lower = new Float64Array(this.nodes * d);
    this.upper = new Float64Array(this.nodes * d);
    const perm = new Int32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    this.perm = perm;
    const firstLeaf = (this.nodes - 1) >> 1;
    // Nodes in index order: a parent always precedes its children, so no recursion is needed.
    this.nodeBegin[0] = 0;
    this.nodeEnd[0] = rows;
    for (let node = 0; node < this.nodes; node++) {
      const begin = this.nodeBegin[node];
      const end = this.nodeEnd[node];
      const lo = this.lower;
      const hi = this.upper;
      const b = node * d;
      boundingBox(perm, begin, end, data, d, lo, hi, b);
      if (node >= firstLeaf) continue;
      checkAbort();
      let split = 0;
      let spread = -1;
      for (let f = 0; f < d; f++) {
        if (hi[b + f] - lo[b + f] > spread) {
          spread = hi[b + f] - lo[b + f];
          split = f;
        }
      }
      const mid = begin + ((end - begin) >> 1);
      selectNth(perm, begin, end, mid, data, d, split);
      this.nodeBegin[2 * node + 1] = begin;
      this.nodeEnd[2 * node + 1] = mid;
      this.nodeBegin[2 * node + 2] = mid;
      this.nodeEnd[2 * node + 2] = end;
    }
    this.ordered = reorderRows(data, perm, d);
  }

  /** Smallest reduced distance from query row `qOff` to node's box. */
  private boxDistance(node: number, queries: Float64Array, qOff: number): number {
    const d = this.features;
    const b = node * d;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let f = 0; f < d; f++) {
        const v = queries[qOff + f];
        const gap = v < this.lower[b + f] ? this.lower[b + f] - v : v > this.upper[b + f] ? v - this.upper[b + f] : 0;
        s += gap * gap;
      }
    } else {
      for (let f = 0; f < d; f++) {
        const v = queries[qOff + f];
        s += v < this.lower[b + f] ? this.lower[b + f] - v : v > this.upper[b + f] ? v - this.upper[b + f] : 0;
      }
    }
    return s;
  }

  query(queries: Float64Array, rows: number, kRequested: number): Neighbors {
    const d = this.features;
    checkQuery(queries, rows, d, kRequested);
    const k = Math.min(kRequested, this.rows);
    const indices = new Int32Array(rows * k);
    const distances = new Float64Array(rows * k);
    let done = 0;
    if (this.adaptive && rows >= 2 * PROBE_ROWS) {
      // Both searches find the same neighbours, so switching changes speed only, never results.
      const scanned = this.search(queries, 0, PROBE_ROWS, k, indices, distances);
      done = PROBE_ROWS;
      if (scanned > PROBE_ROWS * this.rows * TREE_SCAN_LIMIT) {
        const rest = new BruteForceIndex(this.source, this.rows, d, this.metric).query(queries.subarray(done * d), rows - done, k);
        indices.set(rest.indices, done * k);
        distances.set(rest.distances, done * k);
        return { k, indices, distances };
      }
    }
    this.search(queries, done, rows, k, indices, distances);
    return { k, indices, distances };
  }

  /**
   * Searches query rows `[from, to)`, writing `k` neighbours per row at `row * k`; returns how
   * many training rows were compared (the tree's work, for the adaptive switch).
   */
  private search(queries: Float64Array, from: number, to: number, k: number, indices: Int32Array, distances: Float64Array): number {
    const d = this.features;
    const heaps = new NeighborHeaps(1, k);
    let scanned = 0;
    // Depth-first: each level pushes at most two nodes, one of which is popped next.
    const stackNode = new Int32Array(2 * this.levels + 2);
    const stackBound = new Float64Array(2 * this.levels + 2);
    const firstLeaf = (this.nodes - 1) >> 1;
    const data = this.ordered;
    const perm = this.perm;
    const euclidean = this.metric === 'euclidean';
    for (let q = from; q < to; q++) {
      const qOff = q * d;
      stackNode[0] = 0;
      stackBound[0] = this.boxDistance(0, queries, qOff);
      let top = 1;
      while (top > 0) {
        top--;
        const node = stackNode[top];
        // Prune only on a strictly larger bound: an equal one may hide a tie with a smaller index.
        if (stackBound[top] > heaps.worst(0)) continue;
        if (node >= firstLeaf) {
          let worst = heaps.worst(0);
          const begin = this.nodeBegin[node];
          const end = this.nodeEnd[node];
          scanned += end - begin;
          for (let p = begin; p < end; p++) {
            const tOff = p * d;
            let s = 0;
            if (euclidean) {
              for (let f = 0; f < d; f++) {
                const diff = queries[qOff + f] - data[tOff + f];
                s += diff * diff;
              }
            } else {
              for (let f = 0; f < d; f++) s += Math.abs(queries[qOff + f] - data[tOff + f]);
            }
            if (s <= worst) {
              heaps.push(0, s, perm[p]);
              worst = heaps.worst(0);
            }
          }
          continue;
        }
        const left = 2 * node + 1;
        const right = left + 1;
        const leftBound = this.boxDistance(left, queries, qOff);
        const rightBound = this.boxDistance(right, queries, qOff);
        const worst = heaps.worst(0);
        // Push the farther child first so the nearer one is searched first and tightens the bound.
        const leftFirst = leftBound <= rightBound;
        const farBound = leftFirst ? rightBound : leftBound;
        const nearBound = leftFirst ? leftBound : rightBound;
        if (farBound <= worst) {
          stackNode[top] = leftFirst ? right : left;
          stackBound[top++] = farBound;
        }
        if (nearBound <= worst) {
          stackNode[top] = leftFirst ? left : right;
          stackBound[top++] = nearBound;
        }
      }
      heaps.drain(0, indices, distances, q * k, this.metric);
    }
    return scanned;
  }
}

/** Rows of `data` in the order of `perm`. */
function reorderRows(data: Float64Array, perm: Int32Array, d: number): Float64Array {
  const out = new Float64Array(perm.length * d);
  for (let p = 0; p < perm.length; p++) {
    const from = perm[p] * d;
    const to = p * d;
    for (let f = 0; f < d; f++) out[to + f] = data[from + f];
  }
  return out;
}

/**
 * Writes the bounding box of rows `perm[begin..end)` to `lo`/`hi` at offset `b` (a hot loop,
 * kept out of the constructor so that V8 optimises it).
 */
function boundingBox(perm: Int32Array, begin: number, end: number, data: Float64Array, d: number, lo: Float64Array, hi: Float64Array, b: number): void {
  lo.fill(Infinity, b, b + d);
  hi.fill(-Infinity, b, b + d);
  for (let p = begin; p < end; p++) {
    const off = perm[p] * d;
    for (let f = 0; f < d; f++) {
      const v = data[off + f];
      if (v < lo[b + f]) lo[b + f] = v;
      if (v > hi[b + f]) hi[b + f] = v;
    }
  }
}

/**
 * Rearranges `perm[begin..end)` so that position `nth` holds the row that would be there if the
 * range were sorted by (feature value, row index), smaller ones before it and larger after
 * (quickselect with a median-of-three pivot; the index tie-break keeps it deterministic and
 * linear on runs of equal values).
 */
function selectNth(perm: Int32Array, begin: number, end: number, nth: number, data: Float64Array, d: number, f: number): void {
  const less = (a: number, b: number): boolean => {
    const va = data[a * d + f];
    const vb = data[b * d + f];
    return va < vb || (va === vb && a < b);
  };
  const swap = (i: number, j: number): void => {
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  };
  let lo = begin;
  let hi = end - 1;
  while (hi > lo) {
    const m = lo + ((hi - lo) >> 1);
    // Median of three into position `hi` as the pivot.
    if (less(perm[m], perm[lo])) swap(m, lo);
    if (less(perm[hi], perm[lo])) swap(hi, lo);
    if (less(perm[m], perm[hi])) swap(m, hi);
    const pivot = perm[hi];
    let store = lo;
    for (let i = lo; i < hi; i++) {
      if (less(perm[i], pivot)) swap(i, store++);
    }
    swap(store, hi);
    if (store === nth) return;
    if (store < nth) lo = store + 1;
    else hi = store - 1;
  }
}

/**
 * The index to use: with `'auto'`, an adaptive k-d tree up to `KD_TREE_MAX_FEATURES` features
 * (and more rows than one leaf holds), brute force otherwise; `'kdTree'` and `'brute'` force one
 * (the tree then never falls back). `checkAbort` is called between steps of the tree build.
 */
export function buildIndex(
  data: Float64Array,
  rows: number,
  features: number,
  metric: Metric,
  algorithm: 'auto' | SearchAlgorithm,
  checkAbort?: () => void,
): NeighborIndex {
  // Without features every distance is 0 and a tree has nothing to split on.
  const useTree =
    features > 0 && (algorithm === 'kdTree' || (algorithm === 'auto' && features <= KD_TREE_MAX_FEATURES && rows > LEAF_SIZE));
  if (!useTree) return new BruteForceIndex(data, rows, features, metric);
  return new KdTreeIndex(data, rows, features, metric, checkAbort, algorithm === 'auto');
}
