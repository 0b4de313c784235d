import type { Element } from 'domhandler';

/**
 * What an element's own markup says about it: hidden, page furniture by name (class, id, role),
 * or a story body by name. Names are split into words ("share-bar", "relatedLinks",
 * "ad_slot" -> share bar / related links / ad slot) so that "ad" never matches "head" or "read".
 */

const tokenCache = new WeakMap<Element, string[]>();

function tokensOf(raw: string): string[] {
  return raw.trim() ? raw.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean) : [];
}

/** Words of an element's class and id, lower case. */
export function classTokensOf(el: Element): string[] {
  const cached = tokenCache.get(el);
  if (cached) return cached;
  const tokens = tokensOf(`${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`);
  tokenCache.set(el, tokens);
  return tokens;
}

/** Raw class names, for evidence paths. */
export function classNamesOf(el: Element): string[] {
  return (el.attribs['class'] ?? '').split(/\s+/).filter(Boolean);
}

/** Words that name furniture on their own. */
const NEGATIVE_WORDS = new Set([
  'ad', 'ads', 'adv', 'advert', 'advertisement', 'advertising', 'advertorial', 'sponsor', 'sponsored', 'promo', 'promoted',
  'promotion', 'share', 'sharing', 'shares', 'sharebar', 'social', 'socials', 'related', 'recommended', 'recommendations',
  'recirc', 'recirculation', 'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'comment', 'comments',
  'disqus', 'trending', 'popular', 'mostread', 'most', 'sidebar', 'rail', 'breadcrumb', 'breadcrumbs', 'nav', 'navbar',
  'navigation', 'menu', 'footer', 'masthead', 'toolbar', 'tools', 'cookie', 'cookies', 'consent', 'gdpr', 'cta', 'donate', 'donation', 'upsell',
  'outbrain', 'taboola', 'byline', 'bylines', 'author', 'authors', 'dateline', 'timestamp', 'caption', 'credit', 'credits',
  'tags', 'tag', 'keywords', 'topics', 'modal', 'popup', 'overlay', 'banner', 'widget', 'teaser', 'teasers', 'pagination',
  'pager', 'print', 'email', 'follow', 'login', 'signin', 'register', 'skip', 'hidden', 'sr', 'visually', 'offscreen',
  'meta', 'metadata', 'date', 'published', 'updated', 'readmore', 'more', 'also', 'next', 'prev', 'previous', 'video',
  'playlist', 'gallery', 'slideshow', 'carousel', 'icon', 'icons', 'logo', 'header', 'headline', 'title', 'kicker',
  'dfp', 'gpt', 'googleads', 'adsense', 'adslot', 'adunit', 'bottom', 'feedback', 'survey', 'rating', 'ratings', 'jump',
  'toc', 'contents', 'table', 'inline', 'box', 'card', 'cards', 'list', 'links', 'link', 'bio', 'about', 'slider',
  'lightbox', 'slide', 'slides',
]);

/**
 * Words too common to condemn an element alone ("more", "inline", "box", "list", "title"...): they
 * count only beside a second negative word.
 */
const WEAK_WORDS = new Set([
  'most', 'more', 'also', 'next', 'prev', 'previous', 'inline', 'box', 'card', 'cards', 'list', 'links', 'link', 'bottom',
  'table', 'contents', 'title', 'headline', 'header', 'meta', 'date', 'published', 'updated', 'video', 'icon', 'icons',
  'tag', 'tags', 'tools', 'rail', 'teaser', 'teasers', 'widget', 'banner', 'hidden', 'sr', 'visually', 'skip', 'bio',
  'about', 'jump', 'toc', 'email', 'print', 'follow', 'popular', 'author', 'authors', 'topics', 'keywords', 'rating',
  'ratings', 'playlist', 'logo', 'kicker', 'overlay', 'modal', 'popup',
]);

/** Words that name a story body. */
const POSITIVE_WORDS = new Set([
  'article', 'articlebody', 'body', 'content', 'entry', 'story', 'storybody', 'post', 'text', 'main', 'prose', 'copy',
  'richtext', 'paragraph', 'paragraphs',
]);

const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog', 'alert']);

/**
 * True when the element's role, class or id names page furniture and nothing outweighs that:
 * a strong word ("share", "sidebar") or two weak ones ("most popular list") against words of
 * a story body ("post", "content"), each body word worth a strong one. Some furniture words
 * win whatever else the element is called ("caption-text", "article-related"); itemprop
 * articleBody always names a body.
 */
export function namedFurniture(el: Element, skipClass?: (cls: string) => boolean): boolean {
  const role = el.attribs['role'];
  if (role && FURNITURE_ROLES.has(role)) return true;
  if (el.attribs['itemprop']?.includes('articleBody')) return false;
  const tokens = skipClass ? tokensOf(`${(el.attribs['class'] ?? '').split(/\s+/).filter((c) => c && !skipClass(c)).join(' ')} ${el.attribs['id'] ?? ''}`) : classTokensOf(el);
  if (!tokens.length) return false;
  let strong = 0;
  let positive = 0;
  const weak = new Set<string>();
  for (const t of tokens) {
    if (ALWAYS_NEGATIVE.has(t)) return true;
    if (POSITIVE_WORDS.has(t)) positive++;
    else if (WEAK_WORDS.has(t)) weak.add(t);
    else if (NEGATIVE_WORDS.has(t)) strong++;
  }
  if (strong === 0 && weak.size < 2) return false;
  return 2 * positive < 2 * strong + weak.size;
}

const COMMENT_WORDS = new Set(['comment', 'comments', 'disqus', 'replies', 'reply', 'discussion', 'respond']);

/** Reader comments: prose-like, never the story. */
export function commentSection(el: Element): boolean {
  for (const t of classTokensOf(el)) if (COMMENT_WORDS.has(t)) return true;
  return false;
}

/** Furniture whatever else the element is called ("caption-text", "article-related"). */
const ALWAYS_NEGATIVE = new Set([
  'caption', 'credit', 'credits', 'comment', 'comments', 'disqus', 'share', 'sharing', 'sharebar', 'social', 'related',
  'recommended', 'newsletter', 'outbrain', 'taboola', 'sidebar', 'advertisement', 'ad', 'ads', 'promo', 'byline',
  'breadcrumb', 'breadcrumbs', 'subscribe', 'signup',
]);

/** Class names that mean display:none in every common CSS framework. */
const HIDDEN_CLASSES = new Set(['hidden', 'd-none', 'hide', 'is-hidden', 'u-hidden', 'display-none', 'visually-hidden', 'sr-only', 'screen-reader-text']);

/** Hidden by attribute, inline style or a display:none class name. */
export function isHiddenElement(el: Element): boolean {
  const a = el.attribs;
  if (a['hidden'] !== undefined) return true;
  const cls = a['class'];
  if (cls) for (const c of cls.split(/\s+/)) if (HIDDEN_CLASSES.has(c)) return true;
  if (a['aria-hidden'] === 'true' && el.name !== 'span' && el.name !== 'i') return true;
  const style = a['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}
