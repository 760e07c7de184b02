/**
 * A `Frame` from a Parquet file's column chunks, row group by row group: the I/O layer reads the
 * bytes each chunk spans (`chunkRange`) and hands them over (`addChunk`); nothing else of the file
 * is held. Each readable column decodes into one preallocated typed array (the row count is in
 * the footer), and is finished by the CSV reader's rules (finishParquetColumn.ts). Columns of
 * types the reader does not read (lists, structs, maps, INTERVAL, TIME, binary) are left out and
 * noted in the report; a model that needs one, or a type set for one, is a `DataError`.
 */
import type { ColumnMetaData, Compressors, FileMetaData } from 'hyparquet';
import { CancelledError, DataError } from '../../errors';
import type { BuiltColumn } from '../columnFinish';
import { COLUMN_TYPES, type Column, type ColumnType } from '../frame';
import type { InputField } from '../inputField';
import { MAX_REPORTED_ISSUES, type BadValues, type CsvReadResult, type ParseIssue } from '../readReport';
import { uniqueHeaderNames } from '../sniff';
import { decodeColumnChunk, PageScratch, type ChunkFormat } from './columnChunk';
import { CodeSink, NumberSink } from './columnSinks';
import { finishCodeColumn, finishNumberColumn } from './finishParquetColumn';
import { parquetColumns, type ParquetColumn, type ParquetValueKind } from './parquetColumns';

export interface ParquetFrameOptions {
  /** Column types the user sets, by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** A model's input fields: those columns are read as in training. */
  readonly schema?: readonly InputField[];
  /** Read only the first rows (a peek); every row when absent. */
  readonly maxRows?: number;
  /**
   * Read only these of the readable columns (indices into `readable`, ascending), as one thread
   * of a read split by columns; every readable column when absent.
   */
  readonly only?: readonly number[];
  /** Decompressors by codec besides snappy, which hyparquet has (hyparquet-compressors has them all). */
  readonly compressors: Compressors;
  /** Checked between column chunks. */
  readonly signal?: AbortSignalLike;
}

/** A column the builder reads: where its values go and how they are finished. */
interface ReadColumn {
  readonly source: ParquetColumn;
  readonly value: ParquetValueKind;
  /** The name in the frame (made unique as CSV headers are). */
  readonly name: string;
  readonly sink: NumberSink | CodeSink;
}

/** A byte range of the file, end exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Builds a frame from the column chunks of the file described by `metadata`. */
export class ParquetFrameBuilder {
  /**
   * Every column the reader can read, in file order, whether or not this builder reads it
   * (`only`), with an estimate of its decoding cost: its pages' bytes uncompressed plus 8 per
   * value (a dictionary-encoded column is small in bytes but costs a lookup per row).
   */
  readonly readable: readonly { readonly name: string; readonly type: string; readonly cost: number }[];
  /** The columns this builder reads, in file order; `columns[i]` is what `chunkRange(g, i)` and `addChunk(g, i, …)` mean. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Rows the frame will have. */
  readonly rowCount: number;
  /** Row groups holding those rows. */
  readonly rowGroups: number;
  private readonly reads: readonly ReadColumn[];
  private readonly issues: ParseIssue[] = [];
  private readonly renamed: { index: number; from: string; to: string }[];
  private readonly scratch = new PageScratch();
  /** Rows of the row groups before each one (`groupStarts[g]`), then the total. */
  private readonly groupStarts: number[];

  constructor(
    private readonly metadata: FileMetaData,
    private readonly options: ParquetFrameOptions,
  ) {
    const all = parquetColumns(metadata);
    const { names, renamed } = uniqueHeaderNames(all.map((c) => c.name.trim()));
    this.renamed = renamed;
    this.checkRequests(all, names);
    this.groupStarts = [0];
    for (const group of metadata.row_groups) this.groupStarts.push(this.groupStarts[this.groupStarts.length - 1] + Number(group.num_rows));
    const total = this.groupStarts[this.groupStarts.length - 1];
    this.rowCount = Math.min(total, options.maxRows ?? total);
    this.rowGroups = this.groupStarts.findIndex((start) => start >= this.rowCount);
    const readable: { source: ParquetColumn; value: ParquetValueKind; name: string }[] = [];
    all.forEach((column, j) => {
      if (column.value === undefined) this.leaveOut(names[j], column.type);
      else readable.push({ source: column, value: column.value, name: names[j] });
    });
    this.readable = readable.map(({ source, name }) => ({
      name,
      type: source.type,
      cost: metadata.row_groups.reduce((sum, group) => {
        const meta = group.columns[source.leaf].meta_data;
        return sum + Number(meta?.total_uncompressed_size ?? 0) + 8 * Number(meta?.num_values ?? 0);
      }, 0),
    }));
    const only = options.only ?? readable.map((_, i) => i);
    this.reads = only.map((i) => ({ ...readable[i], sink: this.newSink(readable[i].value) }));
    this.columns = this.reads.map((r) => ({ name: r.name, type: r.source.type }));
  }

  /** The bytes of column `c`'s chunk in row group `group`. */
  chunkRange(group: number, c: number): ByteRange {
    const meta = this.chunkMeta(group, c);
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    return { start, end: start + Number(meta.total_compressed_size) };
  }

