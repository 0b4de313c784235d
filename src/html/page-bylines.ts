import type { Cheerio } from 'cheerio';
import { decodeHTML } from 'entities';
import type { AnyNode, Element } from 'domhandler';
import type { BylineHint } from '../model/parsed-story.js';
import type { JsonLdNode, Page } from './page.js';
import { squash } from './page.js';
import { asList, deref, parselyAuthors, str, typesOf } from './metadata.js';
import { canonicalAgency } from '../extract/agencies.js';
import { isPlausibleName, parseByline, rolePhrase } from '../extract/bylines.js';
import { isCaselessNameShape, looksLikePersonName, splitNameList } from '../extract/names.js';
import { FURNITURE_PHRASE, PROMO_LINE, STORY_END } from '../extract/boilerplate.js';
import { below, closestWhere, contains, isTag, isVisuallyHidden, printedLines, printedText } from './dom.js';
import { isByWordAlone, startsWithByLead, stripByLead } from '../extract/by-lead.js';

/**
 * The story's bylines as the page states them, from the most trustworthy source that names
 * anyone: the article's JSON-LD `author`, then author meta tags (`author`, `article:author`,
 * Parse.ly, Sailthru, Dublin Core, the NYT-style `byl`), then the visible page (rel=author links,
 * itemprop=author, byline classes, "By X | Published ..."). Organisations named as the author
 * ("Associated Press", "Reuters") are returned apart: they are no bylines but say who wrote it.
 */
export interface PageBylines {
  bylines: BylineHint[];
  /** Organisations stated as the author, in order. */
  organisations: string[];
  /** Where the bylines came from ("json-ld author", "meta author", "byline element"), or null. */
  from: string | null;
}

/**
 * Words that close a visible byline: what follows is the date, the read time or a share row; the
 * preposition that runs the name on into the date goes with it (Blogger's post footer "Posted by
 * <author> at <timestamp>", blogs' "Posted by <author> on <date>"). A bar before the pictures'
 * credit ("Words by A · Pictures by B") sets off the photographer, whom the credits engine reads.
 */
const BYLINE_END = /\s*(?:\b(?:on|at)\s+)?(?:[|•·](?!\s*(?:photos?|photography|photographs|pictures)\s+by\s)|\b(?:published|updated|posted|last updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|am|le)\b\s*:?\s*(?=\S*\d)|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d|\bon\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,2}\.\s+\p{L}{3,}\.?\s+\d{4}\b|\d{1,2}[:.]\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|(?<!\d)\d+\s+min(?:ute)?s?\s+read|share\b|follow\b|comments?\b|e-?mail\b|print\b)[\s\S]*$/iu;

/** "By X | Published 4 May" -> "By X". */
export function trimBylineText(text: string): string {
  const t = squash(text).replace(BYLINE_END, '').replace(/(?<![\s,;:–—-])[\s,;:–—-]+$/, '').trim();
  // "Veröffentlicht am 27.04.", "Updated 5 May": a date line whose date was cut off names no one.
  return DATE_LEAD.test(t) ? '' : t;
}

/** The words that lead a date line in a byline area, alone. */
const DATE_LEAD_WORDS = '(?:published|updated|posted|last updated|modified|veröffentlicht|aktualisiert|stand|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publisert|oppdatert|publicerad|uppdaterad)';
const DATE_LEAD = new RegExp(`^${DATE_LEAD_WORDS}$`, 'i');
/** What opens a date after a byline's bar: a digit or a date lead ("| 05.04.2025", "| Published 2 days ago"). */
const DATE_START = new RegExp(`^(?:\\d|${DATE_LEAD_WORDS}(?![\\p{L}]))`, 'iu');

function isUrl(s: string): boolean {
  return /^(?:https?:)?\/\//i.test(s) || /^www\./i.test(s);
}

