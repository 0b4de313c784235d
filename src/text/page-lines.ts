import { pageDates } from './page-dates.js';
import { splitCaptionCredit } from '../extract/captions.js';
import { COMMENT_THREAD, LEAD_IN, OTHER_STORIES, STORY_END } from '../extract/boilerplate.js';
import { isByWordAlone } from '../extract/by-lead.js';
import { agencyInList } from '../extract/agencies.js';
import { contentWords, isNamesLine, judge, pageLines, type Judged, type PageLine } from './page-line-kinds.js';
import { PICTURE_BY, bylineOf, inBylineBlock, readBylineBlock } from './page-byline-block.js';

export type { PageLine } from './page-line-kinds.js';

/**
 * The story in a news page's plain text: what a reader gets by selecting all text on the page
 * and copying it (one block per line, menus, share rows, teasers and boxes mixed in). There is
 * no markup to say which line is what, so each line is judged by its shape and words (length,
 * closing punctuation, repetition, the boilerplate vocabulary, the credits engine's byline and
 * credit tests), and the story is found as a sequence over the lines:
 *
 * 1. the body is the page's densest run of prose: a maximum-sum run over per-line scores (prose
 *    lines score by their length, furniture and short labels cost), cut at the heading of a box
 *    that follows a story ("Read more", "Related"), and joined across a box of a few links set
 *    between its paragraphs ("RELATED COVERAGE");
 * 2. the headline is the title-like line above that run, past the byline, date and caption lines
 *    that stand between them (a kicker above it and a standfirst below it are told apart by length);
 * 3. bylines and dates are read from the lines between the headline and the body (or, past a
 *    gallery or a video, right above the first paragraph);
 * 4. captions are lines that end with a credit, or are followed by a credit line, in the story's
 *    part of the page and never under the heading of a box of other stories.
 *
 * Linear in the input: each pass is one walk over the lines; lines are at most MAX_LINES.
 */

export interface PageCaption {
  caption: string;
  credit: string | null;
  line: PageLine;
}

export interface PageDateLine {
  iso: string;
  line: PageLine;
}

export interface TextPage {
  headline: PageLine | null;
  bylines: PageLine[];
  published: PageDateLine | null;
  modified: PageDateLine | null;
  body: PageLine[];
  captions: PageCaption[];
  /** A wire agency a byline line names alone ("By AFP"). */
  source: string | null;
  /** The agency such a line names, as printed ("Associated Press"), when no line names a person. */
  agencyBylines: PageLine[];
  /** The story's photographers the byline block names ("Photographs by Jo Kim"), as "By Jo Kim". */
  photographers: PageLine[];
}

/** Per-line scores of the body search: prose gains by its length, furniture and labels cost. */
function bodyScore(l: Judged): number {
  // A list's items inside the story neither add nor cost: the story runs on across them.
  if (l.item) return 0;
  switch (l.kind) {
    case 'prose': return l.count > 1 ? 0 : 1 + Math.min(l.weight, 150) / 25;
    case 'caption': case 'credit': return 0;
    case 'date': case 'byline': return -0.3;
    case 'title': return -0.5;
    case 'label': return -1;
    // A sign-up box between paragraphs costs a line's worth for its heading, blurb and button together.
    case 'furniture': return l.signup ? -0.3 : -1.5;
  }
}

/**
 * A sentence's close: a stop after a lower-case letter, or after a letter or mark of a script
 * without case (Hangul, Hebrew, Arabic, Devanagari: "…했다.", "…ללא תשלום.", "…होगी।"), whose
 * full stops include the ideographic one, the danda and the Arabic question mark (Unicode Standard
 * 15.0, 6.2 and 12.1).
 */
const SENTENCE_CLOSE = /[\p{Ll}\p{Lo}\p{M}][.!?。！？।؟]$/u;

/**
 * The heading of a box that follows a story ("Read more", "Related"): a short line of STORY_END's
 * words; not a link run into the story after a lead-in and colon ("Related: <another story>",
 * "Read more: …", set between paragraphs on many sites), which is furniture the run passes.
 */
function endsStory(l: Judged): boolean {
  return STORY_END.test(l.text) && l.weight <= 12 && !LEAD_IN.test(l.text);
}

/** What a block of furniture set between paragraphs costs at most (a share row, a newsletter or cookie box): two lines' worth. */
const FURNITURE_BLOCK_COST = 3;

