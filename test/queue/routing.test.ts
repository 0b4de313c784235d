import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { encodeJobId, decodeJobId, publishJobId } from '../../src/queue/contract.js';
import { matchesFilter } from '../../src/queue/filters.js';
import { eventFor, planRoute, pendingEmbargo, lagMs } from '../../src/queue/route.js';
import { compareVersionOrder, versionOrderKey, versionKeyOf, isKill } from '../../src/store/version-order.js';
import { agreement, AGREEING_DIGITS, MINHASHES, signature } from '../../src/store/minhash.js';
import { ninjsStory, type StoryOptions } from './harness.js';

function article(o: Partial<StoryOptions> = {}): Article {
  const r = ingestItem({ bytes: ninjsStory({ guid: 'urn:test:unit', version: 1, versionCreated: '2026-03-02T07:00:00+0000', ...o }), path: null, feed: 'wire' });
  assert.equal(r.articles.length, 1, JSON.stringify(r.failures.map((f) => f.error.message)));
  return r.articles[0]!;
}

test('job ids: ":" and "%" are percent-encoded, reversibly, and never read as integers', () => {
  const key = 'testwire:urn:newsml:x.example:2026:a%b@3';
  const id = encodeJobId(key);
  assert.ok(!id.includes(':'));
  assert.equal(decodeJobId(id), key);
  assert.equal(publishJobId('p:g', '2', 'article.upsert'), 'p%3Ag@2');
  assert.equal(publishJobId('p:g', '2', 'article.kill'), 'p%3Ag@2/kill');
});

test('version order: creation instant first, then numeric version, then arrival', () => {
  const k = (createdMs: number | null, number: number | null) => ({ createdMs, number });
  assert.equal(compareVersionOrder(k(2, 1), k(1, 5)), 1, 'a later creation wins over a higher number');
  assert.equal(compareVersionOrder(k(1, 9), k(2, 1)), -1);
  assert.equal(compareVersionOrder(k(null, 3), k(5, 2)), 1, 'numbers when one side has no instant');
  assert.equal(compareVersionOrder(k(5, 2), k(5, 3)), -1, 'numbers when the instants are equal');
  assert.equal(compareVersionOrder(k(null, null), k(null, null)), 1, 'arrival: the later wins');
  assert.deepEqual(versionOrderKey({ versionCreated: '2026-03-02T07:00:00Z', version: '12' }), { createdMs: Date.parse('2026-03-02T07:00:00Z'), number: 12 });
  assert.deepEqual(versionOrderKey({ versionCreated: null, version: 'v2b' }), { createdMs: null, number: null });
  assert.equal(versionKeyOf({ version: null, contentHash: `sha256:${'ab'.repeat(32)}` }), `h${'ab'.repeat(6)}`);
});

test('filters: subjects by code or name, whole-word keywords, language prefixes', () => {
  const a = article({ subjects: ['04000000'], headline: 'Oil prices climb as turmoil grows', language: 'en-GB' });
  assert.ok(matchesFilter(a, undefined));
  assert.ok(matchesFilter(a, { subjects: ['medtop:04000000'] }));
  assert.ok(matchesFilter(a, { subjects: ['04000000'] }));
  assert.ok(!matchesFilter(a, { subjects: ['15000000'] }));
  assert.ok(matchesFilter(a, { keywords: ['oil'] }));
  assert.ok(!matchesFilter(a, { keywords: ['moil'] }));
  assert.ok(matchesFilter(a, { languages: ['en'] }));
  assert.ok(!matchesFilter(a, { languages: ['de'] }));
  assert.ok(!matchesFilter(a, { keywords: ['oil'], languages: ['de'] }), 'every list given must match');
});

