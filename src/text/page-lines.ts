import { parseDate } from './dates.js';
import { pageDates } from './page-dates.js';
import { splitCaptionCredit, splitTrailingCredit } from '../extract/captions.js';
import { isCreditLike } from '../extract/credits.js';
import { namesPeople } from '../extract/bylines.js';
import { isTitleOnly, looksLikePersonName } from '../extract/names.js';
import { agencyInList } from '../extract/agencies.js';
import { COPYRIGHT_LINE, FURNITURE_MENTION, FURNITURE_PHRASE, LEAD_IN, PROMO_LINE, STORY_END, isShareRow, looksLikeCode } from '../extract/boilerplate.js';
import { isByWordAlone, startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { MONTH_PATTERN } from '../extract/calendar.js';

/**
 * The story in a news page's plain text: what a reader gets by selecting all text on the page
 * and copying it (one block per line, menus, share rows, teasers and boxes mixed in). There is
 * no markup to say which line is what, so each line is judged by its shape and words (length,
 * closing punctuation, repetition, the boilerplate vocabulary, the credits engine's byline and
 * credit tests), and the story is found as a sequence over the lines:
 *
 * 1. the body is the page's densest run of prose: a maximum-sum run over per-line scores (prose
 *    lines score by their length, furniture and short labels cost), cut at the heading of a box
 *    that follows a story ("Read more", "Related");
 * 2. the headline is the title-like line above that run, past the byline, date and caption lines
 *    that stand between them (a kicker above it and a standfirst below it are told apart by length);
 * 3. bylines and dates are read from the lines between the headline and the body;
 * 4. captions are lines that end with a credit, or are followed by a credit line.
 *
 * Linear in the input: each pass is one walk over the lines; lines are at most MAX_LINES.
 */

export interface PageLine {
  text: string;
  /** The line's number in the input, from 1. */
  number: number;
}

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
}

/** Lines read; a page's text beyond them is not a story's. */
const MAX_LINES = 50_000;
/** Characters of a line the tests look at (a longer line is prose whatever else it holds). */
const MAX_TEST = 2_000;

type Kind = 'furniture' | 'date' | 'byline' | 'caption' | 'credit' | 'prose' | 'title' | 'label';

interface Judged extends PageLine {
  kind: Kind;
  weight: number;
  /** How often the same text stands on the page. */
  count: number;
  /** Part of a block of short lines (a menu, a list of sections or links). */
  menu?: boolean;
  caption?: { caption: string; credit: string | null };
}

