import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { canonicalAgency } from '../extract/agencies.js';
import { isDeskSignature, isUpdateNote } from '../extract/trailer.js';
import { EDITORS_NOTE, EMBARGO_LINE, blankControls, frameMessage, parseMessages, releaseInstant, utcInstant, type WireMessage } from './wire-framing.js';
import { monthNumber, providerZone } from '../extract/calendar.js';
import { indentOf, indentedParagraphs } from '../text/reflow.js';
import { startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { extractDateline } from '../extract/dateline.js';

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

/**
 * "eca062 4 i 211 ccccb   dpa 061": the source is the word before the message number that closes
 * the header (IPTC 7901 rev. 5); the number may carry the agency's date and part ("KNA 240516-89-00065#2").
 */
function parseHeader(line: string): Header {
  const tokens = blankControls(line).trim().split(/\s+/);
  const priority = tokens.find((t, i) => i > 0 && /^\d$/.test(t)) ?? null;
  const category = priority ? tokens[tokens.indexOf(priority) + 1] ?? null : null;
  const source = tokens.length >= 3 && /^\d[\d#-]*$/.test(tokens[tokens.length - 1]!) ? tokens[tokens.length - 2]! : null;
  return { priority, category: category && /^[a-z]{1,3}$/.test(category) ? category : null, source: source && /[A-Za-z]/.test(source) ? source : null };
}

interface Marks {
  signals: string[];
  /** Marker lines that are notes to editors. */
  notes: string[];
  version: string | null;
  pubStatus: Article['pubStatus'] | null;
  /** The release time an embargo line states, as printed ("8. Dezember 2026, 10.00 Uhr"). */
  embargo: string | null;
}

/** Signals the marker lines state: "(Berichtigung: …)", "CORRECTION", "2ND LEAD", "KILL", "(Achtung)". */
/** A cancellation marker: its first word "KILL", "WITHDRAWN", "WITHDRAWAL", "ANNULLIERUNG"/"Annullierung", "LÖSCHUNG"/"Löschung", "ZURÜCKGEZOGEN". */
const KILL_MARKER = /^\(?\s?(?:KILL|WITHDRAWN|WITHDRAWAL|ANNULLIERUNG|Annullierung|LÖSCHUNG|Löschung|ZURÜCKGEZOGEN)(?![\p{L}\d-])/u;

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
  // Only as the marker's first word and as agencies write it, in capitals or as the German noun (IPTC 7901
  // rev. 5: the marker states the cancellation); "(Eds: recasts with troop withdrawal)" is prose.
  if (KILL_MARKER.test(marker)) {
    add('kill');
    marks.pubStatus = 'canceled';
  }
  if (/\b(?:advisory|achtung)\b/i.test(marker)) add('advisory');
}

/** Take lines of a story sent in parts ("Take 2 of 3", "2nd take", "- more -", "Fortsetzung", "Teil 2", "2. Teil": German puts the ordinal first). */
const TAKE_LINE = /^(?:take\s+\d+(?:\s+of\s+\d+)?|\d+(?:st|nd|rd|th|\.)\s*take|[-=(\s]*(?:more|mehr|suite|segue|sigue)[-=)\s]*|fortsetzung|teil\s+\d+|\d{1,2}\.\s?teil)$/i;

const isMarker = (line: string): boolean => /^\(.*\)$/.test(line) || /^\d+\.\s*(?:zusammenfassung|lead)$/i.test(line) || TAKE_LINE.test(line) ||
  (/^[\p{Lu}\d .:-]+$/u.test(line) && line.split(/\s+/).length <= 4);

/**
 * A keyword (slug) line: IPTC 7901 puts the keywords in the header, slash separated and closed by
 * a slash ("Germany-energy/Hydrogen/"); agencies that send the header inside the text repeat it
 * there. Short, no sentence in it, and either closed by a slash or holding two.
 */
function isKeywordLine(line: string): boolean {
  if (line.length > 160 || !line.includes('/') || /[.!?:]\s|[=«»"“”]/.test(line) || line.split(/\s+/).length > 12) return false;
  return /^[^\s/][^/]*(?:\/[^/\s][^/]*)*\/$|^[^\s/][^/]*(?:\/[^/\s][^/]*){2,}$/u.test(line) && !/\s\/|\/\s/.test(line.replace(/\/$/, ''));
}

/**
 * Two keywords without the closing slash ("Sport/Eishockey"): one word with one slash, letters on both
 * sides; never a headline, which has more than one word (IPTC 7901 rev. 5 keyword line).
 */
function isKeywordPair(line: string): boolean {
  return line.length <= 60 && /^\p{L}[\p{L}\d-]*\/\p{L}[\p{L}\d-]*$/u.test(line);
}

/**
 * A repeated message header or a service line inside the text ("eca062 4 i 211 ccccb dpa 061", "BC-Japan-Quake"),
 * or the teleprinter's start-of-message "ZCZC" (ITA2 message procedure, as ITU-R M.540 NAVTEX writes it: "ZCZC" opens, "NNNN" ends).
 */
const SERVICE_LINE = /^(?:[a-z]{2,5}\d{2,6}\s+\d\s+[a-z]{1,3}\s+\d+\b.*|BC-\S+(?:\s+\S+){0,6}|ZCZC(?:\s.{0,80})?)$/i;

/**
 * The lines over the headline: service and keyword lines, markers (a parenthesised marker may wrap
 * over several lines: "(Berichtigung: … \n … )"). Their signals and notes go to `marks`, keywords to
 * `keywords`; returns the lines from the headline on.
 */
function leadLines(lines: string[], marks: Marks, keywords: string[]): string[] {
  let i = 0;
  const clean = (l: string): string => blankControls(l).replace(/\s+/g, ' ').trim();
  while (i < Math.min(lines.length, 40)) {
    const line = clean(lines[i]!);
    if (!line) {
      i++;
      continue;
    }
    if (line.startsWith('(') && !line.includes(')')) {
      let j = i + 1;
      while (j < Math.min(lines.length, i + 8) && !lines[j]!.includes(')') && clean(lines[j]!)) j++;
      if (j >= lines.length || !lines[j]!.includes(')') || !/\)\s*=?\s*$/.test(clean(lines[j]!))) break;
      const marker = lines.slice(i, j + 1).map(clean).join(' ').replace(/\s*=$/, '');
      noteMarker(marker, marks);
      i = j + 1;
      continue;
    }
    // "Sperrfrist: 8. Dezember, 10.00 Uhr", "Embargo: 0001 GMT Dec 8" over the headline: a note and the release time.
    const embargo = EMBARGO_LINE.exec(line);
    if (embargo) {
      marks.notes.push(line.replace(/^\(\s?|\s?\)$/g, ''));
      marks.embargo ??= embargo[1]!;
      i++;
      continue;
    }
    // "Eds: adds quotes from union": a note to editors over the headline, as ANPA's "Eds:" lines (AP Stylebook, Filing the wire).
    if (EDITORS_NOTE.test(line)) {
      marks.notes.push(line);
      i++;
      continue;
    }
    if (SERVICE_LINE.test(line) || TAKE_LINE.test(line)) {
      i++;
      continue;
    }
    if (isKeywordLine(line) || (isKeywordPair(line) && lines.slice(i + 1, i + 3).some((l) => clean(l) !== ''))) {
      for (const k of line.split('/').map((x) => x.trim()).filter(Boolean)) if (!keywords.includes(k)) keywords.push(k);
      i++;
      continue;
    }
    if (/^\(.*\)$/.test(line)) {
      noteMarker(line, marks);
      i++;
      continue;
    }
    break;
  }
  return lines.slice(i);
}

/**
 * A marker's signals; a marker that says more is a note to editors: "(Berichtigung: Name im dritten
 * Absatz korrigiert)", and the update note in the verbs of an update, "(Corrects inflation figure in
 * 2nd paragraph)" (Reuters Handbook; docs/architecture.md: update notes become the editor's note).
 */
function noteMarker(line: string, marks: Marks): void {
  markSignals(line, marks);
  const embargo = EMBARGO_LINE.exec(line);
  if (embargo) marks.embargo ??= embargo[1]!;
  const said = /^\(\s*([^():]+:\s*[^()]+?)\s*\)$/.exec(line);
  if (said) marks.notes.push(said[1]!);
  else if (/^\(.*\)$/.test(line) && isUpdateNote(line)) marks.notes.push(line.slice(1, -1).trim());
}

/** Correction and cancellation words the markers use (markSignals), as agencies write them: in capitals, or the German noun; "Withdrawal: …" is a title. */
const MARK_WORD = '(?:BERICHTIGUNG|Berichtigung|KORREKTUR|Korrektur|CORRECTION|CORRECTED|KILL|ANNULLIERUNG|Annullierung|WITHDRAWAL|WITHDRAWN)';
/** The marker word leading the headline line ("Berichtigung: …", "CORRECTION - …") or closing it in brackets ("… (Berichtigung)"). */
const HEADLINE_MARK_BEFORE = new RegExp(`^(${MARK_WORD})(?::|\\s{1,3}[–-])\\s{1,3}(?=\\S)`, 'u');
const HEADLINE_MARK_AFTER = new RegExp(`\\s{0,3}\\((${MARK_WORD})\\)$`, 'u');

/**
 * A headline line carrying its marker word: the marker is the story's status, not its title (IPTC 7901
 * rev. 5: correction and cancellation are stated by the marker over the text; the headline is the title).
 * Its signals go to `marks`; returns the headline without it.
 */
function withoutHeadlineMarker(headline: string | null, marks: Marks): string | null {
  if (!headline) return headline;
  const m = HEADLINE_MARK_BEFORE.exec(headline) ?? HEADLINE_MARK_AFTER.exec(headline);
  if (!m) return headline;
  const rest = (m.index === 0 ? headline.slice(m[0].length) : headline.slice(0, m.index)).trim();
  // A title of one word after the marker is no headline under it: leave the line as it is.
  if (rest.split(/\s+/).length < 2) return headline;
  markSignals(m[1]!, marks);
  return rest;
}

interface HeaderBlock {
  headline: string | null;
  byline: string | null;
  rest: string[];
}

/** The header block is a few short lines (IPTC 7901 rev. 5): markers, headline, byline; an "=" further down is text. */
const HEADER_LINES = 6;

/**
 * Whether the header line at `at` closes the header block with "=" (IPTC 7901 rev. 5): after a space
 * as dpa sends it, or right after the last word as KNA's published example writes it ("… bleiben=");
 * the latter only within the header's first lines and not in a line that holds another "=" or a URL.
 */
function closesHeader(line: string, at: number): boolean {
  const l = blankControls(line).trimEnd();
  if (/(?:^|\s)=$/.test(l)) return true;
  return at < HEADER_LINES && /[^\s=]=$/.test(l) && !l.slice(0, -1).includes('=') && !l.includes('://');
}

/** The words a printed name is made of besides capitalised ones: joiners of names and name particles. */
const NAME_JOINER = /^(?:and|und|et|y|e|en|og|och|&|von|van|de|der|den|di|da|del|la|le|du|dos|ter)$/;

/**
 * A by-line standing on a line of its own (the dpa stylebook sets the byline as a header line: "By
 * Wanjiru Kamau", "Von Lea Sommer und Tom Brandt, dpa"): a capitalised by-word, then at most ten
 * words of names, their joiners and particles and an agency, and no sentence end.
 */
function isBylineLine(line: string): boolean {
  const l = blankControls(line).replace(/\s+/g, ' ').trim();
  if (!/^\p{Lu}/u.test(l) || !startsWithByLead(l) || /[.!?:;]$/.test(l)) return false;
  const words = stripByLead(l).split(' ');
  return words.length <= 10 && words.every((w) => /^\p{Lu}/u.test(w) || NAME_JOINER.test(w) || canonicalAgency(w.replace(/[,]$/, '')) !== null);
}

/** The lines over a by-line are a headline: at most three, no sentence end, at most twenty words. */
function isHeadlineOverByline(lines: string[]): boolean {
  const text = lines.map((l) => blankControls(l).replace(/\s+/g, ' ').trim()).filter(Boolean);
  return text.length > 0 && text.length <= 3 && text.join(' ').split(' ').length <= 20 && !text.some((l) => /[.,;:!?"”»]$/.test(l) || startsWithByLead(l));
}

/**
 * The lines up to the last of the run closed by "=": markers, headline (may wrap), byline (may wrap). The
 * block ends at a blank line, or where a line indented more than the one before opens the text's
 * first paragraph (the teleprinter's paragraph indent).
 */
function headerBlock(lines: string[], marks: Marks): HeaderBlock {
  let blank = lines.findIndex((l) => l.trim() === '');
  const opens = lines.findIndex((l, i) => i > 0 && l.trim() !== '' && lines[i - 1]!.trim() !== '' && indentOf(blankControls(l)) > indentOf(blankControls(lines[i - 1]!)));
  if (opens !== -1 && (blank === -1 || opens < blank)) blank = opens;
  const first = blank === -1 ? lines : lines.slice(0, blank);
  let end = first.findIndex((l, i) => closesHeader(l, i));
  // Each header line may be closed by " =" (headline and byline, dpa stylebook): the block is the whole run of them.
  while (end !== -1 && end + 1 < Math.min(first.length, HEADER_LINES) && closesHeader(first[end + 1]!, end + 1)) end++;
  let rest = end === -1 ? null : lines.slice(end + 1);
  if (end === -1) {
    // No "=": a by-line on its own line under the headline ends the header block. A by-line is a
    // line of its own and stays a paragraph of its own, for the extract stage's lead-byline reader.
    const by = first.findIndex((l, i) => i > 0 && i < HEADER_LINES && isBylineLine(l));
    if (by !== -1 && by < first.length - 1 && isHeadlineOverByline(first.slice(0, by))) {
      end = by - 1;
      rest = [first[by]!, '', ...lines.slice(by + 1)];
    }
  }
  if (end === -1) {
    // No "=": a line under the headline that opens with a dateline ("(ANSA) - ROMA, 14 OTT -", "Berlin (dpa) -")
    // starts the text; the lines over it are the headline (IPTC 7901 rev. 5: headline, then text).
    const at = first.findIndex((l, i) => i > 0 && i <= 3 && extractDateline(blankControls(l).trim()) !== null);
    if (at !== -1 && isHeadlineOverByline(first.slice(0, at))) {
      const headline = first.slice(0, at).map((l) => blankControls(l).replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
      return { headline, byline: null, rest: lines.slice(at) };
    }
  }
  if (end === -1) {
    // No " =": a short first paragraph is still the headline block.
    if (first.join(' ').split(/\s+/).length > 30) {
      // The headline set on its own line over the text without the " =": a short first line, no
      // sentence end, shorter than the wrapped text lines under it.
      const head = blankControls(first[0] ?? '').replace(/\s+/g, ' ').trim();
      const widest = Math.max(0, ...first.slice(1).map((l) => blankControls(l).trim().length));
      if (first.length > 2 && head.split(/\s+/).length <= 15 && !/[.,;:!?"”»]$/.test(head) && head.length < 0.8 * widest && !startsWithByLead(head)) {
        return { headline: head, byline: null, rest: lines.slice(1) };
      }
      return { headline: null, byline: null, rest: lines };
    }
    end = first.length - 1;
    rest = lines.slice(end + 1);
  }
  const headlineParts: string[] = [];
  const bylineParts: string[] = [];
  for (const raw of lines.slice(0, end + 1)) {
    const line = blankControls(raw).replace(/(?<![\s=])\s*=\s*$/, '').replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (isMarker(line) && bylineParts.length === 0 && (headlineParts.length === 0 || /^\(.*\)$/.test(line))) {
      noteMarker(line, marks);
      continue;
    }
    if (bylineParts.length > 0 || (startsWithByLead(line) && headlineParts.length > 0)) bylineParts.push(line);
    else headlineParts.push(line);
  }
  return {
    headline: headlineParts.join(' ') || null,
    byline: bylineParts.join(' ') || null,
    rest: rest ?? lines.slice(end + 1),
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

/**
 * The contacts' items as they stand ("Reporting by: A in X, B", "Editing by: C, +49 30 …"): the
 * extract stage reads the role each names and the people after it.
 */
function contactBylines(lines: string[]): BylineHint[] {
  const out: BylineHint[] = [];
  for (const item of listItems(lines)) {
    // "Label: value": the label kept for the extract stage, the value without telephone, e-mail and place.
    const m = /^([^:]{2,40}):\s*(.+)$/.exec(item.replace(/\u00a0/g, ' ').trim());
    if (!m || !/\bby\b|^(?:autor|redaktion|mitarbeit|redigiert|bearbeitet)/i.test(m[1]!)) continue;
    const name = contactName(m[2]!);
    if (name) out.push({ raw: `${m[1]!.trim()}: ${name}`, evidence: { from: 'element', rule: 'iptc-7901 contacts' } });
  }
  return out;
}

/** A contact's name without the telephone, e-mail and place in brackets that follow it. */
function contactName(rest: string): string {
  const cut = /\s\(|\s*[,;]\s*(?:\+|\d|<|tel\b)|\s+\+?\d[\d /-]{4,}|\s*</i.exec(rest);
  return (cut ? rest.slice(0, cut.index) : rest).replace(/(?<![.,;\s])[.,;\s]+$/, '').trim();
}

/**
 * The notebook and the not-for-publication block as one note: the notebook's title line
 * dropped, other headings without their "#" marks, items and contact lines as printed, the "* * * *" separator and the closing desk
 * initials left out. Lines of one block stay together; blocks part at blank lines.
 */
function noteBlock(lines: string[], source: string | null): string | null {
  const kept = lines
    .map((l) => blankControls(l).replace(/\u00a0/g, ' ').trimEnd())
    .filter((l) => !SEPARATOR.test(l) && !NOTES_START.test(l) && !isDeskSignature(l, source))
    .map((l) => l.replace(/^\s*#+\s*/, ''));
  const text = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text || null;
}

/**
 * The text's lines without the desk's sign-off ("dpa jb xx ab", isDeskSignature) set right under
 * the last sentence, no blank line between (after a blank line it is a paragraph of its own, which
 * the extract stage takes).
 */
function withoutJoinedSignOff(lines: string[], source: string | null): string[] {
  let end = lines.length;
  while (end > 0 && blankControls(lines[end - 1]!).trim() === '') end--;
  if (end < 2 || !isDeskSignature(blankControls(lines[end - 1]!), source) || !/[.!?"”»)]$/.test(blankControls(lines[end - 2]!).trim())) return lines;
  return lines.slice(0, end - 1);
}

/**
 * The post-text's transmission time, "DDhhmm MON YY" as IPTC 7901 writes it ("131137 Nov 13"),
 * with "GMT" or "UTC" before the month where the agency states it (dpa: "131137 GMT Nov 13"): an
 * instant. Without a zone, a provider whose zone is known (src/extract/calendar.ts) sent its local
 * time, returned without an offset for normalize to read in that zone (with a warning saying so);
 * for any other provider only the calendar date is certain.
 */
function transmitted(trailer: string, provider: string | null): string | null {
  const m = /(\d\d)(\d\d)(\d\d)\s+(?:(GMT|UTC)\s+)?(\p{L}{3,})\.?\s+(\d\d)\b/u.exec(blankControls(trailer));
  if (!m) return null;
  const month = monthNumber(m[5]!);
  if (!month) return null;
  const utc = utcInstant(Number(m[6]), month, Number(m[1]), Number(m[2]), Number(m[3]));
  if (!utc || m[4]) return utc;
  return providerZone(provider) ? utc.replace(/Z$/, '') : utc.slice(0, 10);
}

function storyOf(m: WireMessage): ParsedStory {
  const framed = frameMessage(m, FORMAT);
  const headerLines = framed.header.split(/\r?\n/);
  const header = parseHeader(headerLines[0] ?? '');
  const keywordLine = headerLines.slice(1).map((l) => blankControls(l).trim()).filter(Boolean).join(' ');
  const keywords = keywordLine.split('/').map((k) => k.trim()).filter(Boolean);

  const marks: Marks = { signals: [], notes: [], version: null, pubStatus: null, embargo: null };
  const lines = framed.body.replace(/\r/g, '').split('\n');
  const block = headerBlock(leadLines(lines, marks, keywords), marks);
  block.headline = withoutHeadlineMarker(block.headline, marks);

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

  // Paragraphs part at blank lines and at indented first lines.
  bodyLines = withoutJoinedSignOff(bodyLines, header.source);
  const paragraphs = indentedParagraphs(bodyLines.map((l) => blankControls(l).replace(/\u00a0/g, ' ')))
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  while (paragraphs.length && isDeskSignature(paragraphs[paragraphs.length - 1]!, header.source)) paragraphs.pop();


  const agency = canonicalAgency(header.source);
  const slugline = keywordLine.replace(/\/\s*$/, '') || (keywords.length ? keywords.join('/') : null);
  const versionCreated = transmitted(framed.trailer, agency ?? header.source);
  return {
    itemIndex: m.index,
    type: 'text',
    guid: null,
    version: marks.version,
    versionCreated,
    // A kill is never held; the release is read in the provider's zone where the line states none.
    embargoedUntil: marks.embargo !== null && marks.pubStatus !== 'canceled' ? releaseInstant(marks.embargo, versionCreated) : null,
    // No story ids: a kill names the story it withdraws by its keywords (it moves under them).
    replaces: marks.signals.includes('kill') ? slugline : null,
    editorNote: notes.length ? notes.join('\n\n') : null,
    pubStatus: marks.pubStatus ?? 'usable',
    signals: marks.signals,
    provider: agency ?? header.source,
    source: agency,
    headline: block.headline,
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
