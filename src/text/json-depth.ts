/**
 * How deep a JSON text nests, found before parsing it. JSON.parse itself copes with any depth, but
 * what walks the parsed value afterwards may recurse, and a hostile document of a few megabytes
 * of `[` becomes tens of times that in heap: a limit checked on the text refuses it first, in
 * constant memory.
 */
export const MAX_JSON_DEPTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Whether the JSON text nests objects and arrays deeper than `max` (strings are skipped; the text need not be valid). */
export function jsonNestsDeeper(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) return false;
        let slashes = 0;
        while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
