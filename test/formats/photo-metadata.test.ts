import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { registry } from '../../src/formats/registry.js';
import { decodeXmpPacket, photoMetadata } from '../../src/formats/photo-metadata.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { WiredeskError } from '../../src/errors.js';
import { exifSegment, extendedXmpSegments, jpegWithMetadata, minimalJpeg, photoshopSegment, xmpPacket, xmpSegment, type IimDataset } from '../helpers/jpeg.js';

const UTF8: IimDataset = [1, 90, Buffer.from('\x1b%G', 'latin1')];

const parse = (bytes: Buffer) => photoMetadata.parse({ text: '', bytes, sniff: sniff(bytes), path: 'pic.jpg', baseUrl: null });

test('sniff: JPEG magic is an image, not refused as binary; other binary still is', () => {
  const s = sniff(minimalJpeg());
  assert.equal(s.kind, 'image');
  assert.equal(s.text, '');
  assert.equal(registry.detect(s)?.format.name, 'photo-metadata');
  assert.throws(() => sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), (e: unknown) => e instanceof WiredeskError && e.code === 'WIREDESK_ERR_INPUT_BINARY');
  assert.equal(photoMetadata.detect(sniff(Buffer.from('<nitf/>'))), 0);
});

test('IIM fields map to a picture story; the picture is the image itself with its frame size', () => {
  const bytes = jpegWithMetadata({
    iim: [UTF8, [2, 5, 'SLUG-ONE'], [2, 80, 'Ana Ruiz'], [2, 105, 'The headline'], [2, 110, 'REUTERS'], [2, 115, 'X1234'],
      [2, 116, '(c) Reuters'], [2, 120, 'A caption. REUTERS/Ana Ruiz'], [2, 135, 'en'], [2, 90, 'Oslo'], [2, 25, 'one'], [2, 25, 'two']],
  });
  const { stories, failures } = parse(bytes);
  assert.deepEqual(failures, []);
  const story = stories[0]!;
  assert.equal(story.type, 'picture');
  assert.equal(story.headline, 'The headline');
  assert.equal(story.slugline, 'SLUG-ONE');
  assert.equal(story.language, 'en');
  assert.equal(story.source, 'Reuters', 'a Source code that is no agency gives way to the Credit');
  assert.equal(story.copyrightNotice, '(c) Reuters');
  assert.deepEqual(story.keywords, ['one', 'two']);
  assert.deepEqual(story.bylines?.map((b) => [b.name, b.role]), [['Ana Ruiz', 'photographer']]);
  const pic = story.pictures?.[0];
  assert.equal(pic?.caption, 'A caption. REUTERS/Ana Ruiz');
  assert.equal(pic?.creditRaw, 'REUTERS');
  assert.equal(pic?.photographer, 'Ana Ruiz');
  // A local path is no link for subscribers (issue 15 item 17): the image is a rendition only when fetched by URL.
  assert.deepEqual(pic?.renditions, []);
  const fetched = photoMetadata.parse({ text: '', bytes, sniff: sniff(bytes), path: 'https://photos.example.com/pic.jpg', baseUrl: null }).stories[0]!.pictures?.[0];
  assert.deepEqual(fetched?.renditions, [{ href: 'https://photos.example.com/pic.jpg', width: 16, height: 12, mimeType: 'image/jpeg' }]);
});

test('IIM text: UTF-8 when 1:90 declares it, else Latin-1 (Windows-1252)', () => {
  const declared = parse(jpegWithMetadata({ iim: [UTF8, [2, 120, 'Zürich – café']] })).stories[0];
  assert.equal(declared?.pictures?.[0]?.caption, 'Zürich – café');
  const legacy = parse(jpegWithMetadata({ iim: [[2, 120, iconv.encode('Zürich café', 'latin1')], [2, 80, iconv.encode('José Núñez', 'latin1')]] })).stories[0];
  assert.equal(legacy?.pictures?.[0]?.caption, 'Zürich café');
  assert.equal(legacy?.bylines?.[0]?.name, 'José Núñez');
});

