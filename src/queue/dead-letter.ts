import type { RedisConnection as Redis } from './redis-connection.js';
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

/** How long dead letters are kept, and how many: the oldest go first. */
export interface DeadLetterRetention {
  maxAgeDays: number;
  maxCount: number;
}

export const DEFAULT_DEAD_LETTER_RETENTION: DeadLetterRetention = { maxAgeDays: 30, maxCount: 100_000 };

/** Entries removed per Redis round trip while pruning or purging. */
const REMOVE_BATCH = 500;

/**
 * The dead-letter store in Redis: entries indexed by time, each document's raw bytes kept once
 * (with the set of the entries that need them). A retention (age and count, `deadLetters` in the
 * worker config) is applied on every add and periodically by the worker; `wiredesk dlq purge`
 * removes entries on demand.
 */
export class DeadLetters {
  readonly retention: DeadLetterRetention;

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, retention: Partial<DeadLetterRetention> = {}) {
    this.retention = { ...DEFAULT_DEAD_LETTER_RETENTION, ...retention };
  }

  async record(entry: Omit<DeadLetterEntry, 'id' | 'size'>, raw: Buffer, itemRaw: Buffer | null = null): Promise<DeadLetterEntry> {
    const full: DeadLetterEntry = { ...entry, id: deadLetterId(entry.rawSha256, entry.itemIndex), size: raw.length };
    const pipe = this.redis.multi();
    pipe.set(this.keys.deadLetterRaw(entry.rawSha256), raw);
    pipe.sadd(this.keys.deadLetterRawRefs(entry.rawSha256), full.id);
    pipe.hset(this.keys.deadLetter(full.id), { meta: JSON.stringify(full), ...(itemRaw && !itemRaw.equals(raw) ? { itemRaw } : {}) });
    pipe.zadd(this.keys.deadLetterIndex(), Date.parse(full.at) || Date.now(), full.id);
    // The same round trip says whether the retention has anything to do (count, oldest entry).
    pipe.zcard(this.keys.deadLetterIndex());
    pipe.zrange(this.keys.deadLetterIndex(), 0, 0, 'WITHSCORES');
    const res = (await pipe.exec()) ?? [];
    const count = Number(res[res.length - 2]?.[1] ?? 0);
    const oldest = Number((res[res.length - 1]?.[1] as string[] | undefined)?.[1] ?? Infinity);
    if (count > this.retention.maxCount || oldest < Date.now() - this.retention.maxAgeDays * 86_400_000) await this.prune();
    return full;
  }

  /**
   * Applies the retention: entries older than maxAgeDays, then the oldest beyond maxCount, are
   * removed. Returns how many went. Cheap when there is nothing to do (two index reads).
   */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = now - this.retention.maxAgeDays * 86_400_000;
    let removed = 0;
    for (;;) {
      const old = await this.redis.zrangebyscore(this.keys.deadLetterIndex(), '-inf', `(${cutoff}`, 'LIMIT', 0, REMOVE_BATCH);
      if (old.length === 0) break;
      removed += await this.removeMany(old);
      if (old.length < REMOVE_BATCH) break;
    }
    const over = (await this.count()) - this.retention.maxCount;
    if (over > 0) {
      for (let left = over; left > 0;) {
        const oldest = await this.redis.zrange(this.keys.deadLetterIndex(), 0, Math.min(left, REMOVE_BATCH) - 1);
        if (oldest.length === 0) break;
        removed += await this.removeMany(oldest);
        left -= oldest.length;
      }
    }
    return removed;
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

  /** Ids of the entries dead-lettered before `before` (epoch ms), oldest first; all of them when null. */
  async idsBefore(before: number | null): Promise<string[]> {
    return before === null
      ? await this.redis.zrange(this.keys.deadLetterIndex(), 0, -1)
      : await this.redis.zrangebyscore(this.keys.deadLetterIndex(), '-inf', `(${before}`);
  }

  /** Which of `ids` are entries (in the given order). */
  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.zscore(this.keys.deadLetterIndex(), id);
    const res = (await pipe.exec()) ?? [];
    return ids.filter((_, i) => res[i]?.[1] !== null && res[i]?.[1] !== undefined);
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
    return this.replayJobWith(record, record.raw, now);
  }

  /**
   * The job that replays an entry with other bytes (a corrected file): the same feed, path,
   * content type and format hint as the failed delivery, so its stories come out under the
   * identity the feed gives them (the story store sees the same story). The stored path is
   * provenance only: it is never read (the file may have moved since).
   */
  replayJobWith(record: DeadLetterEntry, bytes: Buffer, now = new Date()): RawItemJob {
    return {
      feed: record.feed,
      bytes: bytes.toString('base64'),
      path: record.path,
      contentType: record.contentType,
      receivedAt: now.toISOString(),
      ...(record.formatHint ? { format: record.formatHint } : {}),
    };
  }

  /** Removes an entry (after a replay); the document's bytes go when no other entry needs them. */
  async remove(id: string): Promise<boolean> {
    return (await this.removeMany([id])) === 1;
  }

  /** Removes entries; returns how many existed. Each document's bytes go with its last entry. */
  async removeMany(ids: string[]): Promise<number> {
    let removed = 0;
    for (let at = 0; at < ids.length; at += REMOVE_BATCH) {
      const batch = ids.slice(at, at + REMOVE_BATCH);
      const read = this.redis.pipeline();
      for (const id of batch) read.hget(this.keys.deadLetter(id), 'meta');
      const metas = (await read.exec()) ?? [];
      const shas = new Map<string, string[]>();
      const del = this.redis.multi();
      batch.forEach((id, i) => {
        const meta = metas[i]?.[1] as string | null | undefined;
        // An index member without its entry (cut short by a crash) is dropped from the index too.
        del.del(this.keys.deadLetter(id)).zrem(this.keys.deadLetterIndex(), id);
        if (!meta) return;
        removed++;
        const sha = (JSON.parse(meta) as DeadLetterEntry).rawSha256;
        shas.set(sha, [...(shas.get(sha) ?? []), id]);
      });
      const shaList = [...shas.keys()];
      for (const sha of shaList) del.srem(this.keys.deadLetterRawRefs(sha), ...shas.get(sha)!);
      const res = (await del.exec()) ?? [];
      const sremResults = res.slice(res.length - shaList.length);
      for (const [k, sha] of shaList.entries()) await this.dropRawIfUnused(sha, Number(sremResults[k]?.[1] ?? 0) === 0);
    }
    return removed;
  }

  /**
   * Deletes a document's bytes once no entry needs them. `legacy`: the removed entries were not in
   * the document's reference set (recorded by an older version), so the index is searched for
   * another entry of the document (its ids start with the document's hash).
   */
  private async dropRawIfUnused(sha: string, legacy: boolean): Promise<void> {
    if ((await this.redis.scard(this.keys.deadLetterRawRefs(sha))) > 0) return;
    if (legacy) {
      const prefix = `${sha.slice(0, 16)}-`;
      let cursor = '0';
      do {
        const [next, found] = await this.redis.zscan(this.keys.deadLetterIndex(), cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (found.length > 0) return;
      } while (cursor !== '0');
    }
    await this.redis.del(this.keys.deadLetterRaw(sha));
  }
}
