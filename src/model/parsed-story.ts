import type { Article, Byline, Evidence, Rendition, Warning } from './article.generated.js';

/**
 * What a format module hands to the rest of the pipeline: the story's fields as the format
 * states them, before normalization and extraction. Every field is optional; a format fills
 * what it carries. Text fields hold the provider's text (entities decoded, nothing else done);
 * `normalize` and `extract` make the canonical article from it.
 */
export interface ParsedStory {
  /** Position of the item in its document (0 for single-item documents). */
  itemIndex?: number;
  type?: Article['type'];
  guid?: string | null;
  /**
   * The provider's identity of the story across its versions, where the format's guid names one
   * version (NewsML 1.2's PublicIdentifier ends in the RevisionId); the story id is built from it.
   */
  storyKey?: string | null;
  /**
   * The part of a story sent in takes that this item is ("add-1": an ANPA "1st Add" continues the
   * story, AP Stylebook, Filing the wire, version section): a text of its own, so its id carries it.
   */
  take?: string | null;
  version?: string | number | null;
  /** Date strings exactly as the document has them; normalize parses them. */
  versionCreated?: string | null;
  firstCreated?: string | null;
  embargoedUntil?: string | null;
  /** The guid of the story/version this item corrects, replaces or kills, as the provider names it. */
  replaces?: string | null;
  /** Notes to editors, not for publication (kept out of the body). */
  editorNote?: string | null;
  /** A default offset for dates that carry none, e.g. "+01:00" (from a format's rules). */
  defaultOffset?: string;
  pubStatus?: Article['pubStatus'] | null;
  signals?: string[];
  language?: string | null;
  /** The delivering organisation (feed provider). */
  provider?: string | null;
  /** The writing agency when the metadata states it. */
  source?: string | null;
  /**
   * Set when the format module had no stated source and guessed `source` itself (from the item's
   * id, from a line of the text): what it was guessed from, for WIREDESK_WARN_SOURCE_INFERRED.
   */
  sourceInferredFrom?: string;
  uri?: string | null;
  url?: string | null;

  headline?: string | null;
  subheadline?: string | null;
  slugline?: string | null;
  summary?: string | null;
  /** The body as markup (preferred) or as plain text with paragraphs separated by blank lines. */
  bodyHtml?: string | null;
  bodyText?: string | null;

  /** A dateline the format states in its own field (e.g. NewsML-G2 `dateline`, NITF `dateline`). */
  dateline?: string | null;
  /** City/country the metadata states (e.g. located element), used when the dateline text has none. */
  datelineCity?: string | null;
  datelineCountry?: string | null;
  /** The dateline's date as the markup states it (NITF `<story.date norm>`), YYYY-MM-DD. */
  datelineDate?: string | null;

  bylines?: BylineHint[];
  creditLine?: string | null;
  copyrightHolder?: string | null;
  copyrightNotice?: string | null;
  usageTerms?: string | null;

  pictures?: PictureHint[];
  subjects?: Article['subjects'];
  keywords?: string[];
  places?: Article['places'];

  warnings?: Warning[];
}

/**
 * A byline as the document states it. `raw` is parsed by the credits engine ("By X and Y,
 * AP Writer"); when `name` is given the element already separated it and `raw` is not split.
 */
export interface BylineHint {
  raw?: string;
  name?: string;
  role?: Byline['role'];
  affiliation?: string | null;
  /** Where the byline says the person reported from, when the markup states it apart (NITF byline/location). */
  location?: string | null;
  /** The name is an organisation the source states as the author (schema.org `author` of type Organization, "By The Associated Press"), not a person. */
  organisation?: boolean;
  evidence: Evidence;
}

export interface PictureHint {
  guid?: string | null;
  caption?: string | null;
  altText?: string | null;
  /** The provider's dedicated credit field (creditline, media:credit, IPTC Credit). */
  creditRaw?: string | null;
  /** A photographer named in structured metadata (creator role photographer, byline). */
  photographer?: string | null;
  /** Organisations structured metadata names as the picture's distributor or holder (Media RSS credit roles): agencies, never the photographer. */
  agencies?: string[];
  renditions?: Rendition[];
  evidence?: Evidence;
}

export interface ParseResult {
  stories: ParsedStory[];
  /** Items of a multi-item document that failed; the rest still flow. */
  failures: ItemFailure[];
  warnings?: Warning[];
  /** A paged feed's link to its next page (AP Media API `next_page`), for a cursor source to follow. */
  nextPage?: string | null;
}

export interface ItemFailure {
  error: import('../errors.js').WiredeskError;
  /** The failed item's own bytes, kept for replay. */
  raw: Buffer;
  itemIndex: number;
}
