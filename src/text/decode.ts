import { isUtf8 as isValidUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { warning, type Warning } from '../errors.js';

export interface Decoded {
  text: string;
  /** The character set used, lower case. */
  charset: string;
  /** What the document (or transport) declared, if anything. */
  declared: string | null;
  bom: boolean;
  warnings: Warning[];
}

const ALIASES: Record<string, string> = {
  'utf8': 'utf-8',
  'iso-8859-1': 'windows-1252', // as every browser does: C1 bytes are Windows-1252 punctuation in practice
  'iso8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'latin-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
  'cp1252': 'windows-1252',
  'x-sjis': 'shift_jis',
  'unicode': 'utf-16le',
  'utf-16': 'utf-16le',
};

function canonicalCharset(name: string): string {
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  return ALIASES[n] ?? n;
}

/** Validation without decoding (node:buffer's, SIMD-accelerated): the text is decoded once, afterwards. */
function isUtf8(bytes: Uint8Array): boolean {
  return bytes.length === 0 || isValidUtf8(bytes);
}

function hasMultibyteUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** The charset a document declares in its first bytes: XML declaration, HTML meta, or a JSON/HTML-less none. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  if (meta) return meta[1]!;
  return null;
}

function bomOf(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM shows as '<' next to a NUL in the first two bytes. */
function utf16WithoutBom(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0) return 'utf-16be';
  return null;
}

/**
 * Decodes a document's bytes to text: the BOM first, then the declared charset (checked against
 * the bytes: a UTF-8 document labelled Latin-1, or Latin-1 bytes labelled UTF-8, is decoded as what
 * it is, with a warning), else UTF-8 when the bytes are valid UTF-8, else the charset detected from
 * the bytes (KOI8-R, Shift_JIS, Big5, …) when the detection is confident, else Windows-1252; either
 * way with a warning naming what was used.
 */
export function decodeBytes(bytes: Uint8Array, transportCharset?: string | null): Decoded {
  const warnings: Warning[] = [];
  const bom = bomOf(bytes);
  if (bom) {
    return { text: iconv.decode(Buffer.from(bytes.subarray(bom.length)), bom.charset), charset: bom.charset, declared: bom.charset, bom: true, warnings };
  }
  const u16 = utf16WithoutBom(bytes);
  if (u16) return { text: iconv.decode(Buffer.from(bytes), u16), charset: u16, declared: null, bom: false, warnings };

  const declaredRaw = transportCharset ?? declaredCharset(bytes);
  const declared = declaredRaw ? canonicalCharset(declaredRaw) : null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (declared && declared !== 'utf-8') {
    if (!iconv.encodingExists(declared)) {
      warnings.push(warning('WIREDESK_WARN_CHARSET_MISMATCH', `unknown charset "${declaredRaw}"`));
    } else if (!/^utf-(?:16|32)/.test(declared) && hasMultibyteUtf8(bytes) && isUtf8(bytes)) {
      // A legacy label (Latin-1, GB2312, Shift_JIS, …) on bytes that are valid multi-byte UTF-8: the
      // label is wrong (a page saved as UTF-8 keeps its old <meta charset>). Text in those charsets
      // is almost never valid UTF-8: their multi-byte pairs break UTF-8's continuation-byte rule.
      warnings.push(warning('WIREDESK_WARN_CHARSET_MISMATCH', `declared ${declaredRaw} but the bytes are UTF-8`));
      return { text: buf.toString('utf8'), charset: 'utf-8', declared, bom: false, warnings };
    } else {
      return { text: iconv.decode(buf, declared), charset: declared, declared, bom: false, warnings };
    }
  }
  if (isUtf8(bytes)) return { text: buf.toString('utf8'), charset: 'utf-8', declared, bom: false, warnings };
  const guess = guessCharset(buf);
  const readAs = guess ? `${guess.charset} (guessed from the bytes, confidence ${guess.confidence}%)` : 'Windows-1252';
  if (declared === 'utf-8') warnings.push(warning('WIREDESK_WARN_CHARSET_MISMATCH', `declared UTF-8 but the bytes are not; read as ${readAs}`));
  else warnings.push(warning('WIREDESK_WARN_CHARSET_GUESSED', `bytes are not UTF-8; read as ${readAs}`));
  const charset = guess?.charset ?? 'windows-1252';
  return { text: iconv.decode(buf, charset), charset, declared, bom: false, warnings };
}

