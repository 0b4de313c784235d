/**
 * Showing stored bytes (a dead letter's document) to a person without sending them raw: text when
 * the bytes read as text, else a hex dump. Shared by `wiredesk dlq show` (a terminal) and the
 * desk's dead-letter page (HTML, which escapes what it is given).
 */

/**
 * Control characters a terminal or a page would act on or hide (escape sequences, bells, NULs, the
 * C1 controls), or U+FFFD, a byte sequence that is no UTF-8. Tab, LF and CR are text.
 */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

/**
 * The first `maxText` bytes as text, or null when they do not read as text (not UTF-8, or a
 * control character). A character cut at the end of the window is not a sign of binary.
 */
export function textWindow(buf: Buffer, maxText: number): string | null {
  const text = buf.toString('utf8', 0, Math.min(buf.length, maxText));
  // A character cut at the end of the window decodes as U+FFFD: not a sign of binary.
  const probe = buf.length > maxText ? text.slice(0, -3) : text;
  return NOT_TEXT.test(probe) ? null : text;
}

/** Rows of 16 bytes of the first `maxBytes`: offset, hex and the printable ASCII (others as '.'). */
export function hexDumpLines(buf: Buffer, maxBytes: number): string[] {
  const lines: string[] = [];
  const end = Math.min(buf.length, maxBytes);
  for (let at = 0; at < end; at += 16) {
    const row = buf.subarray(at, Math.min(at + 16, end));
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A stored string (an error message, a file name) as it may be shown: each control character
 * (tab, LF and CR aside) written as a visible `\u00XX` escape, so none reaches a page or terminal raw.
 */
export function printable(s: string): string {
  return s.replace(CONTROL_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
