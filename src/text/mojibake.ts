import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Text whose UTF-8 bytes were decoded with the wrong character set ("mojibake"), read back.
 *
 * A page served as UTF-8 without saying so is decoded by browsers with the locale's legacy
 * default (the WHATWG Encoding standard: windows-1252 for Western locales, GBK for Chinese), and
 * a copy of its text keeps the damage: "für" becomes "fÃ¼r", "首页" becomes "棣栭〉". The damage
 * is undone line by line: a line's characters are encoded back to the bytes the wrong charset
 * gave them, and when those bytes are valid UTF-8 with multi-byte sequences in them, the UTF-8
 * reading replaces the line. Text that is really in windows-1252 almost never forms valid UTF-8
 * that way ("für" is 66 FC 72: FC is no UTF-8 lead byte), so a windows-1252 line is repaired on its
 * own evidence. Short CJK lines do sometimes re-encode into valid UTF-8 by chance (two kanji), so
 * a GBK repair must read as one writing system, and needs the document's say: three lines, and a
 * quarter or more of its non-ASCII lines.
 * Lines that mix damaged and sound text, or lost bytes to U+FFFD, stay as they are. Linear.
 */

interface Repair {
  text: string;
  /** Lines read back, and the charset they had been decoded with. */
  lines: number;
  charset: 'windows-1252' | 'gbk' | null;
}

/** windows-1252 characters to their bytes, plus U+0080-U+009F as ISO-8859-1 bytes (both decoders are met). */
let cp1252Bytes: Map<string, number> | null = null;

function cp1252Table(): Map<string, number> {
  if (cp1252Bytes) return cp1252Bytes;
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) table.set(String.fromCharCode(b), b);
  for (let b = 0x80; b <= 0x9f; b++) {
    const ch = iconv.decode(Buffer.from([b]), 'windows-1252');
    if (ch.length === 1 && ch !== '\ufffd') table.set(ch, b);
  }
  cp1252Bytes = table;
  return table;
}

function asCp1252(line: string): Buffer | null {
  const table = cp1252Table();
  const out = Buffer.allocUnsafe(line.length);
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x80) {
      out[i] = c;
      continue;
    }
    const b = table.get(line[i]!);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

function asGbk(line: string): Buffer | null {
  const bytes = iconv.encode(line, 'gbk');
  return iconv.decode(bytes, 'gbk') === line ? bytes : null;
}

/**
 * The UTF-8 reading of a line GBK decoding lost bytes of: a GBK decoder replaces a lead byte whose
 * next byte is no trail byte (an ASCII digit, the line's end) with U+FFFD, and that byte was the
 * last of a UTF-8 character. The line is read back around the losses, each lost character shown as
 * U+FFFD; null when the rest is not UTF-8 (more damage than the losses explain).
 */
function gbkReadingWithLosses(line: string): string | null {
  const parts: Buffer[] = [];
  const segments = line.split('\ufffd');
  for (let k = 0; k < segments.length; k++) {
    const bytes = segments[k] ? asGbk(segments[k]!) : Buffer.alloc(0);
    if (!bytes) return null;
    parts.push(bytes);
    // The lost byte: 0xFF, which no UTF-8 holds, so the character it ended reads as U+FFFD.
    if (k < segments.length - 1) parts.push(Buffer.from([0xff]));
  }
  const text = Buffer.concat(parts).toString('utf8').replace(/\ufffd+/g, '\ufffd');
  const losses = segments.length - 1;
  let replaced = 0;
  for (const ch of text) if (ch === '\ufffd') replaced++;
  // Every U+FFFD of the reading must be one of the losses; and something besides them must have been read back.
  if (replaced > losses || /[\u0080-\u009f]/.test(text) || !/[^\x00-\x7f\ufffd]/.test(text)) return null;
  return text;
}

