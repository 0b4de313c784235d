import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../src/formats/registry.js';
import { apMediaApi } from '../../src/formats/ap-media-api.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES_DIR, 'ap-media-api', name));
const parseBytes = (bytes: Buffer) => {
  const s = sniff(bytes);
  return apMediaApi.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};
const item = (fields: Record<string, unknown>): Record<string, unknown> => ({
  uri: 'https://api.example-ap.test/x', altids: { itemid: 'abc', etag: 'abc_1' }, version: 1, type: 'text',
  versioncreated: '2024-01-01T00:00:00Z', pubstatus: 'usable', headline: 'H', provider: 'AP', ...fields,
});

test('detect: envelopes and bare items are AP Media API, not ninjs', () => {
  for (const name of ['picture-item.json', 'feed-page-writethru-kill.json', 'text-item-utf8-bom.json']) {
    assert.equal(registry.detect(sniff(fixture(name)))?.format.name, 'ap-media-api', name);
  }
});

test('a feed page gives one story per item and records next_page', () => {
  const r = parseBytes(fixture('feed-page-writethru-kill.json'));
  assert.equal(r.stories.length, 2);
  assert.equal(r.nextPage, 'https://api.example-ap.test/media/v/content/feed?qt=Hk3vQp8Zs1&seq=88120447');
  assert.deepEqual(r.stories.map((s) => s.guid), ['0d4e2f6a8b1c4d3e9f7a6b5c4d3e2f1a', '9a8b7c6d5e4f4a3b8c2d1e0f9a8b7c6d']);
});

test('editorialtypes map to signals and status', () => {
  const status = (fields: Record<string, unknown>) => {
    const s = parseBytes(Buffer.from(JSON.stringify(item(fields)))).stories[0]!;
    return [s.pubStatus, s.signals];
  };
  assert.deepEqual(status({ editorialtypes: ['Kill'] }), ['canceled', ['kill']]);
  assert.deepEqual(status({ editorialtypes: ['Correction'] }), ['usable', ['correction']]);
  assert.deepEqual(status({ editorialtypes: ['Writethru'] }), ['usable', ['writethru']]);
  assert.deepEqual(status({ editorialtypes: ['HoldForRelease'], embargoed: '2024-01-02T05:00:00Z' }), ['withheld', ['hold-for-release']]);
  assert.deepEqual(status({ pubstatus: 'canceled' }), ['canceled', ['kill']]);
  // AP's default marker says nothing about the version.
  assert.deepEqual(status({ signals: ['newscontent'] }), ['usable', []]);
});

test('a picture item carries photographer, caption, creditline, dateline location and renditions', () => {
  const s = parseBytes(fixture('picture-item.json')).stories[0]!;
  assert.equal(s.type, 'picture');
  assert.equal(s.datelineCity, 'Albany');
  assert.deepEqual(s.bylines?.map((b) => [b.name, b.role]), [['Dana Okafor', 'photographer']]);
  const p = s.pictures?.[0];
  assert.equal(p?.creditRaw, 'AP Photo/Dana Okafor');
  assert.match(p?.caption ?? '', /^Runners cross/);
  assert.deepEqual(p?.renditions?.map((r) => r.name), ['main', 'preview']);
});

test('a truncated feed page: whole items before the cut come through, the cut one is a coded failure', () => {
  const full = fixture('feed-page-writethru-kill.json').toString('utf8');
  const cut = full.slice(0, full.indexOf('"KILL: Stadium roof story"'));
  const r = ingestItem({ bytes: Buffer.from(cut), path: 'page.json' });
  assert.equal(r.format, 'ap-media-api');
  assert.deepEqual(r.articles.map((a) => a.guid), ['0d4e2f6a8b1c4d3e9f7a6b5c4d3e2f1a']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(f.error.details.format, 'ap-media-api');
  assert.equal(f.error.details.position?.offset, cut.length);
  assert.ok(f.raw.toString('utf8').startsWith('{\n        "meta"'));
  // The cursor is still read from the broken page.
  const parsed = parseBytes(Buffer.from(cut));
  assert.equal(parsed.nextPage, 'https://api.example-ap.test/media/v/content/feed?qt=Hk3vQp8Zs1&seq=88120447');
});

test('a feed element without an item is an item failure with its own bytes', () => {
  const text = JSON.stringify({ api_version: '2', data: { items: [{ meta: {}, item: item({}) }, { meta: {}, note: 'gone' }] } });
  const r = ingestItem({ bytes: Buffer.from(text), path: 'p.json' });
  assert.equal(r.articles.length, 1);
  assert.equal(r.failures[0]?.error.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(r.failures[0]?.raw.toString(), '{"meta":{},"note":"gone"}');
});
