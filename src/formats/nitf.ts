import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article, Byline, Rendition } from '../model/article.generated.js';
import { attr, child, children, cleanText, descendants, type XmlElement, type XmlNode } from '../xml/xml-tree.js';
import { canonicalAgency, wireAgency } from '../extract/agencies.js';
import { rolePhrase } from '../extract/bylines.js';
import { isJobTitle } from '../extract/names.js';
import { escapeHtml, trimEndOf } from '../text/clean.js';
import { instantMs, parseDate } from '../text/dates.js';
import { readXmlItems, storiesOfItems } from './xml-items.js';
import { countryName } from '../extract/countries.js';

/**
 * IPTC NITF 3.x (AP, PA, EFE, AAP, NTB, Canadian Press): one story per `<nitf>` document; a file
 * of several concatenated `<nitf>` documents (or a wrapper around them) gives one story each.
 *
 * The readers below (`readNitf`, `nitfBodyHtml`, `nitfStoryHtml`, `readTaglines`, `nitfBylines`,
 * `nitfPictures`) take already parsed NITF elements so that formats carrying NITF inside
 * (NewsML 1.2 DataContent, NewsML-G2 inlineXML) read it the same way.
 */
const FORMAT = 'nitf';

export const nitf: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'IPTC NITF 3.x news documents (one or more <nitf> elements)',
  detect(s) {
    if (s.kind !== 'xml' || !s.xmlRoot) return 0;
    if (s.xmlRoot.name === 'nitf') return 1;
    // A wrapper of several NITF documents: the root says nothing, the first child does.
    return /<(?:[\w.-]+:)?nitf[\s>]/.test(s.head) && /<(?:[\w.-]+:)?body\.content[\s>]/.test(s.text) ? 0.5 : 0;
  },
  parse(input) {
    const items = readXmlItems(input, {
      format: FORMAT,
      itemName: 'nitf',
      select: (root) => (root.name === 'nitf' ? [root] : descendants(root, 'nitf')),
    });
    return storiesOfItems(input, items, FORMAT, 'the <nitf> document has neither a headline, a body nor a doc-id', (el) => {
      const story = readNitf(el);
      return story.headline || story.bodyHtml || story.guid ? story : null;
    });
  },
};

// ---- status ----

const STATUS: Record<string, Article['pubStatus']> = { usable: 'usable', embargoed: 'withheld', withheld: 'withheld', canceled: 'canceled', cancelled: 'canceled' };

/** ed-msg/@msg-type words that are explicit version signals. */
const MSG_SIGNALS: Array<[RegExp, string]> = [
  [/correct|rectif|berichtig/i, 'correction'],
  [/write-?thru|writethrough/i, 'writethru'],
  [/update|refresh/i, 'update'],
  [/\bkill|withdraw|elimina/i, 'kill'],
  [/advis/i, 'advisory'],
];

// ---- the reader ----

