import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { pollFeed, feedStateKey } from '../../src/sources/http-poll.js';
import { renewAt } from '../../src/sources/agency-api.js';
import { FeedControl } from '../../src/sources/feed-status.js';
import { startWorker } from '../../src/worker/run-worker.js';
import { subscribe } from '../../src/subscriber.js';
import type { AgencyApi, PolledFeed, WorkerConfig } from '../../src/config/config.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { API_KEY, CLIENT_ID, CLIENT_SECRET, startSimulator, type SimStory, type Simulator } from './agency-simulators.js';

// Agency API feeds (issue 18 item 3) against the three local simulators (agency-simulators.ts),
// each driving a real worker, real Redis and a subscriber.

type Shape = 'reuters' | 'ap' | 'afp';

function feedFor(shape: Shape, sim: Simulator, id: string, secret: string, extra: Partial<PolledFeed> = {}): PolledFeed {
  const oauth = { tokenUrl: sim.tokenUrl, clientId: CLIENT_ID, clientSecret: secret };
  const api: AgencyApi = shape === 'reuters'
    ? { type: 'reuters-graphql', ...oauth, query: 'topic:markets', pageSize: 2, renditions: ['application/vnd.iptc.g2.newsitem+xml', 'text/plain'], maxRetryAfterSeconds: 30 }
    : shape === 'ap'
      ? { type: 'ap-media', apiKey: secret === CLIENT_SECRET ? API_KEY : secret, apiKeyHeader: 'x-api-key', include: ['renditions'], exclude: ['associations'], pageSize: 2, renditions: ['nitf', 'newsml'], maxRetryAfterSeconds: 30 }
      : { type: 'afp', ...oauth, query: 'harbour', lang: ['en'], pageSize: 2, renditions: [], downloadPath: '/v1/api/get/{uno}', maxRetryAfterSeconds: 30 };
  return {
    id, kind: 'cursor', routing: 'publish', url: sim.url, pollIntervalSeconds: 0.5, timeoutSeconds: 5, maxBytes: 1_000_000,
    maxPagesPerPoll: 50, authHeaders: {}, allowHosts: [], allowPrivateNetwork: true, api, ...extra,
  };
}

function config(prefix: string, feeds: PolledFeed[]): WorkerConfig {
  return {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    parseTimeoutSeconds: 0, tokens: new Map(), feeds, subscribers: [{ name: 'web' }],
  };
}

const stories = (shape: Shape, from: number, n: number): SimStory[] =>
  Array.from({ length: n }, (_, k) => ({ id: `${shape}-${String(from + k).padStart(2, '0')}`, headline: `${shape} story ${from + k}: harbour cranes idle on day ${from + k}` }));

/**
 * The scenario every shape runs: a 429 first (Retry-After kept as the feed's backoff), five
 * stories over three pages published once (one whose rendition is on another host: fetched
 * without credentials when allowed, refused and reported when not), short-lived tokens renewed
 * before they expire, a server-side revocation recovered by one renewal after the 401, a bad
 * secret reported as the other feed's last error, the cursor shown and kept across a worker
 * restart, and a reset cursor re-reading without publishing anything twice.
 */
