import { XMLBuilder } from 'fast-xml-parser';
import type { AnyNode } from 'domhandler';
import type { Article, Byline, Picture } from '../model/article.generated.js';
import { parseHtml } from '../html/depth.js';
import { isPlainXmlName, xmlAttr, xmlText } from './xml-text.js';

/**
 * IPTC NewsML-G2 2.35 export of a canonical article (issue 18, item 4): one `newsItem`, written
 * with fast-xml-parser's XMLBuilder, valid against IPTC's NewsML-G2 2.35 "All-Power" XSD (checked
 * in test/export/newsml-g2-out.test.ts with `xmllint --schema`). Re-reading the output with
 * wiredesk's own NewsML-G2 reader gives back the article in the fields listed here.
 *
 * | canonical | NewsML-G2 |
 * | --- | --- |
 * | guid (else id) | `newsItem/@guid` |
 * | version (a positive integer) | `newsItem/@version` (any other version string is not carried: G2's is a positiveInteger) |
 * | language (a valid xml:lang) | `@xml:lang`, `contentMeta/language/@tag` |
 * | type | `itemMeta/itemClass` `ninat:text`, `ninat:picture`, `ninat:graphic`, `ninat:video`, `ninat:audio`, `ninat:composite` |
 * | provider | `itemMeta/provider/@literal` (required by G2: `wiredesk` when unknown) |
 * | versionCreated, firstCreated, embargoedUntil | `versionCreated` (required: the time received when the article has no date-time), `firstCreated`, `embargoed`; date-time values only |
 * | pubStatus | `pubStatus` `stat:usable`, `stat:withheld`, `stat:canceled` |
 * | editorNote | one `edNote` per paragraph |
 * | signals | `signal` `wdsig:<name>` (wiredesk's signal names as they are) |
 * | replaces | `link rel="irel:previousVersion" residref="…"` |
 * | pictures (of a text item) | `itemMeta/link rel="irel:seeAlso"`, one per picture: `@residref` its guid, `@href`/`@contenttype` its first rendition; as hints inside the link, `itemClass ninat:picture`, `description role="drol:caption"` and `role="drol:alternativeText"`, `creditline`, `contributor role="wdrole:photographer"`, a `contributor role="wdrole:agency"` per agency of the credit and every rendition as `remoteContent` |
 * | the picture of a picture item | the item's own `contentMeta` (`description drol:caption`, `creditline`, `creator wdrole:photographer`) and `contentSet/remoteContent` |
 * | copyrightHolder, copyrightNotice, usageTerms | `rightsInfo` |
 * | source | `contentMeta/infoSource role="isrol:origprov"` |
 * | bylines | `creator` with role `wdrole:<role>` (author, reporting, writing, additional-reporting, editing, compiled-by, contributor, photographer) |
 * | places | `located` (`@qcode` when the code is a QCode, else `@literal`) |
 * | subjects, keywords | `subject` (`@qcode` scheme:code, `name`), `keyword` |
 * | headline, subheadline, slugline, dateline, creditLine | `headline`, `headline role="hrol:sub"`, `slugline`, `dateline` (its raw text), `creditline` |
 * | summary | `description role="drol:summary"` |
 * | body.html | `contentSet/inlineXML` `application/xhtml+xml`: an XHTML `html` whose `body` holds the body, re-serialized as XML |
 * | body.text (when there is no HTML) | `contentSet/inlineData` `text/plain` |
 *
 * Not carried: url, relatedTo, contentHash, byline affiliation and location, wordCount (derived)
 * and provenance (wiredesk's own record). Scheme aliases of wiredesk's own (`wdrole`, `wdsig`) are
 * declared in an inline `catalog`; the IPTC ones come from IPTC's standards catalog.
 */

export const NEWSML_G2_NS = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const IPTC_CATALOG = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml';
const WIREDESK_ROLE_SCHEME = 'https://wiredesk.invalid/cv/byline-role/';
const WIREDESK_SIGNAL_SCHEME = 'https://wiredesk.invalid/cv/signal/';

/** A node of XMLBuilder's preserveOrder tree (text and attribute values already escaped). */
type Node = Record<string, Node[] | Record<string, string> | string>;

function el(name: string, attrs: Record<string, string | null | undefined> | null, ...content: Array<Node | Array<Node | null> | null | undefined | false>): Node {
  const kids: Node[] = [];
  for (const c of content) {
    if (!c) continue;
    if (Array.isArray(c)) for (const k of c) { if (k) kids.push(k); }
    else kids.push(c);
  }
  const node: Node = { [name]: kids };
  if (attrs) {
    const a: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) a[k] = xmlAttr(ONE_LINE.has(k) ? oneLine(v) : v);
    if (Object.keys(a).length) node[':@'] = a;
  }
  return node;
}

function txt(s: string): Node {
  return { '#text': xmlText(s) };
}

