import { load, type CheerioAPI } from 'cheerio';
import { capHtmlDepth } from './depth.js';
import { DESCRIBED_CAPTION_MAX, INLINE_ELEMENTS } from './dom.js';
import type { AnyNode, Element } from 'domhandler';
import { bylineOnlyLine, furnitureLine } from './main-text-lines.js';
import { COMMENT_HEADING, COMMENT_THREAD, FURNITURE_PHRASE, looksLikeCode } from '../extract/boilerplate.js';
import { classNamesOf, commentSection, isHiddenElement, namedFurniture } from './main-text-signals.js';
import { UNNAMED_CAPTION_MAX, unnamedCaptionBeside } from './pictures.js';

/**
 * Main-text extraction for news pages: find the story's container, then keep its paragraphs,
 * sub-heads, block quotes and lists in order while page furniture is left out.
 *
 * The page is measured once, bottom-up, in one walk over the tree the caller already parsed
 * (no re-parse, no O(n^2) walks). Every run of inline text (a paragraph, or the loose text of a
 * div) is classed as `good` (sentence-like prose with few links), `bad` (link-dense) or neutral.
 * Subtrees that are furniture by tag (nav, aside, footer, form), by name (class/id/role words:
 * share, related, sidebar, comments...) or by structure (lists of links to other pages) turn
 * bad as a whole, unless they plainly hold the story (names lie: "has-sidebar", unclosed ad
 * wrappers). The container is the element that maximises good text minus a penalty for bad
 * text: it grows over neighbouring paragraphs and stops where menus, link farms and comment
 * threads begin. What the page states weighs in: the JSON-LD articleBody confirms the story's
 * own paragraphs, and an itemprop=articleBody or <article> element inside the density choice
 * is preferred when it holds most of the prose. Blocks are then read in order from the
 * container, furniture subtrees, figures and furniture lines (src/html/main-text-lines.ts)
 * left out.
 */

export interface MainTextHints {
  articleBody?: string | null;
  headline?: string | null;
  /** Set when reading HTML found inside the page (a script's JSON), which is not searched again. */
  nested?: boolean;
  /** The names the page's byline states: a block at the story's head or foot that prints only them (and a date) is no story text. */
  bylineNames?: readonly string[];
}

export interface MainText {
  /** The story's blocks (p, h2-h6, blockquote, ul/ol; figures excluded) as clean HTML, in order. */
  html: string;
  /** The same as plain text, paragraphs separated by blank lines. */
  text: string;
  /** A CSS-ish path of the chosen container, for evidence. */
  root: string | null;
  method: 'article-body-jsonld' | 'itemprop' | 'article-element' | 'density' | 'fallback' | 'script-html';
  /** With method 'script-html': the story's HTML as the script holds it (its figures too). */
  scriptHtml?: string;
}

/** Per-element measurements, filled in one post-order walk. */
interface Measure {
  /** All visible text characters (white space not counted). */
  text: number;
  /** Characters inside links. */
  link: number;
  /** Characters of prose-like runs. */
  good: number;
  /** Characters of furniture (link lists, negative subtrees). */
  bad: number;
  /** Characters of good runs confirmed by the JSON-LD articleBody. */
  confirmed: number;
  /** Named or tagged as furniture (and not plainly a story). */
  furniture: boolean;
  /** Furniture by tag or structure (nav, aside, a link list), not only by name. */
  tagged: boolean;
  /** Characters of settled furniture subtrees (part of `bad`): cut cleanly at extraction. */
  cut: number;
  /** A list of links to other pages (structure, not names, says so). */
  linkList: boolean;
  /** Below the depth limit: measured and extracted as one flat run. */
  deep: boolean;
  /** Holds block elements (an inline element wrapping blocks is read as a block). */
  blocks: boolean;
}

/** Never content: their text is not counted anywhere. */
const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed', 'select', 'option',
  'button', 'input', 'textarea', 'title', 'meta', 'link', 'map', 'audio', 'video', 'source', 'track', 'dialog',
]);

/** Furniture by element: counted as bad when measuring, never extracted. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'menu', 'form']);

/** Pictures belong to the picture extractor; their captions are not story text. */
const FIGURE_TAGS = new Set(['figure', 'figcaption', 'picture', 'img']);

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** How much a character of furniture inside a container costs against a character of prose. */
const BAD_WEIGHT = 1.5;
/** Furniture in its own subtree costs less: extraction cuts it out whole. */
const CUT_WEIGHT = 0.5;
/** Shortest run counted as prose. */
const MIN_GOOD_RUN = 40;
const MIN_GOOD_RUN_CJK = 15;

export function extractMainText($: CheerioAPI, hints: MainTextHints = {}): MainText {
  const root = $.root()[0];
  if (!root) return { html: '', text: '', root: null, method: 'fallback' };
  const body = findBody(root);
  if (!body) return { html: '', text: '', root: null, method: 'fallback' };
  const reference = prepareReference(hints.articleBody);
  const measures = new Map<Element, Measure>();
  const pageMeasure = measureTree(body, measures, reference);
  markDescribedCaptions(body, measures);
  settleFurniture(body, measures, { good: pageMeasure.good, confirmed: pageMeasure.confirmed, text: pageMeasure.text });

  const choice = chooseContainer(body, measures, reference);
  if (!choice || choice.method === 'fallback') {
    // No prose in the page's markup: a page rendered by script may carry the story's HTML in a
    // JSON string of an inline script (a framework's serialised state).
    const scripted = hints.nested ? null : scriptedStory(root);
    if (scripted) {
      const inner = extractMainText(load(capHtmlDepth(scripted)), { ...hints, nested: true });
      if (inner.text) return { ...inner, root: 'script', method: 'script-html', scriptHtml: scripted };
    }
  }
  if (!choice) return { html: '', text: '', root: null, method: 'fallback' };
  const blocks = collectBlocks(choice.container, measures, hints, reference, linkedAnchors($));
  return {
    html: blocks.map(blockHtml).join('\n'),
    text: blocks.map((b) => b.text).join('\n\n'),
    root: pathOf(choice.container),
    method: choice.method,
  };
}

// ---------------------------------------------------------------------------
// Story HTML serialised in a script
// ---------------------------------------------------------------------------

/** The longest script read, in characters; larger scripts are bundles, not page state. */
const MAX_SCRIPT = 4_000_000;

