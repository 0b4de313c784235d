import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { ritzau } from '../../src/formats/ritzau.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const news = (id: string, extra = '', content = `&lt;p&gt;Tekst ${id}.&lt;/p&gt;`): string =>
  `<RBNews xmlns="" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><NewsID>${id}</NewsID><PublishDate>2025-01-02T10:00:00.000</PublishDate>` +
  `<headline>Rubrik ${id}</headline><subtitle i:nil="true"/><town>Aarhus</town><origin>/ritzau/</origin><version>1</version>` +
  `<content>${content}</content><byLine>Ida Berg</byLine>${extra}</RBNews>`;

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return ritzau.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: an <RBNews> root is Ritzau', () => {
  assert.equal(registry.detect(sniff(Buffer.from(`<?xml version="1.0"?>\n${news('a')}`)))?.format.name, 'ritzau');
  assert.equal(ritzau.detect(sniff(Buffer.from('<nitf><head/></nitf>'))), 0);
});

test('fields: NewsID, version, escaped HTML content, town, byline, origin as source; nil elements are absent', () => {
  const story = parse(news('n1', '<strapline>NU/FLASH</strapline>')).stories[0]!;
  assert.equal(story.guid, 'n1');
  assert.equal(story.version, '1');
  assert.equal(story.headline, 'Rubrik n1');
  assert.equal(story.subheadline, null);
  assert.equal(story.slugline, 'NU/FLASH');
  assert.equal(story.bodyHtml, '<p>Tekst n1.</p>');
  assert.equal(story.datelineCity, 'Aarhus');
  assert.equal(story.source, 'Ritzau');
  assert.deepEqual(story.bylines?.map((b) => [b.name, b.role]), [['Ida Berg', 'author']]);
  const nil = parse(news('n2').replace('<headline>Rubrik n2</headline>', '<headline i:nil="true"/>')).stories[0]!;
  assert.equal(nil.headline, null);
});

test('status flags: Annuleret is canceled + kill, Korrektion a correction, NyVersion an update', () => {
  const s = parse(news('f', '<Annuleret>true</Annuleret><NyVersion>true</NyVersion><Korrektion>true</Korrektion>')).stories[0]!;
  assert.equal(s.pubStatus, 'canceled');
  assert.deepEqual(s.signals, ['kill', 'correction', 'update']);
  const usable = parse(news('g', '<Annuleret>false</Annuleret><Korrektion>false</Korrektion>')).stories[0]!;
  assert.equal(usable.pubStatus, 'usable');
  assert.deepEqual(usable.signals, []);
});

test('a truncated document is a coded error naming the format and the position', () => {
  const text = news('t').slice(0, -30);
  const result = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(result.articles.length, 0);
  const error = result.failures[0]?.error;
  assert.equal(error?.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(error?.details.format, 'ritzau');
  assert.equal(error?.details.position?.line, 1);
  assert.ok((error?.details.position?.column ?? 0) > 1);
});

test('several RBNews in a wrapper, one broken: the others come through and the failure keeps its raw bytes', () => {
  const bad = news('b').replace('</headline>', '</hedline>');
  const text = `<?xml version="1.0"?>\n<Items>\n${news('a')}\n${bad}\n${news('c')}\n</Items>\n`;
  const result = ingestItem({ bytes: Buffer.from(text), path: 'batch.xml' });
  assert.deepEqual(result.articles.map((a) => a.guid), ['a', 'c']);
  assert.equal(result.failures.length, 1);
  assert.equal(result.failures[0]?.itemIndex, 1);
  assert.equal(result.failures[0]?.raw.toString('utf8'), bad);
  assert.equal(result.failures[0]?.error.details.format, 'ritzau');
});
