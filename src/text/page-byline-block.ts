import { namesPeople } from '../extract/bylines.js';
import { isTitleOnly } from '../extract/names.js';
import { agencyInList } from '../extract/agencies.js';
import { isShareRow } from '../extract/boilerplate.js';
import { isByWordAlone, startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { DATE_LABEL_WORDS, DATE_SHAPE, RELATIVE_TIME, isNamesLine, isStampLine, weightOf, type Judged, type PageLine } from './page-line-kinds.js';

/**
 * The byline block of a page's plain text: the lines between the headline and the story that
 * name its authors, with or without a "By", in capitals, with a job title or a stamp beside the
 * name, after an "Author:" label. Names count only where a byline block stands (beside a stamp, a
 * byline or a by-word), so that a menu item or a subheading of two capitalised words is none.
 */

/** How many lines below the headline the byline block is looked for, at least. */
const BLOCK_REACH = 6;

/**
 * The byline a line of the byline block prints, cleaned of what the page set beside it: pieces
 * run together ("Emma KellyLifestyle Writer", "byJo Kim"), a job title after the name ("Jo Kim
 * Parliamentary editor"), a stamp beside it ("Jo Kim | Published 2 days ago", "Published 28 April
 * 2024, 14:26, Jo Kim"). Null when no part names a person.
 */
export function bylineOf(text: string): string | null {
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
      seg = m ? seg.slice(0, m.index).replace(DATE_LABEL_WORDS, ' ').replace(/(?<![\s,|•·/-])[\s,|•·/-]+$/u, '').trim() : '';
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
export function inBylineBlock(judged: Judged[], i: number): boolean {
  if (judged[i]!.kind === 'date') return true;
  for (let j = Math.max(0, i - 2); j <= Math.min(judged.length - 1, i + 2); j++) {
    if (j === i) continue;
    const l = judged[j]!;
    if (l.kind === 'date' || l.kind === 'byline' || isByWordAlone(l.text)) return true;
  }
  return false;
}


/**
 * The bylines between the headline (`headlineAt`, or -1) and the body's first lines
 * (`bodyStart`), and a wire agency a byline names alone ("By AFP").
 */
export function readBylineBlock(judged: Judged[], headlineAt: number, bodyStart: number): { bylines: PageLine[]; source: string | null } {
  const from = headlineAt >= 0 ? headlineAt + 1 : Math.max(0, bodyStart - 8);
  const to = Math.min(judged.length - 1, Math.max(from + BLOCK_REACH, bodyStart + 10));
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
  return { bylines, source };
}
