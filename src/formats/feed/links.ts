import type { XmlElement } from '../../xml/xml-tree.js';

/**
 * Relative links in feeds: an href is resolved against the nearest `xml:base` (itself relative to
 * the base above it), then against the feed's own base (its link, or the URL it was fetched from).
 */

/** `href` resolved against `base`; the href as written when either cannot be read as a URL. */
export function resolveUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  const h = href?.trim();
  if (!h) return null;
  // An absolute address stays exactly as written (it may be an identifier too).
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(h)) return h;
  try {
    return new URL(h, base).href;
  } catch {
    return h;
  }
}

/** The base URL in effect at an element: `xml:base` attributes up its ancestors over `documentBase`. */
export function baseAt(el: XmlElement | null, documentBase: string | null): string | null {
  const chain: string[] = [];
  for (let cur = el; cur; cur = cur.parent) {
    // The tree keeps attributes by local name: `xml:base` is `base` (feeds carry no other).
    const b = cur.attrs['base'];
    if (b !== undefined) chain.push(b);
  }
  let base = documentBase;
  for (let i = chain.length - 1; i >= 0; i--) base = resolveUrl(chain[i], base);
  return base;
}
