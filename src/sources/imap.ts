import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import { ImapFlow } from 'imapflow';
import type { ImapFeed } from '../config/config.js';
import { WiredeskError } from '../errors.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { IMAP_POLL_QUEUE, recordedPoll, type FeedStatusRecorder } from './feed-status.js';
import { CLAIM_TTL_MS, MARK, RELEASE, TAKE, deadline, remoteClaimKey, type RemotePollOutcome } from './remote-folder.js';
import type { SourceContext } from './source.js';
import { startScheduledPolls, type ScheduledPolls } from './scheduled-polls.js';

/**
 * E-mail (IMAP) feeds, kind `imap` (issue 18 item 2). Each poll logs in (implicit TLS, STARTTLS
 * required, or plain only to loopback or with `allowInsecure`), opens the feed's mailbox folder and
 * looks at its unseen messages (`after: seen`) or all of them (`after: move`), oldest first:
 * - each message is claimed in Redis under a hash of feed, mailbox, UIDVALIDITY and UID (the
 *   claim scripts and steps of the FTP/SFTP source, src/sources/remote-folder.ts), so across
 *   workers a message is taken once, and a worker that dies between the enqueue and the flag or
 *   move leaves a claim at `enqueued` that the next poll only finishes;
 * - a message whose RFC822.SIZE is over `maxBytes` is refused (WIREDESK_ERR_INPUT_TOO_LARGE, the
 *   feed's last error) and left in the mailbox; the client also refuses any literal past the cap;
 * - the message's bytes, whole (RFC 822), are enqueued as a raw item for the `email` format (or the
 *   feed's `format`) under a job id made from the claim's hash; the email format takes the story
 *   from the body or from an attachment in any supported format;
 * - then it is flagged \Seen or moved to `moveTo` and the claim marked done.
 * Each connect, command and fetch has the feed's `timeoutSeconds` as deadline; past it the
 * connection is closed (WIREDESK_ERR_IMAP_TRANSFER) and the rest waits for the next poll. Polls run
 * from one BullMQ job scheduler per feed on the `poll-imap` queue.
 */

export function imapMessageHash(feedId: string, mailbox: string, uidValidity: string, uid: number): string {
  return createHash('sha256').update(`imap\n${feedId}\n${mailbox}\n${uidValidity}\n${uid}`).digest('hex').slice(0, 40);
}

export function imapJobId(hash: string): string {
  return `imap-${hash}`;
}

/** Where a message is from, without credentials (RFC 5092 shape): `imap://host:993/INBOX;UIDVALIDITY=7/;UID=12`. */
export function imapUrl(feed: ImapFeed, uidValidity?: string, uid?: number): string {
  const host = feed.host.includes(':') && !feed.host.startsWith('[') ? `[${feed.host}]` : feed.host;
  const base = `imap://${host}:${feed.port}/${encodeURIComponent(feed.mailbox)}`;
  return uidValidity !== undefined && uid !== undefined ? `${base};UIDVALIDITY=${uidValidity}/;UID=${uid}` : base;
}

/** The outcomes of one poll, as a remote folder's (src/sources/remote-folder.ts). */
export type ImapPollOutcome = RemotePollOutcome;

export interface ImapPollOptions {
  force?: boolean;
  now?: () => number;
  /** Tests: runs after a message's raw item is in the queue and before the claim records it. */
  afterEnqueue?: (uid: number) => Promise<void> | void;
}

