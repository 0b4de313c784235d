import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { JsonLdNode, Page } from './page.js';
import { metaOf, squash } from './page.js';
import { decodeHTML } from 'entities';
import { instantMs, parseDate } from '../text/dates.js';
import { MODIFIED_LABEL_AT_END } from '../text/page-dates.js';
import { startsWithByLead } from '../extract/by-lead.js';
import { inForeign, storyScope } from './story-scope.js';

/**
 * A page's story metadata, layered: JSON-LD (NewsArticle and its kin), OpenGraph and
 * `article:*` meta, Dublin Core, Parse.ly and Sailthru meta, microdata, then the visible page.
 * Each field takes the most trustworthy source that states it and records which one (`from`), so
 * the format module can report where a value came from.
 */

export interface Sourced<T> {
  value: T;
  from: string;
}

/** JSON-LD types that are a story (schema.org's Article family). */
const ARTICLE_TYPE = /^(?:[A-Za-z]*Article|BlogPosting|LiveBlogPosting|Report|SocialMediaPosting|DiscussionForumPosting)$/;

export function typesOf(node: JsonLdNode): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}

export function str(v: unknown): string | null {
  // A loop, not recursion: JSON-LD is the page's own JSON, nested as deep as it likes.
  for (let step = 0; step < 64; step++) {
    if (typeof v === 'string') return squash(v) || null;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) {
      v = v[0];
    } else if (v && typeof v === 'object') {
      const o = v as JsonLdNode;
      v = o['@value'] ?? o.name ?? null;
    } else {
      return null;
    }
  }
  return null;
}

export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Resolves `{"@id": ...}` references against the page's other JSON-LD nodes. */
export function deref(page: Page, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as JsonLdNode;
  const id = o['@id'];
  if (typeof id !== 'string' || Object.keys(o).length > 1) return v;
  return page.jsonLd.find((n) => n !== o && n['@id'] === id && Object.keys(n).length > 1) ?? v;
}

/**
 * The JSON-LD node that describes the story: an Article-family type, preferring one with a
 * body or a headline; a WebPage's `mainEntity` when that is the article.
 */
export function articleNode(page: Page): JsonLdNode | null {
  const candidates: JsonLdNode[] = [];
  for (const n of page.jsonLd) {
    if (typesOf(n).some((t) => ARTICLE_TYPE.test(t))) candidates.push(n);
    const main = deref(page, n.mainEntity ?? n.mainEntityOfPage);
    if (main && typeof main === 'object' && !Array.isArray(main) && typesOf(main as JsonLdNode).some((t) => ARTICLE_TYPE.test(t))) candidates.push(main as JsonLdNode);
  }
  if (candidates.length === 0) return null;
  const score = (n: JsonLdNode): number => (n.articleBody ? 2 : 0) + (n.headline ? 1 : 0) + (n.author ? 1 : 0) + (typesOf(n).some((t) => /News|Reportage/i.test(t)) ? 1 : 0);
  return candidates.reduce((best, n) => (score(n) > score(best) ? n : best), candidates[0]!);
}

function microdata(page: Page, prop: string): string | null {
  const el = page.$(`[itemprop~="${prop}"]`).first();
  if (el.length === 0) return null;
  return squash(el.attr('content') ?? el.attr('datetime') ?? el.text()) || null;
}

/** Token overlap of `b` with `a` (share of b's characters in tokens that a also has), as Readability measures it. */
function similarity(a: string, b: string): number {
  const ta = new Set(a.toLowerCase().split(/\W+/).filter(Boolean));
  const tb = b.toLowerCase().split(/\W+/).filter(Boolean);
  if (tb.length === 0) return 0;
  const missing = tb.filter((t) => !ta.has(t)).join(' ').length;
  return 1 - missing / tb.join(' ').length;
}

/** The names a site appends to its titles: og:site_name and the article's publisher. */
function siteNamesOf(page: Page, article: JsonLdNode | null): string[] {
  return [page.meta.get('og:site_name')?.[0] ?? '', article ? str(deref(page, asList(article.publisher)[0])) ?? '' : ''];
}

/**
 * "Headline | Site" -> "Headline" when the suffix is the site's name (og:site_name, the publisher);
 * Chinese and Japanese titles set it off with the full-width bar ("Headline｜Site") or put it first
 * in lenticular brackets ("【Site】Headline"), the brackets these scripts print a source's name in.
 */
function withoutSiteName(title: string, siteNames: string[]): string {
  for (const site of siteNames) {
    if (!site) continue;
    const bracketed = `【${site.toLowerCase()}】`;
    if (title.toLowerCase().startsWith(bracketed) && title.length > bracketed.length) return title.slice(bracketed.length).trim();
    const i = title.toLowerCase().lastIndexOf(site.toLowerCase());
    if (i > 0 && i + site.length === title.length) {
      const head = title.slice(0, i).replace(/(?<![\s|\-–—:·•｜])\s*[|\-–—:·•｜]\s*$/, '');
      if (head !== title.slice(0, i) && head.trim()) return head.trim();
    }
  }
  return title;
}

