/**
 * The FROM item every query of the pushdown profile reads: each source column's value as the
 * reader reads it computed once per row, in layers that build on each other: `v<j>` (a number
 * or datetime column's float8) or `e<j>` (a text column's entry), then `p<j>` (the entry unless
 * it is a missing token), then `n<j>` (a text column's parsed number or date, once classified).
 * `OFFSET 0` keeps the planner from copying an expression into every aggregate that uses it.
 */
import { columnClassOf, entrySql, presentSql, valueSql, type ColumnClass } from './columnTypes';

/** A source column as the profile sees it. */
export interface SourceColumn {
  readonly name: string;
  /** Its name in the source relation (`c0`, …). */
  readonly alias: string;
  readonly oid: number;
  readonly kind: ColumnClass;
}

/** The source's columns, typed from their PostgreSQL types. */
export function sourceColumns(fields: readonly { readonly dataTypeID: number }[], names: readonly string[], alias: (j: number) => string): SourceColumn[] {
  return fields.map((field, j) => ({ name: names[j], alias: alias(j), oid: field.dataTypeID, kind: columnClassOf(field.dataTypeID) }));
}

export class ProfileRelation {
  /**
   * @param relation The source as a FROM item whose columns are the `alias`es of `columns`.
   * @param kept Further columns of `relation` passed through every layer.
   */
  constructor(
    readonly relation: string,
    private readonly columns: readonly SourceColumn[],
    private readonly kept: readonly string[] = [],
    private readonly parsed = new Map<number, string>(),
  ) {}

  /** The same columns, parsed values included, read from `relation` (with the same aliases and `kept`). */
  over(relation: string, kept: readonly string[]): ProfileRelation {
    return new ProfileRelation(relation, this.columns, kept, this.parsed);
  }

  /** Column `j`'s value (number and datetime columns) or entry (text columns). */
  static first(column: SourceColumn, j: number): string {
    return column.kind === 'text' ? `e${j}` : `v${j}`;
  }

  /** Text column `j`'s present entry (NULL for missing tokens). */
  static present(j: number): string {
    return `p${j}`;
  }

  /** Gives text column `j` the parsed value `sqlOf(p<j>)`; returns its name, `n<j>`. */
  parse(j: number, sqlOf: (present: string) => string): string {
    this.parsed.set(j, sqlOf(ProfileRelation.present(j)));
    return `n${j}`;
  }

  /** The FROM item (aliased `src`), with `automl_rn` numbering the rows in scan order when asked. */
  from(rowNumbers = false): string {
    const first = this.columns.map((c, j) => `${c.kind === 'text' ? entrySql(c.alias) : valueSql(c.alias, c.oid)} AS ${ProfileRelation.first(c, j)}`);
    const present = this.columns.flatMap((c, j) => (c.kind === 'text' ? [`${presentSql(`e${j}`)} AS ${ProfileRelation.present(j)}`] : []));
    const parsed = [...this.parsed].map(([j, sql]) => `${sql} AS n${j}`);
    const layer1 = `(SELECT ${[...first, ...this.kept].join(', ') || 'NULL AS none'} FROM ${this.relation} OFFSET 0) AS l1`;
    const layer2 = `(SELECT ${['l1.*', ...present].join(', ')} FROM ${layer1} OFFSET 0) AS l2`;
    const layer3 = `(SELECT ${[...(rowNumbers ? ['row_number() OVER () AS automl_rn'] : []), 'l2.*', ...parsed].join(', ')} FROM ${layer2} OFFSET 0)`;
    return `${layer3} AS src`;
  }
}
