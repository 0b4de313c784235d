import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ParsedStory, ParseResult } from '../model/parsed-story.js';
import type { Sniff } from '../pipeline/sniff.js';
import { attr, cleanText, textOf, type XmlElement } from '../xml/xml-tree.js';
import { canonicalAgency } from '../extract/agencies.js';
import { ATOM, CONTENT, DC, all, feedStories, first, inNs, readXmlFeed, xmlLang } from './feed/xml-feed.js';
import { baseAt, resolveUrl } from './feed/links.js';
import { feedDate } from './feed/dates.js';
import { feedPictures } from './feed/media-rss.js';
import { agencyAuthors, namedByline, rawByline } from './feed/people.js';
import { bodyAndFigures, itemPictures, lineText, rssText } from './feed/text-constructs.js';

/**
 * RSS in all its dialects: 0.9x and 2.0 (`<rss><channel><item>`), 1.0 and 0.90 (RDF:
 * `<rdf:RDF><channel/><item/>`), with the modules feeds use for what RSS lacks: Dublin Core
 * (dc:creator, dc:date, dc:language), content:encoded, Atom elements, Media RSS. Each item is one
 * story.
 */

const FORMAT = 'rss';

/** Namespaces of the RSS core elements (RSS 2.0 has none; some feeds declare UserLand's). */
const RSS_NS = /^http:\/\/(?:purl\.org\/rss\/1\.0\/?|my\.netscape\.com\/rdf\/simple\/0\.9\/?|backend\.userland\.com\/rss2?)$/;
const core = (el: XmlElement): boolean => el.prefix === null || (el.ns !== null && RSS_NS.test(el.ns));
const dc = inNs(DC, 'dc');
const atom = inNs(ATOM, 'atom');
const content = inNs(CONTENT, 'content');
/** Apple's podcast namespace (Apple Podcasts RSS feed requirements: `itunes:author` of an episode). */
const itunes = inNs(/^http:\/\/www\.itunes\.com\/dtds\/podcast-1\.0\.dtd$/, 'itunes');

function detect(s: Sniff): number {
  const root = s.xmlRoot;
  // A feed behind stray text (a server warning printed before it) is still a feed; its items are read one by one.
  if (s.kind === 'text' && /<rss[\s>][\s\S]*<item[\s>]/.test(s.head)) return 0.5;
  if (s.kind !== 'xml' || !root) return 0;
  const name = root.name.toLowerCase();
  // A WordPress export (WXR) is RSS 2.0 too, but its own module reads the posts better.
  if (name === 'rss') return /wordpress\.org\/export\//.test(s.head) ? 0.5 : 0.95;
  if (root.name === 'RDF' && /purl\.org\/rss\/1\.0|my\.netscape\.com\/rdf\/simple|<(?:\w+:)?(?:channel|item)[\s>]/.test(s.head)) return 0.9;
  if (root.name === 'channel' && /<item[\s>]/.test(s.head)) return 0.6;
  return 0;
}

function items(root: XmlElement): XmlElement[] {
  const channel = root.name === 'channel' ? root : first(root, ['channel'], core);
  return [...all(channel, ['item'], core), ...(channel === root ? [] : all(root, ['item'], core))];
}

