import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { addUser } from '../../src/desk/users.js';
import { createReviewService, type ReviewService } from '../../src/review/review-service.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import { connectTest, redisTargets, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { deskSignIn } from '../helpers/desk-sign-in.js';

// Issue 16, item 3 "Why it is here": a real worker and Redis, a drop-folder feed routed `publish`
// with review rules. Texts invented for this test.

const PASSWORD = 'viewer-password-77';

const LEDE = 'Ferry crossings between Norhaven and the island of Vell will rise to twelve a day next month, the regional council announced on Tuesday, answering months of complaints from traders.';
const REWRITTEN_LEDE = 'The regional council on Tuesday approved more ferry sailings to the island of Vell, bringing the number of daily crossings from Norhaven to twelve after traders complained for months.';
const REST = [
  'The council said the new timetable would add four crossings a day between the two harbours from the first of next month, with the earliest boat leaving at half past five.',
  'Fares will stay at their current level until the end of the year, a spokeswoman for the operator told reporters at the quay, adding that season tickets bought before the change remain valid.',
  'Local traders have campaigned for more frequent crossings since the old bridge was closed for repairs last spring, saying that the long detour by road had cost them customers and delivery time.',
  'The operator has leased a second vessel from a company in the north to run the extra crossings and expects it to arrive within three weeks after a short refit in the shipyard.',
  'Residents of the island welcomed the decision but asked for a later last boat on Fridays and Saturdays, when many of them work evening shifts in the restaurants on the mainland side.',
  'The council will review the timetable in the autumn once figures for passenger numbers over the summer months are available, the spokeswoman said.',
];

function story(guid: string, headline: string, paragraphs: string[], credit: string | null): string {
  const picture: Record<string, unknown> = {
    guid: `${guid}-pic`, type: 'picture', description_text: 'A ferry leaves the harbour at Norhaven.',
    renditions: { baseImage: { href: 'https://img.example.com/ferry.jpg', mimetype: 'image/jpeg', width: 1200, height: 800 } },
  };
  if (credit) picture.byline = credit;
  return JSON.stringify({
    guid, type: 'text', version: '1', versioncreated: '2026-11-30T08:00:00+0000', pubstatus: 'usable', language: 'en', source: 'Testwire',
    headline, byline: 'By Oda Brenne', body_html: paragraphs.map((p) => `<p>${p}</p>`).join(''), associations: { featureimage: picture },
  });
}

function signIn(base: string): Promise<string> {
  return deskSignIn(base, 'vi', PASSWORD);
}

/**
 * A worker with a drop-folder feed `harbourwire` routed `publish`, the desk and review settings
 * given (made in the run's folder), a subscriber `web` and the review service; close() ends them
 * and removes the run's keys and folder.
 */
