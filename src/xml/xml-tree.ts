import { Parser } from 'htmlparser2';
import { decodeHTMLStrict } from 'entities';
import { WiredeskError, warning, type Warning } from '../errors.js';

/**
 * A small, namespace-aware XML element tree, built once per document and shared by every field
 * extractor of a format module.
 *
 * Built on htmlparser2's streaming parser in XML mode (measured ~7x faster than fast-xml-parser
 * on NewsML-G2 here, see DESIGN.md); well-formedness, depth and size limits are checked here.
 * Security: no DTD is ever read and no entity declared in a document is expanded (an internal
 * DOCTYPE subset is blanked before parsing), so neither external entities nor entity-expansion
 * bombs can happen. XML's five named entities and numeric references are decoded, and so are
 * HTML's named character references ("&eacute;", "&mdash;", "&nbsp;"), which wire XML uses as
 * its DTDs declare them (NITF's and XHTML's DTDs declare the ISO and HTML character entities):
 * a fixed table, a character each, never an expansion. CDATA sections are kept as written.
 */
export interface XmlElement {
  /** Local name (prefix removed). */
  readonly name: string;
  readonly prefix: string | null;
  /** Namespace URI in scope for the element, or null. */
  readonly ns: string | null;
  /** Attributes keyed by local name; `xml:lang` is also kept under `xml:lang`. */
  readonly attrs: Record<string, string>;
  readonly children: XmlNode[];
  readonly parent: XmlElement | null;
  /** Offset of the start tag in the document text. */
  readonly start: number;
  /** Offset just past the end tag (set when the element closes). */
  end: number;
}
export type XmlNode = XmlElement | string;

export interface XmlParseOptions {
  /** Keep what can be read from ill-formed XML and return warnings instead of throwing. */
  recover?: boolean;
  maxDepth?: number;
  maxNodes?: number;
  /** Children (elements and text runs) one element may have. */
  maxChildren?: number;
  /** Format name for error messages. */
  format?: string;
}

export interface XmlDocument {
  root: XmlElement;
  text: string;
  warnings: Warning[];
}

export const DEFAULT_MAX_DEPTH = 256;
/**
 * Node limits, checked while the tokenizer streams so that a huge document is refused early and
 * cheaply: a million sibling elements took 6-27 s and a gigabyte before, and no wire document
 * comes near either limit (a feed of a thousand items, a body of a few hundred paragraphs).
 */
