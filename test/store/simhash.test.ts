import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fnv1a, wordHashes, words } from '../../src/store/simhash.js';

test('wordHashes: the one-pass ASCII hashing equals hashing the words one by one', () => {
  const reference = (t: string): number[] => words(t).map(fnv1a);
  const chars = fc.constantFrom(...'aZ09 .,-\'\n\tQx_!"'.split(''));
  fc.assert(fc.property(fc.array(chars, { maxLength: 300 }).map((a) => a.join('')), (t) => {
    assert.deepEqual([...wordHashes(t)], reference(t));
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 300 }), (t) => {
    assert.deepEqual([...wordHashes(t)], reference(t));
  }), { numRuns: 2000 });
  // Other scripts take the Unicode path, with the same result by construction.
  assert.deepEqual([...wordHashes('Zürich’s Café opened')], reference('Zürich’s Café opened'));
});
