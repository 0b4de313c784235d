import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { FormatModule } from './format.js';
import type { BylineHint, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Rendition } from '../model/article.generated.js';
import { WiredeskError, warning, type Warning } from '../errors.js';
import { canonicalAgency, wireAgency } from '../extract/agencies.js';
import { isUnnamedStringer, parseCredit } from '../extract/credits.js';
import { isOrganisation } from '../extract/names.js';
import { safeHttpUrl } from '../pipeline/safe-url.js';
import { attr, children, descendants, parseXml, textOf, type XmlElement } from '../xml/xml-tree.js';

/**
 * A picture file read for the metadata embedded in it: JPEG with IPTC IIM (the Photoshop APP13
 * segment, image resource 0x0404), XMP (the APP1 segment named by the XMP namespace) and the
 * EXIF description, artist and copyright (the APP1 "Exif" segment), which fill what IIM and XMP
 * leave empty, as the Metadata Working Group's guidelines reconcile them. One
 * story of type `picture` whose `pictures[0]` is the image itself.
 *
 * IIM and XMP usually say the same thing (tools keep them in sync); where both carry a field,
 * IIM is read first because it is what wire photo systems write and check, and XMP fills what
 * IIM lacks, unless the IPTC digest (resource 0x0425) still matches the IIM: then IIM is unchanged
 * since the last sync and a differing XMP value is the newer one, as the MWG guidelines reconcile them. The capture date (IIM Date Created / photoshop:DateCreated) is when the photo was
 * taken, not when the item was created, so it is not mapped to the item's dates.
 */
const FORMAT = 'photo-metadata';

const XMP_SIGNATURE = 'http://ns.adobe.com/xap/1.0/\0';
const EXTENDED_XMP_SIGNATURE = 'http://ns.adobe.com/xmp/extension/\0';
const EXIF_SIGNATURE = 'Exif\0\0';
const PHOTOSHOP_SIGNATURE = 'Photoshop 3.0\0';
const IIM_RESOURCE = 0x0404;
/** Photoshop resource 0x0425: the MD5 digest of the IIM block when an XMP-aware tool last synchronised it with XMP. */
const IIM_DIGEST_RESOURCE = 0x0425;

const NS = {
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  iptcCore: 'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/',
  iptcExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
} as const;

export const photoMetadata: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'Picture files (JPEG) with embedded IPTC IIM, XMP and EXIF metadata',
  detect(s) {
    return s.kind === 'image' ? 1 : 0;
  },
  parse(input) {
    const jpeg = readJpeg(input.bytes);
    const warnings: Warning[] = [...jpeg.warnings];
    const iim = jpeg.photoshop ? readIimFromPhotoshop(jpeg.photoshop.data, jpeg.photoshop.offset, warnings) : { datasets: new Map<string, Buffer[]>(), digestMatches: null };
    const xmp = jpeg.xmp ? withExtendedXmp(readXmp(jpeg.xmp, warnings), jpeg.extendedXmp, warnings) : null;
    const exif = jpeg.exif;
    if (iim.datasets.size === 0 && !xmp && !exif) {
      throw new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', 'the picture carries no IPTC IIM, XMP or EXIF description, artist or copyright', { format: FORMAT });
    }
    const story = readStory(new IimText(iim.datasets), xmp, exif, jpeg, input.path, iim.digestMatches === true && xmp !== null);
    return { stories: [{ ...story, itemIndex: 0, warnings }], failures: [] };
  },
};

// ---- JPEG segments ----

interface JpegMetadata {
  /** The Photoshop image-resource block (APP13) without its signature, and its offset in the file. */
  photoshop: { data: Buffer; offset: number } | null;
  /** The XMP packet (APP1), as UTF-8 text. */
  xmp: string | null;
  /** The chunks of Extended XMP (APP1 "…/xmp/extension/"), by the GUID that names their packet. */
  extendedXmp: Map<string, ExtendedXmp>;
  /** The text fields of the EXIF IFD0 (APP1 "Exif"), when the file has them. */
  exif: ExifText | null;
  width: number | null;
  height: number | null;
  warnings: Warning[];
}

function corrupt(why: string, offset: number): WiredeskError {
  return new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `${why} at byte offset ${offset}`, { format: FORMAT, position: { offset } });
}

