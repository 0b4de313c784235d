import { decodeBytes, type Decoded } from '../text/decode.js';
import { jsonNestsDeeper, MAX_JSON_DEPTH } from '../text/json-depth.js';
import { WiredeskError } from '../errors.js';

/**
 * Everything `detect` needs, computed once per input and shared by every format module's
 * `detect` and then by the chosen module's `parse` (the decoded text and, for JSON, the value).
 */
export interface Sniff {
  readonly bytes: Buffer;
  readonly decoded: Decoded;
  /** The decoded text. */
  readonly text: string;
  /**
   * The first 8 KB of the text, for cheap pattern checks; for XML whose prolog (comments, a
   * DOCTYPE, processing instructions) runs past 4 KB, the 8 KB from the root element on.
   */
  readonly head: string;
  /** `image`: a picture file recognized by its magic bytes (JPEG); its text is empty, its metadata is in `bytes`. */
  readonly kind: 'xml' | 'json' | 'html' | 'text' | 'image';
  /** XML: the root element's local name and namespace URI (from the opening tag). */
  readonly xmlRoot: { name: string; prefix: string | null; ns: string | null } | null;
  /** JSON: the parsed value, parsed once (null when kind is not json). */
  readonly json: unknown;
  /** JSON: the keys of the top-level object. */
  readonly jsonKeys: ReadonlySet<string>;
  /**
   * The text opens like XML (a declaration, DOCTYPE, comment or tag) or like JSON (an object, or an
   * array of values), whatever kind the sniff settled on: such bytes are never plain text, and when
   * no module reads them they fail with their syntax's coded error.
   */
  readonly markup: 'xml' | 'json' | null;
  /** Why JSON.parse rejected a text that opens like JSON (truncated, broken), else null. */
  readonly jsonError: Error | null;
  /**
   * The text nests deeper than MAX_JSON_DEPTH somewhere, so it was not parsed as a whole: a JSON
   * format reads its items one by one and refuses only the item too deep (WIREDESK_ERR_JSON_TOO_DEEP).
   */
  readonly jsonTooDeep: boolean;
  /** The input carries the control characters of legacy text wires (SOH, STX, ETX, SYN, EOT). */
  readonly wireControls: boolean;
  /** Hints given with the input (content type), never decisive on their own. */
  readonly contentType: string | null;
  readonly path: string | null;
}

/** Elements an HTML page or fragment starts with; any other first element makes the document XML. */
const HTML_START = new RegExp(`^(?:${[
  'head', 'body', 'title', 'meta', 'link', 'base', 'script', 'style', 'noscript', 'template', 'div', 'p', 'span', 'a', 'img',
  'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'figure', 'figcaption', 'picture', 'video', 'audio', 'svg',
  'canvas', 'iframe', 'object', 'embed', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'caption', 'ul', 'ol', 'li', 'dl', 'dt',
  'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'hr', 'form', 'input', 'button', 'label', 'select', 'textarea', 'blockquote',
  'pre', 'code', 'address', 'details', 'summary', 'dialog', 'center', 'font', 'b', 'i', 'u', 's', 'em', 'strong', 'small',
  'big', 'sub', 'sup', 'time', 'mark', 'q', 'cite', 'abbr', 'frameset', 'frame', 'map', 'area',
].join('|')})$`, 'i');

const LOOSE_TAG = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>]|$)/;

const WIRE_CONTROLS = /[\x01\x02\x03\x04\x16]/;

/** C0 controls no text format uses (TAB, LF, CR, FF and the wire framing controls are fine). */
const STRAY_CONTROL = /[\x05-\x08\x0e-\x15\x17-\x1a]/;
const STRAY_CONTROLS = /[\x05-\x08\x0e-\x15\x17-\x1a]/g;

export function isBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  const head = bytes.subarray(0, n);
  // UTF-16 text has NULs; it is recognized by its BOM or '<' pattern before this check.
  if (head.includes(0)) return true;
  // Counted in the latin1 view (one char per byte) by native searches: this runs on every input.
  const chars = head.toString('latin1');
  if (!STRAY_CONTROL.test(chars)) return false;
  const bad = chars.match(STRAY_CONTROLS)?.length ?? 0;
  return bad / n > 0.01;
}

