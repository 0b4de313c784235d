import iconv from 'iconv-lite';
import { WiredeskError, isWiredeskError, warning, type Warning } from '../errors.js';
import type { ItemFailure, ParseResult, ParsedStory } from '../model/parsed-story.js';
import { lineColumn, parseXml, type XmlElement } from '../xml/xml-tree.js';
import { readXml } from '../xml/xml-scan.js';
import type { ParseInput } from './format.js';

/**
 * The items of a multi-item XML document (NewsML 1.2 NewsItems, concatenated NITF documents),
 * read so that one broken item never sinks the others (STYLE.md 4).
 *
 * A well-formed document is parsed once and its items are returned as elements. When the
 * document is not well-formed, each item's text is cut out by its own start and end tags and
 * parsed on its own: the items that parse come through, each one that does not becomes an
 * ItemFailure with its own raw bytes and its position in the whole document.
 */
export interface XmlItems {
  /** The parsed document (null when the items had to be recovered one by one). */
  root: XmlElement | null;
  /** Each item with its index and `base`, the offset of the text it was parsed from (element offsets are relative to it). */
  items: Array<{ el: XmlElement; index: number; base: number }>;
  failures: ItemFailure[];
  warnings: Warning[];
}

export interface XmlItemsOptions {
  format: string;
  /** The item element's local name, as the format spells it (case-sensitive). */
  itemName: string;
  /** The items of a parsed document; defaults to the root when it is an item, else its item children. */
  select?: (root: XmlElement) => XmlElement[];
}

export function readXmlItems(input: ParseInput, opts: XmlItemsOptions): XmlItems {
  const select = opts.select ?? ((root: XmlElement) => (root.name === opts.itemName ? [root] : childItems(root, opts.itemName)));
  let wholeError: WiredeskError;
  try {
    const doc = readXml(input.text, { format: opts.format });
    return { root: doc.root, items: select(doc.root).map((el, index) => ({ el, index, base: 0 })), failures: [], warnings: doc.warnings };
  } catch (e) {
    // One item nested past the depth limit sinks no more than itself, as a broken one does (STYLE.md 4).
    if (!isWiredeskError(e) || (e.code !== 'WIREDESK_ERR_XML_MALFORMED' && e.code !== 'WIREDESK_ERR_XML_TOO_DEEP')) throw e;
    wholeError = e;
  }

  const segments = itemSegments(input.text, opts.itemName);
  const items: XmlItems['items'] = [];
  const failures: ItemFailure[] = [];
  segments.forEach((seg, index) => {
    try {
      const doc = parseXml(input.text.slice(seg.start, seg.end), { format: opts.format });
      items.push({ el: doc.root, index, base: seg.start });
    } catch (e) {
      if (!isWiredeskError(e)) throw e;
      failures.push({ error: relocate(e, input.text, seg.start, index, opts.format), raw: byteSlice(input, seg.start, seg.end), itemIndex: index });
    }
  });
  // Nothing readable (a single-item document, or every item broken): the document's own error
  // says best what is wrong and where.
  if (items.length === 0) throw wholeError;
  const at = wholeError.details.position;
  return {
    root: null,
    items,
    failures,
    warnings: [warning('WIREDESK_WARN_XML_RECOVERED', `${wholeError.message}${at?.line ? ` at line ${at.line}:${at.column ?? 0}` : ''}; items read one by one`)],
  };
}

function childItems(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of root.children) if (typeof c !== 'string' && c.name === name) out.push(c);
  return out;
}

/**
 * Top-level item elements found by their tags (any prefix), nesting of the same name counted so
 * an item inside an item stays inside. An item without its end tag runs to the next item's start
 * or to the end of the text.
 */
export function itemSegments(text: string, itemName: string): Array<{ start: number; end: number }> {
  const tag = new RegExp(`<(/?)(?:[A-Za-z_][\\w.-]*:)?${itemName.replace(/[.]/g, '\\.')}(?=[\\s/>])[^>]*?(/?)>`, 'g');
  const out: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = -1;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const closing = m[1] === '/';
    const selfClosing = m[2] === '/';
    if (!closing) {
      if (depth === 0) {
        // A new top-level start while one is open: the open one lost its end tag.
        if (start !== -1) out.push({ start, end: m.index });
        start = m.index;
        depth = selfClosing ? 0 : 1;
        if (selfClosing) {
          out.push({ start, end: m.index + m[0].length });
          start = -1;
        }
      } else if (!selfClosing) depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) {
        out.push({ start, end: m.index + m[0].length });
        start = -1;
      }
    }
  }
  if (start !== -1) out.push({ start, end: text.length });
  return out;
}

