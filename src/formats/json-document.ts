import { WiredeskError, type Position } from '../errors.js';
import type { ItemFailure } from '../model/parsed-story.js';
import type { Rendition } from '../model/article.generated.js';
import type { ParseInput } from './format.js';
import { jsonTooDeepError, type Sniff } from '../pipeline/sniff.js';
import { jsonNestsDeeper } from '../text/json-depth.js';
import { lineColumn } from '../xml/xml-tree.js';

/**
 * What the JSON wire formats (ninjs, AP Media API, dpa digitalwires) share: reading the document
 * once, coded errors that name the format and the line/column, and reading the items of a
 * multi-item document one by one so that a broken or truncated item does not sink the others.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string value, trimmed; null for anything else or an empty string. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** The first of `keys` that holds a string (formats spell one field several ways). */
export function firstStr(o: JsonObject, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = str(o[k]);
    if (v !== null) return v;
  }
  return null;
}

/**
 * The first of `keys` that holds a JSON string: for identifiers, which every JSON wire schema types
 * as strings (ninjs `uri`, `guid`), so a number there is a broken item, not an id.
 */
export function firstId(o: JsonObject, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return null;
}

/** An array field, or the values of an object field (ninjs 1.x keys renditions and associations by name). */
export function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [];
}

/** An array or keyed object as [name, value] pairs; array entries are named by their `name` or index. */
export function namedEntries(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v)) return v.map((x, i) => [isObject(x) ? str(x.name) ?? String(i) : String(i), x]);
  if (isObject(v)) return Object.entries(v);
  return [];
}

export function num(v: unknown): number | null {
  // As given (not rounded): a width that is not a positive integer is refused, with a warning,
  // where every reader's renditions are checked (src/pipeline/safe-url.ts).
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** Where a JSON.parse failure happened, as an offset into `text` plus line and column. */
export function jsonErrorPosition(e: unknown, text: string, base = 0, whole = text): Position {
  const msg = e instanceof Error ? e.message : '';
  const m = /at position (\d+)/.exec(msg);
  const local = m ? Number(m[1]) : text.length;
  const offset = base + local;
  return { offset, ...lineColumn(whole, offset) };
}

function malformed(format: string, e: unknown, text: string, base = 0, whole = text, item?: number): WiredeskError {
  const position = { ...jsonErrorPosition(e, text, base, whole), ...(item === undefined ? {} : { item }) };
  const reason = e instanceof Error ? e.message : String(e);
  return new WiredeskError('WIREDESK_ERR_JSON_MALFORMED', `${format}: ${reason} (line ${position.line}, column ${position.column})`, {
    format,
    position,
    cause: e,
  });
}

/**
 * A document that starts like a JSON object or array. `detect` uses it with key checks on the
 * head so that a truncated document (which the sniff could not parse) still reaches its module,
 * whose `parse` then reports where it breaks.
 */
export function looksLikeJson(s: Sniff): boolean {
  if (s.kind === 'json') return true;
  if (s.kind !== 'text') return false;
  const t = s.head.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** Whether the head of the text has `"key":` for each of the keys (for documents JSON.parse rejected). */
export function headHasKeys(s: Sniff, ...keys: string[]): boolean {
  return keys.every((k) => new RegExp(`"${k}"\\s*:`).test(s.head));
}

/** The whole document's value (parsed once by the sniff), or a coded error with its position. */
export function parseJsonDocument(input: ParseInput, format: string): unknown {
  if (input.sniff.kind === 'json') return input.sniff.json;
  if (input.sniff.jsonTooDeep) throw jsonTooDeepError(input.sniff.path);
  try {
    return JSON.parse(input.text) as unknown;
  } catch (e) {
    throw malformed(format, e, input.text);
  }
}

interface Span {
  start: number;
  end: number;
  /** The element runs to the end of the text without closing. */
  open: boolean;
}

/** Scans one JSON value from `i`, returning the offset after it (or text.length when it never closes). */
function scanValue(text: string, i: number): { end: number; open: boolean } {
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return { end: j + 1, open: false };
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return { end: j, open: false };
      depth--;
      if (depth === 0) return { end: j + 1, open: false };
    } else if (c === ',' && depth === 0) return { end: j, open: false };
  }
  return { end: text.length, open: true };
}

/** The elements of the array whose `[` is at `open`, as text spans; tolerant of broken elements. */
function splitArray(text: string, open: number): Span[] {
  const spans: Span[] = [];
  let i = open + 1;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
    if (i >= text.length || text[i] === ']') return spans;
    const { end, open: unclosed } = scanValue(text, i);
    spans.push({ start: i, end, open: unclosed });
    if (unclosed) return spans;
    i = end === i ? i + 1 : end;
  }
}

/**
 * The document with the item array at `open` emptied (`"items": []`), parsed: the envelope of a
 * document whose items had to be read one by one (JSON Feed's home_page_url and authors, AP's
 * next_page), or null when what is around the array is itself broken or too deep.
 */
