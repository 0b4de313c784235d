import { LEAD_IN, OTHER_STORIES, STORY_END } from '../extract/boilerplate.js';
import type { Judged } from './page-line-kinds.js';

/**
 * Lists and tables inside a story, as a page's plain text prints them: a browser's innerText sets
 * each list item and each table row (or cell) on a line of its own (HTML Living Standard, the
 * innerText getter: block-level boxes and table rows are set off by line breaks, cells by tabs). Such
 * a run of short lines has a menu's shape, but it stands between the story's paragraphs, where no
 * menu does; its lines are marked `item` and stay in the story's body.
 */

/** How many words a list item or table row has at most. */
const ITEM_WORDS = 20;
/** How many lines a list or table inside a story has at most. */
const MAX_ITEMS = 40;

/** A short line that can be a list item or a table row: no furniture, caption or byline, no box heading. */
function itemLine(l: Judged): boolean {
  // (A colon closes the line that introduces a list, not an item: "Editor:" / a name is a masthead's pair.)
  return (l.kind === 'title' || l.kind === 'label' || l.kind === 'date') && l.weight <= ITEM_WORDS && !l.text.endsWith(':') && !boxHeadingLine(l);
}

/** A box heading ("Related", "Read more:", "Mehr zum Thema"): what follows it are links to other stories. */
function boxHeadingLine(l: Judged): boolean {
  return (STORY_END.test(l.text) || OTHER_STORIES.test(l.text) || LEAD_IN.test(l.text)) && l.weight <= 12;
}

/** A paragraph of the story's own text: prose printed once. */
function storyProse(l: Judged | undefined): boolean {
  return l !== undefined && l.kind === 'prose' && l.count === 1;
}

/** Whether line `k` stands right under line `k - 1` in the copy, no blank line between. */
function adjoins(judged: Judged[], k: number): boolean {
  return judged[k]!.number === judged[k - 1]!.number + 1;
}

/**
 * Where a list read from `from` ends: the story paragraph under its items, or -1 when none follows
 * them. The items stand on adjoining lines: innerText sets a paragraph off by a blank line (a
 * required line break count of 2) and a list item or table row by one line break (HTML Living
 * Standard, the innerText getter), so a blank line ends the list. An item may be a whole short
 * sentence ("Freight volumes grew 14 per cent.", read as prose) when an item line follows it.
 */
function listEnd(judged: Judged[], from: number): number {
  let found = -1;
  let j = from;
  while (j < judged.length && j - from < MAX_ITEMS) {
    const l = judged[j]!;
    // (The list may end at a paragraph that reads as such a sentence: the last such end is taken.)
    if (j - from >= 2 && storyProse(l)) found = j;
    if (j > from && !adjoins(judged, j)) break;
    const sentence = l.kind === 'prose' && l.weight <= ITEM_WORDS && judged[j + 1] !== undefined && itemLine(judged[j + 1]!) && adjoins(judged, j + 1);
    if (!itemLine(l) && !sentence) break;
    j++;
  }
  return found;
}

/** Marks lines [from, to) as items of a list inside the story (no menu). */
function markItems(judged: Judged[], from: number, to: number): void {
  for (let k = from; k < to; k++) judged[k] = { ...judged[k]!, item: true, menu: false };
}

/**
 * A list introduced by a sentence ending with a colon, between the story's paragraphs: "The plan
 * contains five measures:" / items / the next paragraph (Chicago Manual of Style, 17th ed., 6.130:
 * a vertical list is introduced by a complete sentence followed by a colon). The introducing line is
 * story prose, or a short line of its own ("Ingredients:") under story prose; the items need a
 * paragraph of the story under them.
 */
export function markStoryLists(judged: Judged[]): void {
  for (let i = 0; i + 1 < judged.length; i++) {
    const intro = judged[i]!;
    if (!intro.text.endsWith(':') || intro.count > 1 || intro.kind === 'furniture' || boxHeadingLine(intro)) continue;
    // A short introducing line stands under a paragraph of the story.
    const short = intro.kind !== 'prose';
    if (short && (intro.weight > ITEM_WORDS || !storyProse(judged[i - 1]))) continue;
    const end = listEnd(judged, i + 1);
    if (end < 0) continue;
    markItems(judged, short ? i : i + 1, end);
    i = end - 1;
  }
}