/** JPEG: SOI marker followed by the start of another marker. */
export function isJpeg(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Legacy text wires (ANPA-1312, IPTC 7901) open a message with SYN/SOH and carry C0 controls in
 * their tables (BS, DLE, RS, US as cell and row marks): text, not binary, as long as no NUL.
 */
function isWireFramed(bytes: Buffer): boolean {
  let i = 0;
  while (i < 8 && (bytes[i] === 0x16 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  const head = bytes.subarray(0, 8192);
  return bytes[i] === 0x01 && head.includes(0x02) && !head.includes(0);
}

/**
 * UTF-16 markup without a BOM ("<?xml" as 00 3C 00 3F … big-endian, 3C 00 3F 00 … little-endian;
 * XML 1.0 Appendix F): the first four characters are printable ASCII with a zero byte beside each,
 * `zeroAt` 0 for big-endian, 1 for little-endian. Two bytes alone ("\0<") would let one random
 * file in 256 pass the binary check.
 */
function utf16Markup(bytes: Buffer, zeroAt: 0 | 1): boolean {
  if (bytes.length < 8 || bytes[1 - zeroAt] !== 0x3c) return false;
  for (let i = 0; i < 8; i += 2) {
    const ch = bytes[i + 1 - zeroAt]!;
    if (bytes[i + zeroAt] !== 0 || ch < 0x20 || ch > 0x7e) return false;
  }
  return true;
}

/** `{"` or `{}`; `[` then an object, array, string or `]`: the openings of a JSON document, not of prose. */
const JSON_START = /^(?:\{\s*["}]|\[\s*(?:[{[\]]|"[^"\n]{0,200}"\s*[,:\]]))/;
/** `<?xml`, `<!DOCTYPE`, `<!--`, `<![CDATA[` or `<` + a name: the openings of markup. */
const MARKUP_START = /^<(?:[?!]|[A-Za-z_])/;

/** How far into a document the sniffer looks for the root element past an XML prolog. */
export const MAX_PROLOG_CHARS = 1024 * 1024;

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c > 0x7f;
}

/**
 * Where the root element starts past an XML prolog (white space, the declaration, processing
 * instructions, comments, a DOCTYPE with its internal subset), or -1 when the text before it is
 * not a prolog or the root does not start within `cap` characters. One pass, each character
 * looked at once: a prolog longer than the 8 KB head no longer hides the root.
 */
export function xmlRootOffset(text: string, cap = MAX_PROLOG_CHARS): number {
  const limit = Math.min(text.length, cap);
  let i = 0;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 0x3c) return -1;
    const next = text.charCodeAt(i + 1);
    if (isNameStart(next)) return i;
    let end: number;
    if (next === 0x3f) {
      end = text.indexOf('?>', i + 2);
      if (end !== -1) end += 2;
    } else if (text.startsWith('<!--', i)) {
      end = text.indexOf('-->', i + 4);
      if (end !== -1) end += 3;
    } else if (next === 0x21) {
      end = doctypeEnd(text, i + 2, limit);
    } else {
      return -1;
    }
    if (end === -1) return -1;
    i = end;
  }
  return -1;
}

/** The end of a `<!DOCTYPE …>` (after its '>'), over quoted strings and an internal subset with its comments. */
function doctypeEnd(text: string, from: number, limit: number): number {
  let i = from;
  let subset = false;
  while (i < limit) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) return -1;
      i = close + 1;
    } else if (subset && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close === -1) return -1;
      i = close + 3;
    } else if (ch === '[') {
      subset = true;
      i++;
    } else if (ch === ']') {
      subset = false;
      i++;
    } else if (ch === '>' && !subset) {
      return i + 1;
    } else {
      i++;
    }
  }
  return -1;
}

