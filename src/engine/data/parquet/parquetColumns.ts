/**
 * Which top-level columns of a Parquet file the reader reads, and how their stored values become
 * ours: numbers (integers of any width, floats, decimals), dates and timestamps (epoch ms), text,
 * booleans. Nested columns (lists, maps, structs), INTERVAL, TIME, FLOAT16, UUID and binary data
 * are left out, each with its type described for the report.
 */
import type { FileMetaData, ParquetType, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetSchema } from 'hyparquet/src/metadata.js';

/** How a column's physical values become numbers (epoch milliseconds for dates). */
export interface NumberDecoding {
  readonly physical: ParquetType;
  /** UINT_32 / UINT_64: the bits read unsigned. */
  readonly unsigned: boolean;
  /** Stored value over this: 10^scale for decimals, 1000 or 1e6 for µs and ns timestamps, else 1. */
  readonly divisor: number;
  /** Timestamps keep whole milliseconds (as the CSV reader does): the quotient is rounded. */
  readonly round: boolean;
  /** Stored value times this: 86,400,000 for DATE (days), else 1. */
  readonly multiplier: number;
  /** Bytes per value of a FIXED_LEN_BYTE_ARRAY (decimals), else 0. */
  readonly typeLength: number;
}

/** What a readable column holds. */
export type ParquetValueKind =
  | { readonly family: 'number'; readonly decoding: NumberDecoding }
  | { readonly family: 'date'; readonly decoding: NumberDecoding }
  /** `annotated`: a STRING/UTF8, ENUM or JSON annotation says it is text; a bare BYTE_ARRAY is read as text only if it is UTF-8. */
  | { readonly family: 'text'; readonly annotated: boolean }
  | { readonly family: 'boolean' };

/** A top-level column of a Parquet file. */
export interface ParquetColumn {
  /** The name in the file. */
  readonly name: string;
  /** Its type as people read it: `INT64 (TIMESTAMP, MICROS)`, `a list`, … */
  readonly type: string;
  /** How its values are read; undefined when the column is left out. */
  readonly value: ParquetValueKind | undefined;
  /** Index of its column chunk within a row group (leaf columns only). */
  readonly leaf: number;
  /** OPTIONAL: pages carry definition levels (0 = missing, 1 = present). */
  readonly optional: boolean;
}

/** Every top-level column of the file described by `metadata`, in schema order. */
export function parquetColumns(metadata: FileMetaData): ParquetColumn[] {
  const root = parquetSchema(metadata);
  const columns: ParquetColumn[] = [];
  let leaf = 0;
  for (const child of root.children) {
    const nested = child.children.length > 0 || child.element.repetition_type === 'REPEATED';
    const value = nested ? undefined : valueKind(child.element);
    columns.push({
      name: child.element.name,
      type: nested ? nestedType(child) : primitiveType(child.element),
      value,
      leaf,
      optional: child.element.repetition_type === 'OPTIONAL',
    });
    leaf += leafCount(child);
  }
  return columns;
}

function leafCount(tree: SchemaTree): number {
  return tree.children.length === 0 ? 1 : tree.children.reduce((sum, child) => sum + leafCount(child), 0);
}

function nestedType(tree: SchemaTree): string {
  const { element } = tree;
  if (element.converted_type === 'LIST' || element.logical_type?.type === 'LIST' || element.repetition_type === 'REPEATED') return 'a list';
  if (element.converted_type === 'MAP' || element.converted_type === 'MAP_KEY_VALUE' || element.logical_type?.type === 'MAP') return 'a map';
  if (element.logical_type?.type === 'VARIANT') return 'a variant';
  return 'a struct';
}

/** `INT64 (TIMESTAMP, MICROS)`, `FIXED_LEN_BYTE_ARRAY (INTERVAL)`, `BYTE_ARRAY`. */
function primitiveType(element: SchemaElement): string {
  const logical = element.logical_type;
  let annotation: string | undefined = element.converted_type;
  if (logical !== undefined) {
    annotation = logical.type;
    if (logical.type === 'TIMESTAMP' || logical.type === 'TIME') annotation += `, ${logical.unit}`;
    else if (logical.type === 'DECIMAL') annotation += `(${logical.precision}, ${logical.scale})`;
    else if (logical.type === 'INTEGER') annotation += `(${logical.bitWidth}, ${logical.isSigned ? 'signed' : 'unsigned'})`;
  }
  return annotation === undefined ? String(element.type) : `${element.type} (${annotation})`;
}

const PLAIN: Omit<NumberDecoding, 'physical' | 'typeLength'> = { unsigned: false, divisor: 1, round: false, multiplier: 1 };

/** How a primitive column's values are read, or undefined for a type left out. */
function valueKind(element: SchemaElement): ParquetValueKind | undefined {
  const physical = element.type;
  if (physical === undefined) return undefined;
  const logical = element.logical_type;
  const converted = element.converted_type;
  const typeLength = element.type_length ?? 0;
  const number = (decoding: Partial<NumberDecoding> = {}): ParquetValueKind => ({ family: 'number', decoding: { ...PLAIN, physical, typeLength, ...decoding } });
  const date = (decoding: Partial<NumberDecoding>): ParquetValueKind => ({ family: 'date', decoding: { ...PLAIN, physical, typeLength, ...decoding } });

  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') {
    const scale = logical?.type === 'DECIMAL' ? logical.scale : (element.scale ?? 0);
    const stored = physical === 'INT32' || physical === 'INT64' || physical === 'FIXED_LEN_BYTE_ARRAY' || physical === 'BYTE_ARRAY';
    return stored ? number({ divisor: 10 ** scale }) : undefined;
  }
  if (logical?.type === 'TIMESTAMP') {
    if (physical !== 'INT64') return undefined;
    return date({ divisor: logical.unit === 'MILLIS' ? 1 : logical.unit === 'MICROS' ? 1000 : 1e6, round: logical.unit !== 'MILLIS' });
  }
  if (converted === 'TIMESTAMP_MILLIS') return physical === 'INT64' ? date({}) : undefined;
  if (converted === 'TIMESTAMP_MICROS') return physical === 'INT64' ? date({ divisor: 1000, round: true }) : undefined;
  if (logical?.type === 'DATE' || converted === 'DATE') return physical === 'INT32' ? date({ multiplier: 86_400_000 }) : undefined;
  if (logical?.type === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS' || converted === 'INTERVAL') return undefined;
  switch (physical) {
    case 'BOOLEAN':
      return { family: 'boolean' };
    case 'INT32':
    case 'INT64': {
      const unsigned =
        converted === 'UINT_32' || converted === 'UINT_64' || (logical?.type === 'INTEGER' && !logical.isSigned && logical.bitWidth >= 32);
      return number({ unsigned });
    }
    case 'INT96':
      // Impala's and Spark's legacy timestamps: nanoseconds of the day and a Julian day.
      return date({});
    case 'FLOAT':
    case 'DOUBLE':
      return number();
    case 'BYTE_ARRAY': {
      if (logical?.type === 'STRING' || logical?.type === 'ENUM' || logical?.type === 'JSON' || converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON') {
        return { family: 'text', annotated: true };
      }
      // BSON, geometries and other annotated binary stay out; a bare BYTE_ARRAY is often text.
      return logical === undefined && converted === undefined ? { family: 'text', annotated: false } : undefined;
    }
    default:
      return undefined;
  }
}
