import { takeFigures } from './figures.js';
import type { PictureHint } from '../../model/parsed-story.js';
import { attr, children, innerHtml, textOf, type XmlElement } from '../../xml/xml-tree.js';
import iconv from 'iconv-lite';
import { decodeHTML } from 'entities';
import { htmlToText } from '../../text/html-body.js';
import { baseAt, resolveUrl } from './links.js';
import * as cheerio from 'cheerio';
import { loadFragment } from '../../html/fragment.js';
import { removeNodes } from '../../html/dom.js';
import type { AnyNode } from 'domhandler';
import { FURNITURE_PHRASE } from '../../extract/boilerplate.js';

/**
 * Text in feeds comes as plain text, as escaped HTML (RSS description, Atom type="html"), as inline
 * XHTML (Atom type="xhtml") or base64 (Atom content of a non-text media type, Atom 0.3
 * mode="base64"). These read each into markup or text as the pipeline takes it.
 */

/**
 * C1 control characters in feed text are Windows-1252 punctuation that went through a Latin-1
 * conversion ("don\u0092t"); no feed means the control character, so it is read as the quote it was.
 */
export function demoronize(s: string): string {
  return s.replace(/[\u0080-\u009f]/g, (c) => {
    const fixed = iconv.decode(Buffer.from([c.charCodeAt(0)]), 'windows-1252');
    return fixed === '\ufffd' ? c : fixed;
  });
}

const MARKUP = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i;

/** Markup whose content is not text (or that a tag pattern cannot skip): left to the HTML parser. */
const NOT_LINE_MARKUP = /<(?:!|\/?(?:script|style|noscript|template|head|title|iframe|object|svg|math|textarea)\b)/i;
const TAG = /<(\/?)([a-z][\w:.-]*)(?:\s[^<>]*)?\/?>/gi;
/** Elements whose edges separate words (`<p>A</p><p>B</p>` is "A B", `<b>A</b>B` is "AB"). */
const WORD_BREAKING = /^(?:p|div|br|hr|li|dt|dd|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption|address)$/i;

/**
 * The text of HTML meant as one line (a title, a teaser). Titles and teasers are short and carry
 * inline markup at most, so tags are dropped and entities decoded directly, which is many times
 * cheaper than building a DOM for each item of a feed; anything richer goes through htmlToText.
 */
function htmlLine(s: string): string {
  if (NOT_LINE_MARKUP.test(s)) return htmlToText(s);
  return decodeHTML(s.replace(TAG, (_tag: string, _close: string, name: string) => (WORD_BREAKING.test(name) ? ' ' : '')));
}