/**
 * Elements and attributes G2 types as one line (IntlStringType and `literal`, both
 * g2normalizedString: no tab, CR or LF), where a line break becomes a space.
 */
const ONE_LINE = new Set(['slugline', 'keyword', 'creditline', 'name', 'literal']);
const oneLine = (s: string): string => s.replace(/[\t\n\r]/g, ' ');

/** An element with text content, or nothing for an empty value. */
function textEl(name: string, value: string | null | undefined, attrs: Record<string, string | null | undefined> | null = null): Node | null {
  return value ? el(name, attrs, txt(ONE_LINE.has(name) ? oneLine(value) : value)) : null;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  suppressEmptyNode: true,
  format: false,
});

// xs:dateTime as XSD reads it (a time zone is optional in XSD; wiredesk's instants have one).
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;
const XSD_LANGUAGE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;
const QCODE = /^[^\s:]+:\S+$/;
const POSITIVE_INTEGER = /^\+?0*[1-9]\d*$/;

function dateTime(iso: string | null): string | null {
  return iso && XSD_DATE_TIME.test(iso) ? iso : null;
}

const ITEM_CLASS: Record<Article['type'], string> = {
  text: 'ninat:text', picture: 'ninat:picture', graphic: 'ninat:graphic', video: 'ninat:video', audio: 'ninat:audio', composite: 'ninat:composite',
};

function party(name: string, role: string | null, tag: 'creator' | 'contributor'): Node {
  return el(tag, { role }, textEl('name', name));
}

function bylineRole(role: Byline['role']): string {
  return `wdrole:${role}`;
}

/** The XHTML of a body: the HTML parsed (depth-capped) and written again as well-formed XML. */
function xhtmlNodes(html: string): Node[] {
  const doc = parseHtml(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  // The parser caps the nesting (MAX_HTML_DEPTH), so this walk's depth is bounded.
  const walk = (nodes: AnyNode[]): Node[] => {
    const out: Node[] = [];
    for (const n of nodes) {
      if (n.type === 'text') {
        if (n.data) out.push(txt(n.data));
      } else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
        const inner = walk(n.children);
        // Names XML cannot take as they are, and a nested document's own html/head/body, are
        // unwrapped: their content stays, in place.
        if (!isPlainXmlName(n.name) || n.name === 'html' || n.name === 'head' || n.name === 'body') {
          out.push(...inner);
          continue;
        }
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(n.attribs)) if (isPlainXmlName(k) && !k.startsWith('xmlns')) attrs[k] = v;
        out.push(el(n.name, attrs, inner));
      }
      // Comments, CDATA and processing instructions are no content.
    }
    return out;
  };
  return walk(doc.children);
}

function pictureHints(p: Picture): Node[] {
  return [
    el('itemClass', { qcode: 'ninat:picture' }),
    textEl('description', p.caption, { role: 'drol:caption' }),
    textEl('description', p.altText, { role: 'drol:alternativeText' }),
    textEl('creditline', p.credit.raw),
    p.credit.photographer ? party(p.credit.photographer, 'wdrole:photographer', 'contributor') : null,
    // The agencies the credit names, so that one a feed declared (a Media RSS distributor) is not read back as the photographer.
    ...p.credit.agencies.map((a) => party(a, 'wdrole:agency', 'contributor')),
    ...p.renditions.map((r) => el('remoteContent', {
      href: r.href,
      contenttype: r.mimeType,
      width: r.width !== null ? String(r.width) : null,
      height: r.height !== null ? String(r.height) : null,
      rendition: r.name ? `rnd:${r.name.replace(/\s+/g, '_')}` : null,
    })),
  ].filter((n): n is Node => n !== null);
}

function pictureLink(p: Picture): Node {
  const first = p.renditions[0];
  return el('link', { rel: 'irel:seeAlso', residref: p.guid, href: first?.href, contenttype: first?.mimeType ?? null }, pictureHints(p));
}

export interface NewsmlG2Options {
  /** Writes the `<?xml …?>` declaration (default true; off for an item inside a newsMessage). */
  declaration?: boolean;
}

