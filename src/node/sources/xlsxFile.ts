/**
 * What an .xlsx file holds besides its cells: its sheets (names in workbook order, where each is
 * stored) and a sheet's merged cells, read from the ZIP parts directly. It also tells apart the
 * files that are no workbook: a password-protected workbook (an OLE file holding an encrypted
 * package), a legacy .xls, a truncated or damaged archive.
 */
import type { FileHandle } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import type { CellRange } from '../../engine/data/sheetTable';
import { DataError } from '../../engine/errors';
import { openDataFile } from '../openDataFile';
import { readZipEntries, readZipEntry, streamZipEntry, ZipFormatError, type ZipEntry } from './zipArchive';

/** A sheet of a workbook. */
export interface SheetInfo {
  readonly name: string;
  /** Its 0-based place in the workbook. */
  readonly index: number;
  /** Its part in the archive, e.g. `xl/worksheets/sheet1.xml`. */
  readonly path: string;
  readonly hidden: boolean;
}

/** An open workbook file; `close` when done. */
export interface XlsxFile {
  readonly path: string;
  readonly bytes: number;
  readonly sheets: readonly SheetInfo[];
  /** The merged cell ranges of a sheet (1-based rows and columns). */
  merges(sheet: SheetInfo): Promise<CellRange[]>;
  /** A part's whole content (`xl/styles.xml`), or undefined when the workbook has none. */
  part(path: string): Promise<Buffer | undefined>;
  /** A part's content as it inflates (a sheet's XML, which can be large). */
  stream(path: string): AsyncGenerator<Buffer>;
  /** A part's size once inflated (0 when the workbook has no such part). */
  partBytes(path: string): number;
  close(): Promise<void>;
}

/** The first bytes of an OLE compound file: what Office writes for an encrypted workbook and for .xls. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The stream an encrypted Office document keeps its package in, as an OLE directory names it (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
/** How much of each end of an OLE file is searched for that name (its directory is small and near one end). */
const OLE_SEARCH_BYTES = 1 << 20;
const MERGE_TAG = Buffer.from('<mergeCell ');

/** Opens `path` as a workbook; a `DataError` naming the file when it is none. */
export async function openXlsxFile(path: string): Promise<XlsxFile> {
  const name = basename(path);
  const { handle, size } = await openDataFile(path, 'an Excel workbook');
  try {
    if (size === 0) throw new DataError(`${name} is empty (0 bytes), not an Excel workbook`);
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    if (head.equals(OLE_MAGIC)) throw new DataError(await describeOleFile(handle, size, name));
    const entries = await readZipEntries(handle, size);
    const sheets = await readSheets(handle, entries, name);
    return {
      path,
      bytes: size,
      sheets,
      merges: async (sheet) => {
        const entry = entries.get(sheet.path);
        try {
          return entry === undefined ? [] : await readMerges(handle, entry);
        } catch (error) {
          throw unreadable(error, name);
        }
      },
      part: async (path) => {
        const entry = entries.get(path);
        try {
          return entry === undefined ? undefined : await readZipEntry(handle, entry);
        } catch (error) {
          throw unreadable(error, name);
        }
      },
      async *stream(path) {
        const entry = entries.get(path);
        if (entry === undefined) throw new DataError(`${name} is not a readable .xlsx workbook: it lacks its part ${path}`);
        try {
          yield* streamZipEntry(handle, entry);
        } catch (error) {
          throw unreadable(error, name);
        }
      },
      partBytes: (path) => entries.get(path)?.bytes ?? 0,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw unreadable(error, name);
  }
}

/** A broken archive's error as the user sees it, naming the file; other errors as they are. */
function unreadable(error: unknown, name: string): unknown {
  return error instanceof ZipFormatError ? new DataError(`${name} is not a readable .xlsx workbook: ${error.message}`) : error;
}

/** Why an OLE file is no .xlsx: encrypted with a password, or a legacy .xls (or another Office file). */
async function describeOleFile(handle: FileHandle, size: number, name: string): Promise<string> {
  const ends = [0, Math.max(0, size - OLE_SEARCH_BYTES)];
  for (const start of ends) {
    const length = Math.min(OLE_SEARCH_BYTES, size - start);
    const part = Buffer.alloc(length);
    await handle.read(part, 0, length, start);
    if (part.includes(ENCRYPTED_PACKAGE)) {
      return `${name} is password-protected (encrypted): open it in Excel or LibreOffice and save it without a password, then read that copy`;
    }
  }
  return `${name} is not an .xlsx workbook but an older Office file (Excel 97-2003 .xls?): save it as .xlsx (Excel Workbook) and read that`;
}

/** The sheets in workbook order, each with its part, from `xl/workbook.xml` and its relationships. */
async function readSheets(handle: FileHandle, entries: ReadonlyMap<string, ZipEntry>, name: string): Promise<SheetInfo[]> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook === undefined || rels === undefined) throw new DataError(`${name} is a ZIP archive but not an Excel workbook (it has no xl/workbook.xml)`);
  const targets = new Map<string, string>();
  for (const tag of (await readZipEntry(handle, rels)).toString('utf8').match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, target.startsWith('/') ? target.slice(1) : posix.normalize(`xl/${target}`));
  }
  const sheets: SheetInfo[] = [];
  for (const tag of (await readZipEntry(handle, workbook)).toString('utf8').match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const sheetName = attribute(tag, 'name');
    const id = /\br:id="([^"]*)"|\b\w+:id="([^"]*)"/.exec(tag);
    const path = id ? targets.get(id[1] ?? id[2]) : undefined;
    if (sheetName === undefined || path === undefined) continue;
    sheets.push({ name: sheetName, index: sheets.length, path, hidden: /\bstate="(hidden|veryHidden)"/.test(tag) });
  }
  return sheets;
}

/**
 * A sheet's merged ranges: `<mergeCell ref="A1:C1"/>` elements, which follow the cells in the
 * sheet's XML, so the whole part is inflated (on zlib's thread pool, beside the cell reader).
 */
async function readMerges(handle: FileHandle, entry: ZipEntry): Promise<CellRange[]> {
  const ranges: CellRange[] = [];
  let carry = Buffer.alloc(0);
  for await (const chunk of streamZipEntry(handle, entry)) {
    // A tag may straddle two chunks: what could be its start is carried into the next.
    const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let from = 0;
    for (;;) {
      const at = text.indexOf(MERGE_TAG, from);
      if (at < 0) {
        carry = Buffer.from(text.subarray(Math.max(from, text.length - MERGE_TAG.length)));
        break;
      }
      const end = text.indexOf('>', at);
      if (end < 0) {
        carry = Buffer.from(text.subarray(at));
        break;
      }
      const range = parseRange(attribute(text.toString('latin1', at, end + 1), 'ref'));
      if (range) ranges.push(range);
      from = end + 1;
    }
  }
  return ranges;
}

/** `B2:D3` as 1-based rows and columns; undefined when not a range. */
export function parseRange(ref: string | undefined): CellRange | undefined {
  const match = ref === undefined ? null : /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!match) return undefined;
  return { top: Number(match[2]), left: columnNumber(match[1]), bottom: Number(match[4]), right: columnNumber(match[3]) };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n;
}

/** An XML attribute's value, entities decoded. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeXml(match[1]) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] as string;
  });
}
