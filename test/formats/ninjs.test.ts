import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../src/formats/registry.js';
import { ninjs } from '../../src/formats/ninjs.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return ninjs.parse({ text, bytes, sniff: sniff(bytes), path: null, baseUrl: null });
};
const detected = (text: string): string | undefined => registry.detect(sniff(Buffer.from(text, 'utf8')))?.format.name;

test('the three naming schemes read into the same story', () => {
  const v1 = {
    guid: 'urn:example:1', version: '2', versioncreated: '2024-01-02T03:04:05+0000', firstcreated: '2024-01-02T01:00:00Z',
    pubstatus: 'usable', embargoed: '2024-01-03T00:00:00Z', language: 'en', headline: 'Ferry service resumes',
    byline: 'Ana Ruiz', description_text: 'Boats sail again.', body_html: '<p>Boats sail again after the storm.</p>',
    copyrightholder: 'Example Agency', located: 'Vigo, Spain',
  };
  const v2 = {
    uri: 'urn:example:1', version: '2', versioncreated: '2024-01-02T03:04:05+0000', firstcreated: '2024-01-02T01:00:00Z',
    pubstatus: 'usable', embargoed: '2024-01-03T00:00:00Z', language: 'en', headlines: [{ role: 'main', value: 'Ferry service resumes' }],
    by: 'Ana Ruiz', descriptions: [{ role: 'summary', value: 'Boats sail again.' }],
    bodies: [{ role: 'html', contenttype: 'text/html', value: '<p>Boats sail again after the storm.</p>' }],
    copyrightholder: 'Example Agency', located: 'Vigo, Spain',
  };
  const v3 = {
    uri: 'urn:example:1', standard: { name: 'ninjs', version: '3.0' }, version: '2', versionCreated: '2024-01-02T03:04:05+0000',
    firstCreated: '2024-01-02T01:00:00Z', pubStatus: 'usable', embargoedUntil: '2024-01-03T00:00:00Z', language: 'en',
    headlines: [{ role: 'main', value: 'Ferry service resumes' }], by: 'Ana Ruiz', descriptions: [{ role: 'summary', value: 'Boats sail again.' }],
    bodies: [{ role: 'html', contentType: 'text/html', value: '<p>Boats sail again after the storm.</p>' }],
    copyrightHolder: 'Example Agency', located: 'Vigo, Spain',
  };
  const stories = [v1, v2, v3].map((v) => {
    const { stories, failures } = parse(JSON.stringify(v));
    assert.equal(failures.length, 0);
    const s = stories[0]!;
    return {
      guid: s.guid, version: s.version, versionCreated: s.versionCreated, firstCreated: s.firstCreated, pubStatus: s.pubStatus,
      embargoedUntil: s.embargoedUntil, language: s.language, headline: s.headline, bylines: s.bylines?.map((b) => b.raw),
      summary: s.summary, bodyHtml: s.bodyHtml, copyrightHolder: s.copyrightHolder, datelineCity: s.datelineCity,
    };
  });
  assert.deepEqual(stories[1], stories[0]);
  assert.deepEqual(stories[2], stories[0]);
  assert.equal(stories[0]!.datelineCity, 'Vigo');
});

test('associations as objects or arrays give pictures with caption and credit', () => {
  const pic = { type: 'picture', uri: 'urn:pic:1', byline: 'Lena Holm/TT', description_text: 'Ice on the lake.', renditions: { main: { href: 'https://img.example/1.jpg', mimetype: 'image/jpeg', width: 800, height: 600 } } };
  for (const associations of [{ featuremedia: pic }, [pic]]) {
    const s = parse(JSON.stringify({ uri: 'urn:x', headline: 'Winter', versioncreated: '2024-01-01T00:00:00Z', associations })).stories[0]!;
    assert.equal(s.pictures?.length, 1);
    assert.equal(s.pictures?.[0]?.caption, 'Ice on the lake.');
    assert.equal(s.pictures?.[0]?.creditRaw, 'Lena Holm/TT');
    assert.deepEqual(s.pictures?.[0]?.renditions, [{ href: 'https://img.example/1.jpg', width: 800, height: 600, mimeType: 'image/jpeg', name: 'main' }]);
  }
});

test('a canceled item is a kill; a picture item is its own picture with the photographer', () => {
  const kill = parse(JSON.stringify({ uri: 'urn:k', headline: 'KILL', versioncreated: '2024-01-01T00:00:00Z', pubstatus: 'canceled' })).stories[0]!;
  assert.equal(kill.pubStatus, 'canceled');
  assert.deepEqual(kill.signals, ['kill']);
  const picture = parse(JSON.stringify({
    guid: 'p1', type: 'picture', headline: 'Museum', versioncreated: '2024-01-01T00:00:00Z', byline: 'B1234/_Jo Kent', description_text: 'A hall.',
  })).stories[0]!;
  assert.equal(picture.type, 'picture');
  assert.deepEqual(picture.bylines?.map((b) => [b.raw, b.role]), [['Jo Kent', 'photographer']]);
  assert.equal(picture.pictures?.[0]?.caption, 'A hall.');
  assert.equal(picture.pictures?.[0]?.photographer, 'Jo Kent');
});