/** Separators between a headline and the names a site appends to it ("Headline | Section | Site"). */
const TITLE_SEPARATOR = /\s+(?:[|\-–—»·•\\/]{1,2}|::)\s+|\s?｜\s?/g;

/** The text before each separator of `title`, shortest last ("A | B | C" -> ["A", "A | B"]). */
function separatorPrefixes(title: string): string[] {
  const out: string[] = [];
  for (const m of title.matchAll(TITLE_SEPARATOR)) if (m.index! > 0) out.push(title.slice(0, m.index));
  return out;
}

/** A heading's text with each `<br>` read as the line break it is (HTML standard, 4.5.27 "the br element"): a headline set over two lines keeps its space. */
function headingText(page: Page, el: AnyNode): string {
  const $h = page.$(el);
  return squash($h.find('br').length > 0 ? $h.clone().find('br').replaceWith(' ').end().text() : $h.text());
}

/**
 * Text without its soft hyphens: U+00AD marks where a long word may break at a line's end and is
 * invisible elsewhere (The Unicode Standard, ch. 23.2 "Layout Controls"); pages set it in long
 * compounds ("Bundes&shy;verwaltungs&shy;gericht") for narrow screens, and the headline is the words.
 */
function withoutSoftHyphens(s: string): string {
  return s.includes('\u00ad') ? s.replace(/\u00ad/g, '') : s;
}

/** A headline as compared with another source's: entities decoded, white space, quotes and dashes folded, case ignored. */
function comparable(s: string): string {
  return withoutSoftHyphens(squash(decodeHTML(s))).replace(/[‘’]/g, "'").replace(/[“”„]/g, '"').replace(/[‐‑‒–—―]/g, '-').toLowerCase();
}

/**
 * The element an `<h1>` opens with when more text follows it: a kicker set in the heading in an
 * element of its own (`<h1><span class="kicker">Wahl in Thüringen:</span> Headline</h1>`, the
 * "Dachzeile" or Spitzmarke, set apart from the Hauptzeile and smaller, journalistikon.de
 * "Überschrift" and the kicker of English desks). Null when
 * the heading opens with text, or holds nothing past its first element.
 */
function openingElement(page: Page, el: AnyNode): AnyNode | null {
  const $h = page.$(el);
  const first = $h.contents().toArray().find((n) => n.type !== 'text' || squash(page.$(n).text()) !== '');
  if (!first || first.type !== 'tag' || (first as { name?: string }).name === 'br') return null;
  const own = squash(page.$(first).text());
  return own !== '' && own.length < headingText(page, el).length ? first : null;
}

/**
 * The headlines the page prints in its `<h1>` elements (comparable form). An `<h1>` that holds a
 * link beside the headline (the site's name linking to its front page, as a logo set in the
 * heading) prints the headline also as its text without the links.
 */
function printedHeadlines(page: Page): Set<string> {
  const out = new Set<string>();
  for (const el of page.$('h1').toArray()) {
    const $h = page.$(el);
    out.add(comparable(headingText(page, el)));
    if (openingElement(page, el)) {
      const copy = $h.clone();
      copy.children().first().remove();
      out.add(comparable(headingText(page, copy[0]!)));
    }
    if ($h.find('a').length === 0) continue;
    out.add(comparable($h.clone().find('a').remove().end().text()));
  }
  out.delete('');
  return out;
}

/**
 * The article's JSON-LD headline. When `headline` and `name` differ: a `name` that is the site's
 * name or an identifier (one token with digits) names no story; else the one the page prints in an
 * `<h1>`; else, as Readability chooses, the one the `<title>` repeats.
 */
function jsonLdHeadline(page: Page, article: JsonLdNode, title: string): string | null {
  const headline = str(article.headline);
  let name = str(article.name);
  if (name && headline && name !== headline) {
    const sites = siteNamesOf(page, article).filter(Boolean).map(comparable);
    if (sites.includes(comparable(name)) || (!/\s/.test(name) && /\d/.test(name))) name = null;
  }
  if (headline && name && headline !== name) {
    // "Headline | Site" in `name` is the headline with the site's name added.
    if (name.startsWith(headline) && /^\s*[|\-–—:·•]/.test(name.slice(headline.length))) return headline;
    const printed = printedHeadlines(page);
    const headlinePrinted = printed.has(comparable(headline));
    if (headlinePrinted !== printed.has(comparable(name))) return headlinePrinted ? headline : name;
    const nameMatches = similarity(name, title) > 0.75;
    const headlineMatches = similarity(headline, title) > 0.75;
    return headlineMatches && !nameMatches ? headline : name;
  }
  return headline ?? name;
}

/** The names a site goes by in its titles: og:site_name, the publisher, and the last part of a `<title>` with separators. */
function titleTailNames(page: Page, article: JsonLdNode | null, title: string): Set<string> {
  const names = siteNamesOf(page, article).filter(Boolean);
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length > 1) names.push(parts[parts.length - 1]!);
  return new Set(names.map(comparable));
}

