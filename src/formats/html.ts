import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory } from '../model/parsed-story.js';
import { WiredeskError, warning } from '../errors.js';
import { loadPage, squash, type JsonLdNode, type Page } from '../html/page.js';
import { storyScope } from '../html/story-scope.js';
import { articleNode, asList, datesOf, deref, descriptionOf, headlineOf, keywordsOf, languageOf, printedStandfirst, publisherOf, sectionOf, str, urlOf, type Sourced } from '../html/metadata.js';
import { pageBylines } from '../html/page-bylines.js';
import { pagePictures } from '../html/pictures.js';
import { extractMainText } from '../html/main-text.js';
import { printedLines } from '../html/dom.js';
import { pageDates, type PageDate } from '../text/page-dates.js';
import { wireAgency } from '../extract/agencies.js';

/**
 * News web pages: a partner site's copy of a Reuters or AP story, an agency's own page, any
 * article page. The page is parsed once (cheerio on htmlparser2) and every field extractor reads
 * that one tree with its JSON-LD and meta tags: metadata in layers (src/html/metadata.ts),
 * bylines (src/html/page-bylines.ts), pictures (src/html/pictures.ts) and the main text without
 * page furniture (src/html/main-text.ts). Credit trailers, the dateline and the writing agency
 * are left in the text for the extract stage, as for every format.
 */

/**
 * The dateline the page marks up as hNews states it (microformats.org/wiki/hnews: the `dateline`
 * class, "AUBURN, Wash. —" in an element of its own before the first paragraph). The page-furniture
 * filter drops elements named "dateline" (sites name their date stamps so), so it is read here as
 * the page's dateline field, when it is printed as a dateline is: closed by a dash, or a place in
 * capitals. A date stamp or a section link under the same class is no dateline.
 */