function imapClient(feed: ImapFeed): ImapFlow {
  const ms = feed.timeoutSeconds * 1000;
  return new ImapFlow({
    host: feed.host,
    port: feed.port,
    secure: feed.tls === 'implicit',
    doSTARTTLS: feed.tls === 'starttls' ? true : feed.tls === 'none' ? false : undefined,
    ...(isIP(feed.host.replace(/^\[|\]$/g, '')) ? {} : { servername: feed.host }),
    tls: {
      minVersion: 'TLSv1.2',
      ...(feed.tlsCaFile ? { ca: [...rootCertificates, readFileSync(feed.tlsCaFile, 'utf8')] } : {}),
    },
    auth: { user: feed.user, pass: feed.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms,
    // A server announcing a literal past the cap is cut off before the bytes are held.
    maxLiteralSize: feed.maxBytes,
    maxResponseSize: feed.maxBytes + 1024 * 1024,
  });
}

/**
 * One poll of one IMAP feed (see the module comment). Never throws for server trouble: a
 * connection, login or command that fails comes back as `failed` and is the feed's last error.
 */
export async function pollMailbox(feed: ImapFeed, redis: Redis, prefix: string, ctx: SourceContext, opts: ImapPollOptions = {}): Promise<ImapPollOutcome> {
  const now = opts.now ?? Date.now;
  return await recordedPoll(feed.id, redis, prefix, ctx, now, (recorder) => pollOnce(feed, redis, prefix, ctx, opts, now, recorder),
    (err) => ctx.logger.warn({ feed: feed.id, server: imapUrl(feed), code: err.code, error: err.message }, 'imap poll failed'));
}

async function pollOnce(feed: ImapFeed, redis: Redis, prefix: string, ctx: SourceContext, opts: ImapPollOptions, now: () => number, recorder: FeedStatusRecorder): Promise<ImapPollOutcome> {
  if (!opts.force && (await redis.hget(new RedisKeys(prefix).feed(feed.id), 'paused')) === '1') return { status: 'paused' };
  const timeoutMs = feed.timeoutSeconds * 1000;
  const leaseMs = Math.max(60_000, 3 * timeoutMs);
  const owner = randomUUID();
  const where = imapUrl(feed);
  const client = imapClient(feed);
  client.on('error', () => undefined);
  const close = async (): Promise<void> => {
    client.close();
  };
  /** A command with the feed's deadline; a failure or timeout is WIREDESK_ERR_IMAP_TRANSFER and ends the connection. */
  const call = async <T>(what: string, p: () => Promise<T>): Promise<T> => {
    try {
      return await deadline(p(), timeoutMs, `${where}: ${what}`, close);
    } catch (e) {
      await close();
      if (e instanceof WiredeskError && e.code !== 'WIREDESK_ERR_REMOTE_TRANSFER') throw e;
      throw new WiredeskError('WIREDESK_ERR_IMAP_TRANSFER', `${where}: ${what}: ${(e as Error).message}`, { cause: e });
    }
  };
  const claimCall = (script: string, key: string, ...args: string[]): Promise<unknown> => redis.eval(script, 1, key, owner, ...args);

  try {
    await deadline(client.connect(), timeoutMs, `${where}: connect`, close);
  } catch (e) {
    await close();
    throw new WiredeskError('WIREDESK_ERR_IMAP_CONNECT', `${where}: ${(e as Error).message}`, { cause: e });
  }
  let enqueued = 0;
  let finished = 0;
  let failed = 0;
  try {
    let lock: { release(): void };
    try {
      lock = await deadline(client.getMailboxLock(feed.mailbox), timeoutMs, `${where}: select`, close);
    } catch (e) {
      throw new WiredeskError('WIREDESK_ERR_IMAP_CONNECT', `${where}: mailbox "${feed.mailbox}": ${(e as Error).message}`, { cause: e });
    }
    try {
      const box = client.mailbox;
      if (!box) throw new WiredeskError('WIREDESK_ERR_IMAP_CONNECT', `${where}: mailbox "${feed.mailbox}" is not open`);
      const uidValidity = String(box.uidValidity);
      const found = await call('search', () => client.search(feed.after === 'seen' ? { seen: false } : { all: true }, { uid: true }));
      const uids = (found || []).slice().sort((a, b) => a - b);
      if (!uids.length) return { status: 'not-modified' };
      const sizes = new Map<number, number>();
      await call('fetch sizes', async () => {
        for await (const m of client.fetch(uids, { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
      });
      let moveToMade = false;
      for (const uid of uids) {
        if (enqueued + finished + failed >= feed.maxMessagesPerPoll) break;
        const size = sizes.get(uid);
        if (size === undefined) continue; // expunged since the search
        const hash = imapMessageHash(feed.id, feed.mailbox, uidValidity, uid);
        const key = remoteClaimKey(prefix, feed.id, hash);
        const step = await claimCall(TAKE, key, String(now()), String(leaseMs), String(CLAIM_TTL_MS), feed.mailbox, String(size), `${uidValidity}:${uid}`) as string;
        if (step === 'busy' || step === 'skip') continue;
        const jobId = imapJobId(hash);
        if (step === 'fetch') {
          if (size > feed.maxBytes) {
            await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'rejected');
            const err = new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${size} bytes, over the feed's maxBytes (${feed.maxBytes}); left in the mailbox`);
            messageError(uid, err, 'size');
            await recorder.error(feed.id, err.code, `UID ${uid}: ${err.message}`, now()).catch(() => undefined);
            failed++;
            continue;
          }
          let bytes: Buffer;
          try {
            const msg = await call(`fetch UID ${uid}`, () => client.fetchOne(String(uid), { uid: true, source: true }, { uid: true }));
            if (!msg || !msg.source) throw new WiredeskError('WIREDESK_ERR_IMAP_TRANSFER', `${where}: UID ${uid} vanished before its fetch`);
            bytes = msg.source;
            if (bytes.length > feed.maxBytes) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `UID ${uid}: ${bytes.length} bytes, over the feed's maxBytes (${feed.maxBytes})`);
          } catch (e) {
            if (e instanceof WiredeskError && e.code === 'WIREDESK_ERR_INPUT_TOO_LARGE') {
              // The server's RFC822.SIZE understated it: refused like any oversized message.
              await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'rejected');
              messageError(uid, e, 'size');
              await recorder.error(feed.id, e.code, e.message, now()).catch(() => undefined);
              failed++;
              continue;
            }
            await claimCall(RELEASE, key);
            throw e;
          }
          const correlationId = randomUUID();
          try {
            await ctx.enqueue({
              feed: feed.id,
              bytes: bytes.toString('base64'),
              path: imapUrl(feed, uidValidity, uid),
              contentType: 'message/rfc822',
              receivedAt: new Date(now()).toISOString(),
              correlationId,
              format: feed.format ?? 'email',
            }, { jobId });
          } catch (e) {
            await claimCall(RELEASE, key);
            throw e;
          }
          await opts.afterEnqueue?.(uid);
          await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'enqueued', 'jobId', jobId);
          enqueued++;
          ctx.logger.info({ correlationId, feed: feed.id, uid, bytes: bytes.length, jobId }, 'imap message enqueued');
        } else {
          ctx.logger.info({ feed: feed.id, uid }, 'imap message already enqueued by a worker that stopped: finishing its flag or move');
        }
        try {
          if (feed.after === 'seen') {
            await call(`flag UID ${uid}`, () => client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }));
          } else {
            if (!moveToMade) {
              // Most often it exists already; a real problem shows in the move.
              await deadline(client.mailboxCreate(feed.moveTo), timeoutMs, `${where}: create ${feed.moveTo}`, close).catch(() => undefined);
              moveToMade = true;
            }
            const moved = await call(`move UID ${uid}`, () => client.messageMove(String(uid), feed.moveTo, { uid: true }));
            if (!moved) throw new WiredeskError('WIREDESK_ERR_IMAP_TRANSFER', `${where}: the server did not move UID ${uid} to "${feed.moveTo}"`);
          }
        } catch (e) {
          // Enqueued but not flagged or moved: the next poll (on any worker) only finishes it.
          await claimCall(MARK, key, String(CLAIM_TTL_MS), 'until', '0');
          throw e;
        }
        await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'done', 'until', '0');
        finished++;
      }
    } finally {
      lock.release();
    }
    await deadline(client.logout(), timeoutMs, `${where}: logout`, close).catch(() => undefined);
  } finally {
    await close();
  }
  return enqueued || finished || failed ? { status: 'fetched', enqueued, finished, failed } : { status: 'not-modified' };

  function messageError(uid: number, err: WiredeskError, stage: string): void {
    ctx.onError?.(feed.id, err.code);
    ctx.logger.warn({ feed: feed.id, uid, code: err.code, stage, error: err.message }, 'imap message not taken');
  }
}

export interface ImapPollingOptions {
  connection: Redis;
  prefix: string;
  feeds: ImapFeed[];
  ctx: SourceContext;
  concurrency?: number;
  redisErrors?: { report(source: string, err: unknown): void };
}

export type ImapPolling = ScheduledPolls;

/** The `poll-imap` queue's schedulers and worker (src/sources/scheduled-polls.ts) over pollMailbox(). */
export function startImapPolling(opts: ImapPollingOptions): Promise<ImapPolling> {
  return startScheduledPolls<ImapFeed, ImapPollOutcome | null>({
    queue: IMAP_POLL_QUEUE, connection: opts.connection, prefix: opts.prefix, feeds: opts.feeds, ctx: opts.ctx, concurrency: opts.concurrency ?? 2, redisErrors: opts.redisErrors,
    poll: (feed, force) => pollMailbox(feed, opts.connection, opts.prefix, opts.ctx, { force }),
    unknownFeed: null,
  });
}