/**
 * "Headline | Section" or "Headline - Site" -> "Headline" when an `<h1>` prints "Headline" and
 * either another metadata field (og:title, twitter:title, JSON-LD headline or name) states it too,
 * or, for a field meant to hold the headline alone (`siteTail`: schema.org's `headline`, "the
 * headline of the article"), what follows the separator is the site's name (og:site_name, the
 * publisher, the `<title>`'s last part): the tail is a section or site name the source appended.
 * (og:title is the title "as it should appear within the graph", where sites add their name on
 * purpose; Readability keeps it so, and it stays unless another source agrees on less. A tail
 * that is not the name the site declares, a slogan or section trail the `<title>` ends with too,
 * goes when an `<h1>` prints the headline without it.)
 */
function withoutAgreedTail(page: Page, value: string, article: JsonLdNode | null, title: string, siteTail: boolean): string {
  const printed = printedHeadlines(page);
  if (printed.has(comparable(value))) return value;
  const stated = new Set([page.meta.get('og:title')?.[0], page.meta.get('twitter:title')?.[0], article ? str(article.headline) : null, article ? str(article.name) : null, parselyMetadata(page)?.title]
    .filter((x): x is string => Boolean(x)).map(comparable));
  const sites = titleTailNames(page, article, title);
  const tail = (p: string): string => comparable(value.slice(p.length).replace(/^\s*(?:[|\-–—»·•\\/]{1,2}|::)\s*/, ''));
  const agreed = separatorPrefixes(value).reverse().find((p) => printed.has(comparable(p)) && (stated.has(comparable(p)) || (siteTail && sites.has(tail(p)))));
  if (agreed || siteTail) return agreed ?? value;
  // og:title and the like: a tail that is no name the site declares (og:site_name, the publisher)
  // but a slogan or section trail the <title> ends with too ("| Watch News Videos Online") goes
  // when an <h1> prints the headline without it. (The site's declared name stays, as Readability keeps it.)
  const declared = new Set(siteNamesOf(page, article).filter(Boolean).map(comparable));
  const titled = comparable(title);
  return separatorPrefixes(value).reverse().find((p) => printed.has(comparable(p)) && !declared.has(tail(p)) && tail(p) !== '' && titled.endsWith(tail(p))) ?? value;
}

/**
 * Headline: the article's JSON-LD, then Dublin Core, OpenGraph, other title meta tags,
 * microdata, and the `<title>` without the site name. (Sites disagree about which of JSON-LD
 * `headline` and `og:title` carries the printed headline and which the social one, and nothing
 * on a page tells the two conventions apart; JSON-LD is the one made to describe the article, and
 * the order Readability uses, which keeps wiredesk's headlines comparable with it.) A section or
 * site name appended to the headline is dropped when the `<h1>` prints the headline without it
 * (see withoutAgreedTail). (Readability keeps the JSON-LD value as stated, and so its test page
 * "Headline - Author - Medium" expects the tail; a site's name is no part of an article's headline.)
 */
export function headlineOf(page: Page, article: JsonLdNode | null): Sourced<string> | null {
  const found = statedHeadline(page, article);
  return found ? { value: withoutSoftHyphens(found.value), from: found.from } : null;
}

/** The headline as the page states it (see headlineOf), soft hyphens and all. */
function statedHeadline(page: Page, article: JsonLdNode | null): Sourced<string> | null {
  const title = squash(page.$('head > title').first().text() || page.$('title').first().text());
  const ld = article ? jsonLdHeadline(page, article, title) : null;
  // A live blog's JSON-LD headline is the rolling one, rewritten with each update and often
  // under a "LIVE:" rubric; its og:title is the one that names the story.
  const og = page.meta.get('og:title')?.[0];
  if (ld && og && article && typesOf(article).includes('LiveBlogPosting')) {
    return { value: withoutSiteName(squash(og), siteNamesOf(page, article)), from: 'meta og:title (live blog)' };
  }
  if (ld) return { value: unshortened(page, withoutAgreedTail(page, ld, article, title, true)), from: 'json-ld' };
  const m = metaOf(page, 'dc:title', 'dcterm:title', 'dcterms:title', 'og:title', 'weibo:article:title', 'weibo:webpage:title', 'title', 'twitter:title', 'parsely-title', 'sailthru.title');
  if (m) return { value: unshortened(page, withoutAgreedTail(page, squash(m.value), article, title, false)), from: `meta ${m.name}` };
  const parsely = parselyMetadata(page);
  if (parsely?.title) return { value: parsely.title, from: 'meta parsely-metadata' };
  const micro = markedHeadline(page, '[itemprop~="headline"]', title);
  if (micro) return { value: micro, from: 'microdata headline' };
  // hAtom's entry title (microformats.org/wiki/hatom: the class "entry-title"), as a page marks up its dates with "published" and "updated".
  const entry = markedHeadline(page, '.entry-title', title);
  if (entry) return { value: entry, from: 'hatom entry-title' };
  // No metadata states the headline: the page's one printed headline, its <h1>, where the <title>
  // (written for search engines and tabs) words the story otherwise.
  const printedH1 = printedOverTitle(page, title);
  if (printedH1) return { value: printedH1, from: 'h1' };
  // A <title> that is only the site's name (the name it declares, or its logo's link home) names no story.
  const sole = title && namesTheSite(page, article, title) ? soleHeadingText(page) : null;
  if (sole) return { value: sole, from: 'h1' };
  if (title) {
    const cleaned = withoutSiteName(title, siteNamesOf(page, article));
    return { value: cleaned === title ? cleanTitle(page, title) : printedPart(page, cleaned) ?? cleaned, from: 'title' };
  }
  const h1 = page.$('h1').first();
  const printed = h1.length > 0 ? headingText(page, h1[0]!) : '';
  return printed ? { value: printed, from: 'h1' } : null;
}