/** A JSON string literal of some length (escapes kept); alternatives start with distinct characters. */
const JSON_STRING = /"((?:[^"\\\n]|\\.){200,})"/g;

/** An opening paragraph tag, raw or escaped as JSON writes it ("\u003cp>"). */
const PARAGRAPH_TAG = /(?:<|\\u003[cC])p[\s>\\]/g;

/**
 * The HTML of the story when a page built by script serialises it into JSON in an inline
 * script (Next.js `__NEXT_DATA__`, a query cache, a state object): the longest JSON string
 * holding at least two paragraphs. Only read when the markup holds no prose at all.
 */
function scriptedStory(root: AnyNode): string | null {
  let best: string | null = null;
  let bestParagraphs = 1;
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    if (node.type === 'script') {
      const el = node as Element;
      const type = (el.attribs['type'] ?? '').toLowerCase();
      if (type.includes('ld+json') || (type !== '' && !type.includes('json') && !type.includes('javascript'))) continue;
      const text = el.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '')).join('');
      if (text.length > MAX_SCRIPT) continue;
      for (const m of text.matchAll(JSON_STRING)) {
        const paragraphs = (m[1]!.match(PARAGRAPH_TAG) ?? []).length;
        if (paragraphs <= bestParagraphs) continue;
        try {
          const html = JSON.parse(`"${m[1]!}"`) as unknown;
          if (typeof html === 'string') {
            best = html;
            bestParagraphs = paragraphs;
          }
        } catch {
          // Not JSON (a JavaScript string with its own escapes): skipped.
        }
      }
      continue;
    }
    if ('children' in node) for (const c of (node as Element).children) stack.push(c as AnyNode);
  }
  return best;
}

// ---------------------------------------------------------------------------
// Reference text (JSON-LD articleBody)
// ---------------------------------------------------------------------------

interface Reference {
  /** Folded articleBody: lower case, only letters and digits, single spaces. */
  folded: string;
  /** Its length in visible characters, comparable with measured text. */
  length: number;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function prepareReference(articleBody: string | null | undefined): Reference | null {
  if (!articleBody) return null;
  const folded = fold(articleBody.replace(/<[^>]+>/g, ' '));
  // A teaser-length articleBody (paywalls, truncated feeds) cannot tell the story apart.
  return folded.length >= 200 ? { folded, length: visibleLength(articleBody) } : null;
}

function confirmedBy(reference: Reference | null, text: string): boolean {
  if (!reference) return false;
  const f = fold(text);
  return f.length >= 20 && reference.folded.includes(f);
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

/** The body element, else the outermost element (fragments, pages without a body tag). */
function findBody(root: AnyNode): Element | null {
  const stack: AnyNode[] = [root];
  let first: Element | null = null;
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    if (node.type === 'tag') {
      if ((node as Element).name === 'body') return node as Element;
      first ??= node as Element;
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return first;
}

function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32 && text.charCodeAt(i) !== 160) n++;
  return n;
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * Elements of HTML (and of SVG/MathML embedded in it) that are not inline phrasing. Any other
 * name is an element HTML does not define (<person>, <location>, <hl2>, <x-ref>): browsers
 * render it as an inline HTMLUnknownElement, so its text stays part of the paragraph around it.
 */
const KNOWN_NON_INLINE = new Set([
  'html', 'head', 'body', 'base', 'link', 'meta', 'style', 'script', 'noscript', 'template', 'slot', 'title', 'article',
  'section', 'nav', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'header', 'footer', 'address', 'p', 'hr', 'pre',
  'blockquote', 'ol', 'ul', 'menu', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'main', 'search', 'div', 'br', 'picture',
  'source', 'img', 'iframe', 'embed', 'object', 'param', 'video', 'audio', 'track', 'map', 'area', 'table', 'caption',
  'colgroup', 'col', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'form', 'input', 'button', 'select', 'datalist',
  'optgroup', 'option', 'textarea', 'output', 'progress', 'meter', 'fieldset', 'legend', 'details', 'summary', 'dialog',
  'canvas', 'svg', 'math', 'center', 'dir', 'frame', 'frameset', 'noframes', 'noembed', 'listing', 'plaintext', 'xmp',
  'marquee', 'applet', 'ruby', 'rt', 'rp', 'rb', 'rtc', 'image', 'isindex', 'keygen', 'multicol', 'spacer', 'bgsound',
]);

/** Inline by tag; elements HTML does not define (custom or unknown) are inline too, as browsers show them. */
function isInline(el: Element): boolean {
  return INLINE_ELEMENTS.has(el.name) || el.name.includes('-') || (!KNOWN_NON_INLINE.has(el.name) && el.type === 'tag');
}

/** Text of a node's inline content (text nodes and inline descendants, blocks excluded). */
function inlineText(nodes: AnyNode[], out: string[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  for (const n of nodes) {
    if (n.type === 'text') out.push((n as unknown as { data: string }).data);
    else if (isElement(n)) {
      if (n.name === 'br') out.push(LINE_BREAK);
      else if (n.name === 'a') {
        if (footnoteBackLink(n)) continue;
        // A link is a word of its own: in scripts written without spaces its edges are the
        // only word boundary there is.
        out.push(LINK_EDGE);
        inlineText(n.children, out, depth + 1);
        out.push(LINK_EDGE);
      } else if (isInline(n) && !SKIPPED_TAGS.has(n.name) && !isHiddenElement(n)) inlineText(n.children, out, depth + 1);
    }
  }
}

/** The arrow (and its text-style variant) a note's back-link prints, or a caret. */
const BACK_LINK_TEXT = /^\s*(?:[\u21a9\u2191\u21e7^](?:\ufe0e|\ufe0f)?\s*){1,3}$/u;

/**
 * A footnote's link back to its reference ("↩", "↑", "^"): DPUB-ARIA 1.0 role doc-backlink, or a
 * link to an anchor in the page printed as that arrow only. It points back into the text, it says nothing.
 */
function footnoteBackLink(a: Element): boolean {
  if (a.attribs['role'] === 'doc-backlink') return true;
  if (!a.attribs['href']?.startsWith('#')) return false;
  const text = a.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '\0')).join('');
  return BACK_LINK_TEXT.test(text);
}

const LINK_EDGE = '\u0001';
/** A <br>: source newlines are only white space, a break is a break. */
const LINE_BREAK = '\u0002';
const NO_SPACE_SCRIPT = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}';
const NO_SPACE_CHAR = new RegExp(`[${NO_SPACE_SCRIPT}]`, 'u');
const SPACED_SCRIPT = `(?:(?![${NO_SPACE_SCRIPT}])[\\p{L}\\p{N}])`;
const LINK_EDGE_SPACED = new RegExp(`(?<=[${NO_SPACE_SCRIPT}])\u0001+(?=${SPACED_SCRIPT})|(?<=${SPACED_SCRIPT})\u0001+(?=[${NO_SPACE_SCRIPT}])`, 'gu');

