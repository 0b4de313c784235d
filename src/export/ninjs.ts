import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Article, Byline, Picture, Rendition } from '../model/article.generated.js';

/**
 * IPTC ninjs 2.x export of a canonical article (validated in tests against IPTC's published
 * ninjs 2.2 JSON Schema; see test/export/ninjs-schema.test.ts).
 *
 * ninjs forbids properties it does not define, so every canonical field goes to the nearest
 * ninjs construct; where ninjs has none, the mapping below says which generic construct carries
 * it and with which role, so a consumer can find it again:
 *
 * | canonical | ninjs |
 * | --- | --- |
 * | uri / guid / id | `uri`: the first of uri, guid that is an absolute URI, else `urn:wiredesk:<id>` |
 * | guid, id, contentHash | `altids[]` roles `guid`, `wiredesk-id`, `content-hash` |
 * | url | `renditions[]` `{ name: "web", href, contenttype: "text/html" }` |
 * | versionCreated, firstCreated, embargoedUntil | `versioncreated`, `firstcreated`, `embargoed` (date-time only: ninjs has no date-only field) |
 * | headline, subheadline | `headlines[]` roles `main`, `sub` |
 * | summary, creditLine | `descriptions[]` roles `summary`, `creditline` |
 * | editorNote | `ednote` (ninjs: "not intended to be published") |
 * | replaces | `associations[]` entry named `replaces`: `uri` the replaced story's guid as a URI (`urn:wiredesk:` when it is not one), the guid as printed in `altids[]` role `guid` |
 * | body.html, body.text | `bodies[]` contenttype `text/html`, `text/plain`, with `wordcount`, `charcount` |
 * | bylines | `by`: "By A and B; Additional reporting by C" |
 * | dateline | `located`: "City, Country" (else the raw dateline) |
 * | source, provider | `infosources[]` roles `originator`, `distributor` |
 * | signals | `genres[]` with literal `signal:<name>` |
 * | subjects, keywords | `subjects[]` (literal `scheme:code`); keywords with rel `keyword` |
 * | places | `places[]` (literal code) |
 * | pictures | `associations[]` of type picture: caption / alt text / credit line as `descriptions[]` roles `caption`, `alttext`, `creditline`; photographer as `by`; credit agencies and "via" as `infosources[]`; credit flags as `genres[]` literal `credit-flag:<flag>`; `renditions[]` |
 *
 * Provenance is wiredesk's own record and is not exported.
 */

export const NINJS_STANDARD = {
  name: 'ninjs',
  version: '2.2',
  schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#',
} as const;

