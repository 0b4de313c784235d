import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../src/formats/registry.js';
import { dpaDigitalwires } from '../../src/formats/dpa-digitalwires.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES_DIR, 'dpa-digitalwires', name));
const parseBytes = (bytes: Buffer) => {
  const s = sniff(bytes);
  return dpaDigitalwires.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: entries and feed answers are dpa digitalwires', () => {
  for (const name of ['text-with-pictures.json', 'feed-correction-kill-utf8-bom.json', 'picture-entry-embargoed.json']) {
    assert.equal(registry.detect(sniff(fixture(name)))?.format.name, 'dpa-digitalwires', name);
  }
});

test('a text entry: urn, version, byline and dateline raw, pictures with caption and creditline', () => {
  const s = parseBytes(fixture('text-with-pictures.json')).stories[0]!;
  assert.equal(s.guid, 'urn:newsml:dpa.com:20090101:250304-930-118842');
  assert.equal(s.version, '1');
  assert.equal(s.source, 'dpa');
  assert.equal(s.dateline, 'Hamburg (dpa) - ');
  assert.equal(s.datelineCity, 'Hamburg');
  assert.deepEqual(s.bylines?.map((b) => b.raw), ['Von Jörg Brändle und Merle Asmussen, dpa']);
  assert.deepEqual(s.pictures?.map((p) => [p.caption, p.creditRaw]), [
    ['Ein Schlafwagen steht am Bahnhof Hamburg-Altona.', 'Marcus Brandt/dpa'],
    ['Reisende am Hauptbahnhof in Kopenhagen. ', 'Ida Marie Odgaard/Ritzau Scanpix/AP/dpa'],
  ]);
});

test('signals and status: sig:correction, canceled -> kill; a picture entry is one picture', () => {
  const [correction, kill] = parseBytes(fixture('feed-correction-kill-utf8-bom.json')).stories;
  assert.deepEqual(correction?.signals, ['correction']);
  assert.equal(kill?.pubStatus, 'canceled');
  assert.deepEqual(kill?.signals, ['kill']);
  const picture = parseBytes(fixture('picture-entry-embargoed.json')).stories[0]!;
  assert.equal(picture.type, 'picture');
  assert.equal(picture.embargoedUntil, '2025-04-22T10:00:00+02:00');
  assert.equal(picture.pictures?.length, 1, 'the association repeating the entry itself is not a second picture');
  assert.deepEqual(picture.bylines?.map((b) => [b.raw, b.role]), [['Patrick Pleul', 'photographer']]);
});

test('a truncated entry is a coded error naming the format and the position', () => {
  const full = fixture('text-with-pictures.json').toString('utf8');
  const cut = full.slice(0, 1500);
  const r = ingestItem({ bytes: Buffer.from(cut), path: 'cut.json' });
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]!.error;
  assert.equal(e.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(e.details.format, 'dpa-digitalwires');
  assert.equal(e.details.position?.offset, cut.length);
});

test('one broken entry of a feed answer fails alone with its bytes', () => {
  const full = fixture('feed-correction-kill-utf8-bom.json').toString('utf8').replace(/^\uFEFF/, '');
  // Break the first entry only: drop the comma after its version.
  const text = full.replace('"version": 3,', '"version": 3');
  const r = ingestItem({ bytes: Buffer.from(text), path: 'feed.json' });
  assert.equal(r.format, 'dpa-digitalwires');
  assert.deepEqual(r.articles.map((a) => a.guid), ['urn:newsml:dpa.com:20090101:250211-99-401870']);
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0]!.itemIndex, 0);
  assert.equal(r.failures[0]!.error.details.position?.item, 0);
  assert.match(r.failures[0]!.raw.toString('utf8'), /^\{\n\s+"format": "digitalwires@0\.9\.1"[\s\S]*250211-99-402215[\s\S]*\}$/);
});
