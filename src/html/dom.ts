import type { AnyNode, Element, ParentNode } from 'domhandler';

/**
 * Plain walks over the htmlparser2 tree for the hot loops of the extractors: a CSS selector is
 * parsed and compiled on every cheerio `.find()`/`.is()` call, which costs more than the walk
 * when it runs per image or per ancestor.
 */

export function isTag(n: AnyNode | null | undefined): n is Element {
  return n !== null && n !== undefined && n.type === 'tag';
}

/** Elements below `root` (not `root` itself) that satisfy `pred`, in document order. */
export function below(root: AnyNode, pred: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode): void => {
    for (const c of (n as Element).children ?? []) {
      if (!isTag(c)) continue;
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * Takes `nodes` out of their tree in one pass per parent. (Cheerio's and domutils' `remove` splice
 * the parent's child list once per node: ten thousand figures in one body cost a hundred million
 * steps. Here each parent's list is filtered once and its sibling links rebuilt.) Nodes without a
 * parent are left as they are.
 */
export function removeNodes(nodes: Iterable<AnyNode>): void {
  const byParent = new Map<ParentNode, Set<AnyNode>>();
  for (const n of nodes) {
    const parent = n.parent;
    if (!parent) continue;
    const set = byParent.get(parent);
    if (set) set.add(n);
    else byParent.set(parent, new Set([n]));
  }
  for (const [parent, gone] of byParent) {
    const kept = parent.children.filter((c) => !gone.has(c));
    for (let i = 0; i < kept.length; i++) {
      kept[i]!.prev = kept[i - 1] ?? null;
      kept[i]!.next = kept[i + 1] ?? null;
    }
    parent.children = kept;
    for (const n of gone) {
      n.parent = null;
      n.prev = null;
      n.next = null;
    }
  }
}

/** Is `inner` `outer` or below it? */
export function contains(outer: AnyNode, inner: AnyNode): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** The nearest ancestor-or-self that satisfies `pred`. */
export function closestWhere(el: AnyNode, pred: (el: Element) => boolean): Element | null {
  for (let n: AnyNode | null = el; n; n = n.parent) if (isTag(n) && pred(n)) return n;
  return null;
}

/** The element's text, entities decoded, as cheerio's `.text()` gives it. */
export function textOf(el: AnyNode): string {
  if (el.type === 'text') return (el as unknown as { data: string }).data;
  if (!isTag(el) && el.type !== 'root') return '';
  if (isTag(el) && (el.name === 'script' || el.name === 'style')) return '';
  let s = '';
  for (const c of (el as Element).children ?? []) s += textOf(c);
  return s;
}

/** The class and id attributes, for name tests. */
export function classAndId(el: Element): string {
  return `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
}

/**
 * Text for screen readers only, not printed: Bootstrap's `visually-hidden` (formerly `sr-only`),
 * WordPress's `screen-reader-text`, and the like.
 */
export function isVisuallyHidden(el: Element): boolean {
  return /(?:^|[\s_-])(?:visually-?hidden|sr-only|screen-?reader(?:-text|-only)?|a11y-hidden)(?:\s|$)/i.test(el.attribs.class ?? '');
}

/**
 * The text a reader sees in `el`: no script, style or screen-reader-only text. A plain walk with
 * its own stack (no recursion); stops once `max` characters are gathered.
 */
export function printedText(el: AnyNode, max = 4000): string {
  let s = '';
  // null marks the end of a block element: a line ends there.
  const stack: Array<AnyNode | null> = [el];
  while (stack.length > 0 && s.length < max) {
    const n = stack.pop()!;
    if (n === null) {
      s += '\n';
      continue;
    }
    if (n.type === 'text') {
      s += (n as unknown as { data: string }).data;
      continue;
    }
    if (!isTag(n) && n.type !== 'root') continue;
    if (isTag(n) && (n.name === 'script' || n.name === 'style' || isVisuallyHidden(n))) continue;
    // A line break, and the lines block elements print on ("<div>By Jo Kim<br>Contributor</div>").
    if (isTag(n) && n.name === 'br') {
      s += '\n';
      continue;
    }
    const block = isTag(n) && n !== el && BLOCK_ELEMENTS.has(n.name);
    if (block) {
      s += '\n';
      stack.push(null);
    }
    const children = (n as Element).children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return s;
}

/** An element's printed lines (printedText's), white space squashed, empty lines left out. */
export function printedLines(el: AnyNode, max?: number): string[] {
  return printedText(el, max).split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Elements whose content flows inline inside a paragraph (HTML's phrasing content). */
export const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q',
  's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'label', 'nobr',
  'big', 'acronym',
]);

/** Elements a browser sets on lines of their own (HTML's block-level and list elements). */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'section', 'table', 'tr', 'ul',
]);

/** The most characters an element an image names with `aria-describedby` holds to be read as the image's caption. */
export const DESCRIBED_CAPTION_MAX = 400;
