import { decodeHTML } from 'entities';
import { warning } from '../errors.js';
import type { Rendition, Warning } from '../model/article.generated.js';

/**
 * The one rule for URLs that leave wiredesk (issue 15 item 17): a story's `url`, a picture
 * rendition's `href`, a body link's `href` and a body image's `src` are kept only when they are
 * absolute http(s) URLs as a browser would read them. The value is read the way a browser reads an
 * attribute: character references decoded, tabs, newlines and carriage returns removed wherever
 * they are, C0 controls and spaces trimmed from both ends; then parsed by the WHATWG URL parser.
 * `java&#9;script:`, ` JAVASCRIPT:`, `file:`, `data:`, `mailto:`, relative and unparsable values
 * all come back null, and the caller says so in a WIREDESK_WARN_URL_DROPPED warning.
 */

const TAB_OR_NEWLINE = /[\t\n\r]/g;

/** A value as a browser's URL parser receives it (without decoding character references). */
export function browserUrlText(value: string): string {
  const s = value.replace(TAB_OR_NEWLINE, '');
  // Trimmed by hand: a regex anchored at the end would rescan a long inner run of spaces per start.
  let from = 0;
  let to = s.length;
  while (from < to && s.charCodeAt(from) <= 0x20) from++;
  while (to > from && s.charCodeAt(to - 1) <= 0x20) to--;
  return s.slice(from, to);
}

function isHttpUrl(text: string): boolean {
  // Cheap refusal first: a scheme must be there, and be http or https.
  if (!/^https?:/i.test(text)) return false;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
}

/**
 * `value` with tabs/newlines removed and ends trimmed, when it is an absolute http(s) URL both as
 * it stands and with its character references decoded (a consumer may or may not decode them);
 * otherwise null. `decoded`: the value was already entity-decoded (an HTML parser's attribute).
 */
export function safeHttpUrl(value: string | null | undefined, decoded = false): string | null {
  if (typeof value !== 'string') return null;
  const text = browserUrlText(value);
  if (!isHttpUrl(text)) return null;
  if (!decoded && text.includes('&') && !isHttpUrl(browserUrlText(decodeHTML(text)))) return null;
  // `http:/x`, `http:\\x` and the like are http to a browser; handed on in the form every parser reads alike.
  return /^https?:\/\/[^/\\]/i.test(text) ? text : new URL(text).href;
}

/** A short, printable quote of a refused value for a warning message. */
export function quoteUrl(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** A rendition's width or height: a positive integer, or null. */
function dimension(v: unknown, field: string, href: string, warnings: Warning[]): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  warnings.push(warning('WIREDESK_WARN_DIMENSION_DROPPED', `rendition ${field} ${String(v).slice(0, 20)} of ${quoteUrl(href)}`));
  return null;
}

/**
 * Renditions kept only with an http(s) href, and with widths and heights that are positive
 * integers (else null): every reader's renditions pass here (src/pipeline/normalize.ts), so the
 * article stays valid and carries no unsafe link whatever the format said.
 */
export function safeRenditions(renditions: readonly Rendition[] | undefined, warnings: Warning[]): Rendition[] {
  const out: Rendition[] = [];
  for (const r of renditions ?? []) {
    const href = safeHttpUrl(r.href);
    if (href === null) {
      warnings.push(warning('WIREDESK_WARN_URL_DROPPED', `rendition href ${quoteUrl(String(r.href))}`));
      continue;
    }
    out.push({ ...r, href, width: dimension(r.width, 'width', href, warnings), height: dimension(r.height, 'height', href, warnings) });
  }
  return out;
}

/** A story's `url`, kept only when it is http(s). */
export function safeStoryUrl(url: string | null | undefined, warnings: Warning[]): string | null {
  if (url === null || url === undefined || url.trim() === '') return null;
  const safe = safeHttpUrl(url);
  if (safe === null) warnings.push(warning('WIREDESK_WARN_URL_DROPPED', `url ${quoteUrl(url)}`));
  return safe;
}