test('detect: ninjs fixtures are ninjs; AP and dpa documents and other JSON are not', () => {
  for (const name of ['superdesk-1x-text-picture.json', 'ninjs2-kill-wrapper.json', 'ninjs3-utf16le.json']) {
    assert.equal(registry.detect(sniff(readFileSync(join(FIXTURES_DIR, 'ninjs', name))))?.format.name, 'ninjs', name);
  }
  const notNinjs = [
    { version: 'https://jsonfeed.org/version/1.1', title: 'Feed', items: [{ id: '1', content_text: 'x' }] },
    { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'x' },
    { uri: 'x', altids: { itemid: 'a', etag: 'a_1' }, versioncreated: '2024-01-01T00:00:00Z', headline: 'AP item' },
    { format: 'digitalwires@0.9.1', urn: 'urn:x', version_created: '2024-01-01T00:00:00+01:00', headline: 'dpa' },
  ];
  for (const doc of notNinjs) assert.notEqual(ninjs.detect(sniff(Buffer.from(JSON.stringify(doc)))), 1);
  for (const doc of notNinjs) assert.notEqual(detected(JSON.stringify(doc)), 'ninjs', JSON.stringify(doc));
});

test('a truncated ninjs document is a coded error naming the format and the position', () => {
  const full = readFileSync(join(FIXTURES_DIR, 'ninjs', 'superdesk-1x-text-picture.json'), 'utf8');
  const cut = full.slice(0, 900);
  const r = ingestItem({ bytes: Buffer.from(cut), path: 'cut.json' });
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]!.error;
  assert.equal(e.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(e.details.format, 'ninjs');
  assert.equal(e.details.position?.offset, cut.length);
  assert.ok((e.details.position?.line ?? 0) > 10);
  assert.match(e.describe(), /format ninjs.*line \d+:\d+/);
});

test('one broken item of a wrapper fails alone and keeps its bytes; the others come through', () => {
  const good = (n: number): string => JSON.stringify({ uri: `urn:item:${n}`, headline: `Story ${n}`, versioncreated: '2024-01-01T00:00:00Z' });
  const broken = '{"uri": "urn:item:2" "headline": "Story 2"}';
  const text = `{"total": 3, "item": [${good(1)}, ${broken}, ${good(3)}]}`;
  const r = ingestItem({ bytes: Buffer.from(text), path: 'wrapper.json' });
  assert.equal(r.format, 'ninjs');
  assert.deepEqual(r.articles.map((a) => a.guid), ['urn:item:1', 'urn:item:3']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.raw.toString('utf8'), broken);
  assert.equal(f.error.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(f.error.details.position?.item, 1);
  assert.equal(f.error.details.position?.offset, text.indexOf('"headline": "Story 2"'));
});

test('an item that parses but is not a story is an item failure, not a document failure', () => {
  const text = JSON.stringify({ total: 2, item: [42, { uri: 'urn:ok', headline: 'Fine', versioncreated: '2024-01-01T00:00:00Z' }] });
  const r = ingestItem({ bytes: Buffer.from(text), path: 'w.json' });
  assert.deepEqual(r.articles.map((a) => a.guid), ['urn:ok']);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(r.failures[0]?.raw.toString(), '42');
});

test('an item whose only id is a number and whose text fields have the wrong types is an item failure', () => {
  // ninjs schemas type uri and guid as strings, headlines and bodies as arrays.
  const items = [
    { uri: 'urn:example:wt:1', headlines: [{ role: 'main', value: 'Tram line opens' }], bodies: [{ contenttype: 'text/plain', value: 'Trams run.' }] },
    { uri: 42, headlines: 'not an array', bodies: { value: 7 }, by: ['x'] },
    { uri: 'urn:example:wt:3', headlines: [{ role: 'main', value: 'Tram fares fall' }], bodies: [{ contenttype: 'text/plain', value: 'Cheaper.' }] },
  ];
  const r = ingestItem({ bytes: Buffer.from(JSON.stringify(items)), path: 'wt.json' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['Tram line opens', 'Tram fares fall']);
  assert.deepEqual(r.failures.map((f) => [f.error.code, f.itemIndex]), [['WIREDESK_ERR_PARSE_INVALID', 1]]);
  assert.ok(r.failures[0]!.raw.toString().includes('"uri":42'));
});

test('ninjs 1.x description_html is the summary and a picture\'s caption, as text; description_text wins', () => {
  const item = {
    uri: 'urn:example:dh', type: 'text', headline: 'Bridge reopens', body_html: '<p>The bridge reopened.</p>',
    description_html: '<p>The bridge reopened <b>on Wednesday</b>.</p><script>alert(1)</script>',
    associations: { featureimage: { type: 'picture', uri: 'urn:example:pic', byline: 'Karla Schmidt', description_html: '<p>Cars cross the bridge.</p>', renditions: { original: { href: 'https://img.example.com/9.jpg', mimetype: 'image/jpeg' } } } },
  };
  const [story] = parse(JSON.stringify(item)).stories;
  assert.equal(story?.summary?.replace(/\s+/g, ' ').trim(), 'The bridge reopened on Wednesday.');
  assert.equal(story?.pictures?.[0]?.caption?.trim(), 'Cars cross the bridge.');
  const [both] = parse(JSON.stringify({ ...item, description_text: 'Plain teaser.' })).stories;
  assert.equal(both?.summary, 'Plain teaser.');
  const [picture] = parse(JSON.stringify({ uri: 'urn:example:p2', type: 'picture', description_html: '<p>A tram in Leeds.</p>', renditions: item.associations.featureimage.renditions })).stories;
  assert.equal(picture?.pictures?.[0]?.caption?.trim(), 'A tram in Leeds.');
});
