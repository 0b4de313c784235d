import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article, Rendition } from '../model/article.generated.js';
import { attr, child, children, cleanText, descendant, innerHtml, outerHtml, parseXml, textOf, type XmlElement } from '../xml/xml-tree.js';
import { isWiredeskError } from '../errors.js';
import { canonicalAgency, wireAgency } from '../extract/agencies.js';
import { nitfBodyHtml, readNitf } from './nitf.js';
import { readXmlItems, storiesOfItems } from './xml-items.js';
import { countryName } from '../extract/countries.js';

/**
 * IPTC NewsML 1.2 (AFP, ANA-MPA, Business Wire, EFE, Belga): a `<NewsML>` envelope holding one or
 * more `<NewsItem>`s, each one story. A NewsItem's content is a tree of `<NewsComponent>`s; the
 * story's lines (HeadLine, DateLine, ByLine, CreditLine...) are the first NewsLines that state
 * them, the text is the main text ContentItem (NITF, XHTML, HTML in CDATA or plain text), and
 * components in a picture role are the story's pictures with their captions and credits.
 */
const FORMAT = 'newsml-1';

export const newsml1: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'IPTC NewsML 1.x (NewsML envelope with NewsItems)',
  detect(s) {
    if (s.kind !== 'xml' || !s.xmlRoot) return 0;
    // NewsML-G2 spells its roots in camelCase inside the nar namespace; 1.x is PascalCase.
    if (s.xmlRoot.ns?.startsWith('http://iptc.org/std/nar/')) return 0;
    if (s.xmlRoot.name === 'NewsML') return 1;
    return s.xmlRoot.name === 'NewsItem' ? 0.8 : 0;
  },
  parse(input) {
    const items = readXmlItems(input, {
      format: FORMAT,
      itemName: 'NewsItem',
      select: (root) => (root.name === 'NewsItem' ? [root] : children(root, 'NewsItem')),
    });
    return storiesOfItems(input, items, FORMAT, 'the NewsItem has neither an identifier nor a NewsComponent', readNewsItem);
  },
};

// ---- status ----

const STATUS: Record<string, Article['pubStatus']> = { usable: 'usable', embargoed: 'withheld', withheld: 'withheld', canceled: 'canceled', cancelled: 'canceled' };

/** Instruction / RevisionStatus words that are explicit version signals. */
const INSTRUCTION_SIGNALS: Array<[RegExp, string]> = [
  [/correct|rectif|berichtig/i, 'correction'],
  [/write-?thru|writethrough/i, 'writethru'],
  [/kill|withdraw|cancel|delete|elimina/i, 'kill'],
  [/update|refresh|replace/i, 'update'],
  [/advis/i, 'advisory'],
];

