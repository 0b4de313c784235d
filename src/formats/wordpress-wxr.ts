import { loadFragment } from '../html/fragment.js';
import { takeFigures } from './feed/figures.js';
import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import { warning, type Warning } from '../errors.js';
import { attr, child, children, cleanText, parseXml, textOf, type XmlElement } from '../xml/xml-tree.js';
import { decodeLeftEntities } from '../text/clean.js';
import { invalidItem, itemSegments, readXmlItems } from './xml-items.js';

/**
 * WordPress eXtended RSS (WXR), the export of a WordPress site: RSS 2.0 whose items carry the
 * `wp:` (post id, type, status, dates, post meta), `content:encoded`, `excerpt:encoded` and
 * `dc:creator` elements. Each item of post_type `post` is one story; attachments become pictures
 * of the post they belong to (their `post_parent`, or the post's `_thumbnail_id`); pages, menu
 * items and other site structure are skipped.
 *
 * `content:encoded` is the post as the editor stored it, before WordPress's `wpautop` made
 * paragraphs of its blank lines and line breaks of its newlines; `toHtml` does the same, turns
 * `[caption]` shortcodes into figures and drops the other shortcodes.
 */
const FORMAT = 'wordpress-wxr';
/** The export namespace of every WXR version (1.0, 1.1, 1.2); WordPress.com writes it with https. */
const WXR_NS = /^https?:\/\/wordpress\.org\/export\/\d+(?:\.\d+)*\/$/;
const WXR_EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/\d+(?:\.\d+)*\/excerpt\/$/;