/**
 * Walks the JPEG marker segments up to the start of the image data (SOS), each length checked
 * against the file, and keeps the metadata segments and the frame size.
 */
export function readJpeg(bytes: Buffer): JpegMetadata {
  const out: JpegMetadata = { photoshop: null, xmp: null, extendedXmp: new Map(), exif: null, width: null, height: null, warnings: [] };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw corrupt('no JPEG start-of-image marker', 0);
  let i = 2;
  const photoshopParts: Buffer[] = [];
  let photoshopOffset = -1;
  for (;;) {
    if (i >= bytes.length) throw corrupt('the file ends before the image data', i);
    if (bytes[i] !== 0xff) throw corrupt(`expected a marker, found 0x${bytes[i]!.toString(16).padStart(2, '0')}`, i);
    // Markers may be padded with any number of 0xFF fill bytes.
    let m = i + 1;
    while (m < bytes.length && bytes[m] === 0xff) m++;
    if (m >= bytes.length) throw corrupt('the file ends inside a marker', i);
    const marker = bytes[m]!;
    const segStart = m + 1;
    if (marker === 0xd9 || marker === 0xda) break; // EOI, or SOS: the entropy-coded image data follows
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i = segStart;
      continue;
    }
    if (segStart + 2 > bytes.length) throw corrupt(`the segment 0xFF${marker.toString(16).toUpperCase()} has no length`, i);
    const length = bytes.readUInt16BE(segStart);
    if (length < 2) throw corrupt(`the segment 0xFF${marker.toString(16).toUpperCase()} declares length ${length}`, segStart);
    const end = segStart + length;
    if (end > bytes.length) throw corrupt(`the segment 0xFF${marker.toString(16).toUpperCase()} runs ${end - bytes.length} bytes past the end of the file`, i);
    const data = bytes.subarray(segStart + 2, end);
    if (marker === 0xe1 && startsWith(data, XMP_SIGNATURE) && out.xmp === null) {
      out.xmp = decodeXmpPacket(data.subarray(XMP_SIGNATURE.length));
    } else if (marker === 0xe1 && startsWith(data, EXTENDED_XMP_SIGNATURE)) {
      addExtendedXmpChunk(out.extendedXmp, data.subarray(EXTENDED_XMP_SIGNATURE.length), bytes.length);
    } else if (marker === 0xe1 && startsWith(data, EXIF_SIGNATURE) && out.exif === null) {
      out.exif = readExif(data.subarray(EXIF_SIGNATURE.length), segStart + 2 + EXIF_SIGNATURE.length, out.warnings);
    } else if (marker === 0xed && startsWith(data, PHOTOSHOP_SIGNATURE)) {
      // A large resource block is split over consecutive APP13 segments, each with the signature.
      if (photoshopOffset === -1) photoshopOffset = segStart + 2 + PHOTOSHOP_SIGNATURE.length;
      photoshopParts.push(data.subarray(PHOTOSHOP_SIGNATURE.length));
    } else if (isFrameMarker(marker) && data.length >= 5 && out.width === null) {
      out.height = data.readUInt16BE(1);
      out.width = data.readUInt16BE(3);
    }
    i = end;
  }
  if (photoshopParts.length) out.photoshop = { data: Buffer.concat(photoshopParts), offset: photoshopOffset };
  return out;
}

