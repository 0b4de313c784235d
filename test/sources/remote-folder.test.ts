import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pollRemoteFolder, remoteClaimKey, remoteFileHash, type RemotePollOutcome } from '../../src/sources/remote-folder.js';
import { closeRawItemQueues, enqueueRawItem } from '../../src/queue/raw-items.js';
import { FeedControl } from '../../src/sources/feed-status.js';
import { startWorker } from '../../src/worker/run-worker.js';
import { subscribe } from '../../src/subscriber.js';
import { packagePath } from '../../src/package-info.js';
import { checkConfig, type RemoteFeed, type WorkerConfig } from '../../src/config/config.js';
import type { PublishEvent, RawItemJob } from '../../src/queue/contract.js';
import type { SourceContext } from '../../src/sources/source.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { ninjsStory } from '../queue/harness.js';
import { hooks, OPENSSL, selfSignedCert, sftpKeys, startFtpServer, startSftpServer, tempRoot, type ServerHooks, type SftpKeys } from './remote-servers.js';

// FTP/FTPS and SFTP pull feeds against real servers on 127.0.0.1 started here (ftp-srv; ssh2's
// Server with an SFTP subsystem over a temp folder), real Redis, and for the end-to-end cases a real
// worker (startWorker) publishing to a subscriber.

const USER = 'wire';
const PASSWORD = 'pw-for-the-tests-only';

function story(n: number, headline: string): Buffer {
  return ninjsStory({ guid: `urn:test:remote:${n}`, version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline });
}

function ftpFeed(port: number, extra: Partial<RemoteFeed> = {}): RemoteFeed {
  return {
    id: 'ftpwire', kind: 'ftp', routing: 'publish', host: '127.0.0.1', port, path: '/drop', doneFolder: '/drop/done', after: 'move',
    user: USER, password: PASSWORD, tls: 'none', pollIntervalSeconds: 3600, timeoutSeconds: 5, maxBytes: 1_000_000, settleSeconds: 0, maxFilesPerPoll: 100, ...extra,
  };
}

function sftpFeed(port: number, keys: SftpKeys, extra: Partial<RemoteFeed> = {}): RemoteFeed {
  return {
    id: 'sftpwire', kind: 'sftp', routing: 'publish', host: '127.0.0.1', port, path: '/drop', doneFolder: '/drop/done', after: 'move',
    user: USER, privateKey: keys.clientPrivateKey, hostKeySha256: keys.hostKeySha256, pollIntervalSeconds: 3600, timeoutSeconds: 5, maxBytes: 1_000_000, settleSeconds: 0, maxFilesPerPoll: 100, ...extra,
  };
}

/** A source context that puts raw items on the real ingest queue, and counts the enqueues. */
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

