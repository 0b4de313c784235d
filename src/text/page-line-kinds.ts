import { isNamedSlashCredit, namesPositionsInPicture, splitCaptionCredit, splitTrailingCredit } from '../extract/captions.js';
import { isCreditLike } from '../extract/credits.js';
import { namesPeople } from '../extract/bylines.js';
import { looksLikePersonName } from '../extract/names.js';
import { agencyInList, wireAgency } from '../extract/agencies.js';
import { COPYRIGHT_LINE, FURNITURE_MENTION, FURNITURE_PHRASE, LEAD_IN, PROMO_LINE, WALL_MENTION, isReadAlsoLink, isShareRow, looksLikeCode } from '../extract/boilerplate.js';
import { startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { copyrightNoticeHolder } from '../extract/trailer.js';
import { MONTH_PATTERN } from '../extract/calendar.js';
import { LABEL as DATE_LABEL } from './page-dates.js';
import { markFactBoxes, markMarkedLists, markStoryLists, markTableRows } from './page-lists.js';

/**
 * The kinds of a page's lines, for the reader of plain-text page copies (src/text/page-lines.ts):
 * each line judged alone by its shape and words (length, closing punctuation, the boilerplate
 * vocabulary, stamps, the credits engine's byline and credit tests), then menus marked as runs of
 * short lines. Every test is bounded: lines are cut to MAX_TEST characters before a pattern runs.
 */

export interface PageLine {
  text: string;
  /** The line's number in the input, from 1. */
  number: number;
  /** How many tab-separated cells the line held before its white space was squashed (a table row), when two or more. */
  cells?: number;
}

/** Lines read; a page's text beyond them is not a story's. */
export const MAX_LINES = 50_000;
/** Characters of a line the tests look at (a longer line is prose whatever else it holds). */
export const MAX_TEST = 2_000;

/**
 * A page's text as lines: each squashed to single spaces, empty ones dropped, numbered as in the
 * input; at most MAX_LINES. The text comes as a string, or as lines already numbered (the
 * paragraphs of hard-wrapped text, each with the input line it starts on).
 */
export function pageLines(text: string | readonly PageLine[]): PageLine[] {
  const input = typeof text === 'string' ? text.replace(/\r\n?/g, '\n').split('\n', MAX_LINES).map((t, i) => ({ text: t, number: i + 1 })) : text.slice(0, MAX_LINES);
  const lines: PageLine[] = [];
  for (const { text: t, number } of input) {
    // A zero-width space is a space, as every stage's clean-up reads it (src/text/clean.ts).
    const squashed = t.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
    // (innerText sets a tab between a table row's cells: HTML Living Standard, the innerText getter.)
    const cells = t.trim().split('\t').filter((c) => c.trim()).length;
    if (squashed) lines.push(cells >= 2 ? { text: squashed, number, cells } : { text: squashed, number });
  }
  return joinSplitLists(joinSplitParentheses(lines));
}

/** A list's conjunction alone on a line, in the bylines' languages (splitNameList's, src/extract/names.ts). */
const CONJUNCTION_ALONE = /^(?:and|und|og|och|et|y|e|en|ja|és|i|&)$/iu;

/**
 * Names a copy split over lines: a page that sets each author's link as a block of its own puts
 * "Jo Kim", "and", "Ana Ruiz" on three lines. A conjunction alone on a line between two short
 * lines (a few words each, no sentence's end) joins them into one line again. (HTML Living
 * Standard, the innerText getter: a block-level element's text is set off by line breaks.)
 */
function joinSplitLists(lines: PageLine[]): PageLine[] {
  const out: PageLine[] = [];
  const short = (l: PageLine | undefined): boolean => l !== undefined && weightOf(l.text) <= 4 && !/[.!?:;,]$/.test(l.text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const prev = out[out.length - 1];
    if (CONJUNCTION_ALONE.test(l.text) && short(prev) && short(lines[i + 1])) {
      out[out.length - 1] = { text: `${prev!.text} ${l.text} ${lines[i + 1]!.text}`, number: prev!.number };
      i++;
      continue;
    }
    out.push(l);
  }
  return out;
}

/**
 * A line that stands on its own in a page's text wherever it stands, and so never the last words
 * of a hard-wrapped paragraph: a byline ("By Jo Kim", "Von Jo Kim, Redakteurin"), a date stamp, a
 * name alone. A line that closes a sentence is a sentence's end instead. (A picture's credit is
 * not among them: a caption wrapped before its "Photo: Jo Kim" is one line again, as the reader
 * wants it.)
 */
export function standsAlone(line: string): boolean {
  const text = line.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  // (A stamp may end with the time's "a.m."/"p.m.", no sentence's full stop: AP Stylebook, "a.m., p.m.".)
  if (!text || (/[.!?]$/.test(text) && !/\b[ap]\.m\.$/i.test(text))) return false;
  const weight = weightOf(text);
  return isBylineLine(text, weight) || isStampLine(text, weight) || isNamesLine(text, weight);
}

/**
 * A parenthesis the copy split over lines: a browser puts an inline element of its own on a line
 * of its own, so "caption (<span>Image:</span> <span>Agency</span>)" comes out as "caption (",
 * "Image:", "Agency)". A line that ends with an opening parenthesis is joined with the next one or
 * two short lines up to the one that closes it; otherwise the lines stay as they are.
 */
function joinSplitParentheses(lines: PageLine[]): PageLine[] {
  const out: PageLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.text.endsWith('(')) {
      let close = -1;
      for (let k = i + 1; k < lines.length && k <= i + 2; k++) {
        const t = lines[k]!.text;
        if (t.length > 80 || t.includes('(')) break;
        if (t.endsWith(')')) {
          close = k;
          break;
        }
      }
      if (close > 0) {
        out.push({ text: [l.text, ...lines.slice(i + 1, close + 1).map((x) => x.text)].join(' ').replace(/\(\s+/, '('), number: l.number });
        i = close;
        continue;
      }
    }
    out.push(l);
  }
  return out;
}

