import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { canonicalAgency } from '../extract/agencies.js';
import { rolePhrase } from '../extract/bylines.js';
import { extractDateline } from '../extract/dateline.js';
import { blankControls, frameMessage, parseMessages, utcInstant, type WireMessage } from './wire-framing.js';
import { monthNumber } from '../extract/calendar.js';

/**
 * IPTC 7901, the text wire of dpa and the European agencies. A message:
 *
 *   SOH <service><sequence> <priority> <category> <words> [<code>] <source> <number>
 *   <keywords, slash separated>/
 *   STX (<marker>)                  urgency, correction, genre lines ("(Eil)", "(Berichtigung: …)")
 *   1ST LEAD                        version markers in capitals
 *   <headline, may wrap>
 *   By <author>, dpa =              byline (may wrap); " =" closes the header block
 *   <teaser>                        (digitalwires conversions) a paragraph before the dateline
 *   Berlin (dpa) - <body> …
 *   # Notebook                      notes for editors, then after "* * * *" a block "not for
 *   ## Editorial contacts           publication" with "- Reporting by: …" contacts
 *   dpa abc xyz                     desk initials
 *   ETX DDHHMM [GMT] Mon YY         transmission time
 *   EOT
 *
 * No story id (guid stays null). Notes and contacts are kept out of the body; the contacts'
 * role phrases become bylines with those roles.
 */

const FORMAT = 'iptc-7901';

interface Header {
  priority: string | null;
  category: string | null;
  source: string | null;
}

/** "eca062 4 i 211 ccccb   dpa 061": the source is the word before the closing number. */
function parseHeader(line: string): Header {
  const tokens = blankControls(line).trim().split(/\s+/);
  const priority = tokens.find((t, i) => i > 0 && /^\d$/.test(t)) ?? null;
  const category = priority ? tokens[tokens.indexOf(priority) + 1] ?? null : null;
  const source = tokens.length >= 3 && /^\d+$/.test(tokens[tokens.length - 1]!) ? tokens[tokens.length - 2]! : null;
  return { priority, category: category && /^[a-z]{1,3}$/.test(category) ? category : null, source: source && /[A-Za-z]/.test(source) ? source : null };
}

interface Marks {
  signals: string[];
  /** Marker lines that are notes to editors. */
  notes: string[];
  version: string | null;
  pubStatus: Article['pubStatus'] | null;
}

/** Signals the marker lines state: "(Berichtigung: …)", "CORRECTION", "2ND LEAD", "KILL", "(Achtung)". */
function markSignals(marker: string, marks: Marks): void {
  const add = (s: string): void => {
    if (!marks.signals.includes(s)) marks.signals.push(s);
  };
  if (/berichtig|korrektur|correct/i.test(marker)) add('correction');
  const lead = /(\d+)(?:st|nd|rd|th|\.)\s*(?:lead|ld|zusammenfassung)\b/i.exec(marker);
  if (lead) {
    add('update');
    marks.version = String(Number(lead[1]) + 1);
  }
  if (/\b(?:kill|withdrawn?|annullierung|löschung|zurückgezogen)\b/i.test(marker)) {
    add('kill');
    marks.pubStatus = 'canceled';
  }
  if (/\b(?:advisory|achtung)\b/i.test(marker)) add('advisory');
}

const isMarker = (line: string): boolean => /^\(.*\)$/.test(line) || /^\d+\.\s*(?:zusammenfassung|lead)$/i.test(line) ||
  (/^[\p{Lu}\d .:-]+$/u.test(line) && line.split(/\s+/).length <= 4);
const BY_LINE = /^(?:by|von|par|por|av)\s+\S/i;

interface HeaderBlock {
  headline: string | null;
  byline: string | null;
  rest: string[];
}

