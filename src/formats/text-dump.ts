import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import { WiredeskError } from '../errors.js';
import { parseDate } from '../text/dates.js';
import { splitCaptionCredit } from '../extract/captions.js';
import { isCreditLike } from '../extract/credits.js';
import { namesPeople } from '../extract/bylines.js';
import { agencyInList } from '../extract/agencies.js';
import { reflow } from '../text/reflow.js';
import { COPYRIGHT_LINE, FURNITURE_MENTION, FURNITURE_PHRASE, STORY_END, isShareRow, looksLikeCode } from '../extract/boilerplate.js';
import { startsWithByLead, stripByLead } from '../extract/by-lead.js';

/**
 * Plain-text dumps of a news web page: the page's visible text, one block per line, with the
 * site's furniture (menus, share buttons, "Advertisement", "Read more", newsletter boxes) mixed
 * in. The story is read back out: the headline (pages print it more than once), the
 * Published/Updated lines, picture captions (repeated ones kept once), a byline line, and the
 * body paragraphs between the headline and the first end-of-story marker. Credits, the
 * dateline and trailers are left in the text for the extraction stage.
 */

/**
 * Lines that are furniture by their shape rather than their words (the words are the shared
 * vocabulary's, src/extract/boilerplate.ts): a logo's alt text, breadcrumbs "Home | World | Europe".
 */
const FURNITURE_SHAPES: RegExp[] = [
  /\blogo$/i,
  /^[^|›>»]{1,30}(?:\s[|›>»]\s[^|›>»]{1,30})+$/,
];

const DATE_LINE = /^(published|first published|posted|updated|last updated|modified|date|veröffentlicht|aktualisiert|publié|mis à jour|actualizado|publicado)\b\s*:?\s*(?:on\s+|am\s+|le\s+|el\s+)?(.+)$/i;

function isFurniture(line: string): boolean {
  return (
    (line.length <= 80 && FURNITURE_PHRASE.test(line)) ||
    FURNITURE_MENTION.test(line) ||
    COPYRIGHT_LINE.test(line) ||
    isShareRow(line) ||
    looksLikeCode(line) ||
    FURNITURE_SHAPES.some((re) => re.test(line))
  );
}

function wordCount(line: string): number {
  return line.split(/\s+/).filter(Boolean).length;
}

/** A line that reads as a story paragraph (a sentence), not a headline, label or link. */
function isProse(line: string): boolean {
  const n = wordCount(line);
  return n >= 25 || (n >= 6 && /[.!?:"”)]$/.test(line));
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
  const numeric = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(v);
  if (numeric) return parseDate(`${numeric[3]}-${numeric[2]!.padStart(2, '0')}-${numeric[1]!.padStart(2, '0')}`);
  // A time without a zone is not an instant; the calendar date it states still is a date.
  const day = /^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}|\d{4}-\d{2}-\d{2})/.exec(v);
  return day ? parseDate(day[1]!.replace(/\.(?= )/, '')) : null;
}

interface Line {
  text: string;
  index: number;
}

