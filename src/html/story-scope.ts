import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Page } from './page.js';
import { below, textOf } from './dom.js';

/**
 * Where the story sits in the page, for the extractors that look at the visible page (bylines,
 * pictures): the `<article>` (or Article microdata) with the most paragraph text, else `<main>`,
 * else the body. Teasers of other stories, comment threads, sidebars and share rows inside it
 * are "foreign": what they hold is not this story's.
 */

/**
 * Class or id words of containers whose content belongs to other stories or to the page chrome,
 * with or without links; and "teaser", foreign when it links to another story (see isForeignContainer).
 */
const OTHERS_NAME = /related|recommend|promo|newsletter|trending|most-?read|most-?popular|sidebar|comment|author-?bio|advert|read-?more|more-stories|outbrain|taboola/i;
const TEASER_NAME = /teaser/i;
/** A "card": another story's box, except a `<figure>` that links nowhere (see isForeignContainer). */
const CARD_NAME = /(?:^|[\s_-])cards?(?:[\s_-]|$)/i;

/**
 * The prompt of a paywall or registration wall (Piano, Tinypass and site-made ones name their
 * boxes so); "paywalled" marks the story's own content behind it.
 */
const WALL_NAME = /(?:pay|reg)-?wall(?!ed)/i;

const foreignCache = new WeakMap<Element, boolean>();

/**
 * A container whose content is not the story's: navigation, footers, teasers of other stories
 * (an `<article>` inside a list item or another article), related links, comment threads,
 * sidebars. Read from the tag and its class and id, cached per element: pictures ask it for
 * every ancestor of every image.
 */
export function isForeignContainer(el: Element): boolean {
  const cached = foreignCache.get(el);
  if (cached !== undefined) return cached;
  const name = el.name;
  const parentName = el.parent && el.parent.type === 'tag' ? (el.parent as Element).name : '';
  let foreign = name === 'nav' || name === 'footer' || (name === 'article' && parentName === 'li');
  if (!foreign) {
    const attrs = el.attribs;
    // State flags ("comments-enabled", "sidebar-open") describe the story's container, not another one.
    const words = `${attrs.class ?? ''} ${attrs.id ?? ''}`.split(/\s+/).filter((w) => w && !/-(?:enabled|disabled|open|closed|count|allowed|on|off)$/i.test(w)).join(' ');
    // A teaser of another story links to it; a box named "teaser" that links nowhere is the story's
    // own (German desks call a story's lead its teaser: "kick__article__picture--teaser",
    // "teaser-image"). Related and recommended boxes are others' whatever they hold.
    // A figure named "card" that links nowhere is the story's own picture: Ghost's editor writes every
    // image as <figure class="kg-card kg-image-card"> (Ghost docs, "Themes: Content", figure and figcaption).
    // A figure wrapped in a link to another page is that page's teaser all the same.
    const links = (): boolean => below(el, (e) => e.name === 'a' && Boolean(e.attribs.href)).length > 0;
    foreign = words !== '' && (OTHERS_NAME.test(words) || (TEASER_NAME.test(words) && links()) || (CARD_NAME.test(words) && (name !== 'figure' || links() || insideLink(el))));
    // A paywall or registration wall's prompt ("Create a free account to continue reading") is no
    // part of the story; a box so named that holds the story's paragraphs is the story behind it.
    if (!foreign && words !== '' && WALL_NAME.test(words) && proseLength(el) < 1000) foreign = true;
  }
  foreignCache.set(el, foreign);
  return foreign;
}

/** Whether an `<a href>` holds `el` (a teaser's whole box is its link); the walk stops after 12 ancestors. */
function insideLink(el: Element): boolean {
  let depth = 0;
  for (let n = el.parent; n && n.type === 'tag' && depth < 12; n = n.parent, depth++) {
    const e = n as Element;
    if (e.name === 'a' && Boolean(e.attribs.href)) return true;
  }
  return false;
}

const proseCache = new WeakMap<AnyNode, number>();

/** Characters of paragraph text below `el`, cached: asked for every foreign-named ancestor of every image. */
function proseLength(el: AnyNode): number {
  const cached = proseCache.get(el);
  if (cached !== undefined) return cached;
  let n = 0;
  for (const p of below(el, (e) => e.name === 'p')) n += textOf(p).length;
  proseCache.set(el, n);
  return n;
}

/**
 * A container named like furniture that holds most of the story's paragraphs is the story
 * itself: some sites call their free-to-read body a "teaser" or wrap it in a "card".
 */
function holdsTheStory(el: Element, scope: Cheerio<AnyNode>): boolean {
  const total = scope.toArray().reduce((sum, root) => sum + proseLength(root), 0);
  return total >= 400 && proseLength(el) >= total / 2;
}

const headlineCache = new WeakMap<AnyNode, boolean>();

/**
 * A container that holds the page's `<h1>` is the story's header, whatever its name: some
 * layouts call the column that holds the headline and lead picture a "sidebar" grid.
 */
function holdsTheHeadline(el: Element): boolean {
  const cached = headlineCache.get(el);
  if (cached !== undefined) return cached;
  const found = below(el, (e) => e.name === 'h1').length > 0;
  headlineCache.set(el, found);
  return found;
}

/** Is `el` inside a foreign container below `scope` (ancestors above the scope, such as `<body>`, are not looked at)? */
export function inForeign(_page: Page, el: AnyNode, scope: Cheerio<AnyNode>): boolean {
  const stop = new Set(scope.toArray());
  for (let n: AnyNode | null = el; n && !stop.has(n); n = n.parent) {
    if (n.type !== 'tag') continue;
    const e = n as Element;
    if (e.name === 'body' || e.name === 'html') return false;
    if (isForeignContainer(e) && !holdsTheStory(e, scope) && !holdsTheHeadline(e)) return true;
  }
  return false;
}

export function storyScope(page: Page): Cheerio<AnyNode> {
  const { $ } = page;
  let best: Element | null = null;
  let bestLength = 0;
  for (const el of $('article, [itemtype*="Article"], [itemprop~="articleBody"]').toArray() as Element[]) {
    let n = 0;
    for (const p of below(el, (e) => e.name === 'p')) n += textOf(p).length;
    if (n > bestLength) {
      best = el;
      bestLength = n;
    }
  }
  if (best && bestLength >= 400) {
    // A body-only element (itemprop=articleBody) leaves the lead picture and byline outside: widen to its article.
    const wider = $(best).parents('article, [itemtype*="Article"]').last();
    return wider.length ? wider : $(best);
  }
  const main = $('main, [role="main"]').first();
  if (main.length) return main;
  const body = $('body');
  return body.length ? body : $.root();
}
