import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';
import type { RawItemJob } from './contract.js';

/** One dead-lettered document or item: what failed, why, and the bytes to replay. */
export interface DeadLetterEntry {
  /** `<first 16 hex of the document's sha256>-<item index | doc>`: the same failure recorded twice is one entry. */
  id: string;
  feed: string;
  code: string;
  message: string;
  /** ISO 8601 instant it was dead-lettered. */
  at: string;
  path: string | null;
  contentType: string | null;
  /** The format that read (or failed to read) it, when one was chosen. */
  format: string | null;
  /** The feed's format hint the original job carried, reused on replay. */
  formatHint: string | null;
  /** The failing item's index in a multi-item document, or null when the whole document failed. */
  itemIndex: number | null;
  /** sha256 of the whole document (its bytes are stored once per document). */
  rawSha256: string;
  /** Size in bytes of the whole document. */
  size: number;
}

export interface DeadLetterRecord extends DeadLetterEntry {
  /** The whole document, replayed as a unit (its good items come out as duplicates, so replay is safe). */
  raw: Buffer;
  /** The failing item's own bytes when it is one item of a document. */
  itemRaw: Buffer | null;
}

export function deadLetterId(rawSha256: string, itemIndex: number | null): string {
  return `${rawSha256.slice(0, 16)}-${itemIndex === null ? 'doc' : itemIndex}`;
}

/**
 * The dead-letter store in Redis: entries indexed by time, each document's raw bytes kept once.
 * Dead letters do not expire: they wait for ops (`wiredesk dlq list|show|replay`).
 */
export class DeadLetters {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async record(entry: Omit<DeadLetterEntry, 'id' | 'size'>, raw: Buffer, itemRaw: Buffer | null = null): Promise<DeadLetterEntry> {
    const full: DeadLetterEntry = { ...entry, id: deadLetterId(entry.rawSha256, entry.itemIndex), size: raw.length };
    const pipe = this.redis.multi();
    pipe.set(this.keys.deadLetterRaw(entry.rawSha256), raw);
    pipe.hset(this.keys.deadLetter(full.id), { meta: JSON.stringify(full), ...(itemRaw && !itemRaw.equals(raw) ? { itemRaw } : {}) });
    pipe.zadd(this.keys.deadLetterIndex(), Date.parse(full.at) || Date.now(), full.id);
    await pipe.exec();
    return full;
  }

  /** Newest first. */
  async list(opts: { limit?: number; offset?: number } = {}): Promise<DeadLetterEntry[]> {
    const offset = opts.offset ?? 0;
    const ids = await this.redis.zrevrange(this.keys.deadLetterIndex(), offset, offset + (opts.limit ?? 100) - 1);
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.keys.deadLetter(id), 'meta');
    const res = (await pipe.exec()) ?? [];
    return res.map(([, meta]) => (meta ? JSON.parse(meta as string) as DeadLetterEntry : null)).filter((e): e is DeadLetterEntry => e !== null);
  }

  async count(): Promise<number> {
    return await this.redis.zcard(this.keys.deadLetterIndex());
  }

  async get(id: string): Promise<DeadLetterRecord | null> {
    const [meta, itemRaw] = await this.redis.hmgetBuffer(this.keys.deadLetter(id), 'meta', 'itemRaw');
    if (!meta) return null;
    const entry = JSON.parse(meta.toString('utf8')) as DeadLetterEntry;
    const raw = (await this.redis.getBuffer(this.keys.deadLetterRaw(entry.rawSha256))) ?? Buffer.alloc(0);
    return { ...entry, raw, itemRaw: itemRaw ?? null };
  }

  /** The job that replays an entry: the whole document again, as its feed delivered it. */
  replayJob(record: DeadLetterRecord, now = new Date()): RawItemJob {
    return {
      feed: record.feed,
      bytes: record.raw.toString('base64'),
      path: record.path,
      contentType: record.contentType,
      receivedAt: now.toISOString(),
      ...(record.formatHint ? { format: record.formatHint } : {}),
    };
  }

  /** Removes an entry (after a replay); the document's bytes go when no other entry needs them. */
  async remove(id: string): Promise<boolean> {
    const record = await this.get(id);
    if (!record) return false;
    await this.redis.multi().del(this.keys.deadLetter(id)).zrem(this.keys.deadLetterIndex(), id).exec();
    // Dead letters are few (each is an ops task), so a scan of the index is cheap.
    const sameDoc = (await this.redis.zrange(this.keys.deadLetterIndex(), 0, -1)).filter((other) => other.startsWith(`${record.rawSha256.slice(0, 16)}-`));
    if (sameDoc.length === 0) await this.redis.del(this.keys.deadLetterRaw(record.rawSha256));
    return true;
  }
}
