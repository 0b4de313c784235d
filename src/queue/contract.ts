/**
 * The queue contract shared by sources, stage workers and subscribers (DESIGN.md "Queue
 * contract"). Everything that crosses Redis is defined here: queue names, job names and payloads.
 * The payloads are also published as JSON Schemas in schemas/ for subscribers in other languages.
 */
import type { Article } from '../model/article.generated.js';

export const QUEUE = {
  /** One job per raw item (its bytes travel with it until published or dead-lettered). */
  ingest: 'ingest',
  /** Stories held for editors. */
  review: 'review',
  /** Prefix of the per-subscriber queues: `publish.<subscriber>`. */
  publishPrefix: 'publish.',
} as const;

export function publishQueueName(subscriber: string): string {
  return `${QUEUE.publishPrefix}${subscriber}`;
}

/** A raw item as a source hands it to the `ingest` queue. */
export interface RawItemJob {
  /** Configured feed id. */
  feed: string;
  /** The raw bytes, base64. */
  bytes: string;
  /** Where it came from: URL, file path, or `webhook:<feed>`. */
  path: string | null;
  contentType: string | null;
  /** ISO 8601 instant the source received it. */
  receivedAt: string;
  /** Registry name of a format to use instead of detection (a feed's format hint). */
  format?: string;
  /**
   * Assigned when the source received the item (poll, drop folder, webhook); carried to every log
   * line of its stories and to their publish events. A job without one gets one in the stage.
   */
  correlationId?: string;
}

export type PublishEventName = 'article.upsert' | 'article.kill' | 'article.correct';

/** What a subscriber's `publish.<name>` queue carries. Job id: `<article id>@<version>`. */
export interface PublishEvent {
  event: PublishEventName;
  article: Article;
  /** The id@version this version supersedes, when there was one. */
  previous: string | null;
  /** ISO 8601 instant the event was published. */
  publishedAt: string;
  /** The correlation id of the raw item this version came in (RawItemJob.correlationId). */
  correlationId?: string;
}

/** Internal stage queues beside the contract's public ones. */
export const INTERNAL_QUEUE = {
  /** Embargoed versions as delayed jobs, released at `embargoedUntil` (job id as for publish). */
  embargo: 'embargo',
} as const;

/**
 * The one default key prefix of a deployment's queues and wiredesk's own keys. The worker, every
 * command (`review`, `dlq`, `feeds`), `subscribe()` and the examples use it unless the config's
 * `redis.prefix`, WIREDESK_PREFIX or `--prefix` say otherwise.
 */
export const DEFAULT_PREFIX = 'wiredesk';

/**
 * BullMQ refuses custom job ids that contain ':' (its key separator) or that read as integers.
 * Story ids are `<provider>:<guid>` and guids are often URNs full of ':', so a job id is the
 * `<article id>@<version>` string with '%' written as '%25' and ':' as '%3A' (percent-encoding of
 * just those two characters): reversible, readable, and the '@' keeps it from ever being an integer.
 */
export function encodeJobId(key: string): string {
  return key.replace(/%/g, '%25').replace(/:/g, '%3A');
}

export function decodeJobId(jobId: string): string {
  return jobId.replace(/%3A/gi, ':').replace(/%25/g, '%');
}

/** The publish job id of one event for one version: `<id>@<versionKey>`, encoded; kills get a `/kill` suffix. */
export function publishJobId(articleId: string, versionKey: string, event: PublishEventName): string {
  return encodeJobId(`${articleId}@${versionKey}${event === 'article.kill' ? '/kill' : ''}`);
}

/** An editor's decision carried by the `review` queue to the stage workers (which hold the subscriber config). */
export interface ReviewActionJob {
  action: 'approve' | 'kill';
  id: string;
  versionKey: string;
  /** Who decided, for the record (CLI user, editor login). */
  by: string | null;
  at: string;
  /** An approval that publishes at once, before the story's embargo time (the desk's embargo page). */
  releaseEmbargo?: boolean;
}
