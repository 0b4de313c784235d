import type { Credit, CreditFlag } from './types.js';
import type { Picture } from '../model/article.generated.js';
import type { PictureHint } from '../model/parsed-story.js';
import { canonicalAgency } from './agencies.js';
import { isCreditLike, parseCredit } from './credits.js';
import { looksLikePersonName } from './names.js';

/**
 * Captions: the credit a caption ends with is split off ("... September 5, 2023.
 * Sputnik/Mikhail Klimentyev/Kremlin via REUTERS/File Photo", "... (AP Photo/Evan Vucci)") and
 * becomes the credit when the provider has no credit field; with a credit field the caption is
 * kept as written and its printed credit only refines the field's reading. "FILE PHOTO:" stays
 * in the caption and flags the credit, and a caption the page repeats is kept once.
 */

export interface CaptionSplit {
  caption: string;
  /** The trailing credit as printed, or null. */
  credit: string | null;
}

/** Reuters appends "(UNITED STATES - Tags: ENTERTAINMENT)" after the credit; it is neither caption nor credit. */
const TAGS = /\s*\((?:[^()]*\s[-–—]\s)?Tags:[^()]*\)\s*$/i;

const KEYWORD_START = /(?:^|\s)(?=\(?(?:Photo(?:graph)?s?\b|Fotos?:|Pictures?:|Credit:|Bild:|©|\(c\)))/gi;

/** Splits the credit a caption ends with from the caption; the caption is returned unchanged when there is none. */
export function splitCaptionCredit(text: string): CaptionSplit {
  const full = text.replace(/\s+/g, ' ').trim();
  const body = full.replace(TAGS, '').trim();
  // "... (AP Photo/Evan Vucci)", "...something.(Photo by John Doe/Something/AP, File)"
  const paren = /\s*(\([^()]{2,160}\))$/.exec(body);
  if (paren && isCreditLike(paren[1]!)) {
    const caption = body.slice(0, paren.index).trim();
    if (caption) return { caption, credit: paren[1]! };
  }
  // The tail after a sentence end or a credit keyword, longest first.
  const starts = new Set<number>();
  const window = Math.max(0, body.length - 170);
  for (const m of body.matchAll(/[.!?"”]\s+/g)) if (m.index + m[0].length >= window) starts.add(m.index + m[0].length);
  for (const m of body.matchAll(KEYWORD_START)) if (m.index >= window) starts.add(m.index + m[0].length);
  for (const start of [...starts].sort((a, b) => a - b)) {
    const tail = body.slice(start).trim();
    const caption = body.slice(0, start).trim();
    if (!caption || !tail) continue;
    if (isCreditLike(tail) || isBareAgency(tail)) return { caption, credit: tail };
  }
  return { caption: full, credit: null };
}

/** "REUTERS" or "AFP" alone after a caption's last sentence. */
function isBareAgency(tail: string): boolean {
  return /^[\p{Lu}][\p{Lu} -]{1,30}$/u.test(tail) && canonicalAgency(tail) !== null;
}

/** "FILE PHOTO: ..." (Reuters) and "FILE - ..." (AP) mark an archive picture. */
export function captionFlags(caption: string | null): CreditFlag[] {
  if (!caption) return [];
  return /^\s*(?:FILE\s+PHOTO\s*[:-]|FILE\s*[-–—:]\s)/.test(caption) ? ['file-photo'] : [];
}

function agencySet(c: Credit): Set<string> {
  return new Set([...c.agencies, ...(c.via ? [c.via] : [])].map((a) => (canonicalAgency(a) ?? a).toLowerCase()));
}

/**
 * One credit from the provider's credit field and the credit printed at the end of the caption.
 * `raw` is the field when there is one (CONTRACT.md); when the printed credit names the same
 * organisations and more (a photographer, the original source, "via"), its parts are the better
 * reading of the same credit and are used.
 */
export function mergeCredits(field: Credit | null, printed: Credit | null, extraFlags: CreditFlag[] = []): Credit {
  let credit: Credit;
  if (field && printed) {
    const printedAgencies = agencySet(printed);
    const consistent = [...agencySet(field)].every((a) => printedAgencies.has(a)) &&
      (field.photographer === null || printed.photographer === null || field.photographer.toLowerCase() === printed.photographer.toLowerCase() || field.agencies.length === 0);
    credit = consistent
      ? { ...printed, raw: field.raw, photographer: printed.photographer ?? field.photographer, evidence: field.evidence }
      : { ...field, photographer: field.photographer ?? printed.photographer };
    credit.flags = [...new Set([...field.flags, ...printed.flags])];
  } else {
    credit = field ?? printed ?? { raw: null, photographer: null, agencies: [], via: null, flags: [], evidence: null };
  }
  for (const f of extraFlags) if (!credit.flags.includes(f)) credit.flags.push(f);
  return credit;
}

/** A picture with its caption split from its printed credit and the credit parsed. */
export function buildPicture(p: PictureHint): Picture {
  const split = p.caption ? splitCaptionCredit(p.caption) : null;
  const hint = { photographer: p.photographer ?? null };
  const field = p.creditRaw ? parseCredit(p.creditRaw, p.evidence ?? { from: 'element', rule: 'credit' }, hint) : null;
  const printed = split?.credit ? parseCredit(split.credit, { from: 'text', rule: 'caption-trailer' }, hint) : null;
  let credit = mergeCredits(field, printed, captionFlags(split?.caption ?? null));
  if (!field && !printed && p.photographer) credit = { ...credit, photographer: p.photographer, evidence: p.evidence ?? { from: 'element', rule: 'photographer' } };
  // The creator the metadata names (IPTC IIM 2:80 By-line, XMP dc:creator, a G2 creator) is the
  // photographer; a person-like name the credit field holds instead (IIM 2:110 Credit names the
  // provider: IPTC Photo Metadata Standard) does not replace them.
  const stated = p.photographer?.trim();
  if (stated && field && credit.photographer && credit.photographer.toLowerCase() !== stated.toLowerCase() &&
    looksLikePersonName(stated, { context: 'credit' }) && !(p.caption ?? '').toLowerCase().includes(credit.photographer.toLowerCase())) {
    credit = { ...credit, photographer: stated };
  }
  // With a credit field the provider gave the credit separately, so the caption stays as written
  // (its printed credit still informs the parts); otherwise the printed credit moves into `credit`.
  const caption = field ? (p.caption ?? null) : (split?.caption ?? null);
  return {
    guid: p.guid ?? null,
    caption,
    altText: p.altText ?? null,
    credit,
    renditions: p.renditions ?? [],
  };
}

function captionKey(s: string | null): string {
  return (s ?? '').normalize('NFC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Pictures without repeats: a caption printed twice (image alt + figcaption, a gallery and its
 * lead image) is one picture; its renditions are pooled and missing credit parts filled in.
 */
export function dedupePictures(pictures: Picture[]): Picture[] {
  const out: Picture[] = [];
  for (const p of pictures) {
    const key = captionKey(p.caption);
    const hrefs = new Set(p.renditions.map((r) => r.href));
    const same = out.find((q) => (key !== '' && captionKey(q.caption) === key) ||
      (key === '' && captionKey(q.caption) === '' && q.renditions.some((r) => hrefs.has(r.href))));
    if (!same) {
      out.push(p);
      continue;
    }
    for (const r of p.renditions) if (!same.renditions.some((x) => x.href === r.href)) same.renditions.push(r);
    same.altText ??= p.altText;
    same.guid ??= p.guid;
    const c = same.credit;
    if (!c.raw && p.credit.raw) same.credit = { ...p.credit, flags: [...new Set([...c.flags, ...p.credit.flags])] };
  }
  return out;
}