/** Reads one `<nitf>` element into a story (head metadata, body.head lines, body, media). */
export function readNitf(root: XmlElement): ParsedStory {
  const head = child(root, 'head');
  const docdata = child(head, 'docdata');
  const body = child(root, 'body');
  const bodyHead = child(body, 'body.head');
  const bodyContent = child(body, 'body.content');
  const bodyEnd = child(body, 'body.end');
  const hedline = child(bodyHead, 'hedline');

  const statusRaw = attr(docdata, 'management-status')?.trim().toLowerCase() ?? null;
  const pubStatus = statusRaw ? STATUS[statusRaw] ?? null : null;
  const signals: string[] = [];
  if (pubStatus === 'canceled') signals.push('kill');
  const notes: string[] = [];
  let corrected: string | null = null;
  for (const msg of children(docdata, 'ed-msg', 'correction')) {
    // NITF 3.x DTD, docdata/correction: info is the correction notice, id-string names the corrected document.
    if (msg.name === 'correction') {
      const info = nonEmpty(attr(msg, 'info'));
      corrected ??= nonEmpty(attr(msg, 'id-string'));
      if (info || corrected) {
        if (!signals.includes('correction')) signals.push('correction');
        if (info && !notes.includes(info)) notes.push(info);
      }
      continue;
    }
    const type = attr(msg, 'msg-type');
    for (const [re, signal] of MSG_SIGNALS) if (type && re.test(type) && !signals.includes(signal)) signals.push(signal);
    // ed-msg is "a message to the editor": its info (or its text) is not for publication.
    const note = nonEmpty(attr(msg, 'info')) ?? cleanText(msg);
    if (note && !notes.includes(note)) notes.push(note);
  }

  const issue = dateNorm(child(docdata, 'date.issue'));
  const release = dateNorm(child(docdata, 'date.release'));

  const hl1 = cleanText(child(hedline, 'hl1'));
  const hl2 = cleanText(child(hedline, 'hl2'));
  const headline = hl1 ?? cleanText(child(head, 'title'));

  const taglines = readTaglines(bodyEnd);
  const dateline = readDateline(child(bodyHead, 'dateline'));
  const source = readSource(head, bodyHead);

  const bodyHtml = nitfStoryHtml(bodyContent, taglines);
  const abstract = child(bodyHead, 'abstract');

  return {
    type: 'text',
    guid: nonEmpty(attr(child(docdata, 'doc-id'), 'id-string')),
    version: nonEmpty(attr(child(docdata, 'du-key'), 'version')),
    versionCreated: issue,
    firstCreated: null,
    // date.release is an embargo when the document says it is embargoed, or when it is later than
    // date.issue (NITF DTD: "Date/time document is available for release"); most senders write the
    // issue time again, or an earlier one, and that holds nothing back. A kill is never held.
    embargoedUntil: statusRaw === 'embargoed' || (pubStatus !== 'canceled' && releasedAfterIssue(release, issue)) ? release : null,
    // management-doc-idref names the document this one relates to: the story a correction or
    // kill targets, the version an update replaces; else a <correction>'s id-string.
    replaces: nonEmpty(attr(docdata, 'management-doc-idref')) ?? corrected,
    editorNote: notes.length ? notes.join('\n\n') : null,
    pubStatus,
    signals,
    language: nonEmpty(attr(root, 'baselang')) ?? nonEmpty(attr(root, 'xml:lang')) ?? nonEmpty(attr(body, 'xml:lang')),
    provider: source.provider,
    source: source.source,
    headline,
    subheadline: hl2 && hl2 !== headline ? hl2 : null,
    summary: abstract && !descendants(abstract, 'media').length ? cleanText(abstract) : null,
    bodyHtml: bodyHtml || null,
    dateline: dateline.raw,
    datelineCity: dateline.city,
    datelineCountry: dateline.country,
    datelineDate: dateline.date,
    bylines: nitfBylines(bodyHead),
    copyrightHolder: nonEmpty(attr(child(docdata, 'doc.copyright'), 'holder')),
    usageTerms: nonEmpty(attr(child(docdata, 'doc.rights'), 'limitations')),
    pictures: nitfPictures(body, [source.source, source.provider]),
    keywords: readKeywords(docdata),
    subjects: readSubjects(head),
    places: readPlaces(docdata),
  };
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** `norm` is the machine-readable date (ISO 8601 basic); the element text is a fallback. */
function dateNorm(el: XmlElement | null): string | null {
  return nonEmpty(attr(el, 'norm')) ?? cleanText(el);
}

/**
 * Whether a release time is strictly later than the issue time. Both must state an offset, or
 * neither (then both are read as the same clock); a date without a time compares as nothing.
 */
function releasedAfterIssue(release: string | null, issue: string | null): boolean {
  const zoned = [release, issue].map((d) => parseDate(d, { allowDateOnly: false }));
  const [r, i] = zoned.every((d) => d === null) ? [release, issue].map((d) => parseDate(d, { allowDateOnly: false, defaultOffset: '+00:00' })) : zoned;
  const [rMs, iMs] = [instantMs(r ?? null), instantMs(i ?? null)];
  return rMs !== null && iMs !== null && rMs > iMs;
}

// ---- who wrote it ----

/**
 * The writing agency: the first of the document's organisation fields that names a known agency,
 * else the first one stated. Distributor first (it names the agency that moved the copy), then
 * doc-id/@regsrc, the first delivery source, the copyright holder (NITF's doc.copyright: who holds
 * the copyright, the writer), then the rights owner and agent (doc.rights: who licenses it).
 */
function readSource(head: XmlElement | null, bodyHead: XmlElement | null): { source: string | null; provider: string | null } {
  const docdata = child(head, 'docdata');
  const distributorEl = child(bodyHead, 'distributor');
  const distributor = cleanText(child(distributorEl, 'org') ?? distributorEl);
  const fromSrc = children(child(docdata, 'del-list'), 'from-src');
  const firstSrc = fromSrc.find((f) => attr(f, 'level-number') === '1') ?? fromSrc[0] ?? null;
  const rights = child(docdata, 'doc.rights');
  const candidates = [
    distributor,
    nonEmpty(attr(child(docdata, 'doc-id'), 'regsrc')),
    nonEmpty(attr(firstSrc, 'src-name')),
    // The copyright holder wrote the story; doc.rights names who licenses it (AAP moving an AFP story).
    copyrightOwner(attr(child(docdata, 'doc.copyright'), 'holder')),
    nonEmpty(attr(rights, 'owner')),
    nonEmpty(attr(rights, 'agent')),
    cleanText(child(child(bodyHead, 'rights'), 'rights.owner')),
  ].filter((c): c is string => c !== null);
  const known = candidates.find((c) => wireAgency(c) !== null);
  return {
    source: known ?? candidates[0] ?? null,
    provider: distributor ?? nonEmpty(attr(child(docdata, 'doc-id'), 'regsrc')) ?? nonEmpty(attr(firstSrc, 'src-name')),
  };
}

/** "The Canadian Press. All rights reserved." -> "The Canadian Press". */
function copyrightOwner(holder: string | null): string | null {
  const t = nonEmpty(holder)?.replace(/[.,]?\s*all rights reserved\.?$/i, '').replace(/^(?:copyright|\(c\)|©)\s*(?:\d{4}\s*)?/i, '').trim();
  return t ? t : null;
}

/**
 * Bylines of body.head: each `<person>` is one byline string (it may still name several people,
 * "Mia Rabson and Jordan Press", which the credits engine splits); without `<person>` the byline's
 * text is one. `<byttl>` is the title or affiliation and `<location>` where the byline was written
 * (NITF 3.x DTD, byline: person, byttl, location), both kept out of the name. The words before a
 * person ("Additional reporting by") give its role as the credits engine reads them.
 */
export function nitfBylines(bodyHead: XmlElement | null): BylineHint[] {
  const out: BylineHint[] = [];
  for (const byline of children(bodyHead, 'byline')) {
    const title = cleanText(child(byline, 'byttl'));
    const locationEl = child(byline, 'location');
    const parts = children(locationEl).map((c) => cleanText(c)).filter((t): t is string => t !== null);
    const location = parts.length ? parts.join(', ') : cleanText(locationEl);
    const persons = children(byline, 'person');
    if (!persons.length) {
      const raw = nonEmpty(trimEndOf(textWithout(byline, ['byttl', 'location']) ?? '', ' ,;:–—-'));
      if (raw) out.push({ raw, affiliation: title, location, evidence: { from: 'element', rule: 'nitf byline' } });
      continue;
    }
    // The text since the last person (or the byline's start) opens a role or carries the last one on ("and").
    let roles: Array<Byline['role'] | undefined> = [undefined];
    let lead = '';
    const first = out.length;
    for (const c of byline.children) {
      if (typeof c === 'string') lead += c;
      else if (c.name !== 'person') lead += ' ';
      else {
        const raw = personName(c);
        const phrase = raw ? rolePhrase(`${lead.replace(/^[\s,;:.&]*(?:and\s+)?/i, '')} ${raw}`) : null;
        if (phrase && phrase.rest === raw) roles = phrase.roles;
        lead = '';
        for (const role of raw ? roles : []) out.push({ raw: raw!, ...(role ? { role } : {}), affiliation: title, location, evidence: { from: 'element', rule: 'nitf byline/person' } });
      }
    }
    // NITF 3.x DTD, byline: mixed text around <person>; an agency or job title printed after the last
    // person without <byttl> ("Von <person>Jo Kim</person>, dpa") is the persons' affiliation, as in a plain byline.
    const after = title ? null : trailingAffiliation(lead);
    if (after) for (const hint of out.slice(first)) hint.affiliation = after;
  }
  return out;
}

/**
 * A `<person>`'s name. NITF 3.x DTD, person: text mixed with name.given, name.family, function and
 * alt-code; the parts of a structured name are words of their own even where the markup puts no
 * space between them ("<name.given>Ana</name.given><name.family>Ruiz</name.family>").
 */
function personName(person: XmlElement): string | null {
  let s = '';
  for (const c of person.children) s += typeof c === 'string' ? c : ` ${cleanText(c) ?? ''} `;
  return nonEmpty(s);
}

/** The agency or job title a byline prints after its last person (", dpa", ", AP Sports Writer"); null for anything else. */
function trailingAffiliation(text: string): string | null {
  const t = nonEmpty(text.replace(/^[\s,;/|–—-]+/, '').replace(/[\s.,;]+$/, ''));
  if (!t) return null;
  return canonicalAgency(t) ?? (isJobTitle(t) ? t : null);
}

/** Text of an element with the named child elements left out, white space folded. */
function textWithout(el: XmlElement, skip: string[]): string | null {
  let s = '';
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (typeof c === 'string') s += c;
      else if (!skip.includes(c.name)) walk(c);
      else s += ' ';
    }
  };
  walk(el);
  return nonEmpty(s);
}