test('routing plan: drop, review, publish to matching subscribers, embargo, kills unfiltered', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  const a = article({ headline: 'Oil prices climb' });
  const subs = [{ name: 'all' }, { name: 'german', filter: { languages: ['de'] } }];
  assert.deepEqual(planRoute(a, undefined, subs, now), { action: 'drop', reason: 'unknown-feed' });
  assert.deepEqual(planRoute(a, { routing: 'drop' }, subs, now), { action: 'drop', reason: 'routing' });
  assert.deepEqual(planRoute(a, { routing: 'publish', filters: { keywords: ['gold'] } }, subs, now), { action: 'drop', reason: 'filter' });
  assert.deepEqual(planRoute(a, { routing: 'review' }, subs, now), { action: 'review' });
  assert.deepEqual(planRoute(a, { routing: 'publish' }, subs, now), { action: 'publish', subscribers: ['all'], embargoedUntil: null });
  const held = article({ embargoed: '2026-03-02T09:00:00+0000' });
  assert.deepEqual(pendingEmbargo(held, now), new Date('2026-03-02T09:00:00Z'));
  assert.equal(pendingEmbargo(held, new Date('2026-03-02T10:00:00Z')), null, 'a past embargo holds nothing');
  const kill = article({ pubstatus: 'canceled' });
  assert.ok(isKill(kill));
  assert.equal(planRoute(kill, { routing: 'publish', filters: { keywords: ['gold'] } }, subs, now).action, 'publish');
  assert.equal(eventFor(kill), 'article.kill');
  assert.equal(eventFor(article({ signals: ['correction'] })), 'article.correct');
  assert.equal(eventFor(a), 'article.upsert');
  assert.equal(lagMs(a, new Date('2026-03-02T07:00:01Z')), 1000);
});

test('minhash: near-identical texts agree on most minima, different texts are far apart', () => {
  const base = 'Dockworkers at the country\'s largest container port walked off the job on Monday, halting cranes and leaving dozens of ships waiting offshore as talks over pay and automation broke down late on Sunday night, union officials said.';
  const reworded = base.replace('on Monday', 'on Monday morning').replace('union officials said', 'union officials told reporters');
  const other = 'The central bank left interest rates unchanged on Thursday and signalled that it expected inflation to ease gradually through the rest of the year, while warning that risks from energy prices remained high.';
  const [s1, s2, s3] = [signature(base)!, signature(reworded)!, signature(other)!];
  assert.match(s1.digest, new RegExp(`^[0-9a-f]{${MINHASHES}}$`));
  assert.equal(agreement(s1.digest, s1.digest), MINHASHES);
  assert.ok(agreement(s1.digest, s2.digest) > agreement(s1.digest, s3.digest));
  assert.ok(agreement(s1.digest, s3.digest) < AGREEING_DIGITS);
  assert.equal(signature('too short to compare'), null);
});

test('schemas/events.schema.json describes the publish payload and the raw item job', async () => {
  const { readFileSync } = await import('node:fs');
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const formats = (await import('ajv-formats')).default as unknown as { default?: (a: unknown) => void } & ((a: unknown) => void);
  const { packagePath } = await import('../../src/package-info.js');
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  (formats.default ?? formats)(ajv);
  ajv.addSchema(JSON.parse(readFileSync(packagePath('schemas', 'article.schema.json'), 'utf8')) as object);
  const events = JSON.parse(readFileSync(packagePath('schemas', 'events.schema.json'), 'utf8')) as object;
  const validate = ajv.compile(events);
  const a = article();
  assert.ok(validate({ event: 'article.upsert', article: a, previous: null, publishedAt: '2026-03-02T07:00:01.000Z' }), JSON.stringify(validate.errors));
  assert.ok(!validate({ event: 'article.update', article: a, previous: null, publishedAt: '2026-03-02T07:00:01.000Z' }));
  const rawJob = ajv.getSchema('https://wiredesk.dev/schemas/events.schema.json#/$defs/RawItemJob')!;
  assert.ok(rawJob({ feed: 'wire', bytes: 'AAAA', path: null, contentType: null, receivedAt: '2026-03-02T07:00:01.000Z' }), JSON.stringify(rawJob.errors));
});