/** An item's parse error with its position in the whole document and the item's index. */
function relocate(e: WiredeskError, text: string, segStart: number, index: number, format: string): WiredeskError {
  const offset = segStart + (e.details.position?.offset ?? 0);
  const detail = e.message.replace(/^[^:]*:\s*/, '');
  return new WiredeskError(e.code, detail, { ...e.details, format, position: { offset, ...lineColumn(text, offset), item: index } });
}

/**
 * The original bytes of a span of the decoded text: the text before it is re-encoded in the
 * charset it was decoded from to find the byte offsets (a BOM is counted too).
 */
export function byteSlice(input: ParseInput, start: number, end: number): Buffer {
  const { charset, bom } = input.sniff.decoded;
  const lead = bom ? bomLength(input.bytes) : 0;
  const encode = (s: string): number => (iconv.encodingExists(charset) ? iconv.encode(s, charset).length : Buffer.byteLength(s, 'utf8'));
  const from = lead + bytesBefore(input.text, start, charset, encode);
  const to = from + encode(input.text.slice(start, end));
  return Buffer.from(input.bytes.subarray(from, Math.min(to, input.bytes.length)));
}

/** Stateful encodings (escape sequences, shifts) and those with a byte-order mark of their own: a prefix is encoded whole. */
const STATEFUL = /2022|utf-?7|hz|utf-?16|utf-?32|ucs/i;

/** The last prefix measured: the items of one document are cut out in order, each after the one before. */
let measured: { text: string; charset: string; offset: number; bytes: number } | null = null;

/**
 * The encoded length of text.slice(0, offset). Each failed item used to encode the whole text
 * before it (20,000 broken items: quadratic); for a stateless encoding the length up to the
 * previous item is kept and only the text between is encoded.
 */
function bytesBefore(text: string, offset: number, charset: string, encode: (s: string) => number): number {
  const m = measured;
  const from = m && m.text === text && m.charset === charset && m.offset <= offset && !STATEFUL.test(charset) &&
    !(m.offset > 0 && (text.charCodeAt(m.offset - 1) & 0xfc00) === 0xd800) ? m : null;
  const bytes = from ? from.bytes + encode(text.slice(from.offset, offset)) : encode(text.slice(0, offset));
  measured = { text, charset, offset, bytes };
  return bytes;
}

function bomLength(bytes: Buffer): number {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 2;
  return 0;
}

/** A coded error for an item that parsed as XML but lacks what its format requires. */
export function invalidItem(input: ParseInput, item: XmlItems['items'][number], format: string, why: string): ItemFailure {
  const { el, index, base } = item;
  const offset = base + el.start;
  return {
    error: new WiredeskError('WIREDESK_ERR_PARSE_INVALID', why, { format, position: { offset, ...lineColumn(input.text, offset), item: index } }),
    raw: byteSlice(input, offset, el.end > el.start ? base + el.end : input.text.length),
    itemIndex: index,
  };
}

/**
 * Reads each item into a story with `read`. An item `read` gives null for (it holds nothing its
 * format requires) becomes a WIREDESK_ERR_PARSE_INVALID failure with its own bytes, saying `why`;
 * the other items still come through.
 */
export function storiesOfItems(
  input: ParseInput,
  { items, failures, warnings }: XmlItems,
  format: string,
  why: string,
  read: (el: XmlElement) => ParsedStory | null,
): ParseResult {
  const stories: ParsedStory[] = [];
  const itemFailures = [...failures];
  for (const item of items) {
    const story = read(item.el);
    if (story) stories.push({ ...story, itemIndex: item.index });
    else itemFailures.push(invalidItem(input, item, format, why));
  }
  return { stories, failures: itemFailures, warnings };
}
