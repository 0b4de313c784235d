import type { Byline, TrailerMatch } from './types.js';
import { dedupeBylines, namesOfList, parseByline, parseRolePhrases, rolePhrase } from './bylines.js';
import { SOURCE_WITH, agencyListParts, canonicalAgency, wireAgency } from './agencies.js';
import { MULTIWORD_REGIONS, isJobTitle, isOrganisation, isTitleOnly } from './names.js';
import { startsWithByLead } from './by-lead.js';

/**
 * Credits printed in the story text: the byline line that opens a body ("By Toby Davis") and
 * the trailers agencies append ("(Reporting by ...; Editing by ...)", "Compiled by ...",
 * "Associated Press writers X and Y contributed to this report."). Text is taken out of the
 * body only when it became bylines.
 */

/** Paragraph separators that close AP and dpa stories ("___", "* * *"). */
const SEPARATOR = /^[\s_*=#~-]{2,}$/;

/** How many paragraphs from the end a trailer may sit (separators and desk codes follow it). */
const TRAILER_WINDOW = 4;

/** A whole-paragraph trailer: parenthesised or bare role phrases. */
function roleTrailer(paragraph: string): { bylines: Byline[]; style: 'parenthesised' | 'bare' } | null {
  const p = paragraph.trim();
  const paren = /^\(\s*([\s\S]+?)\s*\)\.?$/.exec(p);
  const inner = paren ? paren[1]! : p;
  if (!rolePhrase(inner)) return null;
  if (!paren && inner.split(/\s+/).length > 80) return null;
  const rule = paren ? 'trailer-parenthesised' : 'trailer-line';
  const bylines = parseRolePhrases(inner, (role) => ({ from: 'text', rule: `${rule}:${role}` }));
  if (!bylines || bylines.length === 0) return null;
  return { bylines, style: paren ? 'parenthesised' : 'bare' };
}

/** The verb phrases that close a contributor sentence. */
const CONTRIBUTED = /\s+(?:also\s+)?(?:contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?|helped\s+with\s+this\s+(?:report|story|article)|(?:hat|haben)\s+mitgearbeitet)(?:\s+(?:from|in)\s+[^.]+)?\s*\.?$/i;

/** Leading words before the names in a contributor sentence ("Associated Press writers", "APTN contributor", "AP Aerospace Writer": a beat of up to three words before the job noun). */
const CONTRIBUTOR_LEAD = /^(?:(?:the\s+)?(?:associated\s+press|ap|aptn|reuters|afp|dpa|cnn|nbc|abc|bbc)\s+)?(?:\p{L}[\p{L}-]*\s+){0,3}?(?:writers?|reporters?|correspondents?|contributors?|journalists?|researchers?|videojournalists?|photographers?|producers?|staffers?)\s+/iu;

/** "Associated Press writers X and Y contributed to this report." -> contributors X and Y. */
function contributorSentence(sentence: string): Byline[] | null {
  const m = CONTRIBUTED.exec(sentence.trim());
  if (!m) return null;
  const subject = sentence.trim().slice(0, m.index).trim();
  if (!subject || subject.split(/\s+/).length > 40) return null;
  const items = subject
    .split(/\s*,\s*|\s+(?:and|&)\s+/)
    .map((x) => x.replace(/^(?:and|&)\s+/i, '').replace(CONTRIBUTOR_LEAD, '').trim())
    .filter(Boolean);
  const bylines = namesOfList(items.join(', '), 'contributor', { from: 'text', rule: 'trailer-contributed' });
  // Every item is a name or the rest of a place ("in Columbus, Ohio"); otherwise this is prose.
  const names = items.filter((x) => /\s/.test(x) && !MULTIWORD_REGIONS.has(x.toLowerCase()));
  return bylines.length > 0 && bylines.length >= names.length ? bylines : null;
}

/** "Contributing: A in Paris; B" / "Contributing reporting: ..." (US newspaper style). */
function contributingLine(paragraph: string): Byline[] | null {
  const m = /^contributing(?:\s+reporting)?\s*:\s*(.+)$/i.exec(paragraph.trim());
  if (!m) return null;
  const list = m[1]!.replace(/(?<![.\s])[.\s]+$/, '');
  const out = namesOfList(list, 'contributor', { from: 'text', rule: 'trailer-contributing' });
  return out.length ? out : null;
}

function sentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[\p{Lu}"“])/u);
}

/**
 * Finds the credit trailers in the last paragraphs of a body and returns the bylines with the
 * body that is left. Null when nothing at the end is a credit.
 */
export function extractTrailer(body: string): TrailerMatch | null {
  const paragraphs = body.split(/\n{2,}/);
  // A trailer run into the last paragraph ("... inundate it. (Reporting by ...; Editing by ...)").
  let lastText = paragraphs.length - 1;
  while (lastText > 0 && SEPARATOR.test(paragraphs[lastText]!)) lastText--;
  const runIn = /^([\s\S]*?[.!?"”])\s+(\((?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]*\))\s*$/i.exec(paragraphs[lastText] ?? '');
  if (runIn && roleTrailer(runIn[2]!)) paragraphs.splice(lastText, 1, runIn[1]!.trim(), runIn[2]!);
  const bylines: Byline[] = [];
  const raws: string[] = [];
  let style: TrailerMatch['style'] = null;
  const start = Math.max(0, paragraphs.length - TRAILER_WINDOW);
  for (let i = paragraphs.length - 1; i >= start; i--) {
    const p = paragraphs[i]!;
    if (SEPARATOR.test(p)) continue;
    const role = roleTrailer(p);
    if (role) {
      bylines.unshift(...role.bylines);
      raws.unshift(p.trim());
      style ??= role.style;
      paragraphs.splice(i, 1);
      continue;
    }
    const contributing = contributingLine(p);
    if (contributing) {
      bylines.unshift(...contributing);
      raws.unshift(p.trim());
      paragraphs.splice(i, 1);
      continue;
    }
    // A contributor sentence may close a paragraph that says more ("Gillum reported from Washington.").
    const parts = sentences(p);
    const kept: string[] = [];
    const found: Byline[] = [];
    for (const s of parts) {
      const c = contributorSentence(s);
      if (c) {
        found.push(...c);
        raws.push(s.trim());
      } else {
        kept.push(s);
      }
    }
    if (found.length) {
      bylines.unshift(...found);
      if (kept.length) paragraphs[i] = kept.join(' ');
      else paragraphs.splice(i, 1);
    }
  }
  if (bylines.length === 0) return null;
  // Separators left dangling at the end once the trailer is gone.
  while (paragraphs.length && SEPARATOR.test(paragraphs[paragraphs.length - 1]!)) paragraphs.pop();
  return { bylines: dedupeBylines(bylines), rest: paragraphs.join('\n\n').trim(), raw: raws.join('\n'), style };
}

/**
 * A copyright notice as a notice is written (17 U.S.C. 401(b): the symbol, the word "Copyright" or
 * "Copr.", the year, the owner's name), "All rights reserved" and terms of use after it allowed:
 * "Copyright 2024 The Associated Press. All rights reserved. This material may not be …", "© 2024 Holder".
 */
const COPYRIGHT_LINE = /^(?:©|\(c\)|copyright|copr\.)(?:\s*(?:©|\(c\)))?\s*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?,?\s+(\S[^\n]{0,399})$/iu;

/** The owner a copyright line names: up to "All rights reserved", else the whole rest when it is one short phrase. */
function copyrightHolderOf(rest: string): string | null {
  const reserved = /^([^\n]{1,100}?)[.,;]?\s+All\s+rights\s+reserved\b/i.exec(rest);
  const holder = (reserved ? reserved[1]! : rest.replace(/[.,;]$/, '')).trim();
  if (!/^[\p{L}\d]/u.test(holder) || holder.length > 100 || holder.split(/\s+/).length > 12) return null;
  // More than one sentence without "All rights reserved" is prose, not a notice.
  return reserved || !/[.!?]\s/.test(holder) ? holder : null;
}

/**
 * The copyright line closing a story (its last paragraph, separators after it aside): the notice,
 * its owner and the body without it (and without a separator left dangling). Null when the last
 * paragraph is no copyright notice or is the whole body.
 */
export function extractCopyrightLine(body: string): { notice: string; holder: string; rest: string } | null {
  const closing = closingParagraph(body);
  if (!closing) return null;
  const holder = copyrightNoticeHolder(closing.text);
  return holder ? { notice: closing.text, holder, rest: closing.rest } : null;
}

/** The owner a copyright notice names ("© 2026 Strait Courier" -> "Strait Courier"); null for any other line. */
export function copyrightNoticeHolder(line: string): string | null {
  // A notice is a line: the length bound also keeps the pattern's white-space runs short.
  const m = line.length <= 500 ? COPYRIGHT_LINE.exec(line) : null;
  return m ? copyrightHolderOf(m[1]!) : null;
}

/**
 * A body's last paragraph (separators after it aside) and the body without it and without a
 * separator left dangling; null when that paragraph is the whole body.
 */
function closingParagraph(body: string): { text: string; rest: string } | null {
  const paragraphs = body.split(/\n{2,}/);
  let end = paragraphs.length;
  while (end > 1 && SEPARATOR.test(paragraphs[end - 1]!)) end--;
  if (end < 2) return null;
  const kept = paragraphs.slice(0, end - 1);
  while (kept.length > 1 && SEPARATOR.test(kept[kept.length - 1]!)) kept.pop();
  return { text: paragraphs[end - 1]!.trim(), rest: kept.join('\n\n').trim() };
}

/**
 * The label a closing source line opens with: "mit dpa", "mit Material von dpa", "with AFP",
 * "avec AFP", "Quelle: sid/dpa", "Bron: Belga", "Kilde: Ritzau", "Fuente: EFE".
 */
const SOURCE_LABEL = new RegExp(String.raw`^(?:(?:${SOURCE_WITH})\s+|(?:quellen?|sources?|bron(?:nen)?|kilder?|källa|källor|lähde|fuentes?|fontes?|źródło|zdroj|forrás|izvor|agenturen?)\s*:\s*)`, 'iu');

/**
 * The source line closing a story: the wire agencies it draws on, alone or labelled, in
 * parentheses or not, with the desk's initials or the outlet's own address among them ("(dpa)",
 * "mit dpa", "sak/Reuters", "Quelle: ntv.de, ino/dpa", "Bron: Belga", "(NTB)"): who to credit,
 * as German, Nordic and Benelux papers print it under agency copy. Not story text; the
 * article's credit line where the format states none.
 */
export function extractSourceLine(body: string): { raw: string; agencies: string[]; rest: string } | null {
  const closing = closingParagraph(body);
  if (!closing) return null;
  const raw = closing.text;
  if (raw.length > 80 || raw.includes('\n')) return null;
  // "(©NTB)": the copyright sign before the agency names it as the holder (17 U.S.C. 401(b)), a source line all the same.
  const inner = (/^\((.+)\)\.?$/.exec(raw)?.[1] ?? raw).replace(/^(?:©|\(c\))\s?(?=\p{L})/iu, '');
  const items = agencyListParts(inner.replace(SOURCE_LABEL, ''));
  if (items.length === 0 || items.length > 6) return null;
  const agencies: string[] = [];
  for (const item of items) {
    const agency = wireAgency(item);
    if (agency) agencies.push(agency);
    // Staff initials ("sak", "ino") and the outlet's own address ("ntv.de") may stand beside the agencies.
    else if (!/^[a-z]{2,4}$/.test(item) && !/^[\p{L}\d-]{2,30}\.[a-z]{2,6}$/u.test(item)) return null;
  }
  return agencies.length ? { raw, agencies: [...new Set(agencies)], rest: closing.rest } : null;
}

/** Staff initials that close an AFP dispatch, slash-separated ("hh/ph/ts/hd"). */
const INITIALS = /^[a-z]{2,4}(?:\/[a-z]{2,4}){1,7}$/;

/**
 * A desk's signature closing a story: staff initials as AFP prints them ("hh/ph/ts/hd") or an
 * agency's desk line as dpa and AAP print it ("dpa abc xyz", "AAP RTV ar"), led by a known
 * agency or by `source`, the service a wire's header names. Neither is text of the story.
 */
export function isDeskSignature(paragraph: string, source: string | null = null): boolean {
  const p = paragraph.trim();
  if (INITIALS.test(p)) return true;
  const words = p.split(/\s+/);
  const first = words[0]!.toLowerCase();
  // The desk's initials one by one or slash-joined as AFP writes them ("dpa jk xyz", "dpa xy/ab", "AAP lo/jt").
  return words.length >= 2 && words.length <= 8 && (first === source?.toLowerCase() || canonicalAgency(first) !== null) && words.slice(1).every((w) => /^(?:[a-z0-9]{1,6}|[A-Z]{2,4})$/.test(w) || INITIALS.test(w));
}

/**
 * A line that only marks where the story ends, the desk's initials after it or not: "-30-", "ENDIT",
 * "END" (AP Stylebook, wire terms) and the same mark as other wires print it: "ENDS", "ENDE",
 * "(Ende)", "(Schluss) kre/sm", "Enditem", "==Kyodo" (an agency's name after "=="), and the
 * teleprinter's end of message "NNNN" (ITA2 message procedure, as ITU-R M.540 NAVTEX writes it).
 */
const END_MARK = /^(?:\(\s?(?:ende?|schluss)\s?\)|-30-|end(?:s|e|it|item)?|NNNN|==\s?([\p{L}-]{2,20}))(?=\s|$)/iu;
/**
 * A press release's end marks ("###", "# # #", "- 30 -", "-ends-", "(END)": PR style guides), for
 * src/text/release-end.ts; a wire body's closing paragraph in these forms is an end mark there too.
 */
const RELEASE_END_MARK = /^(?:#\s?#\s?#[#\s]{0,6}|[-–—]\s?30\s?[-–—]|[-–—(\s]{0,3}ends?[-–—)\s]{0,3})$/iu;
/** The desk's initials after an end mark, in lower case as agencies write them ("kre/sm", "jk"). */
const END_INITIALS = /^(?:\s+[a-z]{2,4}(?:\/[a-z]{2,4}){0,7})?$/u;

/**
 * Whether a paragraph is only an end mark (END_MARK) and the initials; "==" must name a known agency.
 * A capitalised bare mark word takes slash-joined initials only: "End game", "Ende Juni" are prose.
 */
export function isEndMark(paragraph: string): boolean {
  const t = paragraph.trim();
  if (RELEASE_END_MARK.test(t)) return true;
  const m = END_MARK.exec(t);
  if (m === null || (m[1] !== undefined && canonicalAgency(m[1]) === null)) return false;
  const initials = t.slice(m[0].length);
  return END_INITIALS.test(initials) && (initials === '' || !/^\p{Lu}\p{Ll}/u.test(m[0]) || initials.includes('/'));
}

/** "… 520 km long. Enditem", "… pass the Diet. ==Kyodo": an end mark run on after the last sentence. */
function withoutRunInEndMark(paragraph: string): string | null {
  const m = /([.!?"”»)])\s+(enditem|==\s?([\p{L}-]{2,20}))$/iu.exec(paragraph);
  if (!m || (m[3] !== undefined && canonicalAgency(m[3]) === null)) return null;
  return paragraph.slice(0, m.index + 1);
}

/** The body without the desk signatures, end marks (and separators) that close it; null when none does. */
export function withoutDeskSignature(body: string): string | null {
  const paragraphs = body.split(/\n{2,}/);
  let end = paragraphs.length;
  let found = false;
  while (end > 1 && (SEPARATOR.test(paragraphs[end - 1]!) || isDeskSignature(paragraphs[end - 1]!) || isEndMark(paragraphs[end - 1]!))) {
    if (!SEPARATOR.test(paragraphs[end - 1]!)) found = true;
    end--;
  }
  const runIn = withoutRunInEndMark(paragraphs[end - 1]!);
  if (runIn !== null) {
    paragraphs[end - 1] = runIn;
    found = true;
  }
  return found ? paragraphs.slice(0, end).join('\n\n').trim() : null;
}

/**
 * The byline line that opens a body: "By Toby Davis", "BY PAUL BYRNE AND JANE ROE",
 * "Von Andrej Sokolow, dpa". Only a short first paragraph starting with a by-word qualifies, or
 * the first line of one when the markup broke it into lines ("By Tester<br>Harare, July 19 -"):
 * the lines after it stay as the first paragraph. A title or organisation line right under the
 * name ("By ANA RUIZ<br>AP Sports Writer", "By Jo Kim<br>WebMD Health News") belongs to the byline,
 * as does a job title standing as the next paragraph under a by-line alone ("By ANA RUIZ", "AP
 * Sports Writer": a wire that opens each line with a tab; AP Stylebook: the byline's second line is
 * the writer's title).
 */
export function extractLeadByline(body: string): { bylines: Byline[]; rest: string; raw: string } | null {
  const cut = body.indexOf('\n\n');
  const paragraph = (cut === -1 ? body : body.slice(0, cut)).trim();
  const after = cut === -1 ? '' : body.slice(cut + 2).trim();
  const lines = paragraph.split('\n');
  let taken = 1;
  const second = lines[1]?.trim();
  if (second && second.split(/\s+/).length <= 6 && !/[.!?]$/.test(second) && (isTitleOnly(second) || isOrganisation(second))) taken = 2;
  let first = lines.slice(0, taken).join(', ').trim();
  if (!startsWithByLead(first) || first.length > 160 || /[.!?]["”]?$/.test(first.replace(/\b(?:[A-Z]|Jr|Sr|St)\.$/, ''))) return null;
  if (first.split(/\s+/).length > 20) return null;
  let rest = after;
  const cutNext = after.indexOf('\n\n');
  const next = (cutNext === -1 ? after : after.slice(0, cutNext)).trim();
  if (lines.length === 1 && next && !next.includes('\n') && isJobTitle(next)) {
    first = `${first}, ${next}`;
    rest = cutNext === -1 ? '' : after.slice(cutNext + 2).trim();
  }
  const bylines = parseByline(first, 'author', { from: 'text', rule: 'lead-byline' });
  if (bylines.length === 0) return null;
  const restOfParagraph = lines.slice(taken).join('\n').trim();
  return { bylines, rest: [restOfParagraph, rest].filter((p) => p !== '').join('\n\n'), raw: first };
}

/** The agency a trailer's house style names: Reuters prints "(Reporting by ...; Editing by ...)". */
export function agencyOfTrailer(trailer: TrailerMatch): string | null {
  if (trailer.style === 'parenthesised' && trailer.bylines.some((b) => b.role === 'editing')) return 'Reuters';
  if (/\b(?:associated press|AP|APTN)\s+(?:\w+\s+)?(?:writers?|reporters?|contributors?|correspondents?)\b/.test(trailer.raw)) return canonicalAgency('AP');
  return null;
}

/** A whole paragraph in parentheses: the note an agency puts over an updated story ("(Adds quotes, updates prices)"). */
const NOTE_PARAGRAPH = /^\(([\p{Lu}][^()\n]{2,300})\)$/u;
/** A summary bullet over the story ("* Shares fall 3%", "• Talks resume Monday"). */
const BULLET_PARAGRAPH = /^[*•]\s+\S/;

/**
 * A note that says what an update changed, in the verbs agencies print it with ("(Adds quotes,
 * updates prices)", "(Corrects spelling of name in paragraph 3)", "(Refiles to fix typo)",
 * "(In Jan. 3 story, corrects last paragraph …)", "(This story has been updated …)"), also led by the
 * "Eds:" of an editors' note ("(Eds: Updates with utility comment.)": the AP's advisory lines; the Reuters
 * Handbook's "Advisory line", which it says is also known as an EDS NOTE); a parenthesised paragraph that
 * says anything else ("(All photos: Atlas staff)", "(Eds: Fine print.)") is story text.
 */
const UPDATE_NOTE = /^\((?:eds?(?:['’]s)?\.?(?:\s+note)?\s*:\s*)?(?:(?:adds|updates|corrects|recasts|refiles|rewrites|changes|fixes|removes|deletes|inserts|replaces|clarifies|combines|moves|repeats|restores|withdraws|re-?tops|tops|writethru|overwrites)\b|in\s[^()]{1,40}?\s(?:story|item|article),\s+(?:corrects|adds|updates|removes|clarifies|changes)\b|this\s+(?:story|article|item|version)\s+(?:has\s+been|was|is)\b)/i;

/** Whether a note over the story says what its update changed (the editor's note), not story text. */
export function isUpdateNote(paragraph: string): boolean {
  return UPDATE_NOTE.test(paragraph.trim());
}

/**
 * The paragraphs that sit over a story before its byline and dateline: the note on what an update
 * changed, which the Reuters Handbook has agencies print in parentheses at the top ("(Adds
 * comments, updates prices)", "(Corrects spelling of name in paragraph 3)"), and summary bullets.
 * Returns them and the text after them; the byline and the dateline are read from that text.
 */
export function leadingNotes(body: string): { notes: string[]; rest: string } {
  const paragraphs = body.split(/\n{2,}/);
  let n = 0;
  while (n < Math.min(paragraphs.length - 1, 8)) {
    const p = paragraphs[n]!.trim();
    const note = NOTE_PARAGRAPH.exec(p);
    if (p.split(/\s+/).length > 60 || !((note && !rolePhrase(note[1]!)) || BULLET_PARAGRAPH.test(p))) break;
    n++;
  }
  return { notes: paragraphs.slice(0, n).map((p) => p.trim()), rest: paragraphs.slice(n).join('\n\n') };
}
