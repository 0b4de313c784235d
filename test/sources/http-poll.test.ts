import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { pollFeed, startPolling, feedStateKey } from '../../src/sources/http-poll.js';
import type { PolledFeed } from '../../src/config/config.js';
import type { RawItemJob } from '../../src/queue/contract.js';
import type { SourceContext } from '../../src/sources/source.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, localServer, capturedLogger, until } from '../worker/redis-env.js';

// The test servers listen on 127.0.0.1: every feed here allows the private network explicitly.
function feed(id: string, url: string, extra: Partial<PolledFeed> = {}): PolledFeed {
  return { id, kind: 'http', url, routing: 'publish', pollIntervalSeconds: 60, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 10, authHeaders: {}, allowPrivateNetwork: true, ...extra };
}

function collecting(): { ctx: SourceContext; jobs: RawItemJob[]; errors: string[] } {
  const jobs: RawItemJob[] = [];
  const errors: string[] = [];
  return { jobs, errors, ctx: { enqueue: async (j) => { jobs.push(j); return String(jobs.length); }, logger: capturedLogger().logger, onError: (_f, code) => errors.push(code) } };
}

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid></item></channel></rss>';

test('http feed: conditional GET with the stored ETag and Last-Modified; a 304 enqueues nothing', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const seen: Array<Record<string, string | undefined>> = [];
  const srv = await localServer((req, res) => {
    seen.push({ inm: req.headers['if-none-match'], ims: req.headers['if-modified-since'], auth: req.headers.authorization });
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Sat, 28 Nov 2026 06:00:00 GMT' }).end(RSS);
  });
  const prefix = uniquePrefix('poll304');
  const { ctx, jobs } = collecting();
  try {
    const f = feed('wire', `${srv.url}/feed.xml`, { authHeaders: { authorization: 'Bearer t' }, format: 'rss' });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 1 });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'not-modified' });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'not-modified' });
    assert.equal(jobs.length, 1);
    assert.equal(Buffer.from(jobs[0]!.bytes, 'base64').toString(), RSS);
    assert.equal(jobs[0]!.feed, 'wire');
    assert.equal(jobs[0]!.format, 'rss');
    assert.equal(jobs[0]!.contentType, 'application/rss+xml');
    assert.deepEqual(seen[0], { inm: undefined, ims: undefined, auth: 'Bearer t' });
    assert.deepEqual(seen[1], { inm: '"v1"', ims: 'Sat, 28 Nov 2026 06:00:00 GMT', auth: 'Bearer t' });
    // The validators live in Redis, so a restarted worker sends them too.
    assert.equal(await redis.hget(feedStateKey(prefix, 'wire'), 'etag'), '"v1"');
  } finally {
    await redis.del(feedStateKey(prefix, 'wire'));
    await redis.quit();
    await srv.close();
  }
});

test('a feed going 503 backs off for its Retry-After, then recovers', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  let requests = 0;
  let healthy = false;
  const srv = await localServer((_req, res) => {
    requests++;
    if (!healthy) res.writeHead(503, { 'retry-after': '120' }).end('down');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('poll503');
  const { ctx, jobs, errors } = collecting();
  let clock = Date.parse('2026-11-28T06:00:00Z');
  const now = (): number => clock;
  try {
    const f = feed('flaky', `${srv.url}/feed`);
    const first = await pollFeed(f, redis, prefix, ctx, now);
    assert.deepEqual(first, { status: 'failed', code: 'WIREDESK_ERR_FETCH_STATUS', retryInMs: 120_000 });
    assert.deepEqual(errors, ['WIREDESK_ERR_FETCH_STATUS']);
    healthy = true;
    // Within the Retry-After window the server is not asked at all.
    clock += 60_000;
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx, now), { status: 'backing-off', until: Date.parse('2026-11-28T06:02:00Z') });
    assert.equal(requests, 1);
    clock += 60_001;
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx, now), { status: 'fetched', enqueued: 1 });
    assert.equal(requests, 2);
    assert.equal(jobs.length, 1);
    assert.equal(await redis.hget(feedStateKey(prefix, 'flaky'), 'failures'), null, 'failure count reset after recovery');
  } finally {
    await redis.del(feedStateKey(prefix, 'flaky'));
    await redis.quit();
    await srv.close();
  }
});

