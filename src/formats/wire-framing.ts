import { WiredeskError, toWiredeskError, type Position } from '../errors.js';
import type { ParseResult, ParsedStory } from '../model/parsed-story.js';
import { monthNumber, weekdayNumber } from '../extract/calendar.js';
import { parseDatelineDate } from '../extract/dateline.js';
import { parseDate } from '../text/dates.js';

/**
 * The transmission framing the legacy text wires share (ANPA-1312, IPTC 7901): every message
 * opens with SOH (after SYN idle characters on ANPA), its text runs from STX to ETX, and a
 * trailer follows up to EOT. One file or socket capture holds several messages; each is cut out
 * here with its own bytes, so a broken one can be reported and replayed on its own.
 */

export const SOH = '\x01';
export const STX = '\x02';
export const ETX = '\x03';
export const EOT = '\x04';

export interface WireMessage {
  /** Position of the message in the transmission. */
  index: number;
  /** The message text after its SOH, up to the next message. */
  text: string;
  /** The message's own bytes (from its SYN/SOH), kept for failure records. */
  raw: Buffer;
  /** Byte offset and 1-based line of the message's SOH in the document. */
  offset: number;
  line: number;
}

export interface FramedMessage {
  /** Between SOH and STX: the message header (sequence, priority, category, slug). */
  header: string;
  /** Between STX and ETX: the story text. */
  body: string;
  /** After ETX up to EOT: the trailer (transmission time). */
  trailer: string;
}

function positionsOf(haystack: { indexOf(needle: string | number, from?: number): number }, needle: string | number): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** The messages of a transmission; throws when it holds no SOH-framed message at all. */
export function splitMessages(text: string, bytes: Buffer, format: string): WireMessage[] {
  const charStarts = positionsOf(text, SOH);
  const byteStarts = positionsOf(bytes, 0x01);
  if (charStarts.length === 0) {
    throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `${format}: no SOH-framed message`, { format, position: { offset: 0, line: 1 } });
  }
  // SOH is one byte in every charset these wires use, so the nth SOH character is the nth SOH byte.
  const sameCount = charStarts.length === byteStarts.length;
  let line = 1;
  let lineFrom = 0;
  return charStarts.map((start, index) => {
    for (let i = text.indexOf('\n', lineFrom); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
    lineFrom = start;
    const end = charStarts[index + 1] ?? text.length;
    const messageText = text.slice(start + 1, end);
    let raw: Buffer;
    let offset: number;
    if (sameCount) {
      offset = byteStarts[index]!;
      let from = offset;
      while (from > 0 && bytes[from - 1] === 0x16) from--;
      let to = byteStarts[index + 1] ?? bytes.length;
      while (to > offset && bytes[to - 1] === 0x16) to--;
      raw = bytes.subarray(from, to);
    } else {
      offset = start;
      raw = Buffer.from(text.slice(start, end), 'utf8');
    }
    return { index, text: messageText, raw, offset, line };
  });
}

/** Where in the document a problem in a message sits. */
export function messagePosition(m: WireMessage): Position {
  return { item: m.index, offset: m.offset, line: m.line };
}

/** Cuts a message into header, body and trailer; a message without STX or ETX is broken (truncated). */
export function frameMessage(m: WireMessage, format: string): FramedMessage {
  const stx = m.text.indexOf(STX);
  if (stx === -1) {
    throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `${format} message ${m.index}: no STX (start of text)`, { format, position: messagePosition(m) });
  }
  const etx = m.text.indexOf(ETX, stx + 1);
  if (etx === -1) {
    throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `${format} message ${m.index}: no ETX (end of text); the message is truncated`, { format, position: messagePosition(m) });
  }
  const eot = m.text.indexOf(EOT, etx + 1);
  return {
    header: m.text.slice(0, stx),
    body: m.text.slice(stx + 1, etx),
    trailer: m.text.slice(etx + 1, eot === -1 ? undefined : eot),
  };
}

