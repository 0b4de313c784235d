import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { registry } from '../../src/formats/registry.js';
import { nitf } from '../../src/formats/nitf.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return nitf.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

const doc = (id: string, hl: string, extra = '', body = `<p>Story ${id} text.</p>`): string =>
  `<nitf><head><docdata${extra}><doc-id id-string="${id}"/><date.issue norm="20240301T120000+0000"/><date.release norm="20240302T080000+0000"/></docdata></head>` +
  `<body><body.head><hedline><hl1>${hl}</hl1></hedline></body.head><body.content>${body}</body.content></body></nitf>`;

test('detect: a <nitf> root is NITF, also without an XML declaration', () => {
  assert.equal(registry.detect(sniff(Buffer.from(doc('a', 'A'))))?.format.name, 'nitf');
  const withHead = '<nitf baselang="en-US">\n  <head>\n    <title>T</title>\n  </head>\n  <body><body.content><p>x</p></body.content></body>\n</nitf>';
  assert.equal(registry.detect(sniff(Buffer.from(withHead)))?.format.name, 'nitf');
});

test('management-status maps to pubStatus, signals and embargo', () => {
  const [usable] = parse(doc('u', 'U', ' management-status="usable"')).stories;
  assert.equal(usable?.pubStatus, 'usable');
  assert.equal(usable?.embargoedUntil, '20240302T080000+0000', 'a date.release later than date.issue holds a usable story');
  const [embargoed] = parse(doc('e', 'E', ' management-status="embargoed"')).stories;
  assert.equal(embargoed?.pubStatus, 'withheld');
  assert.equal(embargoed?.embargoedUntil, '20240302T080000+0000');
  const [canceled] = parse(doc('k', 'K', ' management-status="canceled" management-doc-idref="j"')).stories;
  assert.equal(canceled?.pubStatus, 'canceled');
  assert.deepEqual(canceled?.signals, ['kill']);
});

test('bylines: each <person> is one byline string, <byttl> is kept out of the name', () => {
  const text = doc('b', 'B').replace('</hedline>', '</hedline><byline>By <person>Ana Ruiz</person> and <person>Li Wen</person><byttl>Staff Writers</byttl></byline><byline>By KARL OTT<byttl>AP Writer</byttl></byline>');
  const [story] = parse(text).stories;
  assert.deepEqual(story?.bylines?.map((b) => [b.raw, b.affiliation]), [['Ana Ruiz', 'Staff Writers'], ['Li Wen', 'Staff Writers'], ['By KARL OTT', 'AP Writer']]);
});

test('body: media become pictures, inline entity markup is unwrapped, notes are left out', () => {
  const body = '<note><p>Editors: not for publication.</p></note><media media-type="image"><media-reference source="x.jpg" mime-type="image/jpeg" width="10" height="8"/>' +
    '<media-caption>A caption.</media-caption><media-producer>Jo Kim</media-producer></media><block><p>Said <person>Jo</person> in <location>Oslo</location>.</p><hl2>Sub</hl2></block>';
  const [story] = parse(doc('m', 'M', '', body)).stories;
  assert.equal(story?.bodyHtml, '<p>Said Jo in Oslo.</p><h2>Sub</h2>');
  assert.deepEqual(story?.pictures?.map((p) => [p.caption, p.creditRaw, p.photographer, p.renditions?.[0]?.href]), [['A caption.', 'Jo Kim', 'Jo Kim', 'x.jpg']]);
});

test('a truncated document is a coded error naming the format and the position', () => {
  const text = doc('t', 'T').slice(0, 150);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]?.error;
  assert.equal(e?.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(e?.details.format, 'nitf');
  assert.equal(e?.details.position?.line, 1);
  assert.ok(typeof e?.details.position?.column === 'number');
});