async function withRedis(name: string, fn: (redis: Redis, prefix: string) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix(name);
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  try {
    await fn(redis, prefix);
  } finally {
    await closeRawItemQueues();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
}

async function ingestJobs(redis: Redis, prefix: string): Promise<RawItemJob[]> {
  const q = new Queue<RawItemJob>('ingest', { connection: redis, prefix });
  try {
    return (await q.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed'])).map((j) => j.data);
  } finally {
    await q.close();
  }
}

function workerConfig(prefix: string, feed: RemoteFeed): WorkerConfig {
  return {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    parseTimeoutSeconds: 0, tokens: new Map(), feeds: [feed], subscribers: [{ name: 'web' }],
  };
}

/**
 * A real worker polling `feed` and a subscriber: three files arrive, one refused by the server and
 * one whose first download the server cuts off. The two good stories are published once each; the
 * refused file is the feed's last error; taken files end in done/.
 */
async function endToEnd(name: string, root: string, h: ServerHooks, feed: RemoteFeed): Promise<void> {
  const prefix = uniquePrefix(name);
  const drop = join(root, 'drop');
  await writeFile(join(drop, 'harbour.json'), story(1, 'Harbour cranes idle as dockworkers strike'));
  await writeFile(join(drop, 'ferry.json'), story(2, 'Night ferry returns to the island route'));
  await writeFile(join(drop, 'secret.json'), story(3, 'A story the server will not hand over'));
  h.deny.add('secret.json');
  h.dropOnce.add('ferry.json');
  const received: PublishEvent[] = [];
  const { logger } = capturedLogger();
  const worker = await startWorker(workerConfig(prefix, feed), { logger });
  const sub = await subscribe('web', async (event) => { received.push(event); }, { connection: REDIS_URL!, prefix });
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const control = new FeedControl(redis, prefix);
  try {
    await until(() => received.length >= 2, 'both good stories published', 30_000);
    await until(async () => (await readdir(join(drop, 'done')).catch(() => [])).length === 2, 'both in done/');
    const status = await control.status(feed.id);
    assert.equal(status?.kind, feed.kind);
    assert.equal(status?.url, `${feed.kind}://127.0.0.1:${feed.port}/drop`, 'shown without credentials');
    assert.ok(status?.lastSuccessAt, 'a last success');
    assert.equal(status?.itemsToday, 2);
    assert.ok(status?.nextPollAt, 'the scheduler\'s next poll');
    assert.ok(h.reads.filter((r) => r === 'ferry.json').length >= 2, 'the cut-off download was tried again');
    // More polls change nothing: each story once, the refused file still on the server.
    const polls = (await redis.hget(`${prefix}:wiredesk:feed-status:${feed.id}`, 'polls:fetched').then(Number)) + (await redis.hget(`${prefix}:wiredesk:feed-status:${feed.id}`, 'polls:not-modified').then(Number));
    await until(async () => (Number(await redis.hget(`${prefix}:wiredesk:feed-status:${feed.id}`, 'polls:fetched')) + Number(await redis.hget(`${prefix}:wiredesk:feed-status:${feed.id}`, 'polls:not-modified'))) >= polls + 3, 'three more polls');
    assert.deepEqual(received.map((e) => e.article.headline).sort(), ['Harbour cranes idle as dockworkers strike', 'Night ferry returns to the island route']);
    assert.deepEqual(received.map((e) => e.event), ['article.upsert', 'article.upsert']);
    // The refused file is tried (and reported) on every poll; the cut-off one was reported once.
    const lastError = (await control.status(feed.id))?.lastError;
    assert.equal(lastError?.code, 'WIREDESK_ERR_REMOTE_DENIED');
    assert.match(lastError!.message, /secret\.json/);
    assert.deepEqual((await readdir(join(drop, 'done'))).sort(), ['ferry.json', 'harbour.json']);
    assert.ok((await readdir(drop)).includes('secret.json'));
    // Pause stops the polls; poll-now goes past it.
    await control.act('pause', feed.id);
    assert.equal((await control.status(feed.id))?.nextPollAt, null);
    await writeFile(join(drop, 'late.json'), story(4, 'Late train brings the mayor home'));
    // Two polls one after the other (first sight, then taken); jobs queued together could run at once.
    const pollsSoFar = async (): Promise<number> => Object.entries(await redis.hgetall(`${prefix}:wiredesk:feed-status:${feed.id}`))
      .filter(([k]) => k.startsWith('polls:') && k !== 'polls:paused').reduce((n, [, v]) => n + Number(v), 0);
    for (let i = 0; i < 2; i++) {
      const n = await pollsSoFar();
      await control.act('poll-now', feed.id);
      await until(async () => (await pollsSoFar()) > n, 'a poll-now run');
    }
    await until(() => received.length === 3, 'the late story after two polls-now');
    await assert.rejects(control.act('reset-cursor', feed.id), { code: 'WIREDESK_ERR_FEED_ACTION' });
  } finally {
    await control.close();
    await sub.close();
    await worker.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
}

test('ftp (explicit FTPS, password): a real worker publishes each file once; a refused file is the last error, a cut-off download is retried', { skip: NO_REDIS || (!OPENSSL && 'openssl is not installed: the FTPS test needs it for a self-signed certificate') }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const cert = selfSignedCert(dir);
  const server = await startFtpServer(dir, h, { user: USER, password: PASSWORD, tls: { mode: 'explicit', key: cert.key, cert: cert.cert } });
  try {
    await endToEnd('ftp-e2e', dir, h, ftpFeed(server.port, { tls: 'explicit', tlsCaFile: cert.certFile, pollIntervalSeconds: 0.2 }));
  } finally {
    await server.close();
    cleanup();
  }
});

test('sftp (private key, host key checked): a real worker publishes each file once; a refused file is the last error, a dropped connection is retried', { skip: NO_REDIS }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const keys = sftpKeys();
  const server = await startSftpServer(dir, h, { user: USER, keys });
  try {
    await endToEnd('sftp-e2e', dir, h, sftpFeed(server.port, keys, { pollIntervalSeconds: 0.2 }));
  } finally {
    await server.close();
    cleanup();
  }
});

test('a file that grows between listings is taken only once it holds still (ftp), and settleSeconds holds it longer (sftp)', { skip: NO_REDIS }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const keys = sftpKeys();
  const ftp = await startFtpServer(dir, h, { user: USER, password: PASSWORD });
  const sftp = await startSftpServer(dir, h, { user: USER, password: PASSWORD, keys });
  try {
    await withRedis('remote-grow', async (redis, prefix) => {
      const { ctx, enqueued } = directCtx(prefix);
      const bytes = story(5, 'Storm closes the mountain pass');
      const file = join(dir, 'drop', 'storm.json');
      await writeFile(file, bytes.subarray(0, 50));
      const feed = ftpFeed(ftp.port);
      assert.equal((await pollRemoteFolder(feed, redis, prefix, ctx)).status, 'not-modified', 'first sight');
      await appendFile(file, bytes.subarray(50, 120));
      assert.equal((await pollRemoteFolder(feed, redis, prefix, ctx)).status, 'not-modified', 'it grew');
      await appendFile(file, bytes.subarray(120));
      assert.equal((await pollRemoteFolder(feed, redis, prefix, ctx)).status, 'not-modified', 'it grew again');
      assert.equal(enqueued.length, 0);
      const taken = await pollRemoteFolder(feed, redis, prefix, ctx);
      assert.deepEqual(taken, { status: 'fetched', enqueued: 1, finished: 1, failed: 0 });
      const [job] = await ingestJobs(redis, prefix);
      assert.equal(Buffer.from(job!.bytes, 'base64').toString(), bytes.toString(), 'the whole file');
      assert.equal(job!.path, `ftp://127.0.0.1:${ftp.port}/drop/storm.json`);
      assert.deepEqual(await readdir(join(dir, 'drop', 'done')), ['storm.json']);

      // sftp with a settle time of 60 s (a clock moved by hand): unchanged twice is not enough.
      let clock = Date.now();
      const slow = sftpFeed(sftp.port, keys, { id: 'settled', privateKey: undefined, password: PASSWORD, settleSeconds: 60 });
      await writeFile(join(dir, 'drop', 'quiet.json'), story(6, 'Quiet night at the border crossing'));
      await pollRemoteFolder(slow, redis, prefix, ctx, { now: () => clock });
      clock += 1_000;
      assert.equal((await pollRemoteFolder(slow, redis, prefix, ctx, { now: () => clock })).status, 'not-modified', 'unchanged, but not for 60 s');
      await appendFile(join(dir, 'drop', 'quiet.json'), ' ');
      clock += 60_000;
      assert.equal((await pollRemoteFolder(slow, redis, prefix, ctx, { now: () => clock })).status, 'not-modified', 'it changed: the clock starts again');
      clock += 59_000;
      assert.equal((await pollRemoteFolder(slow, redis, prefix, ctx, { now: () => clock })).status, 'not-modified');
      clock += 2_000;
      assert.equal((await pollRemoteFolder(slow, redis, prefix, ctx, { now: () => clock })).status, 'fetched');
      assert.equal(enqueued.length, 2);
    });
  } finally {
    await ftp.close();
    await sftp.close();
    cleanup();
  }
});

