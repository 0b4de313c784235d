import type { Article } from '../../model/article.generated.js';
import type { ParsedStory, PictureHint } from '../../model/parsed-story.js';
import { pubStatusFromCode } from '../pub-status.js';
import { canonicalAgency } from '../../extract/agencies.js';
import { monthNumber, weekdayNumber } from '../../extract/calendar.js';
import { parseDate } from '../../text/dates.js';
import { attr, child, children, cleanText, descendant, textOf, type XmlElement } from '../../xml/xml-tree.js';
import { readContent, type ItemContent } from './content.js';
import { partyName, photographerOf, readBylines, roleOf } from './people.js';
import { findProfile, type ProviderProfile } from './profiles.js';
import { qcodeCode, qcodeParts } from './qcode.js';

/**
 * Reads one NewsML-G2 item (newsItem, packageItem, or a bare contentMeta/contentSet fragment) into
 * a ParsedStory. Every value is the document's own; normalize and extract do the rest.
 */

/** The G2 building blocks of an item; a fragment document supplies only some of them. */
export interface ItemParts {
  item: XmlElement | null;
  itemMeta: XmlElement | null;
  contentMeta: XmlElement | null;
  contentSet: XmlElement | null;
  rightsInfo: XmlElement | null;
  groupSet: XmlElement | null;
}

export function partsOf(el: XmlElement): ItemParts {
  if (el.name === 'newsItem' || el.name === 'packageItem') {
    return {
      item: el,
      itemMeta: child(el, 'itemMeta'),
      contentMeta: child(el, 'contentMeta'),
      contentSet: child(el, 'contentSet'),
      rightsInfo: child(el, 'rightsInfo'),
      groupSet: child(el, 'groupSet'),
    };
  }
  const pick = (name: string): XmlElement | null => (el.name === name ? el : child(el, name));
  return { item: null, itemMeta: pick('itemMeta'), contentMeta: pick('contentMeta'), contentSet: pick('contentSet'), rightsInfo: pick('rightsInfo'), groupSet: null };
}

/** The item class as the canonical article type ("ninat:picture", "icls:picture" -> picture). */
export function itemType(parts: ItemParts): Article['type'] {
  if (parts.item?.name === 'packageItem') return 'composite';
  const code = qcodeCode(attr(child(parts.itemMeta, 'itemClass'), 'qcode')).toLowerCase();
  if (code === 'picture' || code === 'photo') return 'picture';
  if (code === 'graphic') return 'graphic';
  if (code === 'video') return 'video';
  if (code === 'audio') return 'audio';
  if (code === 'composite') return 'composite';
  return 'text';
}

const text = (el: XmlElement | null | undefined): string | null => cleanText(el);
/** The element's text as written (trailing spaces and line breaks kept for normalize), null when blank. */
const rawText = (el: XmlElement | null | undefined): string | null => {
  const t = el ? textOf(el) : '';
  return t.trim() ? t : null;
};

/** Ruby annotations: the reading printed over the base text and the brackets shown where ruby is not rendered. */
const RUBY_ANNOTATION = new Set(['rt', 'rp']);

/**
 * The text of a Label1Type property (headline): its minimal markup (a, span, ruby, inline) read as
 * text, a ruby's annotation left out, since the headline is the base text (NewsML-G2 XSD, Label1Type
 * admits ruby; HTML, the ruby element: rt holds the annotation, rp the fallback brackets). Read with
 * a stack, not recursion. Null when blank.
 */
function labelText(el: XmlElement): string | null {
  let t = '';
  const stack: Array<string | XmlElement> = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node === 'string') { t += node; continue; }
    if (node !== el && RUBY_ANNOTATION.has(node.name)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return t.trim() ? t : null;
}

function langOf(el: XmlElement): string | null {
  return attr(el, 'xml:lang') ?? attr(el, 'lang');
}

function samePrimary(a: string | null, b: string | null): boolean {
  return !!a && !!b && a.split(/[-_]/)[0]!.toLowerCase() === b.split(/[-_]/)[0]!.toLowerCase();
}

/** Ancestors looked at for an inherited xml:lang (the tree's own depth cap is larger; an item's metadata is shallow). */
const MAX_LANG_DEPTH = 64;