/** Control characters other than tab and line ends, as spaces (table cell marks, bells, DEL). */
export function blankControls(s: string): string {
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, ' ');
}

/** An instant from parts a trailer states in UTC; null when a part is out of range. */
export function utcInstant(year: number, month: number, day: number, hour: number, minute: number): string | null {
  const full = year < 100 ? 2000 + year : year;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const d = new Date(Date.UTC(full, month - 1, day, hour, minute));
  if (d.getUTCDate() !== day) return null;
  return d.toISOString().replace('.000Z', 'Z');
}

/**
 * Reads every message of a transmission with `storyOf`; a message that fails becomes a failure
 * with its own bytes while the other messages still come through.
 */
export function parseMessages(text: string, bytes: Buffer, format: string, storyOf: (m: WireMessage) => ParsedStory): ParseResult {
  const result: ParseResult = { stories: [], failures: [] };
  for (const m of splitMessages(text, bytes, format)) {
    try {
      result.stories.push(storyOf(m));
    } catch (e) {
      result.failures.push({ error: toWiredeskError(e, format), raw: m.raw, itemIndex: m.index });
    }
  }
  return result;
}

/**
 * A note to editors' label opening a line, as the legacy wires send it over the headline or as a paragraph:
 * "Eds:", "(Editors: …)", "Editor's note:", "Note to editors:", "EDITOR'S NOTE", and AP's "AP Photos …"
 * service lines (AP Stylebook, Filing the wire).
 */
