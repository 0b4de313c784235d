import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pollFeed, startPolling, feedStateKey } from '../../src/sources/http-poll.js';
import { FeedControl, FeedStatusRecorder, isPaused } from '../../src/sources/feed-status.js';
import { startDropFolder } from '../../src/sources/drop-folder.js';
import type { FeedConfig, PolledFeed } from '../../src/config/config.js';
import type { RawItemJob } from '../../src/queue/contract.js';
import type { SourceContext } from '../../src/sources/source.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, localServer, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';

function feed(id: string, url: string, extra: Partial<PolledFeed> = {}): PolledFeed {
  return { id, kind: 'http', url, routing: 'publish', pollIntervalSeconds: 3600, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 10, authHeaders: {}, allowPrivateNetwork: true, ...extra };
}

function collecting(): { ctx: SourceContext; jobs: RawItemJob[]; polls: string[]; lines: Array<Record<string, unknown>> } {
  const jobs: RawItemJob[] = [];
  const polls: string[] = [];
  const { logger, lines } = capturedLogger();
  return { jobs, polls, lines, ctx: { enqueue: async (j) => { jobs.push(j); return String(jobs.length); }, logger, onPoll: (f, r) => polls.push(`${f}:${r}`) } };
}

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid></item></channel></rss>';

/** A paged API: /a?page=N and /b?page=N, each page linking to the next; page 2 is empty. */
async function pagedServer(): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const srv = await localServer((req, res) => {
    asked.push(req.url!);
    const u = new URL(req.url!, 'http://x');
    const page = Number(u.searchParams.get('page') ?? 0);
    if (page >= 2) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items: [{ item: { altids: { itemid: `${u.pathname}-${page}` } } }], next_page: `${u.pathname}?page=${page + 1}` } }));
  });
  return { url: srv.url, asked, close: () => srv.close() };
}