/**
 * body.end taglines ("Associated Press writer X contributed to this report.", "(Reporting by
 * ...)") close the story: they become its last paragraphs, where the credits engine reads
 * trailers and takes them out of the text.
 */
export function readTaglines(bodyEnd: XmlElement | null): string[] {
  return children(bodyEnd, 'tagline').map((t) => cleanText(t)).filter((t): t is string => t !== null);
}

/** The story's text as HTML: body.content, then its body.end taglines as closing paragraphs. */
export function nitfStoryHtml(bodyContent: XmlElement | null, taglines: string[]): string {
  return [nitfBodyHtml(bodyContent), ...taglines.map((p) => `<p>${escapeHtml(p)}</p>`)].filter(Boolean).join('\n');
}

/**
 * The dateline as the document states it (its text without `<story.date>`), the date its
 * `<story.date norm>` states, and the city when the markup names it: `<location><city>`, a `<location>` holding only a place name, or a
 * dateline that is only a place name ("Oslo").
 */
function readDateline(el: XmlElement | null): { raw: string | null; city: string | null; country: string | null; date: string | null } {
  if (!el) return { raw: null, city: null, country: null, date: null };
  const location = child(el, 'location');
  // A structured location reads as its parts in print order: "Ottawa, Ontario, Canada".
  const parts = children(location).map((c) => cleanText(c)).filter((t): t is string => t !== null);
  // In document order, the location where it stands ("<location>…</location>, <story.date>…"), the
  // punctuation left at either end once the date is out dropped.
  // NITF 3.x DTD, story.date: "printable date", its norm attribute optional; a date without norm stays
  // in the printed dateline, where the calendar reads it.
  const skip = attr(child(el, 'story.date'), 'norm') ? ['story.date'] : [];
  let raw = textWithout(el, skip);
  if (parts.length) {
    let s = '';
    for (const c of el.children) {
      if (typeof c === 'string') s += c;
      else if (c === location) s += ` ${parts.join(', ')} `;
      else if (!skip.includes(c.name)) s += ` ${textWithout(c, skip) ?? ''} `;
      else s += ' ';
    }
    raw = nonEmpty(s.replace(/\s+/g, ' ').replace(/\s+([,;:])/g, '$1').replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, ''));
  }
  let city = cleanText(child(location, 'city'));
  if (!city && location && children(location).length === 0) city = placeName(cleanText(location));
  if (!city && !location) city = placeName(raw);
  // NITF 3.x DTD, country: its iso-cc attribute is the ISO 3166-1 code, the element's text the printed name.
  const countryEl = child(location, 'country');
  return { raw, city, country: countryName(cleanText(countryEl) ?? attr(countryEl, 'iso-cc')), date: normDate(attr(child(el, 'story.date'), 'norm')) };
}

