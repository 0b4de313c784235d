import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ItemFailure, ParsedStory, ParseResult, PictureHint } from '../model/parsed-story.js';
import type { Sniff } from '../pipeline/sniff.js';
import { toWiredeskError } from '../errors.js';
import { firstStr, invalidItem, isObject, listOf, looksLikeJson, readJsonItems, str, type JsonObject } from './json-document.js';
import { resolveUrl } from './feed/links.js';
import { feedDate } from './feed/dates.js';
import { agencyAuthors, rawByline } from './feed/people.js';
import { bodyAndFigures, itemPictures, lineText } from './feed/text-constructs.js';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org): each of `items[]` is one story. 1.1 replaced the
 * single `author` with `authors[]` and added `language`; both spellings are read. Authors stated
 * for the whole feed are, by the specification, the authors of every item that names none.
 */

const FORMAT = 'json-feed';
/** The spec's version URLs: "https://jsonfeed.org/version/1" and "https://jsonfeed.org/version/1.1". */
const VERSION = /^https?:\/\/jsonfeed\.org\/version\/\d/;
/** "1.0", "1.1": the version as the spec's prose names it, which some feeds write instead of the URL. */
const BARE_VERSION = /^1(?:\.\d+)?$/;
/** Top-level and item members that only JSON Feed defines (spec sections "JSON Feed" and "Items"). */
const FEED_KEYS = ['home_page_url', 'feed_url'];
const ITEM_KEYS = ['content_html', 'content_text', 'date_published', 'date_modified', 'external_url'];

function detect(s: Sniff): number {
  if (!looksLikeJson(s)) return 0;
  if (s.kind === 'json') {
    if (!isObject(s.json)) return 0;
    const version = str(s.json.version) ?? '';
    if (VERSION.test(version)) return 1;
    // A bare "1.0"/"1.1" version counts with an items array and a member no other format has.
    if (!BARE_VERSION.test(version.trim()) || !Array.isArray(s.json.items)) return 0;
    const first = s.json.items.find(isObject);
    return FEED_KEYS.some((k) => k in (s.json as JsonObject)) || (first && ITEM_KEYS.some((k) => k in first)) ? 0.9 : 0;
  }
  if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(s.head)) return 0.9;
  return /"version"\s*:\s*"1(?:\.\d+)?"/.test(s.head) && /"items"\s*:\s*\[/.test(s.head) && /"(?:home_page_url|feed_url|content_html|content_text)"\s*:/.test(s.head) ? 0.8 : 0;
}

interface Feed {
  base: string | null;
  provider: string | null;
  language: string | null;
  authors: BylineHint[];
}

/** The author objects a feed or an item states (1.1 `authors`, 1.0 `author`), named or not. */
function authorObjects(o: JsonObject): JsonObject[] {
  return [...listOf(o.authors), ...(isObject(o.author) ? [o.author] : [])].filter(isObject);
}

/** The named authors among author objects. */
function namedAuthors(objects: JsonObject[]): BylineHint[] {
  return objects.map((a) => rawByline(str(a.name), 'json-feed-author')).filter((b): b is BylineHint => b !== null);
}

function feedOf(doc: unknown, input: ParseInput): Feed {
  const o = isObject(doc) ? doc : {};
  const home = resolveUrl(str(o.home_page_url), input.baseUrl);
  let provider: string | null = null;
  try {
    provider = home ? new URL(home).hostname.replace(/^www\./, '') || null : null;
  } catch {
    provider = null;
  }
  return { base: home ?? input.baseUrl, provider, language: str(o.language), authors: namedAuthors(authorObjects(o)) };
}

function picturesOf(item: JsonObject, base: string | null): PictureHint[] {
  const out: PictureHint[] = [];
  const seen = new Set<string>();
  const add = (href: string | null, mimeType: string | null, altText: string | null): void => {
    const url = resolveUrl(href, base);
    if (!url || seen.has(url)) return;
    seen.add(url);
    out.push({ caption: null, altText, creditRaw: null, photographer: null, renditions: [{ href: url, width: null, height: null, mimeType }], evidence: { from: 'element', rule: 'json-feed-image' } });
  };
  add(str(item.image), null, null);
  for (const a of listOf(item.attachments).filter(isObject)) {
    const type = str(a.mime_type);
    if (type?.toLowerCase().startsWith('image/')) add(str(a.url), type, str(a.title));
  }
  if (out.length === 0) add(str(item.banner_image), null, null);
  return out;
}

function storyOf(item: JsonObject, index: number, feed: Feed): ParsedStory {
  const url = resolveUrl(firstStr(item, 'url'), feed.base);
  const html = str(item.content_html);
  const text = str(item.content_text);
  // "If not specified in an item, then the top-level authors, if present, are the authors of the item" (JSON Feed
  // 1.1, Items): an item stating authors of its own (an url or avatar without a name too) takes none of the feed's.
  const objects = authorObjects(item);
  const authors = agencyAuthors(objects.length ? namedAuthors(objects) : feed.authors);
  const tags = listOf(item.tags).map(str).filter((t): t is string => t !== null);
  const { body, figures } = bodyAndFigures(html ? { html: true, value: html } : text ? { html: false, value: text } : null, feed.base);
  return {
    itemIndex: index,
    guid: str(item.id) ?? url,
    url: url ?? resolveUrl(str(item.external_url), feed.base),
    provider: feed.provider,
    headline: lineText(str(item.title)),
    summary: lineText(str(item.summary)),
    ...body,
    firstCreated: feedDate(str(item.date_published)),
    versionCreated: feedDate(str(item.date_modified)),
    language: str(item.language) ?? feed.language,
    bylines: authors.people,
    source: authors.agency,
    pictures: itemPictures(picturesOf(item, feed.base), figures),
    keywords: [...new Set(tags)],
  };
}

function parse(input: ParseInput): ParseResult {
  const read = readJsonItems(input, FORMAT, (doc) => (isObject(doc) ? listOf(doc.items) : null), ['items']);
  const feed = feedOf(read.doc, input);
  const stories: ParsedStory[] = [];
  const failures: ItemFailure[] = [...read.failures];
  for (const { value, index, raw } of read.items) {
    if (!isObject(value)) {
      failures.push({ error: invalidItem(FORMAT, index, 'an item is not an object'), raw, itemIndex: index });
      continue;
    }
    try {
      stories.push(storyOf(value, index, feed));
    } catch (e) {
      // One item that cannot be mapped never sinks the feed.
      const error = toWiredeskError(e, FORMAT);
      error.details.position ??= { item: index };
      failures.push({ error, raw, itemIndex: index });
    }
  }
  return { stories, failures };
}

export const jsonFeed: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'JSON Feed 1.0 and 1.1',
  detect,
  parse,
};