/**
 * The densest run of prose: the maximum-sum run of scores, never across the heading of a box that
 * follows a story; then the prose above and below a box of links set into the story
 * (storyBeforeBox, storyAfterBox), and those boxes' lines ([heading, last link]).
 */
function bodyRun(judged: Judged[]): [number, number, Array<[number, number]>] | null {
  let best: [number, number] | null = null;
  let bestSum = 0;
  let start = 0;
  let sum = 0;
  let furn = 0;
  for (let i = 0; i < judged.length; i++) {
    const l = judged[i]!;
    // Readers' comments under a story are never its body: past their thread's heading, the story read so far stands.
    if (best && COMMENT_THREAD.test(l.text) && l.weight <= 12) break;
    if (endsStory(l)) {
      sum = 0;
      furn = 0;
      start = i + 1;
      continue;
    }
    // A block of furniture (a share toolbar copied a button a line, a newsletter or cookie box) costs at most
    // FURNITURE_BLOCK_COST: such boxes stand between paragraphs on most news sites' templates.
    const prev = furn;
    furn = l.kind === 'furniture' ? furn + bodyScore(l) : 0;
    sum += l.kind === 'furniture' ? Math.max(furn, -FURNITURE_BLOCK_COST) - Math.max(prev, -FURNITURE_BLOCK_COST) : bodyScore(l);
    if (sum <= 0) {
      sum = 0;
      start = i + 1;
      continue;
    }
    if (sum > bestSum) {
      bestSum = sum;
      best = [start, i];
    }
  }
  if (!best) return null;
  // The run starts at its first prose line.
  const e = best[1];
  let s = best[0];
  while (s < e && judged[s]!.kind !== 'prose') s++;
  const before = storyBeforeBox(judged, s);
  const after = storyAfterBox(judged, e);
  const boxes = [before?.[1], after?.[1]].filter((b): b is [number, number] => b !== undefined);
  return [before ? before[0] : s, after ? after[0] : e, boxes];
}

/**
 * The other side of storyBeforeBox: when the densest run ends right above the heading of a box of
 * a few links ("Lesen Sie auch" and one story's title, set between paragraphs by most German and
 * Scandinavian sites) and two paragraphs follow the box, the story goes on under it. Returns the
 * end of the prose after the box and the box's lines, or null. A list of teasers (a title, its
 * summary, a title) is no continuation: two prose lines must follow the box's last link.
 */
function storyAfterBox(judged: Judged[], runEnd: number): [number, [number, number]] | null {
  const h = runEnd + 1;
  if (h >= judged.length || !endsStory(judged[h]!) || judged[h]!.count > 1 || COMMENT_THREAD.test(judged[h]!.text)) return null;
  let k = h + 1;
  while (k < judged.length && k - h <= BOX_LINKS && (judged[k]!.kind === 'title' || judged[k]!.kind === 'label') && !judged[k]!.menu) k++;
  if (k === h + 1 || k + 1 >= judged.length) return null;
  // (A picture between the two paragraphs, its caption and credit, stands apart from the text's flow: HTML Living Standard, 4.4.12 the figure element.)
  let m = k + 1;
  while (m < judged.length && m - k <= PICTURE_LINES && (judged[m]!.kind === 'caption' || judged[m]!.kind === 'credit')) m++;
  const [a, b] = [judged[k]!, judged[m]];
  if (!b || a.kind !== 'prose' || b.kind !== 'prose' || a.count > 1 || b.count > 1) return null;
  // The run of prose from under the box: its best end, never across another box's heading.
  const end = bestRunEnd(judged, k, 1);
  return end >= 0 ? [end, [h, k - 1]] : null;
}

/**
 * Where a run of prose read from `from` (downwards, step 1, or upwards, step -1) is worth most:
 * the line at which its summed body score peaks, never across a box's heading; -1 when none.
 */
function bestRunEnd(judged: Judged[], from: number, step: 1 | -1): number {
  let sum = 0;
  let bestSum = 0;
  let best = -1;
  for (let i = from; i >= 0 && i < judged.length; i += step) {
    const l = judged[i]!;
    if (endsStory(l)) break;
    sum += bodyScore(l);
    if (sum > bestSum) {
      bestSum = sum;
      best = i;
    }
    if (sum <= 0) break;
  }
  return best;
}

/** The short heading of a box of other stories ("Read more", "Lire aussi", "Leggi anche", "関連記事"): the lines under it are links. */
function boxHeading(l: Judged): boolean {
  return l.weight <= 4 && (STORY_END.test(l.text) || OTHER_STORIES.test(l.text));
}