/** Text that reads as a headline: three words or more, or twelve characters of a script written without spaces (a logo or a label is a word or two). */
function readsAsHeadline(text: string): boolean {
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return text.split(/\s+/).length >= 3 || cjk >= 12;
}

/** An ellipsis closing a shortened title ("…" or three full stops). */
const CLOSING_ELLIPSIS = /\s?(?:…|\.\.\.)$/;

/**
 * A metadata headline shortened with an ellipsis, as the `<h1>` prints it in full: schema.org's
 * `headline` cut to Google's former 110-character limit for Article rich results, an og:title cut
 * for a social card ("…open to win…"). The `<h1>` that starts with the text before the ellipsis
 * and goes on past it is the headline; a value with no such `<h1>` stays as stated.
 */
function unshortened(page: Page, value: string): string {
  if (!CLOSING_ELLIPSIS.test(value)) return value;
  const stem = comparable(value.replace(CLOSING_ELLIPSIS, ''));
  if (!readsAsHeadline(stem)) return value;
  for (const el of page.$('h1').toArray()) {
    const text = headingText(page, el);
    const printed = comparable(text);
    if (printed.length > stem.length && printed.startsWith(stem) && !CLOSING_ELLIPSIS.test(text)) return text;
  }
  return value;
}

/** A link to the site's front page ("/", or a host with no path): the logo or the site's name in the masthead. */
const HOME_LINK = /^(?:(?:https?:)?\/\/[^/?#\s]+)?\/?$/i;

/**
 * Whether a `<title>` is the site's name alone: og:site_name or the publisher, or the text of a
 * link to the site's front page (the masthead's name, HTML's `<header>` "logo, company name").
 */
function namesTheSite(page: Page, article: JsonLdNode | null, title: string): boolean {
  const t = comparable(title);
  if (siteNamesOf(page, article).some((n) => n !== '' && comparable(n) === t)) return true;
  return page.$('a[href]').toArray().some((a) => HOME_LINK.test((a as { attribs: Record<string, string> }).attribs.href!.trim()) && comparable(page.$(a).text()) === t);
}

/** The one text the page's `<h1>`s print that reads as a headline (a heading that is a link as a whole is a logo or a teaser); null otherwise. */
function soleHeadingText(page: Page): string | null {
  const texts = new Set(page.$('h1').toArray().filter((el) => !isWholeLink(page, el)).map((el) => headingText(page, el)).filter((t) => t.length > 0 && t.length <= 300));
  if (texts.size !== 1) return null;
  const [h1] = [...texts] as [string];
  return readsAsHeadline(h1) ? h1 : null;
}

/** An element that is a link as a whole: inside an `<a>`, or all of its text a link's. */
function isWholeLink(page: Page, el: AnyNode): boolean {
  const $el = page.$(el);
  const text = squash($el.text());
  return text !== '' && ($el.closest('a').length > 0 || squash($el.find('a').text()) === text);
}

/**
 * The headline a page marks up in its body (microdata itemprop=headline, hAtom's entry-title). A
 * page that lists other stories marks their titles up the same way (a rail of hAtom entries, a
 * list of schema.org articles), so of several the one the `<title>` or an `<h1>` prints is the
 * page's own, and a lone one that is a link as a whole is another page's title. Null when none
 * is the page's own (the printed headline and the `<title>` are read next).
 */
function markedHeadline(page: Page, selector: string, title: string): string | null {
  const seen = new Set<string>();
  const found: Array<{ text: string; linked: boolean }> = [];
  for (const el of page.$(selector).toArray()) {
    const $el = page.$(el);
    const text = squash($el.attr('content') ?? $el.attr('datetime') ?? $el.text());
    if (!text || text.length > 300 || seen.has(text)) continue;
    seen.add(text);
    found.push({ text, linked: isWholeLink(page, el) });
  }
  if (found.length === 0) return null;
  const printed = printedHeadlines(page);
  const titled = comparable(title);
  const own = found.find((f) => printed.has(comparable(f.text)) || (titled !== '' && titled.includes(comparable(f.text))));
  if (own) return own.text;
  if (!title || (found.length === 1 && !found[0]!.linked)) return found[0]!.text;
  return null;
}

/**
 * The page's printed headline where the `<title>` words the story otherwise: the one text its
 * `<h1>`s print, when it reads as a headline (three words or more, or twelve characters of a
 * script written without spaces: a logo set in an `<h1>` is a name of a word or two; not an `<h1>`
 * that is one link as a whole), and the `<title>` is another wording of the same story (they
 * share a word of five letters or more, and neither holds the other: a title that holds the
 * `<h1>` with the site's decorations is read by cleanTitle). Null otherwise.
 */
function printedOverTitle(page: Page, title: string): string | null {
  const h1s = page.$('h1').toArray();
  const texts = new Set(h1s.map((el) => headingText(page, el)).filter((t) => t.length > 0 && t.length <= 300));
  if (texts.size !== 1 || !title) return null;
  const [h1] = [...texts] as [string];
  if (h1s.every((el) => squash(page.$(el).find('a').text()) === squash(page.$(el).text()))) return null;
  if (!readsAsHeadline(h1)) return null;
  const t = comparable(title);
  const h = comparable(h1);
  if (t.includes(h) || h.includes(t)) return null;
  // The title holds the <h1> without the kicker it opens with: cleanTitle cuts it there.
  if ([...printedHeadlines(page)].some((p) => p !== h && readsAsHeadline(p) && t.includes(p))) return null;
  const words = (s: string): Set<string> => new Set([...(s.match(/[\p{L}\p{N}]{5,}/gu) ?? []), ...(s.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2}/gu) ?? [])]);
  const tw = words(t);
  return [...words(h)].some((w) => tw.has(w)) ? h1 : null;
}