function xmlRootOf(head: string): Sniff['xmlRoot'] {
  // Skip the prolog: declaration, comments, processing instructions, DOCTYPE.
  const re = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/y;
  let i = 0;
  for (;;) {
    i = head.indexOf('<', i);
    if (i === -1) return null;
    const next = head[i + 1];
    if (next === '?' || next === '!') {
      const end = head.startsWith('<!--', i) ? head.indexOf('-->', i) : head.indexOf('>', i);
      if (end === -1) return null;
      i = end + 1;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(head);
    // A root tag that breaks off (a truncated document) or bends the syntax still names the root:
    // its name, and the namespace declared in what there is of its attributes.
    const loose = m ? null : LOOSE_TAG.exec(head.slice(i, i + 4096));
    if (!m && !loose) return null;
    const qname = (m ?? loose)![1]!;
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? null : qname.slice(0, colon);
    const attrs = m ? m[2] ?? '' : head.slice(i + 1 + qname.length, i + 4096).split('>', 1)[0]!;
    const nsRe = prefix ? new RegExp(`xmlns:${prefix}\\s*=\\s*["']([^"']*)["']`) : /xmlns\s*=\s*["']([^"']*)["']/;
    const ns = nsRe.exec(attrs)?.[1] ?? null;
    return { name: colon === -1 ? qname : qname.slice(colon + 1), prefix, ns };
  }
}

/** The coded error for JSON nested past MAX_JSON_DEPTH (a whole document, or one item of it). */
export function jsonTooDeepError(path: string | null = null): WiredeskError {
  return new WiredeskError('WIREDESK_ERR_JSON_TOO_DEEP', `deeper than ${MAX_JSON_DEPTH} levels`, { ...(path ? { input: path } : {}) });
}

export function sniff(bytes: Buffer, opts: { path?: string | null; contentType?: string | null } = {}): Sniff {
  const contentType = opts.contentType ?? null;
  const path = opts.path ?? null;
  if (bytes.length === 0 || bytes.toString('latin1', 0, Math.min(bytes.length, 65536)).trim() === '' && bytes.length <= 65536) {
    throw new WiredeskError('WIREDESK_ERR_INPUT_EMPTY', path ?? undefined, { ...(path ? { input: path } : {}) });
  }
  const bomless = !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff) &&
    !utf16Markup(bytes, 0) && !utf16Markup(bytes, 1);
  // A picture file is binary but readable (its IPTC/XMP metadata): recognized by its magic bytes
  // before the binary check, and never decoded as text.
  if (isJpeg(bytes)) {
    return {
      bytes, decoded: { text: '', charset: 'binary', declared: null, bom: false, warnings: [] }, text: '', head: '', kind: 'image',
      xmlRoot: null, json: null, jsonKeys: new Set(), markup: null, jsonError: null, jsonTooDeep: false, wireControls: false, contentType, path,
    };
  }
  if (bomless && !isWireFramed(bytes) && isBinary(bytes)) {
    throw new WiredeskError('WIREDESK_ERR_INPUT_BINARY', path ?? undefined, { ...(path ? { input: path } : {}) });
  }
  const charsetParam = contentType ? /charset=([^;\s]+)/i.exec(contentType)?.[1] ?? null : null;
  const decoded = decodeBytes(bytes, charsetParam);
  const text = decoded.text;
  let head = text.slice(0, 8192);
  const trimmed = head.trimStart();
  let kind: Sniff['kind'] = 'text';
  let xmlRoot: Sniff['xmlRoot'] = null;
  let json: unknown = null;
  let jsonKeys: Set<string> = new Set();
  let jsonError: Error | null = null;
  let jsonTooDeep = false;
  const markup: Sniff['markup'] = JSON_START.test(trimmed) ? 'json' : MARKUP_START.test(trimmed) ? 'xml' : null;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // Too deep somewhere: never parsed whole (the limit's protection); the JSON formats read the
    // items one by one, so one item nested past the limit fails alone (STYLE.md 4).
    if (jsonNestsDeeper(text)) {
      jsonTooDeep = true;
      jsonError = jsonTooDeepError(path);
    } else {
      try {
        json = JSON.parse(text);
        kind = 'json';
        const obj = Array.isArray(json) ? json[0] : json;
        if (obj && typeof obj === 'object') jsonKeys = new Set(Object.keys(obj));
      } catch (e) {
        kind = 'text';
        jsonError = e instanceof Error ? e : new Error(String(e));
      }
    }
  } else if (trimmed.startsWith('<')) {
    const lower = trimmed.slice(0, 1024).toLowerCase();
    // A root that is namespaced or camelCase (an XML fragment such as NewsML-G2 <contentSet>
    // carrying NITF <p>s) is XML even without a declaration; HTML names are case-insensitive words.
    const rootAt = /^<[?!]/.test(trimmed) ? xmlRootOffset(text) : -1;
    if (rootAt > 4096) head = text.slice(rootAt, rootAt + 8192);
    const root = xmlRootOf(head);
    // So is a root that is no HTML element at all (<nitf>, <NewsML> without a declaration).
    const xmlishRoot = root !== null && root.name.toLowerCase() !== 'html' && (root.prefix !== null || root.ns !== null || /^[a-z]+[A-Z]/.test(root.name) || !HTML_START.test(root.name));
    if (/^<!doctype html|^<html[\s>]/.test(lower) || (!xmlishRoot && !lower.startsWith('<?xml') && /<(head|body|div|p|meta)[\s>]/.test(lower))) {
      kind = 'html';
    } else {
      xmlRoot = root;
      // An XML declaration or DOCTYPE whose document breaks off before its root is XML still.
      // An HTML element as the root (a fragment) is HTML; any other root is XML.
      kind = xmlRoot ? (xmlRoot.name.toLowerCase() === 'html' || !xmlishRoot ? 'html' : 'xml') : /^<[?!]/.test(trimmed) ? 'xml' : 'text';
    }
  }
  if (kind === 'text' && /<html[\s>]/i.test(head) && /<\/?(body|head)[\s>]/i.test(head)) kind = 'html';
  return {
    bytes,
    decoded,
    text,
    head,
    kind,
    xmlRoot,
    json,
    jsonKeys,
    markup,
    jsonError,
    jsonTooDeep,
    wireControls: WIRE_CONTROLS.test(head),
    contentType,
    path,
  };
}

