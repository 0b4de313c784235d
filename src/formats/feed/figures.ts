import { loadFragment } from '../../html/fragment.js';
import type { PictureHint } from '../../model/parsed-story.js';
import { resolveUrl } from './links.js';
import { isCreditElement } from '../../html/pictures.js';
import { removeNodes } from '../../html/dom.js';
import type { AnyNode } from 'domhandler';

/**
 * The `<figure>`s of a body of markup taken out as pictures: the image's address (resolved against
 * `baseUrl`), size and alt text, and the `<figcaption>`'s text as the caption (the credits engine
 * splits a credit from it later, as for every format; a credit the caption marks up apart is the
 * picture's credit line). A figure without a caption is taken only
 * with `uncaptioned` (a WordPress export's figures are its pictures); otherwise it stays in the
 * body, where an image without words adds no text. With `resolveLinks`, the body's relative links
 * and image addresses are resolved against `baseUrl`. Null when nothing is taken or resolved.
 */
export function takeFigures(html: string, baseUrl: string | null, opts: { uncaptioned: boolean; rule: string; resolveLinks?: boolean }): { html: string; pictures: PictureHint[] } | null {
  const relative = opts.resolveLinks === true && baseUrl !== null && /\s(?:href|src)\s*=\s*["']?(?![a-z][a-z0-9+.-]*:|#)/i.test(html);
  if (!/<figure\b/i.test(html) && !relative) return null;
  const fragment = loadFragment(html);
  const { $ } = fragment;
  // Relative links resolve against the document's base (RFC 4287 and xml:base apply it to content too).
  let resolved = false;
  if (relative) {
    $('a[href], img[src]').each((_i, el) => {
      const name = el.tagName === 'a' ? 'href' : 'src';
      const value = $(el).attr(name)!.trim();
      if (value === '' || /^(?:[a-z][a-z0-9+.-]*:|#)/i.test(value)) return;
      $(el).attr(name, resolveUrl(value, baseUrl) ?? value);
      resolved = true;
    });
  }
  const pictures: PictureHint[] = [];
  const taken: AnyNode[] = [];
  $('figure').each((_i, fig) => {
    const img = $(fig).find('img').first();
    // The credit the caption marks up apart ("<span class=credit>", itemprop=creditText) is no caption text:
    // the web page reader's test (isCreditElement in src/html/pictures.ts; schema.org ImageObject creditText).
    const figcaption = $(fig).find('figcaption').first().clone();
    const creditEl = figcaption.find('*').filter((_j, el) => isCreditElement(el)).first();
    const creditRaw = creditEl.text().replace(/\s+/g, ' ').trim() || null;
    if (creditRaw) creditEl.remove();
    const caption = figcaption.text().replace(/\s+/g, ' ').trim() || null;
    const src = img.attr('src');
    if (!caption && !creditRaw && !(opts.uncaptioned && src)) return;
    pictures.push({
      caption,
      ...(creditRaw ? { creditRaw } : {}),
      altText: img.attr('alt')?.trim() || null,
      renditions: src ? [{ href: resolveUrl(src, baseUrl) ?? src, width: int(img.attr('width')), height: int(img.attr('height')), mimeType: null }] : [],
      evidence: { from: 'element', rule: opts.rule },
    });
    taken.push(fig);
  });
  // (Taken out together: one figure at a time splices the body's child list once per figure.)
  removeNodes(taken);
  return pictures.length || resolved ? { html: fragment.html().trim(), pictures } : null;
}

/** A size attribute's value: a non-negative integer, or null. */
function int(s: string | undefined): number | null {
  const n = s ? Number.parseInt(s, 10) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}
