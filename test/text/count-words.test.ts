import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countWords } from '../../src/text/clean.js';

test('countWords: the one-pass ASCII count equals the pattern count on any ASCII text', () => {
  const pattern = (t: string): number => t.match(/[A-Za-z0-9][A-Za-z0-9'.-]*/g)?.length ?? 0;
  const chars = fc.constantFrom(...'ab Z9 .-\'\n\t,;"!?()x0'.split(''));
  fc.assert(fc.property(fc.array(chars, { maxLength: 200 }).map((a) => a.join('')), (t) => countWords(t) === pattern(t)), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), (t) => countWords(t) === pattern(t)), { numRuns: 2000 });
});

test('countWords: Unicode letters and the typographic apostrophe count as words', () => {
  assert.equal(countWords('Zürich’s café — 3.5 per-cent rise'), 5);
  assert.equal(countWords("It's a well-known U.S. fact -- 42."), 6);
  assert.equal(countWords(''), 0);
});