/** "Jong, Michiel de": one name written surname first (as Dublin Core and citation_author write names). */
function isInverted(value: string): boolean {
  return /^[\p{Lu}][\p{L}'’-]+,\s+[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,2}$/u.test(value);
}

/**
 * A name from a metadata field, one per person; several in one string are a raw byline. A
 * citation-style name ("Jong, Michiel de") is one name, kept as printed like every stated name;
 * a name joined by "&" to a single word ("Mac & i", a magazine) is one name, not a list.
 */
function hintOf(value: string, rule: string, from: 'meta' | 'element' | 'text', citationStyle = false): BylineHint {
  // JSON-LD strings and twice-escaped meta carry HTML entities ("O&#039;Donnell"): decoded before
  // the '&' of an entity can read as a list of names.
  const v = squash(decodeHTML(value));
  if (citationStyle && isInverted(v)) return { name: v, role: 'author', evidence: { from, rule: `${rule}:surname-first` } };
  const amp = /^(\S+)\s+&\s+(\S+)$/.exec(v);
  const list = !amp && (/\s(?:and|und|et|y|e|og|och|ja|en|&)\s|,|;/i.test(v) || startsWithByLead(v));
  return list ? { raw: v, role: 'author', evidence: { from, rule } } : { name: withoutTitle(v), role: 'author', evidence: { from, rule } };
}

/** Titles that Korean and Japanese bylines print after the name: reporter, correspondent. */
const TITLE_AFTER_NAME = /\s*(?:기자|특파원|記者|特派員)$/u;

/** "신현주 기자" -> "신현주". */
function withoutTitle(name: string): string {
  const bare = name.replace(TITLE_AFTER_NAME, '');
  return bare || name;
}

/** A name folded for comparison: case, white space and punctuation ignored. */
function folded(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The names the site goes by: og:site_name, application-name, the article's publisher, and the
 * main label of the page's host ("n-tv" for www.n-tv.de). Sites put these in author fields when
 * no person is named; they are no bylines.
 */
export function siteNames(page: Page, article: JsonLdNode | null): Set<string> {
  const names = [page.meta.get('og:site_name')?.[0], page.meta.get('application-name')?.[0], article ? str(deref(page, asList(article.publisher)[0])) : null];
  // The story's section ("Letters to the Editor", "Opinion") is the site's too: a page that puts
  // it in an author field names no person by it.
  for (const section of [...(article ? asList(article.articleSection) : []), ...(page.meta.get('article:section') ?? [])]) {
    if (typeof section === 'string' && /\s/.test(section.trim())) names.push(section);
  }
  for (const u of [page.$('link[rel="canonical" i]').attr('href'), page.meta.get('og:url')?.[0], page.baseUrl]) {
    try {
      const labels = new URL(u ?? '').hostname.split('.');
      if (labels.length >= 2) names.push(labels[labels.length - 2]);
    } catch {
      // not a URL
    }
  }
  return new Set(names.filter((n): n is string => Boolean(n)).map(folded).filter(Boolean));
}

/** "Deutsche Welle (www.dw.com)" -> "Deutsche Welle". */
function withoutAddress(name: string): string {
  return squash(name.replace(/\(?\s*(?:https?:\/\/|www\.)[^\s)]*\s*\)?/gi, ' '));
}

function isSiteName(name: string, sites: Set<string>): boolean {
  if (sites.size === 0) return false;
  // "Deutsche Welle (www.dw.com)": the site's address adds nothing to its name.
  const bare = withoutAddress(name);
  const f = folded(bare);
  if (f === '') return false;
  // "Der Postillon", "Stuttgarter Zeitung": the site's name; "LTO" for lto.de.
  if (sites.has(f) || sites.has(f.replace(/^(?:the|der|die|das|le|la|les|el)/, ''))) return true;
  // "Deutsche Welle" on dw.com, "Legal Tribune Online" beside "LTO": the initials are the site's name.
  const words = bare.split(/[\s-]+/).filter((w) => /^\p{Lu}/u.test(w));
  if (words.length >= 2 && sites.has(folded(words.map((w) => w[0]).join('')))) return true;
  // "hessenschau.de, Frankfurt, Germany": the site and its address.
  const first = bare.split(',')[0]!;
  if (first !== bare && sites.has(folded(first))) return true;
  // "n-tv NACHRICHTEN", "Redaktion hessenschau.de", "Harbour Post Online": the site's name and a desk word.
  const named = bare.split(/\s+/).filter((w) => !DESK_WORDS.has(folded(w)));
  return named.length > 0 && named.length < bare.split(/\s+/).length && sites.has(folded(named.join(' ')));
}

/** Words a site adds to its name to name its newsroom ("Redaktion", "Nachrichten", "Online", "News"). */
const DESK_WORDS = new Set(['redaktion', 'redaction', 'rédaction', 'redazione', 'redacción', 'redactie', 'redakcja', 'redakce', 'redaksjon',
  'nachrichten', 'news', 'noticias', 'notizie', 'nieuws', 'nyheter', 'nyheder', 'uutiset', 'online', 'digital', 'newsroom', 'desk', 'staff', 'team']);

/**
 * "Le Figaro et AFP", "Harbour Post and Reuters": a list in an author field whose every part is the
 * site's own name or a known agency names organisations only, none of them a person.
 */
function isSitesAndAgencies(name: string, sites: Set<string>): boolean {
  const parts = splitNameList(name);
  return parts.length > 1 && parts.every((p) => canonicalAgency(p) !== null || isSiteName(p, sites)) && parts.some((p) => isSiteName(p, sites));
}

/** A hint that names someone: a stated name that is plausible, or a printed byline that parses. */
function namesSomeone(h: BylineHint): boolean {
  return h.name ? isPlausibleName(squash(h.name)) : parseByline(h.raw ?? '', 'author', h.evidence).length > 0;
}

function fromJsonLd(page: Page, article: JsonLdNode | null, sites: Set<string>, out: PageBylines): BylineHint[] {
  if (!article) return [];
  const hints: BylineHint[] = [];
  for (const a of asList(article.author ?? article.creator)) {
    const node = deref(page, a);
    if (typeof node === 'string') {
      if (isUrl(node)) continue;
      if (isSitesAndAgencies(node, sites)) out.organisations.push(...splitNameList(node));
      else if (canonicalAgency(node) || isSiteName(node, sites)) out.organisations.push(node);
      else hints.push(hintOf(node, 'json-ld-author', 'meta'));
      continue;
    }
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    const o = node as JsonLdNode;
    const name = str(o.name) ?? [str(o.givenName), str(o.familyName)].filter(Boolean).join(' ');
    if (!name || isUrl(name)) continue;
    const types = typesOf(o);
    // An agency is an organisation whatever type the site gave it ("Person": "Associated Press").
    if (isSitesAndAgencies(name, sites)) {
      out.organisations.push(...splitNameList(name));
    } else if (types.some((t) => /Organi[sz]ation|NewsMediaOrganization|Corporation/i.test(t)) || canonicalAgency(name) || isSiteName(name, sites)) {
      out.organisations.push(name);
    } else {
      const hint = hintOf(name, 'json-ld-author', 'meta');
      const affiliation = str(deref(page, asList(o.affiliation ?? o.worksFor)[0]));
      if (affiliation) hint.affiliation = affiliation;
      hints.push(hint);
    }
  }
  return hints;
}

const META_AUTHORS = ['dc:creator', 'dcterm:creator', 'dcterms:creator', 'author', 'article:author', 'og:article:author', 'parsely-author', 'sailthru.author', 'citation_author', 'byl', 'twitter:creator:name'];

function fromMeta(page: Page, sites: Set<string>, out: PageBylines): { hints: BylineHint[]; from: string | null } {
  for (const name of META_AUTHORS) {
    const values = (page.meta.get(name) ?? []).filter((v) => !isUrl(v) && !v.startsWith('@'));
    const hints: BylineHint[] = [];
    for (const v of values) {
      if (canonicalAgency(v)) {
        out.organisations.push(v);
        continue;
      }
      if (isSitesAndAgencies(v, sites)) {
        out.organisations.push(...splitNameList(v));
        continue;
      }
      // The site's own name, or an organisation the JSON-LD already named as the author.
      if (isSiteName(v, sites) || (sites.size > 0 && out.organisations.some((o) => folded(o) === folded(v)))) continue;
      hints.push(hintOf(v, `meta-${name}`, 'meta', /^(?:dc|dcterms?):creator$|^citation_author$/.test(name)));
    }
    if (hints.some(namesSomeone)) return { hints, from: `meta ${name}` };
  }
  const parsely = parselyAuthors(page);
  if (parsely.length) return { hints: parsely.map((a) => hintOf(a, 'meta-parsely-metadata', 'meta')), from: 'meta parsely-metadata' };
  return { hints: [], from: null };
}

/** The path of an author's page: a segment naming authors, then the writer's slug. */
const AUTHOR_PATH = /^(?:https?:\/\/[^/]+)?\/(?:[^?#]*\/)?(?:authors?|autor(?:en|in)?|auteurs?|autori?|autores|journalists?|journalisten|redakteure?|writers?|reporters?)\/[^/?#]+/i;

/** An element that holds a byline, the way pages mark them up (microformats, schema.org, class names). */
function isBylineElement(el: Element): boolean {
  if (el.name === 'meta' || el.name === 'link') return false;
  if (/\bauthor\b/.test(el.attribs.itemprop ?? '') || /\bauthor\b/.test(el.attribs.rel ?? '')) return true;
  const cls = el.attribs.class ?? '';
  // "image--author", "photo-author", "caption__author": a picture's author is its credit, no byline.
  if (/(?:^|\s)(?:image|img|photo|foto|picture|pic|media|caption|credit|bild|gallery)[\w]*[_-]+authors?\b/i.test(cls)) return false;
  // "author-card__name", "c-author-box__name": the name part of a block named for the author (BEM, en.bem.info: block__element).
  if (/byline|authorline|author-?name|authors?[\w-]{0,30}__name|article-author|story-author|writtenby|p-author|signature/i.test(cls) || /(?:^|\s)(?:[\w-]*[_-])?(?:authors?|autor(?:es|in)?|autori?)(?:\s|$)/i.test(cls)) return true;
  if (/byline/i.test(el.attribs.id ?? '') || /author/i.test(el.attribs['data-testid'] ?? '')) return true;
  // A link to the writer's page ("/author/jane-roe", "/autoren/name/max-muster"), as blog and news CMSs make them.
  if (el.name === 'a' && AUTHOR_PATH.test(el.attribs.href ?? '')) return true;
  return el.name === 'address' && /\bvcard\b/.test(cls);
}

/**
 * Class or id words of containers in the story whose bylines are other stories' (teasers, related links, comments).
 * A card named for the author ("author-card", "c-author-card") is the writer's own box, no teaser.
 */
const FOREIGN_BYLINE = /related|recommend|teaser|promo|comment|(?:^|\s|(?<!\bauthors?)[_-])cards?(?:[\s_-]|$)/i;

function isForeignBylineContainer(el: Element): boolean {
  if (el.name === 'nav') return true;
  const parent = el.parent && el.parent.type === 'tag' ? (el.parent as Element) : null;
  if (el.name === 'article' && (parent?.name === 'li' || closestWhere(parent ?? el, (a) => a !== el && a.name === 'article') !== null)) return true;
  const words = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`.split(/\s+/).filter((w) => w && !/-(?:enabled|disabled|open|closed|count|allowed)$/i.test(w)).join(' ');
  return words !== '' && FOREIGN_BYLINE.test(words);
}

/** The lead of an author-archive link: "More", "More stories by", "All articles from". */
const ARCHIVE_LEAD = /^(?:more|all|see all|view all)(?:\s+(?:stories|articles|posts|news|content))?(?:\s+(?:from|by))?\s+/i;

/**
 * "Jeanne Roux (avec Paul Lenoir et Ana Ruiz)" -> a plain list of names: a parenthesis opened by
 * a lower-case connecting word (with, avec, mit, met, med, z, …, in whatever language) holds
 * more writers; one opened by a capital ("(AP)", "(R.J.)") is left as printed.
 */
function unwrapWith(text: string): string {
  return text.replace(/(?<!\s)\s*\(\s*\p{Ll}{1,6}\s+(\p{Lu}[^()]*)\)/gu, ', $1');
}

/** Inside a teaser or comment below `within`; the containers of the story itself (`scope` and its ancestors) never are. */
function isForeignByline(page: Page, el: Element, within: Cheerio<AnyNode>, scope: Cheerio<AnyNode>): boolean {
  const stop = new Set([...within.toArray(), ...scope.toArray(), ...scope.parents().toArray()]);
  // A commenter's name ("comment-author") is marked so on the element itself.
  if (/comment/i.test(el.attribs.class ?? '')) return true;
  for (let n: AnyNode | null = el.parent; n && !stop.has(n); n = n.parent) {
    if (isTag(n) && isForeignBylineContainer(n)) return true;
  }
  return false;
}

/**
 * The visible byline: the first byline element of the story in document order (the one under
 * the headline), with the byline elements next to it (several authors marked up one by one).
 */
function fromPage(page: Page, sites: Set<string>, scope: Cheerio<AnyNode>, out: PageBylines): { hints: BylineHint[]; from: string | null } {
  const { $ } = page;
  let candidates = scope.toArray().flatMap((root) => below(root, isBylineElement));
  let within = scope;
  if (candidates.length === 0) {
    within = $('body');
    candidates = within.toArray().flatMap((root) => below(root, isBylineElement));
  }
  const hints: BylineHint[] = [];
  const seen = new Set<string>();
  const organisationsBefore = out.organisations.length;
  let block: Element | null = null;
  for (const el of candidates) {
    const node = $(el);
    // The innermost byline element speaks: a wrapper around author links is read through them.
    if (below(el, isBylineElement).some((c) => squash(printedText(c)) !== '')) continue;
    if (isForeignByline(page, el, within, scope)) continue;
    if (block && !contains(block, el)) break;
    // A label printed in an element of its own over the names ("<div class=field__label>Authors</div>",
    // Drupal's field template) is no part of them.
    const printed = printedLines(el);
    const lines = printed.length > 1 && isByWordAlone(printed[0]!) ? printed.slice(1) : printed;
    const text = trimBylineText(unwrapWith(joinedLines(lines)));
    if (!text || text.length > 120 || isByWordAlone(text) || !/\p{L}/u.test(text)) continue;
    // An author-archive link repeats the byline ("More Jane Roe.", "More stories by Jane Roe").
    const named = text.replace(ARCHIVE_LEAD, '').replace(/(?<![.\s])[.\s]+$/, '');
    if (seen.has(text.toLowerCase()) || seen.has(named.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    seen.add(named.toLowerCase());
    const agency = canonicalAgency(stripByLead(text));
    if (!agency && isSiteName(stripByLead(text), sites)) continue;
    if (agency) {
      // As printed ("Associated Press", "Von dpa" -> "dpa"); the story's source is read from it.
      out.organisations.push(stripByLead(text));
      continue;
    }
    // "Redaktion: A und B" (the German broadcasters' desk credit), "Editing by A": a line that
    // opens with a role other than writing names the story's editors, not its authors; the page's
    // authors are looked for elsewhere (a broadcast or date line may follow on the same element).
    const phrase = rolePhrase(lines[0] ?? '');
    if (phrase && !phrase.roles.includes('author')) continue;
    // Text that names nobody (a date line, "Staff") is no byline; the next element may be.
    const parsed = parseByline(text, 'author', { from: 'element', rule: 'page-byline' });
    if (parsed.length === 0) continue;
    const evidence = { from: 'element' as const, rule: `page-byline ${el.name}${node.attr('class') ? `.${node.attr('class')!.trim().split(/\s+/)[0]}` : ''}` };
    // "von David Straub, MDR THÜRINGEN": a part that opens with the site's name is its desk, no person.
    const desk = parsed.filter((b) => [...sites].some((site) => site.length >= 3 && folded(b.name).startsWith(site)));
    if (desk.length > 0) {
      for (const b of parsed) if (!desk.includes(b)) hints.push({ name: b.name, role: 'author', evidence });
    } else {
      hints.push({ raw: text, role: 'author', evidence });
    }
    // Further authors must sit in the same byline block (the first one's grandparent).
    block ??= el.parent?.parent && el.parent.parent.type === 'tag' ? el.parent.parent as Element : null;
    if (hints.length >= 8) break;
  }
  if (hints.length === 0 && out.organisations.length === organisationsBefore) {
    // No element is marked as the byline: the line the story prints with a by-line lead, then a
    // name printed in bold over the story's first paragraph. (Only in the story: the rest of the
    // page prints other stories' bylines.)
    const printed = leadLine(page, scope.toArray(), scope, sites);
    if (printed.length) return { hints: printed, from: 'page lead line' };
    // The line right above the story's element ("<div>By Jo Kim · date</div><article>…"): a short sibling before it.
    const above = linesAbove(scope);
    const printedAbove = above.length ? leadLine(page, above, scope.parent(), sites) : [];
    if (printedAbove.length) return { hints: printedAbove, from: 'page lead line' };
    const bold = boldNameOverStory(scope.toArray(), sites);
    if (bold.length) return { hints: bold, from: 'page bold name' };
  }
  return { hints, from: hints.length ? 'page' : null };
}

/** The longest line read as a printed byline. */
const LEAD_LINE_MAX = 160;

/**
 * Page parts whose lines belong to other stories or to the page's furniture: navigation, footers,
 * asides, a link around a teaser (it holds a heading, a paragraph or a picture), and another
 * story's `<article>` outside the story.
 */
function isElsewhere(el: Element, scope: Cheerio<AnyNode>): boolean {
  if (el.name === 'nav' || el.name === 'footer' || el.name === 'aside') return true;
  if (el.name === 'a') return below(el, (c) => /^(?:h[1-6]|p|div|img|figure)$/.test(c.name)).length > 0;
  if (el.name === 'article') return !scope.toArray().some((root) => contains(el, root) || contains(root, el));
  return false;
}

/**
 * The line sits in a link that prints something before it: another story's teaser, its title
 * and then its byline ("<a>Title … <span>Von Ana Roe, Wien</span></a>"). An author link prints
 * the byline first.
 */
function inTeaserLink(el: Element, line: string): boolean {
  const link = closestWhere(el, (a) => a.name === 'a' && a.attribs.href !== undefined);
  return link !== null && !squash(printedText(link, LEAD_LINE_MAX * 3)).startsWith(line);
}

/**
 * A byline element's text with its printed lines set off by commas: "By Jo Kim<br>Contributor" and
 * "<p>Jo Kim</p><p>Senior Reporter</p>" name a person, then a title (AP prints the agency on the
 * line under the name). A by-word on a line of its own runs on into the names.
 */
function bylineText(el: AnyNode, max?: number): string {
  return joinedLines(printedLines(el, max));
}

/** Printed lines joined as bylineText joins them. */
function joinedLines(lines: string[]): string {
  let out = '';
  for (const [i, line] of lines.entries()) {
    if (i === 0) out = line;
    else out += isByWordAlone(lines[i - 1]!) || /[,;:|/–—-]$/.test(out) ? ` ${line}` : `, ${line}`;
  }
  return out;
}

/** A name of two to five words in a script without capitals ("محمد علي", "วิภา ศรีสุข"). */
function isCaselessName(name: string): boolean {
  return !/[\p{Lu}\p{Ll}]/u.test(name) && isCaselessNameShape(name);
}

/** A printed name, checked without a label's leniency (a line is no byline element): person-shaped, as the engine judges. */
function isPrintedName(name: string): boolean {
  return looksLikePersonName(name) || looksLikePersonName(name, { allowSingle: true }) && !/\p{Lu}/u.test(name);
}

/**
 * "(责编：甲、乙)", "[责任编辑:甲]": the editor in charge, which Chinese news pages print under the
 * story as its credit; what follows the label.
 */
function editorLine(text: string): string | null {
  const bare = text.replace(/^[(（[［【]\s*/u, '');
  if (!/^\p{Script=Han}/u.test(bare)) return null;
  const phrase = rolePhrase(bare);
  return phrase && phrase.roles.includes('editing') ? phrase.rest.replace(/\s*[)）\]］】]\s*$/u, '') : null;
}

/** How many elements before the story's own a byline is looked for in, and how much text each may hold. */
const ABOVE_SIBLINGS = 3;

/**
 * The elements right before the story's element in its parent (at most ABOVE_SIBLINGS, each of a
 * line's length or so): where a page prints the byline over an `<article>` that holds only the text.
 */
function linesAbove(scope: Cheerio<AnyNode>): AnyNode[] {
  const first = scope.toArray()[0];
  if (!first || !isTag(first) || first.name === 'body' || first.name === 'html') return [];
  const out: AnyNode[] = [];
  for (let n = first.prev; n && out.length < ABOVE_SIBLINGS; n = n.prev) {
    if (!isTag(n)) continue;
    if (squash(printedText(n, LEAD_LINE_MAX * 3)).length > LEAD_LINE_MAX * 2) break;
    out.push(n);
  }
  return out;
}

/**
 * The byline as printed where no element is marked as one: the first text in the story that opens
 * with a by-line lead ("Von: Ana Roe, Jo Kim", "By Jo Kim", a label in an element of its own before
 * the names: "<strong>Autorin/Autor</strong> Jo Kim", "<dt>Author:</dt>"), read from the smallest
 * element around it (up to three levels) that holds the names, or a Chinese page's
 * editor-in-charge line. Every name must be person-shaped: running text that opens with "Von" or
 * "By" ("Von Berlin aus", "By Monday") names no one.
 */
function leadLine(page: Page, roots: AnyNode[], scope: Cheerio<AnyNode>, sites: Set<string>): BylineHint[] {
  const within = scope;
  for (const root of roots) {
    const stack: AnyNode[] = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (isTag(n) || n.type === 'root') {
        if (isTag(n) && (n.name === 'script' || n.name === 'style' || isVisuallyHidden(n) || isElsewhere(n, scope))) continue;
        const children = (n as Element).children ?? [];
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
        continue;
      }
      if (n.type !== 'text') continue;
      const t = squash((n as unknown as { data: string }).data);
      if (!t || t.length > LEAD_LINE_MAX) continue;
      const editor = editorLine(t);
      if (editor !== null) {
        const names = parseByline(editor, 'editing', { from: 'element', rule: 'page-editor-line' }).filter((b) => isPrintedName(b.name));
        if (names.length) return names.map((b) => ({ name: b.name, role: 'editing', evidence: b.evidence }));
        continue;
      }
      const alone = isByWordAlone(t);
      if (alone || startsWithByLead(t)) {
        const found = readLeadLine(page, n.parent, t, alone, within, scope, sites);
        if (found.length) return found;
        continue;
      }
      const name = t.replace(/\s*[|•·]$/, '');
      if (name.length <= 60 && looksLikePersonName(name)) {
        const found = readNameThenDate(page, n.parent, name, within, scope, sites);
        if (found.length) return found;
      }
    }
  }
  return [];
}

function readLeadLine(page: Page, start: AnyNode | null, lead: string, alone: boolean, within: Cheerio<AnyNode>, scope: Cheerio<AnyNode>, sites: Set<string>): BylineHint[] {
  let el = start;
  for (let up = 0; up < 3 && el && isTag(el); up++, el = el.parent) {
    const full = bylineText(el, LEAD_LINE_MAX * 3);
    if (full.length > LEAD_LINE_MAX * 2) return [];
    if (isByWordAlone(full)) continue;
    // The lead opens the line: "capital von Jo Kim" or "Datum 28.04. Autor Jo Kim" is some other text.
    if (!full.startsWith(lead)) return [];
    if (isForeignByline(page, el, within, scope) || inTeaserLink(el, full)) return [];
    const text = trimBylineText(unwrapWith(alone && !startsWithByLead(full) ? full.slice(lead.length) : full));
    if (!text || text.length > LEAD_LINE_MAX) return [];
    const evidence = { from: 'element' as const, rule: `page-lead-line ${el.name}` };
    const parsed = parseByline(text, 'author', evidence);
    // After a by-word a name in a caseless script (Arabic, Hebrew, Devanagari, Thai) is known by its
    // shape alone: no capital can tell it, and the by-word says a name follows.
    if (parsed.length === 0 || !parsed.every((b) => isPrintedName(b.name) || isCaselessName(b.name))) return [];
    if (parsed.some((b) => isSiteName(b.name, sites) || canonicalAgency(b.name))) return [];
    // The printed text goes on, so the credits engine keeps the place and the affiliation it names.
    return [{ raw: text, role: 'author', evidence }];
  }
  return [];
}

/**
 * "Jo Kim | 05.04.2025 - Updated 05.04.2025", "Jo Kim|Published 2 days ago": a person's name
 * opening a line of the story, set off by a bar from the date (the byline and date row under the
 * headline that Anadolu Ajansı and South African news sites print without byline markup).
 */
function readNameThenDate(page: Page, start: AnyNode | null, name: string, within: Cheerio<AnyNode>, scope: Cheerio<AnyNode>, sites: Set<string>): BylineHint[] {
  let el = start;
  for (let up = 0; up < 3 && el && isTag(el); up++, el = el.parent) {
    const full = squash(printedText(el, LEAD_LINE_MAX * 3));
    if (full.length > LEAD_LINE_MAX * 2 || !full.startsWith(name)) return [];
    const rest = full.slice(name.length);
    if (/^\s*[|•·]?$/.test(rest)) continue;
    const m = /^\s*[|•·]\s*(\S[\s\S]*)$/.exec(rest);
    if (!m || !DATE_START.test(m[1]!)) return [];
    if (isForeignByline(page, el, within, scope) || isSiteName(name, sites) || canonicalAgency(name)) return [];
    return [{ name, role: 'author', evidence: { from: 'element', rule: `page-name-date-line ${el.name}` } }];
  }
  return [];
}

/** A paragraph of prose: long enough, ending as a sentence ends. */
function isProse(el: Element): boolean {
  const t = squash(printedText(el, 400));
  return t.length >= 80 && /[.!?…。"”»]$/u.test(t);
}

/**
 * The names a paragraph printed wholly in bold holds ("<p><strong>Jo Kim</strong></p>",
 * "<p><b><i>A, B</i></b></p>"), when every one is person-shaped and none is the site or an agency.
 */
function boldNames(p: Element, sites: Set<string>): BylineHint[] {
  const inner = p.children.filter((c) => !(c.type === 'text' && squash((c as unknown as { data: string }).data) === ''));
  const only = inner.length === 1 && isTag(inner[0]) ? inner[0] : null;
  if (!only || (only.name !== 'strong' && only.name !== 'b')) return [];
  const text = squash(printedText(only, 200)).replace(/(?<![.,:;\s])[.,:;\s]+$/, '');
  // "Read More Stories", "Related Articles", "Follow Us": the heading of page furniture, as the one boilerplate vocabulary knows it.
  if (!text || text.length > LEAD_LINE_MAX || FURNITURE_PHRASE.test(text) || STORY_END.test(text) || PROMO_LINE.test(text)) return [];
  const evidence = { from: 'element' as const, rule: 'page-bold-name' };
  const parsed = parseByline(text, 'author', evidence);
  if (parsed.length === 0 || !parsed.every((b) => looksLikePersonName(b.name) && !isSiteName(b.name, sites) && !canonicalAgency(b.name))) return [];
  return parsed.map((b) => ({ name: b.name, role: 'author', evidence }));
}

/**
 * The writer's name printed in bold in a paragraph of its own at the head or at the foot of the
 * story's text, where the page has no byline field: over the first paragraph (WordPress news sites:
 * LesothoTimes, Ilanga) or under the last as its signature (VnExpress, Ukrainska Pravda). Read in a
 * run of at least three paragraphs, next to a paragraph of prose. Each run is looked at once.
 */
function boldNameOverStory(roots: AnyNode[], sites: Set<string>): BylineHint[] {
  const seen = new Set<AnyNode>();
  for (const root of roots) {
    for (const p of below(root, (e) => e.name === 'p')) {
      const parent = p.parent;
      if (!parent || seen.has(parent)) continue;
      seen.add(parent);
      const run = (parent as Element).children.filter((c): c is Element => isTag(c) && c.name === 'p' && squash(printedText(c, 200)) !== '');
      if (run.length < 3) continue;
      const head = isProse(run[1]!) ? boldNames(run[0]!, sites) : [];
      if (head.length) return head;
      const foot = isProse(run[run.length - 2]!) ? boldNames(run[run.length - 1]!, sites) : [];
      if (foot.length) return foot;
    }
  }
  return [];
}

/**
 * The bylines; a site's own name in an author field ("n-tv NACHRICHTEN", "LTO") is passed over
 * for a person named elsewhere on the page (the visible byline, another meta tag) or an agency,
 * and kept only when the page names no one else.
 */
export function pageBylines(page: Page, article: JsonLdNode | null, scope: Cheerio<AnyNode>): PageBylines {
  const sites = siteNames(page, article);
  const named = collectBylines(page, article, scope, sites);
  if (named.bylines.length > 0 || named.organisations.some((o) => canonicalAgency(o))) return named;
  const fallback = collectBylines(page, article, scope, new Set());
  // "hessenschau.de, Frankfurt, Germany" names the site and its address: the site is kept, not the places.
  for (const h of fallback.bylines) {
    const v = h.name ?? h.raw ?? '';
    const bare = withoutAddress(v).split(',')[0]!.trim();
    if (bare && bare !== v && isSiteName(v, sites)) {
      h.name = bare;
      delete h.raw;
    }
  }
  return fallback;
}

function collectBylines(page: Page, article: JsonLdNode | null, scope: Cheerio<AnyNode>, sites: Set<string>): PageBylines {
  const out: PageBylines = { bylines: [], organisations: [], from: null };
  const ld = fromJsonLd(page, article, sites, out);
  if (ld.some(namesSomeone)) {
    out.bylines = ld;
    out.from = 'json-ld author';
    return out;
  }
  const meta = fromMeta(page, sites, out);
  if (meta.hints.length) {
    // A surname-first name the page also prints in reading order ("Von Katrin Lehmann") is
    // given as the page prints it.
    if (meta.hints.some((h) => h.evidence.rule.endsWith(':surname-first'))) {
      const printed = fromPage(page, sites, scope, { bylines: [], organisations: [], from: null }).hints.map((h) => h.raw ?? '').join(' | ');
      for (const h of meta.hints) {
        const m = /^([^,]+),\s+(.+)$/.exec(h.name ?? '');
        if (h.evidence.rule.endsWith(':surname-first') && m && printed.includes(`${m[2]} ${m[1]}`)) h.name = `${m[2]} ${m[1]}`;
      }
    }
    out.bylines = meta.hints;
    out.from = meta.from;
    return out;
  }
  const visible = fromPage(page, sites, scope, out);
  out.bylines = visible.hints;
  out.from = visible.from;
  return out;
}