/** A fact box's heading in the page languages ("Key facts", "Fakta om brua", "Les chiffres clés", "Zahlen und Fakten"). */
const FACT_HEADING = /^(?:(?:the |die |les |de |los )?(?:key facts|facts|fact ?box|fakten|faktenbox|zahlen und fakten|chiffres[- ]cl[ée]s|l'essentiel|datos clave|cifras clave|feiten|kerncijfers|fakta|faktaboks)(?: (?:about|on|zu[rm]?|über|sur|sobre|over|om) [^.!?:]{1,40})?|(?:by the numbers|in numbers|at a glance|in zahlen|en chiffres|en cifras|in cijfers|i tall))$/iu;

/**
 * A box of key facts set between the story's paragraphs: its heading (FACT_HEADING) and, on the lines right
 * under it, a few facts, most with a figure ("Opened in 1974", "Repair cost: £14 million"), with a
 * paragraph of the story above and below (HTML Living Standard, the aside element: a sidebar of
 * content related to the article around it; innerText sets each of its blocks on a line).
 */
export function markFactBoxes(judged: Judged[]): void {
  for (let i = 1; i + 3 < judged.length; i++) {
    const head = judged[i]!;
    if (!storyProse(judged[i - 1]) || head.item || !itemLine(head) || !FACT_HEADING.test(head.text)) continue;
    // (A stamp is no fact: a box of teasers prints each one's date or time, "30.07.2024", "12:28 Uhr".)
    let j = i + 1;
    while (j < judged.length && j - i <= MAX_ITEMS && adjoins(judged, j) && itemLine(judged[j]!) && !(judged[j]!.kind === 'date' && /\d[:./]\d/.test(judged[j]!.text)) && !judged[j]!.item) j++;
    const facts = judged.slice(i + 1, j);
    if (facts.length < 2 || !storyProse(judged[j]) || facts.filter((f) => /\d/.test(f.text)).length * 2 < facts.length) continue;
    markItems(judged, i, j);
    i = j;
  }
}

/** A list item's marker as a copy prints it: a bullet or dash, a number or letter with a stop or bracket. */
const MARKER = /^(?:([•·▪◦*–—-])|(\d{1,2})[.)]|\(?([a-z])\))\s+\S/u;

/** The kind of a line's marker ("•", "1.", "a)") and its place in a sequence (a number or letter), or null. */
function markerOf(text: string): { kind: string; n: number } | null {
  const m = MARKER.exec(text);
  if (!m) return null;
  if (m[1]) return { kind: m[1], n: 0 };
  if (m[2]) return { kind: `n${text.charAt(m[2].length)}`, n: Number(m[2]) };
  return { kind: `a${text.startsWith('(') ? '(' : ''}`, n: m[3]!.charCodeAt(0) - 96 };
}

/**
 * A bulleted or numbered list between the story's paragraphs, with no colon above it: two items or
 * more on adjoining lines, each with the same marker (a numbered or lettered list counting up from
 * its first item), a paragraph of the story above and below (Chicago Manual of Style, 17th ed.,
 * 6.127-6.130: vertical lists, numbered or bulleted).
 */
export function markMarkedLists(judged: Judged[]): void {
  for (let i = 1; i + 2 < judged.length; i++) {
    const first = markerOf(judged[i]!.text);
    if (!first || judged[i]!.item || first.n > 1) continue;
    // Above it, a paragraph of the story, or a short sentence under one (a line with a full stop: a heading takes none, AP Stylebook, "headlines").
    const lead = storyProse(judged[i - 1]) ? i : judged[i - 1]!.kind === 'title' && /\p{Ll}[.!?]$/u.test(judged[i - 1]!.text) && i >= 2 && storyProse(judged[i - 2]) ? i - 1 : -1;
    if (lead < 0) continue;
    let j = i + 1;
    for (let prev = first; j < judged.length && j - i < MAX_ITEMS && adjoins(judged, j); j++) {
      const l = judged[j]!;
      const m = markerOf(l.text);
      if (!m || m.kind !== prev.kind || (m.n !== 0 && m.n !== prev.n + 1) || l.item || l.weight > ITEM_WORDS + 1 || !(itemLine(l) || l.kind === 'prose')) break;
      prev = m;
    }
    const firstOk = itemLine(judged[i]!) || judged[i]!.kind === 'prose';
    if (j - i < 2 || !firstOk || !storyProse(judged[j])) continue;
    markItems(judged, lead, j);
    i = j;
  }
}

/**
 * A table between the story's paragraphs, copied as rows of tab-separated cells (HTML Living
 * Standard, the innerText getter: a tab after each cell but a row's last, a line break after each
 * row): two rows or more on adjoining lines with the same number of cells, a paragraph of the story
 * above and below.
 */
export function markTableRows(judged: Judged[]): void {
  for (let i = 1; i + 2 < judged.length; i++) {
    const first = judged[i]!;
    if (!first.cells || first.item || !storyProse(judged[i - 1])) continue;
    let j = i + 1;
    while (j < judged.length && j - i < MAX_ITEMS && adjoins(judged, j) && judged[j]!.cells === first.cells && !judged[j]!.item) j++;
    if (j - i < 2 || !storyProse(judged[j])) continue;
    markItems(judged, i, j);
    i = j;
  }
}