/** The lines up to the one closed by " =": markers, headline (may wrap), byline (may wrap). */
function headerBlock(lines: string[], marks: Marks): HeaderBlock {
  const blank = lines.findIndex((l) => l.trim() === '');
  const first = blank === -1 ? lines : lines.slice(0, blank);
  let end = first.findIndex((l) => /(?:^|\s)=\s*$/.test(l));
  if (end === -1) {
    // No " =": a short first paragraph is still the headline block.
    if (first.join(' ').split(/\s+/).length > 30) return { headline: null, byline: null, rest: lines };
    end = first.length - 1;
  }
  const headlineParts: string[] = [];
  const bylineParts: string[] = [];
  for (const raw of lines.slice(0, end + 1)) {
    const line = blankControls(raw).replace(/\s*=\s*$/, '').replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (isMarker(line) && bylineParts.length === 0 && (headlineParts.length === 0 || /^\(.*\)$/.test(line))) {
      markSignals(line, marks);
      // "(Berichtigung: Name im dritten Absatz korrigiert)": a marker that says more is a note to editors.
      const said = /^\(\s*([^():]+:\s*[^()]+?)\s*\)$/.exec(line);
      if (said) marks.notes.push(said[1]!);
      continue;
    }
    if (bylineParts.length > 0 || (BY_LINE.test(line) && headlineParts.length > 0)) bylineParts.push(line);
    else headlineParts.push(line);
  }
  return {
    headline: headlineParts.join(' ') || null,
    byline: bylineParts.join(' ') || null,
    rest: lines.slice(end + 1),
  };
}

const NOTES_START = /^\s*#\s+(?:dpa\s+)?(?:notebook|notizblock|notes?)\b/i;
const NOT_FOR_PUBLICATION = /not\s+(?:intended\s+)?for\s+publication|nicht\s+zur\s+ver(?:ö|oe)ffentlichung\s+bestimmt/i;
const SEPARATOR = /^\s*(?:\*\s*){3,}$/;

/** "- Reporting by: A in X, B" items of the contacts block, continuation lines joined. */
function listItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines) {
    if (/^\s*-\s+/.test(line)) items.push(line.replace(/^\s*-\s+/, ''));
    else if (/^\s+\S/.test(line) && items.length) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
}

