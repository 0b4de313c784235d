import type { FormatModule } from './format.js';
import { pubStatusFromCode } from './pub-status.js';
import type { BylineHint, ItemFailure, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article, Byline } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { toWiredeskError } from '../errors.js';
import { looksLikePersonName } from '../extract/names.js';
import { parseDateline } from '../extract/dateline.js';
import { htmlToText } from '../text/html-body.js';
import { lineText } from './feed/text-constructs.js';
import {
  firstId, firstStr, headHasKeys, invalidItem, isObject, listOf, looksLikeJson, namedEntries, readJsonItems, renditionsOf, str,
  type JsonObject,
} from './json-document.js';

/**
 * IPTC ninjs, all three generations in one reader, because producers mix them:
 * - 1.x (Superdesk, AP, BBC): snake-less lower-case keys (`versioncreated`, `byline`,
 *   `description_text`, `body_html`), renditions and associations keyed by name;
 * - 2.x: lower-case keys with arrays (`headlines[]`, `descriptions[]`, `bodies[]`, `by`);
 * - 3.x: camelCase (`versionCreated`, `pubStatus`, `copyrightHolder`, `embargoedUntil`).
 * Every field is read under each of its spellings; whichever the document uses wins.
 */

const FORMAT = 'ninjs';

/** Keys that mark a document as another JSON wire format (see ap-media-api.ts, dpa-digitalwires.ts). */
function otherJsonFormat(o: JsonObject): boolean {
  if ('api_version' in o && 'data' in o) return true;
  if (typeof o.format === 'string' && o.format.startsWith('digitalwires')) return true;
  if ('entry_id' in o && 'urn' in o) return true;
  // AP Media API items carry altids.itemid + etag; ninjs 2.x altids is a list of {role, value}.
  return isObject(o.altids) && 'itemid' in o.altids && 'etag' in o.altids;
}

/** The items of a document: a bare item, an array of items, or a Superdesk/BBC search wrapper. */
function locateItems(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (!isObject(doc)) return null;
  if (Array.isArray(doc.item)) return doc.item;
  if (Array.isArray(doc._items)) return doc._items;
  return [doc];
}

const ID_KEYS = ['uri', 'guid'];
const DATE_KEYS = ['versioncreated', 'versionCreated', 'firstcreated', 'firstCreated'];
const CONTENT_KEYS = [
  'headline', 'headlines', 'body_html', 'body_xhtml', 'body_text', 'bodies', 'byline', 'by',
  'description_text', 'descriptions', 'renditions', 'associations',
];
const STATUS_KEYS = ['pubstatus', 'pubStatus', 'type', 'version', 'language'];

function confidenceOf(o: JsonObject): number {
  if (otherJsonFormat(o)) return 0;
  const standard = o.standard;
  if (isObject(standard) && str(standard.name)?.toLowerCase() === 'ninjs') return 1;
  const has = (keys: string[]): boolean => keys.some((k) => k in o);
  if (!has(ID_KEYS) || !has(CONTENT_KEYS)) return 0;
  return has(DATE_KEYS) && has(STATUS_KEYS) ? 0.8 : 0.5;
}