export type Kind = 'furniture' | 'date' | 'byline' | 'caption' | 'credit' | 'prose' | 'title' | 'label';

export interface Judged extends PageLine {
  kind: Kind;
  weight: number;
  /** How often the same text stands on the page. */
  count: number;
  /** Part of a block of short lines (a menu, a list of sections or links). */
  menu?: boolean;
  caption?: { caption: string; credit: string | null };
  /** A line of a sign-up box set between paragraphs (its heading, blurb and button): furniture the body passes cheaply. */
  signup?: boolean;
  /** An item of a list or a row of a table inside the story (src/text/page-lists.ts): body text, no menu. */
  item?: boolean;
}

/** Scripts written without spaces between words: their length in words is estimated from characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;

/** A line's length in words; for Chinese, Japanese and Thai, about two characters make a word. */
export function weightOf(text: string): number {
  const t = text.length > MAX_TEST ? text.slice(0, MAX_TEST) : text;
  const unspaced = t.match(UNSPACED)?.length ?? 0;
  const spaced = t.replace(UNSPACED, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return spaced + Math.round(unspaced / 2);
}

/**
 * Lines that are furniture by their shape rather than their words (the words are the shared
 * vocabulary's, src/extract/boilerplate.ts): a logo's alt text, breadcrumbs "Home | World | Europe".
 */
const FURNITURE_SHAPES: RegExp[] = [
  /\blogo$/i,
  /^[^|›>»]{1,30}(?:\s[|›>»/]\s[^|›>»/]{1,30})+$/,
];

export function isFurniture(line: string): boolean {
  if (line.length > 300) return false;
  return (
    (line.length <= 80 && FURNITURE_PHRASE.test(line)) ||
    (line.length <= 200 && FURNITURE_MENTION.test(line)) ||
    (line.length <= 160 && WALL_MENTION.test(line)) ||
    COPYRIGHT_LINE.test(line) ||
    isShareRow(line) ||
    LEAD_IN.test(line) ||
    isReadAlsoLink(line) ||
    PROMO_LINE.test(line) ||
    looksLikeCode(line) ||
    FURNITURE_SHAPES.some((re) => re.test(line))
  );
}

/** Sentence ends, in the scripts pages are written in (Latin, CJK, Devanagari, Arabic). */
const SENTENCE_END = /[.!?:"”’»)\]。！？।؟…]$/u;

/** A line that reads as a story paragraph: a long line, or a sentence of some length. */
function isProse(text: string, weight: number): boolean {
  return weight >= 25 || (weight >= 8 && SENTENCE_END.test(text));
}


/** A calendar date or a time in any of the calendar's languages and the numeric and CJK styles. */
export const DATE_SHAPE = new RegExp(
  `\\b\\d{1,2}\\.?\\s*(?:${MONTH_PATTERN})(?![\\p{L}])|(?<![\\p{L}])(?:${MONTH_PATTERN})\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b|\\b\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}\\b|(?<![$€£¥])\\b(?:[01]?\\d|2[0-4])[:.h][0-5]\\d\\s*(?:uhr|h|am|pm|a\\.m\\.|p\\.m\\.)?(?![\\p{L}\\d])|\\d{4}\\s*年\\s*\\d{1,2}\\s*月|\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日`,
  'iu',
);
/** Relative times pages print beside or instead of a date ("5 hours ago", "vor 3 Stunden", "il y a 3 heures"). */
export const RELATIVE_TIME = /\b\d+\s*(?:sec(?:ond)?s?|min(?:ute)?s?|minuten?|minutes|h|hrs?|hours?|stunden?|heures?|horas?|ore|uur|timer?|timmar|tuntia|days?|tagen?|jours?|d[ií]as|giorni|dagen|dager|dagar|weeks?|wochen?|semaines?|months?|monate?n?|mois|meses)\b(?:\s+ago)?|\b(?:just now|gerade eben|à l'instant|ahora mismo)\b/i;
const RELATIVE_LEAD = /(?:^|\s)(?:ago|vor|il y a|hace|fa|geleden|siden|sedan|temu)(?:\s|$)/i;

/** The words that label a stamp, wherever they stand in it ("Published …  •  Last updated …"): the page-dates calendar's. */
export const DATE_LABEL_WORDS = new RegExp(DATE_LABEL.source, 'giu');

/** Whether a short line is a date or time stamp, whatever words stand beside it. */
export function isStampLine(line: string, lineWeight: number): boolean {
  // "Posted on <date> by Jo Kim and Ana Ruiz" (the stamp of WordPress's starter theme _s, template-tags.php):
  // the by-lined names closing it are the byline block's, not words of the stamp.
  const byTail = / (?:by|von|par|por|di|av|af) ([^|•·]{2,80})$/u.exec(line.length <= 160 ? line : '');
  const cut = byTail !== null && byTail.index > 0 && isNamesLine(byTail[1]!, weightOf(byTail[1]!)) && DATE_SHAPE.test(line.slice(0, byTail.index));
  const raw = cut ? line.slice(0, byTail.index) : line;
  const weight = cut ? weightOf(raw) : lineWeight;
  // A web address alone ("http://example.to/2hZfW"): its digits and letters are no date or time.
  if (weight > 14 || raw.length > 160 || /^(?:https?:\/\/|www\.)\S+$/i.test(raw.trim())) return false;
  // Pieces the page set in elements of their own run together in its text ("Publiziert17. Dezember",
  // "2 minute readApril 25, 2023"): apart again for the test.
  const text = raw.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/(\p{L})(\d)/gu, '$1 $2');
  if (DATE_SHAPE.test(text)) {
    // What is left besides the date: a label, a name, a place (a few words), not a sentence.
    const rest = text.replace(new RegExp(DATE_SHAPE.source, 'giu'), ' ').replace(new RegExp(RELATIVE_TIME.source, 'gi'), ' ')
      .replace(/\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|lesezeit|lecture|lectura|lettura)\b/gi, ' ').replace(DATE_LABEL_WORDS, ' ')
      .replace(/[\d,.:|•·\-–—/]+/g, ' ');
    return weightOf(rest) <= 6;
  }
  // "5 hours ago", "Published 4 months ago", "Jo Kim 7 hours": a relative time closing a short line.
  return weight <= 8 && RELATIVE_TIME.test(text) && (RELATIVE_LEAD.test(text) || /^(?:published|updated|posted|veröffentlicht|aktualisiert)\b/i.test(text) || weight <= 3 ||
    new RegExp(`(?:${RELATIVE_TIME.source})$`, 'i').test(text));
}



/** A byline line: a by-line lead and a short run of names ("By Jo Kim and Ana Ruiz", "Von: Nadja Berg", "By AFP"). */
export function isBylineLine(text: string, weight: number): boolean {
  if (weight > 14 || /[.!?]$/.test(text) || !startsWithByLead(text) || isShareRow(text)) return false;
  // "Von München bis Aachen: …" names no one: a headline.
  const bare = text.replace(/\s+(?:for|FOR|für|pour|para|per)\s+\S.*$/u, '').replace(/\s*[|•·]\s*.*$|\s+\/\s+.*$/u, '');
  return namesPeople(bare) || agencyInList(stripByLead(bare)) !== null;
}


/** A short line that is a person's name alone ("DYLAN JONES", "Ana Ruiz"), as pages print a byline without its "By". */
/** Words of the major page languages that no name holds ("Subscribe For More Articles", "Support Our Journalism"). */
const NOT_IN_NAMES = new Set(['for', 'more', 'the', 'latest', 'article', 'articles', 'news', 'privacy', 'cookies', 'impressum', 'datenschutz', 'events', 'points', 'of', 'to', 'in', 'on', 'with', 'our', 'your', 'my', 'and', 'or', 'new', 'all', 'from', 'now', 'here', 'this', 'about', 'und', 'die', 'das', 'mit', 'für', 'zum', 'zur', 'et', 'les', 'des', 'pour', 'avec', 'y', 'los', 'las', 'para', 'con', 'il', 'per', 'het', 'een', 'voor', 'og', 'och', 'för', 'på', 'til', 'i']);

export function isNameLine(text: string, weight: number): boolean {
  if (weight < 2 || weight > 5 || /[.!?:;]$/.test(text) || /\d/.test(text) || !/^\p{Lu}/u.test(text)) return false;
  if (text.split(/\s+/).some((w) => NOT_IN_NAMES.has(w.toLowerCase()))) return false;
  if (text === text.toUpperCase() && weight > 3) return false;
  const name = text === text.toUpperCase() ? text.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()) : text;
  return looksLikePersonName(name);
}


