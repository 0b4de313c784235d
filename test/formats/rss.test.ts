import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { registry } from '../../src/formats/registry.js';
import { rss } from '../../src/formats/rss.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { feedDate } from '../../src/formats/feed/dates.js';
import { withoutEmail } from '../../src/formats/feed/people.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const MRSS = 'xmlns:media="http://search.yahoo.com/mrss/"';
const DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';

const feed = (items: string, channel = '', ns = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ${ns}>\n<channel>\n<title>Example Wire</title>\n<link>https://wire.example/</link>\n${channel}\n${items}\n</channel>\n</rss>\n`;

const parse = (text: string, baseUrl: string | null = null) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return rss.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl });
};

const ingest = (text: string | Buffer, path = 'feed.xml') => ingestItem({ bytes: typeof text === 'string' ? Buffer.from(text) : text, path });

test('detect: RSS 2.0, RSS 0.9x without a channel wrapper namespace, and RSS 1.0 RDF', () => {
  assert.equal(registry.detect(sniff(Buffer.from(feed('<item><title>A</title></item>'))))?.format.name, 'rss');
  const rdf = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title></channel><item rdf:about="https://a.example/1"><title>One</title></item></rdf:RDF>';
  assert.equal(registry.detect(sniff(Buffer.from(rdf)))?.format.name, 'rss');
  const r = parse(rdf);
  assert.deepEqual(r.stories.map((s) => [s.guid, s.headline]), [['https://a.example/1', 'One']], 'an RDF item is identified by rdf:about');
  assert.equal(rss.detect(sniff(Buffer.from('<nitf><head/><body/></nitf>'))), 0);
});

test('guid as stated (isPermaLink or not), else the link; the link is the url', () => {
  const r = parse(feed(
    '<item><guid isPermaLink="false">wire-1</guid><link>https://wire.example/a</link></item>' +
    '<item><link>https://wire.example/b?x=1&amp;y=2</link></item>' +
    '<item><guid>https://wire.example/c</guid></item>',
  ));
  assert.deepEqual(r.stories.map((s) => [s.guid, s.url]), [
    ['wire-1', 'https://wire.example/a'],
    ['https://wire.example/b?x=1&y=2', 'https://wire.example/b?x=1&y=2'],
    ['https://wire.example/c', 'https://wire.example/c'],
  ]);
});

test('identity: an item without guid or link keeps its id when re-polled; a changed item is a new version of it', () => {
  const item = (body: string): string => feed(`<item><title>Quake shakes coastal towns</title><pubDate>Tue, 02 Jun 2026 10:00:00 GMT</pubDate><description>${body}</description></item>`);
  const [first] = ingest(item('First take.')).articles;
  const [again] = ingest(item('First take.')).articles;
  const [changed] = ingest(item('First take, with more detail.')).articles;
  assert.equal(first?.guid, null, 'no guid is invented');
  assert.equal(first?.id, again?.id);
  assert.equal(first?.contentHash, again?.contentHash);
  assert.equal(changed?.id, first?.id, 'same story');
  assert.notEqual(changed?.contentHash, first?.contentHash, 'new version');
});

test('the re-poll fixtures: items without guid keep their ids across polls; the changed one is a new version', () => {
  const poll = (n: number): Array<{ id: string; guid: string | null; contentHash: string }> =>
    JSON.parse(readFileSync(join(FIXTURES_DIR, 'rss', `repoll-${n}-no-guid.xml.expected.json`), 'utf8')) as Array<{ id: string; guid: string | null; contentHash: string }>;
  const [first, second] = [poll(1), poll(2)];
  assert.deepEqual(second.map((a) => a.id), first.map((a) => a.id));
  assert.equal(first[1]?.guid, null, 'the second item has neither guid nor link');
  assert.equal(second[0]?.contentHash, first[0]?.contentHash, 'unchanged item: same version');
  assert.notEqual(second[1]?.contentHash, first[1]?.contentHash, 'changed item: new version');
});

test('dates: pubDate is firstCreated, dc:date its fallback, atom:updated versionCreated; foreign day and month names read', () => {
  const r = parse(feed(
    '<item><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate><atom:updated>2018-09-24T23:00:00Z</atom:updated></item>' +
    '<item><dc:date>2003-12-31T10:14:55Z</dc:date></item>',
    '', `${DC} xmlns:atom="http://www.w3.org/2005/Atom"`,
  ));
  const [a, b] = ingest(feed(
    '<item><title>a</title><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item>',
  )).articles;
  assert.equal(r.stories[0]?.versionCreated, '2018-09-24T23:00:00Z');
  assert.equal(r.stories[1]?.firstCreated, '2003-12-31T10:14:55Z');
  assert.equal(a?.firstCreated, '2018-09-24T19:42:40-03:00');
  assert.equal(b, undefined);
  assert.equal(feedDate('Mi, 03 Okt 2018 08:00:00 +0200'), '03 Oct 2018 08:00:00 +0200');
  assert.equal(feedDate('03 Apr 02 1500 GMT'), '03 Apr 02 15:00 GMT');
  assert.equal(feedDate('2018-10-03T08:00:00+02:00'), '2018-10-03T08:00:00+02:00');
});