/** A one-line field (title, caption) that may carry HTML: its text, markup removed. */
export function lineText(s: string | null | undefined): string | null {
  if (!s) return null;
  s = demoronize(s);
  const text = MARKUP.test(s) ? htmlLine(s) : s;
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

export interface FeedText {
  /** The value is markup (else plain text). */
  html: boolean;
  value: string;
}

const XHTML_TYPES = new Set(['xhtml', 'application/xhtml+xml']);
const HTML_TYPES = new Set(['html', 'text/html']);

function decodeBase64(s: string): string {
  return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** An Atom construct of inline XHTML (type="xhtml", Atom 0.3 mode="xml"). */
function isXhtml(el: XmlElement): boolean {
  return XHTML_TYPES.has((attr(el, 'type') ?? 'text').trim().toLowerCase()) || attr(el, 'mode')?.trim().toLowerCase() === 'xml';
}

/** The XHTML div that holds an inline XHTML construct's markup (RFC 4287 section 3.1.1.3). */
const xhtmlDiv = (el: XmlElement): XmlElement | undefined => children(el, 'div')[0];

/**
 * The base the links of an Atom construct resolve against: the xml:base in effect at the element
 * itself, or at the div of inline XHTML (RFC 4287 section 2: any Atom element may carry xml:base),
 * each nested base resolved against the one above it (RFC 3986 section 5.1.1).
 */
export function atomTextBase(el: XmlElement, documentBase: string | null): string | null {
  return baseAt((isXhtml(el) ? xhtmlDiv(el) : undefined) ?? el, documentBase);
}

/** An Atom (0.3 or 1.0) text construct or content element; null when empty or out of line (`src`). */
export function atomText(el: XmlElement | null | undefined): FeedText | null {
  if (!el || attr(el, 'src')) return null;
  const type = (attr(el, 'type') ?? 'text').trim().toLowerCase();
  const mode = attr(el, 'mode')?.trim().toLowerCase() ?? null;
  let value: string;
  let html: boolean;
  if (isXhtml(el)) {
    value = innerHtml(xhtmlDiv(el) ?? el);
    html = true;
  } else if (mode === 'base64' || (type.includes('/') && !type.startsWith('text/') && !type.endsWith('+xml') && !type.endsWith('/xml'))) {
    value = decodeBase64(textOf(el));
    html = MARKUP.test(value);
  } else {
    value = textOf(el);
    html = HTML_TYPES.has(type) || mode === 'escaped';
  }
  return value.trim() === '' ? null : { html, value: demoronize(value) };
}

/** An RSS text element (description, content:encoded): HTML by practice (escaped or in CDATA), plain text when it has no markup. */
export function rssText(el: XmlElement | null | undefined): FeedText | null {
  if (!el) return null;
  const value = textOf(el);
  // Entities left after XML decoding (&nbsp; from double escaping) are HTML's to decode too.
  const html = MARKUP.test(value) || /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(value);
  return value.trim() === '' ? null : { html, value: demoronize(value) };
}

/** A body construct as the ParsedStory body fields. */
export function bodyFields(t: FeedText | null): { bodyHtml?: string; bodyText?: string } {
  if (t === null) return {};
  return t.html ? { bodyHtml: t.value } : { bodyText: t.value };
}

/**
 * A body construct as the ParsedStory body fields, its captioned `<figure>`s taken out as pictures
 * (src/formats/feed/figures.ts): a caption is no paragraph of the story (blogs and CMS feeds set their
 * pictures in the content as figures, as WordPress's block editor does). Relative links in it
 * resolve against the entry's base.
 */
export function bodyAndFigures(t: FeedText | null, base: string | null): { body: { bodyHtml?: string; bodyText?: string }; figures: PictureHint[] } {
  if (t === null || !t.html) return { body: bodyFields(t), figures: [] };
  const lone = loneImages(t.value, base);
  if (lone) return { body: {}, figures: lone };
  const value = withoutFeedFurniture(t.value) ?? t.value;
  const taken = takeFigures(value, base, { uncaptioned: false, rule: 'feed figure', resolveLinks: true });
  return taken ? { body: { bodyHtml: taken.html }, figures: taken.pictures } : { body: { bodyHtml: value }, figures: [] };
}

const IMG = /<img\b/i;
/** An address that names an image file. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])/i;

/**
 * The images of markup that holds nothing else: an item whose description or content is only a
 * picture ("<img src=… alt=…>", a picture-of-the-day feed) states that picture, and has no text
 * (RSS 2.0, item: the description is the item's synopsis; HTML, img: its alt is the text that
 * stands for the image). Null when the markup has any text or no image with an address.
 */
function loneImages(html: string, base: string | null): PictureHint[] | null {
  if (!IMG.test(html) || NOT_LINE_MARKUP.test(html) || htmlLine(html).trim() !== '') return null;
  const { $ } = loadFragment(html);
  const out: PictureHint[] = [];
  $('img[src]').each((_i, el) => {
    const src = $(el).attr('src')!.trim();
    const href = src ? resolveUrl(src, base) : null;
    const size = (v: string | undefined): number | null => (v && /^\d{1,5}$/.test(v.trim()) ? Number(v.trim()) : null);
    const [width, height] = [size($(el).attr('width')), size($(el).attr('height'))];
    const altText = $(el).attr('alt')?.replace(/\s+/g, ' ').trim() || null;
    // A web beacon (a 1x1 tracking pixel) or an ad server's counter (no image file, no words) is no picture.
    if (!href || (width !== null && width <= 2) || (height !== null && height <= 2) || (altText === null && !IMAGE_FILE.test(href))) return;
    out.push({
      caption: null,
      altText,
      renditions: [{ href, width, height, mimeType: null }],
      evidence: { from: 'element', rule: 'feed lone image' },
    });
  });
  return out.length ? out : null;
}

/**
 * The pictures of an item: those its elements state (Media RSS, enclosures, JSON Feed image), then
 * those of its body; a lone body image at an address a stated picture has is that picture, and
 * gives it its alt text.
 */
export function itemPictures(stated: PictureHint[], fromBody: PictureHint[]): PictureHint[] {
  const byHref = new Map<string, PictureHint>();
  for (const p of stated) for (const r of p.renditions ?? []) if (!byHref.has(r.href)) byHref.set(r.href, p);
  const out = [...stated];
  for (const p of fromBody) {
    const same = p.evidence?.rule === 'feed lone image' ? (p.renditions ?? []).map((r) => byHref.get(r.href)).find((q) => q !== undefined) : undefined;
    if (same) same.altText ??= p.altText;
    else out.push(p);
  }
  return out;
}

/** Yoast SEO's default RSS footer, "The post <a>Title</a> appeared first on <a>Site</a>." (Yoast SEO, Settings, RSS: "Content to put after each post in the feed"). */
const FEED_FOOTER = /^the post\s[^\n]{1,300}?\sappeared first on\s[^\n]{1,200}$/i;
const FURNITURE_HINT = /appeared first on|more-link|continue reading|read more/i;
/** What an onward link's text may end in: an arrow or an ellipsis ("Continue reading →", "Read more …"). */
const LINK_TAIL_CHARS = new Set([...'→»›>…']);

/**
 * The link text without its closing arrows, ellipses and spaces. A loop from the end, not a
 * regex: an unanchored `[…]+$` restarts at every character of a long run and goes quadratic.
 */
function withoutLinkTail(text: string): string {
  let end = text.length;
  while (end > 0 && (LINK_TAIL_CHARS.has(text[end - 1]!) || /\s/.test(text[end - 1]!))) end--;
  return text.slice(0, end);
}

/**
 * Content without what blogging software appends to each post in its feed: Yoast SEO's footer
 * naming the post and the site, WordPress's "more" link (class "more-link": WordPress, the_content(),
 * `$more_link_text`) and a closing onward link whose words are furniture ("Continue reading →",
 * src/extract/boilerplate.ts). Null when nothing is taken out.
 */
function withoutFeedFurniture(html: string): string | null {
  if (!FURNITURE_HINT.test(html)) return null;
  const fragment = loadFragment(html);
  const { $ } = fragment;
  let changed = false;
  const last = fragment.top.children().last();
  if (last.is('p, div') && FEED_FOOTER.test(last.text().replace(/\s+/g, ' ').trim())) {
    last.remove();
    changed = true;
  }
  const more = $('a.more-link').toArray();
  if (more.length) {
    removeNodes(more);
    changed = true;
  }
  // A closing link alone whose words are furniture: nothing but white space after it in the body.
  const links = $('a');
  const closing = links.last();
  if (closing.length && FURNITURE_PHRASE.test(withoutLinkTail(closing.text().replace(/\s+/g, ' ').trim())) && /^[\s\u00a0]*$/.test(trailingText($, closing))) {
    closing.remove();
    changed = true;
  }
  return changed ? fragment.html().trim() : null;
}

/** The text after an element to the end of the body (the element's later siblings and those of its ancestors). */
function trailingText($: cheerio.CheerioAPI, el: cheerio.Cheerio<AnyNode>): string {
  let out = '';
  for (let cur = el, depth = 0; cur.length && depth < 64; cur = cur.parent(), depth++) {
    out += cur.nextAll().text();
    for (let n = cur[0]?.next ?? null; n; n = n.next) if (n.type === 'text') out += (n as { data?: string }).data ?? '';
  }
  return out;
}

/** The text of a construct as one line (titles). */
export function constructLine(t: FeedText | null): string | null {
  if (!t) return null;
  const line = (t.html ? htmlToText(t.value) : t.value).replace(/\s+/g, ' ').trim();
  return line === '' ? null : line;
}
