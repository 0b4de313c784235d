import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { imapMessageHash, pollMailbox, type ImapPollOutcome } from '../../src/sources/imap.js';
import { remoteClaimKey } from '../../src/sources/remote-folder.js';
import { closeRawItemQueues, enqueueRawItem } from '../../src/queue/raw-items.js';
import { FeedControl } from '../../src/sources/feed-status.js';
import { DeadLetters } from '../../src/queue/dead-letter.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { startWorker } from '../../src/worker/run-worker.js';
import { subscribe } from '../../src/subscriber.js';
import { ConfigError, parseConfig, type ImapFeed, type WorkerConfig } from '../../src/config/config.js';
import type { PublishEvent, RawItemJob } from '../../src/queue/contract.js';
import type { SourceContext } from '../../src/sources/source.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { NO_DOVECOT, startDovecot, type Dovecot } from './dovecot-server.js';
import { OPENSSL, selfSignedCert, tempRoot } from './remote-servers.js';
import { newsmlG2Item, pressRelease, withNewsmlAttachment } from '../formats/email-messages.js';

// The e-mail (IMAP) source (issue 18 item 2) against Debian's dovecot started here on 127.0.0.1
// with a throwaway config (test/sources/dovecot-server.ts), real Redis, and for the end-to-end case
// a real worker publishing to a subscriber.

const SKIP = NO_DOVECOT || NO_REDIS;

function imapFeed(d: Dovecot, extra: Partial<ImapFeed> = {}): ImapFeed {
  return {
    id: 'mailwire', kind: 'imap', routing: 'publish', host: '127.0.0.1', port: d.port, tls: 'none', user: d.user, password: d.password,
    mailbox: 'INBOX', after: 'seen', moveTo: 'wiredesk-done', pollIntervalSeconds: 3600, timeoutSeconds: 10, maxBytes: 1_000_000, maxMessagesPerPoll: 100, ...extra,
  };
}

function directCtx(prefix: string): { ctx: SourceContext; enqueued: string[]; errors: string[] } {
  const enqueued: string[] = [];
  const errors: string[] = [];
  const ctx: SourceContext = {
    enqueue: async (job: RawItemJob, o) => {
      enqueued.push(job.path ?? '');
      return enqueueRawItem(REDIS_URL!, job, { prefix, ...(o?.jobId ? { jobId: o.jobId } : {}) });
    },
    logger: capturedLogger().logger,
    onError: (_feed, code) => errors.push(code),
  };
  return { ctx, enqueued, errors };
}