test('two workers polling the same sftp server at once take each file once', { skip: NO_REDIS }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const keys = sftpKeys();
  const server = await startSftpServer(dir, h, { user: USER, password: PASSWORD, keys });
  try {
    await withRedis('remote-two', async (redis, prefix) => {
      const a = directCtx(prefix);
      const b = directCtx(prefix);
      const feed = sftpFeed(server.port, keys, { privateKey: undefined, password: PASSWORD, after: 'delete' });
      for (let i = 0; i < 6; i++) await writeFile(join(dir, 'drop', `item-${i}.json`), story(10 + i, `Market report number ${i} for the coast`));
      await Promise.all([pollRemoteFolder(feed, redis, prefix, a.ctx), pollRemoteFolder(feed, redis, prefix, b.ctx)]);
      const outcomes: RemotePollOutcome[] = await Promise.all([pollRemoteFolder(feed, redis, prefix, a.ctx), pollRemoteFolder(feed, redis, prefix, b.ctx)]);
      assert.ok(outcomes.every((o) => o.status !== 'failed'), JSON.stringify(outcomes));
      const paths = [...a.enqueued, ...b.enqueued].sort();
      assert.equal(paths.length, 6, 'six enqueues between the two');
      assert.equal(new Set(paths).size, 6, 'no file twice');
      assert.equal((await ingestJobs(redis, prefix)).length, 6);
      assert.deepEqual((await readdir(join(dir, 'drop'))).filter((n) => n.startsWith('item-')), [], 'after: delete');
      await Promise.all([pollRemoteFolder(feed, redis, prefix, a.ctx), pollRemoteFolder(feed, redis, prefix, b.ctx)]);
      assert.equal(a.enqueued.length + b.enqueued.length, 6);
    });
  } finally {
    await server.close();
    cleanup();
  }
});