export const DEFAULT_MAX_NODES = 2_000_000;
export const DEFAULT_MAX_CHILDREN = 100_000;
const DOCTYPE_SUBSET = /<!DOCTYPE[^[>]*\[[\s\S]*?\]\s*>/i;

/**
 * The offsets of the newlines of the large texts lineColumn saw last (a document's many failures
 * share one; the items cut out of it, parsed on their own, are small and are not kept).
 */
const indexed: Array<{ text: string; newlines: number[] }> = [];

function newlinesOf(text: string): number[] {
  for (const e of indexed) if (e.text === text) return e.newlines;
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
  if (text.length >= 4096) {
    indexed.unshift({ text, newlines });
    if (indexed.length > 2) indexed.pop();
  }
  return newlines;
}

/**
 * Line and column (1-based) of an offset. The newlines of the text are found once and kept for the
 * next call on the same text, and each call is a binary search: a document of 20,000 broken items
 * used to scan the text from the start for each of them (27 s for 2 MB).
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const newlines = newlinesOf(text);
  // The number of newlines before offset.
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newlines[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return { line: lo + 1, column: offset - (lo === 0 ? -1 : newlines[lo - 1]!) };
}

/**
 * Sorts one attribute of a start tag: a namespace declaration goes into the element's scope (a copy
 * of the parent's, made on the first declaration), anything else into `attrs` under its local name
 * (the first of two prefixed attributes with the same local name wins; `xml:lang` is also kept
 * under its full name). Returns the element's scope. Shared by the tokenizer path and xml-scan.ts,
 * so both build the same tree.
 */
export function addAttribute(
  attrs: Record<string, string>,
  scope: Record<string, string>,
  parentNs: Record<string, string>,
  key: string,
  value: string,
): Record<string, string> {
  if (key === 'xmlns' || key.startsWith('xmlns:')) {
    const own = scope === parentNs ? { ...parentNs } : scope;
    own[key === 'xmlns' ? '' : key.slice(6)] = value;
    return own;
  }
  const colon = key.indexOf(':');
  if (colon === -1) attrs[key] = value;
  else {
    const local = key.slice(colon + 1);
    if (!(local in attrs)) attrs[local] = value;
    if (key === 'xml:lang') attrs['xml:lang'] = value;
  }
  return scope;
}

/** Text or an attribute value with its character references decoded (XML's, numeric, HTML's named ones); CDATA is not passed here. */
export function decodeReferences(s: string): string {
  return s.includes('&') ? decodeHTMLStrict(s) : s;
}

export function parseXml(input: string, opts: XmlParseOptions = {}): XmlDocument {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxNodes = opts.maxNodes ?? DEFAULT_MAX_NODES;
  const maxChildren = opts.maxChildren ?? DEFAULT_MAX_CHILDREN;
  const tooManyChildren = (parent: XmlElement): WiredeskError => new WiredeskError('WIREDESK_ERR_XML_TOO_MANY_NODES', `<${parent.prefix ? `${parent.prefix}:` : ''}${parent.name}> has more than ${maxChildren} children`, {
    format,
    position: { offset: parser.startIndex, ...lineColumn(text, parser.startIndex) },
  });
  const format = opts.format ?? 'xml';
  const warnings: Warning[] = [];
  // Blank an internal DTD subset (entity declarations) keeping offsets, so positions stay true.
  let text = input;
  const subset = DOCTYPE_SUBSET.exec(text.slice(0, 65536));
  if (subset) {
    text = text.slice(0, subset.index) + ' '.repeat(subset[0].length) + text.slice(subset.index + subset[0].length);
    warnings.push(warning('WIREDESK_WARN_XML_RECOVERED', 'the DOCTYPE declares entities; they are not expanded'));
  }

  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const nsStack: Array<Record<string, string>> = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];
  let nodes = 0;
  let inCdata = false;
  let problem: { message: string; offset: number } | null = null;

  const fail = (message: string, offset: number): void => {
    if (problem) return;
    problem = { message, offset };
    if (!opts.recover) parser.pause();
  };

  const parser = new Parser(
    {
      onopentag(qname, attribs) {
        if (problem && !opts.recover) return;
        if (++nodes > maxNodes) {
          throw new WiredeskError('WIREDESK_ERR_XML_TOO_MANY_NODES', `more than ${maxNodes} nodes`, { format });
        }
        if (stack.length >= maxDepth) {
          throw new WiredeskError('WIREDESK_ERR_XML_TOO_DEEP', `deeper than ${maxDepth} levels`, {
            format,
            position: { offset: parser.startIndex, ...lineColumn(text, parser.startIndex) },
          });
        }
        const parentNs = nsStack[nsStack.length - 1]!;
        let scope = parentNs;
        const attrs: Record<string, string> = {};
        for (const key in attribs) scope = addAttribute(attrs, scope, parentNs, key, decodeReferences(attribs[key]!));
        nsStack.push(scope);
        const colon = qname.indexOf(':');
        const prefix = colon === -1 ? null : qname.slice(0, colon);
        const el: XmlElement = {
          name: colon === -1 ? qname : qname.slice(colon + 1),
          prefix,
          ns: scope[prefix ?? ''] ?? null,
          attrs,
          children: [],
          parent: stack[stack.length - 1] ?? null,
          start: parser.startIndex,
          end: -1,
        };
        if (el.parent) {
          if (el.parent.children.push(el) > maxChildren) throw tooManyChildren(el.parent);
        } else {
          if (roots.length > 0) fail(`a second root element <${qname}>`, parser.startIndex);
          roots.push(el);
        }
        stack.push(el);
      },
      onclosetag(qname, isImplied) {
        const el = stack.pop();
        nsStack.pop();
        if (!el) return;
        el.end = parser.endIndex + 1;
        // htmlparser2 reports `<a/>` as an implied close too; a real self-closing tag ends in "/>"
        // right after its own start.
        const selfClosing = el.start === parser.startIndex && text.charCodeAt(parser.endIndex - 1) === 47; /* '/' */
        if (isImplied && !selfClosing) {
          fail(`<${el.prefix ? `${el.prefix}:` : ''}${el.name}> is not closed (found ${qname === el.name ? 'end of input' : `</${qname}>`})`, parser.startIndex);
        }
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      ontext(raw) {
        const data = inCdata ? raw : decodeReferences(raw);
        const top = stack[stack.length - 1];
        if (top) {
          const last = top.children[top.children.length - 1];
          if (typeof last === 'string') top.children[top.children.length - 1] = last + data;
          else if (top.children.push(data) > maxChildren) throw tooManyChildren(top);
          if (++nodes > maxNodes) {
            throw new WiredeskError('WIREDESK_ERR_XML_TOO_MANY_NODES', `more than ${maxNodes} nodes`, { format });
          }
        } else if (data.trim() !== '') {
          fail(roots.length ? 'text after the root element' : 'text before the root element', parser.startIndex);
        }
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true },
  );
  parser.write(text);
  parser.end();
  // Unclosed elements at the end of input are reported through onclosetag(isImplied).
  const root = roots[0];
  const found = problem as { message: string; offset: number } | null;
  if (!root || (found && !opts.recover)) {
    const offset = found?.offset ?? text.length;
    throw new WiredeskError('WIREDESK_ERR_XML_MALFORMED', found?.message ?? 'no root element', {
      format,
      position: { offset, ...lineColumn(text, offset) },
    });
  }
  if (found) {
    const pos = lineColumn(text, found.offset);
    warnings.push(warning('WIREDESK_WARN_XML_RECOVERED', `${found.message} at line ${pos.line}:${pos.column}`));
  }
  return { root, text, warnings };
}

// ---- navigation helpers: local names, any prefix ----

export function isElement(n: XmlNode | undefined | null): n is XmlElement {
  return typeof n === 'object' && n !== null;
}

/** Direct child elements, optionally only those with the given local name(s). */
export function children(el: XmlElement | null | undefined, ...names: string[]): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (names.length === 0 || names.includes(c.name))) out.push(c);
  return out;
}