test('several NITF documents in one file: a broken one fails alone with its own bytes', () => {
  const broken = doc('two', 'Two', '', '<p>Unclosed <em>emphasis</p>');
  const text = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf-batch>\n${doc('one', 'Één')}\n${broken}\n${doc('three', 'Three')}\n</nitf-batch>\n`;
  const bytes = iconv.encode(text, 'latin1');
  const r = ingestItem({ bytes, path: 'batch.xml' });
  assert.equal(r.format, 'nitf');
  assert.deepEqual(r.articles.map((a) => [a.guid, a.headline, a.provenance.itemIndex]), [['one', 'Één', 0], ['three', 'Three', 2]]);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(f.error.details.format, 'nitf');
  assert.equal(f.error.details.position?.item, 1);
  assert.equal(f.error.details.position?.line, 4);
  assert.deepEqual(f.raw, iconv.encode(broken, 'latin1'), 'the failure keeps exactly the broken item\'s bytes');
});

test('concatenated <nitf> documents without a wrapper are read one by one', () => {
  const r = ingestItem({ bytes: Buffer.from(`${doc('a', 'A')}\n${doc('b', 'B')}\n`), path: 'two.xml' });
  assert.deepEqual(r.articles.map((a) => a.guid), ['a', 'b']);
  assert.equal(r.failures.length, 0);
  assert.ok(r.articles[0]?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED'));
});

test('source: the copyright holder wrote the story, doc.rights names who licenses it', () => {
  const rights = `<nitf><head><docdata><doc-id id-string="lic-1"/><doc.copyright year="2024" holder="Agence France-Presse"/>` +
    `<doc.rights owner="AAP" agent="AAP" geography="Australia"/></docdata></head><body><body.content><p>SEOUL, March 3 AFP - Text.</p></body.content></body></nitf>`;
  const [story] = parse(rights).stories;
  assert.equal(story?.source, 'Agence France-Presse');
  const own = `<nitf><head><docdata><doc-id id-string="lic-2"/><doc.rights owner="AAP"/></docdata></head><body><body.content><p>Text.</p></body.content></body></nitf>`;
  assert.equal(parse(own).stories[0]?.source, 'AAP');
});

test('dateline: a structured location reads where it stands, the date element and the punctuation it leaves out', () => {
  const dated = (dateline: string) => parse(
    `<nitf><head><docdata><doc-id id-string="d"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline>` +
    `<dateline>${dateline}</dateline></body.head><body.content><p>Text.</p></body.content></body></nitf>`,
  ).stories[0];
  const located = dated('<location><city>Marlow Bay</city></location>, <story.date norm="20260305T091500+0100">March 5</story.date>');
  assert.equal(located?.dateline, 'Marlow Bay');
  assert.equal(located?.datelineCity, 'Marlow Bay');
  // <story.date norm> is ISO 8601 (NITF 3.x DTD): its date is the dateline's date.
  assert.equal(located?.datelineDate, '2026-03-05');
  assert.equal(dated('<story.date norm="2026-02-30">Feb. 30</story.date>')?.datelineDate, null);
  assert.equal(dated('<location><city>Ottawa</city><state>Ontario</state><country>Canada</country></location>')?.datelineDate, null);
  assert.equal(dated('<location><city>Ottawa</city><state>Ontario</state><country>Canada</country></location>')?.dateline, 'Ottawa, Ontario, Canada');
  assert.equal(dated('Datelined <location><city>Oslo</city></location> (NTB)')?.dateline, 'Datelined Oslo (NTB)');
});

test('a body whose paragraphs kept the wire\'s line ends as <br> reads as whole paragraphs, in the text and in the markup', () => {
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'nitf', 'br-wrapped-paragraphs.xml'));
  const { articles } = ingestItem({ bytes, path: 'story.xml', format: 'nitf' });
  const body = articles[0]!.body;
  assert.equal(body.text.split('\n\n').length, 4);
  assert.ok(body.text.split('\n\n').every((p) => !p.includes('\n')));
  assert.doesNotMatch(body.html, /<br/);
  assert.ok(body.text.startsWith("Marlow Bay's harbour board on Thursday approved a second container crane for the Wexley quay, which will double"));
});

test('the article\'s dateline takes its date from <story.date norm> when its text names none', () => {
  const xml = `<nitf><head><docdata><doc-id id-string="sd-1"/><date.issue norm="20260306T080000Z"/></docdata></head><body><body.head><hedline><hl1>Port reopens</hl1></hedline>` +
    `<dateline><location><city>MARLOW BAY</city></location>, <story.date norm="20260305">March 5</story.date></dateline></body.head>` +
    `<body.content><p>The port reopened to cargo ships on Thursday.</p></body.content></body></nitf>`;
  const { articles } = ingestItem({ bytes: Buffer.from(xml), path: 'story.xml', format: 'nitf' });
  assert.equal(articles[0]?.dateline?.city, 'Marlow Bay');
  assert.equal(articles[0]?.dateline?.date, '2026-03-05');
});

test('a <correction> in docdata is a correction: its info is an editor\'s note, its id-string the story it replaces', () => {
  const withCorrection = (idref: string): string => doc('fire-001', 'Fire', idref).replace('<doc-id', '<correction info="Corrects the number of firefighters to 60, not 16." id-string="fire-000" regsrc="EXW"/><ed-msg info="Eds: Moves with photo."/><doc-id');
  const [story] = parse(withCorrection('')).stories;
  assert.equal(story?.replaces, 'fire-000');
  assert.deepEqual(story?.signals, ['correction']);
  assert.equal(story?.editorNote, 'Corrects the number of firefighters to 60, not 16.\n\nEds: Moves with photo.');
  // management-doc-idref, where stated, still names the related document.
  const [both] = parse(withCorrection(' management-doc-idref="fire-000a"')).stories;
  assert.equal(both?.replaces, 'fire-000a');
});

test('date.release holds the story only when it is later than date.issue, whatever the status', () => {
  const dates = (issue: string, release: string): string => doc('r', 'R', ' management-status="usable"')
    .replace('20240301T120000+0000', issue).replace('20240302T080000+0000', release);
  const story = (issue: string, release: string) => parse(dates(issue, release)).stories[0];
  const later = story('20240605T101500+0200', '20240605T140000+0200');
  assert.equal(later?.embargoedUntil, '20240605T140000+0200');
  assert.equal(later?.pubStatus, 'usable', 'the status stays as the document states it');
  assert.equal(story('20240605T101500+0200', '20240605T101500+0200')?.embargoedUntil, null, 'the issue time again');
  assert.equal(story('20240605T101500+0200', '20240605T081500Z')?.embargoedUntil, null, 'the same instant in another offset');
  assert.equal(story('20240605T101500+0200', '20240605T090000+0200')?.embargoedUntil, null, 'an earlier time');
  assert.equal(story('20240605T101500', '20240605T140000')?.embargoedUntil, '20240605T140000', 'neither states an offset: one clock');
  assert.equal(story('20240605T101500+0200', '20240605T140000')?.embargoedUntil, null, 'one offset missing: no comparison');
  assert.equal(story('20240605T101500+0200', 'YYYYMMDD000000-HHMM')?.embargoedUntil, null);
  const [kill] = parse(doc('k', 'K', ' management-status="canceled"')).stories;
  assert.equal(kill?.embargoedUntil, null, 'a kill goes out at once, whatever its release time');
});

test('bylines: a <location> is where the byline was written, with or without <person>; the words before a person give its role', () => {
  const bylines = (markup: string) => parse(doc('l', 'L').replace('</hedline>', `</hedline>${markup}`)).stories[0]?.bylines
    ?.map((b) => [b.raw, b.role ?? null, b.affiliation ?? null, b.location ?? null]);
  const located = '<location><city>Accra</city><country>Ghana</country></location>';
  assert.deepEqual(bylines(`<byline>By <person>Kofi Mensah</person><byttl>Africa Correspondent</byttl>${located}</byline>`),
    [['Kofi Mensah', null, 'Africa Correspondent', 'Accra, Ghana']]);
  assert.deepEqual(bylines(`<byline>By Kofi Mensah, <byttl>Africa Correspondent</byttl>${located}</byline>`),
    [['By Kofi Mensah', null, 'Africa Correspondent', 'Accra, Ghana']]);
  assert.deepEqual(bylines('<byline>Additional reporting by <person>Lea Brandt</person></byline>'), [['Lea Brandt', 'additional-reporting', null, null]]);
  assert.deepEqual(bylines('<byline>Reporting by <person>Ana Ruiz</person> and <person>Li Wen</person>; editing by <person>Tom Price</person></byline>'),
    [['Ana Ruiz', 'reporting', null, null], ['Li Wen', 'reporting', null, null], ['Tom Price', 'editing', null, null]]);
  assert.deepEqual(bylines('<byline>By <person>Nia Roberts</person> and <person>Huw Davies</person></byline>'), [['Nia Roberts', null, null, null], ['Huw Davies', null, null, null]]);
});

test('places: docdata identified-content locations are places, as evloc is', () => {
  const ic = '<evloc city="Oviedo" iso-cc="ESP"/><identified-content><location><city>Hamburg</city><country iso-cc="DE">Germany</country></location>' +
    '<location><country iso-cc="GH">Ghana</country></location><location>Leeds</location><location location-code="23602" code-source="zipcodes.usps.gov"></location>' +
    '<location><city>Oviedo</city></location><person>Anke Vollmer</person></identified-content>';
  const [story] = parse(doc('p', 'P').replace('<doc-id', `${ic}<doc-id`)).stories;
  assert.deepEqual(story?.places, [{ name: 'Oviedo', code: 'ESP' }, { name: 'Hamburg', code: 'DE' }, { name: 'Ghana', code: 'GH' }, { name: 'Leeds', code: null }]);
});

test('dates: the NITF 3.1 form for a date without a time (YYYYMMDD000000-HHMM, no T) is that day at midnight in its offset', () => {
  const doc = (norm: string) => `<?xml version="1.0"?>\n<nitf><head><docdata><doc-id id-string="d-1"/><date.issue norm="${norm}"/></docdata></head>` +
    '<body><body.head><hedline><hl1>Rail line to Orsbach reopens</hl1></hedline></body.head><body.content><p>The line reopened after the storm.</p></body.content></body></nitf>';
  const read = (norm: string) => ingestItem({ bytes: Buffer.from(doc(norm)), path: null }).articles[0]!.versionCreated;
  assert.equal(read('20260316000000+0100'), '2026-03-16T00:00:00+01:00');
  assert.equal(read('20260316000000Z'), '2026-03-16T00:00:00Z');
  // Without an offset it states no instant, as a zone-less basic time does not.
  assert.equal(read('20260316000000'), read('20260316T000000'));
});

test('media-producer: the document\'s own agency as producer is that agency; another bare name is the photographer', () => {
  const media = (producer: string, n: number) => `<media media-type="image"><media-reference source="https://img.example/${n}.jpg" mime-type="image/jpeg"/>` +
    `<media-caption>Runners cross the harbour bridge, picture ${n}.</media-caption><media-producer>${producer}</media-producer></media>`;
  const xml = `<?xml version="1.0"?>\n<nitf><head><docdata><doc-id id-string="m-1"/><date.issue norm="20260323T090000Z"/></docdata></head><body><body.head><hedline><hl1>Marathon</hl1></hedline>` +
    `<distributor>Nordpress</distributor></body.head><body.content><p>Some 12,000 runners took part.</p>${media('Nordpress', 1)}${media('Dahl', 2)}</body.content></body></nitf>`;
  const [a] = ingestItem({ bytes: Buffer.from(xml), path: null }).articles;
  assert.deepEqual(a!.pictures.map((p) => [p.credit.raw, p.credit.photographer, p.credit.agencies]), [
    ['Nordpress', null, ['Nordpress']],
    ['Dahl', 'Dahl', []],
  ]);
});

test('byline: a person written as name.given and name.family is one name of two words, even without a space between them', () => {
  const xml = '<nitf><head><docdata><doc-id id-string="p-1"/></docdata></head><body><body.head><hedline><hl1>Probe</hl1></hedline>' +
    '<byline>By <person><name.given>Jo</name.given> <name.family>Kim</name.family></person> and <person><name.given>Ana</name.given><name.family>Ruiz</name.family></person></byline>' +
    '</body.head><body.content><p>Text.</p></body.content></body></nitf>';
  assert.deepEqual(parse(xml).stories[0]?.bylines?.map((b) => b.raw), ['Jo Kim', 'Ana Ruiz']);
});