/**
 * Link edges become spaces only between a no-space script and a letter or digit of a spaced one
 * ("東京のSony"): inside Chinese or Japanese prose a link is part of the sentence, no word of its own.
 */
function resolveLinkEdges(text: string): string {
  if (!text.includes(LINK_EDGE)) return text;
  if (!NO_SPACE_CHAR.test(text)) return text.replace(/\u0001/g, '');
  return text.replace(LINK_EDGE_SPACED, ' ').replace(/\u0001/g, '');
}

/** Nesting depth beyond which a subtree is read flat (call stacks are finite). */
const MAX_DEPTH = 300;

/** All visible text of a subtree, without recursion, and how much of it is link text. */
function flatText(root: Element): { text: string; link: number } {
  const out: string[] = [];
  let link = 0;
  const stack: { node: AnyNode; inLink: boolean }[] = [{ node: root, inLink: root.name === 'a' }];
  while (stack.length) {
    const { node, inLink } = stack.pop() as { node: AnyNode; inLink: boolean };
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      out.push(data);
      if (inLink) link += visibleLength(data);
      continue;
    }
    if (!isElement(node) || (node !== root && (SKIPPED_TAGS.has(node.name) || isHiddenElement(node)))) continue;
    if (!isInline(node)) out.push(' ');
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i] as AnyNode, inLink: inLink || node.name === 'a' });
    }
  }
  return { text: out.join(''), link };
}

function emptyMeasure(): Measure {
  return { text: 0, link: 0, good: 0, bad: 0, confirmed: 0, cut: 0, furniture: false, tagged: false, linkList: false, deep: false, blocks: false };
}

/**
 * Post-order walk: every element's measure is the sum of its children plus its own inline run.
 * Furniture candidates are only marked here; settleFurniture decides once page totals are known.
 */
function measureTree(el: Element, measures: Map<Element, Measure>, reference: Reference | null, inLink = false, depth = 0): Measure {
  const m = emptyMeasure();
  const linked = inLink || el.name === 'a';
  measures.set(el, m);
  if (depth >= MAX_DEPTH) {
    // Unclosed tags nest some pages thousands deep: below this depth a subtree is one run.
    const flat = flatText(el);
    m.text = visibleLength(flat.text);
    m.link = linked ? m.text : flat.link;
    m.deep = true;
    if (m.text >= MIN_GOOD_RUN && m.link <= 0.35 * m.text && PROSE_MARK.test(flat.text)) m.good = m.text;
    return m;
  }
  let runText = 0;
  let runLink = 0;
  let hasRun = false;
  for (const child of el.children) {
    if (child.type === 'text') {
      const n = visibleLength((child as unknown as { data: string }).data);
      runText += n;
      if (n) hasRun = true;
      continue;
    }
    if (!isElement(child) || SKIPPED_TAGS.has(child.name) || isHiddenElement(child)) continue;
    const cm = measureTree(child, measures, reference, linked, depth + 1);
    if (isInline(child) && !cm.blocks) {
      // Inline children belong to this element's run.
      runText += cm.text;
      runLink += child.name === 'a' ? cm.text : cm.link;
      if (cm.text) hasRun = true;
      continue;
    }
    m.blocks = true;
    m.text += cm.text;
    m.link += cm.link;
    m.good += cm.good;
    m.bad += cm.bad;
    m.confirmed += cm.confirmed;
  }
  // Blocks wrapped in a link (teaser cards) are link text through and through.
  if (linked) runLink = runText;
  m.text += runText;
  m.link += runLink;
  // A digest's item, whose opening link is the first words of its sentence, reads as prose.
  const runLinkRead = el.name === 'li' && runLink > 0.35 * runText && sentenceRunsOn(el) ? 0 : runLink;
  if (hasRun && (!isInline(el) || m.blocks)) classifyRun(el, m, runText, runLinkRead, reference);
  m.linkList = (el.name === 'ul' || el.name === 'ol') && isLinkList(el, m);
  // A form is a search box or a sign-up unless it holds prose (unclosed print forms, ASP.NET
  // pages wrapped whole in one form).
  const furnitureTag = (FURNITURE_TAGS.has(el.name) && !(el.name === 'form' && m.good >= 200)) || modalLayer(el);
  m.tagged = m.linkList || furnitureTag;
  m.furniture = m.tagged || pictureItem(el) || (namedFurniture(el) && !inSentence(el)) || (m.text <= SHORT_BOX_MAX && signUpBox(el)) || (m.blocks && m.text <= SHORT_BOX_MAX && labelledBox(el)) || (m.text <= SHORT_BOX_MAX && m.text - m.link >= 20 && !isInline(el) && authorBio(el)) ||
    (m.text >= 15 && m.text <= UNNAMED_CAPTION_MAX && unnamedCaptionBeside(el));
  return m;
}

/**
 * Most characters of a short box set into a story (a placeholder or advertisement under a furniture
 * label, an author's note, a sign-up pitch with its button), not a story or a page wrapped in a form.
 */
const SHORT_BOX_MAX = 400;

/** The first child of `el` that prints something: a text with letters, or an element `counts` accepts. */
function firstContent(el: Element, counts: (c: Element) => boolean): AnyNode | undefined {
  return el.children.find((c) => (c.type === 'text' ? /\S/.test((c as unknown as { data: string }).data) : isElement(c) && counts(c)));
}

/**
 * A short box whose first block is a whole line of furniture wording ("Externer Inhalt",
 * "Advertisement", "Related"): the label heads the box, and what follows it in the box (a consent
 * placeholder's explanation, an advertiser's blurb) is the same furniture.
 */
function labelledBox(el: Element): boolean {
  const first = firstContent(el, (c) => !SKIPPED_TAGS.has(c.name));
  if (!first || !isElement(first) || isInline(first)) return false;
  const label = flatText(first).text.trim();
  return label.length <= 40 && FURNITURE_PHRASE.test(label);
}

