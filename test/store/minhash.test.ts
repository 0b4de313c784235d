import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agreement, AGREEING_DIGITS, BANDS, fnv1a, isNearDuplicate, MINHASHES, minhashes, shingleHashes, signature, wordHashes, words } from '../../src/store/minhash.js';

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

/** A text of `n` words drawn from a vocabulary of `vocab` by a seeded generator (invented, reproducible). */
function randomText(seed: number, n: number, vocab = 3000): string {
  let x = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(`w${(x >>> 8) % vocab}`);
  }
  return out.join(' ');
}

test('minhashes: each minimum is the least of its hash over the shingles, the same for any order or repetition of them', () => {
  const text = randomText(7, 60);
  const mins = minhashes(text)!;
  assert.equal(mins.length, MINHASHES);
  // Shingles as a set: the same shingles in another order give the same minima.
  const reordered = text.split(' ').slice(30).concat(text.split(' ').slice(0, 30)).join(' ');
  const common = new Set(shingleHashes(text)).size - new Set([...shingleHashes(text)].filter((h) => !new Set(shingleHashes(reordered)).has(h))).size;
  assert.ok(common >= 55, 'the reorder keeps all but the shingles across the cut');
  assert.deepEqual(minhashes(`${text} ${text}`), minhashes(`${text} ${text} ${text}`), 'repeating the text adds no shingle but the joins');
  assert.equal(minhashes('one two three four five six seven eight nine'), null, 'under eight shingles');
  assert.ok(minhashes('one two three four five six seven eight nine ten'));
});

test('signature: identical texts agree everywhere, unrelated texts only by chance, and no unrelated pair shares a band', () => {
  const a = signature(randomText(1, 200))!;
  assert.equal(a.bands.length, BANDS);
  assert.match(a.digest, new RegExp(`^[0-9a-f]{${MINHASHES}}$`));
  assert.deepEqual(signature(randomText(1, 200)), a);
  const sigs = Array.from({ length: 200 }, (_, i) => signature(randomText(1000 + i, 150))!);
  let most = 0;
  let sharedBands = 0;
  let total = 0;
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      const g = agreement(sigs[i]!.digest, sigs[j]!.digest);
      total += g;
      most = Math.max(most, g);
      sharedBands += sigs[i]!.bands.filter((v, b) => sigs[j]!.bands[b] === v).length;
    }
  }
  const pairs = (sigs.length * (sigs.length - 1)) / 2;
  assert.ok(Math.abs(total / pairs - MINHASHES / 16) < 0.5, `digits agree one time in 16 by chance (mean ${total / pairs})`);
  assert.ok(most < AGREEING_DIGITS, `the closest unrelated pair agrees on ${most} digits`);
  assert.equal(sharedBands, 0);
});

test('signature: a story with its lede rewritten is a near-duplicate; one sharing a paragraph is not', () => {
  const rest = [randomText(11, 40), randomText(12, 35), randomText(13, 45), randomText(14, 30), randomText(15, 40)];
  const story = [randomText(10, 35), ...rest].join('\n\n');
  const rewrite = [randomText(20, 32), ...rest].join('\n\n');
  const sharing = [randomText(30, 60), rest[2]!, randomText(31, 80)].join('\n\n');
  const [s, r, o] = [signature(story)!, signature(rewrite)!, signature(sharing)!];
  assert.ok(isNearDuplicate(s.digest, r.digest), `the rewrite agrees on ${agreement(s.digest, r.digest)} digits`);
  assert.ok(s.bands.some((v, b) => r.bands[b] === v), 'and shares a band, so the index finds it');
  assert.ok(!isNearDuplicate(s.digest, o.digest), `one shared paragraph agrees on ${agreement(s.digest, o.digest)} digits`);
});

test('signature: stays what it was (stored band values keep matching after an upgrade)', () => {
  const s = signature('The harbour reopened on Monday after a week of storms, officials said, and ships queued to enter the port.')!;
  assert.deepEqual([s.bands[0], s.bands[BANDS - 1], s.digest.slice(0, 16)], ['76fd2716', '149e385d', '8a209f5a2915cac3']);
});
