import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLanguage } from '../../src/text/language.js';

test('BCP 47 tags in conventional case', () => {
  assert.equal(normalizeLanguage('EN'), 'en');
  assert.equal(normalizeLanguage('en_us'), 'en-US');
  assert.equal(normalizeLanguage('zh-hant-tw'), 'zh-Hant-TW');
  assert.equal(normalizeLanguage(' de-DE '), 'de-DE');
  assert.equal(normalizeLanguage('es-419'), 'es-419');
  assert.equal(normalizeLanguage('sr-Latn-RS'), 'sr-Latn-RS');
});

test('things that are not tags are null', () => {
  for (const s of ['', '  ', 'english', 'e', 'en-', 'en-toolongsubtag', '12', 'en us']) {
    assert.equal(normalizeLanguage(s), s === 'en-' ? 'en' : null, s);
  }
  assert.equal(normalizeLanguage(null), null);
  assert.equal(normalizeLanguage(undefined), null);
});

test('an ISO 639-2 code of a language that has a two-letter code is given as that code (RFC 5646 2.2.1)', () => {
  // IPTC IIM 2:135 Language Identifier allows ISO 639 three-letter codes: "ger", "eng", "fra".
  assert.equal(normalizeLanguage('ger'), 'de');
  assert.equal(normalizeLanguage('deu'), 'de');
  assert.equal(normalizeLanguage('ENG'), 'en');
  assert.equal(normalizeLanguage('fre-CA'), 'fr-CA');
  // Three-letter codes without a two-letter one stay.
  assert.equal(normalizeLanguage('fil'), 'fil');
  assert.equal(normalizeLanguage('haw'), 'haw');
  assert.equal(normalizeLanguage('iw'), 'iw', 'two-letter codes are left as declared');
});
