import { isWiredeskError, toWiredeskError, warning, type Warning } from '../../errors.js';
import type { ItemFailure, ParsedStory, ParseResult } from '../../model/parsed-story.js';
import { lineColumn, parseXml, type XmlElement } from '../../xml/xml-tree.js';
import type { ParseInput } from '../format.js';
import { byteSlice, readXmlItems, type XmlItems } from '../xml-items.js';
import { scanXml } from '../../xml/xml-scan.js';
import { repairCdata } from './cdata-repair.js';

/**
 * An XML feed read leniently, like the feed parsers people rely on: a well-formed feed is parsed
 * once; an ill-formed one (a truncated transmission, a stray end tag) has its items cut out and
 * parsed one by one, so every complete item still comes through and a broken one becomes a failure
 * with its own bytes, and the feed's own metadata (title, link, language) is read from a
 * recovering parse, with a WIREDESK_WARN_XML_RECOVERED warning. Bare ampersands and HTML entities
 * XML does not declare (&nbsp;) do not stop the parser; they stay in the text for the pipeline's
 * entity decoding. Broken CDATA sections (unterminated, nested) are mended first (cdata-repair.ts).
 */
export interface XmlFeed {
  /** The input as parsed: its text is the repaired text when CDATA sections were mended. */
  input: ParseInput;
  /** The document element (from the recovering parse when the feed was ill-formed), or null. */
  root: XmlElement | null;
  /** Each item with its index and `base`, the offset of the text it was parsed from. */
  items: Array<{ el: XmlElement; index: number; base: number }>;
  failures: ItemFailure[];
  warnings: Warning[];
}

export function readXmlFeed(given: ParseInput, format: string, itemName: string, select: (root: XmlElement) => XmlElement[]): XmlFeed {
  const repaired = repairCdata(given.text);
  const input = repaired ? { ...given, text: repaired.text } : given;
  // A plainly well-formed feed (nearly all of them) takes the fast scanner; anything else is
  // parsed by parseXml, item by item when it must be.
  const scanned = scanXml(input.text);
  const read: XmlItems = scanned
    ? { root: scanned.root, items: select(scanned.root).map((el, index) => ({ el, index, base: 0 })), failures: [], warnings: [] }
    : readXmlItems(input, { format, itemName, select });
  let root = read.root;
  if (!root) {
    try {
      root = parseXml(input.text, { format, recover: true }).root;
    } catch (e) {
      if (!isWiredeskError(e)) throw e;
    }
  }
  const warnings = [...(repaired?.repairs.map((r) => warning('WIREDESK_WARN_XML_RECOVERED', r)) ?? []), ...read.warnings];
  return { input, root, items: read.items, failures: read.failures, warnings };
}

/**
 * The feed's items as stories: an item that cannot be mapped (whatever the reason) becomes a
 * failure with its own bytes, and the others still come through.
 */
export function feedStories(feed: XmlFeed, format: string, read: (el: XmlElement, index: number) => ParsedStory): ParseResult {
  const { input } = feed;
  const stories: ParsedStory[] = [];
  const failures = [...feed.failures];
  for (const { el, index, base } of feed.items) {
    try {
      stories.push(read(el, index));
    } catch (e) {
      const error = toWiredeskError(e, format);
      const offset = base + el.start;
      error.details.position ??= { offset, ...lineColumn(input.text, offset), item: index };
      failures.push({ error, raw: byteSlice(input, offset, el.end > el.start ? base + el.end : input.text.length), itemIndex: index });
    }
  }
  failures.sort((a, b) => a.itemIndex - b.itemIndex);
  return { stories, failures, warnings: feed.warnings };
}

/** The children with one of the local names that `accept` takes (all when omitted), in document order. */
export function all(el: XmlElement | null | undefined, names: readonly string[], accept?: (el: XmlElement) => boolean): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && names.includes(c.name) && (!accept || accept(c))) out.push(c);
  return out;
}

/** The first child with the first of the local names (in the order given) that `accept` takes. */
export function first(el: XmlElement | null | undefined, names: readonly string[], accept?: (el: XmlElement) => boolean): XmlElement | null {
  if (!el) return null;
  // Called a few dozen times per item: no arrays built on the way.
  for (const name of names) {
    for (const c of el.children) if (typeof c !== 'string' && c.name === name && (!accept || accept(c))) return c;
  }
  return null;
}

export const DC = /^http:\/\/purl\.org\/dc\/(?:elements\/1\.1|terms)\/?$/;
export const ATOM = /^http:\/\/(?:www\.w3\.org\/2005\/Atom|purl\.org\/atom\/ns#)$/;
export const CONTENT = /^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/;

/** Elements of a namespace, or, for a feed that forgot to declare it, with its usual prefix. */
export function inNs(re: RegExp, prefix: string): (el: XmlElement) => boolean {
  return (el) => (el.ns !== null && re.test(el.ns)) || (el.ns === null && el.prefix === prefix);
}

/** The language stated for an element: its own or an ancestor's xml:lang. */
export function xmlLang(el: XmlElement | null): string | null {
  for (let cur = el; cur; cur = cur.parent) {
    const l = cur.attrs['xml:lang']?.trim();
    if (l) return l;
  }
  return null;
}