test('a worker that dies between the enqueue and the move: the next one only moves the file, never enqueues it again', { skip: NO_REDIS }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const server = await startFtpServer(dir, h, { user: USER, password: PASSWORD });
  try {
    await withRedis('remote-crash', async (redis, prefix) => {
      const first = directCtx(prefix);
      const feed = ftpFeed(server.port);
      await writeFile(join(dir, 'drop', 'bridge.json'), story(20, 'Old bridge reopens after repairs'));
      await pollRemoteFolder(feed, redis, prefix, first.ctx);
      // The first worker "dies" right after its raw item is in the queue.
      const crashed = await pollRemoteFolder(feed, redis, prefix, first.ctx, { afterEnqueue: () => { throw new Error('worker killed'); } });
      assert.equal(crashed.status, 'failed');
      assert.equal(first.enqueued.length, 1);
      assert.deepEqual(await readdir(join(dir, 'drop', 'done')).catch(() => []), [], 'not moved');
      const claims = await redis.keys(`${prefix}:wiredesk:feed:ftpwire:claim:*`);
      assert.equal(claims.length, 1);
      assert.equal(await redis.hget(claims[0]!, 'step'), 'fetching', 'the crash fell before the claim recorded the enqueue');

      // A restarted worker: while the dead one's lease runs, the file is left alone...
      const second = directCtx(prefix);
      assert.equal((await pollRemoteFolder(feed, redis, prefix, second.ctx)).status, 'not-modified');
      // ...after it, the file is downloaded again and added under the same job id: still one job.
      const later = Date.now() + 10 * 60_000;
      const redone = await pollRemoteFolder(feed, redis, prefix, second.ctx, { now: () => later });
      assert.equal(redone.status, 'fetched');
      assert.equal((await ingestJobs(redis, prefix)).length, 1, 'one raw item in the queue');
      assert.deepEqual(await readdir(join(dir, 'drop', 'done')), ['bridge.json']);

      // A crash after the claim recorded the enqueue (state seeded as a dead worker leaves it):
      // the next worker finishes the move without enqueuing at all.
      await writeFile(join(dir, 'drop', 'canal.json'), story(21, 'Canal boats race at dawn'));
      const third = directCtx(prefix);
      await pollRemoteFolder(feed, redis, prefix, third.ctx); // first sight
      const listing = await redis.hget(`${prefix}:wiredesk:feed:ftpwire:listing`, 'canal.json');
      const { s, m } = JSON.parse(listing!) as { s: number; m: string };
      const key = remoteClaimKey(prefix, 'ftpwire', remoteFileHash('ftpwire', '/drop/canal.json', s, m));
      await redis.hset(key, { step: 'enqueued', owner: 'dead-worker', until: String(Date.now() - 1), path: '/drop/canal.json', jobId: 'ftp-x' });
      const finished = await pollRemoteFolder(feed, redis, prefix, third.ctx);
      assert.deepEqual(finished, { status: 'fetched', enqueued: 0, finished: 1, failed: 0 });
      assert.equal(third.enqueued.length, 0, 'not enqueued again');
      assert.deepEqual((await readdir(join(dir, 'drop', 'done'))).sort(), ['bridge.json', 'canal.json']);
      assert.equal(await redis.hget(key, 'step'), 'done');
    });
  } finally {
    await server.close();
    cleanup();
  }
});

