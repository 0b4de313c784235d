import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newsmlG2 } from '../../src/formats/newsml-g2.js';
import { registry } from '../../src/formats/registry.js';
import { WiredeskError } from '../../src/errors.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { datelineCityOf } from '../../src/formats/newsml-g2/read-item.js';
import { isPersonName } from '../../src/formats/newsml-g2/people.js';
import type { ParseResult } from '../../src/model/parsed-story.js';

const NAR = 'http://iptc.org/std/nar/2006-10-01/';

function parse(text: string): ParseResult {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return newsmlG2.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
}

function textItem(guid: string | null, headline: string, extraMeta = '', body = '<p>Body text.</p>'): string {
  return `<newsItem ${guid === null ? '' : `guid="${guid}" `}version="1" standard="NewsML-G2">
    <itemMeta>
      <itemClass qcode="ninat:text"/>
      <provider literal="reuters.com"/>
      <versionCreated>2025-01-02T03:04:05+0100 </versionCreated>
      <pubStatus qcode="stat:usable"/>${extraMeta}
    </itemMeta>
    <contentMeta><language tag="en"/><headline>${headline}</headline></contentMeta>
    <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${body}</body></html></inlineXML></contentSet>
  </newsItem>`;
}

const message = (...items: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="${NAR}"><header><sent>2025-01-02T03:04:05Z</sent></header><itemSet>${items.join('\n')}</itemSet></newsMessage>`;

test('a newsMessage with several items yields one story per item, in order, with raw date strings', () => {
  const r = parse(message(textItem('g1', 'First'), textItem('g2', 'Second'), textItem('g3', 'Third')));
  assert.deepEqual(r.stories.map((s) => [s.guid, s.headline, s.itemIndex]), [['g1', 'First', 0], ['g2', 'Second', 1], ['g3', 'Third', 2]]);
  assert.equal(r.stories[0]!.versionCreated, '2025-01-02T03:04:05+0100 ');
  assert.equal(r.stories[0]!.bodyHtml, '<p>Body text.</p>');
  assert.equal(r.failures.length, 0);
});

test('an item without a guid becomes a failure with its own bytes while the others flow', () => {
  const bad = textItem(null, 'Broken ünïcode');
  const text = message(textItem('g1', 'First'), bad, textItem('g3', 'Third'));
  const r = parse(text);
  assert.deepEqual(r.stories.map((s) => s.guid), ['g1', 'g3']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(f.raw.toString('utf8'), bad);
  assert.equal(f.error.details.position?.item, 1);
  assert.ok((f.error.details.position?.line ?? 0) >= 2);
});

test('namespace prefixes are matched by local name (ns0:)', () => {
  const text = `<ns0:newsItem xmlns:ns0="${NAR}" guid="p1" version="7">
    <ns0:itemMeta><ns0:itemClass qcode="ninat:text"/><ns0:pubStatus qcode="status:withheld"/><ns0:signal qcode="sig:correction"/></ns0:itemMeta>
    <ns0:contentMeta><ns0:headline role="hld:subHeadline">Sub</ns0:headline><ns0:headline>Main</ns0:headline></ns0:contentMeta>
  </ns0:newsItem>`;
  const s = sniff(Buffer.from(text));
  assert.equal(newsmlG2.detect(s), 1);
  const story = parse(text).stories[0]!;
  assert.equal(story.headline, 'Main');
  assert.equal(story.subheadline, 'Sub');
  assert.equal(story.version, '7');
  assert.equal(story.pubStatus, 'withheld');
  assert.deepEqual(story.signals, ['correction']);
});

test('a malformed document throws WIREDESK_ERR_XML_MALFORMED with its line', () => {
  const text = `<newsItem xmlns="${NAR}" guid="x">\n<itemMeta>\n<headline>oops</itemMeta>\n</newsItem>`;
  assert.throws(
    () => parse(text),
    (e: unknown) => e instanceof WiredeskError && e.code === 'WIREDESK_ERR_XML_MALFORMED' && e.details.position?.line === 3,
  );
});

test('signals: edStat codes, canceled carries kill, AP write-thru slugs, dpa Berichtigung', () => {
  const canceled = parse(message(textItem('k', 'Withdrawn').replace('stat:usable', 'stat:canceled').replace('<pubStatus', '<signal qcode="edStat:D"/><pubStatus'))).stories[0]!;
  assert.equal(canceled.pubStatus, 'canceled');
  assert.deepEqual(canceled.signals, ['kill']);
  const plain = parse(message(textItem('n', 'New', '<signal qcode="edStat:N"/><signal qcode="prodId:TXT"/>'))).stories[0]!;
  assert.deepEqual(plain.signals, []);

  const ap = `<newsItem xmlns="${NAR}" guid="tag:ap.org,2011:abc" version="2"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AP"/></itemMeta>
    <contentMeta><slugline>BC-US--Storms, 2nd Ld-Writethru</slugline><headline>Storms</headline></contentMeta></newsItem>`;
  assert.deepEqual(parse(ap).stories[0]!.signals, ['update']);
  const dpa = `<newsItem xmlns="${NAR}" guid="urn:newsml:dpa.com:1" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:dpa"/></itemMeta>
    <contentMeta><headline>(Berichtigung) Hafen wächst</headline></contentMeta></newsItem>`;
  const d = parse(dpa).stories[0]!;
  assert.deepEqual(d.signals, ['correction']);
  assert.equal(d.source, 'dpa');
});

test('a picture item carries its caption, credit line, photographer and renditions', () => {
  const text = `<newsItem xmlns="${NAR}" guid="pic1" version="1"><itemMeta><itemClass qcode="ninat:picture"/><provider literal="reuters.com"/></itemMeta>
    <contentMeta><headline>A harbour</headline><by>JANE ROE</by><creditline>REUTERS</creditline>
      <description role="drol:caption">Boats in the harbour. REUTERS/Jane Roe</description></contentMeta>
    <contentSet><remoteContent rendition="rnd:thumbnail" href="https://example.org/t.jpg" contenttype="image/jpeg" width="150" height="100"/></contentSet></newsItem>`;
  const story = parse(text).stories[0]!;
  assert.equal(story.type, 'picture');
  assert.equal(story.source, 'Reuters');
  assert.deepEqual(story.bylines?.map((b) => [b.raw ?? b.name, b.role]), [['JANE ROE', 'photographer']]);
  const p = story.pictures![0]!;
  assert.equal(p.caption, 'Boats in the harbour. REUTERS/Jane Roe');
  assert.equal(p.creditRaw, 'REUTERS');
  assert.equal(p.photographer, 'JANE ROE');
  assert.deepEqual(p.renditions, [{ href: 'https://example.org/t.jpg', width: 150, height: 100, mimeType: 'image/jpeg', name: 'thumbnail' }]);
});

test('a Reuters picture without a named photographer takes the printed caption credit', () => {
  const text = `<newsItem xmlns="${NAR}" guid="pic2" version="1"><itemMeta><itemClass qcode="icls:picture"/><provider literal="reuters.com"/></itemMeta>
    <contentMeta><by>SANA</by><creditline>Reuters</creditline>
      <description role="descRole:caption">A ceremony in Damascus. REUTERS/SANA/Handout via Reuters</description></contentMeta></newsItem>`;
  const story = parse(text).stories[0]!;
  assert.equal(story.pictures![0]!.creditRaw, 'REUTERS/SANA/Handout via Reuters');
  assert.equal(story.pictures![0]!.photographer, null);
  // The <by> goes to the credits engine as printed, which finds no person in an agency's name (see the <by> test).
  assert.deepEqual(story.bylines?.map((b) => b.raw), ['SANA']);
});

test('a package with inline members yields the members (text gets the pictures); a lone package is a composite', () => {
  const pkg = `<packageItem guid="pkg" version="1"><itemMeta><itemClass qcode="ninat:composite"/></itemMeta><contentMeta><headline>Package</headline></contentMeta>
    <groupSet root="g"><group id="g"><itemRef residref="t1"/><itemRef residref="p1"/><itemRef residref="v1"/></group></groupSet></packageItem>`;
  const pic = `<newsItem guid="p1" version="1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentMeta><description role="drol:caption">Caption</description></contentMeta></newsItem>`;
  const video = `<newsItem guid="v1" version="1"><itemMeta><itemClass qcode="ninat:video"/></itemMeta></newsItem>`;
  const r = parse(message(pkg, textItem('t1', 'Story'), pic, video));
  assert.deepEqual(r.stories.map((s) => [s.guid, s.type]), [['t1', 'text'], ['p1', 'picture']]);
  assert.equal(r.stories[0]!.pictures?.[0]?.caption, 'Caption');
  assert.ok(r.warnings?.some((w) => w.code === 'WIREDESK_WARN_ITEM_SKIPPED'));

  const alone = parse(message(pkg)).stories;
  assert.deepEqual(alone.map((s) => [s.guid, s.type, s.headline]), [['pkg', 'composite', 'Package']]);
});

