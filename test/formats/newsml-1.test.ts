import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { newsml1 } from '../../src/formats/newsml-1.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return newsml1.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

const item = (id: string, opts: { status?: string; mgmt?: string; revision?: string; component?: string } = {}): string =>
  `<NewsItem><Identification><NewsIdentifier><ProviderId>example.org</ProviderId><DateId>20240301</DateId><NewsItemId>${id}</NewsItemId>` +
  `${opts.revision ?? '<RevisionId PreviousRevision="0" Update="N">1</RevisionId>'}<PublicIdentifier>urn:newsml:example.org:20240301:${id}:1</PublicIdentifier></NewsIdentifier></Identification>` +
  `<NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20240301T100000+0100</FirstCreated><ThisRevisionCreated>20240301T110000+0100</ThisRevisionCreated>` +
  `<Status FormalName="${opts.status ?? 'Usable'}"/>${opts.mgmt ?? ''}</NewsManagement>` +
  (opts.component ?? `<NewsComponent><NewsLines><HeadLine>Story ${id}</HeadLine><DateLine>PARIS, March 1 (AFP) -</DateLine></NewsLines>` +
    `<ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF3.1"/><DataContent><nitf><body><body.content><p>Text of ${id}.</p></body.content></body></nitf></DataContent></ContentItem></NewsComponent>`) +
  '</NewsItem>';

const newsml = (...items: string[]): string => `<?xml version="1.0" encoding="utf-8"?>\n<NewsML Version="1.2">\n<NewsEnvelope><DateAndTime>20240301T110500Z</DateAndTime></NewsEnvelope>\n${items.join('\n')}\n</NewsML>\n`;

test('detect: NewsML 1.x roots, never NewsML-G2', () => {
  assert.equal(registry.detect(sniff(Buffer.from(newsml(item('a')))))?.format.name, 'newsml-1');
  assert.equal(newsml1.detect(sniff(Buffer.from('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>'))), 0);
});

test('identity, revision and status: PublicIdentifier, RevisionId, Update, Status and StatusWillChange', () => {
  const embargo = '<StatusWillChange><FutureStatus FormalName="Usable"/><DateAndTime>20240302T060000Z</DateAndTime></StatusWillChange>';
  const { stories } = parse(newsml(
    item('a'),
    item('b', { status: 'Embargoed', mgmt: embargo }),
    item('c', { status: 'Canceled' }),
    item('d', { revision: '<RevisionId PreviousRevision="2" Update="U">3</RevisionId>', mgmt: '<Instruction FormalName="Correction"/>' }),
  ));
  assert.deepEqual(stories.map((s) => [s.guid, s.version, s.pubStatus, s.signals, s.embargoedUntil]), [
    ['urn:newsml:example.org:20240301:a:1', '1', 'usable', [], null],
    ['urn:newsml:example.org:20240301:b:1', '1', 'withheld', [], '20240302T060000Z'],
    ['urn:newsml:example.org:20240301:c:1', '1', 'canceled', ['kill'], null],
    ['urn:newsml:example.org:20240301:d:1', '3', 'usable', ['update', 'correction'], null],
  ]);
  assert.equal(stories[0]?.versionCreated, '20240301T110000+0100');
  assert.equal(stories[0]?.firstCreated, '20240301T100000+0100');
  assert.equal(stories[0]?.bodyHtml, '<p>Text of a.</p>');
});

test('body: HTML in CDATA and the main role are chosen over headline, contact and style sheet components', () => {
  const component = '<NewsComponent><NewsLines><HeadLine>H</HeadLine></NewsLines>' +
    '<NewsComponent><Role FormalName="StyleSheet"/><ContentItem><MimeType FormalName="text/css"/><DataContent>p {}</DataContent></ContentItem></NewsComponent>' +
    '<NewsComponent><Role FormalName="Contact"/><ContentItem><MediaType FormalName="Text"/><DataContent>Call us</DataContent></ContentItem></NewsComponent>' +
    '<NewsComponent><Role FormalName="Main"/><ContentItem><MediaType FormalName="Text"/><Format FormalName="HTML"/><DataContent><![CDATA[<P>Main text.</P>]]></DataContent></ContentItem></NewsComponent></NewsComponent>';
  const [story] = parse(newsml(item('x', { component }))).stories;
  assert.equal(story?.bodyHtml, '<P>Main text.</P>');
});

