import { toWiredeskError } from './errors.js';
import { readFileCapped } from './sources/local-inputs.js';
import { DEFAULT_MAX_BYTES, ingestItem, type IngestOptions, type IngestResult } from './pipeline/ingest.js';

/**
 * wiredesk as a library: the whole in-process pipeline (detect, parse, normalize, extract,
 * identify, validate; no Redis) for bytes or a file, the canonical article type, the coded errors
 * and the IPTC ninjs export. The queue workers and the CLI call the same `ingestItem`.
 *
 *   import { ingestFile, toNinjs } from 'wiredesk';
 *   const { articles, failures } = await ingestFile('story.xml');
 */

export { ingestItem, DEFAULT_MAX_BYTES } from './pipeline/ingest.js';
export type { RawItem, IngestOptions, IngestResult, IngestFailure } from './pipeline/ingest.js';
export { toNinjs } from './export/ninjs.js';
export type { Ninjs } from './export/ninjs.js';
export { CODES, WiredeskError, isWiredeskError } from './errors.js';
export type { Code, ErrorCode, WarningCode, ErrorKind } from './errors.js';
export type { Article, Byline, Picture, Credit } from './model/article.generated.js';

/** Where the bytes came from and how to read them; every field optional. */
export interface IngestInput extends IngestOptions {
  /** Path or URL as given; becomes `provenance.path`. */
  path?: string | null;
  contentType?: string | null;
  /** URL to resolve relative links against (web pages). */
  baseUrl?: string | null;
  /** A registry format name ("nitf", "newsml-g2", …) instead of detection. */
  format?: string;
  feed?: string | null;
}

/** Reads one document from bytes (or text): the articles it holds and a coded failure, with its bytes, for each part that could not be read. Never throws for bad input. */
export function ingestBytes(input: Buffer | Uint8Array | string, opts: IngestInput = {}): IngestResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.isBuffer(input) ? input : Buffer.from(input);
  const { path = null, contentType = null, baseUrl = null, format, feed = null, ...options } = opts;
  return ingestItem({ bytes, path, contentType, baseUrl, feed, ...(format ? { format } : {}) }, options);
}

/**
 * Reads one file. A file over the size limit (`maxBytes`, 128 MiB by default) is refused before it
 * is read, and a missing or unreadable file is a coded failure, as for bad content.
 */
export async function ingestFile(path: string, opts: IngestInput = {}): Promise<IngestResult> {
  let bytes: Buffer;
  try {
    bytes = await readFileCapped(path, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (e) {
    const error = toWiredeskError(e);
    return { format: null, articles: [], failures: [{ error, raw: Buffer.alloc(0), path, itemIndex: null, format: null }] };
  }
  return ingestBytes(bytes, { ...opts, path: opts.path ?? path });
}