/** A credit with its label: "Foto: Ana Ruiz", "© Agentur", "(Image: Getty)", "Photo by Jo Kim"; the credit, or null. */
function labelledCredit(text: string): string | null {
  if (text.length > 160) return null;
  // (Arabic papers label a picture's credit "تصوير:" (photography by) or "صورة:" (picture), as others "Foto:".)
  // The closing bracket goes with an opening one ("(Image: Getty)"); one that closes a bracket of
  // the credit's own stays ("Foto: Ana Ruiz (EFE)", the agency in brackets as Spanish papers print it).
  const bracketed = text.startsWith('(') && text.endsWith(')');
  const inner = bracketed ? text.slice(1, -1) : text;
  const labelled = /^\s*(?:(?:image|photo|picture)\s+credit|photo(?:graph)?|picture|image|credit|foto|bild|bilde|kuva|zdjęcie|фото|ảnh|사진|写真|quelle|bildquelle|bildrechte|source|fuente|fonte|bron|تصوير|صورة|©|\(c\))\s*[:=：]?\s*(.+)$/iu.exec(inner);
  if (labelled && labelled[1]!.trim() && /^\s*(?:©|\(c\)|\S+\s*[:=])/iu.test(inner)) return labelled[1]!.trim();
  if (/^\s*(?:photo|picture|image|foto)s?\s+by\s+\S/i.test(inner)) return inner.trim();
  return null;
}

