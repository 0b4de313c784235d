import sanitizeHtml from 'sanitize-html';
import { capHtmlDepth, MAX_HTML_DEPTH, parseHtml } from '../html/depth.js';
import type { ChildNode, Document } from 'domhandler';
import { cleanParagraphs } from './clean.js';
import { safeHttpUrl } from '../pipeline/safe-url.js';

/**
 * Story bodies as markup: sanitized for rendering (no scripts, styles, event handlers, iframes,
 * forms, and no link or image URL that is not http(s): src/pipeline/safe-url.ts decides, on the
 * attribute as the parser decoded it) and as plain text with paragraphs separated by blank lines.
 */

/** The URL attributes the current sanitize call removed (the call is synchronous; reset per call). */
let droppedUrls: string[] = [];

function keepHttpUrl(attr: 'href' | 'src'): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const value = attribs[attr];
    if (value === undefined) return { tagName, attribs };
    const safe = safeHttpUrl(value, true);
    const rest = { ...attribs };
    if (safe === null) {
      droppedUrls.push(value);
      delete rest[attr];
    } else {
      rest[attr] = safe;
    }
    return { tagName, attribs: rest };
  };
}

const ALLOWED_TAGS = [
  'p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'small', 'mark', 'q', 'cite', 'abbr', 'span', 'code',
  'a', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'hr',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    '*': ['lang', 'dir'],
  },
  allowedSchemes: ['http', 'https'],
  // Before sanitize-html's own scheme filter: only absolute http(s) URLs, read as a browser reads them.
  transformTags: { a: keepHttpUrl('href'), img: keepHttpUrl('src') },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag; anything else unknown is unwrapped (its text kept).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'head', 'title', 'svg', 'math'],
};

/** sanitize-html with the body options (trimmed): the reference the fast path below must match. */
export function librarySanitize(html: string): string {
  droppedUrls = [];
  return sanitizeHtml(html, SANITIZE).trim();
}

/**
 * The body sanitized. `clean`: the markup was already in the simple shape the fast path below
 * takes (and was kept as it was), so src/text/clean-markup.ts can read it without a parser.
 */
export function sanitizeBodyHtml(html: string): { html: string; dropped: boolean; clean: boolean; droppedUrls: string[] } {
  const fast = alreadyClean(html);
  if (fast !== null) return { html: fast, dropped: false, clean: true, droppedUrls: [] };
  // Nesting past MAX_HTML_DEPTH is flattened here, so no later walk over the body goes deeper.
  const clean = capHtmlDepth(librarySanitize(html));
  const urls = droppedUrls;
  droppedUrls = [];
  const dropped = /<(script|style|iframe|object|embed)\b|\son\w+\s*=|javascript:/i.test(html);
  return { html: clean, dropped, clean: false, droppedUrls: urls };
}

// ----------------------------------------------------------------------------------------------
// The fast path. Most agency bodies are already clean markup: a few allowed tags, no scripts, no
// entities beyond &amp; &lt; &gt;, properly nested. For those, sanitize-html would give back the
// input (void tags written `<br />`), and its parse is the single largest cost of a story. So a
// strict one-pass scan first checks that the markup is in that simple shape, and only then uses
// it as is; anything else (an unknown tag, a comment, a stray `>`, an entity, an unusual URL,
// markup an HTML parser would repair) goes to sanitize-html. The scan only ever accepts, never
// changes: test/text/sanitize-fast-path.test.ts checks on generated markup that whatever it
// accepts is exactly what sanitize-html returns.