/** The article as a NewsML-G2 2.35 `newsItem` document. */
export function toNewsmlG2(a: Article, opts: NewsmlG2Options = {}): string {
  const language = a.language && XSD_LANGUAGE.test(a.language) ? a.language : null;
  const visual = a.type === 'picture' || a.type === 'graphic';
  const picture = visual ? a.pictures[0] : undefined;
  const version = a.version && POSITIVE_INTEGER.test(a.version.trim()) ? a.version.trim() : null;

  const rights = el('rightsInfo', null,
    a.copyrightHolder ? el('copyrightHolder', null, textEl('name', a.copyrightHolder)) : null,
    textEl('copyrightNotice', a.copyrightNotice),
    textEl('usageTerms', a.usageTerms));
  const hasRights = !!(a.copyrightHolder || a.copyrightNotice || a.usageTerms);

  const itemMeta = el('itemMeta', null,
    el('itemClass', { qcode: ITEM_CLASS[a.type] }),
    el('provider', { literal: a.provider ?? 'wiredesk' }),
    el('versionCreated', null, txt(dateTime(a.versionCreated) ?? dateTime(a.firstCreated) ?? a.provenance.receivedAt)),
    textEl('firstCreated', dateTime(a.firstCreated)),
    textEl('embargoed', dateTime(a.embargoedUntil)),
    el('pubStatus', { qcode: `stat:${a.pubStatus}` }),
    (a.editorNote ?? '').split(/\n[^\S\n]*\n/).map((p) => p.trim()).filter(Boolean).map((p) => el('edNote', null, txt(p))),
    a.signals.filter((s) => /^[a-z0-9-]{1,40}$/.test(s)).map((s) => el('signal', { qcode: `wdsig:${s}` })),
    a.replaces ? el('link', { rel: 'irel:previousVersion', residref: a.replaces }) : null,
    visual ? null : a.pictures.map(pictureLink));

  const subjects = a.subjects.map((s) => {
    const qcode = s.code ? (s.scheme ? `${s.scheme}:${s.code}` : s.code) : null;
    const useQcode = qcode !== null && QCODE.test(qcode) && (!s.scheme || !s.scheme.includes(':'));
    if (!useQcode && !s.name && !qcode) return null;
    return el('subject', useQcode ? { qcode } : { literal: qcode ?? s.name }, s.name ? textEl('name', s.name) : null);
  });
  const places = a.places.filter((p) => p.name || p.code).map((p) => el('located', p.code && QCODE.test(p.code) ? { qcode: p.code } : { literal: p.code ?? p.name }, p.name ? textEl('name', p.name) : null));

  const contentMeta = el('contentMeta', null,
    places,
    a.source ? el('infoSource', { role: 'isrol:origprov' }, textEl('name', a.source)) : null,
    a.bylines.map((b) => party(b.name, bylineRole(b.role), 'creator')),
    picture?.credit.photographer && !a.bylines.some((b) => b.role === 'photographer') ? party(picture.credit.photographer, 'wdrole:photographer', 'creator') : null,
    language ? el('language', { tag: language }) : null,
    a.keywords.map((k) => textEl('keyword', k)),
    subjects,
    textEl('slugline', a.slugline),
    textEl('headline', a.headline),
    textEl('headline', a.subheadline, { role: 'hrol:sub' }),
    textEl('dateline', a.dateline?.raw),
    textEl('creditline', picture ? picture.credit.raw ?? a.creditLine : a.creditLine),
    picture ? textEl('description', picture.caption, { role: 'drol:caption' }) : null,
    picture ? textEl('description', picture.altText, { role: 'drol:alternativeText' }) : null,
    textEl('description', a.summary, { role: 'drol:summary' }));

  let content: Node | null = null;
  if (picture?.renditions.length) {
    content = el('contentSet', null, picture.renditions.map((r) => el('remoteContent', {
      href: r.href,
      contenttype: r.mimeType,
      width: r.width !== null ? String(r.width) : null,
      height: r.height !== null ? String(r.height) : null,
      rendition: r.name ? `rnd:${r.name.replace(/\s+/g, '_')}` : null,
    })));
  } else if (a.body.html.trim()) {
    content = el('contentSet', null, el('inlineXML', { contenttype: 'application/xhtml+xml' },
      el('html', { xmlns: XHTML_NS }, el('head', null, el('title', null, a.headline ? txt(a.headline) : null)), el('body', null, xhtmlNodes(a.body.html)))));
  } else if (a.body.text.trim()) {
    content = el('contentSet', null, el('inlineData', { contenttype: 'text/plain' }, txt(a.body.text)));
  }

  const item = el('newsItem', {
    xmlns: NEWSML_G2_NS,
    guid: a.guid?.trim() || a.id,
    version,
    standard: 'NewsML-G2',
    standardversion: '2.35',
    conformance: 'power',
    'xml:lang': language,
  },
  el('catalogRef', { href: IPTC_CATALOG }),
  el('catalog', null, el('scheme', { alias: 'wdrole', uri: WIREDESK_ROLE_SCHEME }), el('scheme', { alias: 'wdsig', uri: WIREDESK_SIGNAL_SCHEME })),
  hasRights ? rights : null,
  itemMeta,
  contentMeta,
  content);
  const xml = builder.build([item]) as string;
  return opts.declaration === false ? xml : `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

/**
 * Several articles as one NewsML-G2 `newsMessage`, written piece by piece: the opening (with the
 * time sent), then each item (toNewsmlG2 without its declaration), then the closing.
 */
export function newsMessageOpening(sent: Date = new Date()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="${NEWSML_G2_NS}"><header><sent>${sent.toISOString()}</sent></header><itemSet>\n`;
}
export const NEWS_MESSAGE_CLOSING = '</itemSet></newsMessage>\n';
