import type { Rendition } from '../../model/article.generated.js';
import type { PictureHint } from '../../model/parsed-story.js';
import { attr, child, children, descendant, innerHtml, outerHtml, textOf, type XmlElement } from '../../xml/xml-tree.js';
import { nitfPictures, nitfStoryHtml, readTaglines } from '../nitf.js';
import { qcodeCode } from './qcode.js';

/** What an item's `contentSet` holds: the body (markup or text), an inline NITF document, renditions. */
export interface ItemContent {
  bodyHtml: string | null;
  bodyText: string | null;
  /** The NITF root of an NITF body conveyed in inlineXML (its head has headline, byline, abstract). */
  nitf: XmlElement | null;
  renditions: Rendition[];
  /** The pictures of an inline NITF body (its `<media>`), read as the NITF reader reads them. */
  pictures: PictureHint[];
}

const LOOKS_LIKE_MARKUP = /^\s*<(?:p|div|br|span|h[1-6]|ul|ol|table|section|article|blockquote)\b/i;

/**
 * The XHTML body without a top-level `<header>`: wires that send a full page (dpa) repeat the
 * slug list, timestamp and headline there, which are metadata already read from contentMeta.
 */
function xhtmlBody(body: XmlElement): string {
  let s = '';
  for (const c of body.children) if (typeof c === 'string' || c.name !== 'header') s += outerHtml(c);
  return s;
}

/**
 * An inlineXML body. NITF (contenttype application/nitf+xml, NewsML-G2 Guidelines, text chapter)
 * is read by the NITF reader: media are pictures, not text, and body.end taglines close the story.
 */
function inlineXmlBody(el: XmlElement): { html: string; nitf: XmlElement | null; pictures: PictureHint[] } {
  const root = children(el)[0];
  if (!root) return { html: '', nitf: null, pictures: [] };
  if (root.name === 'nitf') {
    const body = child(root, 'body') ?? descendant(root, 'body');
    const content = child(body, 'body.content') ?? descendant(root, 'body.content');
    return { html: nitfStoryHtml(content, readTaglines(child(body, 'body.end'))), nitf: root, pictures: nitfPictures(body) };
  }
  const body = root.name === 'body' ? root : descendant(root, 'body');
  if (body) return { html: xhtmlBody(body), nitf: null, pictures: [] };
  return { html: innerHtml(el), nitf: null, pictures: [] };
}

function intAttr(el: XmlElement, name: string): number | null {
  const v = attr(el, name);
  if (v === null || !/^\s*\d+\s*$/.test(v)) return null;
  return Number(v);
}

export function readContent(contentSet: XmlElement | null): ItemContent {
  const out: ItemContent = { bodyHtml: null, bodyText: null, nitf: null, renditions: [], pictures: [] };
  for (const el of children(contentSet)) {
    if (el.name === 'inlineXML') {
      const { html, nitf, pictures } = inlineXmlBody(el);
      if (nitf && !out.nitf) {
        out.nitf = nitf;
        out.pictures = pictures;
      }
      if (!out.bodyHtml && !out.bodyText && textOf(el).trim()) out.bodyHtml = html;
    } else if (el.name === 'inlineData') {
      const text = textOf(el);
      if (out.bodyHtml || out.bodyText || !text.trim()) continue;
      // Some wires (ANSA) declare text/plain but send paragraphs as markup.
      if (/html|xml/i.test(attr(el, 'contenttype') ?? '') || LOOKS_LIKE_MARKUP.test(text)) out.bodyHtml = text;
      else out.bodyText = text;
    } else if (el.name === 'remoteContent') {
      const href = attr(el, 'href')?.trim();
      if (!href) continue;
      const rendition = attr(el, 'rendition');
      out.renditions.push({
        href,
        width: intAttr(el, 'width'),
        height: intAttr(el, 'height'),
        mimeType: attr(el, 'contenttype')?.trim() || null,
        name: rendition ? qcodeCode(rendition) : null,
      });
    }
  }
  return out;
}
