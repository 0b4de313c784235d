/**
 * The one catalogue of wiredesk's coded errors and warnings. Every code is
 * `WIREDESK_ERR_<AREA>_<REASON>` (or `WIREDESK_WARN_...` for something odd that did not stop
 * the item) and is documented in docs/errors.md; a test keeps the two in step.
 *
 * `kind` sorts errors for the queue: `malformed` input is never retried (it is dead-lettered
 * with its raw bytes), `transient` errors back off and retry, `rate-limit` honours the
 * upstream's Retry-After, `bug` is ours.
 */
import type { Warning as ModelWarning } from './model/article.generated.js';

export type ErrorKind = 'malformed' | 'transient' | 'rate-limit' | 'usage' | 'bug';

interface CodeSpec {
  readonly kind: ErrorKind | 'warning';
  readonly message: string;
}

export const CODES = {
  WIREDESK_ERR_USAGE: { kind: 'usage', message: 'The command line is not valid' },
  WIREDESK_ERR_INPUT_NOT_FOUND: { kind: 'usage', message: 'The input path does not exist' },
  WIREDESK_ERR_INPUT_UNREADABLE: { kind: 'transient', message: 'The input could not be read' },
  WIREDESK_ERR_INPUT_EMPTY: { kind: 'malformed', message: 'The input is empty' },
  WIREDESK_ERR_INPUT_TOO_LARGE: { kind: 'malformed', message: 'The input exceeds the size limit' },
  WIREDESK_ERR_INPUT_NOT_REGULAR: { kind: 'usage', message: 'The input is not a regular file (a device, FIFO or socket)' },
  WIREDESK_ERR_INPUT_BINARY: { kind: 'malformed', message: 'The input is binary data, not a wire document' },
  WIREDESK_ERR_DETECT_UNKNOWN_FORMAT: { kind: 'malformed', message: 'No registered format recognizes the input' },
  WIREDESK_ERR_XML_MALFORMED: { kind: 'malformed', message: 'The XML is not well-formed' },
  WIREDESK_ERR_XML_TOO_DEEP: { kind: 'malformed', message: 'The XML nests deeper than the limit' },
  WIREDESK_ERR_XML_TOO_MANY_NODES: { kind: 'malformed', message: 'The XML has more nodes than the limit' },
  WIREDESK_ERR_JSON_MALFORMED: { kind: 'malformed', message: 'The JSON is not well-formed' },
  WIREDESK_ERR_JSON_TOO_DEEP: { kind: 'malformed', message: 'The JSON nests deeper than the limit' },
  WIREDESK_ERR_PARSE_INVALID: { kind: 'malformed', message: 'The document does not have the structure its format requires' },
  WIREDESK_ERR_PARSE_NO_STORY: { kind: 'malformed', message: 'The document holds no story' },
  WIREDESK_ERR_PARSE_TIMEOUT: { kind: 'malformed', message: 'Parsing the document took longer than the limit' },
  WIREDESK_ERR_FETCH_FAILED: { kind: 'transient', message: 'The URL could not be fetched' },
  WIREDESK_ERR_FETCH_TIMEOUT: { kind: 'transient', message: 'The fetch timed out' },
  WIREDESK_ERR_FETCH_STATUS: { kind: 'transient', message: 'The server answered with an error status' },
  WIREDESK_ERR_FETCH_RATE_LIMITED: { kind: 'rate-limit', message: 'The server asked us to slow down (HTTP 429)' },
  WIREDESK_ERR_FETCH_TOO_LARGE: { kind: 'malformed', message: 'The response exceeds the size limit' },
  WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS: { kind: 'malformed', message: 'The fetch was redirected too many times' },
  WIREDESK_ERR_API_AUTH: { kind: 'usage', message: 'The agency API refused our credentials' },
  WIREDESK_ERR_API_RESPONSE: { kind: 'transient', message: 'The agency API answered with something we cannot read' },
  WIREDESK_ERR_FETCH_PROTOCOL: { kind: 'usage', message: 'Only http and https URLs can be fetched' },
  WIREDESK_ERR_FETCH_CROSS_ORIGIN: { kind: 'usage', message: 'A redirect or next page leads to a host the feed does not allow' },
  WIREDESK_ERR_FETCH_ADDRESS_DENIED: { kind: 'usage', message: 'The host resolves to a loopback, link-local or private address the feed does not allow' },
  WIREDESK_ERR_REMOTE_CONNECT: { kind: 'transient', message: 'The FTP or SFTP server could not be reached or refused the login' },
  WIREDESK_ERR_REMOTE_TRANSFER: { kind: 'transient', message: 'The FTP or SFTP connection broke or timed out during a listing or transfer' },
  WIREDESK_ERR_REMOTE_DENIED: { kind: 'transient', message: 'The FTP or SFTP server refused to read, move or delete a file' },
  WIREDESK_ERR_IMAP_CONNECT: { kind: 'transient', message: 'The IMAP server could not be reached, refused the login or the mailbox' },
  WIREDESK_ERR_IMAP_TRANSFER: { kind: 'transient', message: 'The IMAP connection broke or timed out during a poll' },
  WIREDESK_ERR_REDIS_UNAVAILABLE: { kind: 'transient', message: 'Redis could not be reached' },
  WIREDESK_ERR_REDIS_CLUSTER_PREFIX: { kind: 'usage', message: 'The key prefix cannot be used on a Redis Cluster' },
  WIREDESK_ERR_CONFIG_INVALID: { kind: 'usage', message: 'The configuration file is not valid' },
  WIREDESK_ERR_SIGNATURE_INVALID: { kind: 'usage', message: 'The webhook signature does not match the body' },
  WIREDESK_ERR_SIGNATURE_STALE: { kind: 'usage', message: 'The webhook timestamp is outside the replay window' },
  WIREDESK_ERR_SIGNATURE_REPLAYED: { kind: 'usage', message: 'The webhook signature was already used' },
  WIREDESK_ERR_WEBHOOK_CHARSET: { kind: 'usage', message: 'The webhook Content-Type names a charset the feed does not accept' },
  WIREDESK_ERR_WEBHOOK_TOO_LARGE: { kind: 'usage', message: 'The webhook body exceeds the feed\'s size limit' },
  WIREDESK_ERR_DELIVERY_FAILED: { kind: 'transient', message: 'An event could not be delivered to a subscriber\'s URL or folder within its retry budget' },
  WIREDESK_ERR_REVIEW_NOT_FOUND: { kind: 'usage', message: 'No story with that id is under review' },
  WIREDESK_ERR_REVIEW_CONFLICT: { kind: 'usage', message: 'The story\'s review state does not allow that action' },
  WIREDESK_ERR_REVIEW_INVALID_EDIT: { kind: 'usage', message: 'An editor\'s change would make the article invalid' },
  WIREDESK_ERR_REVIEW_STALE_VERSION: { kind: 'usage', message: 'The version named is not the one under review' },
  WIREDESK_ERR_FEED_UNKNOWN: { kind: 'usage', message: 'No feed with that id is configured in the deployment' },
  WIREDESK_ERR_FEED_ACTION: { kind: 'usage', message: 'The feed\'s kind has no use for that action' },
  WIREDESK_ERR_REGISTRY_DUPLICATE: { kind: 'bug', message: 'A format name was registered twice' },
  WIREDESK_ERR_ARTICLE_INVALID: { kind: 'bug', message: 'The article does not validate against schemas/article.schema.json' },
  WIREDESK_ERR_INTERNAL: { kind: 'bug', message: 'An unexpected internal error' },

  WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED: { kind: 'warning', message: 'An e-mail attachment was not read (over a cap, nested too deep, or its format failed); the rest of the message was' },
  WIREDESK_WARN_ARTICLE_INVALID: { kind: 'warning', message: 'The article did not validate against the schema (production mode keeps it)' },
  WIREDESK_WARN_CHARSET_MISMATCH: { kind: 'warning', message: 'The declared character set does not fit the bytes; another was used' },
  WIREDESK_WARN_CHARSET_GUESSED: { kind: 'warning', message: 'No character set was declared; one was inferred from the bytes' },
  WIREDESK_WARN_MOJIBAKE_REPAIRED: { kind: 'warning', message: 'Text that had been decoded with the wrong character set was read back as UTF-8' },
  WIREDESK_WARN_DATE_UNPARSED: { kind: 'warning', message: 'A date could not be parsed and was left out' },
  WIREDESK_WARN_DATE_ZONE_ASSUMED: { kind: 'warning', message: 'A time stated no offset and was read in its provider\'s known time zone' },
  WIREDESK_WARN_LANGUAGE_INVALID: { kind: 'warning', message: 'The declared language is not a BCP 47 tag and was left out' },
  WIREDESK_WARN_SOURCE_INFERRED: { kind: 'warning', message: 'The source agency was inferred from the text, not stated in metadata' },
  WIREDESK_WARN_BODY_EMPTY: { kind: 'warning', message: 'The story has no body text' },
  WIREDESK_WARN_ITEM_SKIPPED: { kind: 'warning', message: 'An item of the document was skipped' },
  WIREDESK_WARN_XML_RECOVERED: { kind: 'warning', message: 'The XML was ill-formed; what could be read was kept' },
  WIREDESK_WARN_METADATA_RECOVERED: { kind: 'warning', message: 'Embedded picture metadata (IPTC IIM) breaks off; what came before the break was kept' },
  WIREDESK_WARN_HTML_FIELD_SOURCES: { kind: 'warning', message: 'Where a web page\'s fields were taken from (JSON-LD, meta tags, microdata or the visible page)' },
  WIREDESK_WARN_TEXT_FIELD_SOURCES: { kind: 'warning', message: 'Which lines of a page\'s plain text each field was read from' },
  WIREDESK_WARN_CONTENT_DROPPED: { kind: 'warning', message: 'Unsafe markup was removed from the body' },
  WIREDESK_WARN_URL_DROPPED: { kind: 'warning', message: 'A URL that is not http(s) was left out' },
  WIREDESK_WARN_DIMENSION_DROPPED: { kind: 'warning', message: 'A rendition width or height that is not a positive integer was left out' },
} as const satisfies Record<string, CodeSpec>;