/**
 * The language an element is in: its own xml:lang, else the nearest ancestor's (NewsML-G2
 * Specification, i18nAttributes: xml:lang applies to the element's descendants unless they override it).
 */
function inheritedLang(el: XmlElement): string | null {
  let e: XmlElement | null = el;
  for (let depth = 0; e && depth < MAX_LANG_DEPTH; depth++, e = e.parent) {
    const lang = langOf(e);
    if (lang) return lang;
  }
  return null;
}

/** Of several language variants of an element, the one in the item's language (else the first). */
function preferLanguage(els: XmlElement[], language: string | null): XmlElement | null {
  return els.find((e) => samePrimary(inheritedLang(e), language)) ?? els[0] ?? null;
}

function pubStatusOf(itemMeta: XmlElement | null): Article['pubStatus'] | null {
  return pubStatusFromCode(qcodeCode(attr(child(itemMeta, 'pubStatus'), 'qcode')));
}

/** Reuters editorial status (edStat) and IPTC signal codes that stand for a wiredesk signal. */
const ED_STAT: Record<string, string | null> = { n: null, u: 'update', c: 'correction', d: 'kill', a: 'advisory' };
const SIGNAL_CODES: Record<string, string> = {
  update: 'update', correction: 'correction', corrected: 'correction', kill: 'kill', withdrawal: 'kill',
  advisory: 'advisory', writethru: 'writethru', 'write-through': 'writethru',
};

function signalsOf(parts: ItemParts, pubStatus: Article['pubStatus'] | null, profile: ProviderProfile | null, fields: Record<string, string | null>): string[] {
  const out = new Set<string>();
  for (const s of children(parts.itemMeta, 'signal')) {
    const { scheme, code } = qcodeParts(attr(s, 'qcode'));
    const sch = (scheme ?? '').toLowerCase();
    if (sch === 'edstat') {
      const mapped = ED_STAT[code.toLowerCase()];
      if (mapped) out.add(mapped);
    } else if (sch === 'wdsig') {
      // wiredesk's own signal scheme (src/export/newsml-g2.ts): the canonical signal as it is.
      if (/^[a-z0-9-]{1,40}$/.test(code)) out.add(code);
    } else if (sch === 'sig' || sch === 'signal') {
      const mapped = SIGNAL_CODES[code.toLowerCase()];
      if (mapped) out.add(mapped);
    }
  }
  if (pubStatus === 'canceled') out.add('kill');
  for (const rule of profile?.textSignals ?? []) {
    const value = fields[rule.field];
    if (value && rule.pattern.test(value)) out.add(rule.signal);
  }
  return [...out];
}

/** A month or weekday name (the one calendar), or a relative day word. */
const isMonthOrDay = (w: string): boolean => monthNumber(w) !== null || weekdayNumber(w) !== null || /^(?:today|yesterday)$/i.test(w);

/** Some wires fill `dateline` with a timestamp ("2014-07-16 15:53:10 GMT+00:00", "MARCH 04, 2013"). */
function isTimestamp(s: string): boolean {
  if (parseDate(s) !== null) return true;
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return true;
  return /^[\p{L}]+\.? \d{1,2},? \d{4}$/u.test(s);
}