export const wordpressWxr: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'WordPress eXtended RSS (WXR) site exports: posts, with attachments as their pictures',
  detect(s) {
    if (s.kind !== 'xml' || s.xmlRoot?.name !== 'rss') return 0;
    // Above generic RSS: the root declares the WordPress export namespace.
    return /xmlns:[\w.-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\/\d+(?:\.\d+)*\/["']/.test(s.head) ? 0.95 : 0;
  },
  parse(input) {
    const { root, items, failures, warnings } = readXmlItems(input, {
      format: FORMAT,
      itemName: 'item',
      select: (r) => children(child(r, 'channel'), 'item'),
    });
    const site = root ? siteOf(child(root, 'channel')) : siteFromText(input, warnings);

    const attachments = new Map<string, XmlElement>();
    for (const { el } of items) {
      if (wp(el, 'post_type') === 'attachment') {
        const id = wp(el, 'post_id');
        if (id) attachments.set(id, el);
      }
    }

    const stories: ParsedStory[] = [];
    const skipped = new Map<string, number>();
    for (const item of items) {
      const type = wp(item.el, 'post_type') ?? 'post';
      if (type !== 'post') {
        if (type !== 'attachment') skipped.set(type, (skipped.get(type) ?? 0) + 1);
        continue;
      }
      const story = readPost(item.el, site, attachments, input.baseUrl ?? site.link);
      if (!story.headline && !story.bodyHtml && !story.guid) {
        failures.push(invalidItem(input, item, FORMAT, 'the post has neither a title, content nor a guid'));
        continue;
      }
      stories.push({ ...story, itemIndex: item.index });
    }
    const docWarnings: Warning[] = [...warnings];
    if (skipped.size) {
      docWarnings.push(warning('WIREDESK_WARN_ITEM_SKIPPED', `not posts: ${[...skipped].map(([t, n]) => `${n} ${t}`).join(', ')}`));
    }
    return { stories, failures, warnings: docWarnings };
  },
};

// ---- the site (channel) ----

interface Site {
  title: string | null;
  link: string | null;
  language: string | null;
  /** wp:author entries by login: the person's name when the export gives one. */
  authors: Map<string, string | null>;
}

function siteOf(channel: XmlElement | null): Site {
  const authors = new Map<string, string | null>();
  for (const a of children(channel, 'author').filter(isWp)) {
    const login = wp(a, 'author_login');
    if (login) authors.set(login, authorName(a, login));
  }
  return {
    title: cleanText(child(channel, 'title')),
    link: cleanText(child(channel, 'link')),
    language: cleanText(child(channel, 'language')),
    authors,
  };
}

/**
 * The site of an export that is not well-formed (its items were read one by one): the channel
 * head before the first item is parsed on its own, closed where it breaks off.
 */
function siteFromText(input: ParseInput, warnings: Warning[]): Site {
  const first = itemSegments(input.text, 'item')[0]?.start ?? input.text.length;
  const head = input.text.slice(0, first);
  try {
    const doc = parseXml(`${head}</channel></rss>`, { format: FORMAT, recover: true });
    return siteOf(child(doc.root, 'channel'));
  } catch {
    warnings.push(warning('WIREDESK_WARN_XML_RECOVERED', 'the channel head is unreadable; site language and authors left out'));
    return { title: null, link: null, language: null, authors: new Map() };
  }
}

/** Text as a reader compares it: compatibility forms, no combining marks or invisible format characters, lower case. */
function bare(s: string): string {
  return s.normalize('NFKD').replace(/[\p{M}\p{Cf}\s]/gu, '').toLowerCase();
}

/**
 * "First Last" (each part with a letter: an emoji is no name), else the display name when it is
 * more than the login (a login in other case, with combining marks or invisible characters, is
 * still the login); a login alone is no name.
 */
function authorName(a: XmlElement, login: string): string | null {
  // (Entities a CDATA section kept are read as the author text of every format is: "&#x1F1FA;&#x1F1F8;" is two flags.)
  const parts = [wp(a, 'author_first_name'), wp(a, 'author_last_name')].filter((p): p is string => Boolean(p));
  const full = parts.join(' ');
  if (full.includes(' ') && parts.every((p) => /\p{L}/u.test(decodeLeftEntities(p)))) return full;
  const display = wp(a, 'author_display_name');
  if (display && bare(display) !== bare(login)) return display;
  return null;
}

// ---- one post ----

const STATUS: Record<string, Article['pubStatus']> = {
  publish: 'usable',
  inherit: 'usable',
  future: 'withheld',
  draft: 'withheld',
  pending: 'withheld',
  private: 'withheld',
  trash: 'canceled',
};

function readPost(item: XmlElement, site: Site, attachments: Map<string, XmlElement>, baseUrl: string | null): ParsedStory {
  const status = wp(item, 'post_status') ?? wp(item, 'status');
  const pubStatus = status ? STATUS[status.toLowerCase()] ?? null : null;
  const posted = gmtDate(wp(item, 'post_date_gmt'));
  const content = textOf(childNs(item, 'encoded', 'content'));
  const { html, pictures } = content.trim() ? toHtml(content, baseUrl) : { html: '', pictures: [] };
  const excerpt = cleanText(childNs(item, 'encoded', 'excerpt')) ?? cleanText(child(item, 'description'));

  const id = wp(item, 'post_id');
  const thumbnailId = postMeta(item, '_thumbnail_id');
  const attached = [...attachments.values()].filter((a) => id && wp(a, 'post_parent') === id);
  const thumbnail = thumbnailId ? attachments.get(thumbnailId) : undefined;
  if (thumbnail && !attached.includes(thumbnail)) attached.unshift(thumbnail);

  const categories = children(item, 'category');
  return {
    type: 'text',
    guid: cleanText(child(item, 'guid')),
    versionCreated: gmtDate(wp(item, 'post_modified_gmt')),
    // wp:post_date_gmt is the post's own UTC time; pubDate is the export's rendering of it.
    firstCreated: posted ?? cleanText(child(item, 'pubDate')),
    // A scheduled post is held until its publication time.
    embargoedUntil: status === 'future' ? posted : null,
    pubStatus,
    signals: pubStatus === 'canceled' ? ['kill'] : [],
    language: site.language,
    provider: site.title,
    url: cleanText(child(item, 'link')),
    headline: cleanText(child(item, 'title')),
    summary: excerpt,
    bodyHtml: html || null,
    bylines: creatorBylines(item, site),
    pictures: [...pictures, ...attached.map((a) => attachmentPicture(a))],
    keywords: categories.filter((c) => attr(c, 'domain') === 'post_tag').map((c) => cleanText(c)).filter((k): k is string => k !== null),
    subjects: categories
      .filter((c) => attr(c, 'domain') === 'category')
      .map((c) => ({ scheme: 'wp-category', code: attr(c, 'nicename'), name: cleanText(c) })),
  };
}

/**
 * dc:creator is the author's login. The export's author list gives the person's name for it; a
 * login the list knows only as itself is no name; a login the list does not hold is kept as it is
 * (the credits engine still rejects what cannot be a person's name).
 */
function creatorBylines(item: XmlElement, site: Site): BylineHint[] {
  const out: BylineHint[] = [];
  for (const c of children(item, 'creator')) {
    const login = cleanText(c);
    if (!login) continue;
    const name = site.authors.has(login) ? site.authors.get(login) ?? null : login;
    if (name) out.push({ name, role: 'author', evidence: { from: 'element', rule: site.authors.has(login) ? 'wxr wp:author' : 'wxr dc:creator' } });
  }
  return out;
}

/** WordPress stores an attachment's caption in its excerpt and its alt text in post meta. */
function attachmentPicture(a: XmlElement): PictureHint {
  const url = cleanText(childNs(a, 'attachment_url', 'wp')) ?? cleanText(child(a, 'guid'));
  return {
    guid: cleanText(child(a, 'guid')),
    caption: cleanText(childNs(a, 'encoded', 'excerpt')),
    altText: postMeta(a, '_wp_attachment_image_alt'),
    renditions: url ? [{ href: url, width: null, height: null, mimeType: null }] : [],
    evidence: { from: 'element', rule: 'wxr attachment' },
  };
}

// ---- element helpers ----

function isWp(el: XmlElement): boolean {
  return el.ns !== null && WXR_NS.test(el.ns);
}

/** A child in the WordPress export namespace (any version), or by its usual prefix. */
function wp(el: XmlElement, name: string): string | null {
  return cleanText(childNs(el, name, 'wp'));
}

/** The first child with the local name whose namespace is the one the prefix usually stands for. */
function childNs(el: XmlElement, name: string, kind: 'wp' | 'content' | 'excerpt'): XmlElement | null {
  const ok = (c: XmlElement): boolean => {
    if (c.ns === null) return c.prefix === kind;
    if (kind === 'wp') return WXR_NS.test(c.ns);
    if (kind === 'excerpt') return WXR_EXCERPT_NS.test(c.ns);
    return c.ns === 'http://purl.org/rss/1.0/modules/content/';
  };
  return children(el, name).find(ok) ?? null;
}

function postMeta(item: XmlElement, key: string): string | null {
  for (const m of children(item, 'postmeta')) {
    if (wp(m, 'meta_key') === key) return wp(m, 'meta_value');
  }
  return null;
}

/** "2013-07-29 16:03:54" in UTC; WordPress writes zeros for a draft never published. */
function gmtDate(s: string | null): string | null {
  if (!s || /^0000-00-00/.test(s)) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(s.trim());
  return m ? `${m[1]}T${m[2]}Z` : null;
}

// ---- post content ----

const BLOCKS = 'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary';
const BLOCK_OPEN = new RegExp(`(<(?:${BLOCKS})[\\s/>])`, 'gi');
const BLOCK_CLOSE = new RegExp(`(</(?:${BLOCKS})>)`, 'gi');
const STARTS_BLOCK = new RegExp(`^</?(?:${BLOCKS})[\\s/>]`, 'i');
const BR_AFTER_BLOCK = new RegExp(`(</?(?:${BLOCKS})[^>]*>)\\s*<br\\s*/?>`, 'gi');
const BR_BEFORE_BLOCK = new RegExp(`<br\\s*/?>(\\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`, 'gi');

/**
 * The post content as HTML with its figures taken out as pictures: `[caption]` shortcodes become
 * figures, other shortcodes are unwrapped, and `wpautop`'s rules make paragraphs and line breaks.
 */
export function toHtml(content: string, baseUrl: string | null): { html: string; pictures: PictureHint[] } {
  // Block-editor posts delimit their blocks with comments (<!-- wp:paragraph -->); they are no content.
  let text = content.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  text = text.replace(/\[caption\b[^\]]*\]([\s\S]*?)\[\/caption\]/gi, (_m, inner: string) => {
    const media = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
    return media ? `<figure>${media[1]}<figcaption>${media[2]!.trim()}</figcaption></figure>` : inner;
  });
  text = stripShortcodes(text);
  const html = autop(text);

  // A figure is a picture with its caption; an image set in the text without one stays in the body.
  return takeFigures(html, baseUrl, { uncaptioned: true, rule: 'wxr figure' }) ?? { html: loadFragment(html).html().trim(), pictures: [] };
}