/** A contact's name without the telephone, e-mail and place in brackets that follow it. */
function contactName(rest: string): string {
  const cut = /\s\(|\s*[,;]\s*(?:\+|\d|<|tel\b)|\s+\+?\d[\d /-]{4,}|\s*</i.exec(rest);
  return (cut ? rest.slice(0, cut.index) : rest).replace(/[.,;\s]+$/, '').trim();
}

function contactBylines(lines: string[]): BylineHint[] {
  const out: BylineHint[] = [];
  for (const item of listItems(lines)) {
    const phrase = rolePhrase(item.replace(/\u00a0/g, ' '));
    if (!phrase) continue;
    const raw = contactName(phrase.rest);
    if (!raw) continue;
    for (const role of phrase.roles) out.push({ raw, role, evidence: { from: 'element', rule: `iptc-7901 contacts:${role}` } });
  }
  return out;
}

/**
 * The notebook and the not-for-publication block as one note: the notebook's title line
 * dropped, other headings without their "#" marks, items and contact lines as printed, the "* * * *" separator and the closing desk
 * initials left out. Lines of one block stay together; blocks part at blank lines.
 */
function noteBlock(lines: string[], source: string | null): string | null {
  const kept = lines
    .map((l) => blankControls(l).replace(/\u00a0/g, ' ').replace(/\s+$/, ''))
    .filter((l) => !SEPARATOR.test(l) && !NOTES_START.test(l) && !isDeskLine(l, source))
    .map((l) => l.replace(/^\s*#+\s*/, ''));
  const text = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text || null;
}

/** "dpa wsz jln npr": the closing line of desk initials. */
function isDeskLine(line: string, source: string | null): boolean {
  const words = line.trim().split(/\s+/);
  const first = words[0]?.toLowerCase() ?? '';
  return words.length >= 2 && (first === source?.toLowerCase() || canonicalAgency(first) !== null) && words.slice(1).every((w) => /^[a-z0-9]{1,6}$/.test(w));
}

/** "131137 GMT Nov 13": day, hour and minute, then the month and the year; only GMT is an instant. */
function transmitted(trailer: string): string | null {
  const m = /(\d\d)(\d\d)(\d\d)\s+(GMT|UTC)\s+(\p{L}{3,})\.?\s+(\d\d)\b/u.exec(blankControls(trailer));
  if (!m) return null;
  const month = monthNumber(m[5]!);
  return month ? utcInstant(Number(m[6]), month, Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function storyOf(m: WireMessage): ParsedStory {
  const framed = frameMessage(m, FORMAT);
  const headerLines = framed.header.split(/\r?\n/);
  const header = parseHeader(headerLines[0] ?? '');
  const keywordLine = headerLines.slice(1).map((l) => blankControls(l).trim()).filter(Boolean).join(' ');
  const keywords = keywordLine.split('/').map((k) => k.trim()).filter(Boolean);

  const marks: Marks = { signals: [], notes: [], version: null, pubStatus: null };
  const lines = framed.body.replace(/\r/g, '').split('\n');
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  const block = headerBlock(lines, marks);

  // Everything from the notebook on is for editors; contacts sit after the not-for-publication line.
  let bodyLines = block.rest;
  const bylines: BylineHint[] = [];
  if (block.byline) bylines.push({ raw: block.byline, role: 'author', evidence: { from: 'element', rule: 'iptc-7901 byline' } });
  let notesAt = bodyLines.findIndex((l) => NOTES_START.test(l));
  const privateAt = bodyLines.findIndex((l) => NOT_FOR_PUBLICATION.test(l));
  if (privateAt !== -1) {
    bylines.push(...contactBylines(bodyLines.slice(privateAt + 1)));
    let from = privateAt;
    while (from > 0 && (SEPARATOR.test(bodyLines[from - 1]!) || bodyLines[from - 1]!.trim() === '')) from--;
    notesAt = notesAt === -1 ? from : Math.min(notesAt, from);
  }
  const notes = [...marks.notes];
  if (notesAt !== -1) {
    const block = noteBlock(bodyLines.slice(notesAt), header.source);
    if (block) notes.push(block);
    bodyLines = bodyLines.slice(0, notesAt);
  }

  const paragraphs = bodyLines
    .map((l) => blankControls(l).replace(/\u00a0/g, ' '))
    .join('\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  while (paragraphs.length && isDeskLine(paragraphs[paragraphs.length - 1]!, header.source)) paragraphs.pop();

  // digitalwires conversions print the teaser before the paragraph that opens with the dateline.
  let summary: string | null = null;
  if (paragraphs.length > 1 && !extractDateline(paragraphs[0]!) && extractDateline(paragraphs[1]!) && paragraphs[0]!.split(/\s+/).length <= 80) {
    summary = paragraphs.shift()!;
  }

  const agency = canonicalAgency(header.source);
  const slugline = keywordLine.replace(/\/\s*$/, '') || null;
  return {
    itemIndex: m.index,
    type: 'text',
    guid: null,
    version: marks.version,
    versionCreated: transmitted(framed.trailer),
    // No story ids: a kill names the story it withdraws by its keywords (it moves under them).
    replaces: marks.signals.includes('kill') ? slugline : null,
    editorNote: notes.length ? notes.join('\n\n') : null,
    pubStatus: marks.pubStatus ?? 'usable',
    signals: marks.signals,
    provider: agency ?? header.source,
    source: agency,
    headline: block.headline,
    summary,
    slugline,
    keywords,
    bodyText: paragraphs.join('\n\n'),
    bylines,
    subjects: header.category ? [{ scheme: 'iptc-7901-category', code: header.category, name: null }] : [],
  };
}

function detect(s: Sniff): number {
  if (!s.wireControls) return 0;
  // SOH, then "<service><sequence> <priority digit> <category> <word count>".
  if (/\x01[a-z]{2,5}\d{2,6}\s+\d\s+[a-z]{1,3}\s+\d+\b/i.test(s.head)) return 0.95;
  return /\x01[^\x02\x1f]{0,400}\x02/.test(s.head) ? 0.5 : 0;
}

export const iptc7901: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'IPTC 7901 text wire (dpa and others): SOH header, keyword line, STX/ETX text, contacts kept out of the body',
  detect,
  parse(input) {
    return parseMessages(input.text, input.bytes, FORMAT, storyOf);
  },
};