async function startRulesWorker(url: string, name: string, settings: (dir: string) => Promise<Pick<WorkerConfig, 'desk' | 'review'>>) {
  const prefix = uniquePrefix(name);
  const dir = await mkdtemp(join(tmpdir(), 'wd-rules-'));
  const drop = join(dir, 'drop');
  await mkdir(drop);
  const config: WorkerConfig = {
    redisUrl: url, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    tokens: new Map(), feeds: [{ id: 'harbourwire', kind: 'folder', routing: 'publish', folder: drop, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 }],
    subscribers: [{ name: 'web' }],
    ...(await settings(dir)),
  };
  const worker: RunningWorker = await startWorker(config, { logger: capturedLogger().logger });
  const received: PublishEvent[] = [];
  const sub: Subscription = await subscribe('web', (e) => { received.push(e); }, { connection: url, prefix });
  const service: ReviewService = createReviewService({ redisUrl: url, prefix });
  return {
    drop, worker, received, service,
    async close(): Promise<void> {
      await service.close();
      await sub.close();
      await worker.close();
      const redis = connectTest(url);
      await deletePrefixKeys(redis, prefix);
      await redis.quit();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('review rules in a worker: a missing photo credit and a near-duplicate go to review with their reasons; a credited story is published; the desk shows the reasons', { timeout: 60_000 }, async () => {
      const reviewRules = [
        { id: 'no-credit', name: 'Missing photo credit', when: 'missing-photo-credit' as const },
        { id: 'near-duplicate', name: 'Near-duplicate of another story', when: 'near-duplicate' as const },
        { id: 'other-feed-only', name: 'Never here', when: 'source-inferred' as const, feeds: ['elsewhere'] },
      ];
      const run = await startRulesWorker(url, 'rules', async (dir) => {
        const usersFile = join(dir, 'users.json');
        await addUser(usersFile, 'vi', 'viewer', PASSWORD);
        return {
          desk: { usersFile, path: '/desk', sessionIdleSeconds: 3600, secureCookies: 'auto', reviewRules: reviewRules.map((r) => ({ id: r.id, name: r.name })) },
          review: { rules: reviewRules },
        };
      });
      const { drop, worker, received, service } = run;
      try {
        // Credited: published as the feed says.
        await writeFile(join(drop, '1-credited.json'), story('urn:test:ferry-credited', 'More ferries for Vell', [LEDE, ...REST], 'Photo: Ilse Voorn/Testwire'));
        await until(() => received.length === 1, 'the credited story is published');
        const first = received[0]!.article;
        assert.equal(first.headline, 'More ferries for Vell');
        assert.deepEqual(await service.list({ states: ['pending'] }), []);

        // No credit on its picture (and an unrelated text): held, with the rule's reason.
        await writeFile(join(drop, '2-uncredited.json'), story('urn:test:orchard-uncredited', 'Late frost hits orchards', [
          'Orchard growers in the upper valley said on Sunday that a late frost had destroyed much of this year\'s blossom, leaving many farms facing a poor harvest.',
          'The growers\' association will ask the regional government for emergency help, its chairman said after a meeting in the market hall.',
        ], null));
        await until(async () => (await service.list({ states: ['pending'] })).length === 1, 'the uncredited story is held');
        const held = (await service.get('testwire:urn:test:orchard-uncredited'))!;
        assert.ok(held, 'the entry is under the story id');
        assert.deepEqual(held.reasons, [{ rule: 'no-credit', name: 'Missing photo credit', detail: 'the picture has no credit' }]);

        // The same story from another desk, its lede rewritten, with a credit: held as a near-duplicate of the first.
        await writeFile(join(drop, '3-rewrite.json'), story('urn:test:ferry-rewrite', 'Council approves more sailings to Vell', [REWRITTEN_LEDE, ...REST], 'Photo: Ilse Voorn/Testwire'));
        await until(async () => (await service.list({ states: ['pending'] })).length === 2, 'the near-duplicate is held');
        const dup = (await service.get('testwire:urn:test:ferry-rewrite'))!;
        assert.deepEqual(dup.reasons?.map((r) => [r.rule, r.name, r.related ?? null]), [['near-duplicate', 'Near-duplicate of another story', first.id]]);
        assert.deepEqual(dup.article.relatedTo, [first.id]);
        assert.equal(received.length, 1, 'neither held story went out');

        // The desk (HTTP, signed in): the reasons with their configured names and the link to the other story.
        const cookie = await signIn(worker.url);
        const page = await (await fetch(`${worker.url}/desk/story/${encodeURIComponent(dup.id)}`, { headers: { cookie } })).text();
        const why = page.slice(page.indexOf('<h2 id="why">'), page.indexOf('</section>', page.indexOf('<h2 id="why">')));
        assert.match(why, /<strong>Near-duplicate of another story<\/strong>/);
        assert.ok(why.includes(`href="/desk/story/${encodeURIComponent(first.id)}"`), why);
        assert.doesNotMatch(why, /no reasons were stored/);
        const related = page.slice(page.indexOf('<h2 id="related">'));
        assert.match(related, /^<h2 id="related">Related near-duplicates<\/h2>/);
        assert.ok(related.includes(`<a href="/desk/story/${encodeURIComponent(first.id)}"><code>${first.id}</code></a>`));
        const other = await (await fetch(`${worker.url}/desk/story/${encodeURIComponent(held.id)}`, { headers: { cookie } })).text();
        assert.match(other, /<strong>Missing photo credit<\/strong>: the picture has no credit/);
        assert.doesNotMatch(other, /Related near-duplicates/);

        // The queue: a Reason filter with the configured names, and the reasons in a column.
        const queue = await (await fetch(`${worker.url}/desk`, { headers: { cookie } })).text();
        assert.match(queue, /<label for="f-reason">Reason<select id="f-reason" name="reason">/);
        assert.match(queue, /<option value="no-credit">Missing photo credit \(no-credit\)<\/option>/);
        assert.match(queue, /<option value="feed-routing">Feed routed to review \(feed-routing\)<\/option>/);
        assert.match(queue, /<th scope="col">Reasons<\/th>/);
        const filtered = await (await fetch(`${worker.url}/desk?reason=no-credit`, { headers: { cookie } })).text();
        assert.match(filtered, /Late frost hits orchards/);
        assert.doesNotMatch(filtered, /Council approves more sailings/);
        assert.match(filtered, /<option value="no-credit" selected>/);

        // Live updates (the desk's pub/sub subscriber, on a cluster too): a hold reaches an open event stream.
        const live = new AbortController();
        const events = await fetch(`${worker.url}/desk/events`, { headers: { cookie }, signal: live.signal });
        assert.equal(events.status, 200);
        const reader = events.body!.getReader();
        let seen = '';
        const reading = (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            seen += Buffer.from(value).toString('utf8');
          }
        })().catch(() => undefined);
        assert.equal((await service.hold(held.id, 'editor')).status, 'done');
        await until(() => seen.includes(held.id) && seen.includes('"held"'), 'the hold reaches the desk\'s event stream');
        live.abort();
        await reading;
      } finally {
        await run.close();
      }
    });

    test('review rules in a worker: a kill from a feed with rules is never held; it reaches the subscriber that had the story and kills its review entry', { timeout: 60_000 }, async () => {
      const run = await startRulesWorker(url, 'rules-kill', () => Promise.resolve({
        review: { rules: [{ id: 'correction-or-kill', name: 'Correction or kill', when: 'correction-or-kill' }, { id: 'no-credit', name: 'Missing photo credit', when: 'missing-photo-credit' }] },
      }));
      const { drop, received, service } = run;
      const killOf = (doc: string): string => JSON.stringify({ ...JSON.parse(doc) as object, version: '2', versioncreated: '2026-11-30T09:00:00+0000', pubstatus: 'canceled' });
      try {
        const published = story('urn:test:kill-published', 'Harbour closed for dredging', [LEDE, ...REST.slice(0, 2)], 'Photo: Ilse Voorn/Testwire');
        await writeFile(join(drop, '1.json'), published);
        await until(() => received.length === 1, 'the story is published');
        await writeFile(join(drop, '2.json'), killOf(published));
        await until(() => received.length === 2, 'the kill reaches the subscriber');
        assert.equal(received[1]!.event, 'article.kill');
        assert.deepEqual(await service.list(), [], 'the kill was not held');

        const uncredited = story('urn:test:kill-held', 'Quay wall repairs begin', [REST[3]!, REST[4]!], null);
        await writeFile(join(drop, '3.json'), uncredited);
        await until(async () => (await service.list({ states: ['pending'] })).length === 1, 'the uncredited story is held');
        await writeFile(join(drop, '4.json'), killOf(uncredited));
        await until(async () => (await service.get('testwire:urn:test:kill-held'))?.state === 'killed', 'the kill kills the review entry');
        assert.equal(received.length, 2, 'nobody had the held story, so its kill goes to no one');
      } finally {
        await run.close();
      }
    });
  });
}
