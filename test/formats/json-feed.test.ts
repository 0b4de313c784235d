import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const doc = (items: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Example', home_page_url: 'https://jf.example/', ...extra, items });
const ingest = (text: string, path = 'feed.json') => ingestItem({ bytes: Buffer.from(text), path });

test('detect: JSON Feed 1.0 and 1.1 by their version URL, also when truncated', () => {
  assert.equal(registry.detect(sniff(Buffer.from(doc([]))))?.format.name, 'json-feed');
  const v1 = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'x', items: [] });
  assert.equal(registry.detect(sniff(Buffer.from(v1)))?.format.name, 'json-feed');
  assert.equal(registry.detect(sniff(Buffer.from(doc([{ id: '1' }]).slice(0, 60))))?.format.name, 'json-feed');
});

test('items: id, relative url, html or text body, dates, tags, image and image attachments', () => {
  const [a, b] = ingest(doc([
    { id: 'a1', url: '/a1', title: 'A', content_html: '<p>Body A</p>', date_published: '2026-01-01T10:00:00+01:00', date_modified: '2026-01-01T11:00:00+01:00', tags: ['x', 'x', 'y'], image: 'https://img.jf.example/a.jpg' },
    { id: 7, title: 'B', content_text: 'Body B', attachments: [{ url: 'https://img.jf.example/b.png', mime_type: 'image/png', title: 'B image' }, { url: 'https://jf.example/b.mp3', mime_type: 'audio/mpeg' }] },
  ])).articles;
  assert.deepEqual([a?.guid, a?.url, a?.body.text, a?.firstCreated, a?.versionCreated, a?.keywords], ['a1', 'https://jf.example/a1', 'Body A', '2026-01-01T10:00:00+01:00', '2026-01-01T11:00:00+01:00', ['x', 'y']]);
  assert.deepEqual(a?.pictures.map((p) => p.renditions[0]?.href), ['https://img.jf.example/a.jpg']);
  assert.deepEqual([b?.guid, b?.body.text, b?.pictures.map((p) => [p.altText, p.renditions[0]?.mimeType])], ['7', 'Body B', [['B image', 'image/png']]]);
});

test('authors: 1.1 authors[], 1.0 author, the feed\'s authors for items naming none', () => {
  const [a, b] = ingest(doc([
    { id: '1', title: 't', content_text: 'x', authors: [{ name: 'Mia Holt' }] },
    { id: '2', title: 'u', content_text: 'y', author: { name: 'Reuters' } },
  ], { authors: [{ name: 'Feed Person' }] })).articles;
  assert.deepEqual(a?.bylines.map((x) => x.name), ['Mia Holt']);
  assert.equal(b?.source, 'Reuters');
  assert.deepEqual(b?.bylines, []);
  const [c] = ingest(doc([{ id: '3', title: 'v', content_text: 'z' }], { authors: [{ name: 'Feed Person' }] })).articles;
  assert.deepEqual(c?.bylines.map((x) => x.name), ['Feed Person']);
});

test('an item that states its authors, even without a name (url or avatar only), does not take the feed\'s', () => {
  const [a, b] = ingest(doc([
    { id: '1', title: 't', content_text: 'x', authors: [{ url: 'https://jf.example/staff', avatar: 'https://jf.example/a.png' }] },
    { id: '2', title: 'u', content_text: 'y', authors: [] },
  ], { authors: [{ name: 'Feed Person' }] })).articles;
  assert.deepEqual(a?.bylines, []);
  assert.deepEqual(b?.bylines.map((x) => x.name), ['Feed Person'], 'an empty list states no author');
});

test('a truncated JSON Feed is a coded error naming the format and the position', () => {
  const cut = doc([{ id: '1', title: 'One', content_text: 'x' }]).slice(0, 90);
  const r = ingest(cut, 'cut.json');
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]!.error;
  assert.equal(e.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(e.details.format, 'json-feed');
  assert.equal(e.details.position?.line, 1);
});

test('one broken item fails alone, keeping its bytes; a non-object item is an item failure', () => {
  const good = (n: number): string => JSON.stringify({ id: `i${n}`, title: `T${n}`, content_text: 'x' });
  const broken = '{"id": "i2" "title": "T2"}';
  const text = `{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [${good(1)}, ${broken}, ${good(3)}]}`;
  const r = ingest(text);
  assert.equal(r.format, 'json-feed');
  assert.deepEqual(r.articles.map((a) => a.guid), ['i1', 'i3']);
  assert.equal(r.failures[0]?.itemIndex, 1);
  assert.equal(r.failures[0]?.raw.toString(), broken);
  const odd = ingest(doc(['not an item', { id: 'ok', title: 'Fine', content_text: 'x' }]));
  assert.deepEqual(odd.articles.map((a) => a.guid), ['ok']);
  assert.equal(odd.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_INVALID');
});

test('detect: a bare "1.0"/"1.1" version (as the spec\'s prose names it) with JSON Feed members', () => {
  for (const version of ['1.0', '1.1', '1']) {
    const bare = JSON.stringify({ version, title: 'Orchard Notes', home_page_url: 'https://orchard.example/', items: [{ id: 'o-1', title: 'Pears ripen early', content_text: 'The pears came in a week early.', date_published: '2026-03-02T08:00:00Z' }] });
    const r = ingest(bare);
    assert.equal(r.format, 'json-feed', version);
    assert.deepEqual(r.articles.map((a) => [a.guid, a.headline]), [['o-1', 'Pears ripen early']]);
  }
  // A version string alone, without any JSON Feed member, is not enough.
  assert.notEqual(registry.detect(sniff(Buffer.from(JSON.stringify({ version: '1.0', items: [{ name: 'x' }] }))))?.format.name, 'json-feed');
});

test('content_html: a captioned <figure> is a picture, its image resolved against home_page_url, not a paragraph', () => {
  const doc = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'Gazette', home_page_url: 'https://gazette.example/',
    items: [{ id: 'h1', url: 'https://gazette.example/h1', title: 'Harbour reopens', content_html: '<p>The harbour reopened on Thursday after three weeks of repairs to its breakwater.</p><figure><img src="/img/boats.jpg"><figcaption>Boats return on Thursday. Photo: Tamsin Orr</figcaption></figure>' }],
  });
  const { articles } = ingestItem({ bytes: Buffer.from(doc), path: 'feed.json', format: 'json-feed' });
  assert.doesNotMatch(articles[0]!.body.text, /Boats return/);
  assert.deepEqual(articles[0]!.pictures.map((p) => [p.caption, p.credit.photographer, p.renditions[0]?.href]), [['Boats return on Thursday.', 'Tamsin Orr', 'https://gazette.example/img/boats.jpg']]);
});
