/**
 * A seeded sample of a source's rows, drawn in the database so only the sample travels. Each row
 * is numbered in scan order and ranked by a hash of its number and the seed (`hashint8extended`,
 * PostgreSQL 11+): the same seed picks the same rows of the same data, and the rows come back in
 * their original order. Stratified by a column, each of its values keeps its share of the sample
 * (at least one row); rows where that column is missing are left out (a model cannot learn from them).
 *
 * When the number of rows is known, a hash threshold first keeps a few more rows than the sample
 * needs, so only those are ranked (and converted, in the profile): the rows with the smallest
 * hashes are the same, unless fewer than needed passed, which the caller sees from the count.
 */

/** Which rows to draw. */
export interface SampleSql {
  /** Rows to draw, about (stratified quotas are rounded). */
  readonly rows: number;
  readonly seed: number;
  /** An SQL expression (over the relation's columns) to stratify by: NULL where missing. */
  readonly stratifyBy?: string;
  /**
   * The relation's row count, when known (not used when stratified): only rows whose hash passes
   * a threshold are then ranked. If the draw gives fewer than `rows` rows, draw again without it.
   */
  readonly total?: number;
}

/**
 * A SELECT of `outputs` (SQL over the columns of `relation`, a FROM item such as
 * `relationOf` gives) for about `sample.rows` of its rows, in scan order. Run it through a cursor
 * (never a parallel plan), or row numbers would not follow the scan.
 */
export function sampleSql(relation: string, outputs: readonly string[], sample: SampleSql): string {
  const list = outputs.length === 0 ? 'NULL' : outputs.join(', ');
  if (sample.stratifyBy === undefined) return `SELECT ${list} FROM ${pickedRowsSql(relation, sample)} AS picked ORDER BY automl_rn`;
  const rows = Math.max(0, Math.floor(sample.rows));
  const rank = `hashint8extended(automl_rn, ${Math.trunc(sample.seed)}), automl_rn`;
  return (
    `SELECT ${list} FROM (SELECT numbered.*, ` +
    `row_number() OVER (PARTITION BY automl_y ORDER BY ${rank}) AS automl_k, ` +
    `count(*) OVER (PARTITION BY automl_y) AS automl_nc, count(*) OVER () AS automl_n ` +
    `FROM (SELECT src.*, row_number() OVER () AS automl_rn, ${sample.stratifyBy} AS automl_y FROM ${relation}) numbered ` +
    'WHERE automl_y IS NOT NULL) ranked ' +
    `WHERE automl_k <= greatest(1, round(automl_nc::float8 * ${rows} / automl_n)) ORDER BY automl_rn`
  );
}

/**
 * The rows a sample without strata picks, as a subquery (to alias) with the relation's columns
 * and `automl_rn`, their number in scan order. With `total`, only rows whose hash lies below a
 * threshold are ranked: it keeps about `rows + 8√rows + 64` of the `total` rows, eight standard
 * deviations more than needed.
 */
export function pickedRowsSql(relation: string, sample: Omit<SampleSql, 'stratifyBy'>): string {
  const rows = Math.max(0, Math.floor(sample.rows));
  const hash = `hashint8extended(automl_rn, ${Math.trunc(sample.seed)})`;
  const kept = Math.ceil(rows + 8 * Math.sqrt(rows) + 64);
  const total = sample.total === undefined ? undefined : Math.floor(sample.total);
  // Hashes spread over the whole int8 range: the share kept/total of it lies below the threshold.
  const threshold = total === undefined || kept >= total ? undefined : -(2n ** 63n) + (2n ** 64n * BigInt(kept)) / BigInt(total);
  return (
    `(SELECT * FROM (SELECT src.*, row_number() OVER () AS automl_rn FROM ${relation}) numbered ` +
    `${threshold === undefined ? '' : `WHERE ${hash} < '${threshold}'::int8 `}ORDER BY ${hash}, automl_rn LIMIT ${rows})`
  );
}
