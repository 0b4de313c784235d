import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { atomFeed } from '../../src/formats/atom.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

const ATOM10 = 'xmlns="http://www.w3.org/2005/Atom"';
const feed = (entries: string, attrs = ATOM10): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed ${attrs}>\n<title>Example</title>\n<link href="https://news.example/"/>\n${entries}\n</feed>\n`;

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return atomFeed.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};
const ingest = (text: string, path = 'feed.atom') => ingestItem({ bytes: Buffer.from(text), path });

test('detect: Atom 1.0 and 0.3 feeds, and a lone Atom entry document', () => {
  assert.equal(registry.detect(sniff(Buffer.from(feed('<entry><id>a</id></entry>'))))?.format.name, 'atom');
  assert.equal(registry.detect(sniff(Buffer.from(feed('<entry><id>a</id></entry>', 'version="0.3" xmlns="http://purl.org/atom/ns#"'))))?.format.name, 'atom');
  const entry = `<entry ${ATOM10}><id>urn:x</id><title>Alone</title></entry>`;
  assert.equal(registry.detect(sniff(Buffer.from(entry)))?.format.name, 'atom');
  assert.deepEqual(parse(entry).stories.map((s) => s.guid), ['urn:x']);
});

test('content in text, html, xhtml and base64; summary kept apart when there is content', () => {
  const r = parse(feed(
    '<entry><id>1</id><content type="text">Plain &lt;b&gt; stays</content></entry>' +
    '<entry><id>2</id><content type="html">&lt;p&gt;Escaped&lt;/p&gt;</content><summary>Short.</summary></entry>' +
    '<entry><id>3</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>xhtml</b></p></div></content></entry>' +
    '<entry><id>4</id><summary type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</summary></entry>',
  ));
  const bodies = r.stories.map((s) => [s.bodyText ?? null, s.bodyHtml ?? null, s.summary ?? null]);
  assert.deepEqual(bodies, [
    ['Plain <b> stays', null, null],
    [null, '<p>Escaped</p>', 'Short.'],
    [null, '<p>Inline <b>xhtml</b></p>', null],
    [null, 'Example <b>Atom</b>', null],
  ]);
});

test('Atom 0.3: mode="escaped" content, issued and modified dates', () => {
  const r = parse(feed(
    '<entry><id>x</id><issued>2004-01-01T10:00:00Z</issued><modified>2004-01-02T10:00:00Z</modified><content type="text/html" mode="escaped">&lt;p&gt;Hi&lt;/p&gt;</content></entry>',
    'version="0.3" xmlns="http://purl.org/atom/ns#"',
  ));
  assert.deepEqual([r.stories[0]?.firstCreated, r.stories[0]?.versionCreated, r.stories[0]?.bodyHtml], ['2004-01-01T10:00:00Z', '2004-01-02T10:00:00Z', '<p>Hi</p>']);
});

test('persons: author and contributor names without e-mail; an agency author is the source, not a byline', () => {
  const [a, b] = ingest(feed(
    '<entry><id>1</id><title>t</title><author><name>Esme Carter</name><email>e@example.com</email></author><contributor><name>Lin Park</name></contributor></entry>' +
    '<entry><id>2</id><title>u</title><author><name>Agence France-Presse</name></author></entry>',
  )).articles;
  assert.deepEqual(a?.bylines.map((x) => [x.name, x.role]), [['Esme Carter', 'author'], ['Lin Park', 'contributor']]);
  assert.equal(b?.source, 'AFP');
  assert.deepEqual(b?.bylines, []);
});

test('links: the alternate link resolved against xml:base, the id as guid, the link when there is no id', () => {
  const r = parse(feed(
    '<entry xml:base="https://news.example/section/"><id>tag:news.example,2026:1</id><link rel="self" href="/api/1"/><link href="story-1"/></entry>' +
    '<entry><link rel="alternate" href="/story-2"/></entry>',
  ));
  assert.deepEqual(r.stories.map((s) => [s.guid, s.url]), [
    ['tag:news.example,2026:1', 'https://news.example/section/story-1'],
    ['https://news.example/story-2', 'https://news.example/story-2'],
  ]);
});

test('a deleted-entry tombstone is a kill of the entry it names', () => {
  const text = feed('<at:deleted-entry xmlns:at="http://purl.org/atompub/tombstones/1.0" ref="urn:gone" when="2026-01-02T03:04:05Z"/>');
  const [a] = ingest(text).articles;
  assert.deepEqual([a?.guid, a?.pubStatus, a?.signals, a?.versionCreated], ['urn:gone', 'canceled', ['kill'], '2026-01-02T03:04:05Z']);
});

test('a truncated Atom document is a coded error naming the format and the position', () => {
  const text = feed('<entry><id>1</id><title>Cut here').replace(/\n<\/feed>\n$/, '');
  const r = ingest(text, 'cut.atom');
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]!.error;
  assert.equal(e.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(e.details.format, 'atom');
  assert.equal(e.details.position?.line, 5);
  assert.match(e.describe(), /format atom/);
});

test('one broken entry among good ones fails alone with its own bytes', () => {
  const broken = '<entry><id>2</id><title>Two</entry>';
  const r = ingest(feed(`<entry><id>1</id></entry>\n${broken}\n<entry><id>3</id></entry>`));
  assert.deepEqual(r.articles.map((a) => a.guid), ['1', '3']);
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0]?.itemIndex, 1);
  assert.equal(r.failures[0]?.error.details.format, 'atom');
  assert.equal(r.failures[0]?.raw.toString(), broken);
});

test('authors: an entry without authors has its atom:source\'s, else the feed\'s (RFC 4287 4.2.1); a site or desk name at feed level is not inherited', () => {
  const withFeedAuthor = (author: string, entries: string): string =>
    `<?xml version="1.0" encoding="utf-8"?>\n<feed ${ATOM10}>\n<title>Example</title>\n<author><name>${author}</name></author>\n${entries}\n</feed>\n`;
  const names = (text: string): string[][] => parse(text).stories.map((s) => (s.bylines ?? []).map((b) => `${b.name ?? b.raw}/${b.role}`));
  assert.deepEqual(names(withFeedAuthor('Esme Carter',
    '<entry><id>1</id><title>a</title></entry>' +
    '<entry><id>2</id><title>b</title><author><name>Lin Park</name></author></entry>' +
    '<entry><id>3</id><title>c</title><source><id>s</id><author><name>Ana Ruiz</name></author></source></entry>' +
    '<entry><id>4</id><title>d</title><contributor><name>Lin Park</name></contributor></entry>')),
  [['Esme Carter/author'], ['Lin Park/author'], ['Ana Ruiz/author'], ['Lin Park/contributor', 'Esme Carter/author']]);
  assert.deepEqual(names(withFeedAuthor('heise online', '<entry><id>1</id><title>a</title></entry>')), [[]]);
  assert.deepEqual(names(withFeedAuthor('WENN Newsdesk', '<entry><id>1</id><title>a</title></entry>')), [[]]);
});

test('a feed with only its self link: relative links resolve against it; a captioned <figure> in the content is a picture, not a paragraph', () => {
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'atom', 'figures-self-base.atom'));
  const { articles } = ingestItem({ bytes, path: 'harbour.atom', format: 'atom' });
  const a = articles[0]!;
  assert.equal(a.url, 'https://gazette.example/harbour/2026/03/05/harbour-reopens');
  assert.equal(a.body.text.split('\n\n').length, 3);
  assert.doesNotMatch(a.body.text, /Fishing boats return/);
  assert.deepEqual(a.pictures.map((p) => [p.caption, p.credit.photographer, p.renditions[0]?.href]), [
    ['Fishing boats return to the inner harbour on Thursday morning.', 'Tamsin Orr', 'https://gazette.example/images/2026/03/harbour-boats.jpg'],
  ]);
  // The figure without a caption stays in the body, its image resolved against the same base.
  assert.match(a.body.html, /<img src="https:\/\/gazette\.example\/images\/2026\/03\/breakwater\.jpg"/);
  assert.ok(!a.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_URL_DROPPED'));
});

test('xml:base on atom:content, on its XHTML div and on atom:summary: the body\'s links resolve against it, nested bases against the one above (RFC 4287 section 2)', () => {
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'atom', 'content-xml-base.atom'));
  const { articles } = ingestItem({ bytes, path: 'arts.atom', format: 'atom' });
  const hrefs = articles.map((a) => /<a href="([^"]*)"/.exec(a.body.html)?.[1]);
  assert.deepEqual(hrefs, [
    'https://valley.example/arts/gallery',
    'https://valley.example/arts/music/tour',
    'https://valley.example/town/library/hours',
    'https://valley.example/town/roads/detours',
  ]);
});

test('link rel="enclosure" of an image type is a picture, as an RSS enclosure is; its href resolved against xml:base, its type the rendition\'s (RFC 4287 4.2.7.2)', () => {
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'atom', 'enclosure-links.atom'));
  const { articles } = ingestItem({ bytes, path: 'harbourside.atom', format: 'atom' });
  assert.deepEqual(articles.map((a) => a.pictures.map((p) => p.renditions.map((r) => [r.href, r.mimeType]))), [
    [[['https://harbourside.example/media/2026/04/pier.jpg', 'image/jpeg']]],
    [[['https://cdn.harbourside.example/ferry-map.png', 'image/png']]],
  ]);
});

test('a person\'s name printed with its by-word is the name; a by-word that may be the name\'s particle stays', () => {
  const doc = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>tag:t</id><updated>2026-04-02T08:00:00Z</updated>
<entry><title>a</title><id>tag:t:1</id><updated>2026-04-02T08:00:00Z</updated><author><name>By Carys Pemberton</name></author><summary>x</summary></entry>
<entry><title>b</title><id>tag:t:2</id><updated>2026-04-02T08:00:00Z</updated><author><name>Di Stefano Bruno</name></author><summary>y</summary></entry></feed>`;
  const r = ingestItem({ bytes: Buffer.from(doc), path: 'feed.atom' });
  assert.deepEqual(r.articles.map((a) => a.bylines.map((b) => b.name)), [['Carys Pemberton'], ['Di Stefano Bruno']]);
});
