import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type Cluster } from 'ioredis';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { StoryStore, type Decision } from '../../src/store/story-store.js';
import { connectRedis, RedisKeys } from '../../src/queue/redis-keys.js';
import { clusterTarget, hashSlot, isCluster, parseRedisTarget, queuePrefix, type RedisConnection } from '../../src/queue/redis-connection.js';
import { redactedRedisUrl } from '../../src/cli/redis-options.js';
import { configProblems } from '../../src/config/config.js';
import { startStageWorkers, enqueueRawItem, closeRawItemQueues } from '../../src/queue/stages.js';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import { parseConfig } from '../../src/config/config.js';
import { subscribe, type PublishEvent, type Subscription } from '../../src/subscriber.js';
import { startOwnCluster, type OwnCluster } from '../helpers/redis-cluster.js';
import { ninjsStory, rawJob, REDIS_URL, type StoryOptions } from './harness.js';
import { NO_REDIS, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 17: wiredesk on a real Redis Cluster (three masters with a replica each, test/helpers/
// redis-cluster.ts), one cluster for this whole file. The story store and the worker's publish,
// versions, kill and embargo flow run on the cluster and give what they give on the single server;
// a master killed in the middle of a burst loses and duplicates nothing.

function clusterSupport(): string | false {
  if (NO_REDIS) return NO_REDIS;
  const v = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) return 'redis-server is not installed';
  const cli = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (cli.status !== 0) return 'redis-cli is not installed';
  const major = Number(/v=(\d+)/.exec(v.stdout)?.[1] ?? 0);
  // `--cluster-port` and `redis-cli --cluster create` need Redis 7.
  return major >= 7 ? false : `redis-server ${major} lacks the cluster support this test needs (7 or later)`;
}

const skip = clusterSupport();

function article(o: Partial<StoryOptions> & { guid: string }): Article {
  return ingestItem({ bytes: ninjsStory({ version: 1, versionCreated: '2026-03-02T07:00:00+0000', ...o }), path: null, feed: 'wire' }).articles[0]!;
}

/** The decisions of one scenario over many stories: new, newer, duplicate, stale and kill, in batches. */
async function storyScenario(redis: RedisConnection, prefix: string): Promise<Decision[][]> {
  const store = new StoryStore(redis, new RedisKeys(prefix), 600);
  const n = 60;
  const guids = Array.from({ length: n }, (_, i) => `urn:cluster:story-${i}`);
  const v = (g: string, version: number, extra: Partial<StoryOptions> = {}): Article =>
    article({ guid: g, version, versionCreated: `2026-03-02T${String(6 + version).padStart(2, '0')}:00:00+0000`, headline: `Story ${g} version ${version}`, ...extra });
  const now = new Date('2026-03-02T12:00:00Z');
  const req = (a: Article) => ({ article: a, target: 'publishing' as const, subscribers: ['web', 'print'], now });
  const rounds: Decision[][] = [];
  rounds.push(await store.decideMany(guids.map((g) => req(v(g, 2)))));
  // A mix: every fifth a duplicate, newer, stale (older version late), kill, or a new story.
  rounds.push(await store.decideMany(guids.map((g, i) => {
    switch (i % 5) {
      case 0: return req(v(g, 2));
      case 1: return req(v(g, 3));
      case 2: return req(v(g, 1));
      case 3: return req(v(g, 3, { pubstatus: 'canceled' }));
      default: return req(v(`${g}-other`, 1));
    }
  })));
  // After a kill anything is stale; the others go on.
  rounds.push(await store.decideMany(guids.map((g) => req(v(g, 4)))));
  await store.markDeliveredMany(rounds[2]!.map((d, i) => ({ id: v(guids[i]!, 4).id, versionKey: d.versionKey })));
  rounds.push(await store.decideMany(guids.map((g) => req(v(g, 4)))));
  return rounds.map((r) => r.map((d) => ({ ...d, subscribers: [...d.subscribers].sort() })));
}

test('Redis targets: one server as before, a cluster by its seeds; credentials never shown; bad ones refused with the reason', () => {
  // One server's URL is ioredis' business as it was (query options included); its queues keep the old layout.
  assert.deepEqual(parseRedisTarget('redis://:pw@cache:6380/2?family=6'), { cluster: false, nodes: [{ host: 'cache', port: 6380 }], tls: false, password: 'pw', db: 2 });
  assert.equal(queuePrefix(false, 'wiredesk', 'ingest'), 'wiredesk');
  assert.equal(queuePrefix(true, 'wiredesk', 'publish.web'), '{wiredesk:publish.web}');
  assert.equal(clusterTarget(['redis://u:p%2Cw@a:7000', 'redis://b:7001']), 'redis-cluster://u:p%2Cw@a:7000,b:7001');
  assert.deepEqual(parseRedisTarget('redis-cluster://u:p%2Cw@a:7000,b:7001'), { cluster: true, nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }], tls: false, username: 'u', password: 'p,w', db: 0 });
  assert.equal(redactedRedisUrl('rediss-cluster://u:secret@a:7000,b:7001'), 'rediss-cluster://a:7000,b:7001');
  assert.equal(redactedRedisUrl('redis://:secret@host:6380/2'), 'redis://host:6380/2');
  for (const [bad, why] of [['redis-cluster://a:1?x=1', /query strings/], ['redis://a:1,', /empty seed/], ['http://a:1,redis://b:2', /must start with/], ['redis://u:x@a:1,redis://u:y@b:2', /different passwords/]] as const) {
    assert.throws(() => parseRedisTarget(bad), (e: Error & { code?: string }) => e.code === 'WIREDESK_ERR_CONFIG_INVALID' && why.test(e.message) && !e.message.includes('x@') && !e.message.includes(':y'));
  }
  const problems = (doc: unknown, env: NodeJS.ProcessEnv = {}): string[] => configProblems(doc, env).map((p) => `${p.path} ${p.message}`);
  assert.deepEqual(problems({ redis: { url: 'redis://a:1', cluster: ['redis://b:2'] }, feeds: [] }), ['/redis/cluster give redis.url or redis.cluster, not both']);
  assert.match(problems({ feeds: [] }, { WIREDESK_REDIS_URL: 'redis://a:1,rediss://b:2' }).join('\n'), /WIREDESK_REDIS_URL in the environment: the seeds mix TLS/);
  assert.match(problems({ redis: { prefix: '{wd}' }, feeds: [] }, { WIREDESK_REDIS_URL: 'redis-cluster://a:1' }).join('\n'), /\/redis\/prefix WIREDESK_ERR_REDIS_CLUSTER_PREFIX/);
  assert.deepEqual(problems({ redis: { prefix: '{wd}', url: 'redis://a:1' }, feeds: [] }), [], 'braces stay allowed on one server');
});

