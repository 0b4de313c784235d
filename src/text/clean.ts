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

/** Like cleanLine, but also decodes HTML entities left in text (feeds double-escape often). */
export function cleanEntityLine(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return cleanLine(s.includes('&') ? decodeHTML(s) : s);
}

/**
 * Plain text with paragraphs: lines inside a paragraph folded to one line, paragraphs separated
 * by exactly one blank line. With `lineBreaks` a single newline is a line break the markup
 * meant (an HTML `<br>`) and is kept inside the paragraph: "By X<br>Harare, July 19 -" is two
 * lines, and later stages read the byline line apart from the dateline.
 */
export function cleanParagraphs(s: string, opts: { lineBreaks?: boolean } = {}): string {
  const fold = (line: string): string => foldSpace(line).trim();
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n+/)
    .map((p) => (opts.lineBreaks ? p.split('\n').map(fold).filter((l) => l !== '').join('\n') : fold(p)))
    .filter((p) => p !== '')
    .join('\n\n');
}

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
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (inWord) {
      if (!alnum && c !== 39 && c !== 46 && c !== 45) inWord = false;
    } else if (alnum) {
      count++;
      inWord = true;
    }
  }
  return count;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain-text paragraphs as HTML paragraphs (a line break inside a paragraph as `<br>`). */
export function paragraphsToHtml(text: string): string {
  if (text === '') return '';
  return text.split('\n\n').map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}