/**
 * A block that opens with a link to the story's author (HTML Living Standard 4.6.7.1, rel=author)
 * and goes on about them ("<a rel=author>Corin Lathe</a> covers local government …"): the
 * author's note printed by the story, not its text.
 */
function authorBio(el: Element): boolean {
  let node: Element = el;
  for (let depth = 0; depth < 3; depth++) {
    const first = firstContent(node, (c) => c.name !== 'img' && c.name !== 'picture');
    if (!first || !isElement(first)) return false;
    if (first.name === 'a') return /(?:^|\s)author(?:\s|$)/i.test(first.attribs['rel'] ?? '');
    if (!isInline(first)) return false;
    node = first;
  }
  return false;
}

/**
 * A short box beside a form that asks for an e-mail address (HTML Living Standard 4.10.5.1.5,
 * input type=email): a newsletter sign-up whatever its words or class names say.
 */
function signUpBox(el: Element): boolean {
  for (const c of el.children) if (isElement(c) && c.name === 'form' && asksForEmail(c)) return true;
  return false;
}

/** Whether a form holds an e-mail input (a bounded walk: forms are shallow). */
function asksForEmail(form: Element): boolean {
  const stack: Array<[Element, number]> = [[form, 0]];
  while (stack.length) {
    const [el, depth] = stack.pop() as [Element, number];
    if (el.name === 'input' && el.attribs['type']?.toLowerCase() === 'email') return true;
    if (depth < 8) for (const c of el.children) if (isElement(c)) stack.push([c, depth + 1]);
  }
  return false;
}

/**
 * A picture marked up in schema.org microdata: an ImageObject (or Photograph) item, or an element
 * holding an item's `caption` (schema.org ImageObject/MediaObject "caption"). Its words are the
 * picture's caption and credit, which the picture reader takes; they are no story text.
 */
function pictureItem(el: Element): boolean {
  return (el.attribs['itemscope'] !== undefined && /schema\.org\/(?:ImageObject|Photograph)\b/i.test(el.attribs['itemtype'] ?? '')) ||
    /(?:^|\s)caption(?:\s|$)/.test(el.attribs['itemprop'] ?? '');
}

/**
 * The elements an image names as its description with `aria-describedby` (WCAG technique ARIA15;
 * WordPress points its captioned images at their caption this way): short ones are the image's
 * caption, furniture to the story text wherever the page prints them. One walk over the page.
 */
function markDescribedCaptions(body: Element, measures: Map<Element, Measure>): void {
  const wanted = new Set<string>();
  const byId = new Map<string, Element>();
  const stack: Element[] = [body];
  for (let el = stack.pop(); el; el = stack.pop()) {
    const id = el.attribs['id'];
    if (id && !byId.has(id)) byId.set(id, el);
    if ((el.name === 'img' || el.name === 'amp-img') && el.attribs['aria-describedby']) for (const ref of el.attribs['aria-describedby'].split(/\s+/)) if (ref) wanted.add(ref);
    for (const c of el.children) if (isElement(c)) stack.push(c);
  }
  for (const ref of wanted) {
    const target = byId.get(ref);
    const m = target ? measures.get(target) : undefined;
    if (m && m.text > 0 && m.text <= DESCRIBED_CAPTION_MAX) m.furniture = true;
  }
}

/**
 * WAI-ARIA 1.1 `aria-modal="true"`: a layer laid over the page (consent and privacy notices,
 * sign-in walls, preference panes) that makes the page behind it inert. It is furniture however
 * much prose it holds: a privacy policy can outweigh a short story.
 */
function modalLayer(el: Element): boolean {
  return el.attribs['aria-modal'] === 'true';
}

/**
 * An inline element inside running text ("元タレントの<a class=tag-link>…</a>氏", "the <span
 * class=highlight-box>harbour</span> board"): its name styles a word of the sentence, it does
 * not make the word furniture.
 */
function inSentence(el: Element): boolean {
  if (!isInline(el) || !el.parent || !isElement(el.parent)) return false;
  return el.parent.children.some((c) => c.type === 'text' && /[\p{L}\p{N}]/u.test((c as unknown as { data: string }).data));
}

interface Totals {
  good: number;
  confirmed: number;
  text: number;
}

/**
 * Second pass, top-down: a furniture candidate turns all its text bad, unless it plainly holds
 * the story (most of the page's prose, or of what the articleBody confirms): class names and
 * unclosed ad wrappers lie more often than text does. Returns how much the subtree's good,
 * bad and confirmed counts changed, so that ancestors are corrected on the way back up.
 */
function settleFurniture(el: Element, measures: Map<Element, Measure>, page: Totals, blocks: string[] = []): Omit<Totals, 'text'> & { bad: number; cut: number } {
  const m = measures.get(el) as Measure;
  // Parts of a block the story was found to be ("sidebar-grid" holding the story, its
  // "sidebar-grid__container" sections) are named after the block, not as furniture.
  if (m.furniture && !m.tagged && blocks.length > 0 && !namedFurniture(el, (c) => blocks.some((b) => c.startsWith(`${b}__`)))) m.furniture = false;
  let inner = blocks;
  if (m.furniture) {
    // Names can be wrong about a subtree; a list of links to other pages or a modal layer cannot.
    // The articleBody confirms a subtree; without one, or when the subtree's prose is twice what
    // the articleBody confirms anywhere (a teaser articleBody over a slideshow), prose decides.
    const byProse = m.good >= 0.5 * page.good && (m.good >= 0.4 * m.text || m.text >= 0.5 * page.text) &&
      (!commentSection(el) || m.good >= 0.9 * page.good);
    const holdsStory = m.linkList || modalLayer(el) ? false : page.confirmed > 0
      ? m.confirmed >= 0.5 * page.confirmed || (byProse && m.good >= 2 * page.confirmed)
      : byProse;
    if (!holdsStory) {
      const delta = { good: -m.good, confirmed: -m.confirmed, bad: m.text - m.bad, cut: m.text };
      m.good = 0;
      m.confirmed = 0;
      m.bad = m.text;
      m.cut = m.text;
      return delta;
    }
    m.furniture = false;
    inner = [...blocks, ...(el.attribs['class'] ?? '').split(/\s+/).filter((c) => c && !c.includes('__'))];
  }
  const delta = { good: 0, confirmed: 0, bad: 0, cut: 0 };
  const slides = slideRun(el, measures, page);
  for (const c of el.children) {
    if (!isElement(c) || !measures.has(c)) continue;
    // A slide's own furniture (its ad, its share bar) is judged against the slide: the wrapper of
    // its text holds most of it.
    const cm = measures.get(c) as Measure;
    const d = slides.has(c)
      ? settleFurniture(c, measures, { good: cm.good, confirmed: 0, text: cm.text }, [...inner, ...slides.get(c)!])
      : settleFurniture(c, measures, page, inner);
    delta.good += d.good;
    delta.confirmed += d.confirmed;
    delta.bad += d.bad;
    delta.cut += d.cut;
  }
  m.good += delta.good;
  m.confirmed += delta.confirmed;
  m.bad += delta.bad;
  m.cut += delta.cut;
  return delta;
}