export const EDITORS_NOTE = /^\(?\s*(?:eds?|editors?|editor'?s\s+note|note\s+to\s+editors)\s*:|^EDITOR'?S\s+NOTE\b|^(?:AP|APTN)\s+(?:Photos?|Video|Audio|Graphics?)\b/i;

/**
 * An embargo line over the headline: "Sperrfrist: 8. Dezember 2026, 10.00 Uhr", "Embargo: 0001 GMT
 * Dec 8", "EMBARGOED UNTIL …", "HOLD FOR RELEASE UNTIL 5 P.M. EST, Dec. 7" (AP Stylebook, embargo;
 * IPTC 7901 rev. 5 carries the release time as text). Its rest is the release time as printed.
 */
export const EMBARGO_LINE = /^\(?\s?(?:sperrfrist|embargo(?:ed)?|hold\s+for\s+release|blocage)(?:\s(?:until|till|to|bis|jusqu'(?:à|au))\s?:?|\s?:)\s?([^()]{0,100}?)\s?\)?$/i;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A zone a release line names, read through the shared zone table of parseDate. */
const RELEASE_ZONE = /\b(GMT|UTC|MESZ|MEZ|CEST|CET|[ECMP][SD]T)\b/;

/**
 * The clock time a release line states, 24-hour ("10.00 Uhr", "0001 GMT") or 12-hour ("5 P.M."),
 * with the text it was read from; a time followed by "Uhr", "h" or a zone comes before a bare one.
 */
function releaseClock(text: string): { h: number; m: number; at: string } | null {
  const twelve = /\b(\d{1,2})(?:[.:](\d\d))?\s?([ap])\.?\s?m\b\.?/i.exec(text);
  if (twelve) {
    const h = Number(twelve[1]) % 12 + (twelve[3]!.toLowerCase() === 'p' ? 12 : 0);
    return Number(twelve[1]) <= 12 ? { h, m: Number(twelve[2] ?? 0), at: twelve[0] } : null;
  }
  const clock = /\b(\d{1,2})[.:](\d\d)\s?(?=[Uu]hr\b|h\b|GMT|UTC|[ECMP][SD]T|MES?Z|CES?T)/.exec(text) ??
    /\b(\d{1,2})[.:](\d\d)\b(?![.:]\d)/.exec(text) ?? /\b([01]\d|2[0-3])([0-5]\d)\s?(?=GMT|UTC|[ECMP][SD]T|MES?Z|CES?T)/.exec(text);
  if (!clock) return null;
  const [h, m] = [Number(clock[1]), Number(clock[2])];
  return h <= 23 && m <= 59 ? { h, m, at: clock[0] } : null;
}

/** Where a date may stand in a release line: "8.12.", "08.12.2026", "8/12", "8. Dezember 2026", "Dec. 7", "May 25, 2026". */
const RELEASE_DATE_FORMS = [
  /\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d\d)?(?![\d.:])/gu,
  /\b\d{1,2}\/\d{1,2}(?:\/(?:\d{4}|\d\d))?(?![\d/])/gu,
  /\b\d{1,2}\.?\s(?:de\s)?\p{L}{3,10}\.?(?:,?\s(?:19|20)\d\d\b)?/gu,
  /\b\p{L}{3,10}\.?\s\d{1,2}\b(?![.:]\d)(?:,?\s(?:19|20)\d\d\b)?/gu,
];

/**
 * The calendar date a release line states, read by the shared dateline date reader
 * (parseDatelineDate: "8.12.", "08.12.2026", "8/12", month names), with the text it was read from;
 * null when there is none, 'unreadable' when a date is printed that cannot be resolved.
 */
function releaseDate(text: string, sent: string | null): { day: string; at: string; year: boolean } | 'unreadable' | null {
  for (const form of RELEASE_DATE_FORMS) {
    for (const m of text.matchAll(form)) {
      const day = parseDatelineDate(m[0].replace(/,/g, ''), sent);
      if (day === undefined) continue;
      if (day === null || !/^\d{4}-\d\d-\d\d$/.test(day)) return 'unreadable';
      return { day, at: m[0], year: /(?:\d{4}|\.\d\d)$/.test(m[0]) };
    }
  }
  return null;
}

/** A date left in a release line after its date and time are read: a numeric date, a month or weekday name. */
function hasUnreadDate(rest: string, withDate: boolean): boolean {
  if (/\d{1,2}[./]\d{1,2}[./]|\b\d{1,2}\/\d{1,2}\b/.test(rest)) return true;
  return (rest.match(/\p{L}{2,12}/gu) ?? []).some((w) => (w.length >= 3 && monthNumber(w) !== null) || (!withDate && weekdayNumber(w) !== null));
}

/**
 * The instant an embargo line's release time names, as "YYYY-MM-DDThh:mm:00" with its zone where
 * the line states one (GMT, CET/MEZ, a US zone) and without one otherwise (normalize reads it in
 * the provider's zone). The date is read first ("Di., 8.12., 10.00 Uhr": 8 December, not 08:12);
 * a line without a date is for the day the message was sent (`sent`, "YYYY-MM-DD…"), and so is
 * the year of a date without one. Null without a clock time, and when a date is printed that is
 * not read (a weekday alone, a date that cannot be resolved): no release time is better than a
 * wrong one (AP Stylebook, embargo: a story is held until the stated time).
 */
export function releaseInstant(text: string, sent: string | null): string | null {
  const sentDay = sent && /^\d{4}-\d\d-\d\d/.test(sent) ? sent.slice(0, 10) : null;
  const stated = releaseDate(text, sentDay);
  if (stated === 'unreadable') return null;
  const rest = stated ? text.replace(stated.at, ' ') : text;
  const clock = releaseClock(rest);
  if (!clock) return null;
  if (hasUnreadDate(rest.replace(clock.at, ' '), stated !== null)) return null;
  let date = stated?.day ?? sentDay;
  if (date === null) return null;
  // A January release sent in December is next year's.
  if (stated && !stated.year && sentDay && Number(date.slice(5, 7)) < Number(sentDay.slice(5, 7)) - 6) date = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  const local = `${date}T${pad(clock.h)}:${pad(clock.m)}:00`;
  const zone = RELEASE_ZONE.exec(rest)?.[1];
  return zone ? parseDate(`${local} ${zone}`) : local;
}
