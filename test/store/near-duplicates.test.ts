import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { NearDuplicateIndex } from '../../src/store/near-duplicates.js';
import { AGREEING_DIGITS, BANDS, isNearDuplicate, MINHASHES, type Signature } from '../../src/store/minhash.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import type { Article } from '../../src/model/article.generated.js';
import type { RedisConnection } from '../../src/queue/redis-connection.js';
import { allKeys, connectTest, deletePrefixKeys, NO_CLUSTER, REDIS_CLUSTER_URL, REDIS_URL, redisTargets } from '../worker/redis-env.js';

type Story = { id: string; signature: Signature | null };

/**
 * What the index answers, modelled in memory: each band value keeps its members scored by time;
 * a story's candidates are the newest `memory` members of each of its band values (Redis orders
 * equal times by member, highest first), each looked at once, and a band over twice `memory` is
 * cut back to its newest.
 */
class ModelIndex {
  private readonly bands = new Map<string, Map<string, number>>();
  constructor(private readonly memory: number) {}

  private newest(band: Map<string, number>): string[] {
    return [...band].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([m]) => m);
  }

  relate(stories: Story[], now: number): string[][] {
    return stories.map(({ id, signature: sig }) => {
      if (!sig) return [];
      const member = `${sig.digest}|${id}`;
      const related = new Set<string>();
      sig.bands.forEach((value, b) => {
        const key = `${b}:${value}`;
        const band = this.bands.get(key) ?? new Map<string, number>();
        for (const m of this.newest(band).slice(0, this.memory)) {
          const otherId = m.slice(MINHASHES + 1);
          if (m !== member && otherId !== id && isNearDuplicate(m.slice(0, MINHASHES), sig.digest)) related.add(otherId);
        }
        const added = !band.has(member);
        band.set(member, now);
        if (added && band.size > 2 * this.memory) {
          const keep = new Set(this.newest(band).slice(0, this.memory));
          for (const m of [...band.keys()]) if (!keep.has(m)) band.delete(m);
        }
        this.bands.set(key, band);
      });
      return [...related].sort();
    });
  }
}

/** One connection per target for the whole file. */
const connections = new Map<string, RedisConnection>();
after(async () => {
  for (const c of connections.values()) await c.quit();
});

async function withIndex(url: string, memory: number | undefined, fn: (index: NearDuplicateIndex, redis: RedisConnection, keys: RedisKeys) => Promise<void>): Promise<void> {
  let redis = connections.get(url);
  if (!redis) connections.set(url, (redis = connectTest(url)));
  const keys = new RedisKeys(`wdtest-${randomBytes(5).toString('hex')}`);
  try {
    await fn(new NearDuplicateIndex(redis, keys, 120, memory), redis, keys);
  } finally {
    await deletePrefixKeys(redis, keys.prefix);
  }
}

/** A digest with `changed` of its digits (the first ones) replaced. */
function digestWith(base: string, changed: number): string {
  return base.split('').map((d, k) => (k < changed ? ((parseInt(d, 16) + 1) % 16).toString(16) : d)).join('');
}

const BASE_DIGEST = Array.from({ length: MINHASHES }, (_, k) => ((k * 7) % 16).toString(16)).join('');
const bandsOf = (tag: string): string[] => Array.from({ length: BANDS }, (_, b) => `${tag}${b}`);

/** An invented story: paragraphs of our own words. */
function article(id: string, paragraphs: string[], headline = 'A headline'): Pick<Article, 'id' | 'body' | 'headline'> {
  return { id, headline, body: { text: paragraphs.join('\n\n'), html: '' } };
}

const REST = [
  'The council said the new timetable would add four crossings a day between the two harbours from the first of next month, with the earliest boat leaving at half past five.',
  'Fares will stay at their current level until the end of the year, a spokeswoman for the operator told reporters at the quay, adding that season tickets bought before the change remain valid.',
  'Local traders have campaigned for more frequent crossings since the old bridge was closed for repairs last spring, saying that the long detour by road had cost them customers and delivery time.',
  'The operator has leased a second vessel from a company in the north to run the extra crossings and expects it to arrive within three weeks after a short refit in the shipyard.',
  'Residents of the island welcomed the decision but asked for a later last boat on Fridays and Saturdays, when many of them work evening shifts in the restaurants on the mainland side.',
];

const FLOOD = [
  'Orchard growers in the upper valley said on Sunday that a late frost had destroyed much of this year\'s blossom, leaving many farms facing a poor harvest.',
  'The growers\' association will ask the regional government for emergency help, its chairman said after a meeting in the market hall on Sunday evening.',
];