test('authors: e-mail addresses dropped, the rest left to the credits engine; an agency as author is the source', () => {
  assert.equal(withoutEmail('Example editor (me@example.com)'), 'Example editor');
  assert.equal(withoutEmail('me@example.com (Example editor)'), 'Example editor');
  assert.equal(withoutEmail('Example editor <me@example.com>'), 'Example editor');
  assert.equal(withoutEmail('desk@example.com'), null);
  const [a, b] = ingest(feed(
    '<item><title>a</title><author>jo@example.com (Jo Kimura)</author><dc:creator>Lena Berg in Oslo</dc:creator></item>' +
    '<item><title>b</title><dc:creator>Associated Press in Palm Beach, Florida</dc:creator></item>',
    '', DC,
  )).articles;
  assert.deepEqual(a?.bylines.map((x) => [x.name, x.role]), [['Jo Kimura', 'author'], ['Lena Berg', 'author']]);
  assert.equal(b?.source, 'AP');
  assert.deepEqual(b?.bylines, []);
});

test('<source> is the writing agency only for a wire agency or the feed\'s own publisher', () => {
  const r = parse(feed(
    '<item><source url="https://other.example/rss">Another Site</source></item>' +
    '<item><source url="https://reuters.example/rss">Reuters</source></item>' +
    '<item><source>Example Wire</source></item>',
  ));
  assert.deepEqual(r.stories.map((s) => s.source), [null, 'Reuters', 'Example Wire']);
});

test('Media RSS: content over group over item over channel; sizes of one image are one picture; video is no picture', () => {
  const items =
    '<item><media:credit>Item Credit</media:credit><media:description>Item caption.</media:description>' +
    '<media:group><media:description>Group caption.</media:description>' +
    '<media:content url="https://img.example/g-big.jpg" medium="image" width="1000"><media:credit role="photographer">Ana Ruiz</media:credit></media:content>' +
    '<media:content url="https://img.example/g-small.jpg" medium="image" width="300"/></media:group>' +
    '<media:content url="https://img.example/solo.jpg?w=140" type="image/jpeg"/>' +
    '<media:content url="https://img.example/solo.jpg?w=460" type="image/jpeg"/>' +
    '<media:content url="https://img.example/clip.mp4" type="video/mp4"/>' +
    '</item>' +
    '<item><media:thumbnail url="/thumbs/t.jpg"/></item>';
  const r = parse(feed(items, '<media:credit>Channel Credit</media:credit>', MRSS));
  const [first, second] = r.stories;
  assert.deepEqual(first?.pictures?.map((p) => [p.caption, p.creditRaw, p.photographer, p.renditions?.map((x) => x.href)]), [
    ['Group caption.', 'Ana Ruiz', 'Ana Ruiz', ['https://img.example/g-big.jpg', 'https://img.example/g-small.jpg']],
    ['Item caption.', 'Item Credit', null, ['https://img.example/solo.jpg?w=140', 'https://img.example/solo.jpg?w=460']],
  ]);
  assert.deepEqual(second?.pictures?.map((p) => [p.creditRaw, p.renditions?.[0]?.href]), [['Channel Credit', 'https://wire.example/thumbs/t.jpg']]);
});

test('relative links resolve against xml:base, else the channel link, else the fetched URL', () => {
  const r = parse(feed('<item xml:base="https://cdn.example/base/"><link>a.html</link></item><item><link>/b.html</link></item>'));
  assert.deepEqual(r.stories.map((s) => s.url), ['https://cdn.example/base/a.html', 'https://wire.example/b.html']);
  const bare = '<rss version="2.0"><channel><item><link>c.html</link></item></channel></rss>';
  assert.equal(parse(bare, 'https://feeds.example/x/rss.xml').stories[0]?.url, 'https://feeds.example/x/c.html');
});

test('ill-formed text: undeclared HTML entities, bare ampersands, HTML in the title, Windows-1252 punctuation', () => {
  const [a] = ingest(feed('<item><title>&lt;b&gt;Rates&lt;/b&gt; &amp; bonds&nbsp;rally</title><description>Q&A: don\u0092t panic</description></item>')).articles;
  assert.equal(a?.headline, 'Rates & bonds rally');
  assert.equal(a?.body.text, 'Q&A: don\u2019t panic');
});

