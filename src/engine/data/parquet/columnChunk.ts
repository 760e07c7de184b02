/**
 * Decodes one column chunk (the pages of one column in one row group) into a `ColumnSink`.
 * hyparquet parses the page headers (Thrift) and decompresses; the values of the common encodings
 * (PLAIN, dictionary, RLE booleans) are decoded here straight from the page bytes into typed
 * arrays, with definition levels as an `Int32Array`. The rarer encodings (delta, byte stream
 * split, ALP) go through hyparquet's decoders.
 */
import type { CompressionCodec, Compressors, DataReader, DecodedArray, PageHeader, ParquetType } from 'hyparquet';
import { alpDecode } from 'hyparquet/src/alp.js';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { deltaBinaryUnpack, deltaByteArray, deltaLengthByteArray } from 'hyparquet/src/delta.js';
import { byteStreamSplit } from 'hyparquet/src/encoding.js';
import type { ColumnSink } from './columnSinks';
import { decodeHybrid, decodeLevels } from './hybridDecoder';

/** What decoding a column chunk needs to know besides its bytes. */
export interface ChunkFormat {
  readonly physical: ParquetType;
  readonly typeLength: number;
  /** OPTIONAL columns' pages carry definition levels. */
  readonly optional: boolean;
  readonly codec: CompressionCodec;
  readonly compressors: Compressors;
}

/** Scratch arrays reused from page to page (levels and indices are consumed at once). */
export class PageScratch {
  defs = new Int32Array(4096);
  indices = new Int32Array(4096);

  ensure(size: number): void {
    if (this.defs.length < size) {
      this.defs = new Int32Array(size);
      this.indices = new Int32Array(size);
    }
  }
}

/**
 * Decodes the pages in `bytes` into `sink` until the sink is full or the bytes end. With
 * `complete` false, `bytes` may be a prefix of the chunk: a page it cuts off ends decoding
 * (the caller reads more when the sink is not full yet). Throws `RangeError` for corrupt pages.
 */
export function decodeColumnChunk(bytes: Uint8Array, format: ChunkFormat, sink: ColumnSink, scratch: PageScratch, complete = true): void {
  const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  while (sink.rows < sink.capacity && reader.offset < bytes.length) {
    let header: PageHeader;
    try {
      header = parquetHeader(reader);
    } catch (error) {
      if (!complete) return;
      throw new RangeError(`a page header is cut off or corrupt (${error instanceof Error ? error.message : String(error)})`);
    }
    const start = reader.offset;
    const end = start + header.compressed_page_size;
    if (!(end <= bytes.length)) {
      if (!complete) return;
      throw new RangeError(`a page of ${header.compressed_page_size} bytes runs past the end of its column chunk`);
    }
    reader.offset = end;
    decodePage(header, bytes.subarray(start, end), format, sink, scratch);
  }
}

function decodePage(header: PageHeader, compressed: Uint8Array, format: ChunkFormat, sink: ColumnSink, scratch: PageScratch): void {
  switch (header.type) {
    case 'DICTIONARY_PAGE': {
      const count = header.dictionary_page_header?.num_values ?? 0;
      const page = decompress(compressed, header.uncompressed_page_size, format);
      sink.setDictionary(page, 0, page.length, count);
      return;
    }
    case 'DATA_PAGE': {
      const daph = header.data_page_header;
      if (daph === undefined) throw new RangeError('a data page has no header');
      const page = decompress(compressed, header.uncompressed_page_size, format);
      const n = daph.num_values;
      scratch.ensure(n);
      let pos = 0;
      let present = n;
      // Definition levels only where some value is missing: the fast paths take none.
      let defs: Int32Array | undefined;
      if (format.optional) {
        // Version 1 pages prefix their RLE levels with their byte length.
        pos = 4 + readUint32(page, 0);
        present = decodeLevels(page, 4, pos, scratch.defs, n);
        if (present < n) defs = scratch.defs;
      }
      decodeValues(daph.encoding, page, pos, present, defs, n, format, sink, scratch);
      return;
    }
    case 'DATA_PAGE_V2': {
      const daph = header.data_page_header_v2;
      if (daph === undefined) throw new RangeError('a data page has no header');
      const n = daph.num_values;
      scratch.ensure(n);
      const levelBytes = daph.repetition_levels_byte_length + daph.definition_levels_byte_length;
      let present = n;
      let defs: Int32Array | undefined;
      if (format.optional) {
        // Version 2 levels are never compressed and carry no length prefix.
        present = decodeLevels(compressed, daph.repetition_levels_byte_length, levelBytes, scratch.defs, n);
        if (present < n) defs = scratch.defs;
      }
      let values = compressed.subarray(levelBytes);
      const size = header.uncompressed_page_size - levelBytes;
      if (daph.is_compressed !== false && size > 0) values = decompress(values, size, format);
      decodeValues(daph.encoding, values, 0, present, defs, n, format, sink, scratch);
      return;
    }
    default:
      // Index pages (and any future kind) hold no values.
      return;
  }
}

function decodeValues(
  encoding: string,
  page: Uint8Array,
  pos: number,
  present: number,
  defs: Int32Array | undefined,
  n: number,
  format: ChunkFormat,
  sink: ColumnSink,
  scratch: PageScratch,
): void {
  switch (encoding) {
    case 'PLAIN':
      sink.plain(page, pos, page.length, present, defs, n);
      return;
    case 'PLAIN_DICTIONARY':
    case 'RLE_DICTIONARY':
      if (present > 0) decodeHybrid(page, pos + 1, page.length, page[pos], scratch.indices, present);
      sink.indexed(scratch.indices, defs, n);
      return;
    case 'RLE':
      // Booleans: bits in runs, prefixed with their byte length.
      if (present > 0) decodeHybrid(page, pos + 4, pos + 4 + readUint32(page, pos), 1, scratch.indices, present);
      sink.indexed(scratch.indices, defs, n);
      return;
    default:
      sink.decoded(decodeRare(encoding, page, pos, present, format), defs, n);
  }
}

/** Values of the rarer encodings, decoded by hyparquet. */
function decodeRare(encoding: string, page: Uint8Array, pos: number, present: number, format: ChunkFormat): DecodedArray {
  const reader: DataReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: pos };
  switch (encoding) {
    case 'DELTA_BINARY_PACKED': {
      const out = format.physical === 'INT32' ? new Int32Array(present) : new BigInt64Array(present);
      if (present > 0) deltaBinaryUnpack(reader, present, out);
      return out;
    }
    case 'DELTA_LENGTH_BYTE_ARRAY': {
      const out = new Array<Uint8Array>(present);
      deltaLengthByteArray(reader, present, out);
      return out;
    }
    case 'DELTA_BYTE_ARRAY': {
      const out = new Array<Uint8Array>(present);
      deltaByteArray(reader, present, out);
      return out;
    }
    case 'BYTE_STREAM_SPLIT':
      return byteStreamSplit(reader, present, format.physical, format.typeLength);
    case 'ALP':
      return alpDecode(reader, present, format.physical);
    default:
      throw new RangeError(`the ${encoding} encoding is not supported`);
  }
}

function decompress(compressed: Uint8Array, size: number, format: ChunkFormat): Uint8Array {
  try {
    return decompressPage(compressed, size, format.codec, format.compressors);
  } catch (error) {
    throw new RangeError(`a ${format.codec.toLowerCase()} page does not decompress (${error instanceof Error ? error.message : String(error)})`);
  }
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
}
