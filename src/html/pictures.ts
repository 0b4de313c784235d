import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { PictureHint } from '../model/parsed-story.js';
import type { Rendition } from '../model/article.generated.js';
import type { JsonLdNode, Page } from './page.js';
import { resolveUrl, squash } from './page.js';
import { asList, deref, str, typesOf } from './metadata.js';
import { inForeign } from './story-scope.js';
import { below, closestWhere, contains, DESCRIBED_CAPTION_MAX, isTag, textOf } from './dom.js';
import { isNamedSlashCredit, opensWithCreditLabel, splitLabelledCredit, splitTrailingCredit, withoutCreditLabel, withoutTrailingLabel } from '../extract/captions.js';
import { isCreditLike } from '../extract/credits.js';
import { canonicalAgency } from '../extract/agencies.js';

/**
 * The story's pictures: `<figure>`s (and WordPress-style caption boxes) in the article, each
 * with its caption, the credit the page marks up apart (a credit/copyright element inside the
 * caption) and every rendition the page offers (src, srcset with widths, `<picture>` sources,
 * lazy-load `data-*` attributes, `<noscript>` fallbacks); then the article's JSON-LD
 * ImageObjects (caption, creditText, author) and the OpenGraph image. Decorative images, logos,
 * avatars and tracking pixels are left out, and so are pictures of related-story teasers.
 * Captions keep the credit they print; `buildPicture` in the extract stage splits it off.
 */

const DECORATIVE_SRC = /(?:^|[/_.-])(?:logo|logos|icon|icons|sprite|avatar|avatars|pixel|spacer|blank|placeholder|transparent|loader|loading|badge|emoji|gravatar|qr|qrcode)(?:[/_.-]|$)|\.svg(?:$|\?)|\/1x1\b|^data:/i;

/**
 * An element marked up as a picture credit: by class or schema.org property, or a `<footer>` in
 * a `<figure>` (HTML: a footer carries its section's authorship and copyright).
 */
export function isCreditElement(el: Element): boolean {
  if (el.name === 'source' || el.name === 'img' || el.name === 'picture' || el.name === 'amp-img') return false;
  if (el.name === 'footer' && el.parent && isTag(el.parent) && el.parent.name === 'figure') return true;
  return /credit|copyright|photographer|source|byline|author/i.test(el.attribs.class ?? '') ||
    /\b(?:copyrightHolder|creditText|author|creator)\b/.test(el.attribs.itemprop ?? '');
}

/**
 * The last element of a caption, set apart from the caption's text by the markup, that reads as
 * a credit: "<figcaption><span>Crowds at the fair.</span><strong>Jo Kim / Europa Press</strong>
 * </figcaption>". Pages mark such an element up with a class of their own, which says nothing
 * where it names no credit in English ("autor", "c1wwpgo7"); the element's place and its words do.
 * Its words must read as a credit on their own (a known agency, "Name/Agency", a labelled or
 * copyright credit), and text of the caption must come before it in its parent.
 */
function isTrailingCreditElement(el: Element): boolean {
  const parent = el.parent;
  if (!parent || !isTag(parent) || el.name === 'a' || LINE_BREAKING.has(el.name) && el.name !== 'div' && el.name !== 'p') return false;
  const siblings = parent.children;
  const at = siblings.indexOf(el);
  const blank = (n: AnyNode): boolean => (n.type === 'text' ? !squash(textOf(n)) : isTag(n) && (HIDDEN(n) || isControl(n) || !squash(textOf(n))));
  const t = squash(textOf(el));
  // A label in an element of its own before the credit ("<span>Copyright</span><span>Jo Kim/AP</span>") goes with it.
  if (CREDIT_LABEL_WORD.test(t)) {
    const next = siblings.slice(at + 1).find((n) => !blank(n));
    return next !== undefined && isTag(next) && isTrailingCreditElement(next);
  }
  if (!siblings.slice(at + 1).every(blank) || siblings.slice(0, at).every(blank)) return false;
  // Inside an element marked as the credit, the marked element is the credit ("<span
  // itemprop=copyrightHolder><span>Credit</span><span>Jo Kim/EPA</span></span>").
  for (let n: AnyNode | null = parent, depth = 0; n && isTag(n) && depth < 4; n = n.parent, depth++) if (isCreditElement(n)) return false;
  // "Foto: <p>Jo Kim / AP</p>": after a label alone in the text, the parent is the whole credit.
  const before = squash(siblings.slice(0, at).map(textOf).join(' '));
  if (opensWithCreditLabel(before) && !withoutCreditLabel(before)) return false;
  // (A credit under its label, "Foto: X" or "© X", is split from the caption's text by its label.)
  if (!t || t.length > 120 || opensWithCreditLabel(t)) return false;
  return isCreditLike(t) || canonicalAgency(t) !== null || isNamedSlashCredit(t) || /^[^.]{2,60}\/\s*(?:copyright|©)/iu.test(t) ||
    ((el.name === 'small' || el.name === 'cite') && /[.!?"”»)]$/u.test(before) && BARE_NAME.test(t));
}

/**
 * A name alone, two to six capitalised words ("Jo Kim", "Ana de la Cruz"). Closing a caption in
 * `<small>` (HTML: small print, "sometimes used for attribution") or `<cite>` (W3C HTML 5.1: the name
 * of a work's author) after the caption's last sentence, it is the picture's credit; a title cited
 * inside the sentence ("Actors rehearse <cite>The Long Winter</cite>") is no credit.
 */
const BARE_NAME = /^\p{Lu}[\p{L}'’-]{0,30}(?:\s(?:\p{Lu}[\p{L}'’-]{0,30}|\p{Lu}\.|de|da|del|la|le|van|von|der|di|du|y)){1,5}$/u;

/** A credit's label printed alone ("Copyright", "Credit", "Foto", "©"). */
const CREDIT_LABEL_WORD = /^(?:©|\(c\)|copyright|credits?|photo(?:graph)?s?|fotos?|bild|image|source|quelle)\s*:?$/iu;

/**
 * The words of a class attribute, camelCase and separators split ("js-atc-ImageDescriptionButton"
 * -> js, atc, image, description, button), lower-cased.
 */
function classWords(cls: string | undefined): Set<string> {
  return new Set((cls ?? '').replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z\d]+/).filter(Boolean));
}

/**
 * A control or its icon: a button, an icon, a toggle, an element hidden for screen readers only
 * ("Show caption", "Caption Icon", "Bildbeschreibung einblenden"). Its words are interface labels,
 * never the caption, even when its class names the caption it opens.
 */
function isControl(el: Element): boolean {
  if (el.name === 'button' || el.name === 'svg' || el.attribs.role === 'button') return true;
  const words = classWords(el.attribs.class);
  return ['btn', 'button', 'icon', 'toggle'].some((w) => words.has(w));
}

/** A link of a word or two to a place on this page ("<a href=#>Close</a>" in a caption panel): a control, no words of the caption. */
function isPageControl(el: Element): boolean {
  return el.name === 'a' && (el.attribs.href ?? '').trim().startsWith('#') && squash(textOf(el)).split(' ').length <= 2;
}

/** A slideshow's counter ("1 of 18.", "2 / 5"): where the picture stands in its gallery, no words of its caption. */
function isCounter(el: Element): boolean {
  return /^\s*\d{1,3}\s*(?:of|\/|von|de|av|di|van|z)\s*\d{1,3}\.?\s*$/iu.test(textOf(el));
}

/** A link in a caption to the picture's own page ("more >", "mehr ›"): a control, no words of the caption. */
function isMoreLink(el: Element): boolean {
  return el.name === 'a' && /^\s*(?:more|mehr|plus|más|mais|meer|mer|più|lisää)\s*[>›»]?\s*$/iu.test(textOf(el));
}

/** An element marked up as a caption (figcaption, schema.org caption, caption-like class names). */
function isCaptionElement(el: Element): boolean {
  if (el.name === 'figcaption') return true;
  if (el.name === 'source' || el.name === 'img' || el.name === 'picture' || el.name === 'amp-img' || el.name === 'meta') return false;
  if (isControl(el)) return false;
  return /caption|legend|cutline|description/i.test(el.attribs.class ?? '') || /\b(?:caption|description)\b/.test(el.attribs.itemprop ?? '');
}