/** The UTF-8 reading of bytes a wrong decoder produced, or null when they are not UTF-8 text. */
function utf8Reading(bytes: Buffer | null): string | null {
  if (!bytes || !isUtf8(bytes)) return null;
  const text = bytes.toString('utf8');
  // Still C1 controls after the reading: not text that was UTF-8 to begin with.
  return /[\u0080-\u009f]/.test(text) ? null : text;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Writing systems a line's letters come from (Chinese and Japanese characters counted as one). */
const SCRIPTS = [/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u, /\p{Script=Hangul}/u, /\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u, /\p{Script=Thai}/u, /\p{Script=Devanagari}/u];
const OTHER_LETTER = /[^\P{L}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Devanagari}]/u;

/** Code points that running text hardly uses: unassigned and private, Latin Extended-B, IPA, spacing modifiers. */
const RARE = /[\p{Cn}\p{Co}\u0180-\u02ff]/u;

/**
 * Whether a line's non-ASCII letters are of one writing system and common in text, as a line of
 * text's are: the chance UTF-8 reading of sound CJK text is a jumble ("注目" as "עĿ": Hebrew and
 * Latin; "食品" as "ʳƷ": a modifier letter and Latin Extended-B). ASCII letters do not count.
 */
function oneScript(text: string): boolean {
  const letters = text.replace(/[\x00-\x7f]+/g, '');
  if (OTHER_LETTER.test(letters) || RARE.test(letters)) return false;
  let found = 0;
  for (const script of SCRIPTS) if (script.test(letters) && ++found > 1) return false;
  return true;
}

/** The characters of windows-1252 (or ISO-8859-1) bytes 0x80-0xBF, UTF-8's continuation bytes. */
const CONT = '[\\u0080-\\u00bf\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122]';
/** A UTF-8 lead byte as windows-1252 shows it, followed by a continuation byte's character. */
const CP1252_MARK = new RegExp(`[\\u00c2-\\u00f4]${CONT}`);
/** One UTF-8 sequence as windows-1252 shows it: a lead byte's character and its continuations (fixed counts: no backtracking). */
const CP1252_SEQUENCE = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`, 'g');

export function repairMojibake(text: string): Repair {
  if (!NON_ASCII.test(text)) return { text, lines: 0, charset: null };
  const lines = text.split('\n');
  let nonAscii = 0;
  const cp1252: Array<[number, string]> = [];
  const gbk: Array<[number, string]> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!NON_ASCII.test(line)) continue;
    nonAscii++;
    if (CP1252_MARK.test(line)) {
      const read = utf8Reading(asCp1252(line));
      if (read !== null) {
        cp1252.push([i, read]);
        continue;
      }
    }
    const read = line.includes('\ufffd') ? gbkReadingWithLosses(line) : utf8Reading(asGbk(line));
    if (read !== null && oneScript(read.replace(/\ufffd/g, ''))) gbk.push([i, read]);
  }
  const chosen = cp1252.length >= gbk.length ? cp1252 : gbk;
  const charset = chosen === cp1252 ? 'windows-1252' : 'gbk';
  if (chosen.length === 0) return { text, lines: 0, charset: null };
  if (charset === 'gbk' && (chosen.length < 3 || chosen.length * 4 < nonAscii)) return { text, lines: 0, charset: null };
  for (const [i, read] of chosen) lines[i] = read;
  let count = chosen.length;
  // A document shown to be damaged (three or more whole lines): lines that mix its damage with sound
  // characters (a soft hyphen the page wrote as an entity) get their damaged sequences read back one by one.
  if (charset === 'windows-1252' && count >= 3) {
    const done = new Set(chosen.map(([i]) => i));
    for (let i = 0; i < lines.length; i++) {
      if (done.has(i) || !CP1252_MARK.test(lines[i]!)) continue;
      const read = lines[i]!.replace(CP1252_SEQUENCE, (seq) => utf8Reading(asCp1252(seq)) ?? seq);
      if (read !== lines[i]) {
        lines[i] = read;
        count++;
      }
    }
  }
  return { text: lines.join('\n'), lines: count, charset };
}
