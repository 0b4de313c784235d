import { DEFAULT_MAX_CHILDREN, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, addAttribute, decodeReferences, parseXml, type XmlDocument, type XmlElement, type XmlNode, type XmlParseOptions } from './xml-tree.js';

/**
 * A fast path to the same element tree parseXml builds, for documents that are plainly
 * well-formed: the text is scanned tag to tag with indexOf and sticky patterns instead of
 * htmlparser2's character-by-character state machine (~3x faster on feeds, whose items are mostly
 * CDATA and text runs). It returns null at the first thing it does not handle exactly as parseXml
 * does (a mismatched or unclosed tag, an unquoted or valueless attribute, text outside the root,
 * a DOCTYPE with an internal subset, depth or node counts at parseXml's limits), and the caller
 * then parses with parseXml, which reports, recovers and enforces the limits. So an accepted
 * document yields the very tree parseXml would (test/xml/xml-scan.test.ts compares them), and
 * every other document gets parseXml's behaviour, errors included.
 *
 * Security is parseXml's: no DTD is read; XML's five named entities, numeric references and
 * HTML's named character references are decoded, each to its character (the same strict decoder
 * parseXml uses).
 */

export interface XmlScanLimits {
  maxDepth: number;
  maxNodes: number;
  maxChildren?: number;
}

const NAME = /[^\s/>]+/y;
const ATTRIBUTE = /\s+([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*(\/?)>/y;
const END_TAG = /<\/([^\s>]+)\s*>/y;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';


export function scanXml(text: string, limits: XmlScanLimits = { maxDepth: DEFAULT_MAX_DEPTH, maxNodes: DEFAULT_MAX_NODES }): XmlDocument | null {
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  const nsStack: Array<Record<string, string>> = [{ xml: XML_NS }];
  let nodes = 0;
  const maxChildren = limits.maxChildren ?? DEFAULT_MAX_CHILDREN;

  /** `cdata`: htmlparser2 reports even an empty CDATA section as a (empty) text node. */
  const addText = (data: string, cdata = false): boolean => {
    if (data === '' && !cdata) return true;
    const top = stack[stack.length - 1];
    if (!top) return data.trim() === '';
    const last = top.children[top.children.length - 1];
    if (typeof last === 'string') top.children[top.children.length - 1] = last + data;
    else if (top.children.push(data) >= maxChildren) return false;
    return ++nodes <= limits.maxNodes / 2;
  };

  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (!addText(decodeReferences(text.slice(i, lt === -1 ? text.length : lt)))) return null;
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return null;
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1 || !addText(text.slice(lt + 9, end), true)) return null;
        i = end + 3;
      } else if (/^<!doctype[\s>]/i.test(text.slice(lt, lt + 10))) {
        const end = text.indexOf('>', lt);
        // An internal subset is parseXml's to blank (with its warning).
        if (end === -1 || text.slice(lt, end).includes('[')) return null;
        i = end + 1;
      } else return null;
      continue;
    }
    if (next === 0x3f /* ? */) {
      // As htmlparser2 reads it: a processing instruction ends at the first '>'.
      const end = text.indexOf('>', lt + 2);
      if (end === -1) return null;
      i = end + 1;
      continue;
    }
    if (next === 0x2f /* / */) {
      END_TAG.lastIndex = lt;
      const m = END_TAG.exec(text);
      const el = stack.pop();
      if (!m || !el || m[1] !== (el.prefix ? `${el.prefix}:${el.name}` : el.name)) return null;
      nsStack.pop();
      el.end = END_TAG.lastIndex;
      i = END_TAG.lastIndex;
      continue;
    }

    // A start tag.
    NAME.lastIndex = lt + 1;
    const nameMatch = NAME.exec(text);
    if (!nameMatch) return null;
    const qname = nameMatch[0];
    let at = NAME.lastIndex;
    const parentNs = nsStack[nsStack.length - 1]!;
    let scope = parentNs;
    const attrs: Record<string, string> = {};
    let seen: Set<string> | null = null; // most elements have no attributes: no set for them
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const a = ATTRIBUTE.exec(text);
      if (!a) break;
      at = ATTRIBUTE.lastIndex;
      const key = a[1]!;
      // htmlparser2 keeps the first of repeated attributes.
      seen ??= new Set();
      if (seen.has(key)) continue;
      seen.add(key);
      scope = addAttribute(attrs, scope, parentNs, key, decodeReferences(a[2] ?? a[3] ?? ''));
    }
    TAG_END.lastIndex = at;
    const close = TAG_END.exec(text);
    if (!close) return null;
    // Near a limit, parseXml decides (it counts text in smaller pieces, and reports the error).
    if (++nodes > limits.maxNodes / 2 || stack.length >= limits.maxDepth) return null;
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? null : qname.slice(0, colon);
    const parent = stack[stack.length - 1] ?? null;
    const el: XmlElement = {
      name: colon === -1 ? qname : qname.slice(colon + 1),
      prefix,
      ns: scope[prefix ?? ''] ?? null,
      attrs,
      children: [] as XmlNode[],
      parent,
      start: lt,
      end: -1,
    };
    if (parent) {
      if (parent.children.push(el) >= maxChildren) return null;
    } else if (root) return null; // a second root
    else root = el;
    i = TAG_END.lastIndex;
    if (close[1] === '/') el.end = i;
    else {
      stack.push(el);
      nsStack.push(scope);
    }
  }
  if (!root || stack.length > 0) return null;
  return { root, text, warnings: [] };
}

/**
 * The element tree of a document: the fast scan when the document is plainly well-formed (the
 * same tree, see above), else parseXml with its reporting, recovery and limits.
 */
export function readXml(text: string, opts: XmlParseOptions = {}): XmlDocument {
  const limits = { maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH, maxNodes: opts.maxNodes ?? DEFAULT_MAX_NODES, maxChildren: opts.maxChildren ?? DEFAULT_MAX_CHILDREN };
  return scanXml(text, limits) ?? parseXml(text, opts);
}