test('fragments: a bare contentMeta and a contentSet with NITF are detected and read', () => {
  const meta = `<contentMeta>\n  <creator><name>Thomson Reuters</name></creator>\n  <language tag="en-US"/>\n  <dateline>MOSCOW, Monday (Reuters)</dateline>\n</contentMeta>`;
  const s1 = sniff(Buffer.from(meta));
  assert.ok(newsmlG2.detect(s1) >= 0.5);
  const story = parse(meta).stories[0]!;
  assert.equal(story.language, 'en-US');
  assert.equal(story.source, 'Reuters');
  assert.equal(story.datelineCity, 'MOSCOW');

  const set = `<contentSet>\n <inlineXML contenttype="application/nitf+xml">\n  <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hedline><hl1>Game preview</hl1></hedline></body.head>\n  <body.content><p>(Sports Desk) - Text.</p></body.content></body></nitf>\n </inlineXML>\n</contentSet>`;
  const s2 = sniff(Buffer.from(set));
  assert.equal(s2.kind, 'xml');
  assert.equal(registry.detect(s2)?.format.name, 'newsml-g2');
  const nitf = parse(set).stories[0]!;
  assert.equal(nitf.headline, 'Game preview');
  assert.equal(nitf.bodyHtml, '<p>(Sports Desk) - Text.</p>');
});

