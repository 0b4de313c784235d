import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { toNinjs } from '../../src/export/ninjs.js';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { allFixtureInputs, ingestFixture } from '../helpers/fixtures.js';
import { loadNinjsValidator, ninjsErrors } from './ninjs-validator.js';
import { sampleArticle } from './sample-article.js';

// Every ninjs export validates against IPTC's published ninjs 2.x JSON Schema (issue 2), when
// WIREDESK_NINJS_SCHEMA (or ../shared/standards/) provides it; otherwise these tests skip and say why.

const loaded = loadNinjsValidator();
const skip = 'skip' in loaded ? loaded.skip : false;

test('a fully populated article exports as valid ninjs 2.x', { skip }, () => {
  if ('skip' in loaded) return;
  assert.deepEqual(ninjsErrors(loaded.validate, toNinjs(sampleArticle())), []);
});

test('edge cases export as valid ninjs 2.x: no guid, odd ids, date-only dates, relative links, every type', { skip }, () => {
  if ('skip' in loaded) return;
  const variants = [
    sampleArticle({ guid: null, uri: null, id: 'anpa:sha256-00ff' }),
    sampleArticle({ guid: 'AP 1 2 3 {weird} "id"', uri: 'not a uri', id: 'ap:AP 1 2 3 {weird} "id"' }),
    sampleArticle({ firstCreated: '2026-03-14', versionCreated: null, embargoedUntil: null, url: null }),
    sampleArticle({ url: 'relative/page.html' }),
    sampleArticle({ uri: 'urn:x:y#frag' }),
    ...(['text', 'picture', 'graphic', 'video', 'audio', 'composite'] as const).map((type) => sampleArticle({ type })),
  ];
  for (const v of variants) assert.deepEqual(ninjsErrors(loaded.validate, toNinjs(v)), [], JSON.stringify(toNinjs(v)).slice(0, 300));
});

test('the schema check is real: an invalid document is rejected', { skip }, () => {
  if ('skip' in loaded) return;
  assert.notDeepEqual(ninjsErrors(loaded.validate, { uri: 'x y', headline: 'not a ninjs property' }), []);
});

const fixtures = allFixtureInputs();
test('fixtures exist to export', { skip: skip || (fixtures.length === 0 ? 'no fixtures under fixtures/ yet' : false) }, () => {
  assert.ok(fixtures.length > 0);
});
for (const input of fixtures) {
  test(`ninjs export of ${relative(PACKAGE_ROOT, input)} validates`, { skip }, () => {
    if ('skip' in loaded) return;
    const result = ingestFixture(input);
    assert.ok(result.articles.length > 0, 'the fixture yields articles');
    for (const a of result.articles) {
      assert.deepEqual(ninjsErrors(loaded.validate, toNinjs(a)), [], `item ${a.provenance.itemIndex ?? 0}`);
    }
  });
}