test('implicit FTPS and sftp password logins work; a wrong host key or password is WIREDESK_ERR_REMOTE_CONNECT before anything is read; a file over maxBytes is reported once and left', { skip: NO_REDIS || (!OPENSSL && 'openssl is not installed: the FTPS test needs it for a self-signed certificate') }, async () => {
  const { dir, cleanup } = tempRoot();
  const h = hooks();
  await mkdir(join(dir, 'drop'));
  const cert = selfSignedCert(dir);
  const keys = sftpKeys();
  const ftps = await startFtpServer(dir, h, { user: USER, password: PASSWORD, tls: { mode: 'implicit', key: cert.key, cert: cert.cert } });
  const sftp = await startSftpServer(dir, h, { user: USER, password: PASSWORD, keys });
  try {
    await withRedis('remote-auth', async (redis, prefix) => {
      const { ctx, enqueued, errors } = directCtx(prefix);
      await writeFile(join(dir, 'drop', 'big.json'), 'x'.repeat(5000));
      await writeFile(join(dir, 'drop', 'small.json'), story(30, 'Lighthouse keeper retires after forty years'));
      const implicit = ftpFeed(ftps.port, { id: 'implicit', tls: 'implicit', tlsCaFile: cert.certFile, maxBytes: 4000, after: 'delete' });
      await pollRemoteFolder(implicit, redis, prefix, ctx);
      const got = await pollRemoteFolder(implicit, redis, prefix, ctx);
      assert.deepEqual(got, { status: 'fetched', enqueued: 1, finished: 1, failed: 1 });
      assert.deepEqual(errors, ['WIREDESK_ERR_INPUT_TOO_LARGE']);
      assert.equal((await pollRemoteFolder(implicit, redis, prefix, ctx)).status, 'not-modified', 'reported once');
      assert.deepEqual(errors, ['WIREDESK_ERR_INPUT_TOO_LARGE']);
      assert.ok((await readdir(join(dir, 'drop'))).includes('big.json'), 'left on the server');
      assert.equal(enqueued.length, 1);

      // An implicit-TLS server without the CA: the certificate is refused.
      const untrusted = await pollRemoteFolder(ftpFeed(ftps.port, { id: 'untrusted', tls: 'implicit' }), redis, prefix, ctx);
      assert.deepEqual(untrusted, { status: 'failed', code: 'WIREDESK_ERR_REMOTE_CONNECT' });

      const before = sftp.connections;
      const wrongKey = await pollRemoteFolder(sftpFeed(sftp.port, keys, { id: 'wrongkey', privateKey: undefined, password: PASSWORD, hostKeySha256: `SHA256:${'A'.repeat(43)}` }), redis, prefix, ctx);
      assert.deepEqual(wrongKey, { status: 'failed', code: 'WIREDESK_ERR_REMOTE_CONNECT' });
      assert.ok(sftp.connections > before);
      const recorded = await redis.hget(`${prefix}:wiredesk:feed-status:wrongkey`, 'lastError');
      assert.match(recorded!, /host key is not SHA256:A+/);
      const badPassword = await pollRemoteFolder(sftpFeed(sftp.port, keys, { id: 'badpw', privateKey: undefined, password: 'not-the-password' }), redis, prefix, ctx);
      assert.deepEqual(badPassword, { status: 'failed', code: 'WIREDESK_ERR_REMOTE_CONNECT' });
      assert.ok(!recorded!.includes(PASSWORD));

      await writeFile(join(dir, 'drop', 'pw.json'), story(31, 'Ferry timetable changes for winter'));
      const pw = sftpFeed(sftp.port, keys, { id: 'pw', privateKey: undefined, password: PASSWORD, maxBytes: 4000, after: 'delete' });
      await pollRemoteFolder(pw, redis, prefix, ctx);
      const viaSftp = await pollRemoteFolder(pw, redis, prefix, ctx);
      assert.equal(viaSftp.status, 'fetched');
      assert.ok(!(await readdir(join(dir, 'drop'))).includes('pw.json'));
    });
  } finally {
    await ftps.close();
    await sftp.close();
    cleanup();
  }
});