function startsWith(data: Buffer, signature: string): boolean {
  return data.length >= signature.length && data.toString('latin1', 0, signature.length) === signature;
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

// ---- EXIF ----

/**
 * The text fields of EXIF's IFD0 that describe a picture (EXIF 2.32, CIPA DC-008, 4.6.5):
 * ImageDescription, Artist and Copyright, and the camera's Make and Model. The Metadata Working
 * Group's guidelines (2010, 5.2-5.5) map them to IPTC Caption-Abstract / dc:description, By-line /
 * dc:creator and CopyrightNotice / dc:rights; here they fill what IIM and XMP leave empty.
 */
interface ExifText {
  description: string | null;
  artists: string[];
  copyright: string | null;
}

const EXIF_TAGS = { description: 0x010e, make: 0x010f, model: 0x0110, artist: 0x013b, copyright: 0x8298, xpTitle: 0x9c9b, xpAuthor: 0x9c9d } as const;
/** Windows' own IFD0 tags (XPTitle, XPAuthor): UCS-2 little-endian in a BYTE array. */
const EXIF_XP_TAGS = new Set<number>([EXIF_TAGS.xpTitle, EXIF_TAGS.xpAuthor]);
/** More entries than any IFD0 holds: a count beyond it is a broken block. */
const MAX_IFD_ENTRIES = 1000;

/**
 * Reads IFD0 of the TIFF structure in an APP1 "Exif" segment, every offset checked against the
 * segment. A broken block gives what was read before the break, with a warning. Null when it
 * states no description, artist or copyright.
 */
export function readExif(tiff: Buffer, base: number, warnings: Warning[]): ExifText | null {
  const broken = (why: string): null => {
    warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `EXIF: ${why}, left out (APP1 at byte offset ${base})`));
    return null;
  };
  if (tiff.length < 8) return broken('the TIFF header is cut short');
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return broken('the TIFF header names no byte order');
  const le = order === 'II';
  const u16 = (at: number): number => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number): number => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return broken('the TIFF header lacks its magic number');
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return broken('IFD0 lies outside the segment');
  const count = u16(ifd);
  if (count > MAX_IFD_ENTRIES || ifd + 2 + count * 12 > tiff.length) return broken(`IFD0 declares ${count} entries that do not fit the segment`);
  const texts = new Map<number, string>();
  const wanted = new Set<number>(Object.values(EXIF_TAGS));
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    const tag = u16(e);
    const type = u16(e + 2);
    // ASCII (2), and UTF-8 (129) since EXIF 3.0; BYTE (1) for Windows' XP tags; a value of four bytes or less sits in the entry.
    const xp = EXIF_XP_TAGS.has(tag);
    if (!wanted.has(tag) || (xp ? type !== 1 : type !== 2 && type !== 129)) continue;
    const n = u32(e + 4);
    const at = n <= 4 ? e + 8 : u32(e + 8);
    if (at + n > tiff.length) {
      broken(`tag 0x${tag.toString(16)} runs past the segment`);
      continue;
    }
    const value = tiff.subarray(at, at + n);
    texts.set(tag, xp ? value.subarray(0, n - (n % 2)).toString('utf16le') : exifString(value, type === 129));
  }
  const camera = [texts.get(EXIF_TAGS.make), texts.get(EXIF_TAGS.model)].filter(Boolean).join(' ');
  // Windows writes its Title to XPTitle and ImageDescription alike, its Authors to XPAuthor and Artist
  // (Microsoft, WIC photo metadata policies System.Title and System.Author): the XP tags stand in when the others are missing.
  const description = cleanExif(texts.get(EXIF_TAGS.description)) ?? cleanExif(texts.get(EXIF_TAGS.xpTitle));
  // EXIF Copyright holds the photographer's notice, a NUL, then the editor's: both are kept.
  const copyright = (texts.get(EXIF_TAGS.copyright) ?? '').split('\0').map((part) => cleanExif(part)).filter(Boolean).join('; ') || null;
  const found = {
    description: description && !isCameraDefault(description, camera) ? description : null,
    // Artist: several names are parted by semicolons (EXIF 2.32, 4.6.5 C).
    artists: (cleanExif(texts.get(EXIF_TAGS.artist)) ?? cleanExif(texts.get(EXIF_TAGS.xpAuthor)) ?? '').split(';').map((a) => a.trim()).filter(Boolean),
    copyright,
  };
  return found.description || found.artists.length || found.copyright ? found : null;
}

/** An EXIF string, NULs kept: ASCII by the standard, UTF-8 when declared or valid, else Windows-1252. */
function exifString(b: Buffer, utf8: boolean): string {
  if (utf8 || isUtf8(b)) return b.toString('utf8');
  return iconv.decode(b, 'windows-1252');
}

/** The text of an EXIF string up to its terminating NUL, white space squashed. */
function cleanExif(s: string | undefined): string | null {
  const t = (s ?? '').split('\0')[0]!.replace(/\s+/g, ' ').trim();
  return t || null;
}

