import { MONTH_PATTERN, WEEKDAY_PATTERN, ZONE_ABBR_PATTERN, asciiDigits, monthNumber } from '../extract/calendar.js';
import { startsWithByLead } from '../extract/by-lead.js';
import { looksLikePersonName, splitNameList } from '../extract/names.js';
import { parseDate } from './dates.js';

/**
 * Publication dates read from a page's plain text (its visible lines, as a reader copies them).
 * A story prints its own date close to its headline, usually just below it, in its country's
 * style: "5. Juni 2024, 10:32 Uhr", "June 5, 2024 10:32 AM EDT", "05.06.2024 10:32",
 * "5 juin 2024 à 10h32", "2024年6月5日 10時32分", "2024.06.05 10:32". A label word before the
 * date ("Published", "Aktualisiert", "Publié le", "입력", "更新") tells whether it is the
 * publication or the last update. Relative times ("3 hours ago", "vor 3 Stunden") name no day
 * (the text carries no clock of its own) and are not read.
 *
 * The result is an ISO 8601 value: the instant when the line states a time and a zone
 * ("2024-06-05T10:32:00-04:00"), else the calendar date alone ("2024-06-05"): a zone-less time
 * is a wall-clock time whose zone the text does not state (src/text/dates.ts does the same).
 *
 * Bounded work: at most WINDOW lines around the anchor are looked at, each cut to MAX_LINE
 * characters; every pattern is a single pass with bounded repetition.
 */

export interface PageDate {
  /** ISO 8601: the instant when a time and zone are printed, else the calendar date. */
  iso: string;
  /** Index of the line in the input. */
  line: number;
  /** The line as read (a long line's first sentence). */
  text: string;
  kind: 'published' | 'modified' | 'unlabelled';
}

const WINDOW = 400;
const MAX_LINE = 300;
/** How far (in lines) the labelled dates of one date block may sit from each other. */
const BLOCK = 3;

// A month name, or two names of one month ("آب/أغسطس", as Arabic pages print it).
const MONTHS = `(?:\\p{L}{2,12}/)?(?:${MONTH_PATTERN})`;

/** Numeric and named date shapes. Each yields y, m, d through its own group order. */
interface Shape {
  re: RegExp;
  order: 'ymd' | 'dmy' | 'mdy';
  named: boolean;
}