export interface NinjsText {
  role?: string;
  contenttype?: string;
  value: string;
}
export interface NinjsBody extends NinjsText {
  wordcount?: number;
  charcount?: number;
}
export interface NinjsConcept {
  name?: string;
  rel?: string;
  uri?: string;
  literal?: string;
}
export interface NinjsInfoSource {
  name?: string;
  role?: string;
  uri?: string;
  literal?: string;
}
export interface NinjsRendition {
  name: string;
  href?: string;
  contenttype?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The ninjs 2.x properties wiredesk emits. */
export interface Ninjs {
  uri: string;
  type?: Article['type'];
  representationtype?: 'full' | 'partial';
  standard?: { name: string; version: string; schema: string };
  version?: string;
  firstcreated?: string;
  versioncreated?: string;
  embargoed?: string;
  pubstatus?: Article['pubStatus'];
  language?: string;
  slugline?: string;
  headlines?: NinjsText[];
  descriptions?: NinjsText[];
  bodies?: NinjsBody[];
  by?: string;
  located?: string;
  infosources?: NinjsInfoSource[];
  genres?: NinjsConcept[];
  subjects?: NinjsConcept[];
  places?: NinjsConcept[];
  copyrightholder?: string;
  copyrightnotice?: string;
  usageterms?: string;
  ednote?: string;
  renditions?: NinjsRendition[];
  associations?: NinjsAssociation[];
  altids?: Array<{ role: string; value: string }>;
}

/** An associated object (a picture of the story): a ninjs object that also carries a name. */
export interface NinjsAssociation extends Ninjs {
  name: string;
}

// The same RFC 3986 check ajv applies to ninjs's `format: "uri"` properties, so what we call a
// URI here is exactly what the schema accepts.
const uriFormat = fullFormats.uri as (s: string) => boolean;

export function isAbsoluteUri(s: string | null | undefined): s is string {
  return typeof s === 'string' && uriFormat(s);
}

/** A `urn:wiredesk:` name for an identifier that is not itself a URI (every character escaped as needed). */
export function wiredeskUrn(id: string): string {
  return `urn:wiredesk:${encodeURIComponent(id).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** An identifier as a URI: itself when it is one, else its `urn:wiredesk:` name. */
export function asUri(id: string): string {
  return isAbsoluteUri(id) ? id : wiredeskUrn(id);
}

/** A link as an absolute URI: resolved against base when relative; undefined when it cannot be. */
function absoluteHref(href: string, base: string | null): string | undefined {
  if (isAbsoluteUri(href)) return href;
  try {
    const resolved = new URL(href, base ?? undefined).href;
    return isAbsoluteUri(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** ninjs's date fields are date-time only; a calendar date alone ("2023-09-10") has no place there. */
function dateTime(iso: string | null): string | undefined {
  return iso && iso.includes('T') ? iso : undefined;
}

const BYLINE_PHRASES: Record<Byline['role'], string> = {
  author: 'By',
  writing: 'Writing by',
  reporting: 'Reporting by',
  'additional-reporting': 'Additional reporting by',
  editing: 'Editing by',
  'compiled-by': 'Compiled by',
  contributor: 'Contributions by',
  photographer: 'Photos by',
};

function listOfNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** The bylines as one natural-language statement, grouped by role in the order the roles first appear. */
export function byStatement(bylines: Byline[]): string | undefined {
  const groups = new Map<Byline['role'], string[]>();
  for (const b of bylines) {
    const names = groups.get(b.role) ?? [];
    if (!names.includes(b.name)) names.push(b.name);
    groups.set(b.role, names);
  }
  const parts = [...groups].map(([role, names]) => `${BYLINE_PHRASES[role]} ${listOfNames(names)}`);
  return parts.length ? parts.join('; ') : undefined;
}

function located(dateline: Article['dateline']): string | undefined {
  if (!dateline) return undefined;
  const named = [dateline.city, dateline.country].filter((s): s is string => !!s).join(', ');
  return named || dateline.raw || undefined;
}

function renditionOf(r: Rendition, index: number, base: string | null): NinjsRendition {
  const out: NinjsRendition = {
    name: r.name || (r.width && r.height ? `${r.width}x${r.height}` : `rendition-${index + 1}`),
  };
  const href = absoluteHref(r.href, base);
  if (href) out.href = href;
  // A link that cannot be made absolute is kept readable rather than dropped.
  else out.title = r.href;
  if (r.mimeType) out.contenttype = r.mimeType;
  if (r.width !== null) out.width = r.width;
  if (r.height !== null) out.height = r.height;
  return out;
}

function pictureAssociation(p: Picture, index: number, parent: { uri: string; id: string }, base: string | null): NinjsAssociation {
  const name = `picture-${index + 1}`;
  // A picture without its own id is named after its story: a fragment of the story's URI when that
  // has none yet, else a urn of the story id.
  const derived = parent.uri.includes('#') ? wiredeskUrn(`${parent.id}#${name}`) : `${parent.uri}#${name}`;
  const out: NinjsAssociation = {
    name,
    uri: p.guid ? asUri(p.guid) : derived,
    type: 'picture',
    representationtype: 'partial',
  };
  const descriptions: NinjsText[] = [];
  if (p.caption) descriptions.push({ role: 'caption', value: p.caption });
  if (p.altText) descriptions.push({ role: 'alttext', value: p.altText });
  if (p.credit.raw) descriptions.push({ role: 'creditline', value: p.credit.raw });
  if (descriptions.length) out.descriptions = descriptions;
  if (p.credit.photographer) out.by = p.credit.photographer;
  const infosources: NinjsInfoSource[] = p.credit.agencies.map((name) => ({ name, role: 'originator' }));
  if (p.credit.via) infosources.push({ name: p.credit.via, role: 'distributor' });
  if (infosources.length) out.infosources = infosources;
  if (p.credit.flags.length) out.genres = p.credit.flags.map((f) => ({ name: f, literal: `credit-flag:${f}` }));
  if (p.renditions.length) out.renditions = p.renditions.map((r, i) => renditionOf(r, i, base));
  if (p.guid) out.altids = [{ role: 'guid', value: p.guid }];
  return out;
}

function subjectOf(s: Article['subjects'][number]): NinjsConcept | null {
  const out: NinjsConcept = {};
  if (s.name) out.name = s.name;
  if (s.code) {
    if (/^https?:\/\//.test(s.code) && isAbsoluteUri(s.code)) out.uri = s.code;
    else out.literal = s.scheme && !s.code.startsWith(`${s.scheme}:`) ? `${s.scheme}:${s.code}` : s.code;
  }
  return out.name || out.uri || out.literal ? out : null;
}

/** The article as an IPTC ninjs 2.x object. */
export function toNinjs(a: Article): Ninjs {
  const uri = isAbsoluteUri(a.uri) ? a.uri : isAbsoluteUri(a.guid) ? a.guid : wiredeskUrn(a.id);
  const base = a.url ?? (a.uri && /^https?:/i.test(a.uri) ? a.uri : null);
  const out: Ninjs = { uri, type: a.type, representationtype: 'full', standard: { ...NINJS_STANDARD } };
  if (a.version) out.version = a.version;
  const firstcreated = dateTime(a.firstCreated);
  if (firstcreated) out.firstcreated = firstcreated;
  const versioncreated = dateTime(a.versionCreated);
  if (versioncreated) out.versioncreated = versioncreated;
  const embargoed = dateTime(a.embargoedUntil);
  if (embargoed) out.embargoed = embargoed;
  out.pubstatus = a.pubStatus;
  if (a.language) out.language = a.language;
  if (a.slugline) out.slugline = a.slugline;

  const headlines: NinjsText[] = [];
  if (a.headline) headlines.push({ role: 'main', value: a.headline });
  if (a.subheadline) headlines.push({ role: 'sub', value: a.subheadline });
  if (headlines.length) out.headlines = headlines;

  const descriptions: NinjsText[] = [];
  if (a.summary) descriptions.push({ role: 'summary', value: a.summary });
  if (a.creditLine) descriptions.push({ role: 'creditline', value: a.creditLine });
  if (descriptions.length) out.descriptions = descriptions;

  const bodies: NinjsBody[] = [];
  if (a.body.html) bodies.push({ role: 'main', contenttype: 'text/html', value: a.body.html, wordcount: a.wordCount, charcount: a.body.text.length });
  if (a.body.text) bodies.push({ role: 'main', contenttype: 'text/plain', value: a.body.text, wordcount: a.wordCount, charcount: a.body.text.length });
  if (bodies.length) out.bodies = bodies;

  const by = byStatement(a.bylines);
  if (by) out.by = by;
  const place = located(a.dateline);
  if (place) out.located = place;

  const infosources: NinjsInfoSource[] = [];
  if (a.source) infosources.push({ name: a.source, role: 'originator' });
  if (a.provider && a.provider !== a.source) infosources.push({ name: a.provider, role: 'distributor' });
  if (infosources.length) out.infosources = infosources;

  if (a.signals.length) out.genres = a.signals.map((s) => ({ name: s, literal: `signal:${s}` }));

  const subjects: NinjsConcept[] = a.subjects.map(subjectOf).filter((s): s is NinjsConcept => s !== null);
  for (const k of a.keywords) subjects.push({ name: k, rel: 'keyword' });
  if (subjects.length) out.subjects = subjects;

  const places: NinjsConcept[] = [];
  for (const p of a.places) {
    const place: NinjsConcept = {};
    if (p.name) place.name = p.name;
    if (p.code) place.literal = p.code;
    if (place.name || place.literal) places.push(place);
  }
  if (places.length) out.places = places;

  if (a.copyrightHolder) out.copyrightholder = a.copyrightHolder;
  if (a.copyrightNotice) out.copyrightnotice = a.copyrightNotice;
  if (a.usageTerms) out.usageterms = a.usageTerms;
  if (a.editorNote) out.ednote = a.editorNote;

  const webUrl = a.url ? absoluteHref(a.url, null) : undefined;
  if (webUrl) out.renditions = [{ name: 'web', href: webUrl, contenttype: 'text/html' }];
  const associations = a.pictures.map((p, i) => pictureAssociation(p, i, { uri, id: a.id }, base));
  // ninjs has no relation property: the story this one corrects or kills is an association by name.
  if (a.replaces) associations.push({ name: 'replaces', uri: asUri(a.replaces), representationtype: 'partial', altids: [{ role: 'guid', value: a.replaces }] });
  if (associations.length) out.associations = associations;

  const altids: Array<{ role: string; value: string }> = [];
  if (a.guid) altids.push({ role: 'guid', value: a.guid });
  altids.push({ role: 'wiredesk-id', value: a.id }, { role: 'content-hash', value: a.contentHash });
  out.altids = altids;
  return out;
}
