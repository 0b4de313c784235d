// Writes the invented picture files of fixtures/photo-metadata/ (binary, so they are generated
// rather than hand-edited). Usage: npx tsc -p tsconfig.json && node scripts/make-photo-fixtures.mjs,
// then npm run fixtures:update -- photo-metadata and review the expectations.
import { mkdirSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

const { jpegWithMetadata, xmpPacket } = await import(new URL('../.build/test/helpers/jpeg.js', import.meta.url));
const dir = new URL('../fixtures/photo-metadata/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

const UTF8 = [1, 90, Buffer.from('\x1b%G', 'latin1')];
const RECORD_VERSION = [2, 0, Buffer.from([0, 4])];

// 1. An AP-style news photo: IIM (declared UTF-8) and XMP in step, caption ending in the printed credit.
const apCaption = 'Firefighters work to contain a brush fire above Cañon City, Colo., on Tuesday, Aug. 12, 2025. (AP Photo/Renata Okonkwo-Baines)';
writeFileSync(dir + 'ap-wildfire-iim-xmp.jpg', jpegWithMetadata({
  iim: [
    UTF8, RECORD_VERSION,
    [2, 5, 'Colorado Wildfire'],
    [2, 25, 'wildfire'], [2, 25, 'Colorado'],
    [2, 40, 'LOCAL TELEVISION OUT'],
    [2, 55, '20250812'], [2, 60, '163000-0600'],
    [2, 80, 'Renata Okonkwo-Baines'],
    [2, 90, 'Cañon City'], [2, 95, 'CO'], [2, 100, 'USA'], [2, 101, 'United States'],
    [2, 105, 'Colorado Wildfire'],
    [2, 110, 'AP'],
    [2, 115, 'AP'],
    [2, 116, 'Copyright 2025 The Associated Press. All rights reserved.'],
    [2, 120, apCaption],
    [2, 135, 'en'],
  ],
  xmp: xmpPacket(
    'photoshop:Credit="AP" photoshop:Source="AP" photoshop:City="Cañon City" photoshop:Headline="Colorado Wildfire" photoshop:Instructions="LOCAL TELEVISION OUT"',
    `   <dc:creator><rdf:Seq><rdf:li>Renata Okonkwo-Baines</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${apCaption}</rdf:li></rdf:Alt></dc:description>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Copyright 2025 The Associated Press. All rights reserved.</rdf:li></rdf:Alt></dc:rights>`,
  ),
}));

// 2. An AFP-style photo with IIM only and no coded character set: Latin-1 bytes, as older systems write them.
const latin1 = (s) => iconv.encode(s, 'latin1');
writeFileSync(dir + 'afp-geneve-latin1-iim.jpg', jpegWithMetadata({
  iim: [
    RECORD_VERSION,
    [2, 5, latin1('SUISSE-DIPLOMATIE-GENÈVE')],
    [2, 80, latin1('Théo MÜLLER-FAVRE')],
    [2, 90, latin1('Genève')], [2, 101, latin1('Suisse')],
    [2, 105, latin1('Pourparlers à Genève')],
    [2, 110, 'AFP'],
    [2, 115, 'AFP'],
    [2, 120, latin1('Des délégués arrivent au Palais des Nations à Genève, le 3 mars 2025. (Photo by Théo MÜLLER-FAVRE / AFP)')],
    [2, 135, 'fr'],
  ],
}));

// 3. A handout with XMP only (attribute and element forms), credited through a distributor.
writeFileSync(dir + 'handout-xmp-only.jpg', jpegWithMetadata({
  xmp: xmpPacket(
    'photoshop:Credit="Port Authority of Kelsey Bay/Handout via REUTERS" photoshop:Source="Reuters" photoshop:Country="Canada" photoshop:Headline="Cargo ship aground near Kelsey Bay"',
    `   <dc:description><rdf:Alt><rdf:li xml:lang="en">A cargo ship sits aground near Kelsey Bay, British Columbia, Canada, May 4, 2025.</rdf:li></rdf:Alt></dc:description>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">CANADA-SHIPPING/GROUNDING</rdf:li></rdf:Alt></dc:title>
   <dc:subject><rdf:Bag><rdf:li>shipping</rdf:li><rdf:li>accident</rdf:li></rdf:Bag></dc:subject>
   <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY. NO RESALES. NO ARCHIVES.</rdf:li></rdf:Alt></xmpRights:UsageTerms>`,
  ),
}));
// 4. A freelancer's camera file with EXIF only (no IIM, no XMP): the description, artist and
// copyright typed into the camera or a desktop tool, big-endian as some makers write TIFF.
writeFileSync(dir + 'camera-exif-only.jpg', jpegWithMetadata({
  exifBigEndian: true,
  exif: [
    [0x010e, 'Volunteers haul a fishing boat up the slipway at Penhallow after the storm, March 6, 2026.'],
    [0x010f, 'NIKON CORPORATION'],
    [0x0110, 'NIKON Z 6_2'],
    [0x013b, 'Ines Vardakis'],
    [0x8298, Buffer.from('Copyright 2026 Ines Vardakis\0Marlow Bay Courier\0', 'latin1')],
  ],
}));
console.error(`wrote 4 picture fixtures to ${dir}`);
