import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Document } from 'domhandler';
import { cleanParagraphs } from './clean.js';

/**
 * Story bodies as markup: sanitized for rendering (no scripts, styles, event handlers, iframes,
 * forms or javascript: URLs) and as plain text with paragraphs separated by blank lines.
 */

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
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag; anything else unknown is unwrapped (its text kept).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'head', 'title', 'svg', 'math'],
};

export function sanitizeBodyHtml(html: string): { html: string; dropped: boolean } {
  const clean = sanitizeHtml(html, SANITIZE).trim();
  const dropped = /<(script|style|iframe|object|embed)\b|\son\w+\s*=|javascript:/i.test(html);
  return { html: clean, dropped };
}

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'table', 'tr', 'hr', 'address',
  'block', 'hl1', 'hl2', 'body', 'tbody', 'thead', 'caption',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'object', 'svg', 'math']);

/** The plain text of an HTML fragment: block elements become paragraphs, <br> a line break inside one. */
export function htmlToText(html: string): string {
  return htmlDocumentToText(parseDocument(html, { decodeEntities: true }));
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
        const block = BLOCK.has(name);
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
