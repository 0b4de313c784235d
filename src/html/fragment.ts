import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { capHtmlDepth } from './depth.js';

const BOX = 'wiredesk-fragment';

/** A fragment of markup parsed for editing: the cheerio API, the fragment's top (whose children are its top-level nodes) and its markup back. */
export interface Fragment {
  $: cheerio.CheerioAPI;
  top: cheerio.Cheerio<AnyNode>;
  html: () => string;
}

/**
 * Markup parsed as a fragment (HTML's fragment parsing algorithm, cheerio on parse5; depth capped
 * by capHtmlDepth), its nodes inside one box element. parse5 builds a fragment under a template and
 * then moves each top-level node to the fragment, and the htmlparser2 tree adapter takes each one
 * out of the template's child list with a search and a splice: quadratic in the number of
 * top-level nodes (10,000 figures in a feed item's body took half a second, 100,000 paragraphs
 * would take minutes). Inside one box there is one node to move. Markup that names the box itself
 * is parsed as it comes, so no input can close the box early.
 */
export function loadFragment(html: string): Fragment {
  const capped = capHtmlDepth(html);
  if (capped.toLowerCase().includes(BOX)) {
    const $ = cheerio.load(capped, null, false);
    return { $, top: $.root(), html: () => $.html() };
  }
  const $ = cheerio.load(`<${BOX}>${capped}</${BOX}>`, null, false);
  const box = $.root().children().first();
  return { $, top: box, html: () => box.html() ?? '' };
}