function formalName(el: XmlElement | null): string | null {
  return nonEmpty(attr(el, 'FormalName'));
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

// ---- components ----

const PICTURE_ROLES = /^(photo|picture|image|graphic|illustration|infographic)s?$/i;
/** Component roles that are not the story's text. */
const NOT_BODY_ROLES = /^(headline|subheadline|caption|stylesheet|contact|logo|video|audio|photo|picture|image|graphic|illustration|infographic|thumbnail|quicklook|preview|highdef|hidef|abstract|summary|byline|advisory)s?$/i;
const BODY_ROLES = /^(main|body|text|story|content|maintext)$/i;

function roleOf(component: XmlElement): string | null {
  return formalName(child(component, 'Role'));
}

/** Components breadth-first, not descending into picture components (their lines are the picture's). */
function componentsBreadthFirst(top: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const queue = [top];
  while (queue.length) {
    const c = queue.shift()!;
    out.push(c);
    for (const sub of children(c, 'NewsComponent')) if (!isPictureComponent(sub)) queue.push(sub);
  }
  return out;
}

function isPictureComponent(c: XmlElement): boolean {
  const role = roleOf(c);
  if (role) return PICTURE_ROLES.test(role);
  // Without a role: a component whose own content items are photos.
  return children(c, 'ContentItem').some((ci) => /^(photo|graphic)$/i.test(formalName(child(ci, 'MediaType')) ?? ''));
}

/** The first value of a NewsLines child over the components, breadth-first. */
function line(components: XmlElement[], name: string): XmlElement | null {
  for (const c of components) {
    const el = child(c, 'NewsLines', name);
    if (el && cleanText(el)) return el;
  }
  return null;
}

/**
 * Every ByLine of the first NewsLines that has one, each with the ByLineTitle after it: NewsML 1.2
 * NewsLines hold (ByLine, ByLineTitle*)*, one ByLine per credited writer.
 */
function newsLineBylines(components: XmlElement[], photographer: boolean): BylineHint[] {
  for (const c of components) {
    const out: BylineHint[] = [];
    for (const el of children(child(c, 'NewsLines'))) {
      const text = cleanText(el);
      if (el.name === 'ByLine' && text) {
        out.push({ raw: text, ...(photographer ? { role: 'photographer' as const } : {}), affiliation: null, evidence: { from: 'element', rule: 'newsml-1 ByLine' } });
      } else if (el.name === 'ByLineTitle' && text && out.length && !out[out.length - 1]!.affiliation) {
        out[out.length - 1]!.affiliation = text;
      }
    }
    if (out.length) return out;
  }
  return [];
}

function metadata(components: XmlElement[], section: string, name: string): XmlElement | null {
  for (const c of components) {
    const el = child(c, section, name);
    if (el) return el;
  }
  return null;
}

// ---- the reader ----

/** Reads one NewsItem into a story; null when it carries neither an identifier nor content. */
export function readNewsItem(item: XmlElement): ParsedStory | null {
  const ident = child(item, 'Identification', 'NewsIdentifier');
  const mgmt = child(item, 'NewsManagement');
  const top = child(item, 'NewsComponent');
  if (!ident && !top) return null;
  const components = top ? componentsBreadthFirst(top) : [];

  const revision = child(ident, 'RevisionId');
  const statusRaw = formalName(child(mgmt, 'Status'))?.toLowerCase() ?? null;
  const pubStatus = statusRaw ? STATUS[statusRaw] ?? null : null;
  const signals: string[] = [];
  const signal = (s: string): void => {
    if (!signals.includes(s)) signals.push(s);
  };
  if (pubStatus === 'canceled') signal('kill');
  // Update="A" adds components to, "U" replaces components of, the previous revision.
  const update = attr(revision, 'Update')?.trim().toUpperCase();
  if (update === 'A' || update === 'U') signal('update');
  for (const el of [...children(mgmt, 'Instruction'), ...children(mgmt, 'RevisionStatus')]) {
    const name = formalName(el) ?? cleanText(el);
    if (!name) continue;
    for (const [re, s] of INSTRUCTION_SIGNALS) if (re.test(name)) signal(s);
  }

  // An embargo is a status that will change to usable at a stated time.
  let embargoedUntil: string | null = null;
  const willChange = child(mgmt, 'StatusWillChange');
  if (willChange && pubStatus === 'withheld' && /usable/i.test(formalName(child(willChange, 'FutureStatus')) ?? 'usable')) {
    embargoedUntil = cleanText(child(willChange, 'DateAndTime'));
  }

  const body = readBody(components, cleanText(line(components, 'HeadLine')));
  // NewsML 1.2 Role: a NewsItem whose top NewsComponent is in a picture role is that picture (a photo item).
  // (Its Role says so: a role-less top component holding a photo ContentItem may hold the story's text too.)
  const pictureItem = top !== null && PICTURE_ROLES.test(roleOf(top) ?? '');
  const pictures = top ? (pictureItem ? [readPicture(top)].filter(hasPictureContent) : readPictures(top)) : [];
  // NewsML 1.2 NewsLines: their information may be duplicated in the content; an inline NITF's
  // body.head (hedline, dateline, abstract) states what the NewsLines leave out.
  const nitf = body.nitf;
  const headline = cleanText(line(components, 'HeadLine')) ?? nitf?.headline ?? null;
  // A picture item's ByLine names who took it.
  const bylines: BylineHint[] = newsLineBylines(components, pictureItem);
  if (!bylines.length) bylines.push(...body.nitfBylines);

  const location = findOriginLocation(components);
  const sourceParty = formalName(child(metadata(components, 'AdministrativeMetadata', 'Source'), 'Party'));
  const providerParty = formalName(child(metadata(components, 'AdministrativeMetadata', 'Provider'), 'Party'));
  const creditLine = cleanText(line(components, 'CreditLine'));
  const sourceCandidates = [sourceParty, providerParty, creditLine].filter((s): s is string => s !== null);

  return {
    type: pictureItem || !(body.html || body.text) && pictures.length ? 'picture' : 'text',
    guid: newsIdentifier(ident),
    storyKey: newsItemKey(ident),
    version: cleanText(revision),
    versionCreated: cleanText(child(mgmt, 'ThisRevisionCreated')),
    firstCreated: cleanText(child(mgmt, 'FirstCreated')),
    embargoedUntil,
    replaces: previousRevision(ident, revision),
    editorNote: [...editorNotes(mgmt, components), body.nitfNote].filter((n): n is string => !!n).join('\n\n') || null,
    pubStatus,
    signals,
    language: readLanguage(item, components),
    provider: providerParty ?? cleanText(child(ident, 'ProviderId')),
    source: sourceCandidates.find((s) => wireAgency(s) !== null) ?? sourceCandidates[0] ?? null,
    headline,
    subheadline: cleanText(line(components, 'SubHeadLine')) ?? nitf?.subheadline ?? null,
    summary: nitf?.summary ?? null,
    slugline: cleanText(line(components, 'SlugLine')),
    bodyHtml: body.html,
    bodyText: body.text,
    dateline: cleanText(line(components, 'DateLine')) ?? nitf?.dateline ?? null,
    datelineCity: location.city ?? nitf?.datelineCity ?? null,
    datelineCountry: location.country ?? nitf?.datelineCountry ?? null,
    datelineDate: nitf?.datelineDate ?? null,
    bylines,
    creditLine,
    copyrightNotice: cleanText(line(components, 'CopyrightLine')),
    usageTerms: cleanText(descendant(metadata(components, 'RightsMetadata', 'UsageRights'), 'UsageType')),
    pictures: [...pictures, ...body.nitfPictures],
    keywords: readKeywords(components),
    subjects: readSubjects(components),
  };
}

/**
 * The revision this one replaces: RevisionId's PreviousRevision (0 for a first revision), named
 * as this item's PublicIdentifier with that revision number ("urn:newsml:afp.com:…:TX-PAR-1:2"
 * replaces "…:TX-PAR-1:1").
 */
function previousRevision(ident: XmlElement | null, revision: XmlElement | null): string | null {
  const previous = attr(revision, 'PreviousRevision')?.trim();
  if (!previous || !/^\d+$/.test(previous) || Number(previous) === 0 || previous === cleanText(revision)) return null;
  const id = newsIdentifier(ident);
  const m = id ? /^(.*:)\d+[AUN]?$/.exec(id) : null;
  return m ? `${m[1]!}${previous}` : null;
}

/** NewsLine types that address the editor rather than the reader. */
const NOTE_LINE = /advisory|ed(?:itorial|itor'?s)?\s*-?note|note\s*to\s*editors|instruction/i;

/**
 * Notes for editors: advisory and editorial-note NewsLines ("CORRECTS para 4 …"), and the
 * comments of NewsManagement's Instructions.
 */
function editorNotes(mgmt: XmlElement | null, components: XmlElement[]): string[] {
  const notes: string[] = [];
  const add = (t: string | null): void => {
    if (t && !notes.includes(t)) notes.push(t);
  };
  for (const c of components) {
    for (const nl of children(child(c, 'NewsLines'), 'NewsLine')) {
      const type = formalName(child(nl, 'NewsLineType')) ?? '';
      if (NOTE_LINE.test(type)) add(cleanText(child(nl, 'NewsLineText')));
    }
  }
  for (const instruction of children(mgmt, 'Instruction')) for (const comment of children(instruction, 'Comment')) add(cleanText(comment));
  return notes;
}

/**
 * The item's identity. NewsML 1.2 (NewsIdentifier): ProviderId + DateId + NewsItemId identify a
 * news item, RevisionId its revision, and PublicIdentifier is the URN built from them
 * ("urn:newsml:ProviderId:DateId:NewsItemId:RevisionId" and the Update letter unless N). A
 * PublicIdentifier that does not carry the NewsItemId (a generic, feed-wide value some systems
 * write) names no item: the parts do.
 */
function newsIdentifier(ident: XmlElement | null): string | null {
  const stated = cleanText(child(ident, 'PublicIdentifier'));
  const itemId = cleanText(child(ident, 'NewsItemId'));
  if (stated && (!itemId || namesItem(stated, itemId))) return stated;
  return joinIdentifier(ident) ?? stated;
}

/**
 * Whether a PublicIdentifier names this NewsItemId. A NewsML URN holds it as its NewsItemId part,
 * between the DateId and the RevisionId (a feed-wide "urn:newsml:x.example:20260310:FEED:1" does
 * not name item "1" though it ends in it); another identifier names it when it holds it as a whole
 * part, not as a piece of a longer word or number.
 */
function namesItem(stated: string, itemId: string): boolean {
  const parts = stated.split(':');
  if (parts.length >= 6 && /^urn$/i.test(parts[0]!) && /^newsml$/i.test(parts[1]!)) {
    const part = parts.slice(4, -1).join(':');
    return part === itemId || safeDecode(part) === itemId;
  }
  let at = stated.indexOf(itemId);
  while (at !== -1) {
    const before = stated[at - 1] ?? '';
    const after = stated[at + itemId.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    at = stated.indexOf(itemId, at + 1);
  }
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The news item across its revisions: ProviderId + DateId + NewsItemId, the identifier without
 * its RevisionId, so every revision of an item is a version of one story.
 */
function newsItemKey(ident: XmlElement | null): string | null {
  const provider = cleanText(child(ident, 'ProviderId'));
  const id = cleanText(child(ident, 'NewsItemId'));
  if (!provider || !id) return null;
  return `urn:newsml:${provider}:${cleanText(child(ident, 'DateId')) ?? ''}:${id}`;
}

function joinIdentifier(ident: XmlElement | null): string | null {
  const provider = cleanText(child(ident, 'ProviderId'));
  const id = cleanText(child(ident, 'NewsItemId'));
  if (!provider || !id) return null;
  // NewsML 1.2 PublicIdentifier: the RevisionId's Update letter follows it unless it is the default N.
  const revision = child(ident, 'RevisionId');
  const update = attr(revision, 'Update')?.trim().toUpperCase();
  return `urn:newsml:${provider}:${cleanText(child(ident, 'DateId')) ?? ''}:${id}:${cleanText(revision) ?? ''}${update === 'A' || update === 'U' ? update : ''}`;
}

function readLanguage(item: XmlElement, components: XmlElement[]): string | null {
  const declared = formalName(metadata(components, 'DescriptiveMetadata', 'Language'));
  if (declared) return declared;
  // XML 1.0 (2.12): xml:lang holds for the element's content and its descendants unless one of them
  // says otherwise, so an envelope-wide <NewsML xml:lang="de"> is the language of each of its items.
  let lang: string | null = null;
  for (let el: XmlElement | null = item; el && lang === null; el = el.parent) lang = nonEmpty(attr(el, 'xml:lang'));
  return lang && lang !== 'x-default' ? lang : null;
}

/** The place the story was filed from: a Location with HowPresent="Origin" (or the only one). */
function findOriginLocation(components: XmlElement[]): { city: string | null; country: string | null } {
  for (const c of components) {
    const locations = children(child(c, 'DescriptiveMetadata'), 'Location');
    const origin = locations.find((l) => /origin/i.test(attr(l, 'HowPresent') ?? '')) ?? (locations.length === 1 ? locations[0] : undefined);
    if (!origin) continue;
    const prop = (name: string): string | null => {
      for (const p of children(origin, 'Property')) if (attr(p, 'FormalName')?.toLowerCase() === name) return nonEmpty(attr(p, 'Value'));
      return null;
    };
    // Agencies state the country as an ISO 3166-1 code (Value="FRA"): its name is the dateline's country.
    return { city: prop('city'), country: countryName(prop('country')) };
  }
  return { city: null, country: null };
}

function readKeywords(components: XmlElement[]): string[] {
  const out: string[] = [];
  for (const c of components) {
    for (const p of children(child(c, 'DescriptiveMetadata'), 'Property')) {
      if (attr(p, 'FormalName')?.toLowerCase() !== 'keyword') continue;
      const v = nonEmpty(attr(p, 'Value'));
      if (v && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

function readSubjects(components: XmlElement[]): NonNullable<ParsedStory['subjects']> {
  const out: NonNullable<ParsedStory['subjects']> = [];
  for (const c of components) {
    for (const code of children(child(c, 'DescriptiveMetadata'), 'SubjectCode')) {
      for (const s of children(code, 'Subject', 'SubjectMatter', 'SubjectDetail')) {
        const id = formalName(s);
        if (id && !out.some((o) => o.code === id)) out.push({ scheme: nonEmpty(attr(s, 'Scheme')) ?? 'IptcSubjectCodes', code: id, name: null });
      }
    }
  }
  return out;
}

// ---- text ----

interface Body {
  html: string | null;
  text: string | null;
  nitfBylines: BylineHint[];
  nitfPictures: PictureHint[];
  /** The embedded NITF's ed-msg notes. */
  nitfNote?: string | null;
  /** The embedded NITF document as read, for the body.head lines the NewsLines leave out. */
  nitf?: ParsedStory;
}

/**
 * A ContentItem's inline data: its DataContent, or the DataContent at the end of its Encoding
 * chain (NewsML 1.2 ContentItem: Encoding or DataContent; Encoding: Encoding or DataContent, its
 * Notation naming how the data was encoded). `text` is the character data decoded where the
 * notations are ones we read (base64), null where one is not (the markup is then left unread).
 */
function dataContent(ci: XmlElement): { el: XmlElement; encoded: boolean; text: string | null } | null {
  const notations: string[] = [];
  let at: XmlElement | null = ci;
  for (let depth = 0; at && depth < 8; depth++) {
    const data = child(at, 'DataContent');
    if (data) {
      let text: string | null = textOf(data);
      for (const n of notations.reverse()) text = text === null ? null : decodeNotation(n, text);
      return { el: data, encoded: notations.length > 0, text };
    }
    at = child(at, 'Encoding');
    if (at) notations.push(attr(at, 'Notation')?.trim().toLowerCase() ?? '');
  }
  return null;
}

function decodeNotation(notation: string, text: string): string | null {
  if (/^base-?64$/.test(notation)) return Buffer.from(text.replace(/[^A-Za-z0-9+/=_-]/g, ''), 'base64').toString('utf8');
  return null;
}

function isTextItem(ci: XmlElement): boolean {
  if (!dataContent(ci)) return false;
  const media = formalName(child(ci, 'MediaType'))?.toLowerCase();
  const mime = formalName(child(ci, 'MimeType'))?.toLowerCase();
  if (mime === 'text/css' || /^(photo|graphic|video|audio)$/.test(media ?? '')) return false;
  return media === 'text' || mime?.startsWith('text/') === true || (media === undefined && mime === undefined);
}

/**
 * The story text: the ContentItem of a main/body component, else the first text ContentItem that
 * is not a headline, caption, contact or style sheet.
 */
function readBody(components: XmlElement[], headline: string | null): Body {
  const candidates: Array<{ ci: XmlElement; role: string | null }> = [];
  for (const c of components) {
    const role = roleOf(c);
    for (const ci of children(c, 'ContentItem')) if (isTextItem(ci)) candidates.push({ ci, role });
  }
  const chosen = candidates.find((x) => x.role && BODY_ROLES.test(x.role)) ?? candidates.find((x) => !x.role || !NOT_BODY_ROLES.test(x.role));
  if (!chosen) return { html: null, text: null, nitfBylines: [], nitfPictures: [] };
  return contentOf(chosen.ci, headline);
}

function contentOf(ci: XmlElement, headline: string | null): Body {
  const none: Body = { html: null, text: null, nitfBylines: [], nitfPictures: [] };
  const found = dataContent(ci)!;
  const data = found.el;
  if (found.encoded) return found.text === null ? none : characterData(ci, found.text, none);
  const nitfEl = child(data, 'nitf');
  if (nitfEl) return nitfBody(nitfEl, none);
  const bodyContent = child(data, 'body.content') ?? child(data, 'body', 'body.content');
  if (bodyContent) return { ...none, html: nitfBodyHtml(bodyContent) };
  const xhtmlBody = child(data, 'html', 'body');
  if (xhtmlBody) return { ...none, html: withoutHeadlineHeading(xhtmlBody, headline) };
  if (children(data).length) {
    // Inline markup straight in DataContent (NITF <p>s, an XHTML fragment).
    return { ...none, html: nitfBodyHtml(data) };
  }
  return characterData(ci, textOf(data), none);
}

/** An XML declaration, comments and a DOCTYPE before a document's root element. */
const PROLOG = /^\s*(?:<\?xml[^>]{0,300}\?>\s*)?(?:<!--[^>]{0,2000}-->\s*){0,4}(?:<!DOCTYPE[^>[]{0,500}>\s*)?/;

/**
 * Character data of a ContentItem (escaped in CDATA or entities, or decoded from an Encoding): a
 * NITF document is read as the inline one is (its body.head states byline and dateline); else HTML
 * when the item says so or it plainly is markup, else plain text.
 */
function characterData(ci: XmlElement, raw: string, none: Body): Body {
  const prolog = PROLOG.exec(raw)?.[0].length ?? 0;
  if (/^<(?:[\w.-]+:)?nitf[\s>]/.test(raw.slice(prolog, prolog + 64))) {
    try {
      const nitfEl = parseXml(raw, { format: FORMAT }).root;
      if (nitfEl.name === 'nitf') return nitfBody(nitfEl, none);
    } catch (e) {
      if (!isWiredeskError(e)) throw e;
      // Not well-formed: read below as the markup it is.
    }
  }
  const format = `${formalName(child(ci, 'Format')) ?? ''} ${formalName(child(ci, 'MimeType')) ?? ''}`;
  if (/html|nitf/i.test(format) || /<\/?(p|br|div)\b/i.test(raw)) return { ...none, html: raw };
  return { ...none, text: raw };
}

function nitfBody(nitfEl: XmlElement, none: Body): Body {
  const story = readNitf(nitfEl);
  return { ...none, html: story.bodyHtml ?? null, nitfBylines: story.bylines ?? [], nitfPictures: story.pictures ?? [], nitfNote: story.editorNote ?? null, nitf: story };
}

/**
 * An XHTML body's markup without a first heading that prints the HeadLine again: the headline is
 * the NewsLines' (NewsML 1.2 HeadLine), and an XHTML document titles its body with it (h1).
 */
function withoutHeadlineHeading(xhtmlBody: XmlElement, headline: string | null): string {
  const first = xhtmlBody.children.find((c): c is XmlElement => typeof c !== 'string');
  const fold = (t: string | null): string => (t ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (!first || !headline || !/^h[1-3]$/.test(first.name) || fold(cleanText(first)) !== fold(headline)) return innerHtml(xhtmlBody);
  return xhtmlBody.children.filter((c) => c !== first).map(outerHtml).join('');
}

// ---- pictures ----

/**
 * Picture components anywhere below the top component: the caption is a Caption component's
 * text, else the picture's own text ContentItem, else its HeadLine; the credit is its
 * CreditLine; the photographer is the Creator party or ByLine; renditions are its image items.
 */
function readPictures(top: XmlElement): PictureHint[] {
  const out: PictureHint[] = [];
  const walk = (c: XmlElement): void => {
    for (const sub of children(c, 'NewsComponent')) {
      if (isPictureComponent(sub)) out.push(readPicture(sub));
      else walk(sub);
    }
  };
  walk(top);
  return out.filter(hasPictureContent);
}

/** A picture worth keeping: it has a caption, a credit or a file. */
function hasPictureContent(p: PictureHint): boolean {
  return !!(p.caption || p.creditRaw || (p.renditions?.length ?? 0) > 0);
}

function readPicture(component: XmlElement): PictureHint {
  const all = [component, ...deepComponents(component)];
  let caption: string | null = null;
  for (const c of all) {
    if (!/^caption$/i.test(roleOf(c) ?? '')) continue;
    const ci = children(c, 'ContentItem').find(isTextItem);
    caption = ci ? captionText(ci) : null;
    if (caption) break;
  }
  if (!caption) {
    const ci = all.flatMap((c) => children(c, 'ContentItem')).find(isTextItem);
    if (ci) caption = captionText(ci);
  }
  caption ??= cleanText(line(all, 'HeadLine'));

  const renditions: Rendition[] = [];
  for (const c of all) {
    for (const ci of children(c, 'ContentItem')) {
      const href = nonEmpty(attr(ci, 'Href'));
      if (!href) continue;
      const mime = formalName(child(ci, 'MimeType'));
      const media = formalName(child(ci, 'MediaType'));
      if (!(mime?.toLowerCase().startsWith('image/') || /^(photo|graphic)$/i.test(media ?? ''))) continue;
      const props = new Map<string, string>();
      for (const p of children(child(ci, 'Characteristics'), 'Property')) {
        const name = attr(p, 'FormalName')?.toLowerCase();
        const value = attr(p, 'Value');
        if (name && value) props.set(name, value);
      }
      renditions.push({
        href,
        width: int(props.get('width') ?? props.get('pixelwidth')),
        height: int(props.get('height') ?? props.get('pixelheight')),
        mimeType: mime,
        name: (c === component ? null : roleOf(c)) ?? props.get('imageuse') ?? null,
      });
    }
  }
  const creator = formalName(child(metadata(all, 'AdministrativeMetadata', 'Creator'), 'Party'));
  return {
    guid: nonEmpty(attr(component, 'Duid')),
    caption,
    creditRaw: cleanText(line(all, 'CreditLine')),
    photographer: cleanText(line(all, 'ByLine')) ?? (creator && !canonicalAgency(creator) ? creator : null),
    renditions,
    evidence: { from: 'element', rule: 'newsml-1 CreditLine' },
  };
}

function captionText(ci: XmlElement): string | null {
  const found = dataContent(ci);
  if (!found) return null;
  return found.encoded ? nonEmpty(found.text) : cleanText(found.el);
}

function deepComponents(c: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const sub of children(c, 'NewsComponent')) out.push(sub, ...deepComponents(sub));
  return out;
}

function int(s: string | undefined): number | null {
  return s && /^\d+$/.test(s.trim()) ? Number(s.trim()) : null;
}
