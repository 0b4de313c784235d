/**
 * CDATA sections as feeds break them, mended before the XML parser sees them. Two breakages are
 * common in publishers' feeds, and both lose text silently if left alone:
 * - an unterminated section (`<description><![CDATA[<p>…</p></description>`): an XML parser reads
 *   on to the next `]]>`, swallowing the following items whole. The section is closed before its
 *   element's end tag (a stray `]` or `]>` left by a mistyped `]]>` is dropped).
 * - a nested section (a CMS wrapping text that is already wrapped): the inner `]]>` ends the outer
 *   section early and the rest becomes markup. The inner markers are dropped, keeping their text.
 *
 * Text after a repair is shifted by the inserted or removed markers; positions reported for a
 * repaired feed are positions in the repaired text.
 */

const OPEN = '<![CDATA[';
const CLOSE = ']]>';

export interface CdataRepair {
  text: string;
  /** One line per repair, for the feed's warning. */
  repairs: string[];
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** The end tag of the element a CDATA section at `at` opens in (`<description><![CDATA[`), if it opens right after a start tag. */
function enclosingEndTag(text: string, at: number): string | null {
  const lt = text.lastIndexOf('<', at - 1);
  if (lt === -1 || at - lt > 512) return null;
  const m = /^<([A-Za-z_][\w:.-]*)(?:\s[^<>]*)?>\s*$/.exec(text.slice(lt, at));
  return m ? `</${m[1]}>` : null;
}

/** The text with broken CDATA sections mended, or null when every section is sound (the common case, and no copy is made). */
export function repairCdata(text: string): CdataRepair | null {
  const edits: Edit[] = [];
  const repairs: string[] = [];
  let at = text.indexOf(OPEN);
  while (at !== -1) {
    const endTag = enclosingEndTag(text, at);
    const limit = endTag ? text.indexOf(endTag, at + OPEN.length) : -1;
    let cursor = at + OPEN.length;
    let depth = 1;
    let next = -1;
    for (;;) {
      const close = text.indexOf(CLOSE, cursor);
      const inner = text.indexOf(OPEN, cursor);
      const beyond = (i: number): boolean => i === -1 || (limit !== -1 && i > limit);
      if (limit !== -1 && beyond(close) && beyond(inner)) {
        // The element ends before the section does: close the section there.
        const stray = /(?:\]\]|\]>)\s*$/.exec(text.slice(cursor, limit));
        const insertAt = stray ? cursor + stray.index : limit;
        edits.push({ at: insertAt, remove: limit - insertAt, insert: CLOSE });
        repairs.push(`an unterminated CDATA section was closed before ${endTag}`);
        next = limit;
        break;
      }
      if (inner !== -1 && (close === -1 || inner < close)) {
        edits.push({ at: inner, remove: OPEN.length, insert: '' });
        depth++;
        cursor = inner + OPEN.length;
        continue;
      }
      if (close === -1) break; // runs to the end of the text: a truncated feed, which item recovery handles
      if (depth > 1) {
        edits.push({ at: close, remove: CLOSE.length, insert: '' });
        depth--;
        cursor = close + CLOSE.length;
        if (depth === 1) repairs.push('a CDATA section nested in another was flattened');
        continue;
      }
      next = close + CLOSE.length;
      break;
    }
    if (next === -1) break;
    at = text.indexOf(OPEN, next);
  }
  if (edits.length === 0) return null;
  const parts: string[] = [];
  let from = 0;
  for (const e of edits) {
    parts.push(text.slice(from, e.at), e.insert);
    from = e.at + e.remove;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), repairs: [...new Set(repairs)] };
}
