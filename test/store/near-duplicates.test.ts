import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { NearDuplicateIndex } from '../../src/store/near-duplicates.js';
import { bands, hammingDistance, NEAR_DUPLICATE_BITS } from '../../src/store/simhash.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { REDIS_URL, redisSkip } from '../queue/harness.js';

type Story = { id: string; hash: string | null };

/**
 * What the index answers, modelled in memory: each band value keeps its members scored by time;
 * a story's candidates are the newest `memory` members of each of its bands (Redis orders equal
 * times by member, highest first), and a band over twice `memory` is cut back to its newest.
 */
class ModelIndex {
  private readonly bands = new Map<string, Map<string, number>>();
  constructor(private readonly memory: number) {}

  private newest(band: Map<string, number>): string[] {
    return [...band].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([m]) => m);
  }

  relate(stories: Story[], now: number): string[][] {
    return stories.map(({ id, hash }) => {
      if (!hash) return [];
      const member = `${hash}|${id}`;
      const related = new Set<string>();
      for (const b of bands(hash)) {
        const band = this.bands.get(b) ?? new Map<string, number>();
        for (const m of this.newest(band).slice(0, this.memory)) {
          const [other, otherId] = [m.slice(0, 16), m.slice(17)];
          if (otherId !== id && hammingDistance(other, hash) <= NEAR_DUPLICATE_BITS) related.add(otherId);
        }
        const added = !band.has(member);
        band.set(member, now);
        if (added && band.size > 2 * this.memory) {
          const keep = new Set(this.newest(band).slice(0, this.memory));
          for (const m of [...band.keys()]) if (!keep.has(m)) band.delete(m);
        }
        this.bands.set(b, band);
      }
      return [...related].sort();
    });
  }
}

/** The hash with the given bits (0: the highest bit of the first hex digit) flipped. */
function flip(hash: string, bitsToFlip: number[]): string {
  const digits = hash.split('').map((c) => parseInt(c, 16));
  for (const b of bitsToFlip) digits[b >> 2]! ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
}

async function withIndex(memory: number | undefined, fn: (index: NearDuplicateIndex, redis: Redis, keys: RedisKeys) => Promise<void>): Promise<void> {
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const keys = new RedisKeys(`wdtest-${randomBytes(5).toString('hex')}`);
  try {
    await fn(new NearDuplicateIndex(redis, keys, 120, memory), redis, keys);
  } finally {
    await redis.quit();
  }
}

const BASE = '3c5a96f00fa5c3e1';

test('near-duplicates: within three bits is related, wherever the bits are; four bits is not', { skip: redisSkip }, async () => {
  await withIndex(undefined, async (index) => {
    const [first] = await index.relateHashes([{ id: 'a', hash: BASE }]);
    assert.deepEqual(first, []);
    const cases: Array<[string, number[], boolean]> = [
      ['same', [], true],
      ['one bit', [5], true],
      ['three bits in one hex digit', [8, 9, 10], true],
      ['three bits in three bands', [1, 20, 63], true],
      ['four bits in one hex digit', [12, 13, 14, 15], false],
      ['four bits in four bands', [0, 17, 33, 49], false],
    ];
    for (const [name, bitsToFlip, near] of cases) {
      const [related] = await index.relateHashes([{ id: `b-${name}`, hash: flip(BASE, bitsToFlip) }]);
      assert.equal(related!.includes('a'), near, name);
    }
    // A story filed again is not its own near-duplicate.
    assert.deepEqual((await index.relateHashes([{ id: 'a', hash: BASE }]))[0]!.includes('a'), false);
  });
});

test('near-duplicates: a busy band keeps its newest members and stays bounded', { skip: redisSkip }, async () => {
  await withIndex(3, async (index, redis, keys) => {
    // Twenty stories sharing every band but the last: each is 4+ bits from the others there.
    const hashes = Array.from({ length: 20 }, (_, i) => BASE.slice(0, 12) + (0x1111 * (i % 16)).toString(16).padStart(4, '0').slice(-4));
    for (const [i, hash] of hashes.entries()) await index.relateHashes([{ id: `s${i}`, hash }], 1000 + i);
    const band = keys.simhashBand(bands(BASE)[0]!);
    assert.ok((await redis.zcard(band)) <= 6, 'a band holds at most twice its memory');
    assert.deepEqual((await redis.zrevrange(band, 0, 2)).map((m) => m.slice(17)), ['s19', 's18', 's17']);
    // The shared bands offer their newest three (none near); the last band's value holds s0 and s16.
    const [related] = await index.relateHashes([{ id: 'probe', hash: hashes[16]! }], 2000);
    assert.deepEqual(related, ['s0', 's16']);
  });
});

test('near-duplicates: Redis answers what the in-memory model of the index answers', { skip: redisSkip }, async () => {
  const hex = fc.stringMatching(/^[0-9a-f]{16}$/);
  const story = (bases: string[]) =>
    fc.record({
      base: fc.nat({ max: bases.length - 1 }),
      flips: fc.uniqueArray(fc.nat({ max: 63 }), { maxLength: 5 }),
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'),
      short: fc.nat({ max: 9 }).map((n) => n === 0),
    }).map(({ base, flips, id, short }): Story => ({ id, hash: short ? null : flip(bases[base]!, flips) }));
  const runs = fc.uniqueArray(hex, { minLength: 1, maxLength: 3 }).chain((bases) =>
    fc.tuple(fc.constant(bases), fc.array(fc.array(story(bases), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 })));
  await fc.assert(
    fc.asyncProperty(runs, async ([, batches, memory]) => {
      await withIndex(memory, async (index) => {
        const model = new ModelIndex(memory);
        for (const [t, batch] of batches.entries()) {
          const now = 1_000 + Math.floor(t / 2); // consecutive batches sometimes share a time
          assert.deepEqual(await index.relateHashes(batch, now), model.relate(batch, now));
        }
      });
    }),
    { numRuns: 60 },
  );
});
