import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetters, deadLetterId } from '../../src/queue/dead-letter.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { runCli } from '../helpers/run-cli.js';
import { parseDuration } from '../../src/cli/dlq.js';
import { connectTest, redisTargets, uniquePrefix, deletePrefixKeys } from '../worker/redis-env.js';
import { startHarness, ninjsStory } from './harness.js';

const DAY = 86_400_000;

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

async function put(letters: DeadLetters, body: string, at: number, itemIndex: number | null = null): Promise<string> {
  const raw = Buffer.from(body);
  const e = await letters.record({ feed: 'wire', code: 'WIREDESK_ERR_XML_MALFORMED', message: 'cut', at: new Date(at).toISOString(), path: '/gone/story.xml', contentType: null, format: null, formatHint: null, itemIndex, rawSha256: sha(raw) }, raw);
  return e.id;
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('dead-letter retention: entries past maxAgeDays and the oldest beyond maxCount go on the next add, with their bytes', async () => {
      const redis = connectTest(url);
      const keys = new RedisKeys(uniquePrefix('dlq-ret'));
      try {
        const letters = new DeadLetters(redis, keys, { maxAgeDays: 7, maxCount: 3 });
        assert.deepEqual(letters.retention, { maxAgeDays: 7, maxCount: 3 });
        assert.deepEqual(new DeadLetters(redis, keys).retention, { maxAgeDays: 30, maxCount: 100_000 }, 'defaults');
        const now = Date.now();
        const old = await put(letters, '<a>old', now - 10 * DAY);
        assert.equal(await letters.count(), 0, 'an entry already past the age is removed as it is added');
        assert.equal(await redis.exists(keys.deadLetterRaw(sha(Buffer.from('<a>old')))), 0, 'its bytes too');
        assert.equal(await letters.get(old), null);
        // Two items of one document share its bytes: they stay until the last entry goes.
        const item0 = await put(letters, '<doc>shared', now - 3 * DAY, 0);
        const item1 = await put(letters, '<doc>shared', now - 2 * DAY, 1);
        const c = await put(letters, '<c>', now - DAY);
        assert.equal(await letters.count(), 3);
        await put(letters, '<d>', now);
        // maxCount 3: the oldest (item 0) went; the shared bytes stay for item 1.
        assert.deepEqual((await letters.list()).map((e) => e.id).sort(), [item1, c, deadLetterId(sha(Buffer.from('<d>')), null)].sort());
        assert.ok((await letters.get(item1))!.raw.equals(Buffer.from('<doc>shared')));
        assert.equal(await letters.get(item0), null);
        // A prune on the clock (no add): ages everything past the cutoff.
        assert.equal(await letters.prune(now + 6.5 * DAY), 2);
        assert.equal(await redis.exists(keys.deadLetterRaw(sha(Buffer.from('<doc>shared')))), 0, 'bytes go with the last entry of the document');
        assert.equal(await letters.count(), 1);
      } finally {
        await deletePrefixKeys(redis, keys.prefix);
        await redis.quit();
      }
    });

    test('dead-letter retention in bulk: 1,200 entries over maxCount 1,000 are trimmed to the newest 1,000', async () => {
      const redis = connectTest(url);
      const keys = new RedisKeys(uniquePrefix('dlq-bulk'));
      try {
        const loose = new DeadLetters(redis, keys, { maxCount: 10_000 });
        const now = Date.now();
        for (let i = 0; i < 1200; i++) await put(loose, `<x>${i}`, now - (1200 - i) * 1000);
        const letters = new DeadLetters(redis, keys, { maxCount: 1000 });
        assert.equal(await letters.prune(), 200);
        assert.equal(await letters.count(), 1000);
        const newest = await letters.list({ limit: 1 });
        assert.equal(newest[0]!.id, deadLetterId(sha(Buffer.from('<x>1199')), null));
        assert.equal(await letters.get(deadLetterId(sha(Buffer.from('<x>199')), null)), null);
        assert.ok(await letters.get(deadLetterId(sha(Buffer.from('<x>200')), null)));
      } finally {
        await deletePrefixKeys(redis, keys.prefix);
        await redis.quit();
      }
    });

    test('durations for --older-than', () => {
      assert.equal(parseDuration('90m'), 90 * 60_000);
      assert.equal(parseDuration('30d'), 30 * DAY);
      assert.equal(parseDuration('1.5h'), 5_400_000);
      assert.equal(parseDuration('2w'), 14 * DAY);
      for (const bad of ['', '30', 'd', '-1d', '1y', '1d2h', '1'.repeat(40) + 'd']) assert.equal(parseDuration(bad), null, bad);
    });

    test('wiredesk dlq purge: --dry-run, --older-than, ids and --all; prints how many were removed', async () => {
      const redis = connectTest(url);
      const prefix = uniquePrefix('dlq-purge');
      const keys = new RedisKeys(prefix);
      const target = ['--redis', url, '--prefix', prefix];
      try {
        const letters = new DeadLetters(redis, keys);
        const now = Date.now();
        const a = await put(letters, '<a>', now - 10 * DAY);
        const b = await put(letters, '<b>', now - 3 * DAY);
        const c = await put(letters, '<c>', now - 60_000);
        const d = await put(letters, '<d>', now);

        const dry = await runCli(['dlq', 'purge', '--older-than', '2d', '--dry-run', ...target]);
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(dry.stdout, /would remove 2 dead letters \(dry run\)/);
        assert.ok(dry.stdout.includes(a) && dry.stdout.includes(b));
        assert.equal(await letters.count(), 4, 'a dry run removes nothing');

        const older = await runCli(['dlq', 'purge', '--older-than', '2d', ...target]);
        assert.equal(older.code, 0, older.stderr);
        assert.match(older.stdout, /^removed 2 dead letters$/m);
        assert.deepEqual((await letters.list()).map((e) => e.id).sort(), [c, d].sort());
        assert.equal(await redis.exists(keys.deadLetterRaw(sha(Buffer.from('<a>')))), 0);

        const byId = await runCli(['dlq', 'purge', c, 'no-such-entry', '--json', ...target]);
        assert.equal(byId.code, 1, 'an id that is not there is said, exit 1');
        assert.match(byId.stderr, /no dead letter "no-such-entry"/);
        assert.deepEqual(JSON.parse(byId.stdout), { removed: 1, matched: 1, dryRun: false, ids: [c] });

        const all = await runCli(['dlq', 'purge', '--all', ...target]);
        assert.match(all.stdout, /^removed 1 dead letter$/m);
        assert.equal(await letters.count(), 0);

        for (const args of [['purge'], ['purge', '--all', c], ['purge', '--older-than', 'soon'], ['list', '--dry-run'], ['show', c, '--older-than', '1d']]) {
          const r = await runCli(['dlq', ...args, ...target]);
          assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
          assert.match(r.stderr, /WIREDESK_ERR_USAGE/);
        }
      } finally {
        await deletePrefixKeys(redis, prefix);
        await redis.quit();
      }
    });

    test('wiredesk dlq replay --from FILE: a corrected file replays under the entry\'s feed, path and identity; the stale path is never read', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      const dir = await mkdtemp(join(tmpdir(), 'wiredesk-dlq-from-'));
      const target = ['--redis', url, '--prefix', h.prefix];
      try {
        const good = ninjsStory({ guid: 'urn:test:corrected', version: 1, versionCreated: '2026-03-02T07:00:00+0000' });
        const broken = good.subarray(0, good.length - 20);
        await h.enqueue('wire', broken);
        await h.waitFor('dead letter', () => h.outcomes.length === 1);
        const letters = new DeadLetters(h.redis, new RedisKeys(h.prefix));
        const [entry] = await letters.list();
        assert.ok(entry);
        assert.equal(entry.path, 'test:wire', 'the stored path names nothing on disk');

        const missing = await runCli(['dlq', 'replay', entry.id, '--from', join(dir, 'nope.json'), ...target]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /WIREDESK_ERR_INPUT_NOT_FOUND/);
        assert.equal((await runCli(['dlq', 'replay', entry.id, 'other', '--from', 'x', ...target])).code, 2, '--from takes one entry');

        const file = join(dir, 'corrected.json');
        await writeFile(file, good);
        const r = await runCli(['dlq', 'replay', entry.id, '--from', file, ...target]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`^${entry.id} -> ingest job \\S+ \\(${good.length} bytes from `));
        await h.waitFor('published', () => h.received.length === 1);
        const article = h.received[0]!.event.article;
        assert.equal(article.guid, 'urn:test:corrected');
        assert.equal(article.provenance.feed, 'wire', 'same feed');
        assert.equal(article.provenance.path, 'test:wire', 'same path as the failed delivery');
        assert.equal(article.provenance.rawSha256, sha(good), 'the corrected bytes');
        assert.equal(await letters.count(), 0, 'the entry is gone');
        // The story store sees the same story: the feed's own later delivery of it is a duplicate.
        await h.enqueue('wire', good);
        await h.waitFor('duplicate', () => h.outcomes.some((o) => o.outcome === 'duplicate'));
        assert.equal(h.received.length, 1);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await h.close();
      }
    });
  });
}