test('a 429 without Retry-After and a plain 500 back off exponentially', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const statuses = [429, 500, 500];
  const srv = await localServer((_req, res) => res.writeHead(statuses.shift() ?? 200).end(RSS));
  const prefix = uniquePrefix('pollexp');
  const { ctx } = collecting();
  let clock = 1_000_000;
  const now = (): number => clock;
  try {
    const f = feed('exp', `${srv.url}/`);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await pollFeed(f, redis, prefix, ctx, now);
      assert.equal(o.status, 'failed');
      if (o.status === 'failed') delays.push(o.retryInMs);
      clock += (o.status === 'failed' ? o.retryInMs : 0) + 1;
    }
    assert.deepEqual(delays, [1000, 2000, 4000]);
    assert.equal((await pollFeed(f, redis, prefix, ctx, now)).status, 'fetched');
  } finally {
    await redis.del(feedStateKey(prefix, 'exp'));
    await redis.quit();
    await srv.close();
  }
});

test('cursor feed: follows next pages, keeps the cursor in Redis, and a restart resumes from it', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  let available = 3;
  const fetched: string[] = [];
  const srv = await localServer((req, res) => {
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? '0');
    fetched.push(String(page));
    if (page >= available) {
      res.writeHead(204).end();
      return;
    }
    // AP Media API style envelope: items plus data.next_page.
    const body = JSON.stringify({ api_version: '2', data: { items: [{ item: { uri: `u${page}`, altids: { itemid: `i${page}` }, headline: `Page ${page}` } }], next_page: `/feed?page=${page + 1}` } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  const prefix = uniquePrefix('cursor');
  const { ctx, jobs } = collecting();
  try {
    const f = feed('ap', `${srv.url}/feed?page=0`, { kind: 'cursor', maxPagesPerPoll: 10 });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 3 });
    assert.deepEqual(fetched, ['0', '1', '2', '3']);
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'cursor'), `${srv.url}/feed?page=3`);
    // Nothing new: the empty page is asked again next time, the cursor stays.
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 0 });
    available = 5;
    // A "restarted" poller (nothing in memory) resumes at the stored cursor, not at page 0.
    fetched.length = 0;
    assert.deepEqual(await pollFeed({ ...f }, redis, prefix, ctx), { status: 'fetched', enqueued: 2 });
    assert.deepEqual(fetched, ['3', '4', '5']);
    assert.deepEqual(jobs.map((j) => (JSON.parse(Buffer.from(j.bytes, 'base64').toString()) as { data: { items: Array<{ item: { headline: string } }> } }).data.items[0]!.item.headline), ['Page 0', 'Page 1', 'Page 2', 'Page 3', 'Page 4']);
  } finally {
    await redis.del(feedStateKey(prefix, 'ap'));
    await redis.quit();
    await srv.close();
  }
});

test('cursor feed: a Link rel="next" header is followed too, and maxPagesPerPoll bounds one poll', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const srv = await localServer((req, res) => {
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('p') ?? '0');
    res.writeHead(200, { 'content-type': 'application/xml', link: `</m?p=${page + 1}>; rel="next"` }).end(`<newsMessage><n>${page}</n></newsMessage>`);
  });
  const prefix = uniquePrefix('link');
  const { ctx, jobs } = collecting();
  try {
    const f = feed('g2', `${srv.url}/m?p=0`, { kind: 'cursor', maxPagesPerPoll: 2 });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 2 });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 2 });
    assert.deepEqual(jobs.map((j) => j.path), [`${srv.url}/m?p=0`, `${srv.url}/m?p=1`, `${srv.url}/m?p=2`, `${srv.url}/m?p=3`]);
  } finally {
    await redis.del(feedStateKey(prefix, 'g2'));
    await redis.quit();
    await srv.close();
  }
});