async function ingestJobs(redis: Redis, prefix: string): Promise<RawItemJob[]> {
  const q = new Queue<RawItemJob>('ingest', { connection: redis, prefix });
  try {
    return (await q.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed'])).map((j) => j.data);
  } finally {
    await q.close();
  }
}

/** UIDs in a folder and which of them are flagged \Seen. */
async function folder(d: Dovecot, mailbox: string): Promise<{ uids: number[]; seen: number[] }> {
  const c = await d.client();
  try {
    const lock = await c.getMailboxLock(mailbox);
    try {
      const uids: number[] = [];
      const seen: number[] = [];
      if ((c.mailbox && c.mailbox.exists) || 0) {
        for await (const m of c.fetch('1:*', { uid: true, flags: true })) {
          uids.push(m.uid);
          if (m.flags?.has('\\Seen')) seen.push(m.uid);
        }
      }
      return { uids, seen };
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

test('imap end to end: a press release and a NewsML-G2 attachment are published once, a broken message is a dead letter with its bytes, an oversized one is refused, taken ones are moved', { skip: SKIP }, async () => {
  const d = await startDovecot();
  const prefix = uniquePrefix('imap-e2e');
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const received: PublishEvent[] = [];
  const broken = Buffer.from('this line is no header\r\nand there is no message here at all\r\n');
  try {
    await d.deliver(pressRelease('pr-1@harbourtown.example', 'Harbourtown opens its new fish market', 'The new fish market opens on Saturday at six, the town said.'));
    await d.deliver(withNewsmlAttachment('lake-1@lakewire.example', newsmlG2Item('urn:newsml:lakewire.example:20260402:lake-1', 'Lake levels fall to a ten-year low', 'The lake fell another metre in March.')));
    await d.deliver(broken);
    await d.deliver(pressRelease('pr-2@harbourtown.example', 'A very long statement', 'Words. '.repeat(1200)));
    const feed = imapFeed(d, { after: 'move', maxBytes: 6000, pollIntervalSeconds: 0.3 });
    const config: WorkerConfig = {
      redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
      parseTimeoutSeconds: 0, tokens: new Map(), feeds: [feed], subscribers: [{ name: 'web' }],
    };
    const worker = await startWorker(config, { logger: capturedLogger().logger });
    const sub = await subscribe('web', async (event) => { received.push(event); }, { connection: REDIS_URL!, prefix });
    const control = new FeedControl(redis, prefix);
    const letters = new DeadLetters(redis, new RedisKeys(prefix));
    try {
      await until(() => received.length >= 2, 'both stories published', 30_000);
      await until(async () => (await letters.count()) >= 1, 'the broken message dead-lettered');
      await until(async () => (await folder(d, 'wiredesk-done')).uids.length === 3, 'three messages moved');
      const [letter] = await letters.list();
      assert.equal(letter?.feed, 'mailwire');
      assert.match(letter?.code ?? '', /^WIREDESK_ERR_PARSE_/);
      assert.deepEqual((await letters.get(letter!.id))?.raw, broken, 'the dead letter keeps the message\'s bytes');
      const inbox = await folder(d, 'INBOX');
      assert.equal(inbox.uids.length, 1, 'the oversized message is left in the mailbox');
      const status = await control.status('mailwire');
      assert.equal(status?.kind, 'imap');
      assert.equal(status?.url, `imap://127.0.0.1:${d.port}/INBOX`, 'shown without credentials');
      assert.equal(status?.lastError?.code, 'WIREDESK_ERR_INPUT_TOO_LARGE');
      assert.ok(status?.nextPollAt, 'the scheduler\'s next poll');
      // More polls change nothing: each story once.
      const key = `${prefix}:wiredesk:feed-status:mailwire`;
      const polls = async (): Promise<number> => Number(await redis.hget(key, 'polls:fetched')) + Number(await redis.hget(key, 'polls:not-modified'));
      const before = await polls();
      await until(async () => (await polls()) >= before + 3, 'three more polls');
      assert.deepEqual(received.map((e) => e.article.headline).sort(), ['Harbourtown opens its new fish market', 'Lake levels fall to a ten-year low']);
      const lake = received.find((e) => (e.article.headline ?? '').startsWith('Lake'))!;
      assert.equal(lake.article.guid, 'urn:newsml:lakewire.example:20260402:lake-1');
      assert.match(lake.article.provenance.path ?? '', /^imap:\/\/127\.0\.0\.1:\d+\/INBOX;UIDVALIDITY=\d+\/;UID=\d+$/);
    } finally {
      await sub.close();
      await worker.close();
      await control.close();
    }
  } finally {
    await closeRawItemQueues();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await d.stop();
  }
});

test('imap: two pollers at once take each message once and flag it seen; a crash between enqueue and flag enqueues nothing twice; a bad login or a missing STARTTLS fails the poll, coded', { skip: SKIP }, async () => {
  const d = await startDovecot();
  const prefix = uniquePrefix('imap-claims');
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  try {
    for (let i = 1; i <= 4; i++) await d.deliver(pressRelease(`pr-${i}@harbourtown.example`, `Council notice ${i}`, `Notice number ${i} of the harbour council.`));
    const feed = imapFeed(d);
    const a = directCtx(prefix);
    const b = directCtx(prefix);
    const [ra, rb] = await Promise.all([pollMailbox(feed, redis, prefix, a.ctx), pollMailbox(feed, redis, prefix, b.ctx)]);
    const enqueued = (r: ImapPollOutcome): number => (r.status === 'fetched' ? r.enqueued : 0);
    assert.equal(enqueued(ra) + enqueued(rb), 4, `${JSON.stringify(ra)} ${JSON.stringify(rb)}`);
    assert.equal(new Set([...a.enqueued, ...b.enqueued]).size, 4);
    assert.equal((await ingestJobs(redis, prefix)).length, 4);
    assert.deepEqual((await folder(d, 'INBOX')).seen.length, 4, 'all flagged seen');
    assert.deepEqual(await pollMailbox(feed, redis, prefix, a.ctx), { status: 'not-modified' });

    // A worker that dies after the enqueue: its lease keeps others off, then the next one re-adds
    // the same job id (one job) and flags the message.
    const uid = await d.deliver(pressRelease('pr-5@harbourtown.example', 'Late notice', 'The late notice.'));
    const crashed = await pollMailbox(feed, redis, prefix, a.ctx, { afterEnqueue: () => { throw new Error('worker died'); } });
    assert.equal(crashed.status, 'failed');
    assert.equal((await ingestJobs(redis, prefix)).length, 5);
    assert.equal((await folder(d, 'INBOX')).seen.includes(uid), false, 'not flagged by the dead worker');
    assert.deepEqual(await pollMailbox(feed, redis, prefix, b.ctx), { status: 'not-modified' }, 'left alone while the lease runs');
    const later = await pollMailbox(feed, redis, prefix, b.ctx, { now: () => Date.now() + 10 * 60_000 });
    assert.equal(later.status, 'fetched');
    assert.equal((await ingestJobs(redis, prefix)).length, 5, 'the same job id: still one job for the message');
    assert.ok((await folder(d, 'INBOX')).seen.includes(uid), 'flagged by the next worker');
    const { uidValidity } = await (async () => {
      const c = await d.client();
      try {
        const s = await c.status('INBOX', { uidValidity: true });
        return { uidValidity: s ? String(s.uidValidity) : '' };
      } finally {
        await c.logout().catch(() => undefined);
      }
    })();
    assert.equal(await redis.hget(remoteClaimKey(prefix, feed.id, imapMessageHash(feed.id, 'INBOX', uidValidity, uid)), 'step'), 'done');

    // A wrong password is the feed's error, coded; nothing else happens.
    const wrong = await pollMailbox({ ...feed, password: 'not-it' }, redis, prefix, a.ctx);
    assert.deepEqual(wrong, { status: 'failed', code: 'WIREDESK_ERR_IMAP_CONNECT' });
    // STARTTLS required from a server that offers none: refused before the login.
    assert.deepEqual(await pollMailbox({ ...feed, tls: 'starttls' }, redis, prefix, a.ctx), { status: 'failed', code: 'WIREDESK_ERR_IMAP_CONNECT' });
  } finally {
    await closeRawItemQueues();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await d.stop();
  }
});

test('imap over implicit TLS and over required STARTTLS with a self-signed certificate named by tlsCaFile; an unknown certificate is refused', { skip: SKIP || (OPENSSL ? false : 'openssl is absent') }, async () => {
  const certs = tempRoot();
  const d = await startDovecot({ tls: selfSignedCert(certs.dir) });
  const prefix = uniquePrefix('imap-tls');
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  try {
    await d.deliver(pressRelease('pr-tls@harbourtown.example', 'Quay repairs start', 'Repairs on the east quay start on Monday.'));
    const feed = imapFeed(d, { port: d.tlsPort!, tls: 'implicit' });
    const { ctx } = directCtx(prefix);
    assert.deepEqual(await pollMailbox(feed, redis, prefix, ctx), { status: 'failed', code: 'WIREDESK_ERR_IMAP_CONNECT' }, 'not trusted without tlsCaFile');
    assert.deepEqual(await pollMailbox({ ...feed, tlsCaFile: d.certFile! }, redis, prefix, ctx), { status: 'fetched', enqueued: 1, finished: 1, failed: 0 });
    // STARTTLS on the plain port, required: the same server, a second message.
    await d.deliver(pressRelease('pr-starttls@harbourtown.example', 'Quay repairs end', 'Repairs on the east quay ended on Friday.'));
    assert.deepEqual(await pollMailbox({ ...feed, port: d.port, tls: 'starttls', tlsCaFile: d.certFile! }, redis, prefix, ctx), { status: 'fetched', enqueued: 1, finished: 1, failed: 0 });
    assert.equal((await ingestJobs(redis, prefix)).length, 2);
  } finally {
    await closeRawItemQueues();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await d.stop();
    certs.cleanup();
  }
});

test('imap config: defaults, and plain IMAP only to loopback or with allowInsecure', () => {
  const env = { MAIL_USER: 'desk', MAIL_PASSWORD: 'pw-long-enough-for-a-test' };
  const parse = (extra: Record<string, unknown>): WorkerConfig => parseConfig(JSON.stringify({ feeds: [{ id: 'mail', kind: 'imap', host: 'imap.example.org', usernameEnv: 'MAIL_USER', passwordEnv: 'MAIL_PASSWORD', ...extra }] }), 'x.yaml', env);
  const f = parse({}).feeds[0] as ImapFeed;
  assert.deepEqual([f.port, f.tls, f.mailbox, f.after, f.moveTo, f.user, f.password], [993, 'implicit', 'INBOX', 'seen', 'wiredesk-done', 'desk', 'pw-long-enough-for-a-test']);
  assert.throws(() => parse({ tls: 'none' }), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.path === '/feeds/0/tls'));
  assert.equal((parse({ tls: 'none', allowInsecure: true }).feeds[0] as ImapFeed).port, 143);
  assert.equal((parse({ tls: 'none', host: '127.0.0.1' }).feeds[0] as ImapFeed).tls, 'none');
  const starttls = parse({ tls: 'starttls', after: 'move', moveTo: 'Done' }).feeds[0] as ImapFeed;
  assert.deepEqual([starttls.port, starttls.after, starttls.moveTo], [143, 'move', 'Done']);
  assert.throws(() => parse({ after: 'delete' }), ConfigError, 'imap has seen or move');
});
