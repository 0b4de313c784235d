import type { PictureHint } from '../../model/parsed-story.js';
import type { Rendition } from '../../model/article.generated.js';
import { attr, children, textOf, type XmlElement } from '../../xml/xml-tree.js';
import { htmlToText } from '../../text/html-body.js';
import { baseAt, resolveUrl } from './links.js';

/**
 * Pictures of a feed item from Media RSS and enclosures. Media RSS lets a value be stated on a
 * media:content, on the media:group holding it, on the item or on the channel, the nearest one
 * winning (content over group over item over channel); caption is media:description, the credit
 * media:credit (its role telling a photographer and the distributing agency from other contributors).
 * An RSS `<enclosure>` or an Atom `link rel="enclosure"` of an image type is a picture too.
 * A media:group is one object in several renditions; media:content elements directly under the
 * item are separate objects, except the same image at several sizes (same address, other query).
 */

const MRSS = /^https?:\/\/search\.yahoo\.com\/mrss\/?$/;

export function isMediaRss(el: XmlElement): boolean {
  return el.ns !== null ? MRSS.test(el.ns) : el.prefix === 'media';
}

function media(el: XmlElement | null, name: string): XmlElement[] {
  return children(el, name).filter(isMediaRss);
}

/** What one level (content, group, item, channel) says about the pictures under it. */
interface Level {
  caption: string | null;
  creditRaw: string | null;
  photographer: string | null;
  /** Who the credits name as the picture's distributor or holder (part of `creditRaw`). */
  agencies: string[];
  /** The level's own credit of the picture (photographer, creator, author or role-less), without the agencies. */
  own: string | null;
}

/**
 * media:credit roles (Media RSS 1.5.1, default scheme urn:ebu, EBU role codes) that name the
 * picture's own credit: who took it, or its creator or author. A role-less credit is read as it
 * prints. Another role (editor, producer, writer) names no one a picture's credit line does.
 */
const CREDIT_ROLES = new Set(['photographer', 'camera operator', 'cameraman', 'creator', 'author']);
/** Roles naming the organisation that distributes or holds the picture, its agency (EBU role codes; PBCore publisherRole: Distributor, Publisher, Copyright Holder). */
const AGENCY_ROLES = new Set(['distributor', 'publisher', 'copyright holder']);