test('one job scheduler per feed polls it on its interval; a feed removed from the config loses its scheduler', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  let hits = 0;
  const srv = await localServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: `"e${hits}"` }).end(RSS.replace('One', `One ${hits}`));
  });
  const prefix = uniquePrefix('sched');
  const { ctx, jobs } = collecting();
  const first = await startPolling({ connection: redis, prefix, feeds: [feed('a', `${srv.url}/a`, { pollIntervalSeconds: 0.1 }), feed('old', `${srv.url}/old`, { pollIntervalSeconds: 3600 })], ctx });
  try {
    await until(() => jobs.filter((j) => j.feed === 'a').length >= 2, 'two polls of feed a');
  } finally {
    await first.stop();
  }
  const second = await startPolling({ connection: redis, prefix, feeds: [feed('a', `${srv.url}/a`, { pollIntervalSeconds: 0.1 })], ctx });
  try {
    const { Queue } = await import('bullmq');
    const q = new Queue('poll', { connection: redis, prefix });
    const keys = (await q.getJobSchedulers()).map((s) => s.key);
    assert.deepEqual(keys, ['a']);
    await q.obliterate({ force: true });
    await q.close();
  } finally {
    await second.stop();
    await redis.del(feedStateKey(prefix, 'a'), feedStateKey(prefix, 'old'));
    await redis.quit();
    await srv.close();
  }
});

test('the poll lock: another poller is "busy" meanwhile, a dead poller holds the feed one fetch timeout at most', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const prefix = uniquePrefix('lock');
  const lockKey = `${feedStateKey(prefix, 'locked')}:lock`;
  let ttlDuringPoll = -1;
  const srv = await localServer((_req, res) => {
    void redis.pttl(lockKey).then((ttl) => {
      ttlDuringPoll = ttl;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
    });
  });
  const { ctx } = collecting();
  try {
    const f = feed('locked', `${srv.url}/`, { kind: 'cursor', timeoutSeconds: 2, maxPagesPerPoll: 100 });
    // A poller that was SIGKILLed mid-run left its lock behind.
    await redis.set(lockKey, 'dead-poller', 'PX', 60_000);
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'busy' });
    await redis.del(lockKey);
    assert.equal((await pollFeed(f, redis, prefix, ctx)).status, 'fetched');
    assert.ok(ttlDuringPoll > 0 && ttlDuringPoll <= 7_000, `lock TTL ${ttlDuringPoll} ms: one fetch timeout plus margin, not maxPagesPerPoll of them`);
    assert.equal(await redis.exists(lockKey), 0, 'released after the poll');
  } finally {
    await redis.del(feedStateKey(prefix, 'locked'), lockKey);
    await redis.quit();
    await srv.close();
  }
});

// ---- issue 15 item 12: credentials stay on the feed's origin; other hosts and private addresses are refused

test('a feed on 127.0.0.1 without allowPrivateNetwork is refused before any request', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  let requests = 0;
  const srv = await localServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('ssrf');
  const { ctx, jobs, errors } = collecting();
  try {
    const f = feed('inside', `${srv.url}/feed.xml`, { allowPrivateNetwork: false });
    const o = await pollFeed(f, redis, prefix, ctx);
    assert.equal(o.status, 'failed');
    assert.equal(o.status === 'failed' && o.code, 'WIREDESK_ERR_FETCH_ADDRESS_DENIED');
    assert.deepEqual(errors, ['WIREDESK_ERR_FETCH_ADDRESS_DENIED']);
    assert.equal(requests, 0, 'nothing was sent to the private address');
    assert.equal(jobs.length, 0);
  } finally {
    await redis.del(feedStateKey(prefix, 'inside'));
    await redis.quit();
    await srv.close();
  }
});

/** Two real servers on different ports: two origins. `home` answers with `homeHandler`; `other` records what it got. */
async function twoOrigins(homeHandler: (other: string) => Parameters<typeof localServer>[0]): Promise<{ home: Awaited<ReturnType<typeof localServer>>; other: Awaited<ReturnType<typeof localServer>>; otherSeen: Array<{ url: string; auth: string | undefined; key: string | undefined }> }> {
  const otherSeen: Array<{ url: string; auth: string | undefined; key: string | undefined }> = [];
  const other = await localServer((req, res) => {
    otherSeen.push({ url: req.url!, auth: req.headers.authorization, key: req.headers['x-api-key'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ api_version: '2', data: { items: [{ item: { uri: 'x', altids: { itemid: 'x' }, headline: 'Other' } }] } }));
  });
  const home = await localServer(homeHandler(other.url));
  return { home, other, otherSeen };
}