/**
 * The part of a title before a separator that an `<h1>` prints ("Headline – Section" once the
 * site's name is off: the section is the site's filing, as "Headline | Section | Site" writes it).
 */
function printedPart(page: Page, title: string): string | null {
  const printed = printedHeadlines(page);
  const heading = printed.size === 0 ? articleHeading(page) : null;
  if (heading) printed.add(comparable(heading));
  return separatorPrefixes(title).reverse().find((p) => printed.has(comparable(p))) ?? null;
}

/**
 * The heading of the page's one `<article>` when no `<h1>` is printed: its first heading element
 * (HTML standard, 4.3.11 "Headings and outlines": an article's first heading is its heading, an
 * `<h2>` where the site keeps the `<h1>` for nothing). Null for none, or for several articles (a list of teasers).
 */
function articleHeading(page: Page): string | null {
  const articles = page.$('article');
  if (articles.length !== 1) return null;
  const first = articles.find('h2, h3').first();
  return first.length > 0 ? headingText(page, first[0]!) : null;
}

/**
 * A `<title>` without the site name: "Headline | Site" or "Headline - Site", kept whole when
 * what is left would be too short to be a headline or when an `<h1>` prints the title whole; the
 * `<h1>` the title holds with the site's decorations around it ("Site | Section | Headline").
 */
export function cleanTitle(page: Page, title: string): string {
  const h1s = page.$('h1').toArray().map((el) => headingText(page, el));
  if (h1s.includes(title)) return title;
  // The part before a separator that an <h1> prints is the headline, however short or unspaced.
  const agreed = printedPart(page, title);
  if (agreed) return agreed;
  // "【Site】Headline": the part after the site's name in lenticular brackets, when an <h1> prints it.
  const lenticular = /^【[^】]{1,40}】\s?/.exec(title);
  if (lenticular && printedHeadlines(page).has(comparable(title.slice(lenticular[0].length)))) return title.slice(lenticular[0].length);
  // The one <h1> whose text the title holds among the site's decorations, wherever they stand
  // ("Site | Section | <h1>", "<h1>:Site"): the headline as printed.
  const titled = comparable(title);
  const held = h1s.filter((h) => h.split(/\s+/).length >= 3 && titled.includes(comparable(h)));
  if (held.length === 1 || (held.length > 1 && held.every((h) => comparable(h) === comparable(held[0]!)))) return held[0]!;
  const m = /^(.*?)\s+[|\-–—\\/>»]\s+[^|\-–—\\/>»]+$/.exec(title);
  if (m && m[1]!.split(/\s+/).length >= 4) return m[1]!;
  const colon = /^[^:]+:\s+(.*)$/.exec(title);
  if (colon && h1s.includes(colon[1]!)) return colon[1]!;
  return title;
}

interface ParselyMetadata { title?: string; author?: string[]; pub_date?: string; section?: string }

/** Each page's Parse.ly tag, parsed once (the headline, dates, section and bylines all read it). */
const parselyCache = new WeakMap<Page, ParselyMetadata | null>();

function parselyMetadata(page: Page): ParselyMetadata | null {
  let found = parselyCache.get(page);
  if (found === undefined) {
    found = readParsely(page);
    parselyCache.set(page, found);
  }
  return found;
}