function detect(s: Sniff): number {
  if (!looksLikeJson(s)) return 0;
  if (s.kind === 'json') {
    const first = locateItems(s.json)?.find(isObject);
    return isObject(first) ? confidenceOf(first) : 0;
  }
  // A document JSON.parse rejected (truncated): recognize it by its keys so parse can say where it breaks.
  if (headHasKeys(s, 'api_version') || headHasKeys(s, 'entry_id') || /"format"\s*:\s*"digitalwires/.test(s.head)) return 0;
  if (/"standard"\s*:\s*\{\s*"name"\s*:\s*"ninjs"/.test(s.head)) return 0.9;
  const id = headHasKeys(s, 'uri') || headHasKeys(s, 'guid');
  const date = DATE_KEYS.some((k) => headHasKeys(s, k));
  return id && date ? 0.5 : 0;
}

/** A value of an array of `{role, value}` objects (ninjs 2.x/3.x headlines, descriptions, bodies). */
function byRole(list: unknown, roles: readonly string[], opts: { anyRole?: boolean } = {}): string | null {
  const entries = listOf(list).filter(isObject);
  for (const role of roles) {
    const hit = entries.find((e) => str(e.role)?.toLowerCase() === role);
    const v = hit ? firstStr(hit, 'value', 'description') : null;
    if (v) return v;
  }
  if (opts.anyRole) {
    const roleless = entries.find((e) => !str(e.role));
    if (roleless) return firstStr(roleless, 'value', 'description');
  }
  return null;
}

/**
 * The 1.x description as text: `description_text`, else `description_html` read as text (ninjs 1.x
 * schema: `description_*` pattern properties, one per content type), markup and scripts left out.
 */
function description1x(o: JsonObject): string | null {
  const text = firstStr(o, 'description_text', 'descriptionText');
  if (text) return text;
  const html = firstStr(o, 'description_html', 'descriptionHtml');
  return html ? htmlToText(html) || null : null;
}

const HTML_TYPES = ['text/html', 'application/xhtml+xml', 'text/xhtml'];
const HTML_ROLES = ['html', 'xhtml', 'body', 'main', 'richhtml5', 'html5'];

/** The story body: `body_html`/`body_xhtml` (1.x) or the best of `bodies[]` (2.x/3.x); NITF bodies are skipped. */
function bodyOf(o: JsonObject): Pick<ParsedStory, 'bodyHtml' | 'bodyText'> {
  const html = firstStr(o, 'body_html', 'body_xhtml', 'bodyHtml', 'bodyXhtml');
  if (html) return { bodyHtml: html };
  const bodies = listOf(o.bodies).filter(isObject);
  const htmlBodies = bodies.filter((b) => {
    const type = str(b.contentType ?? b.contenttype)?.toLowerCase() ?? '';
    const role = str(b.role)?.toLowerCase() ?? '';
    return HTML_TYPES.some((t) => type.startsWith(t)) || (!type && HTML_ROLES.includes(role));
  });
  htmlBodies.sort((a, b) => rank(a) - rank(b));
  const best = htmlBodies.map((b) => str(b.value)).find(Boolean);
  if (best) return { bodyHtml: best };
  const text = firstStr(o, 'body_text', 'bodyText');
  if (text) return { bodyText: text };
  const plain = bodies.find((b) => (str(b.contentType ?? b.contenttype)?.toLowerCase() ?? 'text/plain').startsWith('text/plain'));
  return { bodyText: plain ? str(plain.value) : null };
}

function rank(body: JsonObject): number {
  const i = HTML_ROLES.indexOf(str(body.role)?.toLowerCase() ?? '');
  return i === -1 ? HTML_ROLES.length : i;
}

const PICTURE_TYPES = new Set(['picture', 'graphic', 'image', 'photo']);

function isPictureType(type: string | null): boolean {
  return type !== null && PICTURE_TYPES.has(type.toLowerCase());
}

/**
 * Superdesk/AAP picture bylines may lead with the photographer's account code ("A3576/_Maurizio
 * Gambarini"); the code is system data, not part of the credit as printed.
 */
function withoutAccountCode(byline: string): string {
  return byline.replace(/^[A-Z]{0,3}\d{3,}\/_?\s*/, '');
}

const AUTHOR_ROLES: Record<string, Byline['role']> = {
  writer: 'author', author: 'author', editor: 'editing', photographer: 'photographer', reporter: 'reporting',
  correspondent: 'reporting', contributor: 'contributor', 'compiled-by': 'compiled-by',
};

/**
 * Superdesk's `authors[]` repeats, as user records, people the byline already names (often spelt
 * differently: "Aaron Staples" for "Aaron J. Staples"); an author whose every name part is in the
 * byline is that byline's person, not another one.
 */
function namedInByline(name: string, byline: string | null): boolean {
  if (!byline) return false;
  const words = new Set(byline.toLowerCase().split(/[^\p{L}'-]+/u).filter(Boolean));
  const parts = name.toLowerCase().split(/[^\p{L}'-]+/u).filter(Boolean);
  return parts.length > 0 && parts.every((p) => words.has(p));
}

function authorsOf(o: JsonObject, byline: string | null): BylineHint[] {
  const out: BylineHint[] = [];
  for (const a of listOf(o.authors).filter(isObject)) {
    const name = str(a.name);
    if (!name || namedInByline(name, byline)) continue;
    const role = AUTHOR_ROLES[str(a.role)?.toLowerCase() ?? ''] ?? 'author';
    // Passed as raw so the credits engine can tell a person from a desk or site name.
    out.push({ raw: name, role, evidence: { from: 'element', rule: 'ninjs authors[]' } });
  }
  return out;
}

function pictureOf(a: JsonObject): PictureHint | null {
  const type = str(a.type);
  const renditions = renditionsOf(a.renditions);
  if (type ? !isPictureType(type) : !renditions.some((r) => r.mimeType?.startsWith('image/'))) return null;
  const caption = description1x(a) ?? byRole(a.descriptions, ['caption', 'text', 'description'], { anyRole: true });
  const byline = firstStr(a, 'byline', 'by');
  // An embedded picture's byline is the only credit Superdesk and TT carry for it (filled from the
  // IPTC credit / by-line), so it is the credit as printed when no creditline is given.
  const creditRaw = firstStr(a, 'creditline') ?? byRole(a.descriptions, ['creditline']) ?? (byline ? withoutAccountCode(byline) : null);
  const photographerEntry = listOf(a.authors).filter(isObject).find((x) => str(x.role)?.toLowerCase() === 'photographer');
  const photographer = photographerEntry ? str(photographerEntry.name) : null;
  return {
    guid: firstId(a, 'guid', 'uri'),
    caption,
    creditRaw,
    photographer: photographer && photographer !== creditRaw ? photographer : null,
    renditions,
    evidence: { from: 'element', rule: 'ninjs associations' },
  };
}

/** Explicit markers only: a Superdesk `signal` list, the status, an advisory item type. */
function signalsOf(o: JsonObject, pubStatus: Article['pubStatus'] | null, type: string | null): string[] {
  const out: string[] = [];
  for (const s of [...listOf(o.signal), ...listOf(o.signals)]) {
    const code = isObject(s) ? firstStr(s, 'code', 'qcode', 'name') : str(s);
    if (code) out.push(code.replace(/^sig:/, '').toLowerCase());
  }
  if (pubStatus === 'canceled') out.push('kill');
  if (type === 'advisory') out.push('advisory');
  return [...new Set(out)];
}

const ARTICLE_TYPES = new Set<string>(['text', 'picture', 'graphic', 'video', 'audio', 'composite']);

/**
 * ninjs has no relation property; wiredesk's own export names the story an item corrects or
 * kills as an association "replaces" (its guid in altids), which reads back here.
 */
function replacesOf(o: JsonObject): string | null {
  const [, a] = namedEntries(o.associations).find(([name]) => name === 'replaces') ?? [];
  if (!isObject(a)) return null;
  const guid = listOf(a.altids).filter(isObject).find((x) => str(x.role) === 'guid');
  return (guid ? str(guid.value) : null) ?? str(a.uri);
}

function storyOf(o: JsonObject, itemIndex: number): ParsedStory {
  const type = str(o.type)?.toLowerCase() ?? null;
  const pictureItem = isPictureType(type);
  const pubStatus = pubStatusFromCode(firstStr(o, 'pubstatus', 'pubStatus'));
  const byline = firstStr(o, 'byline', 'by');
  const description = description1x(o)
    ?? byRole(o.descriptions, ['summary', 'lead', 'abstract', 'teaser', 'caption', 'text', 'description'], { anyRole: true });

  const bylines: BylineHint[] = [];
  if (byline) {
    bylines.push({
      raw: pictureItem ? withoutAccountCode(byline) : byline,
      role: pictureItem ? 'photographer' : 'author',
      evidence: { from: 'element', rule: 'ninjs byline' },
    });
  }
  bylines.push(...authorsOf(o, byline));

  const pictures: PictureHint[] = [];
  if (pictureItem) {
    // The item's byline names its photographer, unless it is the supplying agency ("Insidefoto"):
    // then the photographer is left to the credit printed in the caption.
    const pictureByline = byline ? withoutAccountCode(byline) : null;
    // A picture item is labelled and delivered as its own picture: caption, credit, renditions.
    pictures.push({
      guid: firstId(o, 'guid', 'uri'),
      caption: description1x(o) ?? byRole(o.descriptions, ['caption', 'text', 'description'], { anyRole: true }),
      creditRaw: firstStr(o, 'creditline') ?? byRole(o.descriptions, ['creditline']),
      photographer: pictureByline && looksLikePersonName(pictureByline, { context: 'credit' }) ? pictureByline : null,
      renditions: renditionsOf(o.renditions),
      evidence: { from: 'element', rule: 'ninjs picture item' },
    });
  }
  // One picture per guid, looked up in a set: a story may carry thousands of associations.
  const guids = new Set(pictures.map((x) => x.guid).filter(Boolean));
  for (const [, a] of namedEntries(o.associations)) {
    if (!isObject(a)) continue;
    const p = pictureOf(a);
    if (!p || (p.guid && guids.has(p.guid))) continue;
    pictures.push(p);
    if (p.guid) guids.add(p.guid);
  }

  const located = firstStr(o, 'located');
  const [city, ...rest] = located ? located.split(',').map((x) => x.trim()) : [];
  // `located` is free text ("Tallinn, Estonia", "Sydney, NSW, Australia", "Washington, D.C."): the
  // dateline engine tells a state from a country; unread, the first part is the city, the last the country.
  const placed = located ? parseDateline(located) : null;
  const infoSource = listOf(o.infosources ?? o.infoSources).filter(isObject).map((x) => str(x.name)).find(Boolean) ?? null;

  return {
    itemIndex,
    type: type && ARTICLE_TYPES.has(type) ? (type as Article['type']) : 'text',
    guid: firstId(o, 'guid', 'uri'),
    uri: firstId(o, 'uri'),
    version: firstStr(o, 'version'),
    versionCreated: firstStr(o, 'versioncreated', 'versionCreated'),
    firstCreated: firstStr(o, 'firstcreated', 'firstCreated'),
    embargoedUntil: firstStr(o, 'embargoed', 'embargoedUntil', 'embargoeduntil'),
    // ninjs `ednote` ("not intended to be published"); some producers put it in descriptions[] instead.
    editorNote: firstStr(o, 'ednote', 'edNote') ?? byRole(o.descriptions, ['ednote', 'editorialnote', 'editornote']),
    replaces: replacesOf(o),
    pubStatus,
    signals: signalsOf(o, pubStatus, type),
    language: firstStr(o, 'language'),
    source: firstStr(o, 'source') ?? infoSource ?? firstStr(o, 'copyrightholder', 'copyrightHolder'),
    // A headline may be markup: ninjs 2.x/3.x headlines[] carry a contentType ("text/html"), and
    // 1.x producers put inline tags in `headline`; the headline is its text (as a feed title's).
    headline: lineText(firstStr(o, 'headline') ?? byRole(o.headlines, ['main', 'headline'], { anyRole: true }) ?? firstStr(o, 'title')),
    subheadline: lineText(byRole(o.headlines, ['sub', 'subheadline', 'subtitle'])),
    slugline: firstStr(o, 'slugline'),
    summary: description,
    ...bodyOf(o),
    datelineCity: placed?.city ?? (city || null),
    datelineCountry: placed ? placed.country : rest[rest.length - 1] || null,
    bylines,
    creditLine: firstStr(o, 'creditline') ?? byRole(o.descriptions, ['creditline']),
    copyrightHolder: firstStr(o, 'copyrightholder', 'copyrightHolder'),
    copyrightNotice: firstStr(o, 'copyrightnotice', 'copyrightNotice'),
    usageTerms: firstStr(o, 'usageterms', 'usageTerms'),
    pictures,
    subjects: [...listOf(o.subject), ...listOf(o.subjects)].filter(isObject).map((x) => ({
      scheme: firstStr(x, 'scheme'),
      code: firstStr(x, 'code', 'qcode', 'literal', 'uri'),
      name: firstStr(x, 'name'),
    })),
    keywords: listOf(o.keywords).map(str).filter((k): k is string => k !== null),
    places: [...listOf(o.place), ...listOf(o.places)].filter(isObject).map((x) => ({
      name: firstStr(x, 'name'),
      code: firstStr(x, 'code', 'qcode', 'literal'),
    })),
  };
}

export const ninjs: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'IPTC ninjs 1.x, 2.x and 3.x (News in JSON), single items, arrays and Superdesk search wrappers',
  detect,
  parse(input) {
    const { items, failures } = readJsonItems(input, FORMAT, locateItems, ['item', '_items']);
    const stories: ParsedStory[] = [];
    const itemFailures: ItemFailure[] = [...failures];
    for (const { value, index, raw } of items) {
      try {
        if (!isObject(value)) throw invalidItem(FORMAT, index, 'not a JSON object');
        const story = storyOf(value, index);
        if (!story.guid && !story.headline && !story.bodyHtml && !story.bodyText) {
          throw invalidItem(FORMAT, index, 'no uri, guid, headline or body');
        }
        stories.push(story);
      } catch (e) {
        itemFailures.push({ error: toWiredeskError(e, FORMAT), raw, itemIndex: index });
      }
    }
    return { stories, failures: itemFailures };
  },
};
