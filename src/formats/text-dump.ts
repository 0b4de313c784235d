import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import { WiredeskError, warning } from '../errors.js';
import { reflowParagraphs } from '../text/reflow.js';
import { standsAlone } from '../text/page-line-kinds.js';
import { readTextPage, type PageLine } from '../text/page-lines.js';
import { repairMojibake } from '../text/mojibake.js';
import { isServiceTrailerLine, withoutReleaseEnd, withoutReleaseHead } from '../text/release-end.js';

/**
 * Plain-text dumps of a news web page: the page's visible text as a reader copies it (menus,
 * share rows, "Advertisement", teasers, cookie and newsletter boxes mixed in with the story). The
 * story is read back out by src/text/page-lines.ts: the body as the page's densest run of prose,
 * the headline as the title-like line above it, the byline and date lines between the two, and
 * picture captions with their credits. Credits, the dateline and trailers are left in the text
 * for the extraction stage, as for every format; each field's evidence names its line.
 */

/** Reads the story out of a page's text. */
export function parseTextDump(text: string): ParsedStory {
  // A copy of a page a browser decoded with the wrong charset is read back first (src/text/mojibake.ts),
  // then hard-wrapped text (mailed press releases, terminal copy) gets its paragraphs back.
  const repair = repairMojibake(text);
  // (A byline, a stamp or a name keeps its own line; each paragraph keeps the number of the line it starts on.)
  const paragraphs = reflowParagraphs(repair.text, { standsAlone });
  const page = readTextPage(paragraphs ? paragraphs.map((p) => ({ text: p.text, number: p.line })) : repair.text);
  if (!page.headline && page.body.length === 0) throw new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', 'no headline or story text in the page');
  const at = (l: PageLine | null): string => (l ? `line ${l.number}` : 'none');
  const outlets = pageOutlets(repair.text);
  const authorHint = (l: PageLine, names: ReadonlySet<string>): BylineHint => {
    const evidence = { from: 'text' as const, rule: `page-byline (line ${l.number})` };
    const own = ownOutletTail(l.text, names);
    return own ? { raw: own.names, role: 'author', affiliation: own.outlet, evidence } : { raw: l.text, role: 'author', evidence };
  };
  const bylines: BylineHint[] = [
    // A distribution service's trailer ("SOURCE Company") names no author.
    ...page.bylines.filter((l) => !isServiceTrailerLine(l.text)).map((l): BylineHint => authorHint(l, outlets)),
    ...page.agencyBylines.map((l): BylineHint => ({ name: l.text, role: 'author', organisation: true, evidence: { from: 'text', rule: `page-byline agency (line ${l.number})` } })),
    ...page.photographers.map((l): BylineHint => ({ raw: l.text, role: 'photographer', evidence: { from: 'text', rule: `page-byline photographer (line ${l.number})` } })),
  ];
  const bylineLines = [...page.bylines, ...page.agencyBylines, ...page.photographers];
  const pictures: PictureHint[] = page.captions.map((c) => ({
    caption: c.caption,
    creditRaw: c.credit,
    evidence: { from: 'text', rule: `page-caption (line ${c.line.number})` },
  }));
  const bodyLines = releaseBody(page.body);
  const sources = [
    `headline: ${at(page.headline)}`,
    `firstCreated: ${at(page.published?.line ?? null)}`,
    `versionCreated: ${at(page.modified?.line ?? null)}`,
    `bylines: ${bylineLines.length ? bylineLines.map((l) => `line ${l.number}`).join(', ') : 'none'}`,
    `body: ${bodyLines.length ? `lines ${bodyLines[0]!.number}-${bodyLines[bodyLines.length - 1]!.number}` : 'none'}`,
    `captions: ${page.captions.length ? page.captions.map((c) => `line ${c.line.number}`).join(', ') : 'none'}`,
  ];
  return {
    headline: page.headline?.text ?? null,
    firstCreated: page.published?.iso ?? null,
    versionCreated: page.modified?.iso ?? null,
    source: page.source,
    ...(page.source ? { sourceInferredFrom: 'byline lines of the text' } : {}),
    bylines,
    pictures,
    bodyText: bodyLines.map((l) => l.text).join('\n\n'),
    warnings: [
      ...(repair.charset ? [warning('WIREDESK_WARN_MOJIBAKE_REPAIRED', `${repair.lines} line(s) of UTF-8 that had been decoded as ${repair.charset} were read back`)] : []),
      warning('WIREDESK_WARN_TEXT_FIELD_SOURCES', sources.join('; ')),
    ],
  };
}

/** The body lines without a press release's label and contact block above and its closing matter below (src/text/release-end.ts). */
function releaseBody(lines: readonly PageLine[]): PageLine[] {
  const texts = lines.map((l) => l.text);
  const headless = withoutReleaseHead(texts);
  const start = texts.length - headless.length;
  return lines.slice(start, start + withoutReleaseEnd(headless).length);
}

/**
 * The names a page gives itself: its first line (the masthead) and the holder on its copyright
 * line ("© 2026 Strait Courier. All rights reserved."), lower-cased.
 */
export function pageOutlets(text: string): Set<string> {
  const out = new Set<string>();
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0];
  if (first && first.length <= 60) out.add(first.toLowerCase());
  for (const l of lines) {
    if (l.length > 160) continue;
    const holder = /^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^.|,;]{2,60})/iu.exec(l);
    if (holder) out.add(holder[1]!.trim().toLowerCase());
  }
  return out;
}

/**
 * "By Jo Kim and Ana Ruiz, Strait Courier": a byline's last comma part that is the page's own
 * name (pageOutlets) is the authors' outlet, not a third author (AP Stylebook, "bylines": the
 * name, then the organisation after a comma).
 */
export function ownOutletTail(line: string, outlets: ReadonlySet<string>): { names: string; outlet: string } | null {
  const at = line.lastIndexOf(',');
  if (at <= 0) return null;
  const outlet = line.slice(at + 1).trim();
  if (!outlet || outlet.length > 60 || /\d/.test(outlet) || !outlets.has(outlet.toLowerCase())) return null;
  return { names: line.slice(0, at).trim(), outlet };
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
  version: '2.0.0',
  description: 'Plain-text dump of a news web page (visible text, furniture included)',
  detect(s) {
    // Bytes that open like XML or JSON are a broken document of those, never a page's text.
    if (s.kind !== 'text' || s.wireControls || s.markup) return 0;
    // Never a document with an XML declaration, whatever the rest of the sniff made of it.
    if (/^\s*<\?xml[\s?]/.test(s.head)) return 0;
    // ANPA/IPTC 7901 without their control characters still open with a header line of codes.
    if (/^\s*(?:ZCZC|\^?[A-Za-z]\d{4}\b)/.test(s.head)) return 0.05;
    return Math.min(0.6, 0.2 + 0.1 * pageSignals(s.text));
  },
  parse(input) {
    return { stories: [parseTextDump(input.text)], failures: [] };
  },
};