function readParsely(page: Page): ParselyMetadata | null {
  // Parse.ly's JSON tag: "parsely-page" (its documented tag: title, pub_date, author, section), or "parsely-metadata".
  const raw = page.meta.get('parsely-page')?.[0] ?? page.meta.get('parsely-metadata')?.[0];
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  // The page writes the JSON: each field is read only when it has the type Parse.ly documents
  // (an author may be one string or a list of them).
  const o = v as Record<string, unknown>;
  const text = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x : undefined);
  const authors = (Array.isArray(o.author) ? o.author : [o.author]).filter((a): a is string => typeof a === 'string' && a.trim() !== '');
  const out: ParselyMetadata = {};
  if (text(o.title)) out.title = text(o.title);
  if (text(o.pub_date)) out.pub_date = text(o.pub_date);
  if (text(o.section)) out.section = text(o.section);
  if (authors.length) out.author = authors;
  return out;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isoLike(s: string | null): s is string {
  return s !== null && /\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}/.test(s);
}

/**
 * A date marked up with the microformats' classes: hAtom's "published" and "updated" (the date
 * in a `title` attribute by the abbr design pattern, or printed) and h-entry's "dt-published" and
 * "dt-updated" (a `datetime` attribute, or printed). The first five such elements are read.
 */
function microformatDate(page: Page, which: 'published' | 'updated'): Sourced<string> | null {
  // An entry whose title is a link to another page (a rail of teasers marked up as hAtom entries)
  // dates that page: the page's own entries are read first.
  const own: AnyNode[] = [];
  const teasers: AnyNode[] = [];
  for (const el of page.$(`.${which}, .dt-${which}`).toArray()) {
    const title = page.$(el).closest('.hentry, .h-entry').find('.entry-title, .p-name').first()[0];
    (title && isWholeLink(page, title) ? teasers : own).push(el);
  }
  for (const el of [...own, ...teasers].slice(0, 5)) {
    const $el = page.$(el);
    for (const v of [$el.attr('datetime'), $el.attr('title'), squash($el.text())]) {
      if (v && v.length <= 80 && isoLike(v) && parseDate(v) !== null) return { value: v, from: `microformat ${which}` };
    }
  }
  return null;
}

/**
 * The `<time datetime>` the page labels as its update: the text printed right before it ends with an
 * update word ("Published <time>…</time>; updated <time datetime=…>", HTML's machine-readable date
 * given its meaning by the text around it). The first ten time elements are looked at.
 */
function labelledUpdateTime(page: Page): Sourced<string> | null {
  for (const el of page.$('time[datetime]').toArray().slice(0, 10)) {
    let before = '';
    for (let n = el.prev, k = 0; n && k < 3 && before.length < 60; n = n.prev, k++) before = `${n.type === 'text' ? (n as unknown as { data: string }).data : page.$(n).text()}${before}`;
    const v = el.attribs.datetime ?? '';
    if (MODIFIED_LABEL_AT_END.test(squash(before).slice(-60)) && isoLike(v) && parseDate(v) !== null) return { value: v, from: 'time element labelled updated' };
  }
  return null;
}

/**
 * The story's `<time datetime>`, looked for in the story's part of the page (src/html/story-scope.ts)
 * outside teasers and sidebars, as a rail of other stories' times may come first in the page: one
 * marked `pubdate` (HTML 5's attribute for the publication date of the nearest `<article>`), then one
 * inside an `<article>`, then the first; else the page's own first. Each kind is asked for in turn:
 * one selector list would give its matches in document order, not in the order of its selectors.
 */
function storyTime(page: Page): Cheerio<AnyNode> {
  const scope = storyScope(page);
  for (const sel of ['time[pubdate][datetime]', 'article time[datetime]', 'time[datetime]']) {
    const el = scope.find(sel).toArray().find((e) => !inForeign(page, e, scope));
    if (el) return page.$(el);
  }
  const marked = page.$('time[pubdate][datetime]').first();
  return marked.length ? marked : page.$('time[datetime]').first();
}

/**
 * A date and time stated without a zone ("2024-06-05T10:32:00", what a CMS writes from its local
 * clock) is a local time (ISO 8601:2004 4.2.2.2 and 4.3.2): the instant is unknown, but the calendar
 * date is the site's own day, so that date is kept (as a text page's zone-less date line is,
 * src/text/page-dates.ts). A date that states its zone, or from which no date can be read, is returned as it came.
 */
function wallDate(date: Sourced<string> | null): Sourced<string> | null {
  if (!date || parseDate(date.value) !== null) return date;
  const wall = parseDate(date.value, { defaultOffset: '+00:00', allowDateOnly: false });
  return wall ? { value: wall.slice(0, 10), from: `${date.from} (no zone: its date)` } : date;
}