const WS = /\s/;

/** Whether text[0, end) ends with a `<br>` tag (`<br`, white space, an optional '/', '>'). */
function endsWithBr(text: string, end: number): boolean {
  let i = end - 1;
  if (text[i] !== '>') return false;
  i--;
  if (text[i] === '/') i--;
  while (i >= 0 && WS.test(text[i]!)) i--;
  return i >= 2 && text.startsWith('<br', i - 2);
}

/**
 * Each newline with the white space around it becomes `<br>\n`, unless a `<br>` comes right before
 * it: what text.replace(/(?<!<br\s*\/?>)\s*\n\s*\/g, '<br>\n') gives, in one pass (that regex tried
 * every start of a long run of spaces: quadratic, 100 KB took 3 s).
 */
export function lineBreaks(text: string): string {
  let out = '';
  let copied = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    if (nl < copied) continue;
    let a = nl;
    while (a > copied && WS.test(text[a - 1]!)) a--;
    let b = nl + 1;
    while (b < text.length && WS.test(text[b]!)) b++;
    // The run's last newline: the regex's \s* takes the whole run back to its last newline.
    let start = a;
    if (endsWithBr(text, a)) {
      // The match cannot start at the run's first character; it starts at the next one, if a
      // newline is still ahead of it.
      start = a + 1;
      if (text.lastIndexOf('\n', b - 1) < start) {
        nl = b - 1;
        continue;
      }
    }
    out += text.slice(copied, start) + '<br>\n';
    copied = b;
    nl = b - 1;
  }
  return out + text.slice(copied);
}