/** Scripts written without spaces between words: their length in words is estimated from characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;

/** A line's length in words; for Chinese, Japanese and Thai, about two characters make a word. */
function weightOf(text: string): number {
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

function isFurniture(line: string): boolean {
  if (line.length > 300) return false;
  return (
    (line.length <= 80 && FURNITURE_PHRASE.test(line)) ||
    (line.length <= 200 && FURNITURE_MENTION.test(line)) ||
    COPYRIGHT_LINE.test(line) ||
    isShareRow(line) ||
    LEAD_IN.test(line) ||
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

const DATE_LABEL = /^(?:published|first published|posted|updated|last updated|modified|date|veröffentlicht|aktualisiert|erstellt|stand|publié(?:\s+le)?|mis à jour(?:\s+le)?|actualizado|publicado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publisert|oppdatert|publicerad|uppdaterad|udgivet|opdateret|opublikowano|aktualizacja|julkaistu|päivitetty)\b\s*[:.]?\s*(?:on\s+|am\s+|le\s+|el\s+|il\s+|op\s+)?(.+)$/iu;
const MODIFIED_LABEL = /^(?:updated|last updated|modified|aktualisiert|stand|mis à jour|actualizado|aggiornato|bijgewerkt|oppdatert|uppdaterad|opdateret|aktualizacja|päivitetty)/i;

/** A time or a year-like number: what a date line holds. */
const DATEISH = /\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/;
/** A calendar date or a time in any of the calendar's languages and the numeric and CJK styles. */
const DATE_SHAPE = new RegExp(
  `\\b\\d{1,2}\\.?\\s*(?:${MONTH_PATTERN})(?![\\p{L}])|(?<![\\p{L}])(?:${MONTH_PATTERN})\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b|\\b\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}\\b|\\b\\d{1,2}[:.h]\\d{2}\\s*(?:uhr|h|am|pm|a\\.m\\.|p\\.m\\.)?(?![\\p{L}\\d])|\\d{4}\\s*年\\s*\\d{1,2}\\s*月|\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日`,
  'iu',
);
/** Relative times pages print beside or instead of a date ("5 hours ago", "vor 3 Stunden", "il y a 3 heures"). */
const RELATIVE_TIME = /\b\d+\s*(?:sec(?:ond)?s?|min(?:ute)?s?|minuten?|minutes|h|hrs?|hours?|stunden?|heures?|horas?|ore|uur|timer?|timmar|tuntia|days?|tagen?|jours?|d[ií]as|giorni|dagen|dager|dagar|weeks?|wochen?|semaines?|months?|monate?n?|mois|meses)\b(?:\s+ago)?|\b(?:just now|gerade eben|à l'instant|ahora mismo)\b/i;
const RELATIVE_LEAD = /(?:^|\s)(?:ago|vor|il y a|hace|fa|geleden|siden|sedan|temu)(?:\s|$)/i;

/** The words that label a stamp, wherever they stand in it ("Published …  •  Last updated …"). */
const DATE_LABEL_WORDS = /\b(?:first published|published|last updated|updated|posted|veröffentlicht|aktualisiert|erstellt|publié|mis à jour|actualizado|publicado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publisert|oppdatert|publicerad|uppdaterad|opublikowano)\b/gi;

/** Whether a short line is a date or time stamp, whatever words stand beside it. */
function isStampLine(raw: string, weight: number): boolean {
  if (weight > 14 || raw.length > 160) return false;
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

/** "GMT+8" and "UTC+05:30" as ISO offsets, so `parseDate` can read web-page times. */
function webDate(value: string): string | null {
  const v = value
    .replace(/\s*\|.*$/, '')
    .replace(/\s+at\s+/i, ' ')
    .replace(/\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b/i, (_, sign: string, h: string, m: string | undefined) => ` ${sign}${h.padStart(2, '0')}:${m ?? '00'}`)
    .replace(/\s+/g, ' ')
    .trim();
  const direct = parseDate(v);
  if (direct) return direct;
  const numeric = /(?:^|\s)(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(v);
  if (numeric) return parseDate(`${numeric[3]}-${numeric[2]!.padStart(2, '0')}-${numeric[1]!.padStart(2, '0')}`);
  // A time without a zone is not an instant; the calendar date it states still is a date.
  const day = /^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}|\d{4}-\d{2}-\d{2})/.exec(v);
  return day ? parseDate(day[1]!.replace(/\.(?= )/, '')) : null;
}

/** A line that is a date stamp, and the date it states when the calendar reads it. */
function dateOfLine(text: string, weight: number): { iso: string | null; modified: boolean } | null {
  if (!isStampLine(text, weight)) return null;
  const labelled = DATE_LABEL.exec(text);
  if (labelled) return { iso: DATEISH.test(labelled[2] ?? labelled[1]!) ? webDate(labelled[1]!) : null, modified: MODIFIED_LABEL.test(text) };
  return { iso: DATEISH.test(text) ? webDate(text) : null, modified: MODIFIED_LABEL.test(text) };
}

/** A byline line: a by-line lead and a short run of names ("By Jo Kim and Ana Ruiz", "Von: Nadja Berg", "By AFP"). */
function isBylineLine(text: string, weight: number): boolean {
  if (weight > 14 || /[.!?]$/.test(text) || !startsWithByLead(text) || isShareRow(text)) return false;
  // "Von München bis Aachen: …" names no one: a headline.
  const bare = text.replace(/\s+(?:for|FOR|für|pour|para|per)\s+\S.*$/u, '').replace(/\s*[|•·]\s*.*$/u, '');
  return namesPeople(bare) || agencyInList(stripByLead(bare)) !== null;
}

/** A short line that is a person's name alone ("DYLAN JONES", "Ana Ruiz"), as pages print a byline without its "By". */
/** Words of the major page languages that no name holds ("Subscribe For More Articles", "Support Our Journalism"). */
const NOT_IN_NAMES = new Set(['for', 'more', 'the', 'of', 'to', 'in', 'on', 'with', 'our', 'your', 'my', 'and', 'or', 'new', 'all', 'from', 'now', 'here', 'this', 'about', 'und', 'die', 'das', 'mit', 'für', 'zum', 'zur', 'et', 'les', 'des', 'pour', 'avec', 'y', 'los', 'las', 'para', 'con', 'il', 'per', 'het', 'een', 'voor', 'og', 'och', 'för', 'på', 'til', 'i']);

function isNameLine(text: string, weight: number): boolean {
  if (weight < 2 || weight > 5 || /[.!?:;]$/.test(text) || /\d/.test(text) || !/^\p{Lu}/u.test(text)) return false;
  if (text.split(/\s+/).some((w) => NOT_IN_NAMES.has(w.toLowerCase()))) return false;
  if (text === text.toUpperCase() && weight > 3) return false;
  const name = text === text.toUpperCase() ? text.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()) : text;
  return looksLikePersonName(name);
}

/** A caption's credit on a line of its own: "Foto: Ana Ruiz", "© Agentur", "(Image: Getty)", "REUTERS/Jo Kim". */
function creditLine(text: string): string | null {
  if (text.length > 160) return null;
  const labelled = /^\(?\s*(?:(?:image|photo|picture)\s+credit|photo(?:graph)?|picture|image|credit|foto|bild|bilde|kuva|zdjęcie|фото|ảnh|사진|写真|quelle|bildquelle|bildrechte|source|fuente|fonte|bron|©|\(c\))\s*[:=：]?\s*(.+?)\)?$/iu.exec(text);
  if (labelled && labelled[1]!.trim() && /^\(?\s*(?:©|\(c\)|\S+\s*[:=])/iu.test(text)) return labelled[1]!.trim();
  if (/^\(?\s*(?:photo|picture|image|foto)s?\s+by\s+\S/i.test(text)) return text.replace(/^\(|\)$/g, '').trim();
  return isCreditLike(text) ? text : null;
}

/** A caption line: its text and the credit it ends with ("... in Sochi. REUTERS/Jo Kim", "... © Agentur"). */
function captionOf(text: string): { caption: string; credit: string | null } | null {
  if (text.length > MAX_TEST) return null;
  // A credit the engine knows ("(AP Photo/X)", "REUTERS/X") stays on the caption: buildPicture splits it.
  if (splitCaptionCredit(text).credit) return { caption: text, credit: null };
  const printed = splitTrailingCredit(text);
  if (printed.credit && printed.caption.length >= 12) return printed;
  if (/^FILE(?: PHOTO)?\s*[:\-–—]/.test(text) && weightOf(text) >= 5) return { caption: text, credit: null };
  return null;
}

function judge(lines: PageLine[]): Judged[] {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);
  const out: Judged[] = lines.map((l) => {
    const weight = weightOf(l.text);
    const base = { ...l, weight, count: counts.get(l.text) ?? 1 };
    // A byline first: "By Jo Kim | Example News" has a breadcrumb's shape.
    if (isBylineLine(l.text, weight)) return { ...base, kind: 'byline' };
    if (dateOfLine(l.text, weight)) return { ...base, kind: 'date' };
    if (isFurniture(l.text)) return { ...base, kind: 'furniture' };
    const caption = captionOf(l.text);
    if (caption) return { ...base, kind: 'caption', caption };
    if (isProse(l.text, weight)) return { ...base, kind: 'prose' };
    if (weight >= 3 && !/[,;]$/.test(l.text)) return { ...base, kind: 'title' };
    return { ...base, kind: 'label' };
  });
  markMenus(out);
  // A line followed by its credit on a line of its own is a caption; the credit line is no text.
  for (let i = 0; i + 1 < out.length; i++) {
    const l = out[i]!;
    const next = out[i + 1]!;
    if ((l.kind !== 'prose' && l.kind !== 'title') || l.weight < 3 || next.kind === 'prose') continue;
    // A title the page prints more than once is its headline, over a picture that has only a credit.
    if (l.kind === 'title' && l.count > 1) continue;
    const credit = creditLine(next.text);
    if (!credit) continue;
    out[i] = { ...l, kind: 'caption', caption: { caption: l.text, credit } };
    out[i + 1] = { ...next, kind: 'credit' };
  }
  return out;
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
function isNamesLine(text: string, weight: number): boolean {
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

/** Per-line scores of the body search: prose gains by its length, furniture and labels cost. */
function bodyScore(l: Judged): number {
  switch (l.kind) {
    case 'prose': return l.count > 1 ? 0 : 1 + Math.min(l.weight, 150) / 25;
    case 'caption': case 'credit': return 0;
    case 'date': case 'byline': return -0.3;
    case 'title': return -0.5;
    case 'label': return -1;
    case 'furniture': return -1.5;
  }
}

/** The densest run of prose: the maximum-sum run of scores, never across the heading of a box that follows a story. */
function bodyRun(judged: Judged[]): [number, number] | null {
  let best: [number, number] | null = null;
  let bestSum = 0;
  let start = 0;
  let sum = 0;
  for (let i = 0; i < judged.length; i++) {
    const l = judged[i]!;
    if (STORY_END.test(l.text) && l.weight <= 12) {
      sum = 0;
      start = i + 1;
      continue;
    }
    sum += bodyScore(l);
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
  return [s, e];
}

/** A line's content words, lower case: words of four letters or more; in unspaced scripts, pairs of characters. Capped at 200 characters. */
function contentWords(text: string): string[] {
  const t = text.slice(0, 200).toLowerCase();
  const out = t.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !UNSPACED_ONE.test(w));
  const cjk = t.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu, ' ');
  for (const run of cjk.split(' ')) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}
const UNSPACED_ONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** How far above the body's densest run the headline is looked for. */
const HEADLINE_REACH = 150;
/** How many lines below a headline its byline and date lines stand. */
const META_REACH = 6;

/** A line that could be a headline: a few words to a long sentence, opening as a title does, not a label or stamp. */
function titleLike(l: Judged): boolean {
  // Headlines take no full stop (AP and Reuters style; one of the 171 fundus titles ends with "...").
  if (!(l.kind === 'title' || (l.kind === 'prose' && l.weight <= 40)) || l.menu || l.weight < 2 || /[,;:]$|[^.]\.$/.test(l.text)) return false;
  if (isNamesLine(l.text, l.weight) || (l.weight <= 8 && bylineOf(l.text) !== null)) return false;
  return /^[\p{Lu}\p{Lo}\p{N}"'“‘„«‹¿¡([-]/u.test(l.text);
}

/**
 * The byline a line of the byline block prints, cleaned of what the page set beside it: pieces
 * run together ("Emma KellyLifestyle Writer", "byJo Kim"), a job title after the name ("Jo Kim
 * Parliamentary editor"), a stamp beside it ("Jo Kim | Published 2 days ago", "Published 28 April
 * 2024, 14:26, Jo Kim"). Null when no part names a person.
 */
function bylineOf(text: string): string | null {
  if (text.length > 200) return null;
  const apart = text.replace(/^(by|By|BY|von|Von|VON|par|Par|PAR|por|Por|POR)(?=\p{Lu})/u, '$1 ').replace(/(\p{Ll}{3})(\p{Lu})/gu, '$1 $2');
  const named = (raw: string): string | null => {
    // "By Jo Kim for Example.com": the name and its affiliation; "Jo Kim 4 May 2025": the name before its stamp;
    // "Kolumne von Jo Kim", "An analysis by Jo Kim": the by-word after the piece's genre; "Autorin/Autor Jo Kim": a label.
    let seg = raw.replace(/\s+(?:for|FOR|für|pour|para|per)\s+\S.*$/u, '')
      .replace(/^(?:\p{L}+\s+){1,2}(by|von|par|di|por|door|av|af)\s+(?=\p{Lu})/u, 'By ')
      .replace(/^(?:autor(?:in)?(?:\/autor(?:in)?)?|author|auteur|autore)\s+(?=\p{Lu})/iu, '');
    if (seg && isStampLine(seg, weightOf(seg))) {
      const m = DATE_SHAPE.exec(seg) ?? RELATIVE_TIME.exec(seg);
      seg = m ? seg.slice(0, m.index).replace(DATE_LABEL_WORDS, ' ').replace(/[\s,|•·/-]+$/u, '').trim() : '';
    }
    if (!seg || isStampLine(seg, weightOf(seg))) return null;
    if (startsWithByLead(seg) && namesPeople(seg)) return seg;
    // A job title after the name: title words dropped from the end.
    const by = startsWithByLead(seg);
    const ws = (by ? stripByLead(seg) : seg).split(/\s+/);
    while (ws.length > 2 && (isTitleOnly(ws[ws.length - 1]!) || isShareRow(ws[ws.length - 1]!))) ws.pop();
    const name = ws.join(' ');
    if (by) return namesPeople(`By ${name}`) ? `By ${name}` : null;
    return isNamesLine(name, weightOf(name)) ? name : null;
  };
  const whole = named(apart.trim());
  if (whole) return whole;
  for (const segment of apart.split(/\s*[|•·]\s*|\s+[-–—/]\s+|,\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/u)) {
    const found = named(segment.trim());
    if (found) return found;
  }
  return null;
}

/** A by-word before a capitalised name anywhere in a short line ("Kolumne von Jo Kim"). */
const BY_WORD_INSIDE = /(?:^|\s)(?:by|By|BY|von|Von|par|Par|di|por|Por)\s+\p{Lu}/u;

/** A label line before the author's name: "Author of the article:", "Autorin:", "Testo di:". */
const AUTHOR_LABEL = /^(?:author|authors|autor|autorin|autoren|auteur|autore|autora|forfatter|författare|text|texto|testo|written by)\b[^:]{0,30}:$/i;

/** Whether line `i` stands in a byline block: a date stamp, a byline or a by-word within two lines, or its own stamp ("Jo Kim | 2 days ago"). */
function inBylineBlock(judged: Judged[], i: number): boolean {
  if (judged[i]!.kind === 'date') return true;
  for (let j = Math.max(0, i - 2); j <= Math.min(judged.length - 1, i + 2); j++) {
    if (j === i) continue;
    const l = judged[j]!;
    if (l.kind === 'date' || l.kind === 'byline' || isByWordAlone(l.text)) return true;
  }
  return false;
}

/** How near below `i` a headline's marks stand (a byline, a date stamp or a name, before any long prose): lines, or 0 for none. */
function metaBelow(judged: Judged[], i: number): number {
  let seen = 0;
  for (let j = i + 1; j < judged.length && j <= i + META_REACH; j++) {
    const l = judged[j]!;
    seen++;
    if (l.kind === 'date' || l.kind === 'byline' || isByWordAlone(l.text)) return seen;
    if ((l.kind === 'title' || l.kind === 'label') && !l.menu && isNamesLine(l.text, l.weight)) return seen;
    if (l.kind === 'prose' && l.weight > 40) return 0;
  }
  return 0;
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
  const trace = process.env.WIREDESK_TRACE_HEADLINE === "1";
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
    let score = 0;
    const meta = metaBelow(judged, i);
    if (meta) score += meta <= 2 ? 3 : meta <= 4 ? 2.7 : 2.4;
    for (let j = i + 1; j < judged.length && j <= i + 4; j++) {
      if (judged[j]!.kind === 'prose') {
        score += 1;
        break;
      }
    }
    if (l.count > 1 && l.kind === 'title') score += 1;
    const words = contentWords(l.text);
    if (words.length) score += 1.5 * (words.filter((w) => storyWords.has(w)).length / words.length);
    if (l.weight <= 3) score -= 1.5;
    else if (l.weight <= 25) score += 0.5;
    if (l.kind === 'prose') score -= 1;
    score -= 0.02 * Math.min(Math.abs(runStart - i), 40);
    if (trace) console.error(`headline? line ${l.number} score ${score.toFixed(2)} ${l.kind}${l.menu ? ' menu' : ''}: ${l.text.slice(0, 70)}`);
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
    (l.kind === 'prose' ? above.weight >= 3 : above.weight >= 5 && l.weight >= 8)) return j;
  // A long standfirst under "headline, byline" or "headline, date": the shorter title above the byline block.
  if (l.kind === 'prose' || l.weight >= 15) {
    for (let k = best - 1, seen = 0; k >= floor && seen < 4; k--, seen++) {
      const c = judged[k]!;
      if (c.kind === 'byline' || c.kind === 'date' || c.kind === 'furniture' || (c.kind === 'label' && c.weight <= 2)) continue;
      if (titleLike(c) && c.kind === 'title' && c.weight >= 3 && c.weight < l.weight && !c.text.includes(l.text)) return k;
      break;
    }
  }
  return best;
}

/** Reads the story out of a page's text (see the module comment). */
export function readTextPage(text: string): TextPage {
  const raw = text.replace(/\r\n?/g, '\n').split('\n', MAX_LINES);
  const lines: PageLine[] = [];
  for (const [i, t] of raw.entries()) {
    const squashed = t.replace(/[\s\u00a0]+/g, ' ').trim();
    if (squashed) lines.push({ text: squashed, number: i + 1 });
  }
  const judged = judge(lines);
  const run = bodyRun(judged);
  const runStart = run ? run[0] : judged.length - 1;
  const bodyEnd = run ? run[1] : -1;
  const headlineAt = judged.length ? headlineAbove(judged, Math.max(0, runStart)) : -1;
  const headline = headlineAt >= 0 ? judged[headlineAt]! : null;
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

  // Bylines: between the headline and the body, and the first lines of the body.
  const from = headlineAt >= 0 ? headlineAt + 1 : Math.max(0, bodyStart - 8);
  const to = Math.min(judged.length - 1, Math.max(from + META_REACH, bodyStart + 10));
  const bylines: PageLine[] = [];
  let source: string | null = null;
  let lastByline = -1;
  for (let i = from; i <= to; i++) {
    const l = judged[i]!;
    if (l.kind === 'prose' || l.kind === 'caption' || l.kind === 'credit' || l.kind === 'furniture') continue;
    if (l.menu && !BY_WORD_INSIDE.test(l.text)) continue;
    // Past the body's first lines only a byline with its "By" counts (a name alone there is the story's).
    if (i > bodyStart + 3 && l.kind !== 'byline') continue;
    if (l.kind === 'byline' && !namesPeople(l.text)) {
      const agency = agencyInList(stripByLead(l.text));
      if (agency) source ??= agency;
      continue;
    }
    const previousBy = i > 0 && (isByWordAlone(judged[i - 1]!.text) || AUTHOR_LABEL.test(judged[i - 1]!.text));
    // A name without its "By" stands in the byline block: beside a date stamp or a byline.
    const raw = bylineOf(previousBy ? `By ${l.text}` : l.text);
    if (!raw) continue;
    // A name with a job title after it, or next to a byline already read, is in the block too.
    const titled = l.kind !== 'byline' && raw.length < l.text.length && !isStampLine(l.text, l.weight);
    const chained = lastByline >= 0 && i - lastByline <= 1;
    if (l.kind !== 'byline' && !previousBy && !titled && !chained && !inBylineBlock(judged, i) && !(i < bodyStart && l.weight <= 3 && bylines.length === 0)) continue;
    bylines.push(raw === l.text ? l : { ...l, text: raw });
    lastByline = i;
  }
  // Dates: the story's date lines, as the calendar of page dates reads them (src/text/page-dates.ts).
  const dates = pageDates(judged.map((l) => l.text), headlineAt);
  const published: PageDateLine | null = dates.published ? { iso: dates.published.iso, line: judged[dates.published.line]! } : null;
  const modified: PageDateLine | null = dates.modified ? { iso: dates.modified.iso, line: judged[dates.modified.line]! } : null;

  // Body: prose from its start to the run's end, and the short headings between its paragraphs.
  const body: PageLine[] = [];
  for (let i = bodyStart; i <= bodyEnd; i++) {
    const l = judged[i]!;
    if (headline && l.text === headline.text) continue;
    if (l.kind === 'prose' && l.count === 1) body.push(l);
    else if (l.kind === 'title' && i > bodyStart && i < bodyEnd && judged[i + 1]?.kind === 'prose' && l.weight <= 15 && l.count === 1) body.push(l);
  }

  // Captions: in the story's part of the page (from above the headline to the end of the body), once each.
  const captions: PageCaption[] = [];
  const seen = new Set<string>();
  const capFrom = Math.max(0, (headlineAt >= 0 ? headlineAt : bodyStart) - 12);
  const capTo = Math.min(judged.length - 1, bodyEnd + 3);
  for (let i = capFrom; i <= capTo; i++) {
    const l = judged[i]!;
    if (l.kind !== 'caption' || !l.caption) continue;
    if (seen.has(l.caption.caption)) continue;
    seen.add(l.caption.caption);
    captions.push({ caption: l.caption.caption, credit: l.caption.credit, line: l });
  }
  return { headline, bylines, published, modified, body, captions, source };
}

/** Each line as the reader judges it (kind, weight, repetition, menu): what an editor sees to know why a line was taken for what. */
export function explainTextPage(text: string): Array<{ number: number; text: string; kind: string; weight: number; count: number; menu: boolean }> {
  const lines: PageLine[] = [];
  for (const [i, t] of text.replace(/\r\n?/g, '\n').split('\n', MAX_LINES).entries()) {
    const squashed = t.replace(/[\s\u00a0]+/g, ' ').trim();
    if (squashed) lines.push({ text: squashed, number: i + 1 });
  }
  return judge(lines).map((l) => ({ number: l.number, text: l.text, kind: l.kind, weight: l.weight, count: l.count, menu: l.menu === true }));
}