async function scenario(shape: Shape, elsewhere: 'allowed' | 'refused' | 'none'): Promise<void> {
  const first = stories(shape, 1, 5);
  if (elsewhere !== 'none') first[2]!.elsewhere = true;
  const sim = await startSimulator(shape, first);
  const prefix = uniquePrefix(`api-${shape}`);
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const control = new FeedControl(redis, prefix);
  const { logger, lines } = capturedLogger();
  const good = feedFor(shape, sim, `${shape}-wire`, CLIENT_SECRET, elsewhere === 'allowed' ? { allowHosts: [sim.elsewhereHost] } : {});
  const bad = feedFor(shape, sim, `${shape}-badsecret`, 'not-the-secret');
  const received: PublishEvent[] = [];
  let worker = null as Awaited<ReturnType<typeof startWorker>> | null;
  const sub = await subscribe('web', async (event) => { received.push(event); }, { connection: REDIS_URL!, prefix });
  try {
    if (shape !== 'ap') sim.tokenLifetimeSeconds = 2;
    // A 429 first: the poll fails with the server's Retry-After as the feed's backoff.
    sim.rateLimitNext = 1;
    const before = Date.now();
    const outcome = await pollFeed(good, redis, prefix, { logger, enqueue: () => Promise.reject(new Error('nothing to enqueue')) });
    assert.deepEqual(outcome, { status: 'failed', code: 'WIREDESK_ERR_FETCH_RATE_LIMITED', retryInMs: 1000 });
    const backoff = Number(await redis.hget(feedStateKey(prefix, good.id), 'backoffUntil'));
    assert.ok(backoff >= before + 1000, 'Retry-After kept as the feed\'s backoff');
    assert.equal(sim.stats.rateLimited, 1);

    worker = await startWorker(config(prefix, [good, bad]), { logger });
    const expected = elsewhere === 'refused' ? 4 : 5;
    await until(() => received.length >= expected, `${expected} stories published`, 30_000);
    assert.ok(sim.stats.pages >= 3, 'pages followed');
    if (elsewhere === 'allowed') {
      assert.equal(sim.stats.elsewhereRequests, 1, 'the rendition on the other host fetched');
      assert.equal(sim.stats.elsewhereWithCredentials, 0, 'and without credentials');
    }
    if (elsewhere === 'refused') {
      assert.equal(sim.stats.elsewhereRequests, 0, 'a host not allowed gets no request at all');
      assert.ok(lines.some((l) => l.code === 'WIREDESK_ERR_FETCH_CROSS_ORIGIN' && l.msg === 'rendition refused; item skipped'));
    }
    const status = await control.status(good.id);
    assert.ok(status?.cursor, 'the cursor shown in the feed status');
    assert.ok(!String(status.cursor).includes(CLIENT_SECRET) && !String(status.cursor).includes(API_KEY));
    await until(async () => (await control.status(bad.id))?.lastError?.code === 'WIREDESK_ERR_API_AUTH', 'the bad secret is the other feed\'s last error');
    assert.ok(!JSON.stringify(lines).includes(CLIENT_SECRET) && !JSON.stringify(lines).includes(API_KEY), 'no secret in the logs');

    if (shape !== 'ap') {
      // Tokens live 2 s: later polls run on renewed tokens, never on an expired one.
      const issued = sim.stats.tokensIssued;
      const unauthorized = sim.stats.unauthorized;
      await until(() => sim.stats.tokensIssued >= issued + 2, 'tokens renewed', 15_000);
      assert.equal(sim.stats.unauthorized, unauthorized, 'no request went out with an expired token');
      // A revocation the client cannot foresee: one 401, one renewal, the story flows.
      sim.tokenLifetimeSeconds = 3600;
      await until(() => sim.stats.tokensIssued >= issued + 3, 'a long-lived token', 15_000);
      sim.revokeTokens();
      sim.stories.push(...stories(shape, 6, 1));
      await until(() => received.length >= expected + 1, 'the story after the revocation', 15_000);
      assert.ok(sim.stats.unauthorized > unauthorized, 'the revoked token met a 401');
    } else {
      sim.stories.push(...stories(shape, 6, 1));
      await until(() => received.length >= expected + 1, 'the sixth story', 15_000);
    }

    // A restart resumes from the stored cursor: only the new stories are downloaded.
    await worker.close();
    worker = null;
    const cursor = await redis.hget(feedStateKey(prefix, good.id), 'cursor');
    assert.ok(cursor, 'cursor persisted in Redis');
    const downloads = sim.stats.downloads + sim.stats.elsewhereRequests;
    sim.stories.push(...stories(shape, 7, 2));
    worker = await startWorker(config(prefix, [good, bad]), { logger });
    await until(() => received.length >= expected + 3, 'the two stories after the restart', 30_000);
    assert.equal(sim.stats.downloads + sim.stats.elsewhereRequests, downloads + 2, 'only the new stories downloaded after the restart');

    // reset-cursor: the feed reads from the start again; the store drops every repeat.
    await control.act('reset-cursor', good.id);
    await until(() => sim.stats.downloads + sim.stats.elsewhereRequests >= downloads + 2 + expected + 3, 'everything downloaded again', 30_000);
    const fetchedPolls = async (): Promise<number> => Number(await redis.hget(`${prefix}:wiredesk:feed-status:${good.id}`, 'polls:not-modified'));
    const n = await fetchedPolls();
    await until(async () => (await fetchedPolls()) >= n + 2, 'two more quiet polls', 15_000);
    const heads = received.map((e) => e.article.headline);
    assert.equal(new Set(heads).size, heads.length, 'no story published twice');
    assert.equal(heads.length, expected + 3);
  } finally {
    await worker?.close();
    await sub.close();
    await control.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await sim.close();
  }
}