/** A name alone in parentheses, closing a text: "(ANI)", "( NTB )". */
const SIGN_OFF = /^\(\s*[\p{L}-]{2,12}\s*\)$/u;

/** A caption's credit on a line of its own: labelled, or a credit the engine knows ("REUTERS/Jo Kim"). */
function creditLine(text: string): string | null {
  if (text.length > 160) return null;
  // "© 2026 Ridgeway Ledger": the sign, a year and the owner are the page's copyright notice, as the
  // U.S. Copyright Act sets a notice out (17 U.S.C. § 401(b)); a picture's credit names its holder alone ("© Jo Kim").
  if (copyrightNoticeHolder(text) !== null) return null;
  // "By Jo Kim / AFP", "By Jo Kim, Reuters": a by-lined name with its agency is the story's byline
  // (AP Media API, "About bylines": by-line, then the agency), where a picture's credit is labelled ("Photo: …") or bare ("Jo Kim/AFP").
  if (isBylineLine(text, weightOf(text))) return null;
  // "(ANI)", "(NTB)": a wire agency's name alone in parentheses under a text signs that text off, as ANI,
  // IANS and NTB close their stories and boxes; a picture's credit is labelled or names its photographer.
  if (SIGN_OFF.test(text) && wireAgency(text)) return null;
  return labelledCredit(text) ?? (isCreditLike(text) ? text : null);
}