/** How many lines a picture set between paragraphs takes at most: its caption and its credit. */
const PICTURE_LINES = 2;

/** How many headline links a box set into a story holds at most ("Related coverage" and three stories' titles). */
const BOX_LINKS = 6;

/**
 * A box of links set between a story's paragraphs ("RELATED COVERAGE" and the titles of three
 * other stories, the way AP pages set it): when the densest run starts right under such a box and
 * prose stands right above it, that prose is the story's beginning. Returns where it starts and
 * the box's lines ([heading, last link]), or null. The box holds nothing but a few short link
 * lines; the prose above it is the best run that ends at its heading.
 */
function storyBeforeBox(judged: Judged[], runStart: number): [number, [number, number]] | null {
  let h = runStart - 1;
  while (h >= 0 && runStart - h <= BOX_LINKS + 1 && judged[h]!.kind !== 'prose' && !endsStory(judged[h]!)) h--;
  if (h < 1 || runStart - h > BOX_LINKS + 1 || !endsStory(judged[h]!) || LEAD_IN.test(judged[h]!.text)) return null;
  for (let k = h + 1; k < runStart; k++) if (judged[k]!.kind !== 'title' && judged[k]!.kind !== 'label') return null;
  if (judged[h - 1]!.kind !== 'prose' || judged[h - 1]!.count > 1) return null;
  // The run of prose that ends right above the heading: its best start, never across another box's heading.
  const start = bestRunEnd(judged, h - 1, -1);
  return start >= 0 ? [start, [h, runStart - 1]] : null;
}


/** How far above the body's densest run the headline is looked for. */
const HEADLINE_REACH = 150;
/** How far above the story's first paragraph its byline block is looked for when it is not under the headline. */
const ABOVE_BODY_REACH = 20;
/** How many lines below a headline its byline and date lines stand. */
const META_REACH = 6;

/**
 * Chinese and Japanese are written without spaces between words, so spaces in such a line set
 * items apart: four or more short ones are a menu or breadcrumb run together ("野球 ゴルフ 格闘技
 * サッカー その他 コラム", "日刊ゲンダイDIGITAL スポーツ その他ニュース 記事"), not a headline.
 */
function isItemRow(text: string): boolean {
  if (/[、。！？，]/.test(text) || (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0) * 2 < text.replace(/\s/g, '').length) return false;
  const items = text.split(/\s+/);
  return items.length >= 4 && items.reduce((n, w) => n + w.length, 0) / items.length <= 8;
}

