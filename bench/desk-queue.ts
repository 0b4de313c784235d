// `npm run bench -- desk-queue [--stories N (default 10000)] [--rounds N (default 200)]`: the editors'
// desk queue page with N stories waiting for review, measured in the server (fastify's inject: routing,
// session check, Redis reads, rendering; no socket), against a private redis-server this bench starts
// (or REDIS_URL). Measured views: the default page (pending, newest first), page 100, a filter by
// agency and a headline search (the filtered views scan the state's entries).
// Peer, in the same run and on the same Redis: what a BullMQ dashboard (Bull Board, Taskforce) does
// to draw one page of a queue with the same N jobs waiting, each carrying the same article JSON:
// Queue.getJobCounts() plus Queue.getJobs(['waiting'], 0, 49).
// Prints JSON: per view the median, p95 and max in ms, and the ratio to the peer's median.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { pino } from 'pino';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ingestItem } from '../src/pipeline/ingest.js';
import { ReviewStore } from '../src/review/review-store.js';
import { RedisKeys } from '../src/queue/redis-keys.js';
import { registerDesk } from '../src/desk/desk-routes.js';
import { DeskSessions } from '../src/desk/sessions.js';
import { addUser } from '../src/desk/users.js';
import { packagePath } from '../src/package-info.js';
import { startPrivateRedis } from '../src/cli/private-redis.js';
import type { Article } from '../src/model/article.generated.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const STORIES = Math.max(1, Number(opt('--stories') ?? 10_000));
const ROUNDS = Math.max(5, Number(opt('--rounds') ?? 200));
const PREFIX = 'bench-desk';

async function privateRedis(): Promise<{ url: string; stop(): void }> {
  return process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop: () => undefined } : startPrivateRedis();
}

/** The stories: one bundled fixture's article under N ids, headlines, feeds, agencies and languages. */
function stories(): Article[] {
  const bytes = readFileSync(join(packagePath(), 'fixtures', 'ninjs', 'superdesk-1x-text-picture.json'));
  const base = ingestItem({ bytes, path: null, feed: 'bench' }).articles[0]!;
  const agencies = ['Testwire', 'Harbour Press', 'Northern Agency', 'Kestrel News'];
  const places = ['ferry', 'harbour', 'council', 'election', 'storm', 'market', 'rail', 'school'];
  return Array.from({ length: STORIES }, (_, i) => ({
    ...base,
    id: `bench:story-${i}`,
    headline: `Story ${i}: ${places[i % places.length]} news from the desk bench`,
    source: agencies[i % agencies.length]!,
    language: i % 5 ? 'en' : 'de',
    provenance: { ...base.provenance, feed: `feed-${i % 6}` },
  }));
}

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Number(s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2));
  return { median: at(0.5), p95: at(0.95), max: Number(s[s.length - 1]!.toFixed(2)) };
}

async function time(fn: () => Promise<void>): Promise<{ median: number; p95: number; max: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function main(): Promise<void> {
  const server = await privateRedis();
  const redis = new Redis(server.url);
  const keys = new RedisKeys(PREFIX);
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-desk-'));
  try {
    const old = await redis.keys(`${PREFIX}:*`);
    for (let i = 0; i < old.length; i += 1000) await redis.del(...old.slice(i, i + 1000));
    const all = stories();
    const store = new ReviewStore(redis, keys, 7 * 24 * 3600);
    const t0 = Date.now() - STORIES * 1000;
    for (let i = 0; i < all.length; i += 200) {
      await Promise.all(all.slice(i, i + 200).map((a, j) => store.put(a, `v${i + j}`, null, new Date(t0 + (i + j) * 1000))));
    }

    const usersFile = join(dir, 'users.json');
    await addUser(usersFile, 'bench', 'editor', 'bench-password-1');
    const app = Fastify({ logger: false });
    await registerDesk(app, { redisUrl: server.url, prefix: PREFIX, usersFile, logger: pino({ level: 'silent' }) });
    await app.ready();
    const { id } = await new DeskSessions(redis, PREFIX, 3600).create('bench', 'editor');
    const cookie = `wd_desk=${id}`;
    const get = (url: string) => async (): Promise<void> => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    };
    const check = await app.inject({ method: 'GET', url: '/desk', headers: { cookie } });
    const rowsShown = (check.body.match(/<tr data-id=/g) ?? []).length;

    const views = {
      default: await time(get('/desk')),
      page100: await time(get('/desk?page=100')),
      filterAgency: await time(get('/desk?source=Kestrel+News')),
      searchHeadline: await time(get('/desk?q=storm')),
    };

    // The peer: one page of a BullMQ queue with the same jobs waiting, as a dashboard reads it.
    const queue = new Queue('bench-peer', { connection: redis, prefix: PREFIX });
    for (let i = 0; i < all.length; i += 500) {
      await queue.addBulk(all.slice(i, i + 500).map((a) => ({ name: 'article', data: a })));
    }
    const peer = await time(async () => {
      await queue.getJobCounts();
      await queue.getJobs(['waiting'], 0, 49);
    });
    await queue.obliterate({ force: true });
    await queue.close();
    await app.close();

    const ratio = (m: number): number => Number((m / peer.median).toFixed(2));
    process.stdout.write(`${JSON.stringify({
      scenario: 'desk-queue',
      stories: STORIES,
      rounds: ROUNDS,
      rowsShown,
      views: Object.fromEntries(Object.entries(views).map(([k, v]) => [k, { ...v, vsPeerMedian: ratio(v.median) }])),
      peer: { what: 'BullMQ Queue.getJobCounts() + getJobs(waiting, 0, 49), as a BullMQ dashboard reads one page', ...peer },
      budgetMs: 200,
      defaultWithinBudget: views.default.p95 < 200,
    }, null, 2)}\n`);
  } finally {
    const left = await redis.keys(`${PREFIX}:*`);
    for (let i = 0; i < left.length; i += 1000) await redis.del(...left.slice(i, i + 1000));
    await redis.quit();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