/** Publication and modification dates: JSON-LD, then article:* / OpenGraph, Parse.ly, Sailthru, DC, microdata, `<time>` (its datetime, else the date it prints), the microformats. */
export function datesOf(page: Page, article: JsonLdNode | null): { published: Sourced<string> | null; modified: Sourced<string> | null } {
  // A time stated without a zone is no instant: another source that states one wins over it.
  const pick = (ld: string[], metas: string[], micro: string): Sourced<string> | null => {
    const found: Array<Sourced<string>> = [];
    for (const k of ld) {
      const v = article ? str(article[k]) : null;
      if (isoLike(v)) found.push({ value: v, from: `json-ld ${k}` });
    }
    for (const name of metas) {
      const v = page.meta.get(name)?.[0] ?? null;
      if (isoLike(v)) found.push({ value: v, from: `meta ${name}` });
    }
    const m = microdata(page, micro);
    if (isoLike(m)) found.push({ value: m, from: `microdata ${micro}` });
    const readable = found.filter((f) => parseDate(f.value) !== null);
    // A date without a time ("2014-12-29") gives way to a source that states the time of that day.
    const first = readable[0];
    if (first && DATE_ONLY.test(first.value.trim())) {
      const timed = readable.find((f) => !DATE_ONLY.test(f.value.trim()) && f.value.trim().startsWith(first.value.trim()));
      if (timed) return timed;
    }
    // A time to the minute ("Sep 30, 2014 10:34 AM ET") gives way to a source that states the same minute to the second.
    const at = first ? instantMs(parseDate(first.value)) : null;
    if (first && at !== null && at % 60_000 === 0 && !DATE_ONLY.test(first.value.trim())) {
      const finer = readable.find((f) => {
        const ms = instantMs(parseDate(f.value));
        return ms !== null && ms !== at && Math.floor(ms / 60_000) * 60_000 === at && !DATE_ONLY.test(f.value.trim());
      });
      if (finer) return finer;
    }
    return first ?? found[0] ?? null;
  };
  let published = pick(['datePublished', 'dateCreated'],
    ['article:published_time', 'og:article:published_time', 'article:published', 'parsely-pub-date', 'sailthru.date', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc:date', 'dc:date.issued', 'dcterms:date', 'dcterms:created', 'dcterms:issued', 'datepublished', 'article.published', 'og:published_time', 'published_time', 'cxenseparse:publishtime', 'cxenseparse:recs:publishtime'],
    'datePublished');
  const parsely = parselyMetadata(page);
  if (!published && parsely?.pub_date) published = { value: parsely.pub_date, from: 'meta parsely-metadata' };
  // A stated date no calendar reads ("28/04/2023 19h20", a CMS template's own format) is as
  // good as none: the page's <time datetime> (an HTML machine-readable date) is read instead.
  if (!published || parseDate(published.value) === null) {
    const el = storyTime(page);
    const time = el.attr('datetime') ?? null;
    if (isoLike(time) && parseDate(time) !== null) published = { value: time, from: 'time element' };
    else {
      // A datetime attribute no calendar reads ("2014-00-29T11:12:28Z"): the date the element prints.
      const printed = squash(el.text());
      if (el.length && isoLike(printed) && parseDate(printed) !== null) published = { value: printed, from: 'time element text' };
    }
  }
  if (!published || parseDate(published.value) === null) published = microformatDate(page, 'published') ?? published;
  let modified = pick(['dateModified'],
    ['article:modified_time', 'og:updated_time', 'article:modified', 'dcterms:modified', 'last-modified', 'lastmod', 'datemodified', 'dc:date.modified', 'article.updated'],
    'dateModified');
  if (!modified) modified = microformatDate(page, 'updated');
  if (!modified) modified = labelledUpdateTime(page);
  published = wallDate(published);
  const stated = modified;
  modified = wallDate(modified);
  // A modification time without a zone tells its day alone (wallDate gave its date): on the day of a
  // publication instant (or before it) it says no more than that instant, which stays the version's time.
  const publishedAt = published ? parseDate(published.value) : null;
  if (modified && modified !== stated && publishedAt && !DATE_ONLY.test(publishedAt) && modified.value <= publishedAt.slice(0, 10)) modified = null;
  // An unreadable modification date leaves the version to the publication date.
  return { published, modified: modified && parseDate(modified.value) === null && published ? null : modified };
}

export function descriptionOf(page: Page, article: JsonLdNode | null): Sourced<string> | null {
  const ld = article ? str(article.description) : null;
  if (ld) return { value: ld, from: 'json-ld' };
  const m = metaOf(page, 'description', 'og:description', 'dc:description', 'dcterm:description', 'dcterms:description', 'twitter:description');
  return m ? { value: squash(m.value), from: `meta ${m.name}` } : null;
}

/**
 * Class or id words of a standfirst, the "dek" (or "deck") of American desks: the summary printed
 * under the headline ("sub-headline", "subtitle", "excerpt", "intro", "summary"), the "chapeau" or
 * "chapô" of French desks (the short text between the title and the body, fr.wikipedia "Chapeau (presse écrite)").
 */
const STANDFIRST_NAME = /standfirst|(?:^|[\s_-])deck?(?:[\s_-]|$)|(?:^|[\s_-])chap(?:o|eau)(?:[\s_-]|$)|sub-?head(?:line|ing)?|subtitle|excerpt|(?:^|[\s_-])intro(?:[\s_-]|$)|summary|description/i;

/** A standfirst's text: a sentence or two, not a byline. */
function standfirstText(text: string): string | null {
  const t = squash(text);
  return t.length >= 20 && t.length <= 400 && !startsWithByLead(t) ? t : null;
}

/**
 * A page without metadata describing the story prints its standfirst: the one its markup names so
 * (hAtom's entry-summary and microformats2's p-summary, microformats.org/wiki/hatom and /h-entry;
 * schema.org's description of the Article item), else the element right after the `<h1>` (or after
 * the wrapper that holds only the `<h1>`) when its class names a dek, as Ghost's "article-excerpt",
 * WordPress themes' "intro-text", Medium's "pw-subtitle-paragraph" and Substack's "subtitle" do.
 */
export function printedStandfirst(page: Page): Sourced<string> | null {
  const { $ } = page;
  const h1 = $('h1').first();
  if (h1.length === 0) return null;
  // The entry or item that holds the page's headline is the page's own (a rail of teasers marks its entries up too).
  const ownsHeadline = (owner: ReturnType<typeof $>): boolean => owner.length > 0 && owner.find(h1).length > 0;
  for (const el of $('.hentry .entry-summary, .h-entry .p-summary, [itemprop~="description"]').toArray()) {
    const marked = el.attribs.itemprop !== undefined;
    const owner = marked ? $(el).parent().closest('[itemscope]') : $(el).closest('.hentry, .h-entry');
    if (marked && !/Article|Posting/i.test(owner.attr('itemtype') ?? '')) continue;
    if (!ownsHeadline(owner)) continue;
    const t = standfirstText($(el).attr('content') ?? $(el).text());
    if (t) return { value: t, from: 'printed standfirst (marked up)' };
  }
  const title = squash(h1.text());
  let anchor = h1;
  // Climb out of wrappers that hold only the headline (Arc's <div class="headline"><h1>), three at most.
  for (let depth = 0; depth < 3 && anchor.next().length === 0; depth++) {
    const up = anchor.parent();
    if (up.length === 0 || up.is('body, header, article, main') || squash(up.text()) !== title) break;
    anchor = up;
  }
  const next = anchor.next();
  if (next.length === 0 || !next.is('p, div, h2, h3, h4, span')) return null;
  const words = `${next.attr('class') ?? ''} ${next.attr('id') ?? ''}`;
  if (!STANDFIRST_NAME.test(words)) return null;
  const t = standfirstText(next.text());
  return t && t !== title ? { value: t, from: 'printed standfirst' } : null;
}

export function languageOf(page: Page, article: JsonLdNode | null): Sourced<string> | null {
  const ld = article ? str(article.inLanguage) : null;
  if (ld) return { value: ld, from: 'json-ld' };
  const lang = page.$('html').attr('lang') ?? page.$('html').attr('xml:lang');
  if (lang?.trim()) return { value: lang.trim(), from: 'html lang' };
  const m = metaOf(page, 'content-language', 'dc:language', 'og:locale');
  return m ? { value: m.value.replace(/_/g, '-'), from: `meta ${m.name}` } : null;
}

export function sectionOf(page: Page, article: JsonLdNode | null): string | null {
  const ld = article ? str(article.articleSection) : null;
  return ld ?? metaOf(page, 'article:section', 'parsely-section', 'sailthru.section')?.value ?? parselyMetadata(page)?.section ?? null;
}

export function keywordsOf(page: Page, article: JsonLdNode | null): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    const t = squash(s);
    if (t && !out.some((x) => x.toLowerCase() === t.toLowerCase())) out.push(t);
  };
  const ld = article?.keywords;
  if (typeof ld === 'string') ld.split(/\s*,\s*/).forEach(add);
  else for (const k of asList(ld)) if (typeof k === 'string') add(k);
  if (out.length === 0) {
    for (const t of page.meta.get('article:tag') ?? []) add(t);
    const kw = metaOf(page, 'news_keywords', 'keywords', 'parsely-tags', 'sailthru.tags');
    if (out.length === 0 && kw) kw.value.split(/\s*,\s*/).forEach(add);
  }
  return out.slice(0, 50);
}

/** The site or organisation that published the page (the feed provider, not the writing agency). */
export function publisherOf(page: Page, article: JsonLdNode | null): string | null {
  const pub = article ? deref(page, asList(article.publisher)[0]) : null;
  return str(pub) ?? metaOf(page, 'og:site_name', 'application-name', 'publisher', 'dc:publisher')?.value ?? null;
}

export function urlOf(page: Page, article: JsonLdNode | null): string | null {
  const canonical = page.$('link[rel="canonical" i]').attr('href')?.trim();
  const og = metaOf(page, 'og:url')?.value;
  const ld = article ? str(article.url) : null;
  for (const u of [canonical, og, ld]) if (u && /^https?:\/\//i.test(u)) return u;
  return null;
}

export function parselyAuthors(page: Page): string[] {
  return parselyMetadata(page)?.author ?? [];
}