function textContent(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const t = textOf(el);
  const type = attr(el, 'type')?.toLowerCase();
  const text = type === 'html' || (type !== 'plain' && /<[a-z/][^>]*>/i.test(t)) ? htmlToText(t) : t;
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

function levelOf(el: XmlElement | null): Level {
  const credits = media(el, 'credit').map((c) => ({ role: attr(c, 'role')?.toLowerCase().trim() ?? null, text: textContent(c) }))
    .filter((c): c is { role: string | null; text: string } => c.text !== null);
  const printed = credits.find((c) => c.role === null || CREDIT_ROLES.has(c.role));
  const photographer = credits.find((c) => c.role === 'photographer' || c.role === 'camera operator');
  const agencies = [...new Set(credits.filter((c) => c.role !== null && AGENCY_ROLES.has(c.role)).map((c) => c.text))];
  return {
    caption: textContent(media(el, 'description')[0]),
    creditRaw: creditLine(printed?.text ?? null, agencies),
    photographer: photographer?.text ?? null,
    agencies,
    own: printed?.text ?? null,
  };
}

/** The credit line as a desk prints it, "Name/Agency": the picture's own credit, then the agencies it does not name. */
function creditLine(own: string | null, agencies: string[]): string | null {
  const parts = own === null ? agencies : [own, ...agencies.filter((a) => !own.toLowerCase().includes(a.toLowerCase()))];
  return parts.length ? parts.join('/') : null;
}

function merge(...levels: Level[]): Level {
  const pick = <K extends 'caption' | 'own' | 'photographer'>(k: K): Level[K] => levels.map((l) => l[k]).find((v) => v !== null) ?? null;
  // Each credit role is inherited on its own: a media:content naming its photographer still has the
  // distributor the channel or item names ("elements at a shallow level apply to every media object
  // within its scope; duplicated elements at deeper levels have priority", Media RSS 1.5.1, Optional Elements).
  const own = pick('own');
  const ownAt = levels.findIndex((l) => l.own !== null);
  const agencyAt = levels.findIndex((l) => l.agencies.length > 0);
  // A nearer credit that prints its own agency ("Karin Holm/Boreal Images") is the whole line.
  const agencies = agencyAt < 0 || (ownAt >= 0 && ownAt < agencyAt && /\/|\svia\s/i.test(own ?? '')) ? [] : levels[agencyAt]!.agencies;
  return { caption: pick('caption'), creditRaw: creditLine(own, agencies), photographer: pick('photographer'), agencies, own };
}

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)(?:$|[?#])/i;

function isImage(el: XmlElement, url: string): boolean {
  const medium = attr(el, 'medium')?.toLowerCase();
  if (medium) return medium === 'image';
  const type = attr(el, 'type')?.toLowerCase();
  if (type) return type.startsWith('image/');
  return IMAGE_EXTENSION.test(url);
}

const int = (v: string | null): number | null => {
  const n = v === null ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
};

function rendition(el: XmlElement, href: string, name?: string): Rendition {
  const r: Rendition = { href, width: int(attr(el, 'width')), height: int(attr(el, 'height')), mimeType: attr(el, 'type')?.trim() || null };
  if (name) r.name = name;
  return r;
}

interface Draft extends Level {
  key: string;
  renditions: Rendition[];
}

/** The address an image is known by, whatever size its query asks for. */
const imageKey = (href: string): string => href.replace(/[?#].*$/, '');

export interface PictureContext {
  /** The channel element, for channel-level credits. */
  channel: XmlElement | null;
  documentBase: string | null;
  /** Atom `link rel="enclosure"` elements of the entry: enclosures whose address is their `href` (RFC 4287 4.2.7.2). */
  enclosureLinks?: XmlElement[];
}

/** Channel-level credits, read once per channel (a channel holds thousands of items to scan past). */
const channelLevels = new WeakMap<XmlElement, Level>();

function channelLevelOf(channel: XmlElement | null): Level {
  if (!channel) return { caption: null, creditRaw: null, photographer: null, agencies: [], own: null };
  let level = channelLevels.get(channel);
  if (!level) {
    // A channel's media:description describes the feed, not the pictures of its items.
    level = { ...levelOf(channel), caption: null };
    channelLevels.set(channel, level);
  }
  return level;
}

export function feedPictures(item: XmlElement, ctx: PictureContext): PictureHint[] {
  const channelLevel = channelLevelOf(ctx.channel);
  const itemLevel = levelOf(item);
  const drafts: Draft[] = [];
  const byKey = new Map<string, Draft>();
  const url = (el: XmlElement, name = 'url'): string | null => resolveUrl(attr(el, name), baseAt(el, ctx.documentBase));
  const add = (key: string, level: Level, renditions: Rendition[]): void => {
    const known = byKey.get(key);
    if (known) {
      for (const r of renditions) {
        const same = known.renditions.find((k) => k.href === r.href);
        if (!same) known.renditions.push(r);
        else {
          // The same file stated twice (media:content and enclosure): each may tell what the other does not.
          same.width ??= r.width;
          same.height ??= r.height;
          same.mimeType ??= r.mimeType;
        }
      }
      return;
    }
    const draft = { key, ...level, renditions };
    drafts.push(draft);
    for (const r of renditions) byKey.set(imageKey(r.href), draft);
    byKey.set(key, draft);
  };
  const thumbnails = (el: XmlElement): Rendition[] =>
    media(el, 'thumbnail').flatMap((t) => {
      const href = url(t);
      return href ? [rendition(t, href, 'thumbnail')] : [];
    });

  for (const group of media(item, 'group')) {
    const groupLevel = levelOf(group);
    const contents = media(group, 'content').flatMap((c) => {
      const href = url(c);
      return href && isImage(c, href) ? [{ c, href }] : [];
    });
    if (contents.length === 0) continue;
    const first = contents[0]!;
    const level = merge(levelOf(first.c), groupLevel, itemLevel, channelLevel);
    add(imageKey(first.href), level, [...contents.map(({ c, href }) => rendition(c, href)), ...thumbnails(group)]);
  }
  for (const c of media(item, 'content')) {
    const href = url(c);
    if (!href || !isImage(c, href)) continue;
    add(imageKey(href), merge(levelOf(c), itemLevel, channelLevel), [rendition(c, href), ...thumbnails(c)]);
  }
  const itemThumbs = thumbnails(item);
  const enclosures = [...children(item, 'enclosure').map((e) => ({ e, href: url(e) })), ...(ctx.enclosureLinks ?? []).map((e) => ({ e, href: url(e, 'href') }))];
  for (const { e, href } of enclosures) {
    if (!href || !isImage(e, href)) continue;
    add(imageKey(href), merge(itemLevel, channelLevel), [rendition(e, href)]);
  }
  if (drafts.length === 0 && itemThumbs.length > 0) {
    add(imageKey(itemThumbs[0]!.href), merge(itemLevel, channelLevel), itemThumbs);
  } else if (drafts.length === 1) {
    // Item-level thumbnails of a single picture are its small rendition.
    for (const t of itemThumbs) if (!drafts[0]!.renditions.some((r) => r.href === t.href)) drafts[0]!.renditions.push(t);
  }
  return drafts.map((d) => ({
    caption: d.caption,
    creditRaw: d.creditRaw,
    photographer: d.photographer,
    ...(d.agencies.length ? { agencies: d.agencies } : {}),
    renditions: d.renditions,
    evidence: { from: 'element', rule: 'media-rss' },
  }));
}