test('config: ftp and sftp feeds resolve their secrets from the environment, default their ports and done folder, and warn about plain FTP and an unchecked host key', () => {
  const yaml = `
feeds:
  - id: agency-ftp
    kind: ftp
    host: ftp.agency.example
    path: /outgoing
    tls: explicit
    usernameEnv: FTP_USER
    passwordEnv: FTP_PASSWORD
  - id: agency-sftp
    kind: sftp
    host: sftp.agency.example
    path: /out/text
    usernameEnv: SFTP_USER
    privateKeyEnv: SFTP_KEY
    after: delete
  - id: plain
    kind: ftp
    host: 192.0.2.10
    usernameEnv: FTP_USER
    passwordEnv: FTP_PASSWORD
`;
  const env = { FTP_USER: 'desk', FTP_PASSWORD: 'a-long-ftp-password', SFTP_USER: 'desk', SFTP_KEY: '-----BEGIN OPENSSH PRIVATE KEY-----\n…' };
  const report = checkConfig(yaml, 'remote.yaml', env);
  const [ftp, sftp, plain] = report.config.feeds as RemoteFeed[];
  assert.equal(ftp!.port, 21);
  assert.equal(ftp!.password, 'a-long-ftp-password');
  assert.equal(ftp!.doneFolder, '/outgoing/done');
  assert.equal(ftp!.after, 'move');
  assert.equal(sftp!.port, 22);
  assert.equal(sftp!.privateKey, env.SFTP_KEY);
  assert.equal(sftp!.after, 'delete');
  assert.equal(plain!.tls, 'none');
  assert.deepEqual(report.warnings.map((w) => w.path).sort(), ['/feeds/1/hostKeySha256', '/feeds/2/tls']);
  const unset = checkConfig(yaml, 'remote.yaml', { FTP_USER: 'desk' }, { secretsOptional: true });
  assert.deepEqual(unset.unset.map((u) => u.name).sort(), ['FTP_PASSWORD', 'FTP_PASSWORD', 'SFTP_KEY', 'SFTP_USER']);
  assert.throws(() => checkConfig('feeds:\n  - { id: x, kind: sftp, host: h, usernameEnv: U }\n', 'x.yaml', { U: 'u' }), /passwordEnv|privateKeyEnv/);
  assert.throws(() => checkConfig('feeds:\n  - { id: x, kind: ftp, host: h, usernameEnv: U, passwordEnv: P, passive: false }\n', 'x.yaml', { U: 'u', P: 'p' }), /passive/);
});

test('docs/worker.md: the FTP and SFTP feed example is a valid config', async () => {
  const md = await readFile(packagePath('docs', 'worker.md'), 'utf8');
  const section = md.slice(md.indexOf('### FTP and SFTP feeds'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(yaml, 'a yaml block in the section');
  const env = { AGENCY_FTP_USER: 'desk', AGENCY_FTP_PASSWORD: 'a-long-ftp-password', AGENCY_SFTP_USER: 'desk', AGENCY_SFTP_KEY: 'key text', AGENCY_SFTP_KEY_PASSPHRASE: 'phrase' };
  const { config, warnings } = checkConfig(yaml, 'docs/worker.md', env);
  assert.deepEqual(config.feeds.map((f) => f.kind), ['ftp', 'sftp']);
  const [ftp, sftp] = config.feeds as RemoteFeed[];
  assert.equal(ftp!.doneFolder, '/outgoing/text/done');
  assert.equal(sftp!.passphrase, 'phrase');
  assert.deepEqual(warnings, []);
});
