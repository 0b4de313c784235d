import { decodeHTML } from 'entities';

/**
 * Text clean-up shared by every stage: Unicode NFC, white space folded, typographic punctuation
 * kept exactly as printed (quotes, dashes and ellipses are the provider's, not ours to change).
 */

/**
 * Every run of white space (incl. NBSP, ZWSP, BOM) as one space. Only runs and single non-space
 * characters are matched, so ordinary text (single spaces) is not rewritten at all.
 */
const SPACE_RUN = /[\s\u200b]{2,}|[^\S ]|\u200b/g;
function foldSpace(s: string): string {
  return s.replace(SPACE_RUN, ' ');
}

/** NFC, every run of white space (incl. NBSP) as one space, trimmed; null for empty. */
export function cleanLine(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = foldSpace(s.normalize('NFC')).trim();
  return t === '' ? null : t;
}

/** Text with the HTML entities a source left in it decoded (feeds escape twice, or escape inside CDATA). */
export function decodeLeftEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/** Like cleanLine, but also decodes HTML entities left in text (feeds double-escape often). */
export function cleanEntityLine(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return cleanLine(decodeLeftEntities(s));
}

/**
 * Plain text with paragraphs: lines inside a paragraph folded to one line, paragraphs separated
 * by exactly one blank line. With `lineBreaks` a single newline is a line break the markup
 * meant (an HTML `<br>`) and is kept inside the paragraph: "By X<br>Harare, July 19 -" is two
 * lines, and later stages read the byline line apart from the dateline.
 */
export function cleanParagraphs(s: string, opts: { lineBreaks?: boolean } = {}): string {
  let t = s.normalize('NFC');
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  let out = '';
  for (const p of t.split(PARAGRAPH_BREAK)) {
    let para: string;
    if (opts.lineBreaks && p.includes('\n')) {
      para = '';
      for (const line of p.split('\n')) {
        const l = foldSpace(line).trim();
        if (l !== '') para = para === '' ? l : `${para}\n${l}`;
      }
    } else {
      para = foldSpace(p).trim();
    }
    if (para !== '') out = out === '' ? para : `${out}\n\n${para}`;
  }
  return out;
}

/** A blank line (possibly holding spaces, tabs or no-break spaces), or several. */
const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n+/;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Words as WORD matches them: a letter or digit, then letters, digits, apostrophes, dots and
 * hyphens. ASCII text is counted in one pass over its char codes (no match array); other text by
 * the Unicode pattern.
 */
export function countWords(text: string): number {
  if (NON_ASCII.test(text)) return text.match(WORD)?.length ?? 0;
  let count = 0;
  let inWord = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const k = WORD_CLASS[text.charCodeAt(i)]!;
    // Branch-free: a letter or digit outside a word starts one; a joiner keeps a word going; anything else ends it.
    count += (k === 1 ? 1 : 0) & (inWord ^ 1);
    inWord = k === 0 ? 0 : inWord | (k === 1 ? 1 : 0);
  }
  return count;
}

/** For each ASCII code: 1 a letter or digit, 2 a joiner inside a word (' . -), 0 anything else. */
const WORD_CLASS = new Uint8Array(128).map((_, c) => ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c === 39 || c === 46 || c === 45 ? 2 : 0));

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain-text paragraphs as HTML paragraphs (a line break inside a paragraph as `<br>`). */
export function paragraphsToHtml(text: string): string {
  if (text === '') return '';
  return text.split('\n\n').map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/**
 * `s` without the characters of `chars` at its end ("Jo Kim ==" -> "Jo Kim"), in one pass from the
 * end: a trailing-run pattern (`\s*[=|]+\s*$`) would retry every start of a long run (quadratic on
 * hostile input).
 */
export function trimEndOf(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}