export type Code = keyof typeof CODES;
export type ErrorCode = Extract<Code, `WIREDESK_ERR_${string}`>;
export type WarningCode = Extract<Code, `WIREDESK_WARN_${string}`>;

/** Where in a document an error was found. */
export interface Position {
  offset?: number;
  line?: number;
  column?: number;
  /** The item's index in a multi-item document. */
  item?: number;
}

export interface ErrorDetails {
  format?: string;
  position?: Position;
  input?: string;
  cause?: unknown;
  /** Seconds to wait before retrying (rate-limit errors). */
  retryAfter?: number;
  [key: string]: unknown;
}

export class WiredeskError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, detail?: string, details: ErrorDetails = {}) {
    const spec = CODES[code];
    super(detail ? `${spec.message}: ${detail}` : spec.message, details.cause ? { cause: details.cause } : undefined);
    this.name = 'WiredeskError';
    this.code = code;
    this.kind = spec.kind as ErrorKind;
    this.details = details;
  }

  /** A one-line description with the format and position, for logs and the CLI summary. */
  describe(): string {
    const parts: string[] = [];
    if (this.details.format) parts.push(`format ${this.details.format}`);
    const p = this.details.position;
    if (p) {
      if (p.item !== undefined) parts.push(`item ${p.item}`);
      if (p.line !== undefined) parts.push(`line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}`);
      else if (p.offset !== undefined) parts.push(`offset ${p.offset}`);
    }
    return `${this.code} ${this.message}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
}

export function isWiredeskError(e: unknown): e is WiredeskError {
  return e instanceof WiredeskError;
}

/** Wraps anything thrown into a WiredeskError, keeping coded errors as they are. */
export function toWiredeskError(e: unknown, format?: string): WiredeskError {
  if (e instanceof WiredeskError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new WiredeskError('WIREDESK_ERR_INTERNAL', msg, { cause: e, ...(format ? { format } : {}) });
}

/** A warning of the catalogue: the model's warning (src/model) with its code one of ours. */
export interface Warning extends ModelWarning {
  code: WarningCode;
}

export function warning(code: WarningCode, detail?: string): Warning {
  return { code, message: detail ? `${CODES[code].message}: ${detail}` : CODES[code].message };
}
