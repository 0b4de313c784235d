import type { Article } from '../model/article.generated.js';
import type { PublishEventName } from './contract.js';
import { matchesFilter, type ArticleFilter } from './filters.js';
import { isCorrection, isKill } from '../store/version-order.js';

export interface FeedRouting {
  routing: 'publish' | 'review' | 'drop';
  filters?: ArticleFilter;
}

export interface SubscriberRouting {
  name: string;
  filter?: ArticleFilter;
}

/** Where one article goes before the story store has its say. */
export type RoutePlan =
  | { action: 'drop'; reason: 'routing' | 'filter' | 'unknown-feed' }
  | { action: 'review' }
  | { action: 'publish'; subscribers: string[]; embargoedUntil: Date | null };

/** The embargo instant when it is still in the future, else null. */
export function pendingEmbargo(article: Pick<Article, 'embargoedUntil'>, now: Date): Date | null {
  if (!article.embargoedUntil) return null;
  const at = Date.parse(article.embargoedUntil);
  return Number.isFinite(at) && at > now.getTime() ? new Date(at) : null;
}

export function subscribersFor(article: Article, subscribers: SubscriberRouting[]): string[] {
  return subscribers.filter((s) => matchesFilter(article, s.filter)).map((s) => s.name);
}

/**
 * The plan for one article from its feed's settings: dropped by routing or by the feed's
 * filters, held for review, or published (maybe after an embargo) to the subscribers whose
 * filters it passes. Kills are never filtered: whoever had the story must hear of its kill.
 */
export function planRoute(article: Article, feed: FeedRouting | undefined, subscribers: SubscriberRouting[], now: Date): RoutePlan {
  if (!feed) return { action: 'drop', reason: 'unknown-feed' };
  if (feed.routing === 'drop') return { action: 'drop', reason: 'routing' };
  if (!isKill(article) && !matchesFilter(article, feed.filters)) return { action: 'drop', reason: 'filter' };
  if (feed.routing === 'review') return { action: 'review' };
  return { action: 'publish', subscribers: subscribersFor(article, subscribers), embargoedUntil: pendingEmbargo(article, now) };
}

export function eventFor(article: Pick<Article, 'pubStatus' | 'signals'>): PublishEventName {
  if (isKill(article)) return 'article.kill';
  return isCorrection(article) ? 'article.correct' : 'article.upsert';
}

/** Milliseconds from the raw item's receipt (`provenance.receivedAt`) to now, or null without one. */
export function receiptLagMs(article: Pick<Article, 'provenance'>, now: Date): number | null {
  const t = Date.parse(article.provenance.receivedAt);
  return Number.isFinite(t) ? Math.max(0, now.getTime() - t) : null;
}

/** Milliseconds from the version's creation to now, or null when the version carries no time. */
export function lagMs(article: Pick<Article, 'versionCreated'>, now: Date): number | null {
  const t = article.versionCreated ? Date.parse(article.versionCreated) : NaN;
  return Number.isFinite(t) ? Math.max(0, now.getTime() - t) : null;
}