/**
 * A description the camera writes by itself, no caption: its make or model ("OLYMPUS DIGITAL
 * CAMERA", "SONY DSC", "KODAK Digital Still Camera"), or a word of those and nothing else.
 */
function isCameraDefault(description: string, camera: string): boolean {
  const d = description.toLowerCase();
  if (camera && camera.toLowerCase().includes(d)) return true;
  return /^(?:[\p{L}-]+\s+)?(?:digital\s+(?:still\s+)?camera|dsc|digital\s+image|camera)$/iu.test(description);
}

// ---- IPTC IIM ----

/** The IIM of a Photoshop image-resource block and what its IPTC digest says about it. */
export interface IimResources {
  /** The datasets, keyed "record:dataset" ("2:120"), each with its values in order (many datasets repeat). */
  datasets: Map<string, Buffer[]>;
  /** Whether the IPTC digest (resource 0x0425) is the MD5 of the IIM block as stored; null when the file has no digest. */
  digestMatches: boolean | null;
}

/**
 * The IIM datasets of a Photoshop image-resource block, and whether its IPTC digest still matches
 * them. A block that breaks off keeps what was read before the break, with a warning: the metadata
 * before it is still good.
 */
export function readIimFromPhotoshop(block: Buffer, base: number, warnings: Warning[]): IimResources {
  let p = 0;
  let iim: { data: Buffer; offset: number } | null = null;
  let digest: Buffer | null = null;
  while (p + 12 <= block.length) {
    if (block.toString('latin1', p, p + 4) !== '8BIM') {
      if (!iim) warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: Photoshop resource block breaks off at byte offset ${base + p}`));
      break;
    }
    const id = block.readUInt16BE(p + 4);
    // Pascal-string name, padded to an even length (length byte included).
    const nameLength = block[p + 6]!;
    let q = p + 7 + nameLength;
    if ((nameLength + 1) % 2) q++;
    if (q + 4 > block.length) {
      if (!iim) warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: Photoshop resource 0x${id.toString(16)} is cut short at byte offset ${base + p}`));
      break;
    }
    const size = block.readUInt32BE(q);
    const dataStart = q + 4;
    if (dataStart + size > block.length) {
      if (!iim) warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: resource 0x${id.toString(16)} runs past the segment at byte offset ${base + p}`));
      if (id === IIM_RESOURCE && !iim) iim = { data: block.subarray(dataStart), offset: base + dataStart };
      break;
    }
    if (id === IIM_RESOURCE && !iim) iim = { data: block.subarray(dataStart, dataStart + size), offset: base + dataStart };
    else if (id === IIM_DIGEST_RESOURCE && size === 16) digest = block.subarray(dataStart, dataStart + size);
    p = dataStart + size + (size % 2);
  }
  // Fewer bytes than a resource header left over, and no IIM read: the block was cut inside a header.
  if (!iim && p < block.length && block.subarray(p).some((x) => x !== 0)) {
    warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: Photoshop resource block is cut short at byte offset ${base + p}`));
  }
  if (!iim) return { datasets: new Map(), digestMatches: null };
  const datasets = readIim(iim.data, iim.offset, warnings);
  return { datasets, digestMatches: digest ? createHash('md5').update(iim.data).digest().equals(digest) : null };
}