/** How many siblings of one class make a run of slides. */
const MIN_SLIDES = 3;

/**
 * The share of the page's prose a run of slides must hold: more than half, as a run of modules
 * in a sidebar can reach that on a page of short stories.
 */
const SLIDES_SHARE = 0.7;

/**
 * Slideshows and listicles printed as one page ("slide", "slide", "slide"...): siblings that share
 * a class naming furniture and that together hold the story, though none holds most of it alone.
 * Such siblings are the story's parts, and are unmarked as furniture; the map gives each its
 * class words, so that its own parts named after it are not furniture either.
 */
function slideRun(el: Element, measures: Map<Element, Measure>, page: Totals): Map<Element, string[]> {
  const groups = new Map<string, Element[]>();
  for (const c of el.children) {
    if (!isElement(c)) continue;
    const cm = measures.get(c);
    const cls = c.attribs['class']?.trim();
    if (!cm || !cm.furniture || cm.tagged || cm.linkList || !cls) continue;
    const list = groups.get(cls);
    if (list) list.push(c);
    else groups.set(cls, [c]);
  }
  const out = new Map<Element, string[]>();
  for (const [cls, members] of groups) {
    if (members.length < MIN_SLIDES) continue;
    let good = 0;
    let text = 0;
    let confirmed = 0;
    for (const c of members) {
      const cm = measures.get(c) as Measure;
      good += cm.good;
      text += cm.text;
      confirmed += cm.confirmed;
    }
    // A teaser-length articleBody confirms only the slideshow's introduction: prose decides too.
    const story = page.confirmed > 0 && confirmed >= 0.5 * page.confirmed ||
      good >= SLIDES_SHARE * page.good && good >= 0.4 * text && (page.confirmed === 0 || good >= 2 * page.confirmed);
    if (!story) continue;
    const words = cls.split(/\s+/).filter((w) => w && !w.includes('__'));
    for (const c of members) {
      (measures.get(c) as Measure).furniture = false;
      out.set(c, words);
    }
  }
  return out;
}

/**
 * A list whose every item opens with a link or carries a linked heading is a list of other
 * pages (headlines, "read next", tickers, teaser streams), even when each item adds a line of
 * teaser text after its link.
 */
function isLinkList(el: Element, m: Measure): boolean {
  if (m.link === 0 || m.confirmed > 0) return false;
  let items = 0;
  let linked = 0;
  for (const c of el.children) {
    if (!isElement(c) || c.name !== 'li') continue;
    items++;
    if ((leadsWithLink(c, false) === true && !sentenceRunsOn(c)) || hasLinkedHeading(c, false)) linked++;
  }
  return items >= 3 && linked >= 0.7 * items;
}

/**
 * A list item that is one run of inline text in which the sentence its opening link begins goes
 * on past the link ("<strong><a>Google has bought CloudSimple</a>.</strong> CloudSimple was
 * launched to …"), as a digest's items are written: a paragraph of the story. A teaser's text
 * starts afresh after its headline's link ("<a>Headline</a> WASHINGTON: A panel said …") or
 * stands in blocks of its own, and is often cut short ("…"). The words after the link: at least
 * eight, with a sentence's punctuation.
 */
