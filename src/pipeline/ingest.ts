import type { Article } from '../model/article.generated.js';
import type { ItemFailure } from '../model/parsed-story.js';
import { WiredeskError, toWiredeskError, warning } from '../errors.js';
import { registry as defaultRegistry, type FormatRegistry } from '../formats/registry.js';
import { articleErrors } from './validate.js';
import { sniff, type Sniff } from './sniff.js';
import { jsonErrorPosition } from '../formats/json-document.js';
import { parseXml } from '../xml/xml-tree.js';
import { normalize } from './normalize.js';
import { extract } from './extract.js';
import { DocumentIds, identify, sha256Hex } from './identify.js';

/** One raw item as a source delivers it: bytes plus where they came from. */
export interface RawItem {
  bytes: Buffer;
  /** Path or URL exactly as given; becomes `provenance.path`. */
  path: string | null;
  contentType?: string | null;
  feed?: string | null;
  receivedAt?: Date;
  /** URL to resolve relative links against. */
  baseUrl?: string | null;
  /** Force a format by registry name instead of detecting. */
  format?: string;
}

export interface IngestOptions {
  registry?: FormatRegistry;
  /** Throw on an article that fails schema validation (tests); otherwise keep it with a warning. */
  strict?: boolean;
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
}

/** An input (or one item of it) that could not be read: the coded error and the raw bytes, kept for replay. */
export interface IngestFailure {
  error: WiredeskError;
  raw: Buffer;
  path: string | null;
  itemIndex: number | null;
  format: string | null;
}

export interface IngestResult {
  format: string | null;
  articles: Article[];
  failures: IngestFailure[];
}

export const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

/**
 * Input no format module claims that opens like JSON or XML is broken JSON or XML far more often
 * than an unknown format: say so with the syntax's own coded error and where it breaks
 * (WIREDESK_ERR_JSON_MALFORMED, WIREDESK_ERR_XML_MALFORMED), rather than "unknown format".
 * Well-formed documents of an unknown vocabulary fall through to the unknown-format error.
 */
function throwSyntaxError(s: Sniff): void {
  if (s.jsonTooDeep && s.jsonError) throw s.jsonError;
  if (s.markup === 'json' && s.jsonError) {
    const position = jsonErrorPosition(s.jsonError, s.text);
    throw new WiredeskError('WIREDESK_ERR_JSON_MALFORMED', s.jsonError.message, { position, cause: s.jsonError });
  }
  if (s.kind === 'xml' || (s.kind === 'text' && s.markup === 'xml')) parseXml(s.text);
}

/**
 * The whole in-process pipeline for one raw item: detect -> parse -> normalize -> extract ->
 * identify -> validate. Never throws for bad input: every problem comes back as a coded failure
 * with its bytes, and the items of a document that did parse still come through.
 */
export function ingestItem(raw: RawItem, opts: IngestOptions = {}): IngestResult {
  const reg = opts.registry ?? defaultRegistry;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const receivedAt = (raw.receivedAt ?? new Date()).toISOString();
  let formatName: string | null = raw.format ?? null;
  const fail = (e: unknown, itemIndex: number | null = null, bytes: Buffer = raw.bytes): IngestFailure => {
    const error = toWiredeskError(e, formatName ?? undefined);
    if (raw.path && !error.details.input) error.details.input = raw.path;
    return { error, raw: bytes, path: raw.path, itemIndex, format: formatName };
  };
  try {
    if (raw.bytes.length > maxBytes) {
      throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${raw.bytes.length} bytes, limit ${maxBytes}`);
    }
    const s = sniff(raw.bytes, { path: raw.path, contentType: raw.contentType ?? null });
    const format = raw.format ? reg.get(raw.format) : reg.detect(s)?.format;
    if (!format) {
      throwSyntaxError(s);
      throw new WiredeskError('WIREDESK_ERR_DETECT_UNKNOWN_FORMAT', raw.format ? `no format named "${raw.format}"` : `${s.kind} document${s.xmlRoot ? ` with root <${s.xmlRoot.name}>` : ''}`);
    }
    formatName = format.name;
    const parsed = format.parse({ text: s.text, bytes: raw.bytes, sniff: s, path: raw.path, baseUrl: raw.baseUrl ?? null });
    const rawSha256 = sha256Hex(raw.bytes);
    const docWarnings = [...s.decoded.warnings, ...(parsed.warnings ?? [])];
    const failures: IngestFailure[] = parsed.failures.map((f: ItemFailure) => fail(f.error, f.itemIndex, f.raw));
    const articles: Article[] = [];
    const ids = new DocumentIds();
    parsed.stories.forEach((story, i) => {
      const itemIndex = story.itemIndex ?? i;
      try {
        const x = extract(normalize(story));
        const identity = identify(x, format.name, `${rawSha256}#${itemIndex}`, story.storyKey ?? null, story.take ?? null);
        const contentHash = identity.contentHash;
        const id = ids.claim(identity.id, contentHash, x);
        // Written out field by field (not spread): one object shape for every article, built
        // without V8's generic copy of 30-odd properties, in the schema's order.
        const article: Article = {
          id, contentHash,
          guid: x.guid, version: x.version, versionCreated: x.versionCreated, firstCreated: x.firstCreated, provider: x.provider,
          source: x.source, uri: x.uri, url: x.url, type: x.type, pubStatus: x.pubStatus, signals: x.signals,
          embargoedUntil: x.embargoedUntil, replaces: x.replaces, relatedTo: x.relatedTo, editorNote: x.editorNote,
          headline: x.headline, subheadline: x.subheadline, slugline: x.slugline, summary: x.summary, body: x.body,
          language: x.language, wordCount: x.wordCount, dateline: x.dateline, bylines: x.bylines, creditLine: x.creditLine,
          copyrightHolder: x.copyrightHolder, copyrightNotice: x.copyrightNotice, usageTerms: x.usageTerms,
          pictures: x.pictures, subjects: x.subjects, keywords: x.keywords, places: x.places,
          provenance: {
            path: raw.path,
            format: format.name,
            feed: raw.feed ?? null,
            receivedAt,
            rawSha256,
            itemIndex,
            parser: { name: `wiredesk/${format.name}`, version: format.version },
            warnings: docWarnings.length ? [...docWarnings, ...x.warnings] : x.warnings,
          },
        };
        const errors = articleErrors(article);
        if (errors.length) {
          if (opts.strict) throw new WiredeskError('WIREDESK_ERR_ARTICLE_INVALID', errors.join('; '), { format: format.name, position: { item: itemIndex } });
          article.provenance.warnings.push(warning('WIREDESK_WARN_ARTICLE_INVALID', errors.slice(0, 5).join('; ')));
        }
        articles.push(article);
      } catch (e) {
        failures.push(fail(e, itemIndex));
      }
    });
    if (articles.length === 0 && failures.length === 0) {
      failures.push(fail(new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', undefined, { format: format.name })));
    }
    return { format: format.name, articles, failures };
  } catch (e) {
    return { format: formatName, articles: [], failures: [fail(e)] };
  }
}
