/**
 * Paragraphs of hard-wrapped plain text: press releases sent by e-mail (RFC 5322 asks for lines of
 * at most 78 characters, RFC 3676 for 66-72 in flowed text) and copy pasted from terminals are
 * broken into lines of a fixed width; paragraphs are separated by blank lines or begin with an
 * indented line. `reflow` joins the lines of each paragraph back into one.
 *
 * A line break is the wrapper's own when the next line's first word would not have fitted on
 * the line (a greedy wrapper moves a word down only then); any other break (a short line, a
 * heading, an address or list line, an indented first line) is the writer's. Linear in the text.
 */

interface Line {
  text: string;
  indent: number;
  blank: boolean;
}

const LIST_ITEM = /^(?:[-*•·–]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)/i;

/** Width in characters (code points): what a terminal or mailer counted. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function firstWordWidth(s: string): number {
  const m = /^\S+/.exec(s);
  return m ? width(m[0]) : 0;
}

/** The lines' wrap width, or null when the text is not hard-wrapped. */
export function wrapWidth(text: string): number | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const lengths: number[] = [];
  for (const l of lines) {
    const t = l.trimEnd();
    if (t.trim()) lengths.push(width(t));
  }
  if (lengths.length < 4) return null;
  // Word wrapping breaks at spaces: text written without them (Chinese, Japanese) is not word-wrapped.
  const worded = lines.filter((l) => (l.trim().match(/ /g)?.length ?? 0) >= 3).length;
  if (worded < lengths.length * 0.5) return null;
  const sorted = [...lengths].sort((a, b) => a - b);
  const w = sorted[Math.floor(sorted.length * 0.9)]!;
  // Page dumps and unwrapped text have paragraphs far longer than any terminal line.
  if (w < 30 || w > 100) return null;
  const over = lengths.filter((n) => n > w + 8).length;
  if (over > Math.max(1, lengths.length * 0.05)) return null;
  // Enough breaks must be the wrapper's: the next word would not have fitted.
  let breaks = 0;
  let soft = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const cur = lines[i]!.trimEnd();
    const next = lines[i + 1]!;
    if (!cur.trim() || !next.trim()) continue;
    breaks++;
    if (width(cur) + 1 + firstWordWidth(next.trim()) > w) soft++;
  }
  return breaks >= 3 && soft / breaks >= 0.3 ? w : null;
}

/**
 * The text with each paragraph on one line and paragraphs separated by a blank line; text that is
 * not hard-wrapped comes back unchanged.
 */
export function reflow(text: string): string {
  const w = wrapWidth(text);
  if (w === null) return text;
  const lines: Line[] = text.replace(/\r\n?/g, '\n').split('\n').map((raw) => {
    const t = raw.trimEnd();
    const indent = /^[ \t]*/.exec(t)![0].replace(/\t/g, '    ').length;
    return { text: t.trim(), indent, blank: t.trim() === '' };
  });
  const out: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) out.push(para.join(' '));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.blank) {
      flush();
      continue;
    }
    if (para.length) {
      const prev = lines[i - 1]!;
      const wrapped = width(prev.text) + prev.indent + 1 + firstWordWidth(l.text) > w;
      // An indented line opens a paragraph, unless it hangs under a list item's text.
      const indented = l.indent > prev.indent && !LIST_ITEM.test(para[0]!);
      const newParagraph = indented || LIST_ITEM.test(l.text) || !wrapped;
      if (newParagraph) flush();
    }
    // A word hyphenated across the break is one word again ("well-" + "known").
    const last = para.length - 1;
    if (last >= 0 && /\p{L}-$/u.test(para[last]!) && /^\p{Ll}/u.test(l.text)) para[last] += l.text;
    else para.push(l.text);
  }
  flush();
  return out.join('\n\n');
}
