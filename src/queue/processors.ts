import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Article } from '../model/article.generated.js';
import { ingestItem, type IngestFailure } from '../pipeline/ingest.js';
import { sha256Hex } from '../pipeline/identify.js';
import { WiredeskError } from '../errors.js';
import type { RawItemJob, ReviewActionJob, PublishEventName } from './contract.js';
import type { DeadLetters } from './dead-letter.js';
import type { Publisher, EmbargoJob } from './publisher.js';
import type { PipelineSettings, StageHooks, StageOutcome } from './settings.js';
import { eventFor, lagMs, pendingEmbargo, planRoute, subscribersFor } from './route.js';
import type { StoryStore, StoryState } from '../store/story-store.js';
import type { NearDuplicateIndex } from '../store/near-duplicates.js';
import { isKill } from '../store/version-order.js';
import type { ReviewStore } from '../review/review-store.js';

/** Everything a stage processor needs; each piece is a plain object over one Redis connection. */
export interface StageContext {
  settings: PipelineSettings;
  store: StoryStore;
  nearDuplicates: NearDuplicateIndex;
  deadLetters: DeadLetters;
  publisher: Publisher;
  review: ReviewStore;
  hooks?: StageHooks;
  logger?: Logger;
  now?: () => Date;
}

export interface ArticleOutcome {
  id: string;
  versionKey: string | null;
  outcome: StageOutcome;
  event?: PublishEventName;
  subscribers?: string[];
  code?: string;
}