test('cursor feed: a changed URL starts afresh (logged) instead of following the cursor of the old one; reset-cursor does it on demand', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const srv = await pagedServer();
  const prefix = uniquePrefix('cursor-url');
  const { ctx, lines } = collecting();
  try {
    const before = feed('ap', `${srv.url}/a?page=0`, { kind: 'cursor' });
    await new FeedStatusRecorder(redis, prefix).register([before]);
    await pollFeed(before, redis, prefix, ctx);
    assert.deepEqual(srv.asked, ['/a?page=0', '/a?page=1', '/a?page=2']);
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'cursor'), `${srv.url}/a?page=2`);

    srv.asked.length = 0;
    const after = { ...before, url: `${srv.url}/b?page=0` };
    await pollFeed(after, redis, prefix, ctx);
    assert.equal(srv.asked[0], '/b?page=0', 'the configured URL, not the stored cursor of the old one');
    assert.ok(lines.some((l) => l.msg === 'feed URL changed: cursor and validators reset, starting at the configured URL' && l.feed === 'ap'));
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'cursor'), `${srv.url}/b?page=2`);

    // The same URL again: the cursor is kept (no reset, no log).
    srv.asked.length = 0;
    const logged = lines.length;
    await pollFeed(after, redis, prefix, ctx);
    assert.deepEqual(srv.asked, ['/b?page=2']);
    assert.equal(lines.filter((l, i) => i >= logged && String(l.msg).startsWith('feed URL changed')).length, 0);

    // reset-cursor: the next poll starts at the configured URL.
    const control = new FeedControl(redis, prefix);
    try {
      await control.act('reset-cursor', 'ap');
    } finally {
      await control.close();
    }
    srv.asked.length = 0;
    await pollFeed(after, redis, prefix, ctx);
    assert.equal(srv.asked[0], '/b?page=0');

    // State written before the URL was stored with it: a cursor on another origin is dropped too.
    await redis.hset(feedStateKey(prefix, 'ap'), 'cursor', 'http://127.0.0.2:9/elsewhere?page=7');
    await redis.hdel(feedStateKey(prefix, 'ap'), 'urlHash');
    srv.asked.length = 0;
    await pollFeed(after, redis, prefix, ctx);
    assert.equal(srv.asked[0], '/b?page=0');
  } finally {
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

test('feed status: last success, last error (code, message, time), items today, polls by result, next poll; pause skips polls, resume ends it', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  let fail = false;
  let requests = 0;
  const srv = await localServer((_req, res) => {
    requests++;
    if (fail) res.writeHead(500).end('down');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('feed-status');
  const { ctx, polls } = collecting();
  const control = new FeedControl(redis, prefix);
  const recorder = new FeedStatusRecorder(redis, prefix);
  try {
    const wire = feed('wire', `${srv.url}/feed.xml?apikey=secret`, { pollIntervalSeconds: 60 });
    const feeds: FeedConfig[] = [wire, { id: 'push', kind: 'webhook', routing: 'publish', secret: 's', signatureHeader: 'x' }, { id: 'drop', kind: 'folder', routing: 'publish', folder: '/tmp/none', pollIntervalSeconds: 2, maxBytes: 10 }];
    await recorder.register(feeds);
    let clock = Date.now();
    const now = (): number => clock;
    assert.deepEqual(await pollFeed(wire, redis, prefix, ctx, now), { status: 'fetched', enqueued: 1 });
    await recorder.items('wire', 1, clock);
    const okAt = clock;
    clock += 1000;
    fail = true;
    const failed = await pollFeed(wire, redis, prefix, ctx, now);
    assert.equal(failed.status, 'failed');

    const s = (await control.status('wire', clock))!;
    assert.equal(s.kind, 'http');
    assert.equal(s.url, `${srv.url}/feed.xml?…`, 'shown without its query (API keys travel there)');
    assert.equal(s.lastSuccessAt, new Date(okAt).toISOString());
    assert.equal(s.lastError?.code, 'WIREDESK_ERR_FETCH_STATUS');
    assert.match(s.lastError?.message ?? '', /500/);
    assert.equal(s.lastError?.at, new Date(clock).toISOString());
    assert.equal(s.itemsToday, 1);
    assert.deepEqual(s.polls, { fetched: 1, failed: 1 });
    assert.equal(s.paused, false);
    assert.ok(s.backoffUntil && s.nextPollAt && Date.parse(s.nextPollAt) >= Date.parse(s.backoffUntil), 'the next poll waits for the backoff');
    assert.deepEqual(polls, ['wire:fetched', 'wire:failed']);
    assert.deepEqual((await control.list(clock)).map((f) => f.id), ['drop', 'push', 'wire']);

    // Pause: the poller skips the feed without asking the server.
    fail = false;
    const paused = await control.act('pause', 'wire', clock);
    assert.equal(paused.paused, true);
    assert.equal(paused.nextPollAt, null);
    assert.equal(await isPaused(redis, prefix, 'wire'), true);
    clock += 600_000;
    const asked = requests;
    assert.deepEqual(await pollFeed(wire, redis, prefix, ctx, now), { status: 'paused' });
    assert.equal(requests, asked);
    // A forced poll (poll-now) goes past the pause and the backoff.
    assert.deepEqual(await pollFeed(wire, redis, prefix, ctx, now, { force: true }), { status: 'fetched', enqueued: 1 });
    await control.act('resume', 'wire', clock);
    assert.deepEqual(await pollFeed(wire, redis, prefix, ctx, now), { status: 'fetched', enqueued: 1 });
    assert.equal((await control.status('wire', clock))!.paused, false);

    await assert.rejects(control.act('pause', 'nope'), { code: 'WIREDESK_ERR_FEED_UNKNOWN' });
    await assert.rejects(control.act('pause', 'push'), { code: 'WIREDESK_ERR_FEED_ACTION' });
    await assert.rejects(control.act('poll-now', 'drop'), { code: 'WIREDESK_ERR_FEED_ACTION' });
    await assert.rejects(control.act('reset-cursor', 'drop'), { code: 'WIREDESK_ERR_FEED_ACTION' });
  } finally {
    await control.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

test('poll-now: a running poller polls the feed at once, even while it is paused', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  let requests = 0;
  const srv = await localServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('poll-now');
  const { ctx, jobs } = collecting();
  const wire = feed('wire', `${srv.url}/feed.xml`, { pollIntervalSeconds: 3600 });
  await new FeedStatusRecorder(redis, prefix).register([wire]);
  const polling = await startPolling({ connection: redis, prefix, feeds: [wire], ctx });
  const control = new FeedControl(redis, prefix);
  try {
    await until(() => requests === 1, 'the scheduler\'s first poll');
    const s = (await control.status('wire'))!;
    assert.ok(s.nextPollAt && Date.parse(s.nextPollAt) > Date.now() + 3_000_000, `next poll about an hour away: ${s.nextPollAt}`);
    await control.act('pause', 'wire');
    await control.act('poll-now', 'wire');
    await until(() => jobs.length === 2, 'the poll-now');
    assert.equal(requests, 2);
  } finally {
    await control.close();
    await polling.stop();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

test('a paused drop folder skips its scans; files wait until it is resumed', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const prefix = uniquePrefix('drop-pause');
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-drop-pause-'));
  const jobs: RawItemJob[] = [];
  const folder = { id: 'drop', kind: 'folder' as const, folder: dir, routing: 'publish' as const, pollIntervalSeconds: 3600, maxBytes: 1_000_000 };
  await new FeedStatusRecorder(redis, prefix).register([folder]);
  const control = new FeedControl(redis, prefix);
  const src = await startDropFolder(folder, { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger, isPaused: (f) => isPaused(redis, prefix, f) });
  try {
    await control.act('pause', 'drop');
    await writeFile(join(dir, 'story.xml'), RSS);
    for (let i = 0; i < 3; i++) await src.scan();
    assert.equal(jobs.length, 0);
    assert.ok((await readdir(dir)).includes('story.xml'));
    await control.act('resume', 'drop');
    await src.scan();
    await src.scan();
    assert.equal(jobs.length, 1);
  } finally {
    await src.stop();
    await control.close();
    await rm(dir, { recursive: true, force: true });
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
});
