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