const SHAPES: Shape[] = [
  // ISO and East Asian order: 2024-05-03, 2024.05.03, 2024/5/3, 2024年5月3日, 2024년 5월 3일, 2024. 5. 3.
  { re: /(?<!\d)(\d{4})(?:\s?[年년]\s?|[-./]|\.\s)(\d{1,2})(?:\s?[月월]\s?|[-./]|\.\s)(\d{1,2})(?:\s?[日일])?(?!\d)/gu, order: 'ymd', named: false },
  // Day first, numeric (Europe, Latin America, Asia): 03.05.2024, 3/5/2024, 3.5.24
  // (Duden also prints the dotted form spaced: 3. 5. 2024)
  { re: /(?<!\d)(\d{1,2})([./])\s?(\d{1,2})\2\s?(\d{4}|\d{2})(?![\d.]\d)/gu, order: 'dmy', named: false },
  // Day, month name, year: 3 May 2024, 3. Mai 2024, 3 de mayo de 2024, 3 juil. 2024, ngày 3 tháng 5 năm 2024 (CLDR vi)
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:\\.|er|º|st|nd|rd|th)?\\s{0,3}(?:de\\s)?(${MONTHS})(?!\\p{L})\\.?,?\\s{0,3}(?:de\\s|năm\\s)?(\\d{4})`, 'giu'),
    order: 'dmy',
    named: true,
  },
  // Year, month name, day (Hungarian, Lithuanian): 2024. június 5., 2024 m. birželio 5 d.
  {
    re: new RegExp(`(?<!\\d)(\\d{4})\\.?\\s{1,3}(?:m\\.\\s{0,3})?(${MONTHS})(?!\\p{L})\\.?\\s{0,3}(\\d{1,2})(?!\\d)`, 'giu'),
    order: 'ymd',
    named: true,
  },
  // Month name, day, year: May 3, 2024, Apr. 28 2023, MAY 3, 2024
  {
    re: new RegExp(`(${MONTHS})(?!\\p{L})\\.?\\s{0,3}(\\d{1,2})(?:st|nd|rd|th)?(?!\\d),?\\s{0,3}(\\d{4})`, 'giu'),
    order: 'mdy',
    named: true,
  },
];

/**
 * Day and month name without a year ("5. august kl. 14:47", "8 января, 17:46"): pages print the
 * year only for dates of earlier years, so such a date is read (with its time) in the year the
 * page was made, which its copyright line states.
 */
const YEARLESS = new RegExp(`(?<!\\d)(\\d{1,2})\\.?\\s{0,3}(${MONTHS})(?!\\p{L})\\.?`, 'giu');
/** "© 2024", "© 2000-2026", "Copyright 2024": the year the page was made. */
const COPYRIGHT_YEAR = /(?:©|\(c\)|copyright)\s{0,3}(?:©\s{0,3})?(?:(?:19|20)\d{2}\s{0,3}[-–]\s{0,3})?((?:19|20)\d{2})(?!\d)/iu;

/**
 * Label words, by the words news sites of many languages print before the date. Matched on the
 * text just before a date (folded to lower case), the last one wins.
 */
const PUBLISHED_WORDS = [
  'published', 'first published', 'posted', 'created', 'veröffentlicht', 'erstveröffentlichung', 'erstellt', 'erschienen', 'publiziert',
  'publié', 'publie', 'publicado', 'publicada', 'publicat', 'pubblicato', 'pubblicata', 'gepubliceerd', 'gepubliseer', 'publisert', 'publiceret',
  'publicerad', 'publicerat', 'offentliggjort', 'udgivet', 'opublikowano', 'publikacja', 'publikováno', 'zveřejněno', 'julkaistu',
  'giriş', 'yayınlanma', 'yayımlanma', 'опубликовано', 'опубліковано', 'publikacji', 'vydáno', 'paskelbta', 'diterbitkan',
  '입력', '기사입력', '등록', '승인', '公開', '公開日', '配信', '掲載', '发布', '發佈', '发布时间', '發布',
  'نشر', 'نُشر', 'تاريخ النشر', 'פורסם', 'प्रकाशित', 'प्रकाशित तिथि', 'تاریخ انتشار', 'منتشر شده',
];
// (Japanese pages print "最終更新", "last updated", by the date of the latest version: Mainichi Shimbun's
// and Yahoo! Japan News's story pages, Japanese Wikipedia's page footer.)
const MODIFIED_WORDS = [
  'updated', 'last updated', 'modified', 'last modified', 'aktualisiert', 'akt.', 'stand', 'mis à jour', 'mis a jour', 'mise à jour', 'mise a jour',
  'modifié', 'modifie', 'actualizado', 'actualizada', 'actualitzat', 'gewijzigd', 'aangepast',
  'atualizado', 'atualizada', 'aggiornato', 'aggiornata', 'aggiornamento', 'bijgewerkt', 'laatste update', 'oppdatert', 'sist oppdatert', 'opdateret',
  'uppdaterad', 'uppdaterat', 'zaktualizowano', 'aktualizacja', 'aktualizováno', 'päivitetty', 'güncelleme', 'güncellenme', 'uppfært',
  'aktualizacji', 'actualizat', 'atnaujinta', 'diperbarui', 'cập nhật', 'обновлено', 'оновлено', '수정', '최종수정', '업데이트', '更新', '更新日', '更新时间', '最終更新',
  'آخر تحديث', 'تحديث', 'עודכן', 'अपडेट', 'अपडेटेड', 'به‌روزرسانی', 'بروزرسانی',
];

function alternation(words: string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** A label word with no letter right before it (CJK labels may touch the date's digits). Also the page reader's stamp test's label words. */
export const LABEL = new RegExp(`(?<![\\p{L}])(?:(${alternation(MODIFIED_WORDS)})|(${alternation(PUBLISHED_WORDS)}))(?![\\p{Ll}])`, 'giu');

/** An update label closing a text, as printed right before the date it labels ("…; updated", "Aktualisiert:"). */
export const MODIFIED_LABEL_AT_END = new RegExp(`(?<![\\p{L}])(?:${alternation(MODIFIED_WORDS)})[\\s:：]{0,3}$`, 'iu');

/** A publication or update label closing a text, with a one- to three-letter connective after it ("Publié le", "Stand:"). */
const LABEL_AT_END = new RegExp(`(?<![\\p{L}])(?:${alternation(MODIFIED_WORDS)}|${alternation(PUBLISHED_WORDS)})[\\s:：]{0,3}(?:\\p{L}{1,3}\\s{1,2})?$`, 'iu');

/** Words a date line may hold besides its date, time and label: connectives, zones, "Uhr". */
const DATE_FILLER = new RegExp(
  String.raw`^(?:am|um|on|at|le|la|el|de|del|a|à|às|las|alle|ore|il|den|kl|klo|om|godz|saat|uhr|h|hrs|the|of|by|von|par|por|di|av|af|${ZONE_ABBR_PATTERN}|am|pm|a\.m|p\.m|heute|today|lesezeit|lesedauer|min|mins|minuten|minutes|minute|read|reading|time|leestijd|tiempo|lectura|de lectura|kommentare|comments|views)$`,
  'iu',
);

const WEEKDAY = new RegExp(`^(?:${WEEKDAY_PATTERN})\\.?,?$`, 'iu');
/** A weekday right before the date, after its time ("10:32 AM EDT, Wed June 5, 2024": CNN, Fox and other US sites print it so). */
const WEEKDAY_TAIL = new RegExp(`(?<!\\p{L})(?:${WEEKDAY_PATTERN})\\.?,?\\s{0,3}$`, 'iu');

interface Found {
  start: number;
  end: number;
  y: number;
  m: number;
  d: number;
}

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCMonth() === m - 1;
}

/**
 * A month name that follows a letter is read only where the page's text runs two blocks
 * together, as innerText does with inline elements ("2 min readApril 25, 2024", "NEWSAPR 28,
 * 2024"): a lower-case letter before a capitalised month, or capitals before a month in capitals.
 */
function gluedOk(line: string, at: number, month: string): boolean {
  const prev = at > 0 ? line[at - 1]! : '';
  if (!/\p{L}/u.test(prev)) return true;
  const first = month[0]!;
  if (prev === prev.toLowerCase() && prev !== prev.toUpperCase()) return first !== first.toLowerCase();
  return month === month.toUpperCase();
}

/** Every full date (day, month and year) printed in a line, left to right, not overlapping. */
function datesIn(line: string, pageYear: number | null): Found[] {
  const all: Found[] = [];
  if (pageYear !== null) {
    YEARLESS.lastIndex = 0;
    for (let m = YEARLESS.exec(line); m; m = YEARLESS.exec(line)) {
      const mo = monthNumber(m[2]);
      const d = Number(m[1]);
      // Only with a clock time after it: a day and month alone are as often a date in the text.
      if (mo && validDay(pageYear, mo, d) && TIME_AFTER.test(line.slice(m.index + m[0].length))) {
        all.push({ start: m.index, end: m.index + m[0].length, y: pageYear, m: mo, d });
      }
    }
  }
  for (const shape of SHAPES) {
    shape.re.lastIndex = 0;
    for (let m = shape.re.exec(line); m; m = shape.re.exec(line)) {
      let y: number, mo: number | null, d: number;
      if (shape.order === 'ymd') [y, mo, d] = [Number(m[1]), shape.named ? monthNumber(m[2]) : Number(m[2]), Number(m[3])];
      else if (shape.named && shape.order === 'dmy') [d, mo, y] = [Number(m[1]), monthNumber(m[2]), Number(m[3])];
      else if (shape.named) [mo, d, y] = [monthNumber(m[1]), Number(m[2]), Number(m[3])];
      else {
        // Numeric day-first; a "day" over 12 in second place shows the month-first order instead.
        const a = Number(m[1]);
        const b = Number(m[3]);
        [d, mo] = b > 12 && a <= 12 ? [b, a] : [a, b];
        y = Number(m[4]);
        if (m[4]!.length === 2) {
          // Two-digit years in the dotted style (27.04.24), as German and Nordic pages print them; with
          // slashes (CLDR's short dates of it "dd/MM/yy" and es "d/M/yy"; "Publié le 05/06/24 à 10h32")
          // only right after a date label, as bare they are as often a ratio or a score.
          if (m[2] !== '.' && !LABEL_AT_END.test(line.slice(Math.max(0, m.index - 40), m.index))) continue;
          // The century as POSIX strptime's %y takes it: 69-99 are 1969-1999, 00-68 are 2000-2068 ("05/06/98" is 1998, not 2098).
          y += y >= 69 ? 1900 : 2000;
        }
      }
      if (shape.named && shape.order === 'mdy' && !gluedOk(line, m.index, m[1]!)) continue;
      // "5 ม.ค. 2567": Thai pages count years in the Buddhist Era (CLDR th's default calendar "buddhist", era พ.ศ. = Gregorian + 543).
      if (y >= 2533 && y <= 2643) y -= 543;
      if (mo && validDay(y, mo, d)) all.push({ start: m.index, end: m.index + m[0].length, y, m: mo, d });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  for (const f of all) if (!out.length || f.start >= out[out.length - 1]!.end) out.push(f);
  return out;
}

/** A clock time right after the date: "10:32", ", 10.32 Uhr", " um 10:32", " à 10h32", " kl. 10.32", "10時32分", "2:26 PM EDT". */
const TIME_AFTER = /^[\s,;|/·•–—-]{0,5}(?:(?:um|à|às|a las|at|alle|ore|kl\.?|klo\.?|om|o|v|в|godz\.?|saat|-)\s{0,2}){0,2}(\d{1,2})[:.h時](\d{2})(?![\d])(?::\d{2})?(?:分)?\s?(am|pm|a\.m\.|p\.m\.)?/iu;
/**
 * A label and a clock time after the date: "28 August 2013, last updated 14:00 (GMT+0400)",
 * "5. Juni 2024, aktualisiert 10:32 Uhr": the time and the label are the date's.
 */
const LABELLED_TIME_AFTER = new RegExp(`^[\\s,،;|/·•–—-]{0,5}(?:(${alternation(MODIFIED_WORDS)})|(${alternation(PUBLISHED_WORDS)}))[\\s:：]{0,3}(?:(?:um|at|à|a las|alle|om|kl\\.?)\\s{1,2})?(\\d{1,2})[:.h](\\d{2})(?!\\d)\\s?(am|pm|a\\.m\\.|p\\.m\\.)?`, 'iu');
/** A clock time right before the date: "15:56 BST, 27 April 2024", "12:20pm Jan 7, 2024". */
const TIME_BEFORE = /(?<!\d)(\d{1,2})[:.](\d{2})\s?(am|pm|a\.m\.|p\.m\.)?\s?([A-Z]{2,4})?[\s,]{0,3}$/iu;
/** A zone right after the time, German's "Uhr" before it as printed: "CET", "GMT+1", "(UTC+02:00)", "Uhr MESZ", "Uhr (MEZ)". */
const ZONE_AFTER = /^\s?(?:[Uu]hr\s?)?\(?(?:(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?|([A-Z]{2,4})(?![\p{L}]))/u;

const ZONE_ALIASES: Record<string, string> = { MEZ: 'CET', MESZ: 'CEST' };

/** The instant of a date, time and zone when all are known (via parseDate's zone table); else the date alone. */
function toIso(f: Found, time: { h: number; mi: number; ampm?: string | undefined; zone?: string | undefined } | null): string {
  const day = `${String(f.y).padStart(4, '0')}-${String(f.m).padStart(2, '0')}-${String(f.d).padStart(2, '0')}`;
  if (!time || !time.zone) return day;
  let h = time.h;
  if (time.ampm) {
    const pm = time.ampm.toLowerCase().startsWith('p');
    if (h > 12) return day;
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  if (h > 23 || time.mi > 59) return day;
  const zone = ZONE_ALIASES[time.zone.toUpperCase()] ?? time.zone.toUpperCase();
  const iso = parseDate(`${day}T${String(h).padStart(2, '0')}:${String(time.mi).padStart(2, '0')}:00 ${zone}`);
  return iso ?? day;
}

function readZone(rest: string): string | undefined {
  const z = ZONE_AFTER.exec(rest);
  if (!z) return undefined;
  if (z[1]) return `${z[1]}${z[2]!.padStart(2, '0')}:${z[3] ?? '00'}`;
  return z[4] && z[4] === z[4].toUpperCase() ? z[4] : undefined;
}

interface Candidate extends PageDate {
  /** Words of the line that are neither date, time, label nor filler. */
  extra: number;
  /** The line opens with a list of people's names before its first date ("Jo Kim and Ana Ruiz June 5, 2024"): a byline without its "By" (AP Stylebook, "byline"). */
  names?: boolean;
}

/** The dates of one line with their labels. */
function lineDates(text: string, index: number, pageYear: number | null): Candidate[] {
  const line = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
  const found = datesIn(line, pageYear);
  if (!found.length) return [];
  const out: Candidate[] = [];
  let rest = line;
  let prevEnd = 0;
  for (const [k, f] of found.entries()) {
    const before = line.slice(prevEnd, f.start);
    // The label nearest before the date (in the text since the previous date) names it.
    let kind: PageDate['kind'] = 'unlabelled';
    LABEL.lastIndex = 0;
    for (let m = LABEL.exec(before); m; m = LABEL.exec(before)) kind = m[1] ? 'modified' : 'published';
    // A CJK label may follow the date and time: "2024年5月3日 10時32分 更新".
    const after = line.slice(f.end, found[k + 1]?.start ?? line.length);
    let time: { h: number; mi: number; ampm?: string | undefined; zone?: string | undefined } | null = null;
    const ta = TIME_AFTER.exec(after);
    // (Not when another date follows: "Published: 09:15 BST, 5 June 2024 | Updated: 11:40 BST, 6 June 2024".)
    const lt = ta || found[k + 1] ? null : LABELLED_TIME_AFTER.exec(after);
    if (ta) time = { h: Number(ta[1]), mi: Number(ta[2]), ampm: ta[3], zone: readZone(after.slice(ta[0].length)) };
    else if (lt) {
      time = { h: Number(lt[3]), mi: Number(lt[4]), ampm: lt[5], zone: readZone(after.slice(lt[0].length)) };
      if (kind === 'unlabelled') kind = lt[1] ? 'modified' : 'published';
    } else {
      const tb = TIME_BEFORE.exec(before.replace(WEEKDAY_TAIL, ''));
      if (tb) time = { h: Number(tb[1]), mi: Number(tb[2]), ampm: tb[3], zone: tb[4] && tb[4] === tb[4].toUpperCase() ? tb[4] : undefined };
    }
    if (kind === 'unlabelled' && /^[\s\d:時分()（]{0,12}(?:更新|수정)/u.test(after)) kind = 'modified';
    out.push({ iso: toIso(f, time), line: index, text, kind, extra: 0 });
    prevEnd = f.end;
    rest = rest.replace(line.slice(f.start, f.end), ' ');
  }
  // What the line says besides its dates: a date line holds little else (a byline, a place).
  const words = rest
    .replace(LABEL, ' ')
    .replace(/\d{1,2}[:.h時]\d{2}(?:分)?/gu, ' ')
    .match(/[\p{L}][\p{L}.'’-]*/gu) ?? [];
  const extra = words.filter((w) => !DATE_FILLER.test(w.replace(/\.$/, '')) && !WEEKDAY.test(w)).length;
  const lead = line.slice(0, found[0]!.start).replace(/[\s,|•·–—-]+$/u, '');
  const people = lead.length <= 80 && !/\d/.test(lead) ? splitNameList(lead) : [];
  const names = people.length > 0 && people.every((p) => looksLikePersonName(p));
  for (const c of out) {
    c.extra = extra;
    c.names = names;
  }
  return out;
}

/**
 * A long line's first sentence: innerText runs a post's meta line into the next block ("By Ada
 * Brennan on 05/06/2024. Filed under Harbour. Comments are closed.").
 */
function firstSentence(text: string): string {
  if (text.length <= 160) return text;
  const m = /^[^]{1,160}?[.!?](?=\s+\p{Lu})/u.exec(text);
  return m ? m[0] : text;
}

/** An embedded social post's signature: "— Jane Roe (@janeroe) June 5, 2024". */
const POST_SIGNATURE = /\(@\w{1,30}\)/u;

/** A line that is a date line: short, little besides the date, not a sentence. */
function dateLine(c: Candidate): boolean {
  if (c.text.length > 160 || POST_SIGNATURE.test(c.text)) return false;
  // A byline may carry the author's names, section and place besides the date.
  if (c.extra > (c.kind !== 'unlabelled' || startsWithByLead(c.text) || c.names ? 10 : 4)) return false;
  // The full stop of "a.m." and "p.m." (AP Stylebook, "a.m., p.m.") closes a time, not a sentence.
  return c.extra < 3 || !/[.!?]["”’)]?$/u.test(c.text.replace(/\b[ap]\.m\.$/iu, 'pm'));
}

/** A line of running text: a sentence of some length. */
function prose(line: string | undefined): boolean {
  if (!line) return false;
  const words = line.length > 2000 ? 400 : line.split(/\s+/).length;
  // Scripts written without spaces (Chinese, Japanese) are judged by their length.
  return words >= 25 || (words >= 12 && /[.!?。！？]["”’)」]?$/u.test(line)) || (line.length >= 40 && /[。！？]["”’)」]?$/u.test(line));
}

/**
 * Dates printed in a page's lines; `anchor` is the headline's line index (or -1 when unknown):
 * the story's own date is printed near it, usually just below.
 */
export function pageDates(lines: string[], anchor: number): { published: PageDate | null; modified: PageDate | null } {
  const lo = anchor >= 0 ? Math.max(0, anchor - WINDOW / 2) : 0;
  const hi = Math.min(lines.length, anchor >= 0 ? anchor + WINDOW / 2 : WINDOW);
  let pageYear: number | null = null;
  for (let i = lo; i < hi; i++) {
    const t = lines[i];
    const y = t && t.length <= MAX_LINE ? COPYRIGHT_YEAR.exec(t) : null;
    if (y) pageYear = Number(y[1]);
  }
  const cands: Candidate[] = [];
  for (let i = lo; i < hi; i++) {
    // Arabic-Indic, Persian and Devanagari digits read as ASCII ones, one for one.
    const t = lines[i] && asciiDigits(lines[i]!);
    if (!t || !/\d/.test(t)) continue;
    for (const c of lineDates(firstSentence(t.trim()), i, pageYear)) if (dateLine(c)) cands.push(c);
  }
  if (!cands.length) return { published: null, modified: null };
  // The story's date block. A story prints its date between its headline and its first
  // paragraph: the date line nearest above the first paragraph after the headline (or after the
  // top of the page when the headline is unknown) is taken, one below it counting double its
  // distance; a page's header (today's date above the menus) and footer (a register date) are
  // not it. Without running text, the date nearest below the headline (one above counting
  // double), or without a headline the first labelled date, else the first date.
  let body = -1;
  for (let i = Math.max(lo, anchor); i < hi && body < 0; i++) if (prose(lines[i])) body = i;
  let cost: ((c: Candidate) => number) | null = null;
  if (body >= 0) cost = (c) => (c.line <= body ? body - c.line : (c.line - body) * 2 + 1);
  else if (anchor >= 0) cost = (c) => (c.line >= anchor ? c.line - anchor : (anchor - c.line) * 2 + 1);
  const best = cost ? cands.reduce((a, b) => (cost(b) < cost(a) ? b : a)) : (cands.find((c) => c.kind !== 'unlabelled') ?? cands[0]!);
  const block = cands.filter((c) => Math.abs(c.line - best.line) <= BLOCK);
  const strip = (c: Candidate | undefined): PageDate | null => (c ? { iso: c.iso, line: c.line, text: c.text, kind: c.kind } : null);
  const near = (a: Candidate, b: Candidate): number => Math.abs(a.line - best.line) - Math.abs(b.line - best.line);
  const published = [...block].filter((c) => c.kind === 'published').sort(near)[0] ?? (best.kind === 'unlabelled' ? best : [...block].filter((c) => c.kind === 'unlabelled').sort(near)[0]);
  const modified = [...block].filter((c) => c.kind === 'modified').sort(near)[0];
  return { published: strip(published), modified: strip(modified) };
}