function envelopeOf(text: string, open: number, spans: Span[]): unknown {
  const last = spans[spans.length - 1];
  if (last?.open) return null;
  let close = last ? last.end : open + 1;
  while (close < text.length && /[\s,]/.test(text[close]!)) close++;
  if (text[close] !== ']') return null;
  const rest = `${text.slice(0, open + 1)}${text.slice(close)}`;
  if (jsonNestsDeeper(rest)) return null;
  try {
    return JSON.parse(rest) as unknown;
  } catch {
    return null;
  }
}

/** The offset of the `[` that opens the array under the first `"key":` in the text, or of a top-level array. */
function arrayStart(text: string, keys: readonly string[]): number | null {
  const top = /^\s*\[/.exec(text);
  if (top) return top[0].length - 1;
  for (const key of keys) {
    const m = new RegExp(`"${key}"\\s*:\\s*\\[`).exec(text);
    if (m) return m.index + m[0].length - 1;
  }
  return null;
}

/** An item's bytes for its failure record: JSON's interchange encoding, whatever the transport used. */
function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export interface JsonItems {
  /**
   * The document's value when it parsed as a whole; when items were recovered one by one, the
   * envelope with the item array emptied if that parses (see envelopeOf), else null.
   */
  doc: unknown;
  items: Array<{ value: unknown; index: number; raw: Buffer }>;
  failures: ItemFailure[];
}

/**
 * The items of a multi-item document: `locate` finds them in the parsed document; when the
 * document does not parse (a broken item, a truncated transmission), the array under the first
 * of `arrayKeys` is split by scanning and each element is parsed alone, so the good items still
 * come through and each broken one becomes a failure with its own bytes and position.
 */
export function readJsonItems(
  input: ParseInput,
  format: string,
  locate: (doc: unknown) => unknown[] | null,
  arrayKeys: readonly string[],
): JsonItems {
  const text = input.text;
  let doc: unknown = null;
  let docError: unknown = null;
  if (input.sniff.kind === 'json') doc = input.sniff.json;
  // Nested past the limit somewhere: never parsed whole; each item is checked on its own below.
  else if (input.sniff.jsonTooDeep) docError = input.sniff.jsonError ?? jsonTooDeepError(input.sniff.path);
  else {
    try {
      doc = JSON.parse(text) as unknown;
    } catch (e) {
      docError = e;
    }
  }
  const start = arrayStart(text, arrayKeys);
  const spans = start === null ? [] : splitArray(text, start);
  if (docError === null) {
    const values = locate(doc);
    if (values === null) return { doc, items: [], failures: [] };
    if (values.length === 1 && values[0] === doc) return { doc, items: [{ value: doc, index: 0, raw: input.bytes }], failures: [] };
    // Raw bytes per item from the scanned spans when they line up with the parsed array.
    const aligned = spans.length === values.length;
    return {
      doc,
      items: values.map((value, index) => ({
        value,
        index,
        raw: aligned ? bytesOf(text.slice(spans[index]!.start, spans[index]!.end)) : Buffer.from(JSON.stringify(value), 'utf8'),
      })),
      failures: [],
    };
  }
  const docFailure = (): WiredeskError => (docError instanceof WiredeskError ? docError : malformed(format, docError, text));
  if (spans.length === 0) throw docFailure();
  const items: JsonItems['items'] = [];
  const failures: ItemFailure[] = [];
  spans.forEach((span, index) => {
    const slice = text.slice(span.start, span.end);
    if (jsonNestsDeeper(slice)) {
      // The depth limit, per item: this item is refused unparsed, the others still come through.
      const error = jsonTooDeepError(input.sniff.path);
      error.details.position = { offset: span.start, ...lineColumn(text, span.start), item: index };
      failures.push({ error, raw: bytesOf(slice), itemIndex: index });
      return;
    }
    try {
      if (span.open) JSON.parse(slice);
      items.push({ value: JSON.parse(slice) as unknown, index, raw: bytesOf(slice) });
    } catch (e) {
      failures.push({ error: malformed(format, e, slice, span.start, text, index), raw: bytesOf(slice), itemIndex: index });
    }
  });
  if (items.length === 0) throw docFailure();
  return { doc: start === null ? null : envelopeOf(text, start, spans), items, failures };
}

/** A coded error for an item that parsed as JSON but lacks what the format requires. */
export function invalidItem(format: string, index: number, detail: string): WiredeskError {
  return new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `${format} item ${index}: ${detail}`, { format, position: { item: index } });
}

/** A rendition as the JSON formats spell it (href or url; mimetype, mime_type or contentType). */
export function renditionOf(v: unknown, name: string | null): Rendition | null {
  if (!isObject(v)) return null;
  const href = firstStr(v, 'href', 'url');
  if (!href) return null;
  return {
    href,
    width: num(v.width),
    height: num(v.height),
    mimeType: firstStr(v, 'mimetype', 'mimeType', 'mime_type', 'contentType', 'contenttype'),
    name: firstStr(v, 'name') ?? name,
  };
}

export function renditionsOf(v: unknown): Rendition[] {
  return namedEntries(v).map(([name, r]) => renditionOf(r, name)).filter((r): r is Rendition => r !== null);
}