export function readIim(data: Buffer, base: number, warnings: Warning[]): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  let k = 0;
  while (k + 5 <= data.length) {
    if (data[k] !== 0x1c) {
      // Trailing padding (zeros) is common; anything else is a break in the records.
      if (data.subarray(k).some((b) => b !== 0)) warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: IIM records break off at byte offset ${base + k}`));
      break;
    }
    const record = data[k + 1]!;
    const dataset = data[k + 2]!;
    let length = data.readUInt16BE(k + 3);
    let valueStart = k + 5;
    if (length & 0x8000) {
      // Extended dataset: the low bits give how many bytes hold the length.
      const n = length & 0x7fff;
      if (n > 4 || valueStart + n > data.length) break;
      length = 0;
      for (let j = 0; j < n; j++) length = length * 256 + data[valueStart + j]!;
      valueStart += n;
    }
    if (valueStart + length > data.length) {
      warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `IPTC: dataset ${record}:${dataset} runs past its block at byte offset ${base + k}`));
      break;
    }
    const key = `${record}:${dataset}`;
    const list = out.get(key) ?? [];
    list.push(data.subarray(valueStart, valueStart + length));
    out.set(key, list);
    k = valueStart + length;
  }
  return out;
}

/** IIM text values decoded in the character set the envelope (1:90) declares. */
class IimText {
  readonly #datasets: Map<string, Buffer[]>;
  readonly #utf8Declared: boolean;

  constructor(datasets: Map<string, Buffer[]>) {
    this.#datasets = datasets;
    // 1:90 Coded Character Set: ISO 2022 escape "ESC % G" is UTF-8.
    const ccs = datasets.get('1:90')?.[0];
    this.#utf8Declared = ccs !== undefined && ccs.toString('latin1').includes('\x1b%G');
  }

  all(key: string): string[] {
    return (this.#datasets.get(key) ?? []).map((b) => this.#decode(b).replace(/\0+$/, '').replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
  }

  first(key: string): string | null {
    return this.all(key)[0] ?? null;
  }

  #decode(b: Buffer): string {
    // Declared UTF-8 and valid: UTF-8. Declared but not valid (a tool that wrote the escape over
    // Latin-1 values it did not re-encode): its bytes are Latin-1, not replacement characters.
    if (this.#utf8Declared && isUtf8(b)) return b.toString('utf8');
    // Undeclared: Latin-1 as the standard's default repertoire is read in practice (Windows-1252),
    // unless the bytes are valid UTF-8 with multi-byte sequences, which Latin-1 text almost never is.
    if (!this.#utf8Declared && b.some((x) => x >= 0x80) && isUtf8(b)) return b.toString('utf8');
    return iconv.decode(b, 'windows-1252');
  }
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
function isUtf8(b: Buffer): boolean {
  try {
    utf8Fatal.decode(b);
    return true;
  } catch {
    return false;
  }
}

// IIM record 2 datasets read here.
const IIM = {
  dateSent: '1:70',
  timeSent: '1:80',
  objectName: '2:5',
  keywords: '2:25',
  instructions: '2:40',
  releaseDate: '2:30',
  releaseTime: '2:35',
  dateCreated: '2:55',
  timeCreated: '2:60',
  byline: '2:80',
  city: '2:90',
  countryCode: '2:100',
  country: '2:101',
  headline: '2:105',
  credit: '2:110',
  source: '2:115',
  copyright: '2:116',
  caption: '2:120',
  language: '2:135',
} as const;

// ---- XMP ----

/**
 * The XMP packet as text. XMP (ISO 16684-1, 7.3; the XMP Specification Part 3 on JPEG) allows
 * UTF-8, UTF-16 and UTF-32 packets, big- or little-endian; the packet opens with "<?xpacket" or
 * "<x:xmpmeta", so the byte order shows in where the zero bytes around the first "<" fall.
 */
export function decodeXmpPacket(b: Buffer): string {
  const d = b;
  // UTF-32 before UTF-16: the little-endian UTF-32 mark FF FE 00 00 opens with the UTF-16 one.
  const at4 = d.length >= 4 ? d.readUInt32BE(0) : -1;
  if (at4 === 0x0000003c || at4 === 0x0000feff) return utf32(d, false);
  if (at4 === 0x3c000000 || at4 === 0xfffe0000) return utf32(d, true);
  if ((d[0] === 0 && d[1] === 0x3c) || (d[0] === 0xfe && d[1] === 0xff)) {
    const even = Buffer.from(d.subarray(0, d.length - (d.length % 2)));
    return even.swap16().toString('utf16le').replace(/^\ufeff/, '');
  }
  if ((d[0] === 0x3c && d[1] === 0) || (d[0] === 0xff && d[1] === 0xfe)) return d.subarray(0, d.length - (d.length % 2)).toString('utf16le').replace(/^\ufeff/, '');
  return d.toString('utf8');
}

function utf32(d: Buffer, little: boolean): string {
  const out: string[] = [];
  for (let i = 0; i + 3 < d.length; i += 4) {
    const cp = little ? d.readUInt32LE(i) : d.readUInt32BE(i);
    out.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return out.join('').replace(/^\ufeff/, '');
}

// ---- Extended XMP ----

/** The chunks of one Extended XMP packet: its full length and each chunk's offset and bytes. */
interface ExtendedXmp {
  length: number;
  chunks: Array<{ offset: number; data: Buffer }>;
}

/** More Extended XMP packets than a file has reason to carry (the main packet names one). */
const MAX_EXTENDED_XMP_PACKETS = 8;

/**
 * Keeps one chunk of Extended XMP (XMP Specification Part 3, 1.1.3.1): a 32-character GUID (the
 * MD5 of the whole extension, which the main packet's xmpNote:HasExtendedXMP names), the full
 * length and this chunk's offset (32-bit big-endian), then the chunk. A packet longer than the
 * file that holds it cannot be whole and is not kept.
 */
function addExtendedXmpChunk(packets: Map<string, ExtendedXmp>, body: Buffer, fileLength: number): void {
  if (body.length < 40) return;
  const guid = body.toString('latin1', 0, 32);
  const length = body.readUInt32BE(32);
  const offset = body.readUInt32BE(36);
  if (length > fileLength) return;
  let packet = packets.get(guid);
  if (!packet) {
    if (packets.size >= MAX_EXTENDED_XMP_PACKETS) return;
    packet = { length, chunks: [] };
    packets.set(guid, packet);
  }
  if (packet.length === length) packet.chunks.push({ offset, data: body.subarray(40) });
}

/**
 * Adds the properties of the Extended XMP the main packet names (xmpNote:HasExtendedXMP) to it, as
 * XMP Part 3 has readers merge them; an extension whose chunks do not cover its length is left
 * out with a warning.
 */
function withExtendedXmp(main: Xmp | null, packets: Map<string, ExtendedXmp>, warnings: Warning[]): Xmp | null {
  const guid = xmpValue(main, NS.xmpNote, 'HasExtendedXMP');
  if (!main || !guid) return main;
  const packet = packets.get(guid);
  if (!packet) return main;
  const whole = Buffer.alloc(packet.length);
  let covered = 0;
  for (const { offset, data } of [...packet.chunks].sort((a, b) => a.offset - b.offset)) {
    if (offset > covered || offset + data.length > whole.length) break;
    data.copy(whole, offset);
    covered = Math.max(covered, offset + data.length);
  }
  if (covered < whole.length) {
    warnings.push(warning('WIREDESK_WARN_METADATA_RECOVERED', `XMP: the Extended XMP ${guid} is incomplete (${covered} of ${whole.length} bytes), left out`));
    return main;
  }
  const extension = readXmp(decodeXmpPacket(whole), warnings);
  return extension ? { descriptions: [...main.descriptions, ...extension.descriptions] } : main;
}

/** The top-level rdf:Description elements of an XMP packet (properties may sit in any of them). */
interface Xmp {
  descriptions: XmlElement[];
}

function readXmp(text: string, warnings: Warning[]): Xmp | null {
  const start = text.indexOf('<');
  if (start === -1) return null;
  try {
    const doc = parseXml(text.slice(start), { format: FORMAT, recover: true });
    warnings.push(...doc.warnings.map((w) => ({ ...w, message: `XMP: ${w.message}` })));
    // The top-level rdf:Description elements hold the properties; one nested in a property is a
    // structure's value (Iptc4xmpExt:LocationCreated, plus:ImageSupplier), whose fields are no
    // properties of the picture (XMP Specification Part 1: a structure serialized as a nested rdf:Description).
    return { descriptions: descendants(doc.root, 'Description').filter((d) => d.ns === NS.rdf && d.parent?.ns === NS.rdf && d.parent.name === 'RDF') };
  } catch (e) {
    warnings.push(warning('WIREDESK_WARN_XML_RECOVERED', `XMP packet unreadable, left out: ${e instanceof Error ? e.message : String(e)}`));
    return null;
  }
}

/**
 * The values of an XMP property: an attribute of rdf:Description (simple values), or an
 * element holding text, a language alternative (x-default first) or an ordered/unordered list.
 */
function xmpValues(xmp: Xmp | null, ns: string, local: string): string[] {
  if (!xmp) return [];
  for (const d of xmp.descriptions) {
    const el = children(d, local).find((c) => c.ns === ns);
    if (el) {
      const container = children(el).find((c) => c.ns === NS.rdf && ['Alt', 'Seq', 'Bag'].includes(c.name));
      if (!container) return clean([textOf(el)]);
      const items = children(container, 'li');
      if (container.name === 'Alt') {
        const preferred = items.find((li) => attr(li, 'xml:lang') === 'x-default') ?? items[0];
        return clean([textOf(preferred)]);
      }
      return clean(items.map((li) => textOf(li)));
    }
    // Attribute form (simple values). The element tree keys attributes by local name, so the
    // prefix is not checked; the names read here are not shared between the XMP schemas used.
    const value = attr(d, local);
    if (value !== null) return clean([value]);
  }
  return [];
}

function xmpValue(xmp: Xmp | null, ns: string, local: string): string | null {
  return xmpValues(xmp, ns, local)[0] ?? null;
}

function clean(values: string[]): string[] {
  return values.map((v) => v.replace(/\s+/g, ' ').trim()).filter((v) => v !== '');
}

// ---- the story ----

/**
 * Reads the story, IIM first and XMP filling what it lacks, unless `xmpFirst`: the IPTC digest
 * matches the IIM block, so no IIM-only tool changed IIM since XMP was last synchronised with it
 * and where the two differ XMP is the newer (MWG Guidelines for Handling Image Metadata 2.0, IPTC digest).
 */
function readStory(iim: IimText, xmp: Xmp | null, exif: ExifText | null, jpeg: JpegMetadata, path: string | null, xmpFirst: boolean): ParsedStory {
  const either = (fromIim: string | null, fromXmp: string | null): string | null => (xmpFirst ? fromXmp ?? fromIim : fromIim ?? fromXmp);
  const eitherList = (fromIim: string[], fromXmp: string[]): string[] => (xmpFirst ? (fromXmp.length ? fromXmp : fromIim) : fromIim.length ? fromIim : fromXmp);
  const caption = either(iim.first(IIM.caption), xmpValue(xmp, NS.dc, 'description')) ?? exif?.description ?? null;
  const credit = either(iim.first(IIM.credit), xmpValue(xmp, NS.photoshop, 'Credit'));
  // IIM 2:80 By-line (XMP dc:creator) names the creator, the photographer; 2:110 Credit names the
  // provider (IPTC Photo Metadata Standard). A By-line that names an organisation ("REUTERS TV")
  // is a credit, not a person.
  const iimBylines = iim.all(IIM.byline).map(creatorName).filter((n): n is string => n !== null);
  const xmpCreators = xmpValues(xmp, NS.dc, 'creator').map(creatorName).filter((n): n is string => n !== null);
  const fromXmp = eitherList(iimBylines, xmpCreators) === xmpCreators && xmpCreators.length > 0;
  const [named, creatorRule] = fromXmp ? [xmpCreators, 'xmp dc:creator'] : iimBylines.length ? [iimBylines, 'iim by-line'] : [exif?.artists ?? [], 'exif artist'];
  // "STR", "Stringer": the stand-in for a photographer the agency does not name is no one (src/extract/credits.ts).
  const creators = named.filter((n) => !canonicalAgency(n) && !isOrganisation(n, 'credit') && !isUnnamedStringer(n));
  const sourceField = either(iim.first(IIM.source), xmpValue(xmp, NS.photoshop, 'Source'));

  const bylines: BylineHint[] = creators.map((name) => ({
    name,
    role: 'photographer',
    evidence: { from: 'element', rule: creatorRule },
  }));

  // The file itself is a rendition only when it was fetched from an http(s) URL: a local path is
  // not a link for subscribers (and only http(s) URLs leave wiredesk, src/pipeline/safe-url.ts).
  const href = path ? safeHttpUrl(path) : null;
  const renditions: Rendition[] = href ? [{ href, width: jpeg.width, height: jpeg.height, mimeType: 'image/jpeg' }] : [];
  const picture: PictureHint = {
    guid: xmpValue(xmp, NS.iptcExt, 'DigImageGUID'),
    caption,
    creditRaw: credit,
    photographer: creators[0] ?? null,
    renditions,
    evidence: { from: 'element', rule: 'iptc credit' },
  };

  const city = either(iim.first(IIM.city), xmpValue(xmp, NS.photoshop, 'City'));
  const country = either(iim.first(IIM.country), xmpValue(xmp, NS.photoshop, 'Country'));
  const countryCode = either(iim.first(IIM.countryCode), xmpValue(xmp, NS.iptcCore, 'CountryCode'));
  const places: NonNullable<ParsedStory['places']> = [];
  if (city) places.push({ name: city, code: null });
  if (country || countryCode) places.push({ name: country, code: countryCode });

  const keywords = [...new Set(eitherList(iim.all(IIM.keywords), xmpValues(xmp, NS.dc, 'subject')))];

  return {
    type: 'picture',
    guid: picture.guid ?? null,
    language: either(iim.first(IIM.language), xmpValue(xmp, NS.dc, 'language')),
    // IIM Special Instructions (XMP photoshop:Instructions): embargoes, "FOR EDITORIAL USE ONLY", notes to editors.
    embargoedUntil: iimEmbargo(iim),
    editorNote: either(iim.all(IIM.instructions).join('\n\n') || null, xmpValue(xmp, NS.photoshop, 'Instructions')),
    // The writing agency is the one the Source or Credit field names, when it is a known agency;
    // Source is often a code (a desk, a transmission reference) rather than an organisation.
    source: sourceOf([sourceField, xmpValue(xmp, NS.photoshop, 'Source'), credit]),
    headline: either(iim.first(IIM.headline), xmpValue(xmp, NS.photoshop, 'Headline')),
    slugline: either(iim.first(IIM.objectName), xmpValue(xmp, NS.dc, 'title')),
    bylines,
    creditLine: credit,
    copyrightNotice: either(iim.first(IIM.copyright), xmpValue(xmp, NS.dc, 'rights')) ?? exif?.copyright ?? null,
    usageTerms: xmpValue(xmp, NS.xmpRights, 'UsageTerms'),
    pictures: [picture],
    keywords,
    places,
  };
}

/**
 * The person a By-line / dc:creator value names when it prints the agency with the name as a
 * credit does ("Jo Kim/AFP", "Jo Kim/Pool via Reuters"): the credit reader's photographer. A value
 * that names no person ("REUTERS/Syria TV") stays whole and is sorted out as an organisation; one
 * that is only a credit's mark ("HO", "Handout", "POOL": the credit reader's flags, never names) is no one.
 */
function creatorName(value: string): string | null {
  const read = parseCredit(value);
  if (!read.photographer && read.agencies.length === 0 && read.via === null && read.flags.length > 0) return null;
  if (!/\/|\svia\s/i.test(value)) return value;
  return read.photographer ?? value;
}

/** An IIM date (CCYYMMDD) and time (HHMMSS±HHMM, IIM 4.2) as an ISO 8601 instant; null unless both are whole and valid. */
function iimInstant(date: string | null, time: string | null): string | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '');
  const t = /^(\d{2})(\d{2})(\d{2})([+-]\d{2})(\d{2})$/.exec(time ?? '');
  if (!d || !t) return null;
  const iso = `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:${t[3]}${t[4]}:${t[5]}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/**
 * IIM Release Date and Time (2:30/2:35: "the earliest date the provider intends the object to be
 * used", IIM 4.2) are an embargo when later than the sending (1:70/1:80) and the creation
 * (2:55/2:60) the file states; a release stamped at sending, or with nothing to compare, holds nothing back.
 */
function iimEmbargo(iim: IimText): string | null {
  const release = iimInstant(iim.first(IIM.releaseDate), iim.first(IIM.releaseTime));
  const stated = [iimInstant(iim.first(IIM.dateSent), iim.first(IIM.timeSent)), iimInstant(iim.first(IIM.dateCreated), iim.first(IIM.timeCreated))].filter((x): x is string => x !== null);
  if (!release || stated.length === 0) return null;
  return stated.every((at) => Date.parse(release) > Date.parse(at)) ? release : null;
}

function sourceOf(candidates: Array<string | null>): string | null {
  for (const c of candidates) {
    const agency = wireAgency(c);
    if (agency) return canonicalAgency(agency) ?? agency;
  }
  return null;
}