/** The first direct child with the given local name; a path of names walks down. */
export function child(el: XmlElement | null | undefined, ...path: string[]): XmlElement | null {
  let cur: XmlElement | null | undefined = el;
  for (const name of path) {
    if (!cur) return null;
    let next: XmlElement | null = null;
    for (const c of cur.children) if (typeof c !== 'string' && c.name === name) { next = c; break; }
    cur = next;
  }
  return cur ?? null;
}

/** All descendants (depth first, document order) with the given local name. */
export function descendants(el: XmlElement | null | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (!el) return out;
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

export function descendant(el: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!el) return null;
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const d = descendant(c, name);
    if (d) return d;
  }
  return null;
}

/** The concatenated text content of an element and its descendants. */
export function textOf(el: XmlNode | null | undefined): string {
  if (el === null || el === undefined) return '';
  if (typeof el === 'string') return el;
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}

/** Text content with white space collapsed and trimmed; null when empty. */
export function cleanText(el: XmlNode | null | undefined): string | null {
  const t = textOf(el).replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

export function attr(el: XmlElement | null | undefined, name: string): string | null {
  if (!el) return null;
  const v = el.attrs[name];
  return v === undefined ? null : v;
}

const VOID_HTML = new Set(['br', 'hr', 'img', 'col', 'area', 'wbr', 'source', 'track', 'embed', 'input', 'meta', 'link', 'param', 'base']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** Serializes an element's children as HTML (local names, namespaces dropped): inline XHTML/NITF bodies. */
export function innerHtml(el: XmlElement | null | undefined): string {
  if (!el) return '';
  let s = '';
  for (const c of el.children) s += outerHtml(c);
  return s;
}

export function outerHtml(n: XmlNode): string {
  if (typeof n === 'string') return escapeText(n);
  let attrs = '';
  for (const [k, v] of Object.entries(n.attrs)) if (k !== 'xml:lang') attrs += ` ${k}="${escapeAttr(v)}"`;
  if (VOID_HTML.has(n.name) && n.children.length === 0) return `<${n.name}${attrs}>`;
  return `<${n.name}${attrs}>${innerHtml(n)}</${n.name}>`;
}