test('IIM text declared UTF-8 (1:90) whose bytes are no UTF-8 is read as Latin-1, not as replacement characters', () => {
  const story = parse(jpegWithMetadata({ iim: [UTF8, [2, 120, iconv.encode('Marché de Noël à Sélestrac', 'latin1')], [2, 80, iconv.encode('Hélène Dufrêne', 'latin1')]] })).stories[0];
  assert.equal(story?.pictures?.[0]?.caption, 'Marché de Noël à Sélestrac');
  assert.equal(story?.bylines?.[0]?.name, 'Hélène Dufrêne');
});

test('a By-line or dc:creator that prints the agency after the name ("Name/AFP") names the person', () => {
  const story = parse(jpegWithMetadata({ iim: [UTF8, [2, 80, 'Pieter Vandaele/AFP'], [2, 110, 'AFP'], [2, 120, 'Firefighters at a warehouse in Pellworth.']] })).stories[0];
  assert.deepEqual(story?.bylines?.map((b) => b.name), ['Pieter Vandaele']);
  assert.equal(story?.pictures?.[0]?.photographer, 'Pieter Vandaele');
  const agencyOnly = parse(jpegWithMetadata({ iim: [UTF8, [2, 80, 'REUTERS/Kessaria TV'], [2, 110, 'REUTERS'], [2, 120, 'A still image.']] })).stories[0];
  assert.deepEqual(agencyOnly?.bylines, []);
});

test('a By-line that is only a handout or pool mark ("HO", "POOL") names no photographer', () => {
  const story = parse(jpegWithMetadata({ iim: [UTF8, [2, 80, 'HO'], [2, 110, 'The Canadian Press'], [2, 120, 'The terminal in an undated handout photo. THE CANADIAN PRESS/HO-Kordavik Port Authority']] })).stories[0];
  assert.deepEqual(story?.bylines, []);
  assert.equal(story?.pictures?.[0]?.photographer, null);
  const pool = parse(jpegWithMetadata({ iim: [UTF8, [2, 80, 'POOL'], [2, 80, 'Ana Ruiz'], [2, 110, 'AFP']] })).stories[0];
  assert.deepEqual(pool?.bylines?.map((b) => b.name), ['Ana Ruiz']);
});

test('XMP: attribute and element forms, x-default of a language alternative, IIM preferred where both say it', () => {
  const xmp = xmpPacket('photoshop:Credit="dpa" photoshop:Headline="XMP headline"',
    `<dc:description><rdf:Alt><rdf:li xml:lang="de">Deutsch</rdf:li><rdf:li xml:lang="x-default">Default caption</rdf:li></rdf:Alt></dc:description>
     <dc:creator><rdf:Seq><rdf:li>Kai Berg</rdf:li><rdf:li>Uta Lind</rdf:li></rdf:Seq></dc:creator>`);
  const only = parse(jpegWithMetadata({ xmp })).stories[0]!;
  assert.equal(only.headline, 'XMP headline');
  assert.equal(only.pictures?.[0]?.caption, 'Default caption');
  assert.equal(only.pictures?.[0]?.creditRaw, 'dpa');
  assert.equal(only.source, 'dpa');
  assert.deepEqual(only.bylines?.map((b) => b.name), ['Kai Berg', 'Uta Lind']);
  const both = parse(jpegWithMetadata({ xmp, iim: [UTF8, [2, 105, 'IIM headline']] })).stories[0]!;
  assert.equal(both.headline, 'IIM headline');
  assert.equal(both.pictures?.[0]?.caption, 'Default caption', 'XMP fills what IIM lacks');
});

