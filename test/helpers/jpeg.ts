import { createHash } from 'node:crypto';

/**
 * Builds JPEG files with embedded picture metadata for tests and fixtures: IPTC IIM datasets in a
 * Photoshop APP13 segment (image resource 0x0404) and an XMP packet in an APP1 segment, put right
 * after the start-of-image marker of a base image.
 */

/** One IIM dataset: record, dataset number, value (a string is written as UTF-8). */
export type IimDataset = [record: number, dataset: number, value: string | Buffer];

/** One EXIF IFD0 text entry: tag, value (a string is written as NUL-terminated bytes), type (2 ASCII by default, 129 UTF-8). */
export type ExifEntry = [tag: number, value: string | Buffer, type?: number];

export interface JpegMetadataSpec {
  iim?: IimDataset[];
  /** Whether the Photoshop block carries the IPTC digest of its IIM (MWG), matching or stale. */
  iimDigest?: 'match' | 'stale' | 'none';
  xmp?: string;
  exif?: ExifEntry[];
  /** Byte order of the EXIF TIFF structure: little-endian ("II", the default) or big-endian ("MM"). */
  exifBigEndian?: boolean;
  /** A whole JPEG to add the metadata to; defaults to a minimal 16x12 frame skeleton. */
  image?: Buffer;
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export function iimBlock(datasets: IimDataset[]): Buffer {
  return Buffer.concat(datasets.map(([record, dataset, value]) => {
    const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const head = Buffer.from([0x1c, record, dataset, 0, 0]);
    head.writeUInt16BE(data.length, 3);
    return Buffer.concat([head, data]);
  }));
}

/** One Photoshop image resource: "8BIM", its id, an empty Pascal name, the data size, the data padded to an even length. */
function imageResource(id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.write('8BIM', 0, 'latin1');
  head.writeUInt16BE(id, 4);
  // Empty Pascal name (length byte 0, padded to two bytes), then the data size.
  head.writeUInt32BE(data.length, 8);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/**
 * An APP13 segment holding the IIM (resource 0x0404) and, when asked, the IPTC digest before it
 * (resource 0x0425): the MD5 of the IIM block ("match"), or one that no longer matches it ("stale").
 */
export function photoshopSegment(datasets: IimDataset[], digest: 'match' | 'stale' | 'none' = 'none'): Buffer {
  const iim = iimBlock(datasets);
  const parts: Buffer[] = [Buffer.from('Photoshop 3.0\0', 'latin1')];
  if (digest !== 'none') {
    const md5 = createHash('md5').update(iim).digest();
    if (digest === 'stale') md5[0] = md5[0]! ^ 0xff;
    parts.push(imageResource(0x0425, md5));
  }
  parts.push(imageResource(0x0404, iim));
  return segment(0xed, Buffer.concat(parts));
}

export function xmpSegment(xmp: string): Buffer {
  return segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmp, 'utf8')]));
}

/**
 * Extended XMP (XMP Specification Part 3, 1.1.3.1): the packet cut into APP1 segments of at most
 * `chunk` bytes, each with the GUID (MD5 of the packet, upper-case hex), the full length and its offset.
 */
export function extendedXmpSegments(xmp: string, chunk: number): { guid: string; segments: Buffer[] } {
  const whole = Buffer.from(xmp, 'utf8');
  const guid = createHash('md5').update(whole).digest('hex').toUpperCase();
  const segments: Buffer[] = [];
  for (let offset = 0; offset < whole.length; offset += chunk) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(whole.length, 0);
    head.writeUInt32BE(offset, 4);
    segments.push(segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1'), Buffer.from(guid, 'latin1'), head, whole.subarray(offset, offset + chunk)])));
  }
  return { guid, segments };
}

/**
 * An APP1 "Exif" segment: a TIFF header and IFD0 holding the given text entries (values of four
 * bytes or less in the entry itself, longer ones after the IFD), no next IFD.
 */
export function exifSegment(entries: ExifEntry[], bigEndian = false): Buffer {
  const n = entries.length;
  const ifdAt = 8;
  const dataAt = ifdAt + 2 + n * 12 + 4;
  const values = entries.map(([, v]) => (typeof v === 'string' ? Buffer.from(`${v}\0`, 'utf8') : v));
  const tiff = Buffer.alloc(dataAt + values.reduce((t, v) => t + (v.length > 4 ? v.length + (v.length % 2) : 0), 0));
  const u16 = (v: number, at: number): number => (bigEndian ? tiff.writeUInt16BE(v, at) : tiff.writeUInt16LE(v, at));
  const u32 = (v: number, at: number): number => (bigEndian ? tiff.writeUInt32BE(v, at) : tiff.writeUInt32LE(v, at));
  tiff.write(bigEndian ? 'MM' : 'II', 0, 'latin1');
  u16(42, 2);
  u32(ifdAt, 4);
  u16(n, ifdAt);
  let next = dataAt;
  entries.forEach(([tag, , type], k) => {
    const e = ifdAt + 2 + k * 12;
    const v = values[k]!;
    u16(tag, e);
    u16(type ?? 2, e + 2);
    u32(v.length, e + 4);
    if (v.length <= 4) v.copy(tiff, e + 8);
    else {
      u32(next, e + 8);
      v.copy(tiff, next);
      next += v.length + (v.length % 2);
    }
  });
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** SOI, a baseline frame header (16x12, one component), a scan header, two bytes of scan data, EOI. */
export function minimalJpeg(): Buffer {
  const sof = segment(0xc0, Buffer.from([8, 0, 12, 0, 16, 1, 1, 0x11, 0]));
  const sos = segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0]));
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.from([0x00, 0x3f, 0xff, 0xd9])]);
}

export function jpegWithMetadata(spec: JpegMetadataSpec): Buffer {
  const image = spec.image ?? minimalJpeg();
  const parts: Buffer[] = [image.subarray(0, 2)];
  if (spec.exif) parts.push(exifSegment(spec.exif, spec.exifBigEndian));
  if (spec.xmp !== undefined) parts.push(xmpSegment(spec.xmp));
  if (spec.iim) parts.push(photoshopSegment(spec.iim, spec.iimDigest));
  parts.push(image.subarray(2));
  return Buffer.concat(parts);
}

/** An XMP packet around rdf:Description content (attributes and elements as given). */
export function xmpPacket(descriptionAttrs: string, descriptionBody: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="wiredesk test">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    ${descriptionAttrs}>
${descriptionBody}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