/** WordPress's paragraph rules: blank lines part paragraphs, block tags stand alone, a newline is a line break. */
function autop(text: string): string {
  if (!text.trim()) return '';
  const spaced = text.replace(BLOCK_OPEN, '\n\n$1').replace(BLOCK_CLOSE, '$1\n\n');
  const chunks = spaced.split(/\n\s*\n/).map((c) => c.trim()).filter(Boolean);
  const html = chunks
    .map((c) => (STARTS_BLOCK.test(c) ? c : `<p>${c}</p>`))
    .map((c) => (/<pre[\s>]/i.test(c) ? c : lineBreaks(c)))
    .join('\n');
  return html.replace(BR_AFTER_BLOCK, '$1').replace(BR_BEFORE_BLOCK, '$1');
}

/**
 * Shortcodes are the site's own macros: a paired one keeps its content (`[dropcap]M[/dropcap]`),
 * a lone one that is shortcode-shaped (`[contact_form]`, `[gallery ids="1,2"]`) is dropped, and
 * other bracketed text (`[1]`, `[sic]`) is kept.
 */
function stripShortcodes(text: string): string {
  const paired = /\[([a-z][\w-]*)(?:\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/gi;
  let out = text;
  // Nested shortcodes unwrap from the inside out, a few levels deep at most.
  for (let i = 0; i < 5; i++) {
    const next = out.replace(paired, '$2');
    if (next === out) break;
    out = next;
  }
  return out.replace(/\[(?:[a-z][\w-]*_[\w-]*|gallery|embed|audio|video|playlist|contact-form)(?:\s[^\]]*)?\/?\]/gi, '');
}
