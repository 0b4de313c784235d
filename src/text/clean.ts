import { decodeHTML } from 'entities';

/**
 * Text clean-up shared by every stage: Unicode NFC, white space folded, typographic punctuation
 * kept exactly as printed (quotes, dashes and ellipses are the provider's, not ours to change).
 */

/** NFC, every run of white space (incl. NBSP) as one space, trimmed; null for empty. */
export function cleanLine(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = s.normalize('NFC').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Like cleanLine, but also decodes HTML entities left in text (feeds double-escape often). */
export function cleanEntityLine(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return cleanLine(s.includes('&') ? decodeHTML(s) : s);
}

/**
 * Plain text with paragraphs: lines inside a paragraph folded to one line, paragraphs separated
 * by exactly one blank line.
 */
export function cleanParagraphs(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n+/)
    .map((p) => p.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim())
    .filter((p) => p !== '')
    .join('\n\n');
}

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
  return m ? m.length : 0;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain-text paragraphs as HTML paragraphs. */
export function paragraphsToHtml(text: string): string {
  if (text === '') return '';
  return text.split('\n\n').map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}
