import { DEFAULT_PREFIX } from './contract.js';
import { settledWithin } from './redis-state.js';
import { connectTarget, type ConnectOptions, type RedisConnection } from './redis-connection.js';

export type { RedisConnection } from './redis-connection.js';

/**
 * Names of wiredesk's own Redis keys, under the same prefix as the BullMQ queues so one prefix
 * isolates a whole deployment (or a test). On a Redis Cluster (docs/redis-keys.md) the prefix
 * carries no hash tag: a story's keys share the tag `{<story id>}`, so each story's decision
 * touches one slot, and the story store's batch scripts are split by slot; each band of the
 * near-duplicate index has a tag of its own; the review store, the dead letters and the embargo
 * holds each share one tag per subsystem. One layout for a single server and a cluster.
 */
export class RedisKeys {
  readonly prefix: string;
  constructor(prefix: string = DEFAULT_PREFIX) {
    this.prefix = prefix;
  }

  private k(rest: string): string {
    return `${this.prefix}:wiredesk:${rest}`;
  }

  story(id: string): string { return this.k(`story:{${id}}`); }
  storyHistory(id: string): string { return this.k(`story:{${id}}:history`); }
  storySubscribers(id: string): string { return this.k(`story:{${id}}:subscribers`); }
  /**
   * Keys of one subsystem that its scripts and transactions use together share the hash tag
   * `{<prefix>:<subsystem>}` (docs/redis-keys.md): `<prefix>:wiredesk:{<prefix>:<tag>}:<rest>`.
   * The same names on a single server (a brace there is only a character).
   */
  private tagged(tag: string, rest: string): string {
    return `${this.prefix}:wiredesk:{${this.prefix}:${tag}}:${rest}`;
  }

  /**
   * One value of one band of the near-duplicate index, a key that is its own hash tag,
   * `{<prefix>:nd:<band>:<value>}` (the value: 8 hex digits): no command touches two of them, so
   * they spread over every slot, and a cluster's masters share the index's work as they share the
   * slots.
   */
  nearDuplicateBand(band: number, value: string): string { return `${this.prefix}:wiredesk:{${this.prefix}:nd:${band}:${value}}`; }
  /** The dead letters share the tag `{<prefix>:dlq}`: an entry, its document's bytes and references and the index go in one transaction. */
  deadLetter(entryId: string): string { return this.tagged('dlq', `entry:${entryId}`); }
  deadLetterRaw(sha: string): string { return this.tagged('dlq', `raw:${sha}`); }
  deadLetterIndex(): string { return this.tagged('dlq', 'index'); }
  /** The ids of the entries that need a document's bytes (they go with the last one). */
  deadLetterRawRefs(sha: string): string { return this.tagged('dlq', `refs:${sha}`); }
  /** A polled feed's state: validators, cursor (with the URL it belongs to), backoff, paused flag (src/sources/http-poll.ts). */
  feed(feedId: string): string { return this.k(`feed:${feedId}`); }
  /** A feed's status for `wiredesk feeds` and the API: last success, last error, polls, items (src/sources/feed-status.ts). */
  feedStatus(feedId: string): string { return this.k(`feed-status:${feedId}`); }
  /** Items a feed enqueued on one UTC day (`YYYY-MM-DD`), kept two days. */
  feedItemsOn(feedId: string, day: string): string { return this.k(`feed-status:${feedId}:items:${day}`); }
  /** Ids of the feeds the running workers have configured (with their kind), so tools list them without the config. */
  feedIndex(): string { return this.k('feeds'); }
  /** The review store's keys share the tag `{<prefix>:review}`: an entry, its versions and every index change in one transaction or script. */
  review(id: string): string { return this.tagged('review', `entry:${id}`); }
  reviewIndex(): string { return this.tagged('review', 'index'); }
  /** The ids of the entries in one review state, scored by arrival like the index (the desk's pages and counts). */
  reviewState(state: string): string { return this.tagged('review', `state:${state}`); }
  /** The values one summary field (feed, source, format, language) took in review, for the desk's filters. */
  reviewFacet(field: string): string { return this.tagged('review', `facet:${field}`); }
  /** The ids of the entries whose summary has `field` = `value` (a facet), scored by arrival. */
  reviewBy(field: string, value: string): string { return this.tagged('review', `by:${field}:${value}`); }
  /** Each review entry's headline, lower-cased (id -> text), for the desk's headline search. */
  reviewHeadlines(): string { return this.tagged('review', 'headlines'); }
  /** A scratch key for one query's intersection of indexes (deleted after the query, expires anyway). */
  reviewScratch(token: string): string { return this.tagged('review', `scratch:${token}`); }
  /** Set once the per-state indexes hold every entry (entries made before they existed are filed on first use). */
  reviewStateMarker(): string { return this.tagged('review', 'state-indexed:4'); }
  /** Pub/sub channel: every review entry added or changed (the desk's live updates; a channel, not a key: on a cluster PUBLISH reaches every node). */
  reviewChanges(): string { return this.k('review:changes'); }
  /** Each kept version of a story under review (version key -> article and metadata), and their order by arrival. */
  reviewVersions(id: string): string { return this.tagged('review', `versions:${id}`); }
  reviewVersionOrder(id: string): string { return this.tagged('review', `version-order:${id}`); }
  /** The raw document (by sha256) a version under review came in, for the desk's download (one key on its own: no tag). */
  reviewRaw(sha: string): string { return this.k(`review-raw:${sha}`); }
  /** Embargoed versions an editor held (src/queue/embargo-control.ts): job ids scored by release time, and their details (tag `{<prefix>:embargo}`, one transaction changes both). */
  embargoHeld(): string { return this.tagged('embargo', 'held'); }
  embargoHeldInfo(): string { return this.tagged('embargo', 'held:info'); }
  /** The editors' embargo decisions (hold, early release), newest first, capped. */
  embargoAudit(): string { return this.tagged('embargo', 'audit'); }
}

/**
 * A connection for wiredesk's own commands and BullMQ's queues and workers, to one Redis or a
 * Redis Cluster (the target's forms: src/queue/redis-connection.ts). BullMQ workers need
 * `maxRetriesPerRequest: null` (they block and must ride out reconnects instead of failing).
 */
export function connectRedis(url: string, onError?: (err: Error) => void, opts: Omit<ConnectOptions, 'onError'> = {}): RedisConnection {
  // ioredis reconnects by itself; without a listener every failed attempt while Redis restarts
  // would be printed as an "Unhandled error event".
  return connectTarget(url, { ...opts, onError: onError ?? (() => {}) });
}

/**
 * QUIT, then a hard disconnect when QUIT has not finished within `ms` (Redis away: a QUIT queued on
 * a reconnecting client would wait for ever, and its reconnect timers keep the process alive).
 */
export async function quitOrDisconnect(redis: RedisConnection, ms = 1_000): Promise<void> {
  await settledWithin(redis.quit(), ms);
  redis.disconnect();
}
