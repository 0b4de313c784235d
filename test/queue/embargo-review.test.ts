import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, ninjsStory, eventsOf } from './harness.js';
import { queueOn, redisTargets } from '../worker/redis-env.js';
import { createReviewService } from '../../src/review/review-service.js';
import { INTERNAL_QUEUE } from '../../src/queue/contract.js';
import { EmbargoControl } from '../../src/queue/embargo-control.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { hashSlot } from '../../src/queue/redis-connection.js';

const GUID = 'urn:newsml:testwire.example:20260302:budget-embargo';

/** A ninjs instant a little in the future (ninjs writes +0000 offsets). */
function inSeconds(s: number): string {
  return new Date(Date.now() + s * 1000).toISOString().replace(/\.\d+Z$/, '+0000');
}

/**
 * How far ahead the embargo lies: far enough that the story is read and held before it lifts on a
 * loaded machine (two test suites side by side on two cores took over two seconds), since these
 * tests check the hold and the release, not the pipeline's speed.
 */
const HOLD_S = 8;

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('an embargoed story is held and released at embargoedUntil, never before', async () => {
      const h = await startHarness({ url });
      try {
        const until = inSeconds(HOLD_S);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000', embargoed: until }));
        await h.waitFor('held', () => h.outcomes.length === 1);
        assert.equal(h.outcomes[0]!.outcome, 'embargoed');
        assert.equal(h.received.length, 0, 'nothing reaches a subscriber while the embargo holds');
        // The release's outcome is recorded as the deliveries go out: wait for both, not only the deliveries.
        await h.waitFor('release', () => h.received.length === 2 && h.outcomes.length === 2, 15_000 + HOLD_S * 1000);
        assert.deepEqual(h.outcomes.map((o) => o.outcome), ['embargoed', 'published']);
        for (const r of h.received) {
          assert.equal(r.event.event, 'article.upsert');
          assert.ok(Date.parse(r.event.publishedAt) >= Date.parse(r.event.article.embargoedUntil!), 'published at or after the embargo');
        }
      } finally {
        await h.close();
      }
    });

    test('an embargoed story killed before release reaches no subscriber', async () => {
      const h = await startHarness({ url });
      try {
        const until = inSeconds(HOLD_S);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000', embargoed: until }));
        await h.waitFor('held', () => h.outcomes.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T07:05:00+0000', pubstatus: 'canceled' }));
        await h.waitFor('kill', () => h.outcomes.length === 2);
        // Nobody had the story, so the kill goes nowhere, and the held version is gone from the embargo queue.
        assert.deepEqual(h.outcomes.map((o) => o.outcome), ['embargoed', 'dropped']);
        const embargo = queueOn(h.redis, INTERNAL_QUEUE.embargo, h.prefix);
        try {
          assert.equal(await embargo.getDelayedCount(), 0);
        } finally {
          await embargo.close();
        }
        // Past the embargo time, still nothing was delivered.
        await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(until) - Date.now()) + 500));
        assert.equal(h.received.length, 0);
      } finally {
        await h.close();
      }
    });

    test('a new version before release replaces the held one', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000', embargoed: inSeconds(30) }));
        await h.waitFor('held', () => h.outcomes.length === 1);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T07:05:00+0000', embargoed: inSeconds(1), headline: 'Budget: new figures' }));
        await h.waitFor('v2 released', () => h.received.length === 1, 15_000);
        assert.deepEqual(eventsOf(h, 'web').map((e) => e.version), ['2']);
      } finally {
        await h.close();
      }
    });

    test('two subscribers, one slow: the fast one is not held back', async () => {
      const h = await startHarness({ url, slow: { print: 700 } });
      try {
        for (let i = 0; i < 3; i++) {
          await h.enqueue('wire', ninjsStory({ guid: `urn:test:slow-${i}`, version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: `Story number ${i} about the fast and the slow` }));
        }
        await h.waitFor('fast subscriber', () => eventsOf(h, 'web').length === 3);
        assert.ok(eventsOf(h, 'print').length <= 1, 'the slow subscriber is still on its first event');
        await h.waitFor('slow subscriber catches up', () => eventsOf(h, 'print').length === 3, 15_000);
      } finally {
        await h.close();
      }
    });

    test('review routing: held until approved; hold and kill through the review service', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      const review = createReviewService(url, { prefix: h.prefix });
      try {
        await h.enqueue('desk', ninjsStory({ guid: 'urn:test:review-1', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.enqueue('desk', ninjsStory({ guid: 'urn:test:review-2', version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: 'A second story for the desk to judge today' }));
        await h.waitFor('review', () => h.outcomes.length === 2);
        assert.deepEqual(h.outcomes.map((o) => o.outcome), ['review', 'review']);
        const pending = await review.list({ states: ['pending'] });
        assert.equal(pending.length, 2);
        const [first, second] = [...pending].sort((a, b) => a.id.localeCompare(b.id));
        assert.deepEqual((await review.history(first!.id)).map((e) => [e.version, e.outcome]), [['1', 'new']]);
        assert.equal((await review.hold(second!.id, 'editor')).status, 'done');
        assert.equal((await review.hold(second!.id, 'editor')).status, 'conflict');
        assert.equal((await review.approve(first!.id, 'editor')).status, 'done');
        await h.waitFor('approved story published', () => h.received.length === 1);
        assert.equal(h.received[0]!.event.article.id, first!.id);
        // Kill the approved (published) story: the subscriber that had it hears of it.
        assert.equal((await review.kill(first!.id, 'editor')).status, 'done');
        await h.waitFor('kill', () => h.received.length === 2);
        assert.equal(h.received[1]!.event.event, 'article.kill');
        assert.equal(h.received[1]!.event.article.pubStatus, 'canceled');
        assert.equal((await review.approve('urn:nothing', null)).status, 'not-found');
        // The HTTP API's entry point: coded errors for 404 and 409.
        await assert.rejects(review.act('approve', 'urn:nothing', null), { code: 'WIREDESK_ERR_REVIEW_NOT_FOUND' });
        await assert.rejects(review.act('hold', first!.id, 'editor'), { code: 'WIREDESK_ERR_REVIEW_CONFLICT' });
        assert.equal((await review.act('approve', second!.id, 'editor')).state, 'approved');
        await h.waitFor('held story approved and published', () => h.received.length === 3);
        await assert.rejects(review.act('hold', second!.id, 'editor'), { code: 'WIREDESK_ERR_REVIEW_CONFLICT' });
        assert.deepEqual((await review.list()).map((s) => s.state).sort(), ['approved', 'killed']);
      } finally {
        await review.close();
        await h.close();
      }
    });

    test('embargo control (the desk\'s embargo page): scheduled, hold, the held list, the decisions, release now', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      const control = new EmbargoControl(h.redis, h.prefix, 3600);
      try {
        // Two stories whose slots lie on two different masters of a three-master cluster (slots
        // 0-5460 and 10923-16383): the page reads their states one pipeline per slot.
        const keys = new RedisKeys(h.prefix);
        const guids = [0, 1].map((third) => {
          for (let n = 0; ; n++) {
            const slot = hashSlot(keys.story(`testwire:${GUID}-control-${n}`));
            if (third === 0 ? slot < 5461 : slot >= 10923) return `${GUID}-control-${n}`;
          }
        });
        for (const guid of guids) await h.enqueue('wire', ninjsStory({ guid, version: 1, versionCreated: '2026-03-02T07:00:00+0000', embargoed: inSeconds(600) }));
        await h.waitFor('embargoed', () => h.outcomes.length === 2);
        const scheduled = await control.scheduled(0, 10);
        assert.equal(scheduled.rows.length, 2);
        assert.deepEqual(scheduled.rows.map((r) => r.id).sort(), guids.map((g) => `testwire:${g}`).sort());
        for (const r of scheduled.rows) assert.equal((await control.hold(r.id, r.versionKey, 'editor')).status, 'done');
        const held = await control.held(0, 10);
        assert.deepEqual(held.rows.map((r) => [r.id, r.state, r.heldBy]).sort(), scheduled.rows.map((r) => [r.id, 'held', 'editor']).sort());
        assert.equal(held.total, 2);
        const { id, versionKey } = scheduled.rows[0]!;
        assert.equal((await control.release(id, versionKey, 'editor')).status, 'done');
        await h.waitFor('released now', () => h.received.length === 1);
        assert.equal(h.received[0]!.event.article.id, id);
        assert.deepEqual((await control.held(0, 10)).rows.map((r) => r.id), [scheduled.rows[1]!.id]);
        assert.deepEqual((await control.decisions()).map((d) => d.action), ['release', 'hold', 'hold']);
      } finally {
        await control.close();
        await h.close();
      }
    });
  });
}
