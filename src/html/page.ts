import { load, type CheerioAPI } from 'cheerio';
import { parseHtml } from './depth.js';
import type { AnyNode, Element } from 'domhandler';

/**
 * A web page parsed once and shared by every field extractor (STYLE.md #2): the cheerio `$` on
 * htmlparser2 (about 5x faster than cheerio's default parse5 on real news pages), the JSON-LD
 * objects flattened out of arrays and `@graph`s, the meta tags by lower-cased name, and the
 * base URL for resolving links.
 */
export interface Page {
  readonly $: CheerioAPI;
  /** Every JSON-LD object on the page, arrays and `@graph`s flattened, in document order. */
  readonly jsonLd: readonly JsonLdNode[];
  /** `<meta>` contents by lower-cased name / property / itemprop, document order, values trimmed. */
  readonly meta: ReadonlyMap<string, readonly string[]>;
  /** The URL links resolve against: `<base href>`, the fetched URL, else the canonical or og:url. */
  readonly baseUrl: string | null;
}

export type JsonLdNode = Record<string, unknown>;

/** JSON-LD as sites ship it: sometimes with raw control characters or trailing commas. */
function parseJsonLd(raw: string): unknown {
  const text = raw.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/^\s*\/\/.*$/gm, '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    try {
       
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return null;
    }
  }
}

function flatten(value: unknown, out: JsonLdNode[], depth = 0): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) flatten(v, out, depth + 1);
    return;
  }
  const node = value as JsonLdNode;
  out.push(node);
  if (Array.isArray(node['@graph'])) flatten(node['@graph'], out, depth + 1);
}

function resolvable(href: string | undefined | null): string | null {
  if (!href) return null;
  try {
    return new URL(href).toString();
  } catch {
    return null;
  }
}

function addMeta(meta: Map<string, string[]>, attrs: Record<string, string>): void {
  // Microdata (`itemprop`) belongs to its item, not the page: it is read from the tree where needed.
  const key = (attrs.property ?? attrs.name ?? '').trim().toLowerCase();
  const content = attrs.content?.trim();
  if (!key || !content) return;
  // One meta may carry several names ("og:title twitter:title").
  for (const name of key.split(/\s+/)) {
    // Dublin Core is written "dc.title" and "dc:title" alike; one spelling is kept.
    const k = name.replace(/^(dc|dcterms?)\./, '$1:');
    const list = meta.get(k);
    if (list) list.push(content);
    else meta.set(k, [content]);
  }
}

export function loadPage(html: string, fetchedUrl: string | null = null): Page {
  const $ = load(parseHtml(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }));
  const jsonLd: JsonLdNode[] = [];
  const meta = new Map<string, string[]>();
  // One walk over the tree collects the JSON-LD scripts and the meta tags (a selector per kind
  // would walk it twice).
  const walk = (n: AnyNode): void => {
    for (const c of (n as Element).children ?? []) {
      if (c.type === 'script' && (c as Element).name === 'script') {
        if (/^\s*application\/ld\+json\s*$/i.test((c as Element).attribs.type ?? '')) flatten(parseJsonLd($(c).text()), jsonLd);
        continue;
      }
      if (c.type !== 'tag') continue;
      const el = c as Element;
      if (el.name === 'meta') addMeta(meta, el.attribs);
      else walk(el);
    }
  };
  walk($.root()[0]!);
  const base = resolvable($('base[href]').attr('href')) ?? resolvable(fetchedUrl) ??
    resolvable($('link[rel="canonical" i]').attr('href')) ?? resolvable(meta.get('og:url')?.[0]);
  return { $, jsonLd, meta, baseUrl: base };
}

/** The first meta value among `names`, in the order given (the caller's order of trust). */
export function metaOf(page: Page, ...names: string[]): { value: string; name: string } | null {
  for (const name of names) {
    const v = page.meta.get(name)?.[0];
    if (v) return { value: v, name };
  }
  return null;
}

/** A link resolved against the page's base URL; null for `data:` and script URLs. */
export function resolveUrl(page: Page, href: string | null | undefined): string | null {
  const h = href?.trim();
  if (!h || /^(?:data|javascript|about|blob):/i.test(h)) return null;
  try {
    return page.baseUrl ? new URL(h, page.baseUrl).toString() : new URL(h).toString();
  } catch {
    return /^(?:https?:)?\/\//i.test(h) || h.startsWith('/') ? h : null;
  }
}

/** Collapsed white space. */
export function squash(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}
