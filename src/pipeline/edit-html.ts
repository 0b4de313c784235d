import { DomUtils } from 'htmlparser2';
import { parseHtml } from '../html/depth.js';
import { loadFragment } from '../html/fragment.js';
import { Element, Text, type AnyNode, type ChildNode, type Document } from 'domhandler';
import { escapeHtml, paragraphsToHtml } from '../text/clean.js';
import { serializeCleanMarkup, type CleanElement, type CleanNode } from '../text/clean-markup.js';

/** Elements a body paragraph is matched to (the innermost of them). */
const BLOCK_NAMES = ['p', 'div', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figcaption', 'td', 'dd', 'dt'];
const BLOCKS = new Set(BLOCK_NAMES);
const BLOCK_SELECTOR = BLOCK_NAMES.join(', ');

/** Elements that may sit inside a <p> without an HTML parser closing the paragraph. */
const PHRASING = new Set(['br', 'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'small', 'mark', 'q', 'cite', 'abbr', 'span', 'code', 'a', 'img']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/**
 * Markup an HTML5 (parse5) parse rebuilds differently from the tree htmlparser2 builds: tables
 * (implied tbody, foster parenting), <pre> (leading newline dropped), <textarea>.
 */
const REPARSED = /<(?:table|pre|textarea|tr|td|th|tbody|thead|tfoot|caption)\b/i;

/** White space folded: only runs and non-space white space are rewritten (most text has neither). */
const norm = (s: string): string => s.replace(/\s{2,}|[^\S ]/g, ' ').trim();

/** One block's edit: its content replaced by this text, or (null) the block removed. */
type Edit = string | null;

/**
 * Matches the paragraphs of the text before the edits to the blocks, in order, and decides what
 * happens to each block; null when the paragraphs cannot be matched (the markup is rebuilt).
 */
function planEdits(texts: string[], P: string[], Q: string[]): Map<number, Edit> | null {
  const edits = new Map<number, Edit>();
  let b = 0;
  let j = 0;
  for (let i = 0; i < P.length; i++) {
    const p = P[i]!;
    const target = norm(p);
    while (b < texts.length && texts[b] !== target) b++;
    if (b >= texts.length) return null;
    const at = b++;
    const q = Q[j];
    if (q === p) {
      j++;
      continue;
    }
    const changed = q !== undefined && (p.endsWith(q) || p.startsWith(q) || q.split(' ').every((w) => p.includes(w))) && Q[j + 1] === P[i + 1];
    if (changed) {
      edits.set(at, q);
      j++;
    } else {
      edits.set(at, null);
    }
  }
  return j === Q.length ? edits : null;
}

/** The text of an element as the body text reads it: a <br> is a space. */
function blockText(node: AnyNode): string {
  let out = '';
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') out += (n as Text).data;
    else if (n instanceof Element) {
      if (n.name === 'br') out += ' ';
      else for (const c of n.children) walk(c);
    }
  };
  walk(node);
  return out;
}

/**
 * True when an HTML5 parse of this tree's serialization would build another tree, so the
 * serializations of the two parsers could differ: a paragraph holding a block, a heading in a
 * heading, a link in a link.
 */
function reparsesDifferently(nodes: ChildNode[], inP: boolean, inHeading: boolean, inLink: boolean): boolean {
  for (const n of nodes) {
    if (!(n instanceof Element)) continue;
    const name = n.name;
    if (inP && !PHRASING.has(name)) return true;
    if (inHeading && HEADINGS.has(name)) return true;
    if (inLink && name === 'a') return true;
    if (reparsesDifferently(n.children, inP || name === 'p', inHeading || HEADINGS.has(name), inLink || name === 'a')) return true;
  }
  return false;
}

/** The innermost block elements, in document order. */
function innermostBlocks(nodes: ChildNode[], out: Element[]): boolean {
  let any = false;
  for (const n of nodes) {
    if (!(n instanceof Element)) continue;
    const inner = innermostBlocks(n.children, out);
    if (BLOCKS.has(n.name)) {
      // Innermost blocks never hold one another, so pushing after the children keeps document order.
      if (!inner) out.push(n);
      any = true;
    } else if (inner) any = true;
  }
  return any;
}

/**
 * The tree normalize built for a body's html, handed to the edit so the markup is parsed once:
 * htmlparser2's, or for clean markup the string reader's (src/text/clean-markup.ts). Normalize
 * returns it with the story (NormalizedStory.parsedBody); the edit changes the tree, so it is
 * taken once and the handle is empty after that (a second extract of the same story parses again).
 */
export type ParsedBody = Document | CleanNode[];

export class ParsedBodyHandle {
  #tree: ParsedBody | undefined;
  constructor(tree: ParsedBody) {
    this.#tree = tree;
  }
  /** The tree, once; undefined after the first call. */
  take(): ParsedBody | undefined {
    const tree = this.#tree;
    this.#tree = undefined;
    return tree;
  }
}

/** The edit through htmlparser2's tree, serialized as an HTML5 serializer writes it; null when that could differ. */
function editFast(html: string, P: string[], Q: string[], after: string, parsed: Document | undefined): string | null {
  if (REPARSED.test(html) || html.includes('\0')) return null;
  // An HTML5 parser reads CR LF and a lone CR as LF before anything else.
  const hasCr = html.includes('\r');
  const doc = parsed && !hasCr ? parsed : parseHtml(hasCr ? html.replace(/\r\n?/g, '\n') : html, { decodeEntities: true });
  if (reparsesDifferently(doc.children, false, false, false)) return null;
  const blocks: Element[] = [];
  innermostBlocks(doc.children, blocks);
  const edits = planEdits(blocks.map((el) => norm(blockText(el))), P, Q);
  if (!edits) return paragraphsToHtml(after);
  for (const [at, text] of edits) {
    const el = blocks[at]!;
    if (text === null) {
      DomUtils.removeElement(el);
      continue;
    }
    const lines = text.split('\n');
    const children: ChildNode[] = [];
    lines.forEach((line, k) => {
      if (k > 0) children.push(new Element('br', {}));
      if (line) children.push(new Text(line));
    });
    for (const c of el.children) c.parent = null;
    el.children = [];
    for (const c of children) DomUtils.appendChild(el, c);
  }
  return DomUtils.getOuterHTML(doc.children, { encodeEntities: 'utf8' }).trim();
}

/** blockText for clean markup. */
function cleanBlockText(el: CleanElement): string {
  let out = '';
  const walk = (nodes: CleanNode[]): void => {
    for (const n of nodes) {
      if (typeof n === 'string') out += n;
      else if (n.name === 'br') out += ' ';
      else walk(n.children);
    }
  };
  walk(el.children);
  return out;
}

/** Element names REPARSED looks for (clean markup writes names in lower case, exactly). */
const REPARSED_NAMES = new Set(['table', 'pre', 'textarea', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption']);

/** reparsesDifferently for clean markup, and REPARSED's test on its elements (no text scan needed). */
function cleanReparsesDifferently(nodes: CleanNode[], inP: boolean, inHeading: boolean, inLink: boolean): boolean {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    const name = n.name;
    if (REPARSED_NAMES.has(name)) return true;
    if (inP && !PHRASING.has(name)) return true;
    if (inHeading && HEADINGS.has(name)) return true;
    if (inLink && name === 'a') return true;
    if (cleanReparsesDifferently(n.children, inP || name === 'p', inHeading || HEADINGS.has(name), inLink || name === 'a')) return true;
  }
  return false;
}

/** innermostBlocks for clean markup, each with the list that holds it. */
function cleanInnermostBlocks(nodes: CleanNode[], out: Array<{ el: CleanElement; parent: CleanNode[] }>): boolean {
  let any = false;
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    const inner = cleanInnermostBlocks(n.children, out);
    if (BLOCKS.has(n.name)) {
      if (!inner) out.push({ el: n, parent: nodes });
      any = true;
    } else if (inner) any = true;
  }
  return any;
}

/**
 * editFast on the tree of clean markup (parseCleanMarkup): the same decisions and the same
 * serialization, without htmlparser2 and dom-serializer; null when that could differ from HTML5.
 */
function editClean(nodes: CleanNode[], P: string[], Q: string[], after: string): string | null {
  if (cleanReparsesDifferently(nodes, false, false, false)) return null;
  const blocks: Array<{ el: CleanElement; parent: CleanNode[] }> = [];
  cleanInnermostBlocks(nodes, blocks);
  const edits = planEdits(blocks.map((b) => norm(cleanBlockText(b.el))), P, Q);
  if (!edits) return paragraphsToHtml(after);
  for (const [at, text] of edits) {
    const { el, parent } = blocks[at]!;
    if (text === null) {
      parent.splice(parent.indexOf(el), 1);
      continue;
    }
    const children: CleanNode[] = [];
    text.split('\n').forEach((line, k) => {
      if (k > 0) children.push({ name: 'br', attrs: [], children: [] });
      if (line) children.push(line);
    });
    el.children = children;
  }
  return serializeCleanMarkup(nodes).trim();
}

/** The edit through an HTML5 parse (cheerio on parse5), for markup the fast path does not take. */
function editHtml5(html: string, P: string[], Q: string[], after: string): string {
  const fragment = loadFragment(html);
  const { $ } = fragment;
  const all = $(BLOCK_SELECTOR).toArray();
  const blocks = all.filter((el) => $(el).find(BLOCK_SELECTOR).length === 0);
  // A <br> reads as a line break in the text (a space once folded); cheerio's text() drops it.
  const texts = blocks.map((el) => {
    const copy = $(el).clone();
    copy.find('br').replaceWith(' ');
    return norm(copy.text());
  });
  const edits = planEdits(texts, P, Q);
  if (!edits) return paragraphsToHtml(after);
  for (const [at, text] of edits) {
    const el = $(blocks[at]!);
    if (text === null) el.remove();
    else if (text.includes('\n')) el.html(escapeHtml(text).replace(/\n/g, '<br>'));
    else el.text(text);
  }
  return fragment.html().trim();
}

/**
 * Carries the text edits (a dateline taken off the first paragraph, trailer paragraphs removed)
 * over to the body markup, so `body.html` and `body.text` tell the same story. Paragraphs are
 * matched to the innermost block elements by their text; when that fails the markup is rebuilt
 * from the text. An edited body is written as an HTML5 serializer writes it, whichever path ran.
 * `parsed`: the tree of `html` already parsed (NormalizedStory.parsedBody); it is changed.
 */
export function editHtml(html: string, before: string, after: string, parsed?: ParsedBody): string {
  if (before === after) return html;
  if (!html) return paragraphsToHtml(after);
  const P = before.split('\n\n');
  const Q = after.split('\n\n');
  if (Array.isArray(parsed)) {
    // (Carriage returns: the HTML5 reading of them is the htmlparser2 path's to handle.)
    if (!html.includes('\r')) return editClean(parsed, P, Q, after) ?? editHtml5(html, P, Q, after);
    parsed = undefined;
  }
  return editFast(html, P, Q, after, parsed) ?? editHtml5(html, P, Q, after);
}

/** The HTML5 path alone (tests compare the two paths). */
export function editHtmlThroughHtml5(html: string, before: string, after: string): string {
  if (before === after) return html;
  if (!html) return paragraphsToHtml(after);
  return editHtml5(html, before.split('\n\n'), after.split('\n\n'), after);
}
