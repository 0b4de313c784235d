import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BitTally, fnv1a, majority, simhash, wordHashes, words } from '../../src/store/simhash.js';

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

test('BitTally: the SWAR bit counts give the majority a bit-by-bit count gives', () => {
  const naive = (pairs: Array<[number, number]>): string => {
    const v = new Array<number>(64).fill(0);
    for (const [hi, lo] of pairs) {
      for (let b = 0; b < 32; b++) {
        v[b]! += ((hi >>> b) & 1) * 2 - 1;
        v[32 + b]! += ((lo >>> b) & 1) * 2 - 1;
      }
    }
    let hi = 0;
    let lo = 0;
    for (let b = 0; b < 32; b++) {
      if (v[b]! > 0) hi |= 1 << b;
      if (v[32 + b]! > 0) lo |= 1 << b;
    }
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  };
  const word = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, 0x80000000, 0x11111111, 0xeeeeeeee));
  fc.assert(fc.property(fc.array(fc.tuple(word, word), { maxLength: 200 }), (pairs) => {
    const t = new BitTally();
    for (const [hi, lo] of pairs) t.add(hi, lo);
    assert.equal(majority(t), naive(pairs));
    assert.equal(t.count, pairs.length);
  }), { numRuns: 3000 });
});

test('simhash: hashes stay what they were (stored band keys keep matching after an upgrade)', () => {
  assert.equal(simhash('The harbour reopened on Monday after a week of storms, officials said, and ships queued to enter the port.'), 'ef6beb2469374870');
  assert.equal(simhash('Short text here'), null);
  assert.equal(simhash('Zürich’s Café opened its doors to the public for the first time since the fire, the owners said on Tuesday.'), 'a005af7422080b14');
  assert.equal(simhash(Array.from({ length: 400 }, (_, i) => 'word' + ((i * 7919) % 311)).join(' ')), 'bc71a2880c5bd6c8');
});