/** The place name a dateline element opens with ("MOSCOW, Monday (Reuters)", "London (dpa) -", "ANSA - ROMA, 01 LUG -"). */
export function datelineCityOf(dateline: string): string | null {
  for (const seg of dateline.split(/\s[-–—_]\s|\s[-–—_]$|[(),]/)) {
    const s = seg.trim();
    if (!s || !/^[\p{L}][\p{L} .'’-]*$/u.test(s)) continue;
    const words = s.split(/\s+/);
    if (words.length > 4) continue;
    if (words.some((w) => canonicalAgency(w) || findProfile(w))) continue;
    if (words.every(isMonthOrDay)) continue;
    return s;
  }
  return null;
}

function providerOf(itemMeta: XmlElement | null): { strings: string[]; name: string | null; agency: string | null } {
  const el = child(itemMeta, 'provider');
  if (!el) return { strings: [], name: null, agency: null };
  const literal = attr(el, 'literal')?.trim() || null;
  const qcode = attr(el, 'qcode')?.trim() || null;
  const name = text(child(el, 'name'));
  const uri = attr(el, 'uri')?.trim() || null;
  const code = qcode ? qcodeCode(qcode) : null;
  // "reuters.com" / "ansa.it": the organisation is the domain's first label.
  const domain = literal && /^[\w-]+(?:\.[\w-]+)+$/.test(literal) ? literal.split('.').slice(-2, -1)[0] ?? null : null;
  const strings = [literal, qcode, name, uri].filter((s): s is string => !!s);
  const agency = [literal, code, name, domain].map((s) => canonicalAgency(s)).find((s) => s) ?? findProfile(...strings)?.agency ?? null;
  return { strings, name: agency ?? name ?? literal ?? code, agency };
}

/** A recognized agency name for a party string, or null. */
function agencyOf(s: string | null): string | null {
  if (!s) return null;
  return canonicalAgency(s) ?? findProfile(s)?.agency ?? null;
}

/**
 * The agency that wrote the item: an `infoSource` naming the originating party (kept as named,
 * e.g. a data supplier), else an agency among the creators, the provider, the credit line, or
 * (inferred, not stated) the guid's domain.
 */
function sourceOf(parts: ItemParts, provider: { agency: string | null }, guid: string | null): { source: string | null; sourceInferredFrom?: string } {
  const stated = statedSource(parts, provider);
  if (stated) return { source: stated };
  const fromGuid = guid ? (findProfile(guid)?.agency ?? null) : null;
  return fromGuid ? { source: fromGuid, sourceInferredFrom: `item guid "${guid!.slice(0, 120)}"` } : { source: null };
}

/**
 * infoSource roles that name the content's origin. Without a role the party originated the
 * information (XSD, infoSource @role: "If a party did anything other than originate information a
 * role attribute with one or more roles must be applied"); IPTC Content Production Party Role
 * NewsCodes (formerly Information Source Role) name the origin origcont, originfo or contentSource;
 * providers' own schemes say origProv or originator. @role is a QCode list: one origin code suffices.
 */
const ORIGIN_ROLE = /origprov|origcont|originfo|source|originat/;

function statedSource(parts: ItemParts, provider: { agency: string | null }): string | null {
  for (const el of children(parts.contentMeta, 'infoSource')) {
    const role = (attr(el, 'role') ?? '').toLowerCase();
    if (role && !ORIGIN_ROLE.test(role)) continue;
    // A party may be named by its qcode alone (Flex1PartyPropType); a provider code that is a known agency ("nprov:AFP") names it.
    const name = partyName(el) ?? agencyOf(qcodeCode(attr(el, 'qcode')) || null);
    if (!name || /no-data|^n\/?a$/i.test(name)) continue;
    return canonicalAgency(name) ?? findProfile(name)?.agency ?? name;
  }
  for (const el of children(parts.contentMeta, 'creator')) {
    if (roleOf(attr(el, 'role'), 'author') === 'photographer') continue;
    const agency = agencyOf(partyName(el));
    if (agency) return agency;
  }
  if (provider.agency) return provider.agency;
  return agencyOf(text(child(parts.contentMeta, 'creditline')));
}

/** Headline roles that stand below the main headline (sub, short, alternative and teaser lines). */
const SUBORDINATE_HEADLINE = /sub|short|alt|teaser|kicker|overline|strap|seo|social/i;

/**
 * The main headline: NewsML-G2 headline is a Label1Type with an optional `role` QCode and the
 * `rank` of rankingAttributes ("the relative importance of properties in a list"). A headline
 * with no role or a main role comes first, then one whose role is not a subordinate one, then
 * any; within a tier the lowest rank, then the item's language, then document order.
 */
function headlines(contentMeta: XmlElement | null, language: string | null): { main: string | null; sub: string | null; subordinate: boolean } {
  const all = children(contentMeta, 'headline').filter((h) => textOf(h).trim());
  const roleOf = (h: XmlElement): string => qcodeCode(attr(h, 'role')) || (attr(h, 'roleuri') ?? '').replace(/^.*[/#]/, '');
  const tier = (h: XmlElement): number => {
    const role = roleOf(h);
    if (!role || /main|^hl1$|^headline$/i.test(role)) return 0;
    return SUBORDINATE_HEADLINE.test(role) ? 2 : 1;
  };
  const rank = (h: XmlElement): number => {
    const r = attr(h, 'rank')?.trim();
    return r && /^\d+$/.test(r) ? Number(r) : Number.MAX_SAFE_INTEGER;
  };
  let main: XmlElement | null = null;
  for (const t of [0, 1, 2]) {
    const inTier = all.filter((h) => tier(h) === t);
    if (!inTier.length) continue;
    const best = Math.min(...inTier.map(rank));
    main = preferLanguage(inTier.filter((h) => rank(h) === best), language);
    break;
  }
  const sub = all.find((h) => h !== main && /sub/i.test(roleOf(h)));
  return { main: main ? labelText(main) : null, sub: sub ? labelText(sub) : null, subordinate: main !== null && tier(main) === 2 };
}

function descriptionBy(contentMeta: XmlElement | null, role: RegExp, language: string | null): string | null {
  const els = children(contentMeta, 'description').filter((d) => role.test(qcodeCode(attr(d, 'role'))) && textOf(d).trim());
  return rawText(preferLanguage(els, language));
}

function pictureOf(parts: ItemParts, content: ItemContent, profile: ProviderProfile | null, language: string | null, guid: string | null): PictureHint {
  // IPTC Description Role NewsCodes: drol:caption is the caption; a picture without one is best described by its drol:summary.
  const caption = descriptionBy(parts.contentMeta, /caption/i, language) ?? descriptionBy(parts.contentMeta, /^$/, language) ??
    descriptionBy(parts.contentMeta, /summary/i, language);
  const photographer = photographerOf(parts.contentMeta);
  let creditRaw = text(child(parts.contentMeta, 'creditline'));
  // Without a named photographer the caption's printed credit says more than a bare creditline.
  if (!photographer && caption && profile?.captionCredit) {
    const printed = profile.captionCredit.exec(caption.replace(/\s+/g, ' ').trim())?.[1]?.trim();
    if (printed && (!creditRaw || printed.toLowerCase() !== creditRaw.toLowerCase())) creditRaw = printed;
  }
  return {
    guid,
    caption,
    creditRaw,
    photographer,
    renditions: content.renditions,
    evidence: { from: 'element', rule: 'newsml-g2 creditline' },
  };
}

/** Removes a closing paragraph that is only the agency's desk sign-off. */
function dropSignoff(html: string, signoff: RegExp): string {
  const m = /<p(?:\s[^>]*)?>([^<]*)<\/p>\s*$/.exec(html);
  return m && signoff.test(m[1]!.trim()) ? html.slice(0, m.index) : html;
}

/** edNote roles that are no note: dpa's closing line is the desk's initials. */
const NOT_A_NOTE = /closingline|signoff/i;

/** An edNote's text, its XHTML paragraphs kept apart. */
function noteText(el: XmlElement): string | null {
  const blocks = el.children.filter((c): c is XmlElement => typeof c !== 'string' && /^(?:p|div|li|h\d)$/.test(c.name));
  if (blocks.length === 0) return text(el);
  return blocks.map((b) => text(b)).filter((t): t is string => !!t).join('\n\n') || null;
}

/** Notes for editors, not for publication: the item's edNotes (and contentMeta's, where providers put them). */
function editorNotes(itemMeta: XmlElement | null, contentMeta: XmlElement | null): string[] {
  const notes: string[] = [];
  for (const el of [...children(itemMeta, 'edNote'), ...children(contentMeta, 'edNote')]) {
    if (NOT_A_NOTE.test(attr(el, 'role') ?? '')) continue;
    const t = noteText(el);
    if (t && !notes.includes(t)) notes.push(t);
  }
  return notes;
}

/**
 * The version this item replaces, when the item links it: `link rel="irel:previousVersion"`
 * (or any *:previousVersion) by its residref (the guid), else its href.
 */
function previousVersion(itemMeta: XmlElement | null): string | null {
  const link = children(itemMeta, 'link').find((l) => /(?:^|:)previousversion$/i.test(attr(l, 'rel')?.trim() ?? ''));
  return attr(link, 'residref')?.trim() || attr(link, 'href')?.trim() || null;
}

/**
 * Pictures a text item links from its itemMeta (as wiredesk's own export writes them, see
 * src/export/newsml-g2.ts): a `link` whose itemClass hint is a picture or graphic, or that has no
 * itemClass and an image media type, with its caption, alternative text, credit line,
 * photographer and renditions as hints inside it.
 */
function linkedPictures(itemMeta: XmlElement | null): PictureHint[] {
  const out: PictureHint[] = [];
  for (const link of children(itemMeta, 'link')) {
    const cls = qcodeCode(attr(child(link, 'itemClass'), 'qcode')).toLowerCase();
    // NewsML-G2 Specification, Link1Type: @contenttype is the IANA media type of the target, so an
    // image/* link is a picture too. Its <title> is the target's short name, no caption: left out.
    const image = !cls && /^image\//i.test(attr(link, 'contenttype')?.trim() ?? '');
    if (cls !== 'picture' && cls !== 'graphic' && cls !== 'photo' && !image) continue;
    const described = (role: RegExp): string | null => rawText(children(link, 'description').find((d) => role.test(qcodeCode(attr(d, 'role')))));
    const renditions = readContent(link).renditions;
    const href = attr(link, 'href')?.trim();
    if (!renditions.length && href) renditions.push({ href, width: null, height: null, mimeType: attr(link, 'contenttype')?.trim() || null, name: null });
    // wiredesk's export names the credit's agencies as contributors of role wdrole:agency: never the photographer.
    const parties = [...children(link, 'contributor'), ...children(link, 'creator')];
    const isAgency = (p: XmlElement): boolean => attr(p, 'role')?.trim() === 'wdrole:agency';
    const photographer = parties.filter((p) => !isAgency(p)).map(partyName).find((n) => n !== null) ?? null;
    const agencies = parties.filter(isAgency).map(partyName).filter((n): n is string => n !== null);
    out.push({
      guid: attr(link, 'residref')?.trim() || null,
      caption: described(/caption/i),
      altText: described(/alt/i),
      creditRaw: text(child(link, 'creditline')),
      photographer,
      ...(agencies.length ? { agencies } : {}),
      renditions,
      evidence: { from: 'element', rule: 'newsml-g2 link' },
    });
  }
  return out;
}

/**
 * The dateline city's country: the name of the `broader` of concept type country of a `located`
 * element (NewsML-G2 Guidelines, "located": where the content originates; IPTC Concept Type
 * NewsCodes cptype:country) that names the dateline's city. Another located place says nothing of it.
 */
function locatedCountry(contentMeta: XmlElement | null, city: string | null): string | null {
  if (!city) return null;
  for (const located of children(contentMeta, 'located')) {
    if (partyName(located)?.toLowerCase() !== city.toLowerCase()) continue;
    const country = children(located, 'broader').find((b) => qcodeCode(attr(b, 'type')).toLowerCase() === 'country');
    const name = country ? partyName(country) : null;
    if (name) return name;
  }
  return null;
}

/**
 * The item's version as the schema defines it: @version is an xs:positiveInteger with default="1"
 * (NewsML-G2 XSD, the item root's version attribute: "The version of the Item"), so an item without
 * one is version 1 and "02" is 2. A fragment (no item element) states no version; a value that is no
 * integer is kept as written.
 */
function itemVersion(item: XmlElement | null): string | null {
  if (!item) return null;
  const v = attr(item, 'version')?.trim();
  if (!v) return '1';
  const digits = /^\+?0*(\d{1,30})$/.exec(v)?.[1];
  return digits ?? v;
}

export interface ReadContext {
  /** Language declared on the enclosing newsMessage. */
  messageLanguage: string | null;
}

export function readItem(parts: ItemParts, ctx: ReadContext, itemIndex: number): ParsedStory {
  const { item, itemMeta, contentMeta, rightsInfo } = parts;
  const type = itemType(parts);
  const guid = attr(item, 'guid')?.trim() || null;
  const language =
    attr(children(contentMeta, 'language').find((l) => attr(l, 'tag')?.trim()), 'tag')?.trim() ??
    (item ? langOf(item) : null) ??
    ctx.messageLanguage;

  const content = readContent(parts.contentSet);
  const nitfHead = content.nitf ? descendant(content.nitf, 'body.head') : null;
  const nitfHeadline = text(descendant(nitfHead, 'hl1')) ?? text(descendant(child(content.nitf, 'head'), 'title'));

  const provider = providerOf(itemMeta);
  const creatorNames = children(contentMeta, 'creator').map(partyName);
  const profile = findProfile(...provider.strings, guid, ...creatorNames);

  if (profile?.signoff && content.bodyHtml) content.bodyHtml = dropSignoff(content.bodyHtml, profile.signoff);
  const { main, sub, subordinate } = headlines(contentMeta, language);
  const slugline = text(child(contentMeta, 'slugline'));
  const pubStatus = pubStatusOf(itemMeta);
  const genre = children(contentMeta, 'genre').map((g) => partyName(g) ?? '').join(' ');
  const edNote = children(itemMeta, 'edNote').map((e) => text(e) ?? '').join(' ');
  const notes = editorNotes(itemMeta, contentMeta);
  // A subordinate headline (the only kind the item has) gives way to the NITF body's own headline.
  const headline = (subordinate ? nitfHeadline ?? main : main ?? nitfHeadline) ?? (type === 'composite' ? text(child(itemMeta, 'title')) : null);

  const datelineRaw = text(child(contentMeta, 'dateline')) ?? text(descendant(nitfHead, 'dateline'));
  const dateline = datelineRaw && !isTimestamp(datelineRaw) ? datelineRaw : null;
  const datelineCity = dateline ? datelineCityOf(dateline) : null;

  const visual = type === 'picture' || type === 'graphic';
  const summary = visual
    ? null
    : descriptionBy(contentMeta, /summary|abstract|intro|synth|^$/i, language) ?? text(descendant(nitfHead, 'abstract'));

  const copyrightHolderEl = child(rightsInfo, 'copyrightHolder');
  const story: ParsedStory = {
    itemIndex,
    type,
    guid,
    version: itemVersion(item),
    versionCreated: rawText(child(itemMeta, 'versionCreated')),
    firstCreated: rawText(child(itemMeta, 'firstCreated')),
    embargoedUntil: rawText(child(itemMeta, 'embargoed')) ?? rawText(child(contentMeta, 'embargoed')),
    replaces: previousVersion(itemMeta),
    editorNote: notes.length ? notes.join('\n\n') : null,
    pubStatus,
    signals: signalsOf(parts, pubStatus, profile, { slugline, headline, genre, edNote }),
    language,
    provider: provider.name,
    ...sourceOf(parts, provider, guid),
    headline,
    subheadline: sub ?? text(descendant(nitfHead, 'hl2')),
    slugline,
    summary,
    bodyHtml: content.bodyHtml,
    bodyText: content.bodyText,
    dateline,
    datelineCity,
    datelineCountry: locatedCountry(contentMeta, datelineCity),
    bylines: readBylines({ contentMeta, nitfHead, defaultRole: visual ? 'photographer' : 'author' }),
    creditLine: text(child(contentMeta, 'creditline')),
    copyrightHolder: copyrightHolderEl ? partyName(copyrightHolderEl) : null,
    copyrightNotice: text(preferLanguage(children(rightsInfo, 'copyrightNotice').filter((c) => textOf(c).trim()), language)),
    usageTerms: text(preferLanguage(children(rightsInfo, 'usageTerms').filter((c) => textOf(c).trim()), language)),
    subjects: children(contentMeta, 'subject').map((s) => {
      const { scheme, code } = qcodeParts(attr(s, 'qcode'));
      return { scheme, code: code || null, name: text(preferLanguage(children(s, 'name'), language)) ?? attr(s, 'literal') };
    }),
    keywords: children(contentMeta, 'keyword').map((k) => text(k)).filter((k): k is string => !!k),
    places: children(contentMeta, 'located')
      .map((l) => ({ name: partyName(l) ?? (qcodeParts(attr(l, 'qcode')).scheme === 'city' ? qcodeCode(attr(l, 'qcode')) : null), code: attr(l, 'qcode') }))
      .filter((p) => p.name || p.code),
    pictures: visual ? [pictureOf(parts, content, profile, language, guid)] : [...linkedPictures(itemMeta), ...content.pictures],
  };
  return story;
}
