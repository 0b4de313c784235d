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

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
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
 * it is, with a warning), else UTF-8 when the bytes are valid UTF-8, else Windows-1252.
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
    } else if ((declared === 'windows-1252' || declared.startsWith('iso-8859')) && hasMultibyteUtf8(bytes) && isUtf8(bytes)) {
      // Single-byte label on bytes that are valid multi-byte UTF-8: the label is wrong.
      warnings.push(warning('WIREDESK_WARN_CHARSET_MISMATCH', `declared ${declaredRaw} but the bytes are UTF-8`));
      return { text: buf.toString('utf8'), charset: 'utf-8', declared, bom: false, warnings };
    } else {
      return { text: iconv.decode(buf, declared), charset: declared, declared, bom: false, warnings };
    }
  }
  if (isUtf8(bytes)) return { text: buf.toString('utf8'), charset: 'utf-8', declared, bom: false, warnings };
  if (declared === 'utf-8') warnings.push(warning('WIREDESK_WARN_CHARSET_MISMATCH', 'declared UTF-8 but the bytes are not; read as Windows-1252'));
  else warnings.push(warning('WIREDESK_WARN_CHARSET_GUESSED', 'bytes are not UTF-8; read as Windows-1252'));
  return { text: iconv.decode(buf, 'windows-1252'), charset: 'windows-1252', declared, bom: false, warnings };
}