/**
 * An image element: `<img>`, AMP's `<amp-img>`, and a custom element named for an image that
 * carries its address (web components: "<brick-image-v3 data-src=…>", "<storefront-image src=…>").
 */
const isImage = (el: Element): boolean => el.name === 'img' || el.name === 'amp-img' ||
  (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:img|image)(?:-[a-z0-9]+)*$|^(?:img|image)-[a-z0-9-]+$/.test(el.name) &&
    ['src', 'data-src', 'srcset', 'data-srcset'].some((a) => Boolean(el.attribs[a])));

const PICTURE_BOX = (el: Element): boolean => el.name === 'figure' || /\bwp-caption\b/.test(el.attribs.class ?? '') || /ImageObject/.test(el.attribs.itemtype ?? '');

const HIDDEN = (el: Element): boolean => /visually-?hidden|sr-only|a11y-hidden|screen-?reader/i.test(el.attribs.class ?? '') || el.attribs['aria-hidden'] === 'true' ||
  el.name === 'button' || el.name === 'svg' || el.name === 'script' || el.name === 'style' || el.name === 'noscript';

const LAZY_ATTR = /^data-(?:[\w-]*-)?(?:src|srcset|original|lazy|lazyload|url|hi-res-src|full-src)$/i;

function int(v: string | undefined): number | null {
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function mimeOf(href: string): string | null {
  const ext = /\.(jpe?g|png|gif|webp|avif)(?:$|[?#])/i.exec(href)?.[1]?.toLowerCase();
  if (!ext) return null;
  return ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
}

/** "a.jpg 320w, b.jpg 640w" (URLs may carry commas, so a candidate ends at a width or density). */
function srcsetCandidates(srcset: string): Array<{ url: string; width: number | null }> {
  const out: Array<{ url: string; width: number | null }> = [];
  for (const m of srcset.matchAll(/\s*(\S+?)(?:\s+(\d+)w|\s+[\d.]+x)?\s*(?:,|$)/g)) {
    if (m[1]) out.push({ url: m[1], width: m[2] ? Number(m[2]) : null });
  }
  return out;
}

export function renditionsOf(page: Page, img: Cheerio<Element>, container: Cheerio<AnyNode> | null): Rendition[] {
  const out: Rendition[] = [];
  const add = (href: string | null | undefined, width: number | null, height: number | null): void => {
    const url = resolveUrl(page, href);
    if (!url || DECORATIVE_SRC.test(url) && !/\.(?:jpe?g|png|webp|avif)/i.test(url)) return;
    const known = out.find((r) => r.href === url);
    if (known) {
      known.width ??= width;
      return;
    }
    out.push({ href: url, width, height, mimeType: mimeOf(url) });
  };
  const w = int(img.attr('width'));
  const h = int(img.attr('height'));
  // Lazy loaders keep the real URLs in data-* attributes of their own naming (data-src,
  // data-lazy-srcset, data-flickity-lazyload-srcset, data-original ...).
  for (const [a, v] of Object.entries((img[0] as Element | undefined)?.attribs ?? {})) {
    if (!v || !LAZY_ATTR.test(a)) continue;
    if (a.endsWith('srcset') || /\s\d+[wx]\s*(?:,|$)/.test(v)) for (const c of srcsetCandidates(v)) add(c.url, c.width, null);
    else add(v, w, h);
  }
  const src = img.attr('src');
  if (src && !/^data:/i.test(src)) add(src, w, h);
  const srcset = img.attr('srcset');
  if (srcset) for (const c of srcsetCandidates(srcset)) add(c.url, c.width, null);
  img.closest('picture').find('source[srcset], source[data-srcset]').each((_, s) => {
    const set = page.$(s).attr('srcset') ?? page.$(s).attr('data-srcset') ?? '';
    for (const c of srcsetCandidates(set)) add(c.url, c.width, null);
  });
  if (out.length === 0 && container) {
    // A lazy-loaded image whose real <img> sits in <noscript>.
    // The parser may keep <noscript> content as text or as elements.
    const ns = container.find('noscript').text();
    const m = /<img[^>]+src\s*=\s*["']([^"']+)["']/i.exec(ns);
    if (m) add(m[1], null, null);
    const nsImg = container.find('noscript img').first();
    if (nsImg.length) {
      add(nsImg.attr('src'), int(nsImg.attr('width')), int(nsImg.attr('height')));
      for (const c of srcsetCandidates(nsImg.attr('srcset') ?? '')) add(c.url, c.width, null);
    }
  }
  return out;
}


function isDecorative(page: Page, img: Cheerio<Element>, hasCaption: boolean): boolean {
  if (img.attr('role') === 'presentation' || img.attr('aria-hidden') === 'true') return true;
  const w = int(img.attr('width'));
  const h = int(img.attr('height'));
  // Small width and height mark an icon, unless the image is a <figure>'s with a <figcaption>:
  // then they state the aspect ratio the layout reserves (width="16" height="9").
  const figured = hasCaption && img.closest('figure').find('figcaption').length > 0;
  if (((w !== null && w < 80) || (h !== null && h < 60)) && !figured) return true;
  const src = img.attr('src') ?? img.attr('data-src') ?? '';
  const lazy = Object.keys((img[0] as Element | undefined)?.attribs ?? {}).some((a) => LAZY_ATTR.test(a));
  // A placeholder ("transparent.gif") beside a <noscript> that holds the real <img> is a
  // lazy-loaded picture (renditionsOf reads the fallback), as Readability unwraps it.
  const fallback = img.parent().children('noscript').filter((_, n) => /<img\b/i.test(page.$(n).text()) || page.$(n).find('img').length > 0).length > 0;
  if (DECORATIVE_SRC.test(src) && !lazy && !img.attr('srcset') && !fallback) return true;
  // The wrapper's class counts for an image without a caption only: WordPress's gallery shortcode
  // wraps every captioned picture in its "icontag" (<div class="gallery-icon">, gallery_shortcode()).
  const cls = classWords(`${img.attr('class') ?? ''} ${hasCaption ? '' : img.parent().attr('class') ?? ''}`);
  if (['logo', 'icon', 'avatar', 'emoji', 'badge', 'author'].some((w) => cls.has(w))) return true;
  return !hasCaption && img.attr('alt') === '' && !img.closest('figure').length && page.$(img).closest('article').length === 0;
}

/** The most words a credit element holds (photographers, agencies, "via", a distributor). */
const CREDIT_MAX_WORDS = 12;

/** Text that is a photo credit by its words: "(Image: Getty)", "Photo by X", "Image Credits: X", "Courtesy of X", "© X". */
const CREDIT_WORDS = /^\(?\s*(?:(?:(?:image|photo|picture)\s+)?(?:image|photo(?:graph)?|picture|pic|credit|foto|bild|source|copyright)s?\s*(?:by\b|:)|courtesy\b|©|\(c\))/i;


/** "(Image: Getty)" -> "Getty"; unbalanced parentheses left by the markup dropped. */
function cleanCredit(text: string): string | null {
  let t = squash(text);
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  if (t.startsWith('(') && !t.includes(')')) t = t.slice(1).trim();
  if (t.endsWith(')') && !t.includes('(')) t = t.slice(0, -1).trim();
  // The label ends with a colon, or with an ellipsis the page prints in its place ("Credit...Name").
  t = t.replace(/^(?:(?:image|photo|picture)\s+)?(?:credit|image|photo|picture|foto|bild|source)s?\s*(?::|\.{3}|…)\s*/i, '').trim();
  return t || null;
}

/** A text that is only a date: numeric ("15.05.2023", "2023-05-15") or with a month word ("03 Dec 2025", "May 3, 2024"), after an optional weekday. */
const DATE_ONLY = /^(?:\p{L}{2,12}\.?,?\s+)?(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\p{L}{3,12}\.?,?\s+\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4})$/u;

/**
 * A caption and its credit made consistent: a credit printed at the caption's end that the
 * credits engine would not recognise (no agency named) is split off here, a caption that is only
 * a credit ("Photo by X", "Picture: iStock") becomes the credit, and a caption that repeats its
 * credit field at the end loses the repeat.
 */
export function finishCaption(captionIn: string | null, creditIn: string | null): { caption: string | null; credit: string | null } {
  let caption = captionIn ? squash(captionIn) : null;
  let credit = creditIn ? cleanCredit(creditIn) : null;
  if (caption && credit && caption !== credit && caption.endsWith(credit)) caption = withoutTrailingLabel(caption.slice(0, -credit.length).replace(/(?<![\s(|–—-])[\s(|–—-]+$/, '').trim());
  if (caption && credit) {
    // A credit the caption prints under its label ("... i fjor. Foto: KCNA/AFP") is the one the
    // reader sees: it wins over the field's ("STR"), and leaves the caption.
    const labelled = splitLabelledCredit(caption);
    if (labelled.credit) {
      caption = labelled.caption;
      credit = cleanCredit(labelled.credit);
    }
  }
  if (caption && !credit) {
    const split = splitTrailingCredit(caption);
    // Credits the engine knows ("(AP Photo/X)") are left for it: buildPicture splits them.
    if (split.credit) {
      caption = split.caption;
      credit = cleanCredit(split.credit);
    }
  }
  // A caption that is only the credit's last words ("Nintendo/Apple" beside "© Provided by X Nintendo/Apple") is none.
  if (caption && credit && (caption === credit || credit.endsWith(` ${caption}`))) caption = null;
  // The separator the page printed between caption and credit ("Swedish police officer - <credit>").
  if (caption) caption = caption.replace(/\s+[-–—|/]$/u, '');
  // A date alone ("15.05.2023", "Wednesday, 03 Dec 2025") is a time stamp printed beside the picture, not a caption.
  if (caption && DATE_ONLY.test(caption)) caption = null;
  if (caption && (CREDIT_WORDS.test(caption) || /^[\w.-]+\s+[-–—]\s+[\w.-]+\.(?:com|net|org)$/i.test(caption))) {
    // "Photo by ipopba" beside "/Getty Images/iStockphoto": the two halves of one credit.
    const first = cleanCredit(caption);
    credit = credit && first && !credit.includes(first) ? `${first} ${credit}` : credit ?? first;
    caption = null;
  }
  return { caption: caption || null, credit };
}

/** Elements that end a line: what they separate never runs together. */
const LINE_BREAKING = new Set(['br', 'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'header', 'footer', 'blockquote', 'figcaption', 'hr', 'dd', 'dt']);

/**
 * The text of `root` without the elements `skip` names (credits inside a caption, hidden labels).
 * Where the markup separates pieces the source code does not space, a space is put back: at a
 * line break or block boundary, and where one element's sentence ends and the next element's
 * capitalised text begins ("...on Tiktok.</span><span>Getty Images", "<span>Agency</span><br>The
 * leaders...").
 */
function textSkipping(root: AnyNode, skip: (el: Element) => boolean): string {
  let out = '';
  let boundary = false;
  let lineBreak = false;
  const add = (s: string): void => {
    if (!s) return;
    if (lineBreak || (boundary && /[.!?…»"”’)]$/u.test(out) && /^[\p{Lu}«"“(]/u.test(s))) {
      if (out && !/\s$/.test(out) && !/^\s/.test(s)) out += ' ';
    }
    boundary = false;
    lineBreak = false;
    out += s;
  };
  const walk = (n: AnyNode): void => {
    for (const c of (n as Element).children ?? []) {
      if (c.type === 'text') add((c as unknown as { data: string }).data);
      else if (isTag(c) && !skip(c) && !HIDDEN(c)) {
        const breaks = LINE_BREAKING.has(c.name);
        boundary = true;
        if (breaks) lineBreak = true;
        walk(c);
        boundary = true;
        if (breaks) lineBreak = true;
      }
    }
  };
  walk(root);
  return squash(out);
}

/**
 * The caption's own text and the credit printed with it. Pages mark the two up in many ways:
 * a credit element inside the caption, a caption-only element inside a caption box that also
 * holds the credit and its distributor, an element called "caption" that holds only "(Image:
 * Getty)", a credit element beside the caption. Credits recognized by their words count as
 * credit elements whatever their class.
 */
function captionAndCredit(page: Page, container: Cheerio<AnyNode>, img: AnyNode | null, captioned: boolean): { caption: string | null; credit: string | null } {
  const box = container[0];
  if (!box) return { caption: null, credit: null };
  const text = (el: AnyNode): string => squash(textOf(el));
  const notImage = (el: AnyNode): boolean => !img || !contains(el, img);
  // A <figcaption> is its figure's caption (HTML): a class naming it the source or credit makes
  // it a credit only when it holds no more than a credit would ("figcaption.source: Rep. Ana Ruiz,
  // left, talks with … (AP Photo/Jo Kim)" is a caption that ends with its credit).
  const isCredit = (el: Element): boolean => {
    const t = text(el);
    return (isCreditElement(el) && !(el.name === 'figcaption' && t.split(' ').length > CREDIT_MAX_WORDS)) || CREDIT_WORDS.test(t) || isTrailingCreditElement(el);
  };
  // The outermost caption element that is no credit: a figcaption that opens with "BILD: X" holds
  // the credit and, below it, the caption proper.
  // (Printed text: the title of an icon in a caption drawer's toggle is no caption.)
  const captions = below(box, (el) => isCaptionElement(el) && notImage(el) && squash(textSkipping(el, () => false)) !== '' && !isCredit(el));
  const outer = captions.find((el) => !captions.some((o) => o !== el && contains(o, el)));
  const creditTexts: string[] = [];
  let caption: string | null = null;
  if (!outer && img && unmarkedCaption(page, container, img)) {
    const texts = unmarkedBlocks(page, container, img).map(piecesText);
    caption = texts[0]!;
    creditTexts.push(...texts.slice(1));
  } else if (outer) {
    // A caption-only element inside the caption box: the rest of the box is the credit.
    const inner = below(outer, (el) => isCaptionElement(el) && !isCredit(el) && text(el) !== '' && !below(el, (c) => isCaptionElement(c) && text(c) !== '').length)[0];
    if (inner) {
      // The caption element may hold the credit too, run on without a space ("Amazon.<span>Credit: X</span>").
      const innerCredits = below(inner, (el) => isCredit(el) && !below(el, isCredit).length);
      const skip = new Set<AnyNode>(innerCredits);
      caption = textSkipping(inner, (el) => skip.has(el) || isMoreLink(el));
      creditTexts.push(...innerCredits.map(text));
      const rest = text(outer).replace(text(inner), '').trim().replace(/^[\s/|,;:–—-]+/, '');
      if (rest) creditTexts.push(rest);
    } else {
      const credits = below(outer, (el) => isCredit(el) && !below(el, isCredit).length);
      for (const c of credits) creditTexts.push(text(c));
      const skip = new Set<AnyNode>(credits);
      caption = textSkipping(outer, (el) => skip.has(el) || isMoreLink(el));
    }
  }
  // A credit element beside the caption (or the only text of the picture); a picture without a
  // box of its own has no credit nearby that is surely its own.
  if (creditTexts.length === 0 && (captioned || (isTag(box) && PICTURE_BOX(box)))) {
    // Without one, a caption element that holds only a labelled credit ("Image Credits: X").
    // (Not the caption's own element, nor a wrapper around it: "<span class=image-source-caption><figcaption>…</figcaption><span class=image-source>X</span></span>".)
    const near = (pred: (el: Element) => boolean): Element[] => below(box, (el) => pred(el) && notImage(el) && !(outer && (contains(outer, el) || contains(el, outer))) && text(el) !== '');
    const marked = near(isCreditElement);
    const beside = marked.length ? marked : near((el) => CREDIT_WORDS.test(text(el)));
    // The whole credit element, not a label inside it ("<span class=author><span class=label>Image:</span> GCIS</span>").
    const whole = beside.filter((el) => !beside.some((o) => o !== el && contains(o, el)));
    const last = whole[whole.length - 1];
    // A photographer's element and a source's element side by side are one credit, photographer
    // first, as the AP Stylebook writes "Name/Agency" (Brightspot's figure prints "Figure-credit" and "Figure-source").
    const pair = marked.length > 0 && whole.length === 2 && whole[0]!.parent === whole[1]!.parent ? whole.map(text) : null;
    if (pair && !pair[0]!.includes(pair[1]!) && !pair[1]!.includes(pair[0]!) && /source/i.test(whole[1]!.attribs.class ?? '') && /credit|photographer/i.test(whole[0]!.attribs.class ?? '')) creditTexts.push(`${pair[0]}/${pair[1]}`);
    else if (last) creditTexts.push(text(last));
  }
  const credit = cleanCredit(creditTexts.filter(Boolean).join(' '));
  return finishCaption(caption, credit);
}

/**
 * The caption and credit a lightbox or gallery script shows, kept in data attributes of the image
 * or of the link or wrapper around it (Fancybox: "data-caption" on the trigger element; image-credit
 * scripts: "data-credit"/"data-credits"), looked for up to the picture's box, three levels at most.
 * Escaped markup in the value ("Caption,&lt;br /&gt;second line") is read as text.
 */
function dataCaption(img: Element, box: AnyNode | undefined): { caption: string | null; credit: string | null } {
  let caption: string | null = null;
  let credit: string | null = null;
  const value = (v: string | undefined): string | null => (v ? squash(v.replace(/<[^<>]{0,200}>/g, ' ')) || null : null);
  for (let n: AnyNode | null = img, depth = 0; n && isTag(n) && depth < 4; n = n.parent, depth++) {
    caption ??= value(n.attribs['data-caption']);
    credit ??= value(n.attribs['data-credit'] ?? n.attribs['data-credits']);
    if (n === box) break;
  }
  return { caption, credit };
}

function pictureOf(page: Page, container: Cheerio<AnyNode>, img: Cheerio<Element> | null, rule: string, captioned = true, printed?: { caption: string | null; credit: string | null }): PictureHint | null {
  let { caption, credit } = printed ?? captionAndCredit(page, container, img?.[0] ?? null, captioned);
  const alt = squash(img?.attr('alt')) || null;
  if (caption && !credit && alt) ({ caption, credit } = altThenCredit(caption, alt));
  const data = img?.[0] ? dataCaption(img[0], container[0]) : { caption: null, credit: null };
  if (caption && !credit && data.credit) ({ caption, credit } = finishCaption(caption, data.credit));
  if (!img || img.length === 0) {
    // A lazy-loaded picture without <img>: the URL sits on the container or in <noscript>.
    const lazy = container.find('[data-src], [data-srcset]').first() as Cheerio<Element>;
    if (lazy.length === 0 && !caption) return null;
    const renditions = lazy.length ? renditionsOf(page, lazy, container) : renditionsOf(page, container.find('picture').first() as unknown as Cheerio<Element>, container);
    if (renditions.length === 0) return null;
    return { caption, creditRaw: credit, renditions, evidence: { from: 'element', rule } };
  }
  if (isDecorative(page, img, caption !== null)) return null;
  const renditions = renditionsOf(page, img, container);
  if (renditions.length === 0 && !caption) return null;
  if (!caption && alt) {
    const printed = printedAlt(img[0]!, alt);
    if (printed) {
      const done = finishCaption(alt, printed.rest);
      return { caption: done.caption, altText: alt, creditRaw: done.credit, renditions, evidence: { from: 'element', rule: `${rule} alt printed` } };
    }
  }
  // The caption the image names as its description (aria-describedby), printed apart from it.
  if (!caption) {
    const described = describedCaption(page, img[0]!);
    if (described) {
      const done = besideCaptionText(described);
      if (done.caption) return { caption: done.caption, altText: alt, creditRaw: credit ?? done.credit, renditions, evidence: { from: 'element', rule: `${rule} aria-describedby` } };
    }
  }
  // Printed nowhere else, the caption and credit the lightbox shows.
  if (!caption && data.caption || !credit && data.credit) {
    const done = finishCaption(caption ?? data.caption, credit ?? data.credit);
    return { caption: done.caption, altText: alt, creditRaw: done.credit, renditions, evidence: { from: 'element', rule: `${rule} data-caption` } };
  }
  if (!credit) {
    // The credit printed only in the image's title or alt text ("... | Agency/Name", "... © Station Foto: Name").
    for (const text of [squash(img.attr('title')), alt ?? '']) {
      const inText = text ? splitTrailingCredit(text).credit : null;
      if (inText) return { caption, altText: alt, creditRaw: cleanCredit(inText), renditions, evidence: { from: 'text', rule: `${rule} img-text credit` } };
    }
  }
  return { caption, altText: alt, creditRaw: credit, renditions, evidence: { from: 'element', rule } };
}

/**
 * A caption that prints the image's alt text and then a few more words ("<alt> IMAGO/Name"): the
 * alt text is the caption, the words after it (a name or two, no sentence, not a running time
 * "(1:24:10)") the credit.
 */
function altThenCredit(caption: string, alt: string): { caption: string; credit: string | null } {
  if (alt.length < 20 || !caption.startsWith(alt)) return { caption, credit: null };
  const rest = caption.slice(alt.length).trim();
  if (!rest || !/\p{L}/u.test(rest) || rest.length > 60 || rest.split(/\s+/).length > 6 || /[.!?]$/.test(rest)) return { caption, credit: null };
  return { caption: alt, credit: cleanCredit(rest) };
}

/**
 * An image whose alt text the page prints again beside it, as the first words of a block that
 * follows the image or one of its first four ancestors (a "<p>" under the "<picture>", a caption
 * panel the reader opens): that text is the caption, and what the block prints after it the
 * credit. The alt text and the printed block agreeing is the evidence; a block with a link or a
 * heading is a teaser, never a caption, and a one-word alt text ("Foto") proves nothing.
 */
function printedAlt(img: Element, alt: string): { rest: string | null } | null {
  if (alt.length < 8 || alt.split(/\s+/).length < 2) return null;
  // A linked image is a teaser of another page, its alt text that page's title.
  if (closestWhere(img, (el) => el.name === 'a') !== null) return null;
  let n: Element = img;
  for (let depth = 0; depth < 4; depth++) {
    let sib = n.next;
    for (let seen = 0; sib && seen < 2; sib = sib.next) {
      if (!isTag(sib)) continue;
      seen++;
      if (HIDDEN(sib)) continue;
      const t = squash(textOf(sib));
      if (!t.startsWith(alt) || t.length > alt.length + 150) continue;
      if (sib.name === 'a' || isHeading(sib) || below(sib, (el) => el.name === 'a' || isHeading(el)).length > 0) return null;
      // What follows the alt text is a credit, not more prose (a lead paragraph that opens with
      // the words a CMS copied into the alt text is no caption).
      const rest = t.slice(alt.length).trim();
      if (rest.length > 80 || rest.split(/\s+/).length > 10 || /[.!?]\s+\p{Lu}/u.test(rest)) return null;
      if (rest) return { rest };
      // The credit in a block of its own right after the caption ("<p>Donald Trump</p><p>Foto: REUTERS/Jo Kim</p>").
      let after = sib.next;
      while (after && !isTag(after)) after = after.next;
      const next = after && isTag(after) ? squash(textOf(after)) : '';
      return { rest: next.length <= 80 && (CREDIT_WORDS.test(next) || opensWithCreditLabel(next) || isCreditLike(next)) ? next : null };
    }
    if (!n.parent || !isTag(n.parent) || n.parent.name === 'body') break;
    n = n.parent;
  }
  return null;
}

/**
 * What the climb from an image to its box asks of each ancestor, counted once per page: the
 * images below it, the caption elements below it, and the story text (paragraphs that are no
 * caption) below it. Each image, caption and paragraph adds itself to its nearest ancestors.
 */
interface PictureIndex {
  images: Map<AnyNode, number>;
  captions: Map<AnyNode, Element[]>;
  prose: Map<AnyNode, number>;
}

const CLIMB = 6;

function ancestors(el: AnyNode, stop: Set<AnyNode>, f: (n: AnyNode) => void): void {
  let n: AnyNode | null = el.parent;
  for (let depth = 0; n && depth < CLIMB && n.type === 'tag'; depth++, n = n.parent) {
    f(n);
    if (stop.has(n)) break;
  }
}

function inNoscript(el: AnyNode): boolean {
  for (let n: AnyNode | null = el.parent; n; n = n.parent) if (n.type === 'tag' && (n as Element).name === 'noscript') return true;
  return false;
}

/**
 * An image in `<noscript>` that is its figure's only one (a lazy-loading page puts the real
 * `<img>` there and inserts it with script): the picture, as a browser without script shows it.
 * Where a placeholder or the script's own `<img>` stands beside it, that one is read instead.
 */
function onlyInNoscript(img: Element): boolean {
  const box = closestWhere(img, (el) => PICTURE_BOX(el) || el.name === 'picture');
  // A lazy placeholder's data-src/data-srcset outside the <noscript> is read by the lazy path, with every size it lists.
  return box !== null && below(box, (el) => !inNoscript(el) && (isImage(el) || Object.keys(el.attribs).some((a) => LAZY_ATTR.test(a)))).length === 0;
}

function buildIndex(scope: Cheerio<AnyNode>, images: Element[]): PictureIndex {
  const stop = new Set(scope.toArray());
  const index: PictureIndex = { images: new Map(), captions: new Map(), prose: new Map() };
  for (const img of images) ancestors(img, stop, (n) => index.images.set(n, (index.images.get(n) ?? 0) + 1));
  for (const root of scope.toArray()) {
    const captions = below(root, isCaptionElement);
    const captionSet = new Set<AnyNode>(captions);
    for (const c of captions) {
      if (squash(textOf(c)) === '') continue;
      ancestors(c, stop, (n) => {
        const list = index.captions.get(n);
        if (list) list.push(c);
        else index.captions.set(n, [c]);
      });
    }
    for (const p of below(root, (el) => el.name === 'p')) {
      if (closestWhere(p, (el) => captionSet.has(el))) continue;
      const length = squash(textOf(p)).length;
      ancestors(p, stop, (n) => index.prose.set(n, (index.prose.get(n) ?? 0) + length));
    }
  }
  return index;
}

/** Elements below `el`, counted up to `max` (a box with more is no picture box). */
function smallerThan(el: AnyNode, max: number): boolean {
  let count = 0;
  const walk = (n: AnyNode): boolean => {
    for (const c of (n as Element).children ?? []) {
      if (c.type !== 'tag') continue;
      if (++count > max || !walk(c)) return false;
    }
    return true;
  };
  return walk(el);
}

/**
 * The element that holds a picture and its caption: the `<figure>` (or caption box) when it
 * has a caption, else the nearest ancestor (a few levels up, never past the story) that holds a
 * caption and no other picture and no story text of its own.
 */
function containerOf(page: Page, img: Element, scope: Cheerio<AnyNode>, index: PictureIndex): { el: Cheerio<AnyNode>; captioned: boolean } {
  const { $ } = page;
  const stop = new Set(scope.toArray());
  const figEl = closestWhere(img, PICTURE_BOX);
  const fig = figEl && !stop.has(figEl) ? $(figEl) : $([]);
  const start: AnyNode = fig.length ? fig[0]! : img;
  const hasCaption = (n: AnyNode): boolean => (index.captions.get(n) ?? []).some((c) => !contains(c, img));
  if (fig.length && hasCaption(fig[0]!)) return { el: fig, captioned: true };
  let n: AnyNode | null = start.parent;
  for (let depth = 0; n && depth < 4 && !stop.has(n) && n.type === 'tag'; depth++, n = n.parent) {
    if ((index.images.get(n) ?? 0) > 1) break;
    const node = $(n);
    if (smallerThan(n, 40) && unmarkedCaption(page, node, img)) return { el: node, captioned: true };
    if ((index.prose.get(n) ?? 0) > 200) break;
    if (hasCaption(n)) return { el: node, captioned: true };
  }
  return { el: fig.length ? fig : $(img).parent(), captioned: false };
}

/** The next (or previous) element beside `n`, blank text and hidden elements passed over. */
function elementBeside(n: AnyNode, dir: 'next' | 'prev'): Element | null {
  let s = dir === 'next' ? n.next : n.prev;
  for (let seen = 0; s && seen < 8; s = dir === 'next' ? s.next : s.prev, seen++) {
    if (isTag(s) && !HIDDEN(s)) return s;
    if (s.type === 'text' && squash(textOf(s))) return null;
  }
  return null;
}

/**
 * A credit printed in an element of its own beside a picture: marked up as a picture's credit or
 * copyright, opening with a credit label ("Photo: X", "© X"), or reading as one ("(Jo Kim/Getty)").
 * An element named for the story's authors or byline is the byline, no picture credit.
 */
function isCreditBlock(el: Element): boolean {
  const t = squash(textOf(el));
  if (!t || t.length > 120 || below(el, isImage).length > 0 || isImage(el) || /author|byline/i.test(el.attribs.class ?? '')) return false;
  return /credit|copyright|photographer/i.test(el.attribs.class ?? '') || /\b(?:copyrightHolder|creditText)\b/.test(el.attribs.itemprop ?? '') ||
    CREDIT_WORDS.test(t) || opensWithCreditLabel(t) || isCreditLike(t) || isNamedSlashCredit(t);
}

/** The most characters of a caption the page does not name (as for a picture box's unmarked caption). */
export const UNNAMED_CAPTION_MAX = 500;

/** An image, or a small wrapper that holds one image and no text of its own. */
function imageOnly(el: Element): boolean {
  if (isImage(el)) return true;
  return smallerThan(el, 8) && below(el, isImage).length === 1 && squash(textOf(el)) === '';
}

/** A credit under its label in a block of its own ("Bild: Jo Kim", "Foto: Jo Kim/NTB", "© Jo Kim"). */
function labelledCreditBlock(el: Element): boolean {
  const t = squash(textOf(el));
  return t.length > 0 && t.length <= 100 && !isImage(el) && (opensWithCreditLabel(t) || CREDIT_WORDS.test(t)) && below(el, isImage).length === 0;
}

/**
 * A caption the page prints without naming it, between the image and the image's labelled credit:
 * "<div><img></div> <p>The mayor names the ferry.</p> <p>Bild: Jo Kim</p>". The credit's label (the
 * credits engine's, in the languages it knows) after the block and the image right before it are the
 * evidence; a block with a link, a heading or an image, or longer than a caption, is story text.
 * Exported for the main text, which leaves such a caption out.
 */
export function unnamedCaptionBeside(block: Element): boolean {
  // A page may style its caption as a heading ("<div><img></div><h1>…</h1><p>Photo: AFP</p>"): between
  // the image and its labelled credit, the element is the caption whatever its name.
  if (block.name !== 'p' && block.name !== 'div' && block.name !== 'span' && !isHeading(block)) return false;
  const before = elementBeside(block, 'prev');
  const after = elementBeside(block, 'next');
  if (!before || !after || !imageOnly(before) || !labelledCreditBlock(after)) return false;
  const t = squash(textOf(block));
  return t.length >= 15 && t.length <= UNNAMED_CAPTION_MAX && !isCreditBlock(block) &&
    below(block, (el) => el.name === 'a' || isHeading(el) || isImage(el)).length === 0;
}


/**
 * The caption and credit a page prints beside the image's own wrapper instead of in a box around
 * the three: Drupal's field template (core field.html.twig) renders the image field, a caption field
 * and a credit field as sibling elements, and themes print "<div class=image>" then "<p
 * class=caption>" and a "<span class=credit>". The caption element must be adjacent to the wrapper,
 * credit elements alone between them, so that a story paragraph or a teaser never becomes a caption;
 * a caption printed before the image counts when the element before it holds no other picture.
 * The wrapper is the image and its ancestors that hold nothing else (three levels at most).
 */
function siblingCaption(img: Element, stop: Set<AnyNode>): { caption: Element | null; credits: Element[] } | null {
  const isCaption = (el: Element | null): el is Element => el !== null && isCaptionElement(el) && !isCreditBlock(el) &&
    below(el, isImage).length === 0 && squash(textOf(el)).length <= 500;
  let n: Element = img;
  for (let depth = 0; depth < 4; depth++) {
    const credits: Element[] = [];
    let sib = elementBeside(n, 'next');
    for (let k = 0; sib && k < 2 && isCreditBlock(sib); k++, sib = elementBeside(sib, 'next')) credits.push(sib);
    if (isCaption(sib)) {
      for (let after = elementBeside(sib, 'next'), k = 0; after && k < 2 && isCreditBlock(after); k++, after = elementBeside(after, 'next')) credits.push(after);
      return { caption: sib, credits };
    }
    if (sib && credits.length === 0 && unnamedCaptionBeside(sib)) {
      const credit = elementBeside(sib, 'next');
      return { caption: sib, credits: credit ? [credit] : [] };
    }
    // A caption element that holds only the credit ("<figcaption class=caption>(Jo Kim/Getty)</figcaption>" after the figure).
    if (credits.length > 0 && isCaptionElement(credits[0]!)) return { caption: null, credits };
    const before = elementBeside(n, 'prev');
    if (isCaption(before)) {
      const earlier = elementBeside(before, 'prev');
      if (!earlier || (!isImage(earlier) && below(earlier, isImage).length === 0)) return { caption: before, credits };
    }
    const parent = n.parent;
    if (!parent || !isTag(parent) || stop.has(parent) || parent.name === 'body') return null;
    // The parent is the wrapper only when the image is all it holds.
    if (parent.children.some((c) => c !== n && (isTag(c) ? !HIDDEN(c) && (squash(textOf(c)) !== '' || below(c, isImage).length > 0) : squash(textOf(c)) !== ''))) return null;
    n = parent;
  }
  return null;
}

const ID_INDEX = new WeakMap<Page, Map<string, Element>>();

/** The page's elements by id (the first of each), built once per page. */
function idsOf(page: Page): Map<string, Element> {
  let ids = ID_INDEX.get(page);
  if (!ids) {
    ids = new Map();
    for (const el of page.$('[id]').toArray() as Element[]) if (!ids.has(el.attribs.id!)) ids.set(el.attribs.id!, el);
    ID_INDEX.set(page, ids);
  }
  return ids;
}

/**
 * The element an image names as its description with `aria-describedby` (WCAG technique ARIA15;
 * WordPress points a captioned image at its caption this way), when it is short, holds no picture
 * and is no credit: the image's caption wherever the page prints it, and the credit blocks right
 * after it its credit.
 */
function describedCaption(page: Page, img: Element): { caption: Element; credits: Element[] } | null {
  const ref = (img.attribs['aria-describedby'] ?? '').split(/\s+/).find(Boolean);
  if (!ref) return null;
  const target = idsOf(page).get(ref);
  if (!target || isCreditBlock(target) || below(target, isImage).length > 0) return null;
  const t = squash(textOf(target));
  if (!t || t.length > DESCRIBED_CAPTION_MAX) return null;
  const credits: Element[] = [];
  for (let after = elementBeside(target, 'next'), k = 0; after && k < 2 && isCreditBlock(after); k++, after = elementBeside(after, 'next')) credits.push(after);
  return { caption: target, credits };
}

/** The caption element's text (credits marked up inside it left out) and the credit printed in it or beside it. */
function besideCaptionText(found: { caption: Element | null; credits: Element[] }): { caption: string | null; credit: string | null } {
  const inner = found.caption ? below(found.caption, (el) => isCreditElement(el) || CREDIT_WORDS.test(squash(textOf(el)))) : [];
  const skip = new Set<AnyNode>(inner);
  const caption = found.caption ? textSkipping(found.caption, (el) => skip.has(el) || isMoreLink(el) || isCounter(el) || isPageControl(el)) : null;
  const credit = [...inner, ...found.credits].map((el) => squash(textOf(el))).filter(Boolean).join(' ');
  return finishCaption(caption, credit ? cleanCredit(credit) : null);
}

/**
 * A caption the page does not mark up: the picture's box holds the image and one or two short
 * blocks of text without links (the caption, then maybe the credit), nothing else.
 */
function unmarkedBlocks(_page: Page, box: Cheerio<AnyNode>, img: AnyNode): Element[] {
  const root = box[0];
  if (!root) return [];
  const blocks = below(root, (el) => (el.name === 'p' || el.name === 'div' || el.name === 'span') && !contains(el, img) &&
    !below(el, (c) => c.name === 'p' || c.name === 'div').length && !HIDDEN(el) && !closestWhere(el, (a) => a.name === 'noscript') &&
    squash(textOf(el)) !== '');
  // Nested spans inside a kept block are the block's own text.
  return blocks.filter((el) => !blocks.some((o) => o !== el && contains(o, el)));
}

/**
 * A block's text, its element children set apart where one ends a sentence and the next opens
 * with a capital: pieces the page styles as lines of their own ("<span>… von GIVENCHY.</span>
 * <span>Foto: Jo Kim</span>"), which the markup runs together without a space.
 */
function piecesText(el: Element): string {
  let out = '';
  for (const c of el.children) {
    const t = c.type === 'text' ? (c as unknown as { data: string }).data : isTag(c) ? textOf(c) : '';
    if (isTag(c) && /[.!?)]$/.test(out) && /^\p{Lu}/u.test(t)) out += ' ';
    out += t;
  }
  return squash(out);
}

function unmarkedCaption(page: Page, box: Cheerio<AnyNode>, img: AnyNode): boolean {
  const root = box[0];
  if (!root) return false;
  const blocks = unmarkedBlocks(page, box, img);
  if (blocks.length === 0 || blocks.length > 3) return false;
  const texts = blocks.map((el) => squash(textOf(el)));
  // A teaser (an image with a linked title) is no captioned picture.
  const linked = closestWhere(root, (el) => el.name === 'a') !== null || below(root, (el) => el.name === 'a' && squash(textOf(el)) !== '').length > 0 ||
    blocks.some((b) => closestWhere(b, isHeading) !== null || below(b, isHeading).length > 0);
  return !linked && texts[0]!.length >= 15 && texts[0]!.length <= UNNAMED_CAPTION_MAX && texts.slice(1).every((t) => t.length <= 80);
}

/** The JSON-LD image objects of the article (lead image, gallery). */
function fromJsonLd(page: Page, article: JsonLdNode | null): PictureHint[] {
  if (!article) return [];
  const out: PictureHint[] = [];
  for (const raw of asList(article.image).slice(0, 20)) {
    const node = deref(page, raw);
    if (typeof node === 'string') {
      const href = resolveUrl(page, node);
      if (href && !DECORATIVE_SRC.test(href)) out.push({ renditions: [{ href, width: null, height: null, mimeType: mimeOf(href) }], evidence: { from: 'meta', rule: 'json-ld-image' } });
      continue;
    }
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    const o = node as JsonLdNode;
    if (typesOf(o).length && !typesOf(o).some((t) => /ImageObject|Photograph/i.test(t))) continue;
    const href = resolveUrl(page, str(o.url) ?? str(o.contentUrl));
    const creditNode = deref(page, asList(o.author ?? o.creator)[0]);
    const credit = str(o.creditText) ?? str(o.copyrightHolder ? deref(page, asList(o.copyrightHolder)[0]) : null) ?? str(creditNode) ?? null;
    const { caption, credit: creditRaw } = finishCaption(str(o.caption), credit);
    if (!href && !caption) continue;
    out.push({
      caption,
      altText: str(o.description) ?? null,
      creditRaw,
      renditions: href ? [{ href, width: int(str(o.width) ?? undefined), height: int(str(o.height) ?? undefined), mimeType: str(o.encodingFormat) ?? mimeOf(href) }] : [],
      evidence: { from: 'meta', rule: 'json-ld-image' },
    });
  }
  return out;
}

/**
 * JSON-LD images that state no credit, completed from the page's own `<img>` of the same file
 * printed outside the story (a hero image over the headline): the credit in its title or alt text
 * ("Ein Meteorit liegt in Elmshorn © NDR Foto: Name") and the alt text. The same file is the same
 * rendition URL (hrefKey); images the story holds were read with their box already.
 */
function withPrintedCredit(page: Page, hints: PictureHint[], storyImages: Element[]): PictureHint[] {
  const wanted = new Set(hints.filter((h) => !h.creditRaw).flatMap((h) => (h.renditions ?? []).map((r) => hrefKey(r.href))));
  if (wanted.size === 0) return hints;
  const inStory = new Set<AnyNode>(storyImages);
  const printed = new Map<string, { creditRaw: string; altText: string | null }>();
  for (const img of page.$('img').toArray().slice(0, 500)) {
    if (inStory.has(img) || inNoscript(img)) continue;
    const el = page.$(img);
    const alt = squash(el.attr('alt')) || null;
    let credit: string | null = null;
    for (const t of [squash(el.attr('title')), alt ?? '']) {
      const printedCredit = t ? splitTrailingCredit(t).credit : null;
      if (printedCredit) {
        credit = cleanCredit(printedCredit);
        break;
      }
    }
    if (!credit) continue;
    for (const r of renditionsOf(page, el, null)) {
      const k = hrefKey(r.href);
      if (wanted.has(k) && !printed.has(k)) printed.set(k, { creditRaw: credit, altText: alt });
    }
  }
  if (printed.size === 0) return hints;
  return hints.map((h) => {
    if (h.creditRaw) return h;
    const hit = (h.renditions ?? []).map((r) => printed.get(hrefKey(r.href))).find(Boolean);
    return hit ? { ...h, creditRaw: hit.creditRaw, altText: h.altText ?? hit.altText, evidence: { from: 'text', rule: 'json-ld-image img-text credit' } } : h;
  });
}

/**
 * An image's identity across renditions: its path without the resizing query ("?w=288&quality=90")
 * when the path names the file; image proxies that name the file in the query keep it.
 */
function hrefKey(href: string): string {
  const bare = href.replace(/#.*$/, '').replace(/^https?:\/\//, '').toLowerCase();
  const path = bare.replace(/\?.*$/, '');
  return /\.(?:jpe?g|png|gif|webp|avif)$/.test(path) ? path : bare;
}

/** Pictures by one rendition key, answering "the earliest whose caption does not conflict" without a scan. */
class PicturesByKey {
  private readonly any = new Map<string, PictureHint>();
  private readonly captioned = new Map<string, Map<string, PictureHint>>();
  /** Per key, the pictures without a caption when filed, smallest order first (a binary heap; those that gained one are dropped when met). */
  private readonly bare = new Map<string, PictureHint[]>();
  constructor(private readonly order: Map<PictureHint, number>) {}

  private earlier(a: PictureHint | undefined, b: PictureHint | undefined): PictureHint | undefined {
    return earliest(this.order, a, b);
  }

  add(key: string, q: PictureHint): void {
    this.any.set(key, this.earlier(this.any.get(key), q)!);
    if (q.caption) {
      this.captionGained(key, q);
      return;
    }
    const heap = this.bare.get(key) ?? [];
    this.bare.set(key, heap);
    heap.push(q);
    for (let i = heap.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (this.order.get(heap[up]!)! <= this.order.get(heap[i]!)!) break;
      [heap[up], heap[i]] = [heap[i]!, heap[up]!];
      i = up;
    }
  }

  captionGained(key: string, q: PictureHint): void {
    const c = squash(q.caption!);
    let byCaption = this.captioned.get(key);
    if (!byCaption) this.captioned.set(key, (byCaption = new Map()));
    byCaption.set(c, this.earlier(byCaption.get(c), q)!);
  }

  private firstBare(key: string): PictureHint | undefined {
    const heap = this.bare.get(key);
    if (!heap) return undefined;
    while (heap.length && heap[0]!.caption) {
      const last = heap.pop()!;
      if (!heap.length) break;
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.order.get(heap[l]!)! < this.order.get(heap[m]!)!) m = l;
        if (r < heap.length && this.order.get(heap[r]!)! < this.order.get(heap[m]!)!) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return heap[0];
  }

  /** The earliest picture filed under key whose caption is none, or the same as `caption`. */
  first(key: string, caption: string | null | undefined): PictureHint | undefined {
    if (!caption) return this.any.get(key);
    return this.earlier(this.captioned.get(key)?.get(squash(caption)), this.firstBare(key));
  }
}

/**
 * Pictures the page holds twice (a JSON-LD lead image and the figure that prints it) become one:
 * the same image URL (query ignored) merges renditions, and the figure's caption and credit win
 * over the metadata's where the metadata has none. Linear: the earlier picture is looked up by
 * rendition key (a page of thousands of figures compared every pair, seconds for 5,000).
 */
export function mergeByHref(pictures: PictureHint[]): PictureHint[] {
  const out: PictureHint[] = [];
  const order = new Map<PictureHint, number>();
  // The same image: one's main rendition is among the other's (a shared placeholder or a
  // site-wide fallback in a srcset does not make two pictures one).
  const byMain = new PicturesByKey(order);
  const byAnyKey = new PicturesByKey(order);
  const keysOf = new Map<PictureHint, Set<string>>();
  const hrefsOf = new Map<PictureHint, Set<string>>();
  const keyCache = new Map<string, string>();
  const key = (href: string): string => {
    let k = keyCache.get(href);
    if (k === undefined) keyCache.set(href, (k = hrefKey(href)));
    return k;
  };
  for (const p of pictures) {
    const renditions = p.renditions ?? [];
    const keys = new Set(renditions.map((r) => key(r.href)));
    const main = renditions[0] ? key(renditions[0].href) : null;
    let same: PictureHint | undefined;
    for (const k of keys) same = earliest(order, same, byMain.first(k, p.caption));
    if (main !== null) same = earliest(order, same, byAnyKey.first(main, p.caption));
    if (!same) {
      const q: PictureHint = { ...p, renditions: [...renditions] };
      order.set(q, out.length);
      out.push(q);
      keysOf.set(q, keys);
      hrefsOf.set(q, new Set(renditions.map((r) => r.href)));
      if (main !== null) byMain.add(main, q);
      for (const k of keys) byAnyKey.add(k, q);
      continue;
    }
    const hadCaption = !!same.caption;
    same.caption ??= p.caption ?? null;
    same.altText ??= p.altText ?? null;
    same.creditRaw ??= p.creditRaw ?? null;
    const sameKeys = keysOf.get(same)!;
    const sameHrefs = hrefsOf.get(same)!;
    const hadMain = same.renditions!.length > 0;
    for (const r of renditions) {
      if (sameHrefs.has(r.href)) continue;
      sameHrefs.add(r.href);
      same.renditions!.push(r);
      const k = key(r.href);
      if (!sameKeys.has(k)) {
        sameKeys.add(k);
        byAnyKey.add(k, same);
      }
    }
    if (!hadMain && same.renditions!.length > 0) byMain.add(key(same.renditions![0]!.href), same);
    if (!hadCaption && same.caption) {
      const m = same.renditions![0] ? key(same.renditions![0].href) : null;
      if (m !== null && hadMain) byMain.captionGained(m, same);
      for (const k of sameKeys) byAnyKey.captionGained(k, same);
    }
  }
  return out;
}

function earliest(order: Map<PictureHint, number>, a: PictureHint | undefined, b: PictureHint | undefined): PictureHint | undefined {
  if (!a) return b;
  if (!b) return a;
  return order.get(a)! <= order.get(b)! ? a : b;
}

/** A link to another page, not to the picture itself or to a place on this page. */
function linksAway(a: Element): boolean {
  const href = (a.attribs.href ?? '').trim();
  return href !== '' && !href.startsWith('#') && !/^javascript:/i.test(href) && !/\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])/i.test(href) &&
    // The picture's own viewer ("/articles/image/sports/367061/287149", "/photo/123"): a larger view, no other story.
    !/^(?:https?:\/\/[^/]+)?\/(?:[^?#]*\/)?(?:image|images|photo|photos|picture|pictures|foto|fotos|bild|bilder|lightbox)\/[^?#]*\d/i.test(href);
}

const isHeading = (el: Element): boolean => /^h[1-6]$/.test(el.name);

/**
 * A picture that is not one of the story's: a teaser of another story (its captioned box is a
 * link to another page, or holds a linked heading), or a person's portrait: the image of a
 * schema.org Person item, or a picture whose caption is the byline, marked up as HTML marks
 * authors (an `<address>` or a `rel=author` link).
 */
function notStoryPicture(box: AnyNode, img: AnyNode, captioned: boolean, stop: Set<AnyNode>): boolean {
  // schema.org microdata: an image within a Person's item is that person's picture (Person.image).
  const item = closestWhere(img, (el) => el.attribs.itemscope !== undefined);
  if (item && /schema\.org\/Person\b/i.test(item.attribs.itemtype ?? '')) return true;
  let link: Element | null = null;
  for (let n: AnyNode | null = img.parent; n && !stop.has(n); n = n.parent) {
    if (isTag(n) && n.name === 'a') {
      link = n;
      break;
    }
  }
  if (captioned && link && linksAway(link) && (contains(link, box) || below(link, (el) => isHeading(el) || isCaptionElement(el)).length > 0)) return true;
  if (!captioned) return false;
  // A teaser's title: a heading that links away, or sits in such a link.
  const linkedHeading = (h: Element): boolean => closestWhere(h, (el) => el.name === 'a' && linksAway(el)) !== null ||
    below(h, (el) => el.name === 'a' && linksAway(el)).length > 0;
  if (below(box, (el) => isHeading(el) && linkedHeading(el)).length > 0) return true;
  // A headline-length link to another page beside the caption (a teaser card's title).
  const captionEls = below(box, isCaptionElement);
  const titleLink = (a: Element): boolean => linksAway(a) && !contains(a, img) && !captionEls.some((c) => contains(c, a)) &&
    squash(textOf(a)).split(' ').length >= 4;
  if (below(box, (el) => el.name === 'a' && titleLink(el)).length > 0) return true;
  return captionEls.some((c) => below(c, (el) => el.name === 'address' || /\bauthor\b/i.test(el.attribs.rel ?? '')).length > 0);
}

/** Pictures in `scope` (the article), then the JSON-LD and OpenGraph images. */
export function pagePictures(page: Page, scope: Cheerio<AnyNode>, article: JsonLdNode | null): PictureHint[] {
  const { $ } = page;
  const found: PictureHint[] = [];
  const done = new Set<AnyNode>();
  const images = scope.toArray().flatMap((root) => below(root, isImage)).filter((img) => (!inNoscript(img) || onlyInNoscript(img)) && !inForeign(page, img, scope));
  const index = buildIndex(scope, images);
  const stop = new Set<AnyNode>(scope.toArray());
  for (const img of images) {
    const { el, captioned } = containerOf(page, img, scope, index);
    const key = el[0];
    if (!key || done.has(key)) continue;
    done.add(key);
    if (notStoryPicture(key, img, captioned, stop)) continue;
    const beside = captioned ? null : siblingCaption(img, stop);
    let p = beside ? pictureOf(page, el, $(img), 'caption beside', true, besideCaptionText(beside)) : pictureOf(page, el, $(img), captioned ? `caption ${(key as Element).name}` : 'image', captioned);
    // A box whose only text was the credit ("Photo: X" under the image) may have its caption beside the image.
    if (p && captioned && !p.caption) {
      const printed = siblingCaption(img, stop);
      const q = printed?.caption ? pictureOf(page, el, $(img), 'caption beside', true, besideCaptionText(printed)) : null;
      if (q?.caption) p = q;
    }
    if (p) found.push(p);
  }
  // Figures whose picture is lazy-loaded without an <img> yet.
  for (const fig of scope.toArray().flatMap((root) => below(root, (el) => el.name === 'figure'))) {
    if (done.has(fig) || index.images.has(fig) || inForeign(page, fig, scope)) continue;
    done.add(fig);
    const p = pictureOf(page, $(fig), null, 'figure lazy');
    if (p) found.push(p);
  }
  found.push(...withPrintedCredit(page, fromJsonLd(page, article), images));
  const og = page.meta.get('og:image')?.[0];
  const ogHref = resolveUrl(page, og);
  if (ogHref && !DECORATIVE_SRC.test(ogHref) && found.length === 0) {
    found.push({
      altText: page.meta.get('og:image:alt')?.[0] ?? null,
      renditions: [{ href: ogHref, width: int(page.meta.get('og:image:width')?.[0]), height: int(page.meta.get('og:image:height')?.[0]), mimeType: page.meta.get('og:image:type')?.[0] ?? mimeOf(ogHref) }],
      evidence: { from: 'meta', rule: 'og:image' },
    });
  }
  // A caption that is the credit it was merged with (a caption box printing only "Collage: Name") is none.
  return mergeByHref(withHeroCaption(page, found, images)).map((p) => (p.caption && p.creditRaw && squash(p.caption) === squash(p.creditRaw) ? { ...p, caption: null } : p));
}

/**
 * The lead image the page's metadata names (JSON-LD, og:image) printed as a figure with its
 * caption outside the story's element (a hero over the headline, a header section): the figure's
 * caption and credit are the image's. The same file is the same rendition (hrefKey); the first
 * fifty figures of the page are looked at.
 */
function withHeroCaption(page: Page, hints: PictureHint[], storyImages: Element[]): PictureHint[] {
  const uncaptioned = (h: PictureHint): boolean => h.evidence?.from === 'meta' && !h.caption;
  const keys = new Set(hints.filter(uncaptioned).flatMap((h) => (h.renditions ?? []).map((r) => hrefKey(r.href))));
  if (keys.size === 0) return hints;
  const inStory = new Set<AnyNode>(storyImages);
  const found = new Map<string, PictureHint>();
  const file = (p: PictureHint | null): void => {
    if (!p?.caption) return;
    for (const r of p.renditions ?? []) {
      const k = hrefKey(r.href);
      if (keys.has(k) && !found.has(k)) found.set(k, p);
    }
  };
  for (const fig of page.$('figure').toArray().slice(0, 50)) {
    const imgs = below(fig, isImage);
    if (imgs.length !== 1 || inStory.has(imgs[0]!)) continue;
    file(pictureOf(page, page.$(fig), page.$(imgs[0]!), 'hero figure', true));
  }
  // A lead image in a caption box that is no <figure> (a media block holding the image and an
  // element marked as its caption): the box is found as a story picture's is (containerOf), among
  // the page's first fifty images whose file is the metadata's. An image in a dialog (a share
  // box's preview) or in a link to another page (a gallery's teaser) is no printed lead image.
  const body = page.$('body');
  const aside = (el: Element): boolean => el.attribs.role === 'dialog' || el.attribs['aria-hidden'] === 'true' || el.name === 'dialog' || (el.name === 'a' && linksAway(el));
  const outside = body.toArray().flatMap((root) => below(root, isImage)).slice(0, 50)
    .filter((img) => !inStory.has(img) && !closestWhere(img, (el) => el.name === 'figure' || aside(el)) &&
      renditionsOf(page, page.$(img), null).some((r) => keys.has(hrefKey(r.href))));
  if (outside.length) {
    const index = buildIndex(body, outside);
    const stop = new Set<AnyNode>(body.toArray());
    for (const img of outside) {
      const { el, captioned } = containerOf(page, img, body, index);
      const marked = el[0] ? (index.captions.get(el[0]) ?? []).some((c) => !contains(c, img)) : false;
      if (captioned && marked && !notStoryPicture(el[0]!, img, true, stop)) file(pictureOf(page, el, page.$(img), 'hero caption box', true));
    }
  }
  if (found.size === 0) return hints;
  return hints.map((h) => {
    if (!uncaptioned(h)) return h;
    const hit = (h.renditions ?? []).map((r) => found.get(hrefKey(r.href))).find(Boolean);
    return hit ? { ...h, caption: hit.caption, creditRaw: h.creditRaw ?? hit.creditRaw, altText: h.altText ?? hit.altText, evidence: { from: 'element', rule: hit.evidence?.rule ?? 'hero figure' } } : h;
  });
}