const ALLOWED = new Set(ALLOWED_TAGS);
const VOID = new Set(['br', 'hr', 'img']);
const ATTRS = SANITIZE.allowedAttributes as Record<string, string[]>;
/** Attributes whose value is a URL: only absolute http(s) URLs are taken as they are. */
const URL_ATTRS = new Set(['href', 'src']);
const SAFE_URL = /^https?:\/\/[^/\\][^\s\x00-\x1f\x7f"'<>\\`]*$/;
const decodeBasic = (v: string): string => (v.includes('&') ? v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : v);

/**
 * What opening a tag closes implicitly in an HTML parser (htmlparser2's openImpliesClose for the
 * allowed tags): when the innermost open element is one of these, the scan gives up.
 */
const P = ['p'];
const IMPLIES_CLOSE: Record<string, string[]> = {
  tr: ['tr', 'th', 'td'], th: ['th'], td: ['thead', 'th', 'td'], li: ['li'], dd: ['dd', 'dt'], dt: ['dd', 'dt'],
  p: P, h1: P, h2: P, h3: P, h4: P, h5: P, h6: P, blockquote: P, dl: P, figcaption: P, figure: P, hr: P, ol: P,
  pre: P, table: P, ul: P, tbody: ['thead', 'tbody'], tfoot: ['thead', 'tbody'],
};

/** What ends a text run in the scan: a tag, an entity, or a character clean markup never has in text. */
const SPECIAL = /[&<>\0]/g;

/** The input, trimmed, with `<br>`/`<br/>` written `<br />`, if it is clean markup as described above; else null. */
export function alreadyClean(html: string): string | null {
  const stack: string[] = [];
  let out = '';
  let from = 0; // start of the input not yet copied to out
  const n = html.length;
  let i = 0;
  while (i < n) {
    // Text runs to the next character that matters (found by the regex engine, not char by char).
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(html)) break;
    i = SPECIAL.lastIndex - 1;
    const c = html.charCodeAt(i);
    if (c === 0x26 /* & */) {
      if (html.startsWith('&amp;', i)) i += 5;
      else if (html.startsWith('&lt;', i) || html.startsWith('&gt;', i)) i += 4;
      else return null;
      continue;
    }
    if (c === 0x3e /* > */ || c === 0) return null;
    // A tag.
    const closing = html.charCodeAt(i + 1) === 0x2f;
    let j = closing ? i + 2 : i + 1;
    const nameStart = j;
    while (j < n) {
      const d = html.charCodeAt(j);
      if ((d >= 0x61 && d <= 0x7a) || (j > nameStart && d >= 0x30 && d <= 0x39)) j++;
      else break;
    }
    const name = html.slice(nameStart, j);
    if (!name || !ALLOWED.has(name)) return null;
    if (closing) {
      if (html.charCodeAt(j) !== 0x3e || VOID.has(name) || stack.pop() !== name) return null;
      i = j + 1;
      continue;
    }
    const implied = IMPLIES_CLOSE[name];
    if (implied && stack.length && implied.includes(stack[stack.length - 1]!)) return null;
    // Attributes: ` name="value"`, each allowed for this tag, once, with a plain non-empty value.
    const seen: string[] = [];
    while (html.charCodeAt(j) === 0x20 && html.charCodeAt(j + 1) !== 0x2f) {
      let k = j + 1;
      while (k < n && html.charCodeAt(k) >= 0x61 && html.charCodeAt(k) <= 0x7a) k++;
      const attr = html.slice(j + 1, k);
      if (!attr || html.charCodeAt(k) !== 0x3d || html.charCodeAt(k + 1) !== 0x22) return null;
      if (seen.includes(attr) || !(ATTRS[name]?.includes(attr) || ATTRS['*']!.includes(attr))) return null;
      seen.push(attr);
      const close = html.indexOf('"', k + 2);
      if (close < 0) return null;
      const value = html.slice(k + 2, close);
      if (!value || /[<>\x00]|&(?!(?:amp|lt|gt);)/.test(value)) return null;
      if (URL_ATTRS.has(attr) && (!SAFE_URL.test(value) || safeHttpUrl(decodeBasic(value), true) === null)) return null;
      j = close + 1;
    }
    if (VOID.has(name)) {
      // <br>, <br/> and <br /> are all written <br />.
      let end = j;
      if (html.startsWith(' />', end)) end += 3;
      else if (html.startsWith('/>', end)) end += 2;
      else if (html.charCodeAt(end) === 0x3e) end += 1;
      else return null;
      out += html.slice(from, j) + ' />';
      from = end;
      i = end;
      continue;
    }
    if (html.charCodeAt(j) !== 0x3e) return null;
    // Deeper than the tree limit: the library path flattens it (src/html/depth.ts).
    if (stack.push(name) > MAX_HTML_DEPTH) return null;
    i = j + 1;
  }
  if (stack.length) return null;
  return (out + html.slice(from)).trim();
}

/** Elements whose content is a paragraph of the text (a blank line before and after). */
export const TEXT_BLOCKS: ReadonlySet<string> = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'table', 'tr', 'hr', 'address',
  'block', 'hl1', 'hl2', 'body', 'tbody', 'thead', 'caption',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'object', 'svg', 'math']);

/** The plain text of an HTML fragment: block elements become paragraphs, <br> a line break inside one. */
export function htmlToText(html: string): string {
  return htmlDocumentToText(parseHtml(html, { decodeEntities: true }));
}

/** htmlToText of a fragment already parsed (with htmlparser2's parseDocument, entities decoded). */
export function htmlDocumentToText(doc: Document): string {
  let out = '';
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      // Only runs and non-space white space are rewritten: a single space needs no replacement.
      if (n.type === 'text') out += (n as unknown as { data: string }).data.replace(/\s{2,}|[^\S ]/g, ' ');
      else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
        const el = n as unknown as { name: string; children: ChildNode[] };
        const name = el.name.toLowerCase().replace(/^.*:/, '');
        if (SKIP.has(name)) continue;
        if (name === 'br') { out += '\n'; continue; }
        const block = TEXT_BLOCKS.has(name);
        if (block) out += '\n\n';
        walk(el.children);
        if (block) out += '\n\n';
      } else if (n.type === 'cdata') {
        walk((n as unknown as { children: ChildNode[] }).children);
      }
    }
  };
  walk(doc.children);
  return cleanParagraphs(out, { lineBreaks: true });
}
