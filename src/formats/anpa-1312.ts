import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { canonicalAgency } from '../extract/agencies.js';
import { isOrganisation, isTitleOnly, looksLikePersonName, splitNameList } from '../extract/names.js';
import { EDITORS_NOTE, EMBARGO_LINE, blankControls, frameMessage, parseMessages, releaseInstant, utcInstant, type WireMessage } from './wire-framing.js';
import { startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { providerZone } from '../extract/calendar.js';

/**
 * ANPA-1312, the legacy text wire of AP (and of the US agencies that adopted it). A message:
 *
 *   SYN SYN SOH <service level><story number> US <selector>
 *   <priority> <category> DC1/DC2… <keyword> [<version>] [<reference>] <MM-DD> <word count>
 *   STX ^<slug>[, <version>],<words><      the slug line, in full
 *   ^<headline><                            header lines: `^` opens them, `<` or `=` ends them
 *   ^AP Photo NY101<  ^Eds: …<  ^By NAME=  ^AP Writer=
 *   TAB   CITY (AP) _ First paragraph …     body: a tab opens each paragraph
 *   ETX AP-WF-MM-DD-YY HHMMGMT<             trailer: agency, wire, transmission time (GMT, a US zone, or none: the date)
 *   FF EOT
 *
 * The format has no story id (guid stays null). The slug's version ("1st Ld-Writethru",
 * "Correction", "Kill") gives version and signals. Credits (the `By` lines with their title
 * line), the dateline and contributor trailers stay raw for the credits engine.
 */

const FORMAT = 'anpa-1312';

/** ANPA category codes as AP assigns them. */
const CATEGORIES: Record<string, string> = {
  a: 'Domestic, non-Washington', b: 'Special events', c: 'Special events', d: 'Advisories', e: 'Entertainment',
  f: 'Financial', i: 'International', j: 'Lottery', k: 'Commentary', l: 'Lifestyle', n: 'State and regional',
  o: 'Weather', p: 'National politics', q: 'Sports results', r: 'Racing', s: 'Sports', t: 'Travel',
  u: 'Weather and miscellaneous', v: 'Advisories', w: 'Washington', x: 'Miscellaneous', y: 'Miscellaneous', z: 'Miscellaneous',
};

interface AnpaHeader {
  storyNumber: string | null;
  priority: string | null;
  category: string | null;
  keyword: string | null;
  version: string | null;
}

/** "W2870<US>asian" then "r a<DC1><DC3> BC-US--Slug 1stLd-Writethru   11-13 1693". */
function parseHeader(header: string): AnpaHeader {
  const lines = header.split(/\r?\n/);
  const first = /^([A-Za-z])?(\d{3,5})/.exec(lines[0] ?? '');
  let priority: string | null = null;
  let category: string | null = null;
  let keyword: string | null = null;
  let version: string | null = null;
  for (const line of lines.slice(1)) {
    const m = /^\s*([a-z])\s+([a-z])[\x11-\x14]+\s*(.*)$/.exec(line);
    if (!m) continue;
    priority = m[1]!;
    category = m[2]!;
    const tokens = m[3]!.trim().split(/\s+/).filter(Boolean);
    const date = tokens.findIndex((t) => /^\d\d-\d\d$/.test(t));
    const named = date === -1 ? tokens : tokens.slice(0, date);
    keyword = named[0] ?? null;
    version = named.slice(1).find((t) => /[A-Za-z]/.test(t)) ?? null;
  }
  return { storyNumber: first?.[2] ?? null, priority, category, keyword, version };
}

interface VersionMarks {
  version: string | null;
  signals: string[];
  pubStatus: Article['pubStatus'] | null;
  /** "add-1" for a "1st Add": a take that continues the story, not a version of it. */
  take: string | null;
}

/** "1st Ld-Writethru" -> version 2, update + writethru; "Correction", "Kill", "Advisory"; "1st Add" -> take add-1. */
function versionMarks(text: string | null): VersionMarks {
  const signals: string[] = [];
  let version: string | null = null;
  let pubStatus: Article['pubStatus'] | null = null;
  let take: string | null = null;
  if (!text) return { version, signals, pubStatus, take };
  // An add continues the story with its next take (AP Stylebook, Filing the wire, version section).
  const add = /(\d{1,3})(?:st|nd|rd|th)\s*Add\b/i.exec(text);
  if (add) {
    signals.push('add');
    take = `add-${Number(add[1])}`;
  }
  const lead = /(\d+)(?:st|nd|rd|th)\s*(?:Ld|Lead)\b/i.exec(text);
  if (lead) {
    signals.push('update');
    version = String(Number(lead[1]) + 1);
  }
  if (/write-?thru/i.test(text)) signals.push('writethru');
  if (/\bcorrect(?:ion|ive|s)?\b/i.test(text)) signals.push('correction');
  if (/\badvisory\b/i.test(text)) signals.push('advisory');
  if (/\b(?:kill|elimination|withdrawal)\b/i.test(text)) {
    signals.push('kill');
    pubStatus = 'canceled';
  }
  return { version, signals, pubStatus, take };
}

interface Slug {
  slug: string;
  version: string | null;
}

/** "^BC-US--Giant Lobster Death, 1st Ld-Writethru,127<" (an "^*9006< " prefix on some feeds). */
function parseSlugLine(line: string, keyword: string | null): Slug | null {
  const t = line.replace(/^\^\*\d+<\s*/, '').trim();
  if (!t.startsWith('^')) return null;
  const inner = t.slice(1).replace(/(?<![\s<=])\s*[<=]\s*$/, '').trim();
  const parts = inner.split(/\s*,\s*/);
  if (parts.length > 1 && /^\d*$/.test(parts[parts.length - 1]!)) parts.pop();
  const slug = parts[0] ?? '';
  // The header keyword is the slug without spaces, cut to 24 characters.
  const squeezed = slug.replace(/\s+/g, '');
  const isSlug = keyword ? squeezed.startsWith(keyword.slice(0, Math.min(keyword.length, 12))) : /^[A-Z0-9]{1,4}-\S/.test(slug) && /,\s*\d*<\s*$/.test(t);
  if (!isSlug || !slug) return null;
  return { slug, version: parts.slice(1).join(', ') || null };
}

/**
 * Lines that mark where a take ends or the story ends, not text of it: "MORE" / "(MORE)" closes a
 * take that another continues, "-30-", "ENDIT", "xxx" and "(END)" close the story (AP Stylebook,
 * wire terms; the same marks on Kyodo's and the Canadian Press's ANPA wires).
 */
const TAKE_MARK = /^[(\s-]*(?:more|-?30-?|endit|end(?:\s+adv(?:ance)?(?:\s+for\s[^\n]{1,80})?)?|x\s*x\s*x)[)\s-]*$/i;

/**
 * The header lines of an advance, a story held for release (AP Stylebook, Filing the wire: service
 * level b "advances", priority a "weekday advances"): the advance's code ("^$Adv18<", the release
 * day) and its release line ("^For Release Saturday PMs, May 18, and Thereafter<", "^For Use …",
 * "^Hold for Release …"). Neither is the headline; the release line is a note to editors.
 */
const ADVANCE_CODE = /^\$\s?Adv(?:ance)?\s?\d{0,2}$/i;
const RELEASE_LINE = /^(?:For\s+(?:Release|Use)|Hold\s+For\s+Release)\b/i;

interface Paragraphs {
  list: string[];
  current: string[];
}

/**
 * ANPA is 7-bit typewriter text: `` and '' are the double quotes, and " _ " is the dash (the
 * dateline's "(AP) _" included, which the dateline reader knows as a dash).
 */
function typeset(s: string): string {
  return s.replace(/``|''/g, '"').replace(/ _ /g, ' — ');
}

function flush(p: Paragraphs): void {
  const text = typeset(blankControls(p.current.join(' ')).replace(/\s+/g, ' ').trim());
  if (text) p.list.push(text);
  p.current = [];
}

/**
 * A `^…<` or `^…=` header line: its text (without the mark and the white space before it) and its
 * mark, as /^\^(.*?)\s*([<=])$/ reads it, without the regex: its lazy group tried every end of a
 * long run of spaces (quadratic: 100 KB, 3 s).
 */
export function headerMark(line: string): [string, string, string] | null {
  const mark = line[line.length - 1];
  if (line.length < 2 || line[0] !== '^' || (mark !== '<' && mark !== '=')) return null;
  const inner = line.slice(1, -1);
  // '.' matches no line terminator.
  if (/[\n\r\u2028\u2029]/.test(inner.trimEnd())) return null;
  return [line, inner.trimEnd(), mark];
}

/**
 * A By line closed by "<" as a headline is ("^By LENA VOSS<"): only when every name it gives is a
 * person's (a title among them aside), so that a headline opening with "By" ("^By a wide margin,
 * voters back levy<") stays the headline.
 */
function isClosedByLine(content: string): boolean {
  if (!startsWithByLead(content) || content.split(/\s+/).length > 16 || /[.!?]$/.test(content)) return false;
  const items = splitNameList(stripByLead(content)).filter((x) => !isTitleOnly(x));
  return items.length > 0 && items.every((x) => looksLikePersonName(x));
}

/**
 * A headline sent without AP's caret ("Ferry fares to rise 4 per cent" over a tab-indented first
 * paragraph): the text's first line, not indented, short, no sentence end, the next line opening a
 * paragraph with a tab (ANPA-1312: the text opens with the headline; a tab opens each paragraph).
 * A byline ("By Jane Roe") there is no headline (AP Stylebook, byline).
 */
function isBareHeadline(line: string, next: string | undefined): boolean {
  const t = blankControls(line).trim();
  return /^\S/.test(line) && t.length > 0 && t.split(/\s+/).length <= 15 && !/[.,;:!?"'”]$/.test(t) && !TAKE_MARK.test(t) && !startsWithByLead(t) && next !== undefined && /^\t/.test(next);
}

function storyOf(m: WireMessage): ParsedStory {
  const framed = frameMessage(m, FORMAT);
  const header = parseHeader(framed.header);
  const lines = framed.body.split(/\r?\n/);
  while (lines.length && lines[0]!.trim() === '') lines.shift();

  const slug = lines.length ? parseSlugLine(lines[0]!, header.keyword) : null;
  if (slug) lines.shift();

  let headline: string | null = null;
  let summary: string | null = null;
  const notes: string[] = [];
  const bylines: BylineHint[] = [];
  const body: Paragraphs = { list: [], current: [] };
  let lastByline: BylineHint | null = null;
  let inHeader = true;
  // Priority a: "weekday advances designed for use more than 12 hours after transmission" (AP Stylebook, Filing the wire).
  let advance = header.priority === 'a';
  let release: string | null = null;

  for (const [at, rawLine] of lines.entries()) {
    const line = rawLine.trimEnd();
    const headerLine = headerMark(line);
    if (inHeader && headerLine) {
      const content = headerLine[1]!.trim();
      // AP's By line and the writer's title under it ("^By LENA VOSS<", "^Associated Press Writer<"),
      // closed by "<" as other header lines are (AP Stylebook, Filing the wire: the byline's second line is the title).
      if (headerLine[2] === '<' && isClosedByLine(content)) {
        lastByline = { raw: content, role: 'author', evidence: { from: 'element', rule: 'anpa ^By line' } };
        bylines.push(lastByline);
        continue;
      }
      if (headerLine[2] === '<' && lastByline && isTitleOnly(content)) {
        lastByline.raw = `${lastByline.raw}, ${content}`;
        lastByline = null;
        continue;
      }
      if (headerLine[2] === '=') {
        if (startsWithByLead(content)) {
          lastByline = { raw: content, role: 'author', evidence: { from: 'element', rule: 'anpa ^By line' } };
          bylines.push(lastByline);
          continue;
        }
        // "^AP Sports Writer=" / "^Associated Press=" under a By line is the byline's title.
        if (lastByline && (isTitleOnly(content) || isOrganisation(content))) {
          lastByline.raw = `${lastByline.raw}, ${content}`;
          lastByline = null;
          continue;
        }
        lastByline = null;
        // Agate tables print their titles as "=" lines ("^Wild Card Glance="): text of the story.
        flush(body);
        body.current.push(content);
        flush(body);
        continue;
      }
      lastByline = null;
      if (ADVANCE_CODE.test(content)) {
        advance = true;
        continue;
      }
      if (RELEASE_LINE.test(content) || EMBARGO_LINE.test(content)) {
        advance = true;
        release ??= content;
        notes.push(content);
        continue;
      }
      if (EDITORS_NOTE.test(content)) notes.push(content);
      else if (headline === null && body.list.length === 0) headline = typeset(content);
      else if (summary === null && body.list.length === 0) summary = typeset(content);
      else {
        flush(body);
        body.current.push(content);
        flush(body);
      }
      continue;
    }
    inHeader = false;
    if (line.trim() === '') {
      flush(body);
      continue;
    }
    const text = line.endsWith('<') ? line.slice(0, -1).trimEnd() : line;
    if (headline === null && body.list.length === 0 && body.current.length === 0 && isBareHeadline(text, lines[at + 1])) {
      headline = typeset(blankControls(text).replace(/\s+/g, ' ').trim());
      continue;
    }
    // A tab, a caret line or a table row (BS) opens a paragraph; other lines continue one.
    if (/^[\t^\b]/.test(text)) flush(body);
    body.current.push(text.replace(/^(\x08?)\^/, '$1'));
  }
  flush(body);

  // "AP-WF-11-13-13 1509GMT": agency, wire, MM-DD-YY and the transmission time with its zone.
  const trailer = /([A-Za-z]{2,})-[A-Za-z0-9]+-(\d\d)-(\d\d)-(\d\d)\s+(\d\d)(\d\d)\s*(GMT|UTC|Z|[ECMP][SD]T)?\b/.exec(framed.trailer);
  const agency = trailer ? canonicalAgency(trailer[1]) : null;
  const sent = trailer ? sentAt(trailer, agency) : null;

  const marks = versionMarks([header.version, slug?.version].filter(Boolean).join(' ') || null);
  // "Eds: Corrects spelling of name." marks a correction the slug does not always repeat.
  if (notes.some((n) => /^\(?\s*Eds?\s*:.*\bCorrects?\b/i.test(n)) && !marks.signals.includes('correction')) marks.signals.push('correction');
  // An advance waits for its release: withheld, as AP's own HoldForRelease type (src/formats/ap-media-api.ts).
  // Its release is a news cycle ("Saturday PMs, May 18"), no instant: the note says it, embargoedUntil stays null;
  // a release line that states a clock time ("HOLD FOR RELEASE UNTIL 5 P.M. EST, Dec. 7") is the embargo.
  const embargoedUntil = release !== null && marks.pubStatus !== 'canceled' ? releaseInstant(release, sent) : null;
  if (advance && marks.pubStatus !== 'canceled') {
    marks.signals.push('hold-for-release');
    marks.pubStatus = 'withheld';
  }
  const category = header.category;
  const slugline = slug?.slug ?? header.keyword;
  return {
    itemIndex: m.index,
    type: 'text',
    guid: null,
    version: marks.version,
    versionCreated: sent,
    embargoedUntil,
    take: marks.take,
    replaces: marks.signals.includes('kill') ? killedSlug(notes, body.list) ?? slugline : null,
    editorNote: notes.length ? notes.map(typeset).join('\n\n') : null,
    pubStatus: marks.pubStatus ?? 'usable',
    signals: marks.signals,
    provider: agency,
    source: agency,
    headline,
    summary,
    slugline,
    bodyText: body.list.filter((p) => !TAKE_MARK.test(p)).join('\n\n'),
    bylines,
    subjects: category ? [{ scheme: 'anpa-category', code: category, name: CATEGORIES[category] ?? null }] : [],
  };
}

/** RFC 822's North American zones (section 5.1), as a trailer may state its time in them. */
const US_ZONES: Record<string, number> = { EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

/**
 * The trailer's transmission time: an instant when it states its zone (GMT, or a US zone); the
 * provider's local time, left without an offset for normalize, where its zone is known; else the
 * calendar date alone.
 */
function sentAt(t: RegExpExecArray, agency: string | null): string | null {
  const [year, month, day, hour, minute] = [Number(t[4]), Number(t[2]), Number(t[3]), Number(t[5]), Number(t[6])];
  const wall = utcInstant(year, month, day, hour, minute);
  if (!wall) return null;
  const zone = t[7];
  if (zone && zone in US_ZONES) return new Date(Date.parse(wall) - US_ZONES[zone]! * 3_600_000).toISOString().replace('.000Z', 'Z');
  if (zone) return wall;
  return providerZone(agency) ? wall.replace(/Z$/, '') : wall.slice(0, 10);
}

/**
 * The story a kill kills, by the slug AP names it with ("Eds: KILL BC-LA--Peru-Quake.", "Kill the
 * story slugged BC-US--Storm, sent at …"): ANPA has no story ids, the slug is the story's name.
 */
function killedSlug(notes: string[], paragraphs: string[]): string | null {
  for (const text of [...notes, ...paragraphs.slice(0, 2)]) {
    const m = /\bkill(?:\s+the\s+story)?(?:\s+slugged)?\s+((?:[A-Z0-9]{1,4}-)+-?[\p{L}\d][\p{L}\d'’&-]*(?:\s+[\p{L}\d][\p{L}\d'’&-]*){0,4}?)(?=[.,;:]|\s+(?:sent|moved|transmitted)\b|$)/iu.exec(text);
    if (m) return m[1]!.trim();
  }
  return null;
}

function detect(s: Sniff): number {
  if (!s.wireControls) return 0;
  // SOH, service level letter, four-digit story number, US: the ANPA message header.
  if (/\x01[A-Za-z]?\d{4}\x1f/.test(s.head)) return 0.95;
  return /\x01[^\x02]{0,200}\n\s*[a-z] [a-z][\x11-\x14]/.test(s.head) ? 0.9 : 0;
}

export const anpa1312: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'ANPA-1312 legacy text wire (AP): SOH/STX/ETX framed messages, ^ header lines, slug versions',
  detect,
  parse(input) {
    return parseMessages(input.text, input.bytes, FORMAT, storyOf);
  },
};
