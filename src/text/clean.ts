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
/** The same words in ASCII-only text, where the Unicode classes are these ranges (and no ’): much cheaper. */
const ASCII_WORD = /[A-Za-z0-9][A-Za-z0-9'.-]*/g;
const NON_ASCII = /[^\x00-\x7f]/;

export function countWords(text: string): number {
  const m = text.match(NON_ASCII.test(text) ? WORD : ASCII_WORD);
  return m ? m.length : 0;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain-text paragraphs as HTML paragraphs (a line break inside a paragraph as `<br>`). */
export function paragraphsToHtml(text: string): string {
  if (text === '') return '';
  return text.split('\n\n').map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}
