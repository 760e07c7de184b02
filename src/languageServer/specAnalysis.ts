/**
 * One spec document read once per version: what the spec says (the engine's checker), where each
 * key and value is, and the data source it names resolved against the document's folder.
 */
import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type Document } from 'yaml';
import { isFileSource, type SourceSpec } from '../engine/data/sourceSpec';
import { checkSchema, pathKey, type KeyPath, type Location } from '../engine/spec/checkSchema';
import { parseSpecText, type ParsedSpec } from '../engine/spec/parseSpec';
import { SPEC_SCHEMA } from '../engine/spec/specSchema';
import { LineMap, type Range } from '../engine/spec/textPosition';
import { resolveSpecSource } from '../node/specFiles';

/** A spec document, analysed. */
export interface SpecAnalysis {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineMap;
  readonly yaml: Document;
  readonly parsed: ParsedSpec;
  /** The source with a relative file path made absolute (undefined when the spec has none, or it cannot be resolved). */
  readonly source?: SourceSpec;
  /** Where the key and the value at `path` are. */
  locate(path: KeyPath): Location | undefined;
}

/** The folder of a `file:` URI, else undefined (an untitled document has none). */
export function folderOfUri(uri: string): string | undefined {
  return uri.startsWith('file:') ? dirname(fileURLToPath(uri)) : undefined;
}

/** The path of a `file:` URI, else undefined. */
export function pathOfUri(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** Analyses the text of the spec document `uri`. */
export function analyzeSpec(uri: string, text: string): SpecAnalysis {
  const lines = new LineMap(text);
  const parsed = parseSpecText(text);
  const yaml = parseDocument(text, { prettyErrors: false });
  // The checker's own locations (its diagnostics are already in `parsed`).
  const locations = yaml.contents === null ? new Map<string, Location>() : checkSchema(yaml, SPEC_SCHEMA, lines, []).locations;
  const folder = folderOfUri(uri);
  let source = parsed.spec.source;
  if (source !== undefined) {
    if (folder !== undefined) source = resolveSpecSource(source, folder);
    else if (isFileSource(source) && !isAbsolute(source.path)) source = undefined;
  }
  return {
    uri,
    text,
    lines,
    yaml,
    parsed,
    ...(source === undefined ? {} : { source }),
    locate: (path) => locations.get(pathKey(path)),
  };
}

/** The range of the value at `path`, or of its key, or undefined. */
export function valueRange(analysis: SpecAnalysis, path: KeyPath): Range | undefined {
  const location = analysis.locate(path);
  return location?.value ?? location?.key;
}
