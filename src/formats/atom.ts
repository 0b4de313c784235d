import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ParsedStory, ParseResult } from '../model/parsed-story.js';
import type { Sniff } from '../pipeline/sniff.js';
import { attr, cleanText, textOf, type XmlElement } from '../xml/xml-tree.js';
import { ATOM, all, feedStories, first, inNs, readXmlFeed, xmlLang } from './feed/xml-feed.js';
import { baseAt, resolveUrl } from './feed/links.js';
import { feedDate } from './feed/dates.js';
import { feedPictures } from './feed/media-rss.js';
import { agencyAuthors, namedByline, rawByline } from './feed/people.js';
import { looksLikePersonName, splitNameList } from '../extract/names.js';
import { atomText, atomTextBase, bodyAndFigures, constructLine, itemPictures } from './feed/text-constructs.js';

/**
 * Atom 1.0 (RFC 4287) and its predecessor 0.3 (`http://purl.org/atom/ns#`): each `<entry>` is
 * one story. The two differ in names (published/issued, updated/modified, rights/copyright) and
 * in how content says what it is (type="html" vs mode="escaped"); both are read.
 * A deleted-entry tombstone (RFC 6721) is the provider withdrawing an entry: a kill.
 */

const FORMAT = 'atom';
const TOMBSTONES = /^http:\/\/purl\.org\/atompub\/tombstones\/1\.0\/?$/;
const atom = inNs(ATOM, 'atom');
/** Atom elements: in the Atom namespace, or unprefixed in a feed that declares none. */
const own = (el: XmlElement): boolean => atom(el) || (el.ns === null && el.prefix === null);
const tombstone = inNs(TOMBSTONES, 'at');
/** rel="enclosure", by name or as the IANA registry's IRI (RFC 4287 4.2.7.2). */
const ENCLOSURE = /^(?:enclosure|http:\/\/www\.iana\.org\/assignments\/relation\/enclosure)$/i;