/** What every item of the feed shares. */
interface Channel {
  el: XmlElement | null;
  documentBase: string | null;
  language: string | null;
  copyright: string | null;
  provider: string | null;
  /** Names the feed's publisher goes by (title, copyright), to tell its own stories in `<source>`. */
  publisher: string;
  /** The channel's itunes:author: who makes the show, not an episode's reporter. */
  show: string | null;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

function channelOf(root: XmlElement | null, input: ParseInput): Channel {
  const el = root ? (root.name === 'channel' ? root : first(root, ['channel'], core)) : null;
  const link = resolveUrl(cleanText(first(el, ['link'], core)), input.baseUrl) ?? attr(first(el, ['link'], atom), 'href');
  const title = cleanText(first(el, ['title'], core)) ?? '';
  const copyright = cleanText(first(el, ['copyright'], core)) ?? cleanText(first(el, ['rights'], dc));
  return {
    el,
    documentBase: link && /^https?:/i.test(link) ? link : input.baseUrl,
    language: cleanText(first(el, ['language'], core)) ?? cleanText(first(el, ['language'], dc)) ?? xmlLang(root),
    copyright,
    provider: hostOf(link ?? input.baseUrl),
    publisher: `${title}\n${copyright ?? ''}`.toLowerCase(),
    show: cleanText(first(el, ['author'], itunes))?.toLowerCase() ?? null,
  };
}

/**
 * `<source>` names the channel an item came from. It is the writing agency when it names a wire
 * agency, or the feed's own publisher ("The Washington Post" in the Post's feed); another site's
 * name says where the item was relayed from, not who wrote it.
 */
function statedSource(item: XmlElement, ch: Channel): string | null {
  const name = cleanText(first(item, ['source'], core));
  if (!name) return null;
  const agency = canonicalAgency(name);
  if (agency) return agency;
  return name.length >= 3 && ch.publisher.includes(name.toLowerCase()) ? name : null;
}

function bylinesOf(item: XmlElement, ch: Channel): BylineHint[] {
  const out: BylineHint[] = [];
  const push = (b: BylineHint | null): void => {
    if (b) out.push(b);
  };
  for (const a of all(item, ['author'], core)) push(rawByline(cleanText(a), 'rss-author'));
  for (const c of all(item, ['creator'], dc)) push(rawByline(cleanText(c), 'dc-creator'));
  for (const c of all(item, ['contributor'], dc)) push(rawByline(cleanText(c), 'dc-contributor', 'contributor'));
  for (const a of all(item, ['author'], atom)) push(namedByline(cleanText(first(a, ['name'])), 'atom-author', 'author'));
  // An episode's itunes:author ("the group responsible for creating the episode", Apple Podcasts RSS
  // requirements) names its people when nothing else does; the channel's names the show, and so does
  // an episode's that repeats it or the publisher's own name ("DER SPIEGEL" in Der Spiegel's feed).
  if (out.length === 0) {
    for (const a of all(item, ['author'], itunes)) {
      const name = cleanText(a);
      if (name && name.toLowerCase() !== ch.show && !ch.publisher.includes(name.toLowerCase())) push(rawByline(name, 'itunes-author'));
    }
  }
  return out;
}

function keywordsOf(item: XmlElement): string[] {
  const terms = [...all(item, ['category'], core), ...all(item, ['subject'], dc)].map((c) => cleanText(c)).filter((t): t is string => t !== null);
  return [...new Set(terms)];
}

function storyOf(item: XmlElement, index: number, ch: Channel): ParsedStory {
  const base = baseAt(item, ch.documentBase);
  const guidEl = first(item, ['guid'], core);
  const statedGuid = cleanText(guidEl);
  const link = resolveUrl(cleanText(first(item, ['link'], core)), base) ??
    resolveUrl(attr(all(item, ['link'], atom).find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate'), 'href'), base);
  const permaLink = statedGuid && attr(guidEl, 'isPermaLink')?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(statedGuid) ? statedGuid : null;
  // An item's identity: its guid, an RDF item's rdf:about, else its link (what feed readers key on).
  const guid = statedGuid ?? attr(item, 'about')?.trim() ?? link;

  // An episode's itunes:summary describes it where an RSS description does not (Apple Podcasts RSS tags:
  // "the contents of this tag are shown in the Description column"; up to 4,000 characters, links in CDATA).
  const description = rssText(first(item, ['description'], core)) ?? rssText(first(item, ['summary'], itunes));
  const full = rssText(first(item, ['encoded'], content)) ?? rssText(first(item, ['full-text']));
  const body = full ?? description;
  const dates = {
    published: textOf(first(item, ['pubDate'], core)) || textOf(first(item, ['published'], atom)) || textOf(first(item, ['issued', 'created'], dc)),
    dcDate: textOf(first(item, ['date'], dc)),
    updated: textOf(first(item, ['updated'], atom)) || textOf(first(item, ['modified'], dc)),
  };
  const authors = agencyAuthors(bylinesOf(item, ch));
  const { body: bodyParts, figures } = bodyAndFigures(body, ch.documentBase);
  return {
    itemIndex: index,
    guid,
    uri: null,
    url: link ?? permaLink,
    provider: ch.provider,
    source: statedSource(item, ch) ?? authors.agency,
    headline: lineText(textOf(first(item, ['title'], core)) || textOf(first(item, ['title'], dc))),
    summary: full && description ? lineText(description.value) : null,
    ...bodyParts,
    firstCreated: feedDate(dates.published || dates.dcDate),
    versionCreated: feedDate(dates.updated),
    language: cleanText(first(item, ['language'], dc)) ?? xmlLang(item) ?? ch.language,
    bylines: authors.people,
    pictures: itemPictures(feedPictures(item, { channel: ch.el, documentBase: ch.documentBase }), figures),
    keywords: keywordsOf(item),
    copyrightNotice: cleanText(first(item, ['rights'], dc)) ?? ch.copyright,
  };
}

function parse(input: ParseInput): ParseResult {
  const feed = readXmlFeed(input, FORMAT, 'item', items);
  const ch = channelOf(feed.root, input);
  return feedStories(feed, FORMAT, (el, index) => storyOf(el, index, ch));
}

export const rss: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'RSS 0.9x, 1.0 (RDF) and 2.0 feeds with Dublin Core, content:encoded and Media RSS',
  detect,
  parse,
};