/** A line that could be a headline: a few words to a long sentence, opening as a title does, not a label or stamp. */
function titleLike(l: Judged): boolean {
  // Headlines take no full stop (AP and Reuters style; one of the 171 fundus titles ends with "...").
  if (!(l.kind === 'title' || (l.kind === 'prose' && l.weight <= 40)) || l.menu || l.weight < 2 || /[,;:]$|[^.]\.$/.test(l.text)) return false;
  if (isNamesLine(l.text, l.weight) || (l.weight <= 8 && bylineOf(l.text) !== null)) return false;
  // A picture credit in the byline block ("Photographs by Jo Kim", "Illustration by …": Chicago Manual of Style 3.29-3.37) is no headline.
  if (l.weight <= 8 && PICTURE_BY.test(l.text)) return false;
  // A kicker runs on into the headline below it ("Harbour works –").
  if (/\s[-–—]$/.test(l.text)) return false;
  // A live blog's entry with its time run on ("Harbour wall damaged near the fish market18:05"): a link to a post, not the story's title.
  if (/[\p{L}'’"”.!?]\d{1,2}:\d{2}$/u.test(l.text)) return false;
  // A counter row ("3304 views 13 mins 0 comments"): numbers for half its words.
  const tokens = l.text.split(/\s+/);
  if (tokens.length >= 4 && tokens.filter((t) => /^\d[\d.,]*$/.test(t)).length * 2 >= tokens.length) return false;
  if (isItemRow(l.text)) return false;
  // It opens with a capital, a letter of a script without case, a digit, or an opening quote or
  // bracket in any script ("„", "«", "「金に執着」と…", "【…】").
  return /^[\p{Lu}\p{Lo}\p{N}\p{Ps}\p{Pi}"'¿¡-]/u.test(l.text);
}


/**
 * A blog's date header: the date a blog prints above each post's title (Blogger's "date-header",
 * WordPress's day heading, Blogger Help "Customize the date header"). The date at `j` heads the
 * title right below it, longer than the line `i` above it, with prose under that title: it is no
 * mark of a headline for the line above it (a menu row "News Sport Culture").
 */
function isDateHeader(judged: Judged[], j: number, i: number): boolean {
  const title = judged[j + 1];
  if (!title || title.kind !== 'title' || title.menu || !titleLike(title) || title.weight <= judged[i]!.weight) return false;
  const after = judged[j + 2];
  return after !== undefined && after.kind === 'prose';
}

/** How near below `i` a headline's marks stand (a byline, a date stamp or a name, before any long prose): lines, or 0 for none. */
function metaBelow(judged: Judged[], i: number): number {
  let seen = 0;
  // Menus, captions and their credits between a headline and its byline are passed over (up to twenty lines).
  for (let j = i + 1; j < judged.length && j <= i + 20 && seen < META_REACH; j++) {
    const l = judged[j]!;
    if (l.menu || l.kind === 'caption' || l.kind === 'credit' || l.kind === 'furniture') continue;
    seen++;
    if (l.kind === 'date' && j === i + 1 && isDateHeader(judged, j, i)) return 0;
    if (l.kind === 'date' || l.kind === 'byline' || isByWordAlone(l.text)) return seen;
    // A name without a "By" counts where a byline block stands (beside a stamp or a byline), not as a button's words.
    if ((l.kind === 'title' || l.kind === 'label') && !l.menu && isNamesLine(l.text, l.weight) && inBylineBlock(judged, j)) return seen;
    if (l.kind === 'prose' && l.weight > 40) return 0;
  }
  return 0;
}

/** How far below the body's start a line that prints the headline again is looked for. */
const REPEAT_REACH = 60;

/**
 * A headline printed a second time inside a longer line near the story: a breadcrumb trail glued
 * to it ("NewsBusinessRoky v důchodu …"), a video player's title ("<headline> Back to video"). The
 * other line is at most 60 characters longer. Bounded: HEADLINE_REACH + REPEAT_REACH lines.
 */
function printedAgain(judged: Judged[], i: number, floor: number, runStart: number): boolean {
  const l = judged[i]!;
  if (l.weight < 4) return false;
  const to = Math.min(judged.length - 1, runStart + REPEAT_REACH);
  for (let k = floor; k <= to; k++) {
    const t = judged[k]!.text;
    if (k !== i && t.length > l.text.length && t.length <= l.text.length + 60 && t.includes(l.text)) return true;
  }
  return false;
}

/**
 * The headline above the body: of the title-like lines above the densest run, the one with the
 * marks of a headline: a byline or date stamp just below it, prose soon after, printed twice; the
 * nearer, the better. A kicker above and a standfirst below it are told apart by length.
 */
function headlineAbove(judged: Judged[], runStart: number): number {
  const floor = Math.max(0, runStart - HEADLINE_REACH);
  let best = -1;
  let bestScore = -Infinity;
  // The run may open with the headline itself when it reads as a sentence ("… der Nächste?"): a few lines into it count.
  // The story's words: a headline shares them, a button or a teaser for another story does not.
  const storyWords = new Set<string>();
  for (let i = runStart, n = 0; i < judged.length && n < 5; i++) {
    if (judged[i]!.kind !== 'prose') continue;
    n++;
    for (const w of contentWords(judged[i]!.text)) storyWords.add(w);
  }
  let top = runStart;
  while (top + 1 < judged.length && top < runStart + 3 && !(judged[top]!.kind === 'prose' && judged[top]!.weight > 25)) top++;
  for (let i = top; i >= floor; i--) {
    const l = judged[i]!;
    if (!titleLike(l)) continue;
    // Two sentences of some length under another title are its standfirst ("Berlin. The minister takes up … Is she aiming higher?").
    const prev = judged[i - 1];
    if (l.weight >= 18 && /[.!?]\s+\p{Lu}/u.test(l.text) && prev && titleLike(prev) && prev.weight >= 5) continue;
    let score = 0;
    const meta = metaBelow(judged, i);
    if (meta) score += meta === 1 ? 3.2 : meta === 2 ? 3 : meta <= 4 ? 2.7 : 2.4;
    for (let j = i + 1; j < judged.length && j <= i + 4; j++) {
      if (judged[j]!.kind === 'prose') {
        score += 1;
        break;
      }
    }
    if (l.count > 1 && l.kind === 'title') score += 1;
    else if (l.count === 1 && printedAgain(judged, i, floor, runStart)) score += 1;
    const words = contentWords(l.text);
    if (words.length) score += 1.5 * (words.filter((w) => storyWords.has(w)).length / words.length);
    if (l.weight <= 3) score -= 1.5;
    else if (l.weight <= 30) score += 0.5;
    if (l.kind === 'prose') score -= 0.5;
    score -= 0.02 * Math.min(Math.abs(runStart - i), 40);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return -1;
  // A standfirst below the headline: the headline is the title-like line just above it (a kicker
  // above a headline is shorter than five words).
  const l = judged[best]!;
  let j = best - 1;
  while (j >= floor && judged[j]!.kind === 'furniture' && judged[j]!.weight <= 2) j--;
  const above = j >= floor ? judged[j] : undefined;
  // A breadcrumb trail ending with the headline ("Home / World / <headline>") is no headline above it.
  if (above && titleLike(above) && above.kind === 'title' && !above.text.includes(l.text) &&
    (l.kind === 'prose' && l.weight >= 15 ? above.weight >= 3 : above.weight >= 5 && l.weight >= 8)) return j;
  // A long standfirst under "headline, byline" or "headline, date": the shorter title above the byline block.
  if (l.weight >= 15) {
    let block = false;
    for (let k = best - 1, seen = 0; k >= floor && seen < 4; k--, seen++) {
      const c = judged[k]!;
      if (c.kind === 'byline' || c.kind === 'date') {
        block = true;
        continue;
      }
      if (c.kind === 'furniture' || (c.kind === 'label' && c.weight <= 2)) continue;
      if (block && titleLike(c) && c.kind === 'title' && c.weight >= 3 && c.weight < l.weight && !c.text.includes(l.text)) return k;
      break;
    }
  }
  return best;
}

/**
 * The headline in the casing its source has. A copy of a page's text keeps the casing CSS gave it
 * (the HTML standard's innerText applies text-transform), so a headline set in capitals or with
 * every word capitalised ("From Adversity To Advocacy: A Young …") may be printed elsewhere on the
 * page as written (a ticker, a teaser, a breadcrumb): that line's casing is the headline's.
 */
function sourceCasing(judged: Judged[], line: Judged): Judged {
  const words = line.text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const transformed = words.length >= 3 && (!/\p{Ll}/u.test(line.text) || words.every((w) => !/^[^\p{L}]*\p{Ll}/u.test(w)));
  if (!transformed) return line;
  const folded = line.text.toLowerCase();
  for (const other of judged) {
    if (other.text === line.text || other.text.length !== line.text.length || other.text.toLowerCase() !== folded) continue;
    // The source casing writes some words in lower case.
    if (other.text.split(/\s+/).some((w) => /^[^\p{L}]*\p{Ll}/u.test(w))) return { ...line, text: other.text };
  }
  return line;
}

/** Reads the story out of a page's text, or its lines already numbered (see the module comment and pageLines). */
export function readTextPage(text: string | readonly PageLine[]): TextPage {
  const judged = judge(pageLines(text));
  const run = bodyRun(judged);
  const runStart = run ? run[0] : judged.length - 1;
  const bodyEnd = run ? run[1] : -1;
  // A box of links set into the story: its lines are no part of the body.
  const boxes = run ? run[2] : [];
  const headlineAt = judged.length ? headlineAbove(judged, Math.max(0, runStart)) : -1;
  const headline = headlineAt >= 0 ? sourceCasing(judged, judged[headlineAt]!) : null;
  // The body starts at the first prose line below the headline (boxes between it and the run are skipped line by line).
  let bodyStart = run ? runStart : judged.length;
  if (headlineAt >= 0 && headlineAt < bodyStart) {
    for (let i = headlineAt + 1; i < bodyStart; i++) {
      if (judged[i]!.kind === 'prose' && judged[i]!.count === 1) {
        bodyStart = i;
        break;
      }
    }
  }

  // Bylines: the byline block between the headline and the body (src/text/page-byline-block.ts).
  let { bylines, source, agencyBylines, photographers } = readBylineBlock(judged, headlineAt, bodyStart, bodyEnd);
  // A gallery, a video or a box between the headline and the story's first paragraph: when none
  // names a writer under the headline, the byline block is the one right above that paragraph.
  if (!bylines.length && !agencyBylines.length && runStart > bodyStart + 10) {
    // (No author box after the body: the first pass read it and found none.)
    const above = readBylineBlock(judged, Math.max(0, runStart - ABOVE_BODY_REACH) - 1, runStart);
    ({ bylines, agencyBylines } = above);
    if (!photographers.length) photographers = above.photographers;
    source = above.source ?? source;
  }

  // Dates: the story's date lines, as the calendar of page dates reads them (src/text/page-dates.ts).
  const dates = pageDates(judged.map((l) => l.text), headlineAt);
  const published: PageDateLine | null = dates.published ? { iso: dates.published.iso, line: judged[dates.published.line]! } : null;
  const modified: PageDateLine | null = dates.modified ? { iso: dates.modified.iso, line: judged[dates.modified.line]! } : null;

  // Body: prose from its start to the run's end, and the short headings between its paragraphs.
  const body: PageLine[] = [];
  // The standfirst: a long title-like line right under the headline, before the byline block, opens the body.
  if (headlineAt >= 0) {
    const next = judged[headlineAt + 1];
    if (next && headlineAt + 1 < bodyStart && next.kind === 'title' && next.weight >= 10 && next.count === 1 && !next.menu) body.push(next);
  }
  for (let i = bodyStart; i <= bodyEnd; i++) {
    const l = judged[i]!;
    if (headline && l.text === headline.text) continue;
    if (boxes.some((b) => i >= b[0] && i <= b[1])) continue;
    if ((l.kind === 'prose' && l.count === 1) || l.item) body.push(l);
    // (Not the link under a box's heading set between paragraphs: "Lire aussi" / "<another story>".)
    else if (l.kind === 'title' && i > bodyStart && i < bodyEnd && judged[i + 1]?.kind === 'prose' && l.weight <= 15 && l.count === 1 && !boxHeading(judged[i - 1]!)) body.push(l);
  }

  // A short last paragraph, a sentence of a few words under the body's end ("The council meets in June."), read as a
  // title for its length: a headline takes no full stop (AP Stylebook, "headlines"), so above a box's heading or the
  // page's furniture it is the story's; not a label's line ("Our Standards: …") or a note naming an agency ("Photo by AA …").
  const tail = judged[bodyEnd + 1];
  const after = judged[bodyEnd + 2];
  if (run && tail && tail.kind === 'title' && tail.count === 1 && !tail.menu && !tail.item && tail.weight >= 4 && SENTENCE_CLOSE.test(tail.text) && !tail.text.includes(':') &&
    !tail.text.split(/\s+/).some((w) => agencyInList(w.replace(/[^\p{L}]/gu, '')) !== null) &&
    (!after || endsStory(after) || (OTHER_STORIES.test(after.text) && after.weight <= 12) || after.kind === 'furniture' || after.menu === true)) body.push(tail);

  // Captions: in the story's part of the page (from above the headline to the end of the body), once
  // each; higher up the page (a gallery over the story) only those that end with a credit the
  // credits engine knows ("(AP Photo/Jo Kim)", "REUTERS/Jo Kim"), which a teaser's picture does not carry.
  const captions: PageCaption[] = [];
  const seen = new Set<string>();
  const capFrom = Math.max(0, (headlineAt >= 0 ? headlineAt : bodyStart) - 12);
  const capTo = Math.min(judged.length - 1, bodyEnd + 3);
  for (let i = 0; i <= capTo; i++) {
    const l = judged[i]!;
    // Past the body, the heading of a box of other stories ("Mehr zum Thema", "Related") ends the
    // story's part; a link run into the story ("READ MORE: <another story>") does not.
    if (i > bodyEnd && (endsStory(l) || (OTHER_STORIES.test(l.text) && l.weight <= 12)) && !LEAD_IN.test(l.text)) break;
    if (l.kind !== 'caption' || !l.caption) continue;
    // A box's heading over a teaser's picture credit ("Mehr zu Fleischkonsum" / "Bildrechte: …") is no caption.
    if (OTHER_STORIES.test(l.caption.caption)) continue;
    if (i < capFrom && !splitCaptionCredit(l.caption.caption).credit) continue;
    if (seen.has(l.caption.caption)) continue;
    seen.add(l.caption.caption);
    captions.push({ caption: l.caption.caption, credit: l.caption.credit, line: l });
  }
  return { headline, bylines, published, modified, body, captions, source, agencyBylines, photographers };
}

/** Each line as the reader judges it (kind, weight, repetition, menu): what an editor sees to know why a line was taken for what. */
export function explainTextPage(text: string): Array<{ number: number; text: string; kind: string; weight: number; count: number; menu: boolean }> {
  return judge(pageLines(text)).map((l) => ({ number: l.number, text: l.text, kind: l.kind, weight: l.weight, count: l.count, menu: l.menu === true }));
}