function hNewsDateline(page: Page): string | null {
  for (const el of page.$('.dateline').toArray().slice(0, 3)) {
    const t = squash(page.$(el).text());
    if (!t || t.length > 80 || /\d{1,2}[:.]\d{2}/.test(t)) continue;
    // "AUBURN, Wash. —", "PORTLAND, Maine", "SYDNEY": a dash closes it, or the place is printed in capitals.
    if (/\s[—–-]{1,2}$/.test(t) || /^\p{Lu}[\p{Lu}\s.'’-]*\p{Lu}\.?(?:,|$)/u.test(t)) return t;
  }
  return null;
}

/**
 * The writing agency when the page states it: the article's JSON-LD `sourceOrganization`, or an
 * agency named as the author (an Organization author, a meta author "Reuters", a byline "AFP").
 */
function statedSource(page: Page, article: JsonLdNode | null, organisations: string[]): string | null {
  const declared = article ? str(deref(page, asList(article.sourceOrganization)[0])) : null;
  for (const o of [declared ?? '', ...organisations]) {
    const agency = wireAgency(o);
    if (agency) return agency;
  }
  return null;
}

/**
 * The bylines of a page that names no person as its author: the organisations it names as the
 * author (schema.org's `author` may be an Organization; "By BBC News", "By The Associated Press",
 * the AP Stylebook's byline for a story with no staff writer named), as printed. A wire agency
 * among them is also the story's `source`; one agency named twice is one byline, the first name
 * kept. Fundus' ground truth and Readability's test pages both give such a page the organisation
 * as its byline.
 */
function organisationBylines(organisations: string[]): BylineHint[] {
  const seen = new Set<string>();
  return organisations.filter((o) => {
    // One agency under two names ("Agence France-Presse" in the JSON-LD, "AFP" printed) is one byline.
    const k = wireAgency(o) ?? o.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).map((name) => ({ name, role: 'author' as const, organisation: true, evidence: { from: 'element' as const, rule: 'organisation as author (page)' } }));
}

/** The page's printed lines, read for the dates it prints near its headline (`<h1>`, else the headline). */
function printedDates(page: Page, headline: string | null): { published: Sourced<string> | null; modified: Sourced<string> | null } {
  const body = page.$('body')[0];
  if (!body) return { published: null, modified: null };
  const lines = printedLines(body, 400_000);
  const h1 = squash(page.$('h1').first().text());
  // The headline's line; an <h1> whose kicker is set in an element of its own prints over two
  // lines ("Premier League" / "Liverpool lose at Everton"), the headline's being the last.
  const anchor = lines.findIndex((l) => l === h1 || l === headline || (l.length >= 0.5 * h1.length && h1.endsWith(` ${l}`)));
  const dates = pageDates(lines, anchor);
  const of = (d: PageDate | null, kind: string): Sourced<string> | null => (d ? { value: d.iso, from: `printed ${kind} line` } : null);
  return { published: of(dates.published, 'date'), modified: of(dates.modified, 'update') };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The page's dates: its metadata's; without any, the date the page prints by its headline, read as a
 * text page's date lines are (src/text/page-dates.ts). A stated date that gives the day alone (a
 * calendar date, or a time stated without a zone: wallDate in src/html/metadata.ts) gives way to
 * the printed date line of that same day that states its time and zone, as a date without a time
 * gives way to a source stating the time of that day among the metadata.
 */
function pageDatesOf(page: Page, article: JsonLdNode | null, headline: string | null): { published: Sourced<string> | null; modified: Sourced<string> | null } {
  const stated = datesOf(page, article);
  if (!stated.published && !stated.modified) return printedDates(page, headline);
  const dayOnly = (d: Sourced<string> | null): boolean => d !== null && DAY.test(d.value.trim());
  if (!dayOnly(stated.published) && !dayOnly(stated.modified)) return stated;
  const printed = printedDates(page, headline);
  const timed = (s: Sourced<string> | null, p: Sourced<string> | null): Sourced<string> | null =>
    (s && p && dayOnly(s) && !dayOnly(p) && p.value.startsWith(s.value.trim()) ? p : s);
  return { published: timed(stated.published, printed.published), modified: timed(stated.modified, printed.modified) };
}

export function parseHtmlPage(text: string, baseUrl: string | null = null): ParsedStory {
  const page = loadPage(text, baseUrl);
  const article = articleNode(page);
  const headline = headlineOf(page, article);
  const { published, modified } = pageDatesOf(page, article, headline?.value ?? null);
  const language = languageOf(page, article);
  const scope = storyScope(page);
  const by = pageBylines(page, article, scope);
  const description = descriptionOf(page, article) ?? printedStandfirst(page);
  const articleBody = article ? str(article.articleBody) : null;
  // The names as the byline states them (a list not yet split is matched as printed).
  const bylineNames = by.bylines.map((b) => b.name ?? b.raw).filter((n): n is string => Boolean(n));
  const main = extractMainText(page.$, { articleBody, headline: headline?.value ?? null, bylineNames });
  // A "caption" that repeats the headline is the page's title printed over its lead image.
  // A story the page's script holds as HTML (main text 'script-html') holds its figures there too.
  const scripted = main.scriptHtml ? loadPage(`<html><body><article>${main.scriptHtml}</article></body></html>`, baseUrl) : null;
  const found = [...(scripted ? pagePictures(scripted, storyScope(scripted), null) : []), ...pagePictures(page, scope, article)];
  const pictures = found.map((p) =>
    (p.caption && headline && squash(p.caption) === squash(headline.value) ? { ...p, caption: null } : p));

  const sources = [
    `headline: ${headline?.from ?? 'none'}`,
    `firstCreated: ${published?.from ?? 'none'}`,
    `versionCreated: ${modified?.from ?? published?.from ?? 'none'}`,
    `bylines: ${by.from ?? 'none'}`,
    `body: ${main.method}${main.root ? ` ${main.root}` : ''}`,
    `language: ${language?.from ?? 'none'}`,
  ];
  const publisher = publisherOf(page, article);
  const source = statedSource(page, article, by.organisations);
  // The article's own identifier; a JSON-LD `@id` only names the node inside the page's graph.
  const guid = article ? str(article.identifier) : null;
  return {
    itemIndex: 0,
    type: 'text',
    guid,
    headline: headline?.value ?? null,
    summary: description?.value ?? null,
    firstCreated: published?.value ?? null,
    versionCreated: modified?.value ?? published?.value ?? null,
    language: language?.value ?? null,
    provider: publisher,
    source,
    url: urlOf(page, article),
    bodyHtml: main.html || null,
    bodyText: main.html ? null : main.text || null,
    bylines: by.bylines.length ? by.bylines : organisationBylines(by.organisations),
    dateline: hNewsDateline(page),
    pictures,
    keywords: keywordsOf(page, article),
    subjects: (() => {
      const section = sectionOf(page, article);
      return section ? [{ scheme: 'section', code: squash(section), name: squash(section) }] : [];
    })(),
    copyrightHolder: article ? str(article.copyrightHolder) : null,
    warnings: [warning('WIREDESK_WARN_HTML_FIELD_SOURCES', sources.join('; '))],
  };
}

export const html: FormatModule = {
  name: 'html',
  version: '1.0.0',
  description: 'News web pages: JSON-LD, OpenGraph, Dublin Core, Parse.ly and microdata metadata, the main text without page furniture, bylines and captioned pictures',
  detect(sniff) {
    if (sniff.kind !== 'html') return 0;
    // An HTML page is this module's, with more confidence when it carries article metadata.
    return /application\/ld\+json|og:title|<article[\s>]|itemprop=["']?articleBody/i.test(sniff.head) ? 0.9 : 0.7;
  },
  parse(input) {
    const story = parseHtmlPage(input.text, input.baseUrl);
    if (!story.headline && !story.bodyHtml && !story.bodyText) {
      throw new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', input.path ?? undefined);
    }
    return { stories: [story], failures: [] };
  },
};