test('a wrong charset declaration is read as what the bytes are, with a warning', () => {
  const text = feed('<item><title>Café crème à Genève</title></item>').replace('UTF-8', 'ISO-8859-1');
  const [a] = ingest(Buffer.from(text, 'utf8')).articles;
  assert.equal(a?.headline, 'Café crème à Genève');
  assert.ok(a?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_CHARSET_MISMATCH'));
  const koi8 = iconv.encode(feed('<item><title>Новости</title></item>').replace('UTF-8', 'KOI8-R'), 'koi8-r');
  assert.equal(ingest(koi8).articles[0]?.headline, 'Новости');
});

test('broken CDATA: an unterminated section ends at its element, a nested one is flattened, each with a warning', () => {
  const r = ingest(feed(
    '<item><guid>a</guid><description><![CDATA[<p>Never closed</p></description></item>' +
    '<item><guid>b</guid><description><![CDATA[<p>Outer <![CDATA[inner]]> tail</p>]]></description></item>' +
    '<item><guid>c</guid><title><![CDATA[<![CDATA[Wrapped twice]]>]]></title><description><![CDATA[Mistyped end]></description></item>',
  ));
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.articles.map((a) => [a.guid, a.body.text]), [['a', 'Never closed'], ['b', 'Outer inner tail'], ['c', 'Mistyped end']]);
  assert.equal(r.articles[2]?.headline, 'Wrapped twice');
  const warnings = r.articles[0]!.provenance.warnings.filter((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED').map((w) => w.message);
  assert.ok(warnings.some((m) => /unterminated CDATA/.test(m)) && warnings.some((m) => /nested/.test(m)), warnings.join('; '));
});

test('sound CDATA is left alone: no copy, no warning', () => {
  const r = ingest(feed('<item><guid>a</guid><description><![CDATA[<p>Fine ]] and > both</p>]]></description></item>'));
  assert.equal(r.articles[0]?.body.text, 'Fine ]] and > both');
  assert.ok(!r.articles[0]?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED'));
});

test('a truncated feed: complete items come through, the cut one is a coded failure naming the format and position', () => {
  const text = feed('<item><title>Whole</title><guid>g1</guid></item>\n<item><title><![CD').replace(/<\/channel>[\s\S]*$/, '');
  const r = ingest(text, 'cut.xml');
  assert.equal(r.format, 'rss');
  assert.deepEqual(r.articles.map((a) => a.guid), ['g1']);
  assert.ok(r.articles[0]?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED'));
  const f = r.failures[0]!;
  assert.equal(f.error.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(f.error.details.format, 'rss');
  assert.equal(f.error.details.position?.item, 1);
  assert.ok((f.error.details.position?.line ?? 0) >= 8, 'at or after the cut item\'s line');
  assert.equal(f.raw.toString(), '<item><title><![CD\n');
});

test('one broken item in the middle fails alone, keeping its own bytes', () => {
  const broken = '<item><title>Two</title><description><p>unclosed</description></item>';
  const text = feed(`<item><guid>1</guid></item>\n${broken}\n<item><guid>3</guid></item>`);
  const r = ingest(iconv.encode(text.replace('UTF-8', 'windows-1252'), 'windows-1252'));
  assert.deepEqual(r.articles.map((a) => [a.guid, a.provenance.itemIndex]), [['1', 0], ['3', 2]]);
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0]?.itemIndex, 1);
  assert.equal(r.failures[0]?.raw.toString('latin1'), broken);
});

test('a feed nested too deeply is refused with a coded error', () => {
  const deep = `${'<x>'.repeat(300)}${'</x>'.repeat(300)}`;
  const r = ingest(feed(`<item><title>t</title><description>${deep}</description></item>`.replace('<description>', '<other>').replace('</description>', '</other>')));
  assert.equal(r.articles.length, 0);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_XML_TOO_DEEP');
});

test('one item nested too deeply fails alone with the coded error; the other items are read', () => {
  const deep = `<other>${'<x>'.repeat(300)}${'</x>'.repeat(300)}</other>`;
  const r = ingest(feed(`<item><guid>1</guid><title>One</title></item>\n<item><guid>2</guid><title>Two</title>${deep}</item>\n<item><guid>3</guid><title>Three</title></item>`));
  assert.deepEqual(r.articles.map((a) => [a.guid, a.provenance.itemIndex]), [['1', 0], ['3', 2]]);
  assert.deepEqual(r.failures.map((f) => [f.itemIndex, f.error.code]), [[1, 'WIREDESK_ERR_XML_TOO_DEEP']]);
});

test('an empty channel is a feed without stories, not a crash', () => {
  const r = ingest('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>');
  assert.equal(r.format, 'rss');
  assert.equal(r.articles.length, 0);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_NO_STORY');
});

test('a feed behind stray text is still read, item by item, with a warning', () => {
  const text = `Warning: Cannot modify header information in /var/www/feed.php on line 12\n${feed('<item><guid>s1</guid><title>Still here</title></item>')}`;
  const r = ingest(text);
  assert.equal(r.format, 'rss');
  assert.deepEqual(r.articles.map((a) => [a.guid, a.headline]), [['s1', 'Still here']]);
  assert.ok(r.articles[0]?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_XML_RECOVERED'));
});

test('content:encoded: a captioned <figure> is a picture with its credit, not a paragraph; it merges with the Media RSS picture of the same caption; relative links resolve against the channel link', () => {
  const CONTENT = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"';
  const text = feed(`<item><title>Harbour reopens</title><link>https://wire.example/harbour-reopens</link><guid>h1</guid>
    <media:content url="https://wire.example/img/boats-large.jpg" medium="image"><media:description>Boats return to the harbour on Thursday.</media:description></media:content>
    <content:encoded><![CDATA[<p>The harbour reopened on Thursday after three weeks of repairs to its breakwater, the port authority said.</p>
    <figure class="wp-block-image"><img src="/img/boats.jpg" alt=""/><figcaption>Boats return to the harbour on Thursday. (Reuters/Ana Ruiz)</figcaption></figure>
    <p>Crews worked through the nights, <a href="/crews">the authority said</a>.</p>]]></content:encoded></item>`, '', `${MRSS} ${CONTENT}`);
  const { articles } = ingestItem({ bytes: Buffer.from(text), path: 'feed.xml', format: 'rss' });
  const a = articles[0]!;
  assert.doesNotMatch(a.body.text, /Boats return/);
  assert.equal(a.pictures.length, 1);
  assert.equal(a.pictures[0]?.caption, 'Boats return to the harbour on Thursday.');
  assert.equal(a.pictures[0]?.credit.photographer, 'Ana Ruiz');
  assert.deepEqual(a.pictures[0]?.renditions.map((r) => r.href), ['https://wire.example/img/boats-large.jpg', 'https://wire.example/img/boats.jpg']);
  assert.match(a.body.html, /href="https:\/\/wire\.example\/crews"/);
});

test('Media RSS credit roles: a photographer is the photographer, a distributor or publisher the agency, an editor no picture credit (Media RSS 1.5.1 media:credit, scheme urn:ebu)', () => {
  const bytes = readFileSync(join(FIXTURES_DIR, 'rss', 'media-credit-roles.xml'));
  const { articles } = ingestItem({ bytes, path: 'photos.xml', format: 'rss' });
  assert.deepEqual(articles.map((a) => a.pictures.map((p) => [p.credit.raw, p.credit.photographer, p.credit.agencies])), [
    [['Nora Ellis/Tidewater Picture Service', 'Nora Ellis', ['Tidewater Picture Service']]],
    [[null, null, []]],
    [['Linnea Voss', null, ['Linnea Voss']]],
  ]);
});

test('an episode with no description has its itunes:summary as its text; a description comes first', () => {
  const ITUNES = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';
  const r = parse(feed(
    '<item><guid>ep-1</guid><title>Episode 1</title><itunes:summary>Our guest walks the old drove road.</itunes:summary></item>' +
    '<item><guid>ep-2</guid><title>Episode 2</title><description>The mill reopens.</description><itunes:summary>A longer note on the mill.</itunes:summary></item>',
    '', ITUNES));
  assert.deepEqual(r.stories.map((s) => s.bodyText), ['Our guest walks the old drove road.', 'The mill reopens.']);
});

test('an author escaped inside CDATA or escaped twice is read as its text ("&amp;" joins two names)', () => {
  const r = ingest(feed(
    '<item><guid>a-1</guid><title>A</title><dc:creator><![CDATA[Ines Abara &amp; Joost de Wit]]></dc:creator></item>' +
    '<item><guid>a-2</guid><title>B</title><author>desk@wire.example (Maren Holt &amp;amp; Idris Bello)</author></item>',
    '', DC));
  assert.deepEqual(r.articles.map((a) => a.bylines.map((b) => b.name)), [['Ines Abara', 'Joost de Wit'], ['Maren Holt', 'Idris Bello']]);
});