test('every Redis-backed command refuses a braced prefix on a cluster target from --prefix or the environment, before connecting', async () => {
  // Port 1 answers nothing: the refusal must come before any connection is tried.
  const env = { ...process.env, WIREDESK_CONFIG: '', WIREDESK_REDIS_URL: 'redis-cluster://127.0.0.1:1,127.0.0.1:2', WIREDESK_PREFIX: '' };
  for (const args of [['dlq', 'list', '--prefix', '{wd}'], ['review', 'list', '--prefix', 'a{b}'], ['feeds', 'list', '--prefix', 'x}']]) {
    const run = await runCli(args, { env });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /WIREDESK_ERR_REDIS_CLUSTER_PREFIX .*the prefix "[^"]+" contains a brace/);
  }
  const fromEnv = await runCli(['dlq', 'list'], { env: { ...env, WIREDESK_PREFIX: '{wd}' } });
  assert.equal(fromEnv.code, 2, fromEnv.stderr);
  assert.match(fromEnv.stderr, /WIREDESK_ERR_REDIS_CLUSTER_PREFIX/);
});

describe('on a real Redis Cluster', { skip }, () => {
  let cluster: OwnCluster | null = null;
  let target = '';
  before(async () => {
    cluster = await startOwnCluster();
    target = `redis-cluster://${cluster.seeds.slice(0, 2).map((s) => `${s.host}:${s.port}`).join(',')}`;
  });
  after(async () => {
    await closeRawItemQueues({ force: true });
    await cluster?.stop();
    // Known (issue 17 report): after a failover, BullMQ's blocking connection of an idle worker
    // whose queue lived on the killed master can still be reconnecting when the worker has closed
    // (the worker's shutdown forces it after 25 s, and `wiredesk worker` exits anyway). With the
    // cluster stopped it would retry for ever and keep this test file's process alive: the file
    // ends once its results are out. (An unref'd timer: it fires only if something is left.)
    setTimeout(() => process.exit(), 5_000).unref();
  });

  test('targets: a cluster URL, a list of URLs and redis.cluster in the config name the same seeds; one URL stays one server', () => {
    const s = cluster!.seeds;
    assert.deepEqual(parseRedisTarget(target).nodes, s.slice(0, 2));
    assert.equal(parseRedisTarget(`redis://${s[0]!.host}:${s[0]!.port},redis://${s[1]!.host}:${s[1]!.port}`).cluster, true);
    assert.equal(parseRedisTarget(REDIS_URL!).cluster, false);
    const t = parseRedisTarget('rediss-cluster://ops:p%40ss@a.example:7000,b.example:7001');
    assert.deepEqual({ tls: t.tls, username: t.username, password: t.password, nodes: t.nodes.length }, { tls: true, username: 'ops', password: 'p@ss', nodes: 2 });
    assert.throws(() => parseRedisTarget('redis-cluster://a:1/3'), /only database 0/);
    assert.throws(() => parseRedisTarget('redis://a:1,rediss://b:2'), /mix TLS/);
    const config = parseConfig(`redis:\n  cluster: [ "redis://${s[0]!.host}:${s[0]!.port}" ]\nfeeds:\n  - { id: wire, kind: webhook, secretEnv: HOOK }\nsubscribers: [ { name: web } ]\n`, 'c.yaml', { HOOK: 'a-webhook-secret-long-enough' });
    assert.equal(config.redisUrl, `redis-cluster://${s[0]!.host}:${s[0]!.port}`);
    // A prefix with braces would put every queue in one slot: refused on a cluster, accepted on one server.
    assert.throws(() => parseConfig(`redis:\n  cluster: [ "redis://${s[0]!.host}:${s[0]!.port}" ]\n  prefix: "{wd}"\nfeeds:\n  - { id: wire, kind: webhook, secretEnv: HOOK }\nsubscribers: [ { name: web } ]\n`, 'c.yaml', { HOOK: 'a-webhook-secret-long-enough' }), /WIREDESK_ERR_REDIS_CLUSTER_PREFIX/);
  });

  test('hash slots as the cluster computes them (CLUSTER KEYSLOT), tags and all', async () => {
    const conn = connectRedis(target);
    try {
      const keys = ['wiredesk:wiredesk:story:{ap:urn:1}', 'a', 'ü{ß}x', '{}empty', 'x{}y{z}', '{wiredesk:publish.web}:publish.web:wait', 'story:{a{b}}:history', ...Array.from({ length: 50 }, (_, i) => `k${i}:${randomBytes(3).toString('hex')}`)];
      for (const k of keys) assert.equal(hashSlot(k), await conn.call('cluster', 'keyslot', k), k);
    } finally {
      await conn.quit();
    }
  });

  test('the helper moves empty slots as resharding does (the balanced layout of the bench): the new master serves them, and a slot with keys stays put', async () => {
    const seed = new Redis(cluster!.seeds[0]!.port, '127.0.0.1');
    const conn = connectRedis(target);
    try {
      const ranges = (await seed.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
      const [from, to] = [ranges[0]!, ranges[1]!];
      const slots = Array.from({ length: 40 }, (_, i) => from[1] - i);
      await cluster!.moveSlots(slots, from[2][1], to[2][1]);
      const after = (await seed.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
      for (const s of slots) assert.equal(after.find(([a, b]) => s >= a && s <= b)?.[2][1], to[2][1], `slot ${s}`);
      // A key of a moved slot is written through the cluster client and held by the new master.
      let key = '';
      for (let i = 0; !key; i++) if (slots.includes(hashSlot(`moved:${i}`))) key = `moved:${i}`;
      await conn.set(key, 'x');
      const owner = new Redis(to[2][1], '127.0.0.1');
      try {
        assert.equal(await owner.call('CLUSTER', 'COUNTKEYSINSLOT', String(hashSlot(key))), 1);
        await assert.rejects(cluster!.moveSlots([hashSlot(key)], to[2][1], from[2][1]), /holds keys/);
      } finally {
        owner.disconnect();
      }
      await conn.del(key);
    } finally {
      seed.disconnect();
      await conn.quit();
    }
  });

  test('a prefix with braces is refused on the cluster before anything is written, with its code', async () => {
    await assert.rejects(startStageWorkers(target, { feeds: {}, subscribers: [], retentionSeconds: 60, concurrency: 1, prefix: '{wd}' }), (e: Error & { code?: string }) => e.code === 'WIREDESK_ERR_REDIS_CLUSTER_PREFIX');
    await assert.rejects(subscribe('web', () => undefined, { connection: target, prefix: 'a{b' }), (e: Error & { code?: string }) => e.code === 'WIREDESK_ERR_REDIS_CLUSTER_PREFIX');
    await assert.rejects(enqueueRawItem(target, rawJob('wire', Buffer.from('x')), { prefix: '{wd}' }), (e: Error & { code?: string }) => e.code === 'WIREDESK_ERR_REDIS_CLUSTER_PREFIX');
  });

  test('story store: the same decisions on the cluster as on the single server, over stories in many slots', async () => {
    const onCluster = connectRedis(target);
    const single = new Redis(REDIS_URL!);
    const prefix = `t-cluster-${randomBytes(4).toString('hex')}`;
    try {
      assert.ok(isCluster(onCluster));
      const a = await storyScenario(onCluster, prefix);
      const b = await storyScenario(single, prefix);
      assert.deepEqual(a, b);
      const kinds = new Set(a.flat().map((d) => d.kind));
      assert.deepEqual([...kinds].sort(), ['duplicate', 'kill', 'new', 'newer', 'stale']);
      // The stories really are spread: a batch touched many slots, and every story's keys share one.
      const keys = new RedisKeys(prefix);
      const ids = Array.from({ length: 60 }, (_, i) => article({ guid: `urn:cluster:story-${i}` }).id);
      assert.ok(new Set(ids.map((id) => hashSlot(keys.story(id)))).size > 30);
      for (const id of ids) assert.equal(hashSlot(keys.storyHistory(id)), hashSlot(keys.story(id)));
      const masters = new Set(ids.map((id) => (onCluster as Cluster).slots[hashSlot(keys.story(id))]?.[0]));
      assert.equal(masters.size, 3, 'the stories lie on all three masters');
    } finally {
      await deletePrefixKeys(single, prefix);
      await single.quit();
      await onCluster.quit();
    }
  });

  describe('a worker on the cluster', () => {
    let worker: RunningWorker | null = null;
    let sub: Subscription | null = null;
    const received: Array<{ event: PublishEvent; key: string }> = [];
    const prefix = `t-cw-${randomBytes(4).toString('hex')}`;
    let dropDir = '';
    before(async () => {
      dropDir = await mkdtemp(join(tmpdir(), 'wiredesk-cluster-drop-'));
      const s = cluster!.seeds;
      const yaml = [
        'redis:',
        `  cluster: [ ${s.slice(0, 3).map((n) => `"redis://${n.host}:${n.port}"`).join(', ')} ]`,
        `  prefix: ${prefix}`,
        'http: { listen: "127.0.0.1:0" }',
        'concurrency: 4',
        'feeds:',
        '  - { id: wire, kind: webhook, secretEnv: HOOK }',
        `  - { id: drop, kind: folder, folder: "${dropDir}", pollIntervalSeconds: 0.1 }`,
        'subscribers: [ { name: web } ]',
      ].join('\n');
      const config = parseConfig(yaml, 'cluster.yaml', { HOOK: 'a-webhook-secret-long-enough' });
      worker = await startWorker(config, { logger: capturedLogger().logger, listen: { host: '127.0.0.1', port: 0 } });
      sub = await subscribe('web', (event, info) => { received.push({ event, key: info.key }); }, { connection: config.redisUrl, prefix });
    });
    after(async () => {
      await sub?.close();
      await worker?.close();
      await rm(dropDir, { recursive: true, force: true });
    });
    const enqueue = (o: StoryOptions): Promise<string> => enqueueRawItem(target, rawJob('wire', ninjsStory(o)), { prefix });
    const eventsFor = (guid: string): string[] => received.filter((r) => r.event.article.id.endsWith(guid)).map((r) => `${r.event.event} ${r.event.article.version}`);

    test('versions, a late older version, a kill and an embargo go through the worker to the subscriber', async () => {
      const ready = await fetch(`${worker!.url}/readyz`);
      assert.equal(ready.status, 200);
      await enqueue({ guid: 'urn:c:versions', version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: 'First' });
      await until(() => eventsFor('urn:c:versions').length === 1, 'version 1');
      await enqueue({ guid: 'urn:c:versions', version: 3, versionCreated: '2026-03-02T09:00:00+0000', headline: 'Third' });
      await until(() => eventsFor('urn:c:versions').length === 2, 'version 3');
      await enqueue({ guid: 'urn:c:versions', version: 2, versionCreated: '2026-03-02T08:00:00+0000', headline: 'Second, late' });
      await enqueue({ guid: 'urn:c:versions', version: 4, versionCreated: '2026-03-02T10:00:00+0000', headline: 'Killed', pubstatus: 'canceled' });
      await until(() => eventsFor('urn:c:versions').length === 3, 'the kill');
      const soon = new Date(Date.now() + 1_500).toISOString();
      await enqueue({ guid: 'urn:c:embargo', version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: 'Held', embargoed: soon });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(eventsFor('urn:c:embargo'), [], 'not before the embargo');
      await until(() => eventsFor('urn:c:embargo').length === 1, 'the embargo release');
      await new Promise((r) => setTimeout(r, 300));
      // Version 2 came after 3: recorded as stale, never published.
      assert.deepEqual(eventsFor('urn:c:versions'), ['article.upsert 1', 'article.upsert 3', 'article.kill 4']);
      assert.equal(eventsFor('urn:c:embargo')[0], 'article.upsert 1');
      // Each queue has a slot of its own: ingest, embargo and publish.web keys lie in three tags.
      const conn = connectRedis(target) as Cluster;
      try {
        const tags = ['ingest', 'embargo', 'publish.web'].map((q) => hashSlot(`{${prefix}:${q}}:${q}:meta`));
        assert.equal(new Set(tags).size, 3);
        assert.equal(await conn.exists(`{${prefix}:publish.web}:publish.web:meta`), 1, 'the subscriber queue lives under its own tag');
      } finally {
        await conn.quit();
      }
    });

    test('a dropped file goes through the sources thread on the cluster; `wiredesk feeds` finds the deployment through WIREDESK_REDIS_URL', async () => {
      await writeFile(join(dropDir, 'story.json'), ninjsStory({ guid: 'urn:c:dropped', version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: 'Dropped in a folder' }));
      await until(() => eventsFor('urn:c:dropped').length === 1, 'the dropped story', 20_000);
      await until(async () => (await readdir(join(dropDir, 'done')).catch(() => [])).length === 1, 'the file in done/');
      const env = { WIREDESK_REDIS_URL: `redis://${cluster!.seeds[1]!.host}:${cluster!.seeds[1]!.port},redis://${cluster!.seeds[2]!.host}:${cluster!.seeds[2]!.port}`, WIREDESK_PREFIX: prefix, WIREDESK_CONFIG: '', REDIS_URL: '' };
      const list = await runCli(['feeds', 'list', '--json'], { env });
      assert.equal(list.code, 0, list.stderr);
      const feeds = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; itemsToday: number; lastSuccessAt: string | null });
      assert.deepEqual(feeds.map((f) => f.id), ['drop', 'wire']);
      assert.equal(feeds.find((f) => f.id === 'drop')!.itemsToday, 1);
      assert.ok(feeds.find((f) => f.id === 'drop')!.lastSuccessAt);
    });

    test('failover: a master killed in the middle of a burst; every story reaches the subscriber exactly once', async () => {
      const burst = 40;
      const guids = Array.from({ length: burst }, (_, i) => `urn:c:burst-${i}`);
      const adds: Array<Promise<string>> = [];
      let killed = false;
      let publishedAtKill = -1;
      for (let i = 0; i < burst; i++) {
        adds.push(enqueue({ guid: guids[i]!, version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: `Burst story ${i}` }));
        if (i === burst / 2) {
          // The master serving the publish queue's slot goes, with jobs in flight around it.
          const c = connectRedis(target) as Cluster;
          await until(() => c.status === 'ready', 'a probe connection');
          const slot = hashSlot(`{${prefix}:publish.web}:x`);
          const owner = c.slots[slot]?.[0] ?? '';
          await c.quit();
          publishedAtKill = guids.filter((g) => eventsFor(g).length > 0).length;
          await cluster!.kill(Number(owner.split(':').pop()));
          killed = true;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(killed);
      assert.ok(publishedAtKill < burst, `the master went with stories still to publish (${publishedAtKill} of ${burst} out)`);
      await Promise.all(adds);
      await cluster!.waitHealthy();
      await until(() => guids.every((g) => eventsFor(g).length >= 1), 'every burst story published', 60_000);
      // Late duplicates, if any, would come within the retries' backoff: give them a moment.
      await new Promise((r) => setTimeout(r, 1_500));
      const counts = new Map<string, number>();
      for (const r of received) if (r.event.article.id.includes('urn:c:burst-')) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
      const lost = guids.filter((g) => eventsFor(g).length === 0);
      const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
      assert.deepEqual({ lost, duplicated }, { lost: [], duplicated: [] });
      assert.equal(counts.size, burst);
    });
  });
});
