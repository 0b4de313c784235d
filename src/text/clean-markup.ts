/**
 * Clean markup read without an HTML parser. A body that the sanitizer's fast path accepted
 * (`alreadyClean` in html-body.ts) is in a narrow shape: allowed tags only, written `<name>`,
 * `</name>` or `<br />`, attributes ` name="value"` with no `<`, `>` or `"` in the value, the
 * entities &amp; &lt; &gt; and no others, properly nested, nothing an HTML parser would close
 * implicitly. For such markup the tree htmlparser2 builds is exactly the nesting as written, so a
 * few lines of string scanning give the same tree, the same text and (edit-html.ts) the same
 * edited serialization, at a fraction of the cost of the general parser. That is the single
 * largest cost of a story in the pipeline, after parsing its XML.
 *
 * Only ever use these on markup alreadyClean returned: test/text/clean-markup.test.ts checks on
 * generated markup that they agree with htmlparser2 and dom-serializer wherever that holds.
 */
import { cleanParagraphs } from './clean.js';
import { TEXT_BLOCKS } from './html-body.js';

/** An element of clean markup: its name, attributes (values decoded) and children. */
export interface CleanElement {
  name: string;
  attrs: Array<[string, string]>;
  children: CleanNode[];
}

/** Text (entities decoded) or an element. */
export type CleanNode = CleanElement | string;

/** Elements without content or end tag (the allowed ones). */
const VOID = new Set(['br', 'hr', 'img']);

const BASIC_ENTITY = /&(amp|lt|gt);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** The three entities clean markup may hold, decoded. */
function decodeBasic(s: string): string {
  return s.includes('&') ? s.replace(BASIC_ENTITY, (_m, e: string) => DECODED[e]!) : s;
}

/** The tree of markup alreadyClean accepted (undefined behaviour on anything else). */
export function parseCleanMarkup(html: string): CleanNode[] {
  const root: CleanNode[] = [];
  const stack: CleanElement[] = [];
  let children = root;
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) children.push(decodeBasic(html.slice(i, textEnd)));
    if (lt === -1) break;
    const gt = html.indexOf('>', lt);
    if (html.charCodeAt(lt + 1) === 0x2f /* / */) {
      stack.pop();
      children = stack.length ? stack[stack.length - 1]!.children : root;
      i = gt + 1;
      continue;
    }
    let j = lt + 1;
    while (j < gt && html.charCodeAt(j) !== 0x20) j++;
    const el: CleanElement = { name: html.slice(lt + 1, j), attrs: [], children: [] };
    // ` key="value"` pairs up to the end of the tag (or its ` />`).
    while (html.charCodeAt(j) === 0x20 && html.charCodeAt(j + 1) !== 0x2f) {
      const eq = html.indexOf('=', j);
      const close = html.indexOf('"', eq + 2);
      el.attrs.push([html.slice(j + 1, eq), decodeBasic(html.slice(eq + 2, close))]);
      j = close + 1;
    }
    children.push(el);
    if (!VOID.has(el.name)) {
      stack.push(el);
      children = el.children;
    }
    i = gt + 1;
  }
  return root;
}

const FOLD = /\s{2,}|[^\S ]/g;

/**
 * The text before paragraph clean-up, exactly as htmlDocumentToText's walk writes it for the
 * same markup: text with white space folded, a blank line around each block, `<br>` a newline.
 */
export function cleanMarkupRawText(nodes: CleanNode[]): string {
  let out = '';
  const walk = (list: CleanNode[]): void => {
    for (const node of list) {
      if (typeof node === 'string') {
        out += node.replace(FOLD, ' ');
      } else if (node.name === 'br') {
        out += '\n';
      } else if (TEXT_BLOCKS.has(node.name)) {
        out += '\n\n';
        walk(node.children);
        out += '\n\n';
      } else {
        walk(node.children);
      }
    }
  };
  walk(nodes);
  return out;
}

/** The plain text of clean markup: htmlToText's result, without the parser. */
export function cleanMarkupToText(nodes: CleanNode[]): string {
  return cleanParagraphs(cleanMarkupRawText(nodes), { lineBreaks: true });
}

/** Text as an HTML serializer writes it with UTF-8 output (entities 4's escapeText). */
const TEXT_ESCAPES = /[&<>\u00a0]/g;
const ATTR_ESCAPES = /["&\u00a0]/g;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00a0': '&nbsp;' };

function escapeText(s: string): string {
  return s.replace(TEXT_ESCAPES, (c) => ESCAPED[c]!);
}

function escapeAttribute(s: string): string {
  return s.replace(ATTR_ESCAPES, (c) => ESCAPED[c]!);
}

/**
 * The tree written out as dom-serializer writes an htmlparser2 tree in HTML mode with
 * `encodeEntities: 'utf8'`: void elements as `<br>`, text and attribute values escaped.
 */
export function serializeCleanMarkup(nodes: CleanNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += escapeText(node);
      continue;
    }
    out += `<${node.name}`;
    for (let k = 0; k < node.attrs.length; k++) {
      const [key, value] = node.attrs[k]!;
      out += ` ${key}="${escapeAttribute(value)}"`;
    }
    out += '>';
    if (!VOID.has(node.name)) out += `${serializeCleanMarkup(node.children)}</${node.name}>`;
  }
  return out;
}
