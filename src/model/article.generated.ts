/* Generated from schemas/article.schema.json by scripts/gen-types.mjs. Do not edit: change the schema and run `npm run gen:types`. */

/**
 * ISO 8601: a date-time with its offset, or a calendar date alone when the source states no time; null when unknown.
 */
export type Instant = null | string;

/**
 * wiredesk's canonical article: one story (or picture) in one version, whatever format it arrived in. This file is the single source of truth; src/model/article.generated.ts is generated from it.
 */
export interface Article {
  /**
   * Stable across versions of the same story: provider + provider guid (or a content-derived key when the format carries no id).
   */
  id: string;
  /**
   * The item's own identifier as its format defines it; null when the format carries none (ANPA-1312, IPTC 7901).
   */
  guid: string | null;
  /**
   * The provider's version of this item, as a decimal string where it is a number.
   */
  version: string | null;
  versionCreated: Instant;
  firstCreated: Instant;
  /**
   * Hash of the normalized story (text, credits, pictures), so an identical re-delivery is recognizable.
   */
  contentHash: string;
  /**
   * Who delivered the item (the feed's provider), which may differ from source.
   */
  provider: string | null;
  /**
   * The agency that wrote the story (Reuters, AP, AFP, dpa, ...), even when a web site syndicated it.
   */
  source: string | null;
  uri: string | null;
  /**
   * The story's web address: an absolute http(s) URL or null (any other scheme is dropped with WIREDESK_WARN_URL_DROPPED).
   */
  url: string | null;
  type: 'text' | 'picture' | 'graphic' | 'video' | 'audio' | 'composite';
  pubStatus: 'usable' | 'withheld' | 'canceled';
  /**
   * Lower-case markers: correction, update, writethru, kill, advisory, hold-for-release, add (a take that continues a story sent in parts), ...
   */
  signals: string[];
  embargoedUntil: Instant;
  /**
   * The guid (or id) of the story or version this item corrects, replaces or kills, as the provider names it (NITF management-doc-idref, NewsML 1.2 PreviousRevision, a kill's target).
   */
  replaces: string | null;
  /**
   * Ids of other stories about the same event (near-duplicates from other agencies), marked by the story store; empty in embedded mode.
   */
  relatedTo: string[];
  /**
   * Notes to editors that are not for publication (ed-msg, 'Eds:' lines, IPTC special instructions), kept out of the body.
   */
  editorNote: string | null;
  headline: string | null;
  subheadline: string | null;
  slugline: string | null;
  summary: string | null;
  body: {
    /**
     * Sanitized HTML: no scripts, styles, event handlers or iframes.
     */
    html: string;
    /**
     * Plain text, paragraphs separated by one blank line.
     */
    text: string;
  };
  /**
   * BCP 47 tag.
   */
  language: string | null;
  wordCount: number;
  dateline: null | {
    raw: string;
    city: string | null;
    country: string | null;
    /**
     * ISO 8601 date (or date-time) the dateline states, resolved against the story's date.
     */
    date: string | null;
    agency: string | null;
  };
  bylines: Byline[];
  creditLine: string | null;
  copyrightHolder: string | null;
  copyrightNotice: string | null;
  usageTerms: string | null;
  pictures: Picture[];
  subjects: {
    scheme: string | null;
    code: string | null;
    name: string | null;
  }[];
  keywords: string[];
  places: {
    name: string | null;
    code: string | null;
  }[];
  provenance: {
    /**
     * The input path or URL exactly as it was given.
     */
    path: string | null;
    /**
     * The registered format module that parsed the item.
     */
    format: string;
    /**
     * The configured feed the item came from, if any.
     */
    feed: string | null;
    receivedAt: string;
    rawSha256: string;
    /**
     * Position of this item among the items of its input.
     */
    itemIndex?: number;
    parser: {
      name: string;
      version: string;
    };
    warnings: Warning[];
  };
}
export interface Byline {
  name: string;
  role:
    | 'author'
    | 'reporting'
    | 'additional-reporting'
    | 'writing'
    | 'editing'
    | 'compiled-by'
    | 'contributor'
    | 'photographer';
  affiliation: string | null;
  location: string | null;
  evidence: Evidence;
}
export interface Evidence {
  /**
   * A dedicated field of the format, a rule over free text, or page metadata.
   */
  from: 'element' | 'text' | 'meta';
  /**
   * Which element or text rule produced the value.
   */
  rule: string;
}
export interface Picture {
  guid: string | null;
  caption: string | null;
  altText: string | null;
  credit: Credit;
  renditions: Rendition[];
}
export interface Credit {
  raw: string | null;
  photographer: string | null;
  agencies: string[];
  via: string | null;
  flags: ('file-photo' | 'handout' | 'pool')[];
  evidence: null | Evidence;
}
export interface Rendition {
  /**
   * An absolute http(s) URL (a rendition with any other href is dropped with WIREDESK_WARN_URL_DROPPED).
   */
  href: string;
  width: number | null;
  height: number | null;
  mimeType: string | null;
  name?: string | null;
}
export interface Warning {
  code: string;
  message: string;
}
