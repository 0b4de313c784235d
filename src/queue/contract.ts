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
}