test('an ill-formed XMP packet is read as far as it goes, with a warning', () => {
  const xmp = xmpPacket('photoshop:Credit="AFP"', '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Cut off').replace(/<\/rdf:Description>[\s\S]*$/, '');
  const { stories } = parse(jpegWithMetadata({ xmp }));
  assert.equal(stories[0]?.pictures?.[0]?.creditRaw, 'AFP');
  assert.ok(stories[0]?.warnings?.some((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED'));
});

test('an IIM block that breaks off keeps the datasets before the break, with a warning and its offset', () => {
  const good = jpegWithMetadata({ iim: [UTF8, [2, 105, 'Kept headline'], [2, 120, 'Kept caption']] });
  // Damage the last dataset's length so it runs past its resource.
  const at = good.lastIndexOf(Buffer.from([0x1c, 2, 120]));
  good.writeUInt16BE(0x7000, at + 3);
  const { stories } = parse(good);
  assert.equal(stories[0]?.headline, 'Kept headline');
  const w = stories[0]?.warnings?.find((x) => x.code === 'WIREDESK_WARN_METADATA_RECOVERED');
  assert.match(w?.message ?? '', new RegExp(`2:120 runs past its block at byte offset ${at}`));
});

test('a truncated JPEG is WIREDESK_ERR_PARSE_INVALID naming the format and the byte offset', () => {
  const whole = jpegWithMetadata({ iim: [UTF8, [2, 120, 'A caption long enough to be cut in the middle of it']] });
  const segAt = whole.indexOf(Buffer.from([0xff, 0xed]));
  const cut = whole.subarray(0, segAt + 30);
  const result = ingestItem({ bytes: cut, path: 'cut.jpg' });
  assert.equal(result.articles.length, 0);
  const error = result.failures[0]?.error;
  assert.equal(error?.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(error?.details.format, 'photo-metadata');
  assert.equal(error?.details.position?.offset, segAt);
  assert.match(error?.message ?? '', /0xFFED runs \d+ bytes past the end of the file at byte offset \d+/);
  assert.equal(result.failures[0]?.raw.length, cut.length, 'the failure keeps the raw bytes');

  // SOI, a stand-alone marker, then bytes that are no marker.
  const garbage = Buffer.from([0xff, 0xd8, 0xff, 0x01, 0x12, 0x34, 0x56, 0x78]);
  const bad = ingestItem({ bytes: garbage, path: 'garbage.jpg' }).failures[0]?.error;
  assert.equal(bad?.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(bad?.details.position?.offset, 4);
  assert.match(bad?.message ?? '', /expected a marker, found 0x12 at byte offset 4/);
});

test('a JPEG without IIM or XMP holds no story', () => {
  const result = ingestItem({ bytes: minimalJpeg(), path: 'bare.jpg' });
  assert.equal(result.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_NO_STORY');
});

test('a Photoshop block split over two APP13 segments is read as one', () => {
  const seg = photoshopSegment([UTF8, [2, 105, 'Split headline'], [2, 120, 'Split caption']]);
  // Re-cut the payload after the signature into two segments that each repeat the signature.
  const payload = seg.subarray(4 + 'Photoshop 3.0\0'.length);
  const half = 20;
  const mk = (part: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), part]);
    const head = Buffer.from([0xff, 0xed, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const image = minimalJpeg();
  const bytes = Buffer.concat([image.subarray(0, 2), mk(payload.subarray(0, half)), mk(payload.subarray(half)), image.subarray(2)]);
  const story = parse(bytes).stories[0];
  assert.equal(story?.headline, 'Split headline');
  assert.equal(story?.pictures?.[0]?.caption, 'Split caption');
});

test('XMP packets in UTF-32 that open with a byte-order mark are read in the order it names, not as UTF-16', () => {
  const xml = xmpPacket('photoshop:Headline="Flood in Tórshavn"', '');
  const cps = [...`\ufeff${xml}`].map((ch) => ch.codePointAt(0)!);
  const be = Buffer.alloc(cps.length * 4);
  const le = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => {
    be.writeUInt32BE(cp, i * 4);
    le.writeUInt32LE(cp, i * 4);
  });
  assert.equal(decodeXmpPacket(be), xml);
  assert.equal(decodeXmpPacket(le), xml);
});

test('XMP packets in UTF-16 (either byte order) and UTF-32 are decoded (ISO 16684-1 allows them)', () => {
  const xml = xmpPacket('photoshop:Headline="Flood in Tórshavn"', '<dc:creator><rdf:Seq><rdf:li>Eydna Joensen</rdf:li></rdf:Seq></dc:creator>');
  const le = Buffer.from(xml, 'utf16le');
  const be = Buffer.from(le).swap16();
  const utf32 = Buffer.alloc(xml.length * 4);
  [...xml].forEach((ch, i) => utf32.writeUInt32BE(ch.codePointAt(0)!, i * 4));
  for (const packet of [le, be, utf32]) {
    assert.equal(decodeXmpPacket(packet), xml);
    const jpeg = jpegWithMetadata({});
    const segment = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), packet]);
    const head = Buffer.from([0xff, 0xe1, 0, 0]);
    head.writeUInt16BE(segment.length + 2, 2);
    const bytes = Buffer.concat([jpeg.subarray(0, 2), head, segment, jpeg.subarray(2)]);
    const story = parse(bytes).stories[0]!;
    assert.equal(story.headline, 'Flood in Tórshavn');
    assert.deepEqual(story.bylines?.map((b) => b.name), ['Eydna Joensen']);
  }
});

test('IIM By-line is the photographer, Credit the provider; a By-line naming an organisation is no photographer', () => {
  const person = jpegWithMetadata({ iim: [UTF8, [2, 80, 'Tove Lindqvist'], [2, 110, 'Nordbild Agency Wire'], [2, 120, 'Ice on the harbour.']] });
  const { articles } = ingestItem({ bytes: person, path: 'person.jpg' });
  assert.equal(articles[0]?.pictures[0]?.credit.photographer, 'Tove Lindqvist');
  const namedCredit = jpegWithMetadata({ iim: [UTF8, [2, 80, 'Tove Lindqvist'], [2, 110, 'Harbour Desk'], [2, 120, 'Ice on the harbour.']] });
  assert.equal(ingestItem({ bytes: namedCredit, path: 'credit.jpg' }).articles[0]?.pictures[0]?.credit.photographer, 'Tove Lindqvist');
  const org = jpegWithMetadata({ iim: [UTF8, [2, 80, 'REUTERS TV'], [2, 110, 'REUTERS'], [2, 120, 'A still from video.']] });
  const story = parse(org).stories[0]!;
  assert.deepEqual(story.bylines, []);
  assert.equal(story.pictures?.[0]?.photographer, null);
});

test('EXIF fills what IIM and XMP leave empty (MWG): ImageDescription, Artist, Copyright; an EXIF-only file is a picture story', () => {
  for (const exifBigEndian of [false, true]) {
    const bytes = jpegWithMetadata({
      exifBigEndian,
      exif: [[0x010e, 'Boats at the slipway after the storm.'], [0x013b, 'Ines Vardakis; Tom Ekwueme'], [0x8298, Buffer.from('(c) Ines Vardakis\0Harbour Courier\0', 'latin1')]],
    });
    const [story] = parse(bytes).stories;
    assert.equal(story?.pictures?.[0]?.caption, 'Boats at the slipway after the storm.');
    assert.deepEqual(story?.bylines?.map((b) => [b.name, b.role, b.evidence?.rule]), [['Ines Vardakis', 'photographer', 'exif artist'], ['Tom Ekwueme', 'photographer', 'exif artist']]);
    assert.equal(story?.copyrightNotice, '(c) Ines Vardakis; Harbour Courier');
  }
  // IIM and XMP come first where they say it.
  const both = jpegWithMetadata({ exif: [[0x010e, 'EXIF words'], [0x013b, 'Exif Person']], iim: [UTF8, [2, 80, 'Ana Ruiz'], [2, 120, 'IIM caption']] });
  const [s2] = parse(both).stories;
  assert.equal(s2?.pictures?.[0]?.caption, 'IIM caption');
  assert.deepEqual(s2?.bylines?.map((b) => b.name), ['Ana Ruiz']);
  // Windows-1252 bytes in an ASCII field, and a UTF-8 (type 129, EXIF 3.0) one.
  const latin = parse(jpegWithMetadata({ exif: [[0x013b, Buffer.concat([iconv.encode('Théo Müller', 'win1252'), Buffer.from([0])])], [0x010e, 'Lähde: Ålesund', 129]] })).stories[0];
  assert.deepEqual(latin?.bylines?.map((b) => b.name), ['Théo Müller']);
  assert.equal(latin?.pictures?.[0]?.caption, 'Lähde: Ålesund');
});

test('a camera\'s own description ("OLYMPUS DIGITAL CAMERA", its make or model) is no caption; broken EXIF is left out with a warning', () => {
  const camera = parse(jpegWithMetadata({ exif: [[0x010e, 'OLYMPUS DIGITAL CAMERA'], [0x010f, 'OLYMPUS IMAGING CORP.'], [0x013b, 'Jo Kim']] })).stories[0];
  assert.equal(camera?.pictures?.[0]?.caption, null);
  assert.equal(parse(jpegWithMetadata({ exif: [[0x010e, 'SONY DSC'], [0x013b, 'Jo Kim']] })).stories[0]?.pictures?.[0]?.caption, null);
  assert.equal(parse(jpegWithMetadata({ exif: [[0x010e, 'NIKON Z 6'], [0x0110, 'NIKON Z 6'], [0x013b, 'Jo Kim']] })).stories[0]?.pictures?.[0]?.caption, null);
  // Only the camera's words: no story.
  assert.throws(() => parse(jpegWithMetadata({ exif: [[0x010e, 'KODAK Digital Still Camera']] })), (e: unknown) => e instanceof WiredeskError && e.code === 'WIREDESK_ERR_PARSE_NO_STORY');
  // An IFD whose entry count runs past the segment, and a value offset past it.
  const seg = exifSegment([[0x013b, 'Jo Kim'], [0x010e, 'A caption long enough to sit after the IFD.']]);
  const tooMany = Buffer.from(seg);
  tooMany.writeUInt16LE(5000, 4 + 6 + 8);
  const r1 = parse(Buffer.concat([minimalJpeg().subarray(0, 2), tooMany, photoshopSegment([UTF8, [2, 120, 'IIM caption']]), minimalJpeg().subarray(2)]));
  assert.equal(r1.stories[0]?.pictures?.[0]?.caption, 'IIM caption');
  assert.ok((r1.stories[0]?.warnings ?? []).some((w) => w.code === 'WIREDESK_WARN_METADATA_RECOVERED' && /EXIF: IFD0 declares 5000 entries/.test(w.message)));
  const farOffset = Buffer.from(seg);
  farOffset.writeUInt32LE(60000, 4 + 6 + 8 + 2 + 12 + 8);
  const r2 = parse(Buffer.concat([minimalJpeg().subarray(0, 2), farOffset, minimalJpeg().subarray(2)]));
  assert.deepEqual(r2.stories[0]?.bylines?.map((b) => b.name), ['Jo Kim']);
  assert.equal(r2.stories[0]?.pictures?.[0]?.caption, null);
  assert.ok((r2.stories[0]?.warnings ?? []).some((w) => /EXIF: tag 0x10e runs past the segment/.test(w.message)));
});

test('IIM and XMP disagreeing are reconciled by the IPTC digest (MWG): a matching digest makes XMP the newer, a stale or missing one IIM', () => {
  const iim: IimDataset[] = [UTF8, [2, 105, 'Old headline'], [2, 80, 'Old Person'], [2, 110, 'Old Credit'], [2, 120, 'Old caption.'], [2, 90, 'Oslo']];
  const xmp = xmpPacket('photoshop:Headline="New headline" photoshop:Credit="New Credit"',
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">New caption.</rdf:li></rdf:Alt></dc:description>
     <dc:creator><rdf:Seq><rdf:li>New Person</rdf:li></rdf:Seq></dc:creator>`);
  const read = (iimDigest: 'match' | 'stale' | 'none') => {
    const s = parse(jpegWithMetadata({ xmp, iim, iimDigest })).stories[0]!;
    return [s.headline, s.pictures?.[0]?.caption, s.pictures?.[0]?.creditRaw, s.bylines?.map((b) => b.name).join(), s.places?.[0]?.name];
  };
  // The digest matches: no IIM-only tool touched IIM since the sync, so XMP was edited after it; IIM still fills what XMP lacks (the city).
  assert.deepEqual(read('match'), ['New headline', 'New caption.', 'New Credit', 'New Person', 'Oslo']);
  assert.deepEqual(read('stale'), ['Old headline', 'Old caption.', 'Old Credit', 'Old Person', 'Oslo']);
  assert.deepEqual(read('none'), ['Old headline', 'Old caption.', 'Old Credit', 'Old Person', 'Oslo']);
});

test('Extended XMP split over several APP1 segments is merged into the main packet that names it (XMP Part 3, 1.1.3.1)', () => {
  const caption = 'Rescue teams search a collapsed building in Antakya, Turkey, on February 7, 2026. '.repeat(4).trim();
  const extension = xmpPacket('', `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${caption}</rdf:li></rdf:Alt></dc:description>
     <dc:creator><rdf:Seq><rdf:li>Deniz Kaya</rdf:li></rdf:Seq></dc:creator>`);
  const { guid, segments } = extendedXmpSegments(extension, 300);
  assert.ok(segments.length >= 3);
  const main = xmpPacket(`xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}" photoshop:Headline="Earthquake rescue"`, '');
  const image = minimalJpeg();
  // Chunks may come in any order; each carries its offset.
  const bytes = Buffer.concat([image.subarray(0, 2), xmpSegment(main), segments[1]!, segments[0]!, ...segments.slice(2), image.subarray(2)]);
  const story = parse(bytes).stories[0]!;
  assert.equal(story.headline, 'Earthquake rescue');
  assert.equal(story.pictures?.[0]?.caption, caption);
  assert.deepEqual(story.bylines?.map((b) => b.name), ['Deniz Kaya']);
  // A chunk missing: the extension is left out with a warning, the main packet still read.
  const cut = parse(Buffer.concat([image.subarray(0, 2), xmpSegment(main), segments[0]!, ...segments.slice(2), image.subarray(2)])).stories[0]!;
  assert.equal(cut.headline, 'Earthquake rescue');
  assert.equal(cut.pictures?.[0]?.caption, null);
  assert.ok(cut.warnings?.some((w) => w.code === 'WIREDESK_WARN_METADATA_RECOVERED' && w.message.includes(`Extended XMP ${guid} is incomplete`)));
});

test('fields of an XMP structure (a nested rdf:Description) are no properties of the picture: LocationCreated\'s city is not photoshop:City', () => {
  const xmp = xmpPacket('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" photoshop:Headline="Market day"',
    `<Iptc4xmpExt:LocationCreated><rdf:Bag><rdf:li><rdf:Description Iptc4xmpExt:City="Bamako" Iptc4xmpExt:CountryCode="MLI"/></rdf:li></rdf:Bag></Iptc4xmpExt:LocationCreated>
     <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Traders at the market in Mopti, Mali.</rdf:li></rdf:Alt></dc:description>`);
  const story = parse(jpegWithMetadata({ xmp })).stories[0]!;
  assert.equal(story.headline, 'Market day');
  assert.deepEqual(story.places, []);
  const stated = parse(jpegWithMetadata({ xmp: xmp.replace('photoshop:Headline=', 'photoshop:City="Mopti" photoshop:Headline=') })).stories[0]!;
  assert.deepEqual(stated.places, [{ name: 'Mopti', code: null }]);
});

test('IIM Release Date/Time later than the sending and the creation is the embargo (IIM 4.2, 2:30/2:35); one stamped at sending is none', () => {
  const held = parse(jpegWithMetadata({ iim: [[1, 70, '20260310'], [1, 80, '081500+0000'], UTF8, [2, 30, '20260310'], [2, 35, '120000+0000'],
    [2, 55, '20260310'], [2, 60, '083000+0300'], [2, 120, 'The chancellor leaves Downing Street.']] })).stories[0]!;
  assert.equal(held.embargoedUntil, '2026-03-10T12:00:00+00:00');
  const sent = parse(jpegWithMetadata({ iim: [[1, 70, '20260311'], [1, 80, '091500+0000'], UTF8, [2, 30, '20260311'], [2, 35, '091500+0000'], [2, 120, 'Boats in the harbour.']] })).stories[0]!;
  assert.equal(sent.embargoedUntil, null);
  // Nothing to compare it with, or no zone: no embargo.
  assert.equal(parse(jpegWithMetadata({ iim: [UTF8, [2, 30, '20260310'], [2, 35, '120000+0000'], [2, 120, 'A caption.']] })).stories[0]!.embargoedUntil, null);
  assert.equal(parse(jpegWithMetadata({ iim: [[1, 70, '20260310'], [1, 80, '081500+0000'], UTF8, [2, 30, '20260310'], [2, 35, '120000'], [2, 120, 'A caption.']] })).stories[0]!.embargoedUntil, null);
});

test('a By-line or dc:creator that is the unnamed stringer ("STR", "Stringer") names no photographer', () => {
  const iim = parse(jpegWithMetadata({ iim: [UTF8, [2, 80, 'STR'], [2, 110, 'AFP'], [2, 120, 'Residents wade through a flooded street. (Photo by STR / AFP)']] })).stories[0]!;
  assert.deepEqual(iim.bylines, []);
  assert.equal(iim.pictures?.[0]?.photographer, null);
  const xmp = parse(jpegWithMetadata({ xmp: xmpPacket('photoshop:Credit="REUTERS"', '<dc:creator><rdf:Seq><rdf:li>Stringer</rdf:li><rdf:li>Nadia Haddad</rdf:li></rdf:Seq></dc:creator>') })).stories[0]!;
  assert.deepEqual(xmp.bylines?.map((b) => b.name), ['Nadia Haddad']);
});

test('Windows XPTitle and XPAuthor (UCS-2 in BYTE arrays) stand in for ImageDescription and Artist when those are missing (WIC photo metadata policies)', () => {
  const ucs2 = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.from([0, 0])]);
  const only = parse(jpegWithMetadata({ exif: [[0x9c9b, ucs2('Lanterns in Hội An'), 1], [0x9c9d, ucs2('Nguyễn Thị Mai; Lê Văn Hùng'), 1]] })).stories[0]!;
  assert.equal(only.pictures?.[0]?.caption, 'Lanterns in Hội An');
  assert.deepEqual(only.bylines?.map((b) => b.name), ['Nguyễn Thị Mai', 'Lê Văn Hùng']);
  const both = parse(jpegWithMetadata({ exif: [[0x010e, 'Lanterns line a street in Hoi An.'], [0x013b, 'Mai Nguyen'], [0x9c9b, ucs2('Lanterns'), 1], [0x9c9d, ucs2('Someone Else'), 1]] })).stories[0]!;
  assert.equal(both.pictures?.[0]?.caption, 'Lanterns line a street in Hoi An.');
  assert.deepEqual(both.bylines?.map((b) => b.name), ['Mai Nguyen']);
});

test('a Photoshop block cut inside a resource header is reported; the XMP is still read', () => {
  const seg = photoshopSegment([UTF8, [2, 105, 'IIM headline']]);
  for (const keep of [4 + 14 + 7, 4 + 14 + 10]) {
    const cut = Buffer.from(seg.subarray(0, keep));
    cut.writeUInt16BE(cut.length - 2, 2);
    const image = minimalJpeg();
    const bytes = Buffer.concat([image.subarray(0, 2), cut, xmpSegment(xmpPacket('photoshop:Headline="XMP headline"', '')), image.subarray(2)]);
    const story = parse(bytes).stories[0]!;
    assert.equal(story.headline, 'XMP headline');
    assert.ok(story.warnings?.some((w) => w.code === 'WIREDESK_WARN_METADATA_RECOVERED' && /IPTC: Photoshop resource (?:block|0x404) is cut short/.test(w.message)), `cut at ${keep}`);
  }
});