function now(ctx: StageContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

function report(ctx: StageContext, feed: string, format: string | null, o: ArticleOutcome): ArticleOutcome {
  ctx.hooks?.onOutcome?.({ feed, format, outcome: o.outcome, ...(o.code ? { code: o.code } : {}) });
  ctx.logger?.debug({ feed, format, ...o }, `story ${o.outcome}`);
  return o;
}

async function publishTo(ctx: StageContext, article: Article, event: PublishEventName, previous: string | null, versionKey: string, subscribers: string[]): Promise<void> {
  const at = now(ctx);
  await ctx.publisher.publish(article, event, previous, versionKey, subscribers, at);
  const lag = lagMs(article, at);
  for (const subscriber of subscribers) ctx.hooks?.onPublished?.({ subscriber, event, lagMs: lag });
}

function idAtVersion(id: string, versionKey: string | null): string | null {
  return versionKey ? `${id}@${versionKey}` : null;
}

/** A kill event's article when the kill was an editor's, not the provider's. */
export function killedCopy(article: Article): Article {
  return { ...article, pubStatus: 'canceled', signals: article.signals.includes('kill') ? article.signals : [...article.signals, 'kill'] };
}

/**
 * The story a kill is about. Most providers send the kill under the story's own id; some (NITF
 * management ids, EFE) send it under an id of its own and name the killed story in `replaces`.
 * Then, when the store knows the named story and not the kill's own id, the kill is applied to
 * the named story (same provider, so the same id prefix).
 */
async function killTarget(ctx: StageContext, kill: Article): Promise<Article> {
  if (!kill.replaces || kill.replaces === kill.guid) return kill;
  const colon = kill.id.indexOf(':');
  const target = `${colon > 0 ? kill.id.slice(0, colon) : kill.provider ?? 'unknown'}:${kill.replaces}`;
  if (target === kill.id) return kill;
  const [own, named] = await Promise.all([ctx.store.latest(kill.id), ctx.store.latest(target)]);
  return !own && named ? { ...kill, id: target } : kill;
}

/**
 * One article through identify-against-the-store and routing. Every step after the store's
 * decision is idempotent (job ids, review entry per story), and the store remembers whether the
 * delivery completed, so a worker that dies mid-way leaves work its retry finishes.
 */
export async function processArticle(ctx: StageContext, parsed: Article, feed: string): Promise<ArticleOutcome> {
  const at = now(ctx);
  const input = isKill(parsed) ? await killTarget(ctx, parsed) : parsed;
  const format = input.provenance.format;
  const plan = planRoute(input, ctx.settings.feeds[feed], ctx.settings.subscribers, at);
  if (plan.action === 'drop') {
    if (plan.reason === 'unknown-feed') ctx.logger?.warn({ feed, id: input.id }, 'story from a feed that is not configured: dropped');
    return report(ctx, feed, format, { id: input.id, versionKey: null, outcome: 'dropped', code: plan.reason });
  }
  const target: Exclude<StoryState, 'killed'> = plan.action === 'review' ? 'review' : plan.embargoedUntil ? 'embargoed' : 'publishing';
  const subscribers = plan.action === 'publish' ? plan.subscribers : [];
  // The near-duplicate lookup runs beside the decision (one round trip less on the hot path); its
  // answer is only used when the version goes on, and filing a duplicate again is harmless.
  const [decision, related] = await Promise.all([
    ctx.store.decide(input, target, target === 'publishing' ? subscribers : [], { feed, now: at }),
    isKill(input) ? Promise.resolve([]) : ctx.nearDuplicates.relate(input, at.getTime()),
  ]);
  const { versionKey } = decision;
  const previous = idAtVersion(input.id, decision.previousVersionKey);

  if (decision.kind === 'stale') return report(ctx, feed, format, { id: input.id, versionKey, outcome: 'stale' });
  if (decision.kind === 'duplicate' && decision.delivered) return report(ctx, feed, format, { id: input.id, versionKey, outcome: 'duplicate' });

  // A kill, or resuming the delivery of a kill that was interrupted.
  if (decision.kind === 'kill' || (decision.kind === 'duplicate' && decision.previousState === 'killed')) {
    const resumed = decision.kind === 'duplicate';
    if (!resumed && decision.previousState === 'embargoed' && decision.previousVersionKey) await ctx.publisher.cancelEmbargo(input.id, decision.previousVersionKey);
    if (!resumed && decision.previousState === 'review') await ctx.review.setState(input.id, 'killed', ['pending', 'held'], `feed:${feed}`, at);
    await publishTo(ctx, input, 'article.kill', resumed ? null : previous, versionKey, decision.subscribers);
    await ctx.store.markDelivered(input.id, versionKey);
    return report(ctx, feed, format, { id: input.id, versionKey, outcome: decision.subscribers.length ? 'published' : 'dropped', event: 'article.kill', subscribers: decision.subscribers, ...(decision.subscribers.length ? {} : { code: 'kill-unpublished' }) });
  }

  // New, newer, or a duplicate whose delivery was interrupted: deliver to the state the store holds.
  const state: StoryState = decision.kind === 'duplicate' ? decision.previousState ?? target : target;
  if (decision.kind === 'newer' && decision.previousState === 'embargoed' && decision.previousVersionKey) {
    await ctx.publisher.cancelEmbargo(input.id, decision.previousVersionKey);
  }
  if (decision.kind === 'newer' && decision.previousState === 'review' && state !== 'review') {
    await ctx.review.setState(input.id, 'superseded', ['pending', 'held'], `feed:${feed}`, at);
  }
  const article: Article = related.length ? { ...input, relatedTo: [...new Set([...input.relatedTo, ...related])].sort() } : input;
  const event = eventFor(article);
  // A resumed delivery does not know the previous version any more; subscribers already have it.
  const prev = decision.kind === 'duplicate' ? null : previous;

  let outcome: StageOutcome;
  let code: string | undefined;
  if (state === 'review') {
    await ctx.review.put(article, versionKey, prev, at);
    outcome = 'review';
  } else if (state === 'embargoed') {
    const releaseAt = pendingEmbargo(article, at) ?? at;
    await ctx.publisher.holdEmbargo({ article, event, previous: prev, versionKey, feed }, releaseAt, at);
    outcome = 'embargoed';
  } else {
    // (A resumed delivery may come through a feed with other routing than the one that started it.)
    const to = plan.action === 'publish' ? subscribers : subscribersFor(article, ctx.settings.subscribers);
    await publishTo(ctx, article, event, prev, versionKey, to);
    outcome = to.length ? 'published' : 'dropped';
    if (!to.length) code = 'no-subscriber';
  }
  await ctx.store.markDelivered(input.id, versionKey);
  return report(ctx, feed, format, { id: input.id, versionKey, outcome, event, ...(state === 'publishing' ? { subscribers } : {}), ...(code ? { code } : {}) });
}

async function deadLetter(ctx: StageContext, job: RawItemJob, doc: Buffer, failure: IngestFailure, at: Date): Promise<void> {
  const entry = await ctx.deadLetters.record({
    feed: job.feed,
    code: failure.error.code,
    message: failure.error.message,
    at: at.toISOString(),
    path: job.path,
    contentType: job.contentType,
    format: failure.format,
    formatHint: job.format ?? null,
    itemIndex: failure.itemIndex,
    rawSha256: sha256Hex(doc),
  }, doc, failure.itemIndex === null ? null : failure.raw);
  ctx.logger?.warn({ feed: job.feed, code: failure.error.code, deadLetter: entry.id, item: failure.itemIndex }, `dead-lettered: ${failure.error.describe()}`);
  report(ctx, job.feed, failure.format, { id: entry.id, versionKey: null, outcome: 'failed', code: failure.error.code });
}

/**
 * The `ingest` stage: the raw item through the same pipeline as `wiredesk ingest`, then each
 * article through the store and routing. Items that cannot be read are dead-lettered while the
 * good ones flow; a document that cannot be read at all is dead-lettered and fails the job with
 * UnrecoverableError (no retry). A transient failure throws, and BullMQ retries with backoff.
 */
export async function processRawItem(ctx: StageContext, job: RawItemJob): Promise<ArticleOutcome[]> {
  const bytes = Buffer.from(job.bytes, 'base64');
  const feedSettings = ctx.settings.feeds[job.feed];
  const format = job.format ?? feedSettings?.format;
  const result = ingestItem({
    bytes,
    path: job.path,
    contentType: job.contentType,
    feed: job.feed,
    receivedAt: new Date(job.receivedAt),
    ...(format ? { format } : {}),
  });
  const transient = result.failures.find((f) => f.error.kind === 'transient' || f.error.kind === 'rate-limit');
  if (transient) throw transient.error;
  const at = now(ctx);
  for (const f of result.failures) await deadLetter(ctx, job, bytes, f, at);
  if (result.articles.length === 0) {
    const first = result.failures[0];
    throw new UnrecoverableError(first ? `${first.error.code}: ${first.error.message}` : 'no article');
  }
  return processArticles(ctx, result.articles, job.feed);
}

/** Stories of one document in flight at once: each is a few Redis round trips, mostly waiting. */
const ARTICLES_IN_FLIGHT = 8;

/**
 * The articles of one document through the store and routing, several at once so a multi-item
 * document's latency is not the sum of its stories' round trips. The versions of one story stay
 * in document order (one lane per story id), and lanes start in document order, so Redis sees
 * each story's commands in the order a one-by-one run would send them. On an error no new lane
 * starts, the running ones finish, and the first error is thrown (BullMQ retries the job; what
 * was delivered comes out as duplicates).
 */
async function processArticles(ctx: StageContext, articles: Article[], feed: string): Promise<ArticleOutcome[]> {
  const lanes = new Map<string, number[]>();
  articles.forEach((a, i) => {
    const lane = lanes.get(a.id);
    if (lane) lane.push(i);
    else lanes.set(a.id, [i]);
  });
  const queue = [...lanes.values()];
  const outcomes: ArticleOutcome[] = new Array<ArticleOutcome>(articles.length);
  const errors: unknown[] = [];
  const run = async (): Promise<void> => {
    for (let lane = queue.shift(); lane && errors.length === 0; lane = queue.shift()) {
      for (const i of lane) {
        if (errors.length > 0) return;
        try {
          outcomes[i] = await processArticle(ctx, articles[i]!, feed);
        } catch (error) {
          errors.push(error);
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ARTICLES_IN_FLIGHT, queue.length) }, run));
  if (errors.length > 0) throw errors[0];
  return outcomes;
}

/** The `embargo` stage: a held version is released only if it is still the story's latest and not killed. */
export async function processEmbargoRelease(ctx: StageContext, job: EmbargoJob): Promise<ArticleOutcome> {
  const { article, versionKey } = job;
  const feed = job.feed ?? article.provenance.feed ?? '';
  const subscribers = subscribersFor(article, ctx.settings.subscribers);
  const r = await ctx.store.transition(article.id, versionKey, ['embargoed'], 'publishing', subscribers);
  if (r !== 'ok') return report(ctx, feed, article.provenance.format, { id: article.id, versionKey, outcome: r === 'killed' ? 'dropped' : 'stale', code: `embargo-${r}` });
  await publishTo(ctx, article, job.event, job.previous, versionKey, subscribers);
  await ctx.store.markDelivered(article.id, versionKey);
  return report(ctx, feed, article.provenance.format, { id: article.id, versionKey, outcome: 'published', event: job.event, subscribers });
}

/** The `review` stage: an editor's approval or kill, applied with the worker's subscriber config. */
export async function processReviewAction(ctx: StageContext, job: ReviewActionJob): Promise<ArticleOutcome> {
  const entry = await ctx.review.get(job.id);
  if (!entry) throw new UnrecoverableError(`no review entry for ${job.id}`);
  const { article } = entry;
  const feed = entry.feed ?? '';
  const format = article.provenance.format;
  const at = now(ctx);
  if (job.action === 'kill') {
    const k = await ctx.store.kill(job.id);
    if (k.previousState === 'embargoed' && k.versionKey) await ctx.publisher.cancelEmbargo(job.id, k.versionKey);
    const vk = k.versionKey ?? job.versionKey;
    await publishTo(ctx, killedCopy(article), 'article.kill', idAtVersion(job.id, vk), vk, k.subscribers);
    if (k.versionKey) await ctx.store.markDelivered(job.id, k.versionKey);
    return report(ctx, feed, format, { id: job.id, versionKey: vk, outcome: k.subscribers.length ? 'published' : 'dropped', event: 'article.kill', subscribers: k.subscribers });
  }
  if (entry.versionKey !== job.versionKey) return report(ctx, feed, format, { id: job.id, versionKey: job.versionKey, outcome: 'stale', code: 'review-superseded' });
  const embargo = pendingEmbargo(article, at);
  const subscribers = subscribersFor(article, ctx.settings.subscribers);
  const r = await ctx.store.transition(job.id, job.versionKey, ['review'], embargo ? 'embargoed' : 'publishing', embargo ? [] : subscribers);
  if (r !== 'ok') return report(ctx, feed, format, { id: job.id, versionKey: job.versionKey, outcome: r === 'killed' ? 'dropped' : 'stale', code: `review-${r}` });
  const event = eventFor(article);
  if (embargo) {
    await ctx.publisher.holdEmbargo({ article, event, previous: entry.previous, versionKey: job.versionKey, feed }, embargo, at);
  } else {
    await publishTo(ctx, article, event, entry.previous, job.versionKey, subscribers);
  }
  await ctx.store.markDelivered(job.id, job.versionKey);
  return report(ctx, feed, format, { id: job.id, versionKey: job.versionKey, outcome: embargo ? 'embargoed' : 'published', event, ...(embargo ? {} : { subscribers }) });
}

/** Dead-letters a raw item whose transient failures used up every retry: nothing is dropped silently. */
export async function deadLetterExhausted(ctx: StageContext, job: RawItemJob, error: Error): Promise<void> {
  const bytes = Buffer.from(job.bytes, 'base64');
  const wd = error instanceof WiredeskError ? error : new WiredeskError('WIREDESK_ERR_INTERNAL', error.message);
  await deadLetter(ctx, job, bytes, { error: wd, raw: bytes, path: job.path, itemIndex: null, format: job.format ?? null }, now(ctx));
}