test('a token is renewed a fifth of its lifetime (at most a minute) before it expires', () => {
  assert.equal(renewAt(0, 10), 8_000);
  assert.equal(renewAt(1_000, 3600), 1_000 + 3_600_000 - 60_000);
});

test('Reuters Connect shape: OAuth2 client credentials, GraphQL search with a cursor, NewsML-G2 renditions (another host refused)', { skip: NO_REDIS }, async () => {
  await scenario('reuters', 'refused');
});

test('AP Media API shape: API key, next_page feed with include/exclude, NITF renditions (another host allowed, no key sent)', { skip: NO_REDIS }, async () => {
  await scenario('ap', 'allowed');
});

test('AFP API shape: OAuth2, search paged with startAt, one download per document', { skip: NO_REDIS }, async () => {
  await scenario('afp', 'none');
});

test('Retry-After is bounded by maxRetryAfterSeconds; a text rendition is taken when preferred; a download failing with 503 keeps the cursor; a next_page off the API origin is refused', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const prefix = uniquePrefix('api-bounds');
  const { logger } = capturedLogger();
  const reuters = await startSimulator('reuters', stories('reuters', 1, 1));
  const enqueued: string[] = [];
  const ctx = { logger, enqueue: async (job: { bytes: string; contentType: string | null }) => { enqueued.push(`${job.contentType} ${Buffer.from(job.bytes, 'base64').toString('utf8').split('\n')[0]}`); return 'id'; } };
  try {
    const base = feedFor('reuters', reuters, 'rc-bounds', CLIENT_SECRET);
    const feed = { ...base, api: { ...base.api!, maxRetryAfterSeconds: 0.25, renditions: ['text/plain'] } };
    reuters.rateLimitNext = 1;
    assert.deepEqual(await pollFeed(feed, redis, prefix, ctx), { status: 'failed', code: 'WIREDESK_ERR_FETCH_RATE_LIMITED', retryInMs: 250 });
    await until(async () => (await pollFeed(feed, redis, prefix, ctx)).status === 'fetched', 'a poll after the bounded backoff');
    assert.deepEqual(enqueued, ['text/plain; charset=utf-8 reuters story 1: harbour cranes idle on day 1']);
    // A download answering 503 fails the poll and keeps the cursor: the story comes on the next one.
    const cursor = await redis.hget(feedStateKey(prefix, feed.id), 'cursor');
    reuters.stories.push(...stories('reuters', 2, 1));
    reuters.failDownloadsNext = 1;
    const failed = await pollFeed(feed, redis, prefix, ctx, Date.now, { force: true });
    assert.equal(failed.status, 'failed');
    assert.equal((failed as { code: string }).code, 'WIREDESK_ERR_FETCH_STATUS');
    assert.equal(await redis.hget(feedStateKey(prefix, feed.id), 'cursor'), cursor, 'the cursor did not move');
    assert.equal((await pollFeed(feed, redis, prefix, ctx, Date.now, { force: true })).status, 'fetched');
    assert.equal(enqueued.length, 2);
    // An AP next_page on another host would carry the key there: the poll fails, no cursor stored.
    const ap = await startSimulator('ap', stories('ap', 1, 1), { nextPageBase: 'http://127.0.0.2:9' });
    try {
      const apFeed = feedFor('ap', ap, 'ap-offorigin', CLIENT_SECRET);
      const out = await pollFeed(apFeed, redis, prefix, ctx);
      assert.equal(out.status, 'failed');
      assert.equal((out as { code: string }).code, 'WIREDESK_ERR_FETCH_CROSS_ORIGIN');
      assert.equal(await redis.hget(feedStateKey(prefix, apFeed.id), 'cursor'), null);
    } finally {
      await ap.close();
    }
  } finally {
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await reuters.close();
  }
});