test('a truncated transmission: the complete items come through, the cut one fails with its position and bytes', () => {
  const full = newsml(item('one'), item('two'));
  const cutAt = full.lastIndexOf('<body.content>');
  const text = full.slice(0, cutAt);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(r.format, 'newsml-1');
  assert.deepEqual(r.articles.map((a) => a.headline), ['Story one']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(f.error.details.format, 'newsml-1');
  assert.equal(f.error.details.position?.item, 1);
  assert.equal(f.error.details.position?.line, 5);
  assert.equal(f.raw.toString('utf8'), text.slice(text.indexOf('<NewsItem>', text.indexOf('Story one'))));
});

test('a truncated single-item document is one coded error for the document', () => {
  const text = newsml(item('only')).slice(0, 120);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(r.articles.length, 0);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(r.failures[0]?.error.details.format, 'newsml-1');
  assert.ok(r.failures[0]?.error.details.position?.line);
});

test('an empty NewsItem is an invalid item; its siblings still come through', () => {
  const empty = '<NewsItem><Comment>nothing here</Comment></NewsItem>';
  const text = newsml(item('a'), empty, item('c'));
  const r = ingestItem({ bytes: Buffer.from(text), path: 'three.xml' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['Story a', 'Story c']);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(r.failures[0]?.itemIndex, 1);
  assert.equal(r.failures[0]?.raw.toString('utf8'), empty);
});

test('identity: every revision of a news item is a version of one story (ProviderId + DateId + NewsItemId); other items are other stories', () => {
  const first = newsml(item('TX-ORCH-1'));
  const second = newsml(item('TX-ORCH-1', { revision: '<RevisionId PreviousRevision="1" Update="N">2</RevisionId>' })).replace('TX-ORCH-1:1</PublicIdentifier>', 'TX-ORCH-1:2</PublicIdentifier>');
  const other = newsml(item('TX-ORCH-2'));
  const read = (xml: string) => ingestItem({ bytes: Buffer.from(xml), path: null }).articles[0]!;
  const [a, b, c] = [read(first), read(second), read(other)];
  assert.equal(a.guid, 'urn:newsml:example.org:20240301:TX-ORCH-1:1');
  assert.equal(b.guid, 'urn:newsml:example.org:20240301:TX-ORCH-1:2', 'the guid stays the revision\'s own identifier');
  assert.equal(a.id, b.id, 'two revisions share the story id');
  assert.notEqual(a.version, b.version);
  assert.notEqual(a.id, c.id, 'another news item is another story');
});

test('identity: a feed-wide PublicIdentifier that only ends in the NewsItemId names no item; built URNs carry the Update letter', () => {
  // NewsML 1.2 PublicIdentifier: urn:newsml:{ProviderId}:{DateId}:{NewsItemId}:{RevisionId}{RevisionId@Update}, N omitted.
  const feedWide = (id: string) => item(id).replace(`urn:newsml:example.org:20240301:${id}:1`, 'urn:newsml:example.org:20240301:EXAMPLE-FEED:1');
  const { stories } = parse(newsml(feedWide('1'), feedWide('2'), item('3', { revision: '<RevisionId PreviousRevision="1" Update="U">2</RevisionId>' }).replace(/<PublicIdentifier>[^<]*<\/PublicIdentifier>/, '')));
  assert.deepEqual(stories.map((s) => s.guid), [
    'urn:newsml:example.org:20240301:1:1',
    'urn:newsml:example.org:20240301:2:1',
    'urn:newsml:example.org:20240301:3:2U',
  ]);
  // An identifier of another shape names the item when it holds the id as a whole part.
  const own = parse(newsml(item('TX-9').replace('urn:newsml:example.org:20240301:TX-9:1', 'example.org/news/TX-9'))).stories;
  assert.equal(own[0]?.guid, 'example.org/news/TX-9');
  const longer = parse(newsml(item('TX-9').replace('urn:newsml:example.org:20240301:TX-9:1', 'example.org/news/TX-91'))).stories;
  assert.equal(longer[0]?.guid, 'urn:newsml:example.org:20240301:TX-9:1');
});

test('content: a DataContent inside an Encoding chain is read, base64 decoded; an unknown notation is not read as text', () => {
  const text = 'Fishermen in Kelsby landed a record herring catch in February.';
  const encoded = (notation: string, data: string) => '<NewsComponent><NewsLines><HeadLine>Herring</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/><Format FormalName="Text"/>' +
    `<Encoding Notation="${notation}"><DataContent>${data}</DataContent></Encoding></ContentItem></NewsComponent>`;
  const [b64, unknown] = parse(newsml(item('e1', { component: encoded('base64', Buffer.from(text).toString('base64')) }), item('e2', { component: encoded('x-deflate', 'eJzLSM3JyVcozy/KSQEAGgQEXQ==') }))).stories;
  assert.equal(b64?.bodyText, text);
  assert.equal(unknown?.bodyText ?? null, null);
  assert.equal(unknown?.bodyHtml ?? null, null);
});

test('content: a NITF document escaped in the DataContent (CDATA) is read as an inline one, its body.head byline and dateline included', () => {
  const component = '<NewsComponent><NewsLines><HeadLine>Dockworkers end strike</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF"/><DataContent><![CDATA[' +
    '<?xml version="1.0"?><nitf><body><body.head><byline>By Kari Holt</byline><dateline><location><city>Halden</city></location></dateline></body.head>' +
    '<body.content><p>Dockworkers in Halden ended a two-week strike on Thursday.</p></body.content></body></nitf>]]></DataContent></ContentItem></NewsComponent>';
  const [story] = parse(newsml(item('c1', { component }))).stories;
  assert.equal(story?.bodyHtml, '<p>Dockworkers in Halden ended a two-week strike on Thursday.</p>');
  assert.deepEqual(story?.bylines?.map((b) => b.raw), ['By Kari Holt']);
  assert.equal(story?.datelineCity, 'Halden');
});

test('language: an xml:lang on the NewsML envelope is inherited by its items (XML 1.0 2.12); an item’s own one wins', () => {
  const xml = newsml(item('l1'), item('l2').replace('<NewsItem>', '<NewsItem xml:lang="fr">')).replace('<NewsML Version="1.2">', '<NewsML Version="1.2" xml:lang="de">');
  assert.deepEqual(parse(xml).stories.map((s) => s.language), ['de', 'fr']);
});
