import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ItemFailure, ParsedStory, ParseResult, PictureHint } from '../model/parsed-story.js';
import type { Sniff } from '../pipeline/sniff.js';
import { toWiredeskError } from '../errors.js';
import { firstStr, invalidItem, isObject, listOf, looksLikeJson, readJsonItems, str, type JsonObject } from './json-document.js';
import { resolveUrl } from './feed/links.js';
import { feedDate } from './feed/dates.js';
import { agencyAuthors, rawByline } from './feed/people.js';
import { lineText } from './feed/text-constructs.js';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org): each of `items[]` is one story. 1.1 replaced the
 * single `author` with `authors[]` and added `language`; both spellings are read. Authors stated
 * for the whole feed are, by the specification, the authors of every item that names none.
 */

const FORMAT = 'json-feed';
const VERSION = /^https?:\/\/jsonfeed\.org\/version\/\d/;

function detect(s: Sniff): number {
  if (!looksLikeJson(s)) return 0;
  if (s.kind === 'json') return isObject(s.json) && VERSION.test(str(s.json.version) ?? '') ? 1 : 0;
  return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(s.head) ? 0.9 : 0;
}

interface Feed {
  base: string | null;
  provider: string | null;
  language: string | null;
  authors: BylineHint[];
}

function authorsOf(o: JsonObject): BylineHint[] {
  const list = [...listOf(o.authors), ...(isObject(o.author) ? [o.author] : [])];
  return list.filter(isObject).map((a) => rawByline(str(a.name), 'json-feed-author')).filter((b): b is BylineHint => b !== null);
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
  return { base: home ?? input.baseUrl, provider, language: str(o.language), authors: authorsOf(o) };
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
  const own = authorsOf(item);
  const authors = agencyAuthors(own.length ? own : feed.authors);
  const tags = listOf(item.tags).map(str).filter((t): t is string => t !== null);
  return {
    itemIndex: index,
    guid: str(item.id) ?? url,
    url: url ?? resolveUrl(str(item.external_url), feed.base),
    provider: feed.provider,
    headline: lineText(str(item.title)),
    summary: lineText(str(item.summary)),
    ...(html ? { bodyHtml: html } : { bodyText: text }),
    firstCreated: feedDate(str(item.date_published)),
    versionCreated: feedDate(str(item.date_modified)),
    language: str(item.language) ?? feed.language,
    bylines: authors.people,
    source: authors.agency,
    pictures: picturesOf(item, feed.base),
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