test('a redirect to another origin is refused (coded) and the other server gets nothing; allowed, it gets no credentials', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const homeAuth: Array<string | undefined> = [];
  const { home, other, otherSeen } = await twoOrigins((otherUrl) => (req, res) => {
    homeAuth.push(req.headers.authorization);
    res.writeHead(302, { location: `${otherUrl}/stolen?from=home` }).end();
  });
  const prefix = uniquePrefix('xorigin');
  const { ctx, jobs, errors } = collecting();
  try {
    const f = feed('moved', `${home.url}/feed`, { authHeaders: { authorization: 'Bearer secret-token', 'x-api-key': 'k-123' } });
    const refused = await pollFeed(f, redis, prefix, ctx);
    assert.equal(refused.status === 'failed' && refused.code, 'WIREDESK_ERR_FETCH_CROSS_ORIGIN');
    assert.deepEqual(errors, ['WIREDESK_ERR_FETCH_CROSS_ORIGIN']);
    assert.deepEqual(homeAuth, ['Bearer secret-token'], 'the feed origin gets its credentials');
    assert.equal(otherSeen.length, 0, 'the other origin was not contacted');
    assert.equal(jobs.length, 0);

    await redis.del(feedStateKey(prefix, 'moved'));
    const otherHost = new URL(other.url).host; // 127.0.0.1:<port>
    const allowed = await pollFeed({ ...f, allowHosts: [otherHost] }, redis, prefix, ctx);
    assert.deepEqual(allowed, { status: 'fetched', enqueued: 1 });
    assert.equal(otherSeen.length, 1);
    assert.equal(otherSeen[0]!.auth, undefined, 'no Authorization header to the other origin');
    assert.equal(otherSeen[0]!.key, undefined, 'no credential header to the other origin');
    assert.equal(jobs[0]!.path, `${other.url}/stolen?from=home`);
  } finally {
    await redis.del(feedStateKey(prefix, 'moved'));
    await redis.quit();
    await home.close();
    await other.close();
  }
});

test('a cross-origin next_page is refused and not stored as the cursor; an allowed host is followed without credentials', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!);
  const { home, other, otherSeen } = await twoOrigins((otherUrl) => (_req, res) => {
    const body = JSON.stringify({ api_version: '2', data: { items: [{ item: { uri: 'h', altids: { itemid: 'h' }, headline: 'Home' } }], next_page: `${otherUrl}/page2` } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  const prefix = uniquePrefix('xcursor');
  const { ctx, jobs, errors } = collecting();
  const key = feedStateKey(prefix, 'paged');
  try {
    const f = feed('paged', `${home.url}/feed`, { kind: 'cursor', authHeaders: { authorization: 'Bearer secret-token' } });
    assert.deepEqual(await pollFeed(f, redis, prefix, ctx), { status: 'fetched', enqueued: 1 });
    assert.deepEqual(errors, ['WIREDESK_ERR_FETCH_CROSS_ORIGIN']);
    assert.equal(await redis.hget(key, 'cursor'), null, 'the foreign cursor is not stored');
    assert.equal(otherSeen.length, 0);
    assert.equal(jobs.length, 1);

    // A foreign cursor left in Redis (by an older version) is dropped, not followed.
    await redis.hset(key, { cursor: `${other.url}/planted` });
    errors.length = 0;
    assert.deepEqual(await pollFeed({ ...f, maxPagesPerPoll: 1 }, redis, prefix, ctx), { status: 'fetched', enqueued: 1 });
    assert.equal(otherSeen.length, 0, 'the planted cursor was not fetched');
    assert.equal(jobs.at(-1)!.path, `${home.url}/feed`);
    assert.equal(errors[0], 'WIREDESK_ERR_FETCH_CROSS_ORIGIN');

    // The feed allows that host (by name, any port): the page is followed, without the token.
    const allowed = { ...f, allowHosts: ['127.0.0.1'] };
    const o = await pollFeed(allowed, redis, prefix, ctx);
    assert.equal(o.status, 'fetched');
    assert.equal(otherSeen.length, 1);
    assert.equal(otherSeen[0]!.auth, undefined, 'no Authorization header to the allowed host');
    assert.equal(await redis.hget(key, 'cursor'), `${other.url}/page2`);
  } finally {
    await redis.del(key);
    await redis.quit();
    await home.close();
    await other.close();
  }
});
