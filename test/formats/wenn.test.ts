import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { wenn } from '../../src/formats/wenn.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const NS = 'xmlns="http://www.w3.org/2005/Atom" xmlns:wenn_cm="http://feed.wenn.com/xmlns/2010/03/wenn_cm" xmlns:wenn_nm="http://feed.wenn.com/xmlns/2010/03/wenn_nm"';

const entry = (n: number, status = 'Published'): string =>
  `<entry><id>urn:wenn:${n}</id><updated>2025-04-01T10:00:00+00:00</updated><title type="text"><![CDATA[Atom title ${n}]]></title>` +
  `<content type="text">Placeholder.</content><wenn_nm:NewsManagement type="feedarticle"><wenn_nm:published>2025-04-01T09:00:00+00:00</wenn_nm:published>` +
  `<wenn_nm:updated>2025-04-01T11:00:00+00:00</wenn_nm:updated><wenn_nm:publishing_status>${status}</wenn_nm:publishing_status></wenn_nm:NewsManagement>` +
  `<wenn_cm:ContentMetadata type="feedarticle" lang="en-GB"><wenn_cm:title><![CDATA[Story ${n}]]></wenn_cm:title>` +
  `<wenn_cm:first_line><![CDATA[First line ${n}.]]></wenn_cm:first_line><wenn_cm:body><![CDATA[  Second paragraph.\n\n  Third & last.]]></wenn_cm:body>` +
  `<wenn_cm:tags><wenn_cm:tag id="1" value="Some Star" type_id="1" type_value="General Celebrity" /></wenn_cm:tags></wenn_cm:ContentMetadata></entry>\n`;

const feed = (entries: string): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed ${NS} xml:lang="en">\n<title>WENN Feed</title>\n<wenn_nm:NewsManagement type="feed"><wenn_nm:feed_name>WENN</wenn_nm:feed_name></wenn_nm:NewsManagement>\n${entries}</feed>\n`;

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return wenn.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: an Atom feed with the WENN namespaces is WENN, above generic Atom; plain Atom is not', () => {
  const s = sniff(Buffer.from(feed(entry(1))));
  assert.equal(registry.detect(s)?.format.name, 'wenn');
  assert.equal(wenn.detect(sniff(Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>'))), 0);
});

test('fields: WENN title, first line + body as paragraphs, WENN times, feed name as source, tags as keywords', () => {
  const s = parse(feed(entry(1))).stories[0]!;
  assert.equal(s.guid, 'urn:wenn:1');
  assert.equal(s.headline, 'Story 1');
  assert.equal(s.bodyHtml, '<p>First line 1.</p>\n<p>Second paragraph.</p>\n<p>Third &amp; last.</p>');
  assert.equal(s.firstCreated, '2025-04-01T09:00:00+00:00');
  assert.equal(s.versionCreated, '2025-04-01T11:00:00+00:00');
  assert.equal(s.source, 'WENN');
  assert.equal(s.language, 'en');
  assert.deepEqual(s.keywords, ['Some Star']);
  assert.equal(s.pubStatus, 'usable');
  const deleted = parse(feed(entry(2, 'Deleted'))).stories[0]!;
  assert.equal(deleted.pubStatus, 'canceled');
  assert.deepEqual(deleted.signals, ['kill']);
});

test('a truncated feed is a coded error naming the format and the position', () => {
  const text = feed(entry(1)).slice(0, 400);
  const result = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(result.articles.length, 0);
  const error = result.failures[0]?.error;
  assert.equal(error?.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(error?.details.format, 'wenn');
  assert.ok((error?.details.position?.line ?? 0) >= 1);
});

test('one broken entry: the others come through and the failure keeps that entry\'s raw bytes', () => {
  const bad = entry(2).replace('</wenn_cm:title>', '</wenn_cm:titel>');
  const result = ingestItem({ bytes: Buffer.from(feed(entry(1) + bad + entry(3))), path: 'feed.xml' });
  assert.deepEqual(result.articles.map((a) => a.guid), ['urn:wenn:1', 'urn:wenn:3']);
  assert.equal(result.failures.length, 1);
  assert.equal(result.failures[0]?.itemIndex, 1);
  assert.equal(result.failures[0]?.raw.toString('utf8'), bad.trimEnd());
  assert.equal(result.failures[0]?.error.details.format, 'wenn');
});