// The same suite on the single server and on the shared cluster (each band its own slot there).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('near-duplicates: a story with its lede rewritten is found, an unrelated story is not, a story is not its own', async () => {
      await withIndex(url, undefined, async (index) => {
        const first = article('wire-a:ferries', ['Ferry crossings between Norhaven and the island of Vell will rise to twelve a day next month, the regional council announced on Tuesday.', ...REST]);
        assert.deepEqual(await index.relate(first, 1000), []);
        const rewrite = article('wire-b:sailings', ['The regional council on Tuesday approved more ferry sailings to Vell, bringing the daily crossings from Norhaven to twelve after months of complaints.', ...REST], 'Council approves more sailings');
        assert.deepEqual(await index.relate(rewrite, 2000), ['wire-a:ferries']);
        const unrelated = article('wire-c:frost', [
          'Orchard growers in the upper valley said on Sunday that a late frost had destroyed much of this year\'s blossom, leaving many farms facing a poor harvest.',
          'The growers\' association will ask the regional government for emergency help, its chairman said after a meeting in the market hall on Sunday evening.',
        ]);
        assert.deepEqual(await index.relate(unrelated, 3000), []);
        // Sharing one paragraph with the ferry stories is not being the same story.
        const follow = article('wire-c:fares', ['Passengers to Vell asked the council on Wednesday to cut fares for students and pensioners before the winter.', REST[1]!, 'A decision is expected before the end of the month, a council member said.']);
        assert.deepEqual(await index.relate(follow, 4000), []);
        // A new version of a story (same id) is not its own near-duplicate, and finds the others.
        assert.deepEqual(await index.relate({ ...first, body: { text: `${first.body.text}\n\nThe first new boat sails on Monday.`, html: '' } }, 5000), ['wire-b:sailings']);
        assert.deepEqual(await index.relate(article('x:short', ['Too short to say.']), 6000), []);
      });
    });


    test('near-duplicates: a hostile input stays bounded: a huge text is hashed by its opening only, and two hundred copies fill no band past its cap', async () => {
      await withIndex(url, 4, async (index, redis, keys) => {
        const opening = Array.from({ length: 4 }, () => REST.join(' ')).join(' '); // past the 3,000 characters hashed
        const huge = article('flood:huge', [`${opening} ${'lorem ipsum dolor '.repeat(2_000_000)}`]);
        const started = Date.now();
        assert.deepEqual(await index.relate(huge, 1), []);
        // Only the opening is hashed: the same opening with another tail is the same text.
        const sameOpening = article('flood:tail', [`${opening} ${'other words entirely '.repeat(1000)}`]);
        assert.deepEqual(await index.relate(sameOpening, 2), ['flood:huge']);
        assert.ok(Date.now() - started < 10_000, 'a 36 MB text is no slower than its opening (a hang guard, not a timing test)');
        // Many stories with one text: every band value is the same; each band keeps at most twice its memory,
        // and a story reads at most BANDS x memory members, so it relates to at most `memory` * BANDS others.
        for (let i = 0; i < 200; i += 50) {
          await index.relateMany(Array.from({ length: 50 }, (_, k) => article(`flood:${i + k}`, FLOOD)), 10 + i);
        }
        const band = (await allKeys(redis, `${keys.prefix}:wiredesk:{${keys.prefix}:nd:*`));
        assert.ok(band.length > 0);
        // Each band value is a hash tag of its own (so they spread over every slot): no two keys share one.
        const tags = band.map((k) => k.slice(k.indexOf('{') + 1, k.indexOf('}')));
        assert.equal(new Set(tags).size, band.length);
        assert.ok(tags.every((t) => t.startsWith(`${keys.prefix}:nd:`)), tags.join(' '));
        for (const key of band) assert.ok((await redis.zcard(key)) <= 8, `${key} holds at most twice its memory`);
        const related = await index.relate(article('flood:last', FLOOD), 1000);
        assert.ok(related.length > 0 && related.length <= 4, `the newest four copies, not all 200 (${related.length})`);
        assert.deepEqual(related, ['flood:196', 'flood:197', 'flood:198', 'flood:199']);
      });
    });

    test('near-duplicates: Redis answers what the in-memory model of the index answers', async () => {
      const story = (bases: number) =>
        fc.record({
          base: fc.nat({ max: bases - 1 }),
          changedDigits: fc.constantFrom(0, 5, MINHASHES - AGREEING_DIGITS, MINHASHES - AGREEING_DIGITS + 1, 40),
          keptBands: fc.uniqueArray(fc.nat({ max: BANDS - 1 }), { maxLength: 3 }),
          id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'),
          short: fc.nat({ max: 9 }).map((n) => n === 0),
        }).map(({ base, changedDigits, keptBands, id, short }): Story => {
          if (short) return { id, signature: null };
          // Bands shared with the base are kept; the others are the story's own (but shared by its id's copies).
          const bands = bandsOf(`b${base}-`).map((v, b) => (keptBands.includes(b) ? v : `${id}${changedDigits}-${b}`));
          return { id, signature: { bands, digest: digestWith(BASE_DIGEST.slice(base) + BASE_DIGEST.slice(0, base), changedDigits) } };
        });
      const runs = fc.integer({ min: 1, max: 3 }).chain((bases) =>
        fc.tuple(fc.array(fc.array(story(bases), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 })));
      await fc.assert(
        fc.asyncProperty(runs, async ([batches, memory]) => {
          await withIndex(url, memory, async (index) => {
            const model = new ModelIndex(memory);
            for (const [t, batch] of batches.entries()) {
              const now = 1_000 + Math.floor(t / 2); // consecutive batches sometimes share a time
              assert.deepEqual(await index.relateSignatures(batch, now), model.relate(batch, now));
            }
          });
        }),
        { numRuns: 60 },
      );
    });
  });
}

test('near-duplicates: the same batches give the same answers on the cluster as on the single server', { skip: NO_CLUSTER }, async () => {
  const stories = (t: number): Array<Pick<Article, 'id' | 'body' | 'headline'>> => [
    article(`ferry:${t}`, [`Rewritten lede number ${t % 3} about the ferry.`, ...REST]),
    article(`flood:${t}`, FLOOD),
    article(`other:${t}`, [`An unrelated story ${t} about a chess tournament in the old town hall, won by a schoolgirl from the coast.`, REST[t % REST.length]!]),
  ];
  const answers: string[][][][] = [];
  for (const url of [REDIS_URL!, REDIS_CLUSTER_URL!]) {
    await withIndex(url, 3, async (index) => {
      const got: string[][][] = [];
      for (let t = 0; t < 8; t++) got.push(await index.relateMany(stories(t), 1_000 + t));
      answers.push(got);
    });
  }
  assert.ok(answers[0]!.flat().some((r) => r.length > 0), 'the scenario finds near-duplicates');
  assert.deepEqual(answers[1], answers[0]);
});