test('CRLF line ends and a UTF-8 BOM are read like any document', () => {
  const text = '\uFEFF' + message(textItem('crlf', 'Line ends')).replace(/\n/g, '\r\n');
  const s = sniff(Buffer.from(text, 'utf8'));
  assert.equal(newsmlG2.detect(s), 1);
  const r = newsmlG2.parse({ text: s.text, bytes: s.bytes, sniff: s, path: null, baseUrl: null });
  assert.equal(r.stories[0]!.headline, 'Line ends');
});

test('source: infoSource origin first, then a known agency among creators or the provider', () => {
  const withSupplier = `<newsItem xmlns="${NAR}" guid="s1" version="1"><itemMeta><itemClass qcode="icls:text"/><provider literal="reuters.com"/></itemMeta>
    <contentMeta><infoSource literal="Opta Sports Data" role="cRole:origProv"/><infoSource literal="Reuters" role="cRole:enhancer"/></contentMeta></newsItem>`;
  assert.equal(parse(withSupplier).stories[0]!.source, 'Opta Sports Data');
  const viaProvider = `<newsItem xmlns="${NAR}" guid="s2" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/></itemMeta></newsItem>`;
  const story = parse(viaProvider).stories[0]!;
  assert.equal(story.source, 'AFP');
  assert.equal(story.provider, 'AFP');
});

test('source: an infoSource whose roles include an IPTC origin role (cpprole origcont, originfo) names it; a distributor does not', () => {
  const item = (sources: string): string => `<newsItem xmlns="${NAR}" guid="s3" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="Harbour Syndication"/></itemMeta>
    <contentMeta>${sources}<headline>Bridge closed for repairs</headline></contentMeta></newsItem>`;
  assert.equal(parse(item('<infoSource role="cpprole:distributor" literal="Harbour Syndication"/><infoSource role="cpprole:origcont" literal="ANP"/>')).stories[0]!.source, 'ANP');
  assert.equal(parse(item('<infoSource role="isrol:originfo" literal="NTB"/>')).stories[0]!.source, 'NTB');
  assert.equal(parse(item('<infoSource role="cpprole:imgSupplier cpprole:origcont" literal="Belga"/>')).stories[0]!.source, 'Belga');
  assert.equal(parse(item('<infoSource role="cpprole:distributor" literal="Harbour Syndication"/>')).stories[0]!.source, null);
});

test('source: an infoSource named only by a qcode whose code is a known agency (nprov:AFP) names it; an opaque code does not', () => {
  const item = (sources: string): string => `<newsItem xmlns="${NAR}" guid="s4" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="Harbour Syndication"/></itemMeta>
    <contentMeta>${sources}<headline>Port reopens after the storm</headline></contentMeta></newsItem>`;
  assert.equal(parse(item('<infoSource role="cpprole:origcont" qcode="nprov:AFP"/>')).stories[0]!.source, 'AFP');
  assert.equal(parse(item('<infoSource qcode="exsrc:48213"/>')).stories[0]!.source, null);
});