function sentenceRunsOn(li: Element): boolean {
  const after: string[] = [];
  let linkSeen = false;
  const walk = (nodes: AnyNode[], inLink: boolean, depth: number): boolean => {
    if (depth > TEASER_DEPTH) return false;
    for (const c of nodes) {
      if (c.type === 'text') {
        if (!inLink && linkSeen) after.push((c as unknown as { data: string }).data);
        continue;
      }
      if (!isElement(c) || SKIPPED_TAGS.has(c.name)) continue;
      if (!INLINE_ELEMENTS.has(c.name)) return false;
      if (!walk(c.children, inLink || c.name === 'a', depth + 1)) return false;
      if (c.name === 'a') linkSeen = true;
    }
    return true;
  };
  if (!walk(li.children, false, 0) || !linkSeen) return false;
  const text = after.join('').trim();
  // The link's sentence goes on: punctuation or a word in lower case right after it.
  if (!/^(?:[.,;:!?]|\p{Ll})/u.test(text) || /(?:\.\.\.|…)$/.test(text)) return false;
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 8 && /\p{L}[.!?]["'”’]?(?:\s|$)/u.test(text);
}

/** A heading that links elsewhere (a teaser's title), or a link around a heading. */
function hasLinkedHeading(el: Element, inLink: boolean, depth = 0): boolean {
  if (depth > TEASER_DEPTH) return false;
  for (const c of el.children) {
    if (!isElement(c) || SKIPPED_TAGS.has(c.name)) continue;
    if (HEADING_TAGS.has(c.name) && (inLink || leadsWithLink(c, false) === true)) return true;
    if (hasLinkedHeading(c, inLink || c.name === 'a', depth + 1)) return true;
  }
  return false;
}

/** How deep inside a list item a teaser's link or heading is looked for. */
const TEASER_DEPTH = 12;

/**
 * Whether the first visible text of an element is link text (a headline that leads a teaser),
 * as opposed to a link met further on in a sentence. Undefined when there is no text.
 */
function leadsWithLink(el: Element, inLink: boolean, depth = 0): boolean | undefined {
  if (depth > TEASER_DEPTH) return undefined;
  for (const c of el.children) {
    if (c.type === 'text') {
      if (/\S/.test((c as unknown as { data: string }).data)) return inLink;
      continue;
    }
    if (!isElement(c) || SKIPPED_TAGS.has(c.name)) continue;
    const found = leadsWithLink(c, inLink || c.name === 'a', depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function classifyRun(el: Element, m: Measure, runText: number, runLink: number, reference: Reference | null): void {
  const density = runText ? runLink / runText : 0;
  if (density > 0.5) {
    m.bad += runText;
    return;
  }
  if (runText < MIN_GOOD_RUN_CJK || HEADING_TAGS.has(el.name)) return;
  const parts: string[] = [];
  inlineText(el.children, parts);
  const text = parts.join('');
  // Han, kana and hangul say in 15 characters what Latin script says in 40, and CJK prose
  // often runs without any punctuation a menu would lack.
  const dense = CJK.test(text);
  if (runText < MIN_GOOD_RUN && !dense) return;
  if (reference && confirmedBy(reference, text)) {
    m.good += runText;
    m.confirmed += runText;
    return;
  }
  // Prose has sentence punctuation; menus, tag clouds and button rows rarely do. Thai prints
  // none: a space ends its sentence, so a long enough Thai run is prose as CJK is.
  if (density <= 0.35 && (dense || PROSE_MARK.test(text) || THAI_RUN.test(text))) m.good += runText;
}

/**
 * The punctuation of prose: the Latin marks, the CJK ones, the Devanagari danda and double danda
 * that end Hindi, Marathi and Nepali sentences (Unicode Standard 15.0, 12.1: U+0964, U+0965), and
 * the Arabic comma, semicolon, question mark and the Urdu full stop (Unicode 9.2: U+060C, U+061B,
 * U+061F, U+06D4), which Arabic, Persian and Urdu prose prints instead of the Latin ones.
 */
const PROSE_MARK = /[.,;:!?。、，।॥،؛؟۔]/u;

/** Thai script runs on without spaces or punctuation between words (Unicode Standard 15.0, 16.4). */
const THAI_RUN = /\p{Script=Thai}{6}/u;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{6}/u;

// ---------------------------------------------------------------------------
// Choosing the container
// ---------------------------------------------------------------------------

interface Choice {
  container: Element;
  method: MainText['method'];
}

function chooseContainer(body: Element, measures: Map<Element, Measure>, reference: Reference | null): Choice | null {
  const hinted: { el: Element; method: MainText['method'] }[] = [];
  // Post-order over measured elements (furniture subtrees left out): on ties the inner element wins.
  const order: Element[] = [];
  const walk = (el: Element): void => {
    for (const c of el.children) if (isElement(c) && measures.has(c) && !measures.get(c)?.furniture) walk(c);
    order.push(el);
    if (el.attribs['itemprop']?.split(/\s+/).includes('articleBody')) hinted.push({ el, method: 'itemprop' });
    else if (el.name === 'article') hinted.push({ el, method: 'article-element' });
  };
  walk(body);
  const argmax = (worth: (m: Measure) => number): Element | null => {
    let top: Element | null = null;
    let topScore = -Infinity;
    for (const el of order) {
      const s = worth(measures.get(el) as Measure);
      if (s > topScore) {
        topScore = s;
        top = el;
      }
    }
    return top;
  };
  const penalty = (m: Measure): number => BAD_WEIGHT * (m.bad - m.cut) + CUT_WEIGHT * m.cut;
  let best = argmax((m) => m.good - penalty(m));
  // The articleBody decides when it is the story and not a teaser: most of it must be found on
  // the page, and it must be of a length with the prose the density choice found. Prose it
  // does not confirm then weighs against a container.
  const confirmed = measures.get(body)?.confirmed ?? 0;
  const useConfirmed = reference !== null && confirmed >= 200 && confirmed >= 0.5 * reference.length && best !== null &&
    reference.length >= 0.35 * (measures.get(best)?.good ?? 0);
  if (useConfirmed) best = argmax((m) => 2 * m.confirmed - 0.5 * (m.good - m.confirmed) - penalty(m));
  if (!best) return null;
  const bestMeasure = measures.get(best) as Measure;
  // No prose anywhere (a gallery, a list page, a stub): the page minus its furniture is the
  // best there is.
  if (bestMeasure.good === 0) return (measures.get(body)?.text ?? 0) > 0 ? { container: body, method: 'fallback' } : null;
  // A body element the page marks up inside the density choice wins when it holds most of the
  // story's prose: the density choice tends to run one level too far, over the headline block
  // and the share bar. (A marked-up ancestor is not taken: <article> often wraps header and
  // footer furniture as well.)
  const key = (m: Measure): number => (useConfirmed ? m.confirmed : m.good);
  const bestKey = key(bestMeasure);
  for (const wanted of ['itemprop', 'article-element'] as const) {
    let pick: Element | null = null;
    let pickKey = 0;
    for (const h of hinted) {
      if (h.method !== wanted) continue;
      const k = key(measures.get(h.el) as Measure);
      if (k > pickKey) {
        pick = h.el;
        pickKey = k;
      }
    }
    if (pick && pickKey >= HINT_SHARE[wanted] * bestKey && contains(best, pick)) {
      return { container: pick, method: wanted };
    }
  }
  return { container: best, method: useConfirmed ? 'article-body-jsonld' : 'density' };
}

/**
 * The share of the density choice's prose a marked-up body inside it must hold to win. An
 * itemprop=articleBody element is the story's body by schema.org's definition, so half is
 * enough: the rest is prose the page does not mark as furniture in words we know (a comment
 * thread, a newsletter form, a privacy notice under hashed class names). An `<article>` element
 * is used more loosely (teasers, whole pages), so it must hold nearly all of it.
 */
const HINT_SHARE = { itemprop: 0.5, 'article-element': 0.85 } as const;

function contains(outer: Element, inner: Element): boolean {
  for (let n: Element | null = inner; n; n = n.parent as Element | null) if (n === outer) return true;
  return false;
}

// ---------------------------------------------------------------------------
// Extracting blocks
// ---------------------------------------------------------------------------

type BlockKind = 'p' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'li' | 'blockquote' | 'pre';

interface Block {
  kind: BlockKind;
  text: string;
  /** Index of the list (ul/ol) this item belongs to, for grouping. */
  list?: number;
  ordered?: boolean;
  /** A heading the page links to from within itself (its table of contents): a section's heading. */
  section?: boolean;
}

/** The ids the page's own links point to ("#the-vote"): the targets of its table of contents. */
function linkedAnchors($: CheerioAPI): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const a of $('a[href^="#"]').toArray()) {
    const id = (a as Element).attribs['href']?.slice(1);
    if (id) ids.add(id);
  }
  return ids;
}

function collectBlocks(container: Element, measures: Map<Element, Measure>, hints: MainTextHints, reference: Reference | null, anchors: ReadonlySet<string>): Block[] {
  const blocks: Block[] = [];
  const headline = hints.headline ? fold(hints.headline) : '';
  let listCounter = 0;
  // How many blocks stood before the story's <h1> (-1 until one is met): a kicker or overline printed over the headline.
  let overHeadline = -1;

  const pushRun = (parts: string[], kind: BlockKind, extra?: Partial<Block>): void => {
    const raw = resolveLinkEdges(parts.join('')).replace(/\s+/g, ' ');
    parts.length = 0;
    // Two or more <br> in a row part paragraphs (or list items, quotes); one is a line break.
    for (const chunk of kind === 'pre' ? [raw] : raw.split(/\s*\u0002\s*(?:\u0002\s*)+/)) {
      const t = chunk.replace(/\s*\u0002\s*/g, '\n').trim();
      if (t) blocks.push({ kind, text: t, ...extra });
    }
  };

  const runStats = (el: Element): { text: number; link: number } => {
    const m = measures.get(el);
    return m ? { text: m.text, link: m.link } : { text: 0, link: 0 };
  };

  const skipSubtree = (el: Element): boolean => {
    if (SKIPPED_TAGS.has(el.name) || FIGURE_TAGS.has(el.name) || isHiddenElement(el)) return true;
    if (el.name === 'a' && footnoteBackLink(el)) return true;
    const m = measures.get(el);
    if (!m) return true;
    return m.furniture;
  };

  // Paragraphs inside a quote or a list item are that quote or item.
  let context: { kind: BlockKind; extra?: Partial<Block> } | null = null;
  const within = (kind: BlockKind, extra: Partial<Block> | undefined, el: Element): void => {
    const saved = context;
    context = extra ? { kind, extra } : { kind };
    visit(el, kind, extra);
    context = saved;
  };

  const visit = (el: Element, kindHint: BlockKind | null, extra?: Partial<Block>): void => {
    const parts: string[] = [];
    let runLinks = 0;
    let runText = 0;
    const flush = (): void => {
      const kind = kindHint ?? context?.kind ?? 'p';
      extra ??= context?.extra;
      const density = runText ? runLinks / runText : 0;
      const runString = parts.join('');
      // Link-dense runs are menus and "read next" lines; a sentence with a long link, or a
      // printed source address, is story text.
      if (density > 0.5 && kind !== 'pre' && !((density < 0.8 || linkInSentence(runString)) && proseLike(runString)) && !printedAddress(runString)) {
        parts.length = 0;
      } else pushRun(parts, kind, extra);
      runLinks = 0;
      runText = 0;
    };
    for (const child of el.children) {
      if (child.type === 'text') {
        const data = (child as unknown as { data: string }).data;
        parts.push(data);
        runText += visibleLength(data);
        continue;
      }
      if (!isElement(child)) continue;
      if (child.name === 'br') {
        parts.push(LINE_BREAK);
        continue;
      }
      if (skipSubtree(child)) continue;
      if (isInline(child) && !measures.get(child)?.blocks) {
        const s = runStats(child);
        runText += s.text;
        runLinks += child.name === 'a' ? s.text : s.link;
        inlineText([child], parts);
        continue;
      }
      flush();
      visitBlock(child);
    }
    flush();
  };

  const visitBlock = (el: Element): void => {
    const name = el.name;
    if (measures.get(el)?.deep) {
      const flat = flatText(el);
      if (flat.link <= 0.5 * visibleLength(flat.text)) pushRun([flat.text], context?.kind ?? 'p', context?.extra);
      return;
    }
    if (HEADING_TAGS.has(name)) {
      const parts: string[] = [];
      inlineText(el.children, parts);
      const text = resolveLinkEdges(parts.join('')).replace(/[\s\u0002]+/g, ' ').trim();
      if (!text) return;
      if (name === 'h1' && overHeadline < 0) overHeadline = blocks.length;
      if (name === 'h1' || (headline && fold(text) === headline)) return;
      const s = runStats(el);
      if (s.text && s.link / s.text > 0.5) return;
      const id = el.attribs['id'];
      blocks.push(id && anchors.has(id) ? { kind: name as BlockKind, text, section: true } : { kind: name as BlockKind, text });
      return;
    }
    if (name === 'ul' || name === 'ol') {
      const s = runStats(el);
      if (s.text && s.link / s.text > 0.5) return;
      const list = ++listCounter;
      for (const c of el.children) {
        if (!isElement(c) || skipSubtree(c)) continue;
        if (c.name === 'li') within('li', { list, ordered: name === 'ol' }, c);
        else visitBlock(c);
      }
      return;
    }
    if (name === 'tr' && dataRow(el, measures)) {
      const cells: string[] = [];
      for (const c of el.children) {
        if (!isElement(c) || (c.name !== 'td' && c.name !== 'th') || skipSubtree(c)) continue;
        const parts: string[] = [];
        inlineText(c.children, parts);
        const cell = resolveLinkEdges(parts.join('')).replace(/[\s\u0002]+/g, ' ').trim();
        if (cell) cells.push(cell);
      }
      const s = runStats(el);
      if (cells.length && !(s.text && s.link / s.text > 0.5)) blocks.push({ kind: 'p', text: cells.join(' ') });
      return;
    }
    if (name === 'blockquote') {
      within('blockquote', undefined, el);
      return;
    }
    if (name === 'pre') {
      visit(el, 'pre');
      return;
    }
    visit(el, context ? context.kind : null);
  };

  visitBlock(container);
  // Templating or script code shown as text is furniture; code a page sets in <pre> is its content (a programming article's examples).
  const below = overHeadline > 0 && overHeadline < blocks.length ? blocks.filter((b, i) => i >= overHeadline || !isKicker(b.text)) : blocks;
  const found = below.filter((b) => (reference && confirmedBy(reference, b.text)) || (!furnitureLine(b.text) && (b.kind === 'pre' || !looksLikeCode(b.text))));
  // The story's first block that prints the headline again (a title set in a <div> or <p>, not a heading) is the headline, not text (ninjs 2.x keeps `headline` and `body_text` apart).
  const titled = headline && found[0] && fold(found[0].text) === headline ? found.slice(1) : found;
  const kept = beforeCommentThread(titled);
  // The byline printed in the story's container: among the first or last three blocks.
  const names = hints.bylineNames ?? [];
  const edge = (i: number): boolean => i < BYLINE_EDGE || i >= kept.length - BYLINE_EDGE;
  return dropOrphanHeadings(names.length ? kept.filter((b, i) => !(edge(i) && b.kind === 'p' && !(reference && confirmedBy(reference, b.text)) && bylineOnlyLine(b.text, names))) : kept);
}

/** How long a line that heads a comment thread may be ("34 responses to “<the story's title>”"). */
const THREAD_HEADING_MAX = 300;

/**
 * A paragraph that is a thread's whole heading: a count and the quoted title closing the line ("2 thoughts on
 * “Ferry terminal delayed”"), not a sentence of the story that opens so ("One response to “the fare rise” came from …").
 */
const THREAD_HEADING_LINE = /^(?:\d+|one)\s[^"“„«'‘]{1,60}["“„«'‘][^"”»]{1,250}["”»'’]\s*$/iu;

/**
 * The story's blocks before a comment thread's heading, where its container holds one (the blog
 * engines print "34 responses to “<title>”", "2 thoughts on “<title>”" and a "Leave a Reply"
 * heading over readers' comments and the reply form, news sites a "Comments" or "Top Rated Comments"
 * heading; sites whose markup names the thread
 * "comments" lose it by that name already). Readers' text follows the heading, never the story:
 * it goes with everything after it. A heading among the first two blocks heads no thread of this story.
 */
function beforeCommentThread(blocks: Block[]): Block[] {
  for (let i = 2; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.text.length > THREAD_HEADING_MAX) continue;
    // "Leave a Reply", "Comments (12)" only as headings: a paragraph of that text may be a link or counter in a share row.
    const heading = b.kind[0] === 'h';
    if (COMMENT_THREAD.test(b.text) ? heading || THREAD_HEADING_LINE.test(b.text) : heading && COMMENT_HEADING.test(b.text)) return blocks.slice(0, i);
  }
  return blocks;
}

/**
 * A line printed over a story's headline as its kicker ("Dachzeile" or Spitzmarke, the smaller line over the
 * Hauptzeile in German newspaper layout; the overline or kicker of English desks): a few words that
 * end in no sentence's full stop ("Kommunalpolitik", "Wahl in Thüringen:").
 */
function isKicker(text: string): boolean {
  return text.length <= 60 && !text.includes('\n') && text.split(' ').length <= 6 && !/[.!?]$/.test(text);
}

/** How many blocks at the story's head and foot may be its byline printed again. */
const BYLINE_EDGE = 3;

const headingLevel = (b: Block | undefined): number => (b && b.kind[0] === 'h' ? Number(b.kind[1]) : 0);

/**
 * Sub-heads stand over story text: one before the first paragraph is a standfirst or kicker
 * unless the page's own links point to it,
 * one followed by nothing or by a heading of its own rank or higher lost its section to the
 * furniture filters.
 */
function dropOrphanHeadings(blocks: Block[]): Block[] {
  const kept: Block[] = [];
  let seenText = false;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    const level = headingLevel(b);
    if (!level) {
      seenText = true;
      kept.push(b);
      continue;
    }
    // A heading the page's table of contents points to opens the story's first section (HTML Living Standard, "Scrolling to a fragment": a fragment names its target).
    if (!seenText && !b.section) continue;
    const nextLevel = headingLevel(blocks[i + 1]);
    if (i + 1 >= blocks.length || (nextLevel && nextLevel <= level)) continue;
    kept.push(b);
  }
  return kept;
}