/** The date of an ISO 8601 `norm` attribute ("20260305", "20260305T091200+0000", "2026-03-05"), as YYYY-MM-DD. */
function normDate(norm: string | null | undefined): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?!\d)/.exec(norm?.trim() ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function placeName(s: string | null): string | null {
  return s && /^[\p{L}][\p{L} .'’-]*$/u.test(s) && s.split(' ').length <= 4 ? s : null;
}

function readKeywords(docdata: XmlElement | null): string[] {
  const out: string[] = [];
  for (const list of children(docdata, 'key-list')) {
    for (const kw of children(list, 'keyword')) {
      const k = nonEmpty(attr(kw, 'key')) ?? cleanText(kw);
      if (k && !out.includes(k)) out.push(k);
    }
  }
  return out;
}

function readSubjects(head: XmlElement | null): NonNullable<ParsedStory['subjects']> {
  const out: NonNullable<ParsedStory['subjects']> = [];
  for (const tobject of children(head, 'tobject')) {
    for (const s of children(tobject, 'tobject.subject')) {
      const code = nonEmpty(attr(s, 'tobject.subject.refnum'));
      const name = nonEmpty(attr(s, 'tobject.subject.detail')) ?? nonEmpty(attr(s, 'tobject.subject.matter')) ?? nonEmpty(attr(s, 'tobject.subject.type'));
      if (!code && !name) continue;
      out.push({ scheme: nonEmpty(attr(s, 'tobject.subject.ipr')) ?? 'IPTC', code, name });
    }
  }
  return out;
}

function readPlaces(docdata: XmlElement | null): NonNullable<ParsedStory['places']> {
  const out: NonNullable<ParsedStory['places']> = [];
  for (const ev of children(docdata, 'evloc')) {
    const name = nonEmpty(attr(ev, 'city')) ?? nonEmpty(attr(ev, 'state-prov')) ?? nonEmpty(attr(ev, 'county-dist'));
    if (name) out.push({ name, code: nonEmpty(attr(ev, 'iso-cc')) });
  }
  // NITF 3.x DTD, docdata/identified-content: the locations the story is about, read as evloc is
  // (the most precise place named, the country's iso-cc as the code).
  for (const loc of children(child(docdata, 'identified-content'), 'location')) {
    const country = child(loc, 'country');
    const parts = ['city', 'state', 'region', 'country'].map((n) => cleanText(child(loc, n)));
    const name = parts.find(Boolean) ?? (children(loc).length ? null : cleanText(loc));
    if (name && !out.some((p) => p.name === name)) out.push({ name, code: nonEmpty(attr(country, 'iso-cc')) });
  }
  return out;
}

// ---- media ----

const PICTURE_TYPES = new Set(['image', 'photo', 'graphic', 'picture']);

/**
 * The pictures of a NITF body: `<media>` of an image type (or with an image rendition), with
 * `<media-caption>` as caption and `<media-producer>` (the creator's credit) as the credit.
 */
export function nitfPictures(body: XmlElement | null, organisations: Array<string | null> = []): PictureHint[] {
  // NITF DTD: media-producer is the "byline of the creator or producer": a person, or the
  // organisation that produced it. A producer that is the document's own agency (its distributor,
  // doc-id source or copyright holder) is that organisation, never a photographer.
  const own = new Set(organisations.filter((o): o is string => !!o).map((o) => o.toLowerCase()));
  const out: PictureHint[] = [];
  for (const media of descendants(body, 'media')) {
    const refs = children(media, 'media-reference');
    const type = attr(media, 'media-type')?.toLowerCase() ?? null;
    const imageRef = refs.some((r) => attr(r, 'mime-type')?.toLowerCase().startsWith('image/'));
    if (!(type ? PICTURE_TYPES.has(type) : imageRef)) continue;
    const caption = cleanText(child(media, 'media-caption'));
    const producer = cleanText(child(media, 'media-producer'));
    const renditions: Rendition[] = [];
    for (const r of refs) {
      const href = nonEmpty(attr(r, 'source')) ?? nonEmpty(attr(r, 'data'));
      if (!href) continue;
      renditions.push({ href, width: int(attr(r, 'width')), height: int(attr(r, 'height')), mimeType: nonEmpty(attr(r, 'mime-type')), name: nonEmpty(attr(r, 'name')) });
    }
    if (!caption && !producer && renditions.length === 0) continue;
    const ownAgency = producer !== null && own.has(producer.toLowerCase());
    out.push({
      caption,
      altText: refs.map((r) => nonEmpty(attr(r, 'alternate-text'))).find(Boolean) ?? null,
      creditRaw: producer,
      // media-producer is the creator's byline; a bare name there is the photographer.
      photographer: producer && !ownAgency && /^[\p{Lu}][\p{L}.'’-]*(?: [\p{Lu}][\p{L}.'’-]*){0,3}$/u.test(producer) && !canonicalAgency(producer) ? producer : null,
      ...(ownAgency && producer ? { agencies: [producer] } : {}),
      renditions,
      evidence: { from: 'element', rule: 'nitf media-producer' },
    });
  }
  return out;
}

function int(s: string | null): number | null {
  if (!s || !/^\d+$/.test(s.trim())) return null;
  return Number(s.trim());
}

// ---- body markup ----

/** NITF elements and the HTML element each becomes; null = keep only the content. */
const HTML_OF: Record<string, string | null> = {
  p: 'p', br: 'br', hr: 'hr', ul: 'ul', ol: 'ol', li: 'li', dl: 'dl', dt: 'dt', dd: 'dd', pre: 'pre', em: 'em',
  q: 'q', a: 'a', sub: 'sub', sup: 'sup', table: 'table', thead: 'thead', tbody: 'tbody', tfoot: 'tfoot', tr: 'tr',
  td: 'td', th: 'th', caption: 'caption', bq: 'blockquote', credit: 'cite', hl1: 'h1', hl2: 'h2', b: 'b', i: 'i',
  strong: 'strong', u: 'u', lang: 'span',
};
/** Not story text: media go to pictures, notes are for editors, metadata is not printed. */
const DROP = new Set(['media', 'note', 'nitf-table-metadata', 'bibliography', 'classifier', 'alt-code', 'pronounce']);
const KEEP_ATTRS: Record<string, string[]> = { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] };

