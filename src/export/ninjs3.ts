import type { Article } from '../model/article.generated.js';
import { toNinjs, type Ninjs, type NinjsAssociation, type NinjsBody, type NinjsRendition, type NinjsText } from './ninjs.js';

/**
 * IPTC ninjs 3.x export (issue 18, item 5), validated in tests against IPTC's published ninjs 3.1
 * JSON Schema (test/export/ninjs3.test.ts). The mapping is the ninjs 2.x one (src/export/ninjs.ts,
 * its table) with ninjs 3's names: camelCase properties (`versionCreated`, `embargoedUntil`,
 * `pubStatus`, `edNote`, `infoSources`, `altIds`, `contentType`, `wordCount`, `charCount`, ...),
 * plus the bylines as `people` (`name`, `rel` the byline role: author, reporting, photographer, ...)
 * beside the `by` statement.
 */

export const NINJS3_STANDARD = {
  name: 'ninjs',
  version: '3.1',
  schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#',
} as const;

export interface Ninjs3Text {
  role?: string;
  contentType?: string;
  value: string;
}
export interface Ninjs3Body extends Ninjs3Text {
  wordCount?: number;
  charCount?: number;
}
export interface Ninjs3Rendition {
  name: string;
  href?: string;
  contentType?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The ninjs 3.x properties wiredesk emits. */
export interface Ninjs3 {
  uri: string;
  type?: Article['type'];
  representationType?: 'full' | 'partial';
  standard?: { name: string; version: string; schema: string };
  version?: string;
  firstCreated?: string;
  versionCreated?: string;
  embargoedUntil?: string;
  pubStatus?: Article['pubStatus'];
  language?: string;
  slugline?: string;
  headlines?: Ninjs3Text[];
  descriptions?: Ninjs3Text[];
  bodies?: Ninjs3Body[];
  by?: string;
  people?: Array<{ name: string; rel: string }>;
  located?: string;
  infoSources?: Ninjs['infosources'];
  genres?: Ninjs['genres'];
  subjects?: Ninjs['subjects'];
  places?: Ninjs['places'];
  copyrightHolder?: string;
  copyrightNotice?: string;
  usageTerms?: string;
  edNote?: string;
  renditions?: Ninjs3Rendition[];
  associations?: Array<Ninjs3 & { name: string }>;
  altIds?: Array<{ role: string; value: string }>;
}

function text(t: NinjsText): Ninjs3Text {
  const out: Ninjs3Text = { value: t.value };
  if (t.role !== undefined) out.role = t.role;
  if (t.contenttype !== undefined) out.contentType = t.contenttype;
  return out;
}

function body(b: NinjsBody): Ninjs3Body {
  const out: Ninjs3Body = text(b);
  if (b.wordcount !== undefined) out.wordCount = b.wordcount;
  if (b.charcount !== undefined) out.charCount = b.charcount;
  return out;
}

function rendition(r: NinjsRendition): Ninjs3Rendition {
  const out: Ninjs3Rendition = { name: r.name };
  if (r.href !== undefined) out.href = r.href;
  if (r.contenttype !== undefined) out.contentType = r.contenttype;
  if (r.title !== undefined) out.title = r.title;
  if (r.width !== undefined) out.width = r.width;
  if (r.height !== undefined) out.height = r.height;
  return out;
}

/** A ninjs 2.x object in ninjs 3's names (associations are one level deep, so no recursion runs deeper). */
function convert(n: Ninjs, depth: number): Ninjs3 {
  const out: Ninjs3 = { uri: n.uri };
  if (n.type) out.type = n.type;
  if (n.representationtype) out.representationType = n.representationtype;
  if (n.version) out.version = n.version;
  if (n.firstcreated) out.firstCreated = n.firstcreated;
  if (n.versioncreated) out.versionCreated = n.versioncreated;
  if (n.embargoed) out.embargoedUntil = n.embargoed;
  if (n.pubstatus) out.pubStatus = n.pubstatus;
  if (n.language) out.language = n.language;
  if (n.slugline) out.slugline = n.slugline;
  if (n.headlines) out.headlines = n.headlines.map(text);
  if (n.descriptions) out.descriptions = n.descriptions.map(text);
  if (n.bodies) out.bodies = n.bodies.map(body);
  if (n.by) out.by = n.by;
  if (n.located) out.located = n.located;
  if (n.infosources) out.infoSources = n.infosources;
  if (n.genres) out.genres = n.genres;
  if (n.subjects) out.subjects = n.subjects;
  if (n.places) out.places = n.places;
  if (n.copyrightholder) out.copyrightHolder = n.copyrightholder;
  if (n.copyrightnotice) out.copyrightNotice = n.copyrightnotice;
  if (n.usageterms) out.usageTerms = n.usageterms;
  if (n.ednote) out.edNote = n.ednote;
  if (n.renditions) out.renditions = n.renditions.map(rendition);
  if (n.associations && depth < 1) out.associations = n.associations.map((a: NinjsAssociation) => ({ ...convert(a, depth + 1), name: a.name }));
  if (n.altids) out.altIds = n.altids;
  return out;
}

/** The article as an IPTC ninjs 3.x object. */
export function toNinjs3(a: Article): Ninjs3 {
  const out = convert(toNinjs(a), 0);
  const result: Ninjs3 = { ...out, type: a.type, representationType: 'full', standard: { ...NINJS3_STANDARD } };
  if (a.bylines.length) {
    const seen = new Set<string>();
    result.people = [];
    for (const b of a.bylines) {
      const key = `${b.name}\n${b.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.people.push({ name: b.name, rel: b.role });
    }
  }
  return result;
}