test('only people become creator bylines: initials, logins, agencies, titles and placeholders do not', () => {
  for (const s of ['VRG', 'VR-COM', 'MDJ/', 'degenhardt.sandra', 'Reuters', 'REUTERS TV', 'SANA', 'Staff Reporter', 'No-Data-Available, MAR 04']) {
    assert.equal(isPersonName(s), false, s);
  }
  for (const s of ['Marwan Makdisi', 'ANTTI AUTIO', 'Bashar al-Assad', 'Ludwig van Beethoven']) assert.equal(isPersonName(s), true, s);
});

test('a dateline element gives its city; timestamps in the dateline slot are not datelines', () => {
  assert.equal(datelineCityOf('London (dpa) - '), 'London');
  assert.equal(datelineCityOf('FORT WASHINGTON, Pa.'), 'FORT WASHINGTON');
  assert.equal(datelineCityOf('ANSA TEST - ROMA, 01 LUG -'), 'ROMA');
  const stamped = parse(message(textItem('d', 'Timestamp').replace('<headline>', '<dateline>2014-07-16 15:53:10 GMT+00:00</dateline><headline>'))).stories[0]!;
  assert.equal(stamped.dateline, null);
});

test('headline with a role: main or no role first, then a non-subordinate role, lowest rank; a subordinate one only as a last resort', () => {
  const item = (headlines: string): string => `<newsItem xmlns="${NAR}" guid="hr-1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta>${headlines}</contentMeta></newsItem>`;
  const headlineOf = (h: string): string | null | undefined => parse(item(h)).stories[0]?.headline;
  assert.equal(headlineOf('<headline role="hld:main">Tram line reopens</headline>'), 'Tram line reopens');
  assert.equal(headlineOf('<headline role="hld:subHeadline">Works end early</headline><headline role="hld:main">Tram line reopens</headline>'), 'Tram line reopens');
  assert.equal(headlineOf('<headline role="hld:short">Trams back</headline><headline role="hld:full">Tram line reopens after repairs</headline>'), 'Tram line reopens after repairs');
  assert.equal(headlineOf('<headline role="x:print" rank="2">Second</headline><headline role="x:web" rank="1">First</headline>'), 'First');
  assert.equal(headlineOf('<headline roleuri="http://cv.example.org/headlinerole/main">By URI</headline>'), 'By URI');
  assert.equal(headlineOf('<headline role="hld:short">Trams back</headline>'), 'Trams back');
});

test('a creator that is an organisation (a broadcaster named in its own language) is no person byline', () => {
  assert.equal(isPersonName('Zweites Deutsches Fernsehen'), false);
  assert.equal(isPersonName('Example Harbour Television'), false);
  assert.equal(isPersonName('Kari Lund'), true);
});

test('inline NITF is read by the NITF reader: media are pictures, taglines close the text, byttl is the affiliation', () => {
  // NewsML-G2 Guidelines (text chapter): inlineXML contenttype="application/nitf+xml" carries a NITF document.
  const text = `<newsItem xmlns="${NAR}" guid="nitf-media" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline>Ferry crews strike</headline></contentMeta>
    <contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body>
      <body.head><byline>By <person>Zofia Wrona</person>, <byttl>Baltic Correspondent</byttl></byline></body.head>
      <body.content><p>Crews walked out.</p><media media-type="image"><media-reference source="https://img.example.org/f.jpg" mime-type="image/jpeg"/>
        <media-caption>Passengers wait at the terminal.</media-caption><media-producer>Tomasz Lis/Example Wire</media-producer></media><p>Talks resume Friday.</p></body.content>
      <body.end><tagline>Additional reporting by Henrik Alm in Karlskrona</tagline></body.end>
    </body></nitf></inlineXML></contentSet></newsItem>`;
  const story = parse(text).stories[0]!;
  assert.deepEqual(story.pictures?.map((p) => [p.caption, p.creditRaw, p.photographer, p.renditions?.[0]?.href]), [
    ['Passengers wait at the terminal.', 'Tomasz Lis/Example Wire', null, 'https://img.example.org/f.jpg'],
  ]);
  assert.ok(!story.bodyHtml?.includes('Passengers wait'), story.bodyHtml ?? '');
  assert.match(story.bodyHtml ?? '', /<p>Additional reporting by Henrik Alm in Karlskrona<\/p>$/);
  assert.deepEqual(story.bylines?.map((b) => [b.raw ?? b.name, b.affiliation]), [['Zofia Wrona', 'Baltic Correspondent']]);
});