/**
 * ISO sets whose Windows code page is a superset in practice: the detector names the ISO set when
 * no C1 byte (0x80-0x9F) occurs, but such feeds are written with the Windows code page.
 */
const WINDOWS_SUPERSET: Record<string, string> = { 'iso-8859-1': 'windows-1252', 'iso-8859-8': 'windows-1255', 'iso-8859-9': 'windows-1254' };
/** The fallback's family: a guess in it changes nothing, so it is not reported as a guess. */
const LATIN1_FAMILY = new Set(['windows-1252', 'iso-8859-15']);
/**
 * Below this the detector's score means little (a few bytes, or mostly ASCII), unless it is far
 * ahead of the runner-up: ICU scores Cyrillic code pages low even on clean text (20-30), while
 * the wrong readings of it score a few points.
 */
const MIN_CONFIDENCE = 20;
const MIN_CONFIDENCE_WHEN_CLEAR = 12;
const SAMPLE_BYTES = 64 * 1024;

/**
 * The charset of bytes that are neither UTF-8 nor declared, by statistical detection (chardet:
 * ICU's byte-sequence validity and n-gram language models). Markup is left out of the sample (an
 * ASCII tag is evidence of nothing and dilutes the n-gram hits), and a candidate whose decoding
 * yields undefined bytes (U+FFFD) or C1 controls is passed over: KOI8-R Cyrillic can score like
 * ISO-8859-8 Hebrew but half of its bytes are unassigned there. Null keeps the Windows-1252
 * fallback: nothing scored well enough, or the best reading is Latin-1 anyway.
 */
function guessCharset(buf: Buffer): { charset: string; confidence: number } | null {
  const sample = detectionSample(buf);
  const matches = chardet.analyse(sample);
  for (const [i, match] of matches.entries()) {
    const runnerUp = matches[i + 1]?.confidence ?? 0;
    if (match.confidence < MIN_CONFIDENCE && (match.confidence < MIN_CONFIDENCE_WHEN_CLEAR || match.confidence < 2 * runnerUp)) break;
    const name = match.name.toLowerCase();
    const charset = WINDOWS_SUPERSET[name] ?? name;
    if (charset.startsWith('utf-') || !iconv.encodingExists(charset)) continue;
    if (!decodesCleanly(sample, charset)) continue;
    return LATIN1_FAMILY.has(charset) ? null : { charset, confidence: match.confidence };
  }
  return null;
}

/** The start of the bytes, without markup when it is markup (tag bytes are ASCII in every charset detected here). */
function detectionSample(buf: Buffer): Buffer {
  const head = buf.subarray(0, SAMPLE_BYTES);
  if (!/^\s*</.test(head.subarray(0, 64).toString('latin1'))) return head;
  const out = Buffer.allocUnsafe(head.length);
  let n = 0;
  let inTag = false;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0x3c) {
      // CDATA holds text, often the very text to judge: only its opening is markup.
      if (head.toString('latin1', i + 1, i + 9) === '![CDATA[') i += 8;
      else inTag = true;
    } else if (inTag) {
      if (b === 0x3e) {
        inTag = false;
        out[n++] = 0x20;
      }
    } else out[n++] = b;
  }
  return out.subarray(0, n);
}

function decodesCleanly(sample: Buffer, charset: string): boolean {
  // The sample may end inside a multi-byte character: its last few characters are not judged.
  const text = iconv.decode(sample, charset).slice(0, -4);
  return !/[\ufffd\u0080-\u009f]/.test(text);
}