function detect(s: Sniff): number {
  const root = s.xmlRoot;
  // A feed behind stray text (a server warning printed before it) is still a feed; its entries are read one by one.
  if (s.kind === 'text' && /<feed[^>]+(?:w3\.org\/2005\/Atom|purl\.org\/atom\/ns#)[\s\S]*<entry[\s>]/.test(s.head)) return 0.5;
  if (s.kind !== 'xml' || !root) return 0;
  if (root.name === 'feed') return root.ns && ATOM.test(root.ns) ? 0.95 : /<entry[\s>]/.test(s.head) ? 0.6 : 0.3;
  if (root.name === 'entry' && root.ns && ATOM.test(root.ns)) return 0.9;
  return 0;
}

function entries(root: XmlElement): XmlElement[] {
  if (root.name === 'entry') return [root];
  return [...all(root, ['entry'], own), ...all(root, ['deleted-entry'], tombstone)];
}

interface Feed {
  documentBase: string | null;
  rights: string | null;
  provider: string | null;
  /** The feed's own authors that name a person: an entry without authors has them (RFC 4287 4.2.1). */
  authors: BylineHint[];
}

function alternate(el: XmlElement | null, base: string | null): string | null {
  const links = all(el, ['link'], own);
  const alt = links.find((l) => (attr(l, 'rel')?.trim() ?? 'alternate') === 'alternate' && !/xml|atom/i.test(attr(l, 'type') ?? ''))
    ?? links.find((l) => (attr(l, 'rel')?.trim() ?? 'alternate') === 'alternate');
  return alt ? resolveUrl(attr(alt, 'href'), baseAt(alt, base)) : null;
}

function feedOf(root: XmlElement | null, input: ParseInput): Feed {
  const feed = root?.name === 'feed' ? root : null;
  const link = alternate(feed, input.baseUrl);
  let provider: string | null = null;
  try {
    provider = link ? new URL(link).hostname.replace(/^www\./, '') || null : null;
  } catch {
    provider = null;
  }
  // Without a site link or the address the feed was fetched from, the feed's own address (its
  // rel="self" link, RFC 4287 4.2.7.2) is the base its relative links resolve against (RFC 3986 5.1.3).
  const self = all(feed, ['link'], own).find((l) => attr(l, 'rel')?.trim() === 'self');
  const selfHref = self ? resolveUrl(attr(self, 'href'), baseAt(self, input.baseUrl)) : null;
  return {
    documentBase: link && /^https?:/i.test(link) ? link : input.baseUrl ?? (selfHref && /^https?:/i.test(selfHref) ? selfHref : null),
    rights: cleanText(first(feed, ['rights', 'copyright'], own)),
    provider,
    // Syndicated news names its site or desk there ("heise online", "WENN Newsdesk"): only a
    // person's name is inherited, as the engine judges one.
    authors: feed ? people(feed, 'author').filter((b) => b.name !== undefined && looksLikePersonName(b.name)).map((b) => ({ ...b, evidence: { from: 'element' as const, rule: 'atom-feed-author' } })) : [],
  };
}

/** An entry's (or the feed's) own authors and contributors. */
function people(entry: XmlElement, only?: 'author'): BylineHint[] {
  const out: BylineHint[] = [];
  for (const [name, role] of [['author', 'author'], ['contributor', 'contributor']] as const) {
    if (only && name !== only) continue;
    for (const p of all(entry, [name], own)) {
      // Atom 1.0 persons have a <name>; some producers put the name as the element's text.
      const text = cleanText(first(p, ['name'])) ?? (p.children.some((c) => typeof c !== 'string') ? null : cleanText(p));
      // A person construct names one person (RFC 4287 3.2.1), but producers join co-authors in one name
      // ("Valentina Rojas y Diego Paredes"): names joined by a conjunction go to the engine to split, as
      // an RSS dc:creator does; a comma ("Kim, Jo") may be a name written surname first and is kept.
      const b = text && !text.includes(',') && splitNameList(text).length > 1 ? rawByline(text, `atom-${name}`, role) : namedByline(text, `atom-${name}`, role);
      if (b) out.push(b);
    }
  }
  return out;
}

/** An entry's links to a potentially large related resource (RFC 4287 4.2.7.2): its enclosures. */
function enclosureLinks(entry: XmlElement): XmlElement[] {
  return all(entry, ['link'], own).filter((l) => ENCLOSURE.test(attr(l, 'rel')?.trim() ?? ''));
}

function keywordsOf(entry: XmlElement): string[] {
  const terms = all(entry, ['category'], own).map((c) => attr(c, 'label')?.trim() || attr(c, 'term')?.trim() || cleanText(c)).filter((t): t is string => !!t);
  return [...new Set(terms)];
}

function storyOf(entry: XmlElement, index: number, feed: Feed): ParsedStory {
  if (entry.name === 'deleted-entry') {
    return {
      itemIndex: index,
      guid: attr(entry, 'ref')?.trim() || null,
      provider: feed.provider,
      versionCreated: feedDate(attr(entry, 'when')),
      pubStatus: 'canceled',
      signals: ['kill'],
      bodyText: cleanText(first(entry, ['comment'])),
    };
  }
  const base = baseAt(entry, feed.documentBase);
  const link = alternate(entry, base);
  const summaryEl = first(entry, ['summary'], own);
  const contentEl = first(entry, ['content'], own);
  const summary = atomText(summaryEl);
  const stated = atomText(contentEl);
  const content = stated ?? summary;
  // The body's links resolve against the base of the element they are in (content or summary).
  const bodyEl = stated ? contentEl : summaryEl;
  const published = textOf(first(entry, ['published', 'issued', 'created'], own));
  const updated = textOf(first(entry, ['updated', 'modified'], own));
  // Authors of the entry, else of its atom:source, else of the feed (RFC 4287 4.2.1).
  const entryPeople = people(entry);
  const sourceEl = first(entry, ['source'], own);
  const sourceAuthors = sourceEl ? people(sourceEl, 'author') : [];
  const inherited = entryPeople.some((b) => b.role === 'author') ? [] : sourceAuthors.length ? sourceAuthors : feed.authors;
  const authors = agencyAuthors([...entryPeople, ...inherited]);
  const { body, figures } = bodyAndFigures(content, bodyEl ? atomTextBase(bodyEl, feed.documentBase) : base);
  return {
    itemIndex: index,
    guid: cleanText(first(entry, ['id'], own)) ?? link,
    url: link,
    provider: feed.provider,
    headline: constructLine(atomText(first(entry, ['title'], own))),
    summary: content !== summary ? constructLine(summary) : null,
    ...body,
    firstCreated: feedDate(published),
    versionCreated: feedDate(updated),
    language: xmlLang(entry),
    bylines: authors.people,
    source: authors.agency,
    pictures: itemPictures(feedPictures(entry, { channel: entry.parent, documentBase: feed.documentBase, enclosureLinks: enclosureLinks(entry) }), figures),
    keywords: keywordsOf(entry),
    copyrightNotice: cleanText(first(entry, ['rights', 'copyright'], own)) ?? feed.rights,
  };
}

function parse(input: ParseInput): ParseResult {
  const doc = readXmlFeed(input, FORMAT, 'entry', entries);
  const feed = feedOf(doc.root, input);
  return feedStories(doc, FORMAT, (el, index) => storyOf(el, index, feed));
}

export const atomFeed: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'Atom 1.0 and 0.3 feeds, with Media RSS and deleted-entry tombstones',
  detect,
  parse,
};