/**
 * A NITF `body.content` as HTML: paragraphs, lists, tables and headings kept, inline entity
 * markup (person, org, location, money, chron...) unwrapped to its text, blocks flattened,
 * media and editor notes left out.
 */
export function nitfBodyHtml(bodyContent: XmlElement | null): string {
  if (!bodyContent) return '';
  let out = '';
  const walk = (nodes: readonly XmlNode[]): void => {
    for (const n of nodes) {
      if (typeof n === 'string') {
        out += escapeHtml(n);
        continue;
      }
      if (DROP.has(n.name)) continue;
      const tag = HTML_OF[n.name];
      if (!tag) {
        const block = n.name === 'block' || n.name === 'nitf-table' || n.name === 'body.content';
        if (block) out += '\n';
        walk(n.children);
        if (block) out += '\n';
        continue;
      }
      let attrs = '';
      for (const name of KEEP_ATTRS[tag] ?? []) {
        const v = attr(n, name);
        if (v !== null) attrs += ` ${name}="${escapeHtml(v)}"`;
      }
      if (tag === 'br' || tag === 'hr') {
        out += `<${tag}>`;
        continue;
      }
      out += `<${tag}${attrs}>`;
      walk(n.children);
      out += `</${tag}>`;
    }
  };
  walk(bodyContent.children);
  return out.replace(/\n{2,}/g, '\n').trim();
}