test('<by> is the printed byline, parsed by the credits engine; agencies, desks and placeholder stamps give no person', async () => {
  const { ingestItem } = await import('../../src/pipeline/ingest.js');
  const bylinesOf = (by: string, itemClass = 'ninat:text'): Array<[string, string, string | null, string | null]> => {
    const text = `<newsItem xmlns="${NAR}" guid="by-1" version="1"><itemMeta><itemClass qcode="${itemClass}"/><versionCreated>2026-03-10T10:00:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Canal lock reopens</headline><by>${by}</by></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>The lock reopened on Tuesday.</p></body></html></inlineXML></contentSet></newsItem>`;
    const r = ingestItem({ bytes: Buffer.from(text), path: 'by.xml', receivedAt: new Date('2026-03-10T12:00:00Z') }, { strict: true });
    return r.articles[0]!.bylines.map((b) => [b.name, b.role, b.affiliation, b.location]);
  };
  assert.deepEqual(bylinesOf('By Lotte Hansen in Kiel'), [['Lotte Hansen', 'author', null, 'Kiel']]);
  assert.deepEqual(bylinesOf('ANTTI KOSKI, HETA LAINE '), [['ANTTI KOSKI', 'author', null, null], ['HETA LAINE', 'author', null, null]]);
  assert.deepEqual(bylinesOf('Photos by Nils Ekberg'), [['Nils Ekberg', 'photographer', null, null]]);
  assert.deepEqual(bylinesOf('By Lotte Hansen, Transport Correspondent'), [['Lotte Hansen', 'author', 'Transport Correspondent', null]]);
  assert.deepEqual(bylinesOf('Nils Ekberg', 'ninat:picture'), [['Nils Ekberg', 'photographer', null, null]]);
  for (const by of ['REUTERS TV', 'SANA', 'Reuters, MAR 04', 'No-Data-Available, MAR 04', 'Von dpa', 'Sports Desk', 'Staff Reporter']) assert.deepEqual(bylinesOf(by), [], by);
});

test('an element without its own xml:lang is in its nearest ancestor\'s language when choosing among language variants', () => {
  // NewsML-G2 Specification, i18nAttributes: xml:lang applies to descendants unless they override it.
  const text = `<newsItem xmlns="${NAR}" guid="lang-1" version="1" xml:lang="de"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline xml:lang="en">Ferry service resumes</headline><headline>Fährverkehr läuft wieder</headline>
      <description role="drol:summary" xml:lang="en">Ferries run again.</description><description role="drol:summary">Die Fähren fahren wieder.</description></contentMeta></newsItem>`;
  const story = parse(text).stories[0]!;
  assert.equal(story.language, 'de');
  assert.equal(story.headline, 'Fährverkehr läuft wieder');
  assert.equal(story.summary, 'Die Fähren fahren wieder.');
  // The message's xml:lang reaches its items' elements too.
  const item = `<newsItem guid="lang-2" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline xml:lang="en">Ferry service resumes</headline><headline>Fergene går igjen</headline></contentMeta></newsItem>`;
  const inMessage = parse(message(item).replace('<newsMessage ', '<newsMessage xml:lang="nb" ')).stories[0]!;
  assert.equal(inMessage.language, 'nb');
  assert.equal(inMessage.headline, 'Fergene går igjen');
});

test('a picture item without a caption description takes its summary description as the caption', () => {
  // IPTC Description Role NewsCodes: drol:caption is the caption, drol:summary a summary.
  const pic = (descriptions: string): string => `<newsItem xmlns="${NAR}" guid="pic-sum" version="1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
    <contentMeta><headline>Lock gates</headline>${descriptions}</contentMeta>
    <contentSet><remoteContent href="https://img.example.org/lock.jpg" contenttype="image/jpeg"/></contentSet></newsItem>`;
  const only = parse(pic('<description role="drol:summary">A barge passes the new lock gates.</description>')).stories[0]!;
  assert.equal(only.pictures?.[0]?.caption, 'A barge passes the new lock gates.');
  const both = parse(pic('<description role="drol:summary">Lock gates replaced.</description><description role="drol:caption">A barge passes the new lock gates.</description>')).stories[0]!;
  assert.equal(both.pictures?.[0]?.caption, 'A barge passes the new lock gates.');
});