  /**
   * Decodes column `c`'s chunk of row group `group` (chunks of a column in row-group order).
   * `complete` false: `bytes` is a prefix of the chunk (a peek) and the result says whether the
   * column has all its rows of that group; when not, the caller reads more and calls again.
   */
  addChunk(group: number, c: number, bytes: Uint8Array, complete = true): boolean {
    if (this.options.signal?.aborted) throw new CancelledError();
    const read = this.reads[c];
    const rowsBefore = this.groupStarts[group];
    if (read.sink.rows < rowsBefore) throw new Error(`column '${read.name}': chunks out of order`);
    // A retry with more bytes of a cut chunk decodes the group's rows again, the same values in
    // the same order: the text entries they added are the ones they will add again.
    read.sink.rows = rowsBefore;
    const meta = this.chunkMeta(group, c);
    const format: ChunkFormat = {
      physical: meta.type,
      typeLength: read.value.family === 'number' || read.value.family === 'date' ? read.value.decoding.typeLength : 0,
      optional: read.source.optional,
      codec: meta.codec,
      compressors: this.options.compressors,
    };
    try {
      decodeColumnChunk(bytes, format, read.sink, this.scratch, complete);
    } catch (error) {
      if (error instanceof DataError || error instanceof CancelledError) throw error;
      throw new DataError(`row group ${group + 1}, column '${read.name}': ${error instanceof Error ? error.message : String(error)}`);
    }
    const expected = Math.min(this.groupStarts[group + 1], this.rowCount);
    if (read.sink.rows === expected) return true;
    if (!complete) return false;
    throw new DataError(`row group ${group + 1}, column '${read.name}' holds ${read.sink.rows - rowsBefore} rows where the row group has ${expected - rowsBefore}`);
  }

  /** The frame and a report (`bytes`: the file's size). */
  finish(bytes: number): CsvReadResult {
    const fields = new Map((this.options.schema ?? []).map((field) => [field.name, field]));
    const columns: Column[] = [];
    const badValues: BadValues[] = [];
    for (const read of this.reads) {
      if (read.sink.rows !== this.rowCount) throw new Error(`column '${read.name}' has ${read.sink.rows} of ${this.rowCount} rows`);
      const request = { name: read.name, forced: this.options.types?.[read.name], field: fields.get(read.name) };
      let built: BuiltColumn | undefined;
      if (read.sink instanceof NumberSink) {
        const days = read.value.family === 'date' && read.value.decoding.multiplier !== 1;
        built = finishNumberColumn(read.sink, read.value.family === 'date', days, request);
      } else {
        built = finishCodeColumn(read.sink, request, read.value.family === 'text' && !read.value.annotated);
        if (built === undefined) {
          if (request.field !== undefined || request.forced !== undefined) {
            throw new DataError(`column '${read.name}' holds binary data (${read.source.type} that is not UTF-8 text), which the reader does not read`);
          }
          this.leaveOut(read.name, `${read.source.type} holding binary data, not UTF-8 text`);
          continue;
        }
      }
      columns.push(built.column);
      if (built.badValues) badValues.push(built.badValues);
    }
    return {
      frame: { rowCount: this.rowCount, columns },
      report: {
        positions: 'row',
        encoding: 'utf-8',
        bytes,
        lines: this.rowCount,
        parseIssues: this.issues.slice(0, MAX_REPORTED_ISSUES),
        parseIssueCount: this.issues.length,
        raggedRows: { count: 0, policy: 'pad', firstLines: [] },
        renamedHeaders: this.renamed,
        badValues,
        blankLines: 0,
      },
    };
  }

  private chunkMeta(group: number, c: number): ColumnMetaData {
    const meta = this.metadata.row_groups[group].columns[this.reads[c].source.leaf].meta_data;
    if (meta === undefined) throw new DataError(`row group ${group + 1} has no metadata for column '${this.reads[c].name}'`);
    return meta;
  }

  private newSink(value: ParquetValueKind): NumberSink | CodeSink {
    switch (value.family) {
      case 'number':
      case 'date':
        return new NumberSink(this.rowCount, value.decoding);
      case 'text':
        return new CodeSink(this.rowCount);
      case 'boolean':
        return new CodeSink(this.rowCount, true);
    }
  }

  private leaveOut(name: string, type: string): void {
    this.issues.push({ line: 1, message: `column '${name}' (${type}) was left out: the reader does not read nested, interval, time-of-day or binary Parquet columns` });
  }

  /** Types set for, and a model's fields, must name columns the reader reads. */
  private checkRequests(all: readonly ParquetColumn[], names: readonly string[]): void {
    const byName = new Map(names.map((name, j) => [name, all[j]]));
    const list = names.map((name) => `'${name}'`).join(', ');
    for (const [name, type] of Object.entries(this.options.types ?? {})) {
      if (!COLUMN_TYPES.includes(type)) throw new DataError(`unknown type '${type}' for column '${name}'; use one of ${COLUMN_TYPES.join(', ')}`);
      const column = byName.get(name);
      if (column === undefined) throw new DataError(`a type was set for column '${name}', which the file does not have (columns: ${list})`);
      if (column.value === undefined) throw new DataError(`a type was set for column '${name}', which holds ${column.type}, a type the reader does not read`);
    }
    const lacking = (this.options.schema ?? []).filter((field) => !byName.has(field.name));
    if (lacking.length > 0) {
      throw new DataError(`the data lacks the column(s) the model needs: ${lacking.map((f) => `'${f.name}'`).join(', ')} (columns: ${list})`);
    }
    for (const field of this.options.schema ?? []) {
      const column = byName.get(field.name);
      if (column?.value === undefined) throw new DataError(`the model needs column '${field.name}', which holds ${column?.type}, a type the reader does not read`);
    }
  }
}