/**
 * "… on Friday. Jo Kim/Nordbild": a caption's last sentence closed by an unlabelled photographer/outlet
 * credit the engine reads as one (isNamedSlashCredit, as the HTML reader does), the outlet unknown to it.
 * AP Stylebook, "captions": the credit follows the caption's text.
 */
function namedSlashTail(text: string): { caption: string; credit: string } | null {
  if (!text.includes('/')) return null;
  const from = Math.max(0, text.length - 84);
  for (const m of text.slice(from).matchAll(/[.!?”"'’]\s/gu)) {
    const at = from + m.index + 1;
    const caption = text.slice(0, at).trim();
    const credit = text.slice(at).trim();
    if (caption.length >= 12 && !isCreditLike(credit) && isNamedSlashCredit(credit)) return { caption, credit };
  }
  return null;
}

/** A caption line: its text and the credit it ends with ("... in Sochi. REUTERS/Jo Kim", "... © Agentur"). */
function captionOf(text: string): { caption: string; credit: string | null } | null {
  if (text.length > MAX_TEST) return null;
  // A credit the engine knows ("(AP Photo/X)", "REUTERS/X") stays on the caption: buildPicture splits it.
  const known = splitCaptionCredit(text);
  const printed = splitTrailingCredit(text);
  // Unless a labelled or separated credit reaches further left and holds it: the engine's split
  // would cut that credit in two ("… country AP Photo/Jo Kim", "… Foto: Agentur / SZ Photo | Jo Kim").
  if (known.credit) {
    const longer = printed.credit !== null && printed.caption.length < known.caption.length && printed.caption.length >= 12 && printed.credit.endsWith(known.credit.replace(/^\(|\)$/g, ''));
    return longer ? printed : { caption: text, credit: null };
  }
  if (printed.credit && printed.caption.length >= 12) return printed;
  const slashed = namedSlashTail(text);
  if (slashed) return slashed;
  if (/^FILE(?: PHOTO)?\s*[:\-–—]/.test(text) && weightOf(text) >= 5) return { caption: text, credit: null };
  // People told apart by where they stand ("Ana Ruiz, left, talks with …"): AP caption style.
  if (namesPositionsInPicture(text)) {
    const weight = weightOf(text);
    if (weight >= 6 && weight <= 90) return { caption: text, credit: null };
  }
  return null;
}

export function judge(lines: PageLine[]): Judged[] {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);
  const out: Judged[] = lines.map((l) => {
    const weight = weightOf(l.text);
    const base = { ...l, weight, count: counts.get(l.text) ?? 1 };
    // A byline first: "By Jo Kim | Example News" has a breadcrumb's shape.
    if (isBylineLine(l.text, weight)) return { ...base, kind: 'byline' };
    // A stamp line; which date it states is read by src/text/page-dates.ts.
    if (isStampLine(l.text, weight)) return { ...base, kind: 'date' };
    if (isFurniture(l.text)) return { ...base, kind: 'furniture' };
    const caption = captionOf(l.text);
    if (caption) return { ...base, kind: 'caption', caption };
    // A picture's credit on a line of its own, labelled ("Photo: Jo Kim/Agency", "© Agency"): no title, no text.
    if (weight <= 12 && base.count === 1 && labelledCredit(l.text)) return { ...base, kind: 'credit' };
    if (isProse(l.text, weight)) return { ...base, kind: 'prose' };
    if (weight >= 3 && !/[,;]$/.test(l.text)) return { ...base, kind: 'title' };
    return { ...base, kind: 'label' };
  });
  markMenus(out);
  markSignupBoxes(out);
  markBareNameCredits(out);
  // A line followed by its credit on a line of its own is a caption; the credit line is no text.
  // A line the page prints more than once is a caption when a credit follows it every time (a
  // slideshow prints each slide's caption twice), else its headline over a picture with a credit.
  const creditAfter = new Map<string, number>();
  for (let i = 0; i + 1 < out.length; i++) {
    if (out[i]!.count > 1 && creditLine(out[i + 1]!.text)) creditAfter.set(out[i]!.text, (creditAfter.get(out[i]!.text) ?? 0) + 1);
  }
  for (let i = 0; i + 1 < out.length; i++) {
    const l = out[i]!;
    const next = out[i + 1]!;
    const creditless = l.kind === 'caption' && l.caption?.credit === null;
    if ((l.kind !== 'prose' && l.kind !== 'title' && !creditless) || l.weight < 3 || (l.weight > 60 && !creditless) || next.kind === 'prose') continue;
    if (l.kind === 'title' && l.count > 1 && creditAfter.get(l.text) !== l.count) continue;
    const credit = creditLine(next.text);
    if (!credit) continue;
    out[i] = { ...l, kind: 'caption', caption: { caption: l.text, credit } };
    out[i + 1] = { ...next, kind: 'credit' };
  }
  markStoryLists(out);
  markFactBoxes(out);
  markMarkedLists(out);
  markTableRows(out);
  return out;
}

/** How many words a caption over a bare name credit has at most (a paragraph above a subheading is longer). */
const CAPTION_WORDS = 20;

/** A photographer's name alone as a credit: two to four name words, no by-word or label. */
function bareCreditName(text: string): boolean {
  const weight = weightOf(text);
  // (Not in capitals: a subheading or an author box's name is set so, a caption's credit in the caption's type.)
  return weight >= 2 && weight <= 4 && !/[.,;:!?]$/.test(text) && /\p{Ll}/u.test(text) && looksLikePersonName(text, { context: 'credit' });
}

/**
 * A caption's credit printed as a bare name, on the caption's line after its last sentence ("… on
 * Friday. Jo Kim") or on a line of its own under it, the outlet perhaps on the next ("Jo Kim" /
 * "Nordbild"): Chicago Manual of Style 3.29-3.37, the credit line follows the caption. Only in a
 * story with a by-lined byline above (the name then is no author's), between a sentence of caption
 * length above and the story's prose below.
 */
function markBareNameCredits(judged: Judged[]): void {
  let byline = false;
  for (let i = 0; i + 1 < judged.length; i++) {
    const l = judged[i]!;
    if (l.kind === 'byline' && startsWithByLead(l.text)) byline = true;
    if (!byline || (l.kind !== 'prose' && l.kind !== 'title') || l.menu || l.count > 1 || l.weight > 40) continue;
    const next = judged[i + 1]!;
    // "… on Friday. Jo Kim": the name after the line's last sentence (the line then reads as a title, ending without a stop).
    const tail = /^(.{12,}[.!?])\s(\p{Lu}[^.!?]{2,40})$/u.exec(l.text.length <= 400 ? l.text : '');
    if (tail && bareCreditName(tail[2]!) && next.kind === 'prose') {
      judged[i] = { ...l, kind: 'caption', caption: { caption: tail[1]!, credit: tail[2]! } };
      continue;
    }
    // "caption." / "Jo Kim" / ("Nordbild") / story prose.
    if (l.kind !== 'prose' || l.weight > CAPTION_WORDS || !/[.!?]$/.test(l.text) || next.count > 1 || next.menu || (next.kind !== 'label' && next.kind !== 'title') || !bareCreditName(next.text)) continue;
    const outlet = judged[i + 2];
    const withOutlet = outlet !== undefined && outlet.kind === 'label' && outlet.weight === 1 && !outlet.menu && /^\p{Lu}/u.test(outlet.text) && judged[i + 3]?.kind === 'prose';
    if (!withOutlet && judged[i + 2]?.kind !== 'prose') continue;
    const credit = withOutlet ? `${next.text}/${outlet.text}` : next.text;
    judged[i] = { ...l, kind: 'caption', caption: { caption: l.text, credit } };
    judged[i + 1] = { ...next, kind: 'credit' };
    if (withOutlet) judged[i + 2] = { ...outlet, kind: 'credit' };
  }
}

/**
 * A newsletter sign-up box as a copy prints it: a line naming the newsletter ("Newsletter", "Sign up
 * for our free morning newsletter."), a title-like heading right above it, a short blurb and its
 * button (three words at most) below it: at most SIGNUP_LINES lines, the button last. Its lines are
 * furniture, the blurb too (WAI-ARIA Authoring Practices, "Landmark regions": a sign-up form is
 * complementary content, not the main text).
 */
const SIGNUP_LINES = 4;

/** A sign-up form's button in the languages pages print it ("Sign up", "S'inscrire", "Jetzt anmelden", "Suscríbete", "Aanmelden"). */
const SIGNUP_BUTTON = /^(?:sign (?:me )?up|subscribe|register|s['’]inscrire|je m['’]inscris|inscrivez-vous|(?:jetzt )?(?:anmelden|abonnieren|registrieren)|suscr[ií]b(?:ete|irse)|inscr[ií]b(?:ete|irse)|iscriviti|(?:meld je )?aan(?:melden)?|abonneer|inscreva-se|assinar|meld (?:deg|dig|mig) på|abonner)[.!]?$/iu;

function markSignupBoxes(judged: Judged[]): void {
  for (let i = 0; i < judged.length; i++) {
    const l = judged[i]!;
    if (l.kind !== 'furniture' || l.menu || l.weight > 15 || !FURNITURE_MENTION.test(l.text)) continue;
    // The button: the first line of three words or fewer below, past at most one short blurb.
    let b = i + 1;
    while (b < judged.length && b - i <= 2 && judged[b]!.weight > 3 && judged[b]!.weight <= 15 && judged[b]!.count === 1 && judged[b]!.kind !== 'caption') b++;
    const button = judged[b];
    if (!button || b - i > 2 || button.weight > 3 || !SIGNUP_BUTTON.test(button.text)) continue;
    const head = judged[i - 1];
    const from = head && (head.kind === 'title' || head.kind === 'label') && !head.menu && head.weight <= 12 && b - i + 1 < SIGNUP_LINES ? i - 1 : i;
    // The form's fine print under its button ("Privacy Notice: Newsletters may contain …").
    const fine = judged[b + 1];
    const to = fine && fine.weight <= 60 && FURNITURE_MENTION.test(fine.text) ? b + 1 : b;
    for (let k = from; k <= to; k++) judged[k] = { ...judged[k]!, kind: 'furniture', signup: true };
    i = to;
  }
}

/** Lines in a menu: runs of at least MENU_RUN consecutive short lines (labels, titles, furniture of three words or fewer). */
const MENU_RUN = 4;

function markMenus(judged: Judged[]): void {
  const short = (l: Judged): boolean => l.weight <= 4 && (l.kind === 'label' || l.kind === 'title' || l.kind === 'furniture');
  let start = 0;
  for (let i = 0; i <= judged.length; i++) {
    if (i < judged.length && short(judged[i]!)) continue;
    // The run's last line before a standfirst, a byline or a date stamp is a short headline, not a menu item.
    const next = judged[i];
    const end = next && (next.kind === 'prose' || next.kind === 'date' || next.kind === 'byline' || (next.kind === 'title' && next.weight >= 8)) ? i - 1 : i;
    if (end - start >= MENU_RUN) for (let j = start; j < end; j++) judged[j]!.menu = true;
    start = i + 1;
  }
}

/** A line of names without a "By": "Ana Ruiz and AP", "Jo Kim, Ana Ruiz (Special correspondent)", "Associated Press in Valencia". */
export function isNamesLine(text: string, weight: number): boolean {
  if (weight < 2 || weight > 14 || /[.!?:;]$/.test(text) || /\d/.test(text)) return false;
  const bare = text.replace(/\s*\([^()]{1,60}\)\s*/g, ' ').replace(/\s+in\s+\p{Lu}[\p{L}\s-]{1,40}$/u, '').trim();
  const parts = bare.split(/\s*,\s*|\s+(?:and|und|y|et|e|og|och|en|i)\s+|\s*&\s*/u).filter(Boolean);
  if (parts.length === 0 || parts.length > 6) return false;
  let people = 0;
  for (const p of parts) {
    if (isNameLine(p, weightOf(p))) people++;
    else if (!agencyInList(p)) return false;
  }
  return people > 0 || parts.length > 0 && bare !== text;
}


/** A line's content words, lower case: words of four letters or more; in unspaced scripts, pairs of characters. Capped at 200 characters. */
export function contentWords(text: string): string[] {
  const t = text.slice(0, 200).toLowerCase();
  const out = t.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !UNSPACED_ONE.test(w));
  const cjk = t.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu, ' ');
  for (const run of cjk.split(' ')) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}
const UNSPACED_ONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