test('a link with no itemClass and an image media type is a linked picture; its title is no caption', () => {
  // NewsML-G2 Specification, Link1Type: @contenttype is the target's IANA media type, <title> its short name.
  const links = `<link rel="irel:seeAlso" residref="urn:example:pic-7" contenttype="image/jpeg" href="https://img.example.org/pic-7.jpg"><title>Crowd at the quay</title></link>
    <link rel="irel:seeAlso" residref="urn:example:doc-8" contenttype="application/pdf" href="https://example.org/doc-8.pdf"/>`;
  const story = parse(message(textItem('link-img', 'Quay reopens', links))).stories[0]!;
  assert.deepEqual(story.pictures?.map((p) => [p.guid, p.caption, p.renditions?.map((r) => [r.href, r.mimeType])]), [
    ['urn:example:pic-7', null, [['https://img.example.org/pic-7.jpg', 'image/jpeg']]],
  ]);
});

test('the dateline city\'s country comes from the located place of that name (its broader of type country)', () => {
  const item = (located: string): string => `<newsItem xmlns="${NAR}" guid="loc-1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><dateline>AARHUS, March 10</dateline>${located}<headline>Harbour crane toppled</headline></contentMeta></newsItem>`;
  const country = (located: string): string | null | undefined => parse(item(located)).stories[0]!.datelineCountry;
  assert.equal(country('<located type="cptype:city"><name>Aarhus</name><broader type="cptype:statprov"><name>Central Denmark</name></broader><broader type="cptype:country"><name>Denmark</name></broader></located>'), 'Denmark');
  // Another place than the dateline's says nothing of its country.
  assert.equal(country('<located type="cptype:city"><name>Malmo</name><broader type="cptype:country"><name>Sweden</name></broader></located>'), null);
});

test('a contributor with an editor role is credited as editing; a reporting contributor as a contributor', () => {
  const text = `<newsItem xmlns="${NAR}" guid="ed-1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline>Dock strike ends</headline><contributor role="ctrol:editor"><name>Ruth Okafor</name></contributor>
      <contributor role="ctrol:reporter"><name>Lars Dahl</name></contributor></contentMeta></newsItem>`;
  assert.deepEqual(parse(text).stories[0]!.bylines?.map((b) => [b.name, b.role]), [['Ruth Okafor', 'editing'], ['Lars Dahl', 'contributor']]);
});

test('an item without @version is version 1 and a padded version is its integer (XSD: xs:positiveInteger, default="1")', () => {
  const item = (version: string): string => `<newsItem xmlns="${NAR}" guid="v-1"${version}><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline>Ferry timetable changes</headline></contentMeta></newsItem>`;
  assert.equal(parse(item('')).stories[0]!.version, '1');
  assert.equal(parse(item(' version="02"')).stories[0]!.version, '2');
  assert.equal(parse(item(' version="12"')).stories[0]!.version, '12');
  // A bare fragment has no item element and states no version.
  assert.equal(parse(`<contentMeta xmlns="${NAR}"><headline>Fragment</headline></contentMeta>`).stories[0]!.version, null);
});

test('a creator or contributor @role is a QCode list: the first byline role in it counts; cpprole:contentEditor is editing', () => {
  const text = `<newsItem xmlns="${NAR}" guid="roles-1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline>Lake gets a nature reserve</headline>
      <creator role="cpprole:author cpprole:correspondent"><name>Maja Kovac</name></creator>
      <contributor role="cpprole:metadataEditor cpprole:contentEditor"><name>Luka Zupan</name></contributor>
      <contributor role="cpprole:descrWriter"><name>Nina Grah</name></contributor></contentMeta></newsItem>`;
  assert.deepEqual(parse(text).stories[0]!.bylines?.map((b) => [b.name, b.role]), [['Maja Kovac', 'author'], ['Luka Zupan', 'editing']]);
});

test('a headline\'s ruby annotation (rt, rp) is no headline text; its span and ruby base are (XSD Label1Type)', () => {
  const text = `<newsItem xmlns="${NAR}" guid="ruby-1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
    <contentMeta><headline><ruby>札幌<rp>(</rp><rt>さっぽろ</rt><rp>)</rp></ruby>で<span>大雪</span>、交通乱れる</headline></contentMeta></newsItem>`;
  assert.equal(parse(text).stories[0]!.headline, '札幌で大雪、交通乱れる');
});