/** A table row of plain cells (a data table, not a layout table holding the page). */
function dataRow(tr: Element, measures: Map<Element, Measure>): boolean {
  for (const c of tr.children) if (isElement(c) && measures.get(c)?.blocks) return false;
  return true;
}

/** A URL printed as text (a source cited at the end of a post), not a headline behind a link. */
function printedAddress(text: string): boolean {
  return /^[\s\u0001\u0002]*(?:https?:\/\/|www\.)\S+[\s\u0001\u0002]*$/.test(text);
}

/** A sentence, or several: enough words and a closing mark. */
/**
 * One link set inside a sentence: words before it, and only the sentence's full stop after it
 * ("Read the <a>engineers' full report on the roof</a>."). An <a> is phrasing content (HTML Living
 * Standard, 4.5.1): the link is part of the sentence around it, however long.
 */
function linkInSentence(run: string): boolean {
  const first = run.indexOf(LINK_EDGE);
  const last = run.lastIndexOf(LINK_EDGE);
  if (first <= 0 || run.indexOf(LINK_EDGE, first + 1) !== last || run.indexOf(LINK_EDGE, last + 1) !== -1) return false;
  return /\p{L}/u.test(run.slice(0, first).replace(/\u0002/g, '')) && /^\s*[.!?…。]["'”’»)]?\s*$/u.test(run.slice(last + 1));
}

function proseLike(text: string): boolean {
  const t = text.trim();
  return /[.!?…。]["'”’»)]?$/.test(t) && t.split(/\s+/).length >= 8;
}


// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function blockHtml(block: Block, index: number, all: Block[]): string {
  const inner = escapeHtml(block.text).replace(/\n/g, '<br>');
  if (block.kind === 'li') {
    const prev = all[index - 1];
    const next = all[index + 1];
    const tag = block.ordered ? 'ol' : 'ul';
    const open = prev?.kind === 'li' && prev.list === block.list ? '' : `<${tag}>`;
    const close = next?.kind === 'li' && next.list === block.list ? '' : `</${tag}>`;
    return `${open}<li>${inner}</li>${close}`;
  }
  if (block.kind === 'blockquote') return `<blockquote><p>${inner}</p></blockquote>`;
  return `<${block.kind}>${inner}</${block.kind}>`;
}

function pathOf(el: Element): string {
  const parts: string[] = [];
  for (let n: Element | null = el; n && n.type === 'tag'; n = n.parent as Element | null) {
    const id = n.attribs['id'];
    const classes = classNamesOf(n).slice(0, 2);
    parts.unshift(id ? `${n.name}#${id}` : classes.length ? `${n.name}.${classes.join('.')}` : n.name);
    if (id) break;
  }
  return parts.join(' > ');
}
