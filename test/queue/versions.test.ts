import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, ninjsStory, eventsOf } from './harness.js';
import { queueOn, redisTargets } from '../worker/redis-env.js';
import { queuePrefix } from '../../src/queue/redis-connection.js';
import { StoryStore } from '../../src/store/story-store.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';

const GUID = 'urn:newsml:testwire.example:20260302:harbour-strike';

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('versions out of order: the older one arriving late is recorded, never published', async () => {
      const h = await startHarness({ url });
      try {
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('v1', () => h.outcomes.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 3, versionCreated: '2026-03-02T09:00:00+0000', headline: 'Harbour strike ends after talks' }));
        await h.waitFor('v3', () => h.outcomes.length === 2);
        // Version 2 carries a higher number than nothing but an earlier creation time than v3.
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T08:00:00+0000', headline: 'Harbour strike talks resume' }));
        await h.waitFor('v2', () => h.outcomes.length === 3);
        await h.waitFor('deliveries', () => h.received.length === 4);
        assert.deepEqual(h.outcomes.map((o) => o.outcome), ['published', 'published', 'stale']);
        const id = h.received[0]!.event.article.id;
        for (const sub of ['web', 'print']) {
          assert.deepEqual(eventsOf(h, sub), [
            { event: 'article.upsert', version: '1', previous: null },
            { event: 'article.upsert', version: '3', previous: `${id}@1` },
          ]);
        }
        const store = new StoryStore(h.redis, new RedisKeys(h.prefix), 3600);
        const history = await store.history(id);
        assert.deepEqual(history.map((e) => [e.version, e.outcome]), [['1', 'new'], ['3', 'newer'], ['2', 'stale']]);
        assert.equal((await store.latest(id))?.versionKey, '3');
      } finally {
        await h.close();
      }
    });

    test('a correction is published as article.correct with the version it corrects', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('v1', () => h.received.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T07:30:00+0000', signals: ['correction'], headline: 'Harbour cranes idle as dockworkers strike (corrects union name)' }));
        await h.waitFor('v2', () => h.received.length === 2);
        const id = h.received[0]!.event.article.id;
        assert.deepEqual(eventsOf(h, 'web'), [
          { event: 'article.upsert', version: '1', previous: null },
          { event: 'article.correct', version: '2', previous: `${id}@1` },
        ]);
      } finally {
        await h.close();
      }
    });

    test('a kill after publish reaches every subscriber that had the story', async () => {
      const h = await startHarness({ url });
      try {
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('v1', () => h.received.length === 2);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T07:10:00+0000', pubstatus: 'canceled', headline: 'KILL: Harbour cranes idle' }));
        await h.waitFor('kill', () => h.received.length === 4);
        const id = h.received[0]!.event.article.id;
        for (const sub of ['web', 'print']) {
          assert.deepEqual(eventsOf(h, sub), [
            { event: 'article.upsert', version: '1', previous: null },
            { event: 'article.kill', version: '2', previous: `${id}@1` },
          ]);
        }
        // A late version after the kill is stale: a killed story stays killed.
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 3, versionCreated: '2026-03-02T07:20:00+0000' }));
        await h.waitFor('late version', () => h.outcomes.length === 3);
        assert.equal(h.outcomes[2]!.outcome, 'stale');
      } finally {
        await h.close();
      }
    });

    test('the same version delivered again publishes once, and job ids are <id>@<version>', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const bytes = ninjsStory({ guid: GUID, version: 4, versionCreated: '2026-03-02T07:00:00+0000' });
        await h.enqueue('wire', bytes);
        await h.waitFor('first', () => h.outcomes.length === 1);
        await h.enqueue('wire', bytes);
        await h.enqueue('wire', bytes);
        await h.waitFor('re-deliveries', () => h.outcomes.length === 3);
        assert.deepEqual(h.outcomes.map((o) => o.outcome), ['published', 'duplicate', 'duplicate']);
        await h.waitFor('delivery', () => h.received.length === 1);
        const id = h.received[0]!.event.article.id;
        assert.equal(h.received[0]!.jobId, `${id}@4`.replace(/:/g, '%3A'));
      } finally {
        await h.close();
      }
    });

    test('a near-duplicate from another agency is marked relatedTo, not dropped', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const body = '<p>Dockworkers at the largest container port walked off the job on Monday, halting cranes and leaving dozens of ships waiting offshore as talks over pay and automation broke down late on Sunday night, union officials said.</p><p>The port authority said contingency plans were in place.</p>';
        await h.enqueue('wire', ninjsStory({ guid: 'urn:agency-a:strike', version: 1, versionCreated: '2026-03-02T07:00:00+0000', body }));
        await h.waitFor('first', () => h.received.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: 'urn:agency-b:port-strike', version: 1, versionCreated: '2026-03-02T07:02:00+0000', body: body.replace('</p><p>', ' </p><p>'), headline: 'Port strike halts cranes' }));
        await h.waitFor('second', () => h.received.length === 2);
        const [a, b] = h.received.map((r) => r.event.article);
        assert.deepEqual(a!.relatedTo, []);
        assert.deepEqual(b!.relatedTo, [a!.id]);
      } finally {
        await h.close();
      }
    });

    test('a kill under its own id that names the killed story in replaces reaches the story\'s subscribers', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        await h.enqueue('wire', ninjsStory({ guid: 'urn:test:target-story', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('story', () => h.received.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: 'urn:test:kill-notice', version: 1, versionCreated: '2026-03-02T07:30:00+0000', pubstatus: 'canceled', replaces: 'urn:test:target-story', headline: 'KILL' }));
        await h.waitFor('kill', () => h.received.length === 2);
        const [story, kill] = h.received.map((r) => r.event);
        assert.equal(kill!.event, 'article.kill');
        assert.equal(kill!.article.id, story!.article.id);
        assert.equal(kill!.previous, `${story!.article.id}@1`);
      } finally {
        await h.close();
      }
    });

    test('a delivery interrupted after the store decided is finished by the retry, once', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const { ingestItem } = await import('../../src/pipeline/ingest.js');
        const bytes = ninjsStory({ guid: 'urn:test:crash', version: 2, versionCreated: '2026-03-02T07:00:00+0000' });
        const [article] = ingestItem({ bytes, path: null, feed: 'wire' }).articles;
        // A worker that died right after the store's decision: the latest version is recorded, nothing was delivered.
        const store = new StoryStore(h.redis, new RedisKeys(h.prefix), 3600);
        assert.equal((await store.decide(article!, 'publishing', ['web'])).kind, 'new');
        assert.equal((await store.latest(article!.id))?.delivered, false);
        await h.enqueue('wire', bytes);
        // (The outcome is reported after the delivery is marked, so the subscriber may see the event first.)
        await h.waitFor('resumed delivery', () => h.received.length === 1 && h.outcomes.length === 1);
        assert.equal(h.outcomes[0]!.outcome, 'published');
        assert.equal((await store.latest(article!.id))?.delivered, true);
        await h.enqueue('wire', bytes);
        await h.waitFor('duplicate', () => h.outcomes.length === 2);
        assert.equal(h.outcomes[1]!.outcome, 'duplicate');
        assert.equal(h.received.length, 1);
      } finally {
        await h.close();
      }
    });

    test('two worker sets racing on copies of one story\'s versions publish each version at most once', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      const { startStageWorkers } = await import('../../src/queue/stages.js');
      let second = 0;
      const other = await startStageWorkers(url, h.settings, { onOutcome: () => { second++; } });
      try {
        const versions = [1, 2, 3, 4, 5].map((v) => ninjsStory({ guid: 'urn:test:race', version: v, versionCreated: `2026-03-02T07:0${v}:00+0000`, headline: `Race version ${v}` }));
        const order = [4, 1, 5, 2, 3, 5, 1, 4, 2, 3, 3, 5, 1, 2, 4];
        await Promise.all(order.map((v) => h.enqueue('wire', versions[v - 1]!)));
        await h.waitFor('all copies', () => h.outcomes.length + second === order.length);
        await new Promise((r) => setTimeout(r, 200));
        const keys = h.received.map((r) => r.jobId);
        assert.equal(new Set(keys).size, keys.length, `no version twice: ${keys.join(' ')}`);
        assert.ok(keys.some((k) => k.endsWith('@5')), 'the newest version was published');
        const store = new StoryStore(h.redis, new RedisKeys(h.prefix), 3600);
        assert.equal((await store.latest(h.received[0]!.event.article.id))?.versionKey, '5');
      } finally {
        await other.close();
        await h.close();
      }
    });

    test('a re-sent event is a no-op for the whole retention, even after the consumed job itself is gone', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const { ingestItem } = await import('../../src/pipeline/ingest.js');
        const { Publisher } = await import('../../src/queue/publisher.js');
        const bytes = ninjsStory({ guid: 'urn:test:resend', version: 3, versionCreated: '2026-03-02T07:00:00+0000' });
        const [article] = ingestItem({ bytes, path: null, feed: 'wire' }).articles;
        // Completed events are not kept at all here: the job is gone the moment it is consumed.
        const publisher = new Publisher(h.redis, h.prefix, 3600, { age: 3600, count: 0 });
        const queue = queueOn(h.redis, 'publish.web', h.prefix);
        try {
          await publisher.publish(article!, 'article.upsert', null, '3', ['web']);
          await h.waitFor('delivery', () => h.received.length === 1);
          const jobId = h.received[0]!.jobId;
          for (let i = 0; i < 500 && (await queue.getJob(jobId)) !== undefined; i++) await new Promise((r) => setTimeout(r, 10));
          assert.equal(await queue.getJob(jobId), undefined, 'the consumed job was removed');
          await publisher.publishMany([{ article: article!, event: 'article.upsert', previous: null, versionKey: '3', subscribers: ['web'] }]);
          await publisher.publish(article!, 'article.upsert', null, '3', ['web']);
          assert.equal(await queue.getJob(jobId), undefined, 'no second copy of the event was added');
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(h.received.length, 1);
          // Another version is a new event.
          await publisher.publish({ ...article!, version: '4' }, 'article.upsert', `${article!.id}@3`, '4', ['web']);
          await h.waitFor('the next version', () => h.received.length === 2);
        } finally {
          await queue.close();
          await publisher.close();
        }
      } finally {
        await h.close();
      }
    });

    test('an event fanned out to several subscribers is serialized once, and each queue holds exactly its JSON', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const { ingestItem } = await import('../../src/pipeline/ingest.js');
        const { Publisher } = await import('../../src/queue/publisher.js');
        const [article] = ingestItem({ bytes: ninjsStory({ guid: 'urn:test:fanout', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }), path: null, feed: 'wire' }).articles;
        const publisher = new Publisher(h.redis, h.prefix, 3600);
        // Subscribers with no worker: their jobs wait in the queues to be read back.
        const names = ['alpha', 'beta', 'gamma'];
        const queues = names.map((n) => queueOn(h.redis, `publish.${n}`, h.prefix));
        try {
          const at = new Date('2026-03-02T07:05:00Z');
          await publisher.publishMany([{ article: article!, event: 'article.upsert', previous: null, versionKey: '1', subscribers: names }], at);
          await publisher.publish({ ...article!, version: '2' }, 'article.upsert', `${article!.id}@1`, '2', names, at);
          for (const q of queues) {
            const jobs = (await q.getJobs(['waiting'])).sort((a, b) => a.timestamp - b.timestamp || String(a.id).localeCompare(String(b.id)));
            assert.equal(jobs.length, 2, q.name);
            const stored = await Promise.all(jobs.map((j) => h.redis.hget(`${queuePrefix(h.redis, h.prefix, q.name)}:${q.name}:${j.id}`, 'data')));
            const expected = [
              { event: 'article.upsert', article: article!, previous: null, publishedAt: at.toISOString() },
              { event: 'article.upsert', article: { ...article!, version: '2' }, previous: `${article!.id}@1`, publishedAt: at.toISOString() },
            ];
            assert.deepEqual(stored.map((s) => JSON.parse(s!)).sort((a, b) => String(a.article.version).localeCompare(String(b.article.version))), expected);
            for (const [i, s] of stored.entries()) assert.equal(s, JSON.stringify(jobs[i]!.data), 'the stored string is the JSON of the payload');
          }
        } finally {
          await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
          await publisher.close();
        }
      } finally {
        await h.close();
      }
    });
  });
}