/** Reads the story out of a page's text. */
export function parseTextDump(text: string): ParsedStory {
  // Hard-wrapped text (mailed press releases, terminal copy) first gets its paragraphs back.
  const lines: Line[] = reflow(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, index) => ({ text: t.replace(/[\s\u00a0]+/g, ' ').trim(), index }))
    .filter((l) => l.text !== '');
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);

  let firstCreated: string | null = null;
  let versionCreated: string | null = null;
  let stampDate: string | null = null;
  const bylines: BylineHint[] = [];
  let source: string | null = null;
  const pictures: PictureHint[] = [];
  const used = new Set<number>();

  for (const [i, l] of lines.entries()) {
    const t = l.text;
    const dateLine = DATE_LINE.exec(t);
    if (dateLine && wordCount(t) <= 14) {
      const iso = webDate(dateLine[2]!);
      if (iso) {
        const label = dateLine[1]!.toLowerCase();
        if (/updated|modified|aktualisiert|mis à jour|actualizado/.test(label)) versionCreated ??= iso;
        else firstCreated ??= iso;
        used.add(i);
        continue;
      }
    }
    // "date 2023-09-10" stamps in the page header.
    const stamp = /\b(?:date|datum)\s+(\d{4}-\d{2}-\d{2})\b/i.exec(t);
    if (stamp && wordCount(t) <= 8) {
      stampDate ??= parseDate(stamp[1]!);
      used.add(i);
      continue;
    }
    if (startsWithByLead(t) && wordCount(t) <= 14 && !/[.!?]$/.test(t) && !isFurniture(t)) {
      // A byline block, as the credits engine judges it ("Von München bis Aachen: …" names no one:
      // a headline), is handed to the extract stage as printed; an agency alone is the source.
      if (namesPeople(t)) {
        bylines.push({ raw: t, role: 'author', evidence: { from: 'text', rule: 'page-byline' } });
        used.add(i);
        continue;
      }
      const agency = agencyInList(stripByLead(t));
      if (agency) {
        source ??= agency;
        used.add(i);
        continue;
      }
    }
  }

  // Captions: lines ending with a credit, "FILE PHOTO:" lines, and a credit line right after a caption.
  const seenCaptions = new Set<string>();
  for (const [i, l] of lines.entries()) {
    if (used.has(i) || isFurniture(l.text)) continue;
    const t = l.text;
    const split = splitCaptionCredit(t);
    const fileCaption = /^FILE(?: PHOTO)?\s*[:\-–—]/.test(t) && wordCount(t) >= 5;
    if (!split.credit && !fileCaption) continue;
    used.add(i);
    if (seenCaptions.has(t)) continue;
    seenCaptions.add(t);
    const next = lines[i + 1];
    let creditRaw: string | null = null;
    if (!split.credit && next && isCreditLike(next.text)) {
      creditRaw = next.text;
      used.add(i + 1);
    }
    pictures.push({ caption: t, creditRaw, evidence: { from: 'text', rule: 'page-caption' } });
  }

  // Headline: before the story starts, the title-like line the page repeats most (the first on a tie).
  const titleLike = (l: Line, i: number): boolean =>
    !used.has(i) && !isFurniture(l.text) && wordCount(l.text) >= 3 && wordCount(l.text) <= 30 && !/[.,;]$/.test(l.text) && !STORY_END.test(l.text);
  const firstProse = lines.findIndex((l, i) => !used.has(i) && !isFurniture(l.text) && isProse(l.text) && counts.get(l.text) === 1);
  const limit = firstProse === -1 ? lines.length : firstProse;
  let headlineAt = -1;
  let best = 0;
  for (const [i, l] of lines.entries()) {
    if (i >= limit) break;
    const c = counts.get(l.text) ?? 1;
    if (titleLike(l, i) && c > best) {
      best = c;
      headlineAt = i;
    }
  }
  const headline = headlineAt === -1 ? null : lines[headlineAt]!.text;
  const lastHeadline = headline === null ? -1 : Math.max(...lines.map((l, i) => (l.text === headline ? i : -1)));

  // Body: from the first prose line after the headline to the first end-of-story marker.
  const body: string[] = [];
  let started = false;
  for (const [i, l] of lines.entries()) {
    if (i <= lastHeadline || used.has(i)) continue;
    const t = l.text;
    if (started && STORY_END.test(t) && wordCount(t) <= 12) break;
    if (isFurniture(t)) continue;
    if (!started) {
      if (!isProse(t)) continue;
      started = true;
    }
    if (t === headline) continue;
    body.push(t);
  }
  if (!headline && body.length === 0) throw new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', 'no headline or story text in the page');

  return {
    headline,
    firstCreated: firstCreated ?? stampDate,
    versionCreated: versionCreated ?? null,
    source,
    bylines,
    pictures,
    bodyText: body.join('\n\n'),
  };
}

/** Evidence that a plain text is a dumped web page rather than a wire file or a bare story. */
function pageSignals(text: string): number {
  const head = text.slice(0, 20000);
  let score = 0;
  if (/^(?:published|updated|posted)\b/im.test(head)) score++;
  if (/^(?:advertisement|share|menu|logo|read more|trending)\b/im.test(head)) score++;
  if (/\b(?:whatsapp|facebook|twitter|linkedin)\b/i.test(head)) score++;
  if (/\((?:AP Photo|Photo by)[^)]*\)|\bvia REUTERS\b|\/(?:Reuters|AFP|AP|dpa)\b/i.test(head)) score++;
  return score;
}

export const textDump: FormatModule = {
  name: 'text-dump',
  version: '1.0.0',
  description: 'Plain-text dump of a news web page (visible text, furniture included)',
  detect(s) {
    // Bytes that open like XML or JSON are a broken document of those, never a page's text.
    if (s.kind !== 'text' || s.wireControls || s.markup) return 0;
    // ANPA/IPTC 7901 without their control characters still open with a header line of codes.
    if (/^\s*(?:ZCZC|\^?[A-Za-z]\d{4}\b)/.test(s.head)) return 0.05;
    return Math.min(0.6, 0.2 + 0.1 * pageSignals(s.text));
  },
  parse(input) {
    return { stories: [parseTextDump(input.text)], failures: [] };
  },
};
