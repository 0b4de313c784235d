import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Article } from '../model/article.generated.js';
import { ingestItem, type IngestFailure, type RawItem } from '../pipeline/ingest.js';
import type { ParsePool } from '../pipeline/parse-pool.js';
import { sha256Hex } from '../pipeline/identify.js';
import { WiredeskError } from '../errors.js';
import type { RawItemJob, ReviewActionJob, PublishEventName } from './contract.js';
import type { DeadLetters } from './dead-letter.js';
import type { Publisher, EmbargoJob } from './publisher.js';
import type { PipelineSettings, StageHooks, StageOutcome } from './settings.js';
import { eventFor, receiptLagMs, pendingEmbargo, planRoute, subscribersFor, type RoutePlan } from './route.js';
import type { StoryStore, StoryState } from '../store/story-store.js';
import type { NearDuplicateIndex } from '../store/near-duplicates.js';
import { isKill } from '../store/version-order.js';
import type { ReviewStore } from '../review/review-store.js';
import { FEED_ROUTING_REASON, matchRules, needsNearDuplicates, type ReviewReason } from '../review/review-rules.js';

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
  /** The job in hand (set per job by the stage processors): its correlation id and start. */
  trace?: JobTrace;
  /** Parse threads with a deadline (startStageWorkers makes them); without, items parse on this thread. */
  parsePool?: ParsePool;
}

/** What ties a story's log lines and events to the raw item it came in (docs/queue.md). */
export interface JobTrace {
  correlationId: string;
  /** When the stage started on the job (ms since the epoch), for the outcome line's `ms`. */
  startedAt: number;
}

/** The context for one job: the stage's, with the job's correlation id (a new one when the job has none). */
export function withTrace(ctx: StageContext, correlationId: string | undefined): StageContext {
  return { ...ctx, trace: { correlationId: correlationId ?? randomUUID(), startedAt: Date.now() } };
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

/**
 * One story's outcome: counted (hooks) and logged, one info line per story with its id, version,
 * feed, format, decision, subscribers, the milliseconds the stage spent on its job so far, and
 * the correlation id of the raw item it came in.
 */
function report(ctx: StageContext, feed: string, format: string | null, o: ArticleOutcome): ArticleOutcome {
  ctx.hooks?.onOutcome?.({ feed, format, outcome: o.outcome, ...(o.code ? { code: o.code } : {}) });
  ctx.logger?.info({
    correlationId: ctx.trace?.correlationId ?? null,
    id: o.id,
    version: o.versionKey,
    feed,
    format,
    decision: o.outcome,
    ...(o.event ? { event: o.event } : {}),
    subscribers: o.subscribers ?? [],
    ...(o.code ? { code: o.code } : {}),
    ms: ctx.trace ? Date.now() - ctx.trace.startedAt : null,
  }, 'story outcome');
  return o;
}

/**
 * Publishes a version that was held (embargo, review). Its lag from receipt is the hold the
 * embargo or the editors chose, so it is not observed as publish lag (onPublished says null).
 */
async function publishTo(ctx: StageContext, article: Article, event: PublishEventName, previous: string | null, versionKey: string, subscribers: string[]): Promise<void> {
  const at = now(ctx);
  await ctx.publisher.publishMany([{ article, event, previous, versionKey, subscribers, ...correlation(ctx) }], at);
  for (const subscriber of subscribers) ctx.hooks?.onPublished?.({ subscriber, event, lagMs: null });
}

function correlation(ctx: StageContext): { correlationId?: string } {
  return ctx.trace ? { correlationId: ctx.trace.correlationId } : {};
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

/** A delivery a batch makes after its decisions: events to publish, then the store told it completed. */
interface Delivery {
  article: Article;
  event: PublishEventName;
  previous: string | null;
  versionKey: string;
  subscribers: string[];
  correlationId?: string;
}

/**
 * Articles through identify-against-the-store and routing, as one batch: the store's decisions
 * and the near-duplicate lookups for every article go to Redis together, the events go out as one
 * batched add per subscriber queue, and the deliveries are marked complete together (three round
 * trips for a whole document instead of several per story). Every step after the store's decision
 * is idempotent (job ids, review entry per story), and the store remembers whether the delivery
 * completed, so a worker that dies mid-way leaves work its retry finishes. The articles must be
 * distinct stories (processArticles sees to it).
 */
async function processBatch(ctx: StageContext, parsed: Article[], feed: string): Promise<ArticleOutcome[]> {
  const at = now(ctx);
  const inputs = await Promise.all(parsed.map((p) => (isKill(p) ? killTarget(ctx, p) : p)));
  const outcomes: ArticleOutcome[] = new Array<ArticleOutcome>(inputs.length);
  const live: Array<{ i: number; input: Article; plan: Exclude<RoutePlan, { action: 'drop' }>; target: Exclude<StoryState, 'killed'>; subscribers: string[]; reasons: ReviewReason[] }> = [];
  inputs.forEach((input, i) => {
    const plan = planRoute(input, ctx.settings.feeds[feed], ctx.settings.subscribers, at);
    if (plan.action === 'drop') {
      if (plan.reason === 'unknown-feed') ctx.logger?.warn({ feed, id: input.id }, 'story from a feed that is not configured: dropped');
      outcomes[i] = report(ctx, feed, input.provenance.format, { id: input.id, versionKey: null, outcome: 'dropped', code: plan.reason });
      return;
    }
    live.push({ i, input, plan, target: plan.action === 'review' ? 'review' : plan.embargoedUntil ? 'embargoed' : 'publishing', subscribers: plan.action === 'publish' ? plan.subscribers : [], reasons: [] });
  });
  if (live.length === 0) return outcomes;

  // The near-duplicate lookups run beside the decisions, whose answer is only used when a version
  // goes on (filing a duplicate again is harmless); when a review rule asks about near-duplicates
  // they run first, since the rule decides where the story goes.
  const candidates = live.filter((l) => !isKill(l.input));
  const relate = () => ctx.nearDuplicates.relateMany(candidates.map((l) => l.input), at.getTime());
  const rules = ctx.settings.reviewRules ?? [];
  const early = needsNearDuplicates(feed, rules) ? await relate() : null;
  const related = new Map(early ? candidates.map((l, k) => [l.i, early[k]!]) : []);
  for (const l of live) {
    // Kills are never held: they go to whoever had the story, whatever the rules say.
    if (isKill(l.input)) continue;
    const matched = rules.length ? matchRules(l.input, feed, rules, { now: at, related: related.get(l.i) ?? [] }) : [];
    l.reasons = l.plan.action === 'review' ? [{ ...FEED_ROUTING_REASON, detail: `feed ${feed}` }, ...matched] : matched;
    if (matched.length) l.target = 'review';
  }
  const [decisions, relatedLists] = await Promise.all([
    ctx.store.decideMany(live.map((l) => ({ article: l.input, target: l.target, subscribers: l.target === 'publishing' ? l.subscribers : [], feed, now: at }))),
    early ?? relate(),
  ]);
  if (!early) candidates.forEach((l, k) => related.set(l.i, relatedLists[k]!));

  const deliveries: Delivery[] = [];
  const marks: Array<{ id: string; versionKey: string }> = [];
  const pending: Array<{ i: number; outcome: ArticleOutcome }> = [];
  for (const [k, l] of live.entries()) {
    const { input, plan, subscribers, reasons } = l;
    const format = input.provenance.format;
    const decision = decisions[k]!;
    const { versionKey } = decision;
    const previous = idAtVersion(input.id, decision.previousVersionKey);

    if (decision.kind === 'stale') {
      outcomes[l.i] = report(ctx, feed, format, { id: input.id, versionKey, outcome: 'stale' });
      continue;
    }
    if (decision.kind === 'duplicate' && decision.delivered) {
      outcomes[l.i] = report(ctx, feed, format, { id: input.id, versionKey, outcome: 'duplicate' });
      continue;
    }

    // A kill, or resuming the delivery of a kill that was interrupted.
    if (decision.kind === 'kill' || (decision.kind === 'duplicate' && decision.previousState === 'killed')) {
      const resumed = decision.kind === 'duplicate';
      if (!resumed && decision.previousState === 'embargoed' && decision.previousVersionKey) await ctx.publisher.cancelEmbargo(input.id, decision.previousVersionKey);
      if (!resumed && decision.previousState === 'review') await ctx.review.setState(input.id, 'killed', ['pending', 'held'], `feed:${feed}`, at);
      deliveries.push({ article: input, event: 'article.kill', previous: resumed ? null : previous, versionKey, subscribers: decision.subscribers, ...correlation(ctx) });
      marks.push({ id: input.id, versionKey });
      pending.push({ i: l.i, outcome: { id: input.id, versionKey, outcome: decision.subscribers.length ? 'published' : 'dropped', event: 'article.kill', subscribers: decision.subscribers, ...(decision.subscribers.length ? {} : { code: 'kill-unpublished' }) } });
      continue;
    }

    // New, newer, or a duplicate whose delivery was interrupted: deliver to the state the store holds.
    const state: StoryState = decision.kind === 'duplicate' ? decision.previousState ?? l.target : l.target;
    if (decision.kind === 'newer' && decision.previousState === 'embargoed' && decision.previousVersionKey) {
      await ctx.publisher.cancelEmbargo(input.id, decision.previousVersionKey);
    }
    if (decision.kind === 'newer' && decision.previousState === 'review' && state !== 'review') {
      await ctx.review.setState(input.id, 'superseded', ['pending', 'held'], `feed:${feed}`, at);
    }
    const near = related.get(l.i) ?? [];
    const article: Article = near.length ? { ...input, relatedTo: [...new Set([...input.relatedTo, ...near])].sort() } : input;
    const event = eventFor(article);
    // A resumed delivery does not know the previous version any more; subscribers already have it.
    const prev = decision.kind === 'duplicate' ? null : previous;

    let outcome: StageOutcome;
    let code: string | undefined;
    if (state === 'review') {
      await ctx.review.put(article, versionKey, prev, at, ctx.trace?.correlationId, { reasons });
      outcome = 'review';
    } else if (state === 'embargoed' || state === 'held') {
      // (`held`: a resumed delivery of a version an editor held; its job id makes this a no-op.)
      const releaseAt = pendingEmbargo(article, at) ?? at;
      await ctx.publisher.holdEmbargo({ article, event, previous: prev, versionKey, feed, ...correlation(ctx) }, releaseAt, at);
      outcome = 'embargoed';
    } else {
      // (A resumed delivery may come through a feed with other routing than the one that started it.)
      const to = plan.action === 'publish' ? subscribers : subscribersFor(article, ctx.settings.subscribers);
      deliveries.push({ article, event, previous: prev, versionKey, subscribers: to, ...correlation(ctx) });
      outcome = to.length ? 'published' : 'dropped';
      if (!to.length) code = 'no-subscriber';
    }
    marks.push({ id: input.id, versionKey });
    pending.push({ i: l.i, outcome: { id: input.id, versionKey, outcome, event, ...(state === 'publishing' ? { subscribers } : {}), ...(code ? { code } : {}) } });
  }

  await publishMany(ctx, deliveries, at);
  await ctx.store.markDeliveredMany(marks);
  for (const p of pending) outcomes[p.i] = report(ctx, feed, inputs[p.i]!.provenance.format, p.outcome);
  return outcomes;
}

async function publishMany(ctx: StageContext, deliveries: Delivery[], at: Date): Promise<void> {
  const live = deliveries.filter((d) => d.subscribers.length > 0);
  if (live.length === 0) return;
  await ctx.publisher.publishMany(live, at);
  for (const d of live) {
    // From the raw item's receipt (poll, drop folder, webhook), which every article carries.
    const lag = receiptLagMs(d.article, at);
    for (const subscriber of d.subscribers) ctx.hooks?.onPublished?.({ subscriber, event: d.event, lagMs: lag });
  }
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
  ctx.logger?.warn({ correlationId: ctx.trace?.correlationId ?? job.correlationId ?? null, feed: job.feed, code: failure.error.code, deadLetter: entry.id, item: failure.itemIndex }, `dead-lettered: ${failure.error.describe()}`);
  report(ctx, job.feed, failure.format, { id: entry.id, versionKey: null, outcome: 'failed', code: failure.error.code });
}

/**
 * The `ingest` stage: the raw item through the same pipeline as `wiredesk ingest`, then each
 * article through the store and routing. Items that cannot be read are dead-lettered while the
 * good ones flow; a document that cannot be read at all is dead-lettered and fails the job with
 * UnrecoverableError (no retry). A transient failure throws, and BullMQ retries with backoff.
 */
export async function processRawItem(stageCtx: StageContext, job: RawItemJob): Promise<ArticleOutcome[]> {
  const ctx = withTrace(stageCtx, job.correlationId);
  const bytes = Buffer.from(job.bytes, 'base64');
  const feedSettings = ctx.settings.feeds[job.feed];
  const format = job.format ?? feedSettings?.format;
  const raw: RawItem = {
    bytes,
    path: job.path,
    contentType: job.contentType,
    feed: job.feed,
    receivedAt: new Date(job.receivedAt),
    ...(format ? { format } : {}),
  };
  const result = ctx.parsePool ? await ctx.parsePool.run(raw) : ingestItem(raw);
  const transient = result.failures.find((f) => f.error.kind === 'transient' || f.error.kind === 'rate-limit');
  if (transient) throw transient.error;
  const at = now(ctx);
  for (const f of result.failures) await deadLetter(ctx, job, bytes, f, at);
  if (result.articles.length === 0) {
    const first = result.failures[0];
    throw new UnrecoverableError(first ? `${first.error.code}: ${first.error.message}` : 'no article');
  }
  const outcomes = await processArticles(ctx, result.articles, job.feed);
  // Stories going to review keep the document they came in, for the desk's raw download.
  if (outcomes.some((o) => o.outcome === 'review')) await ctx.review.versions.keepRaw(sha256Hex(bytes), bytes, ctx.review.retentionSeconds);
  return outcomes;
}

/** Stories decided and delivered in one batch: bounds the size of one pipeline and one bulk add. */
const BATCH = 50;

/**
 * The articles of one document through the store and routing, in batches: consecutive runs of the
 * document of at most BATCH distinct stories. A story's second version in the document starts a
 * new batch, and a kill that names another story (it may apply to that one) goes alone, so the
 * store sees every story's versions in document order, as a one-by-one run would send them. On an
 * error no further batch starts and the error is thrown (BullMQ retries the job; what was
 * delivered comes out as duplicates).
 */
async function processArticles(ctx: StageContext, articles: Article[], feed: string): Promise<ArticleOutcome[]> {
  const outcomes: ArticleOutcome[] = [];
  let start = 0;
  while (start < articles.length) {
    const ids = new Set<string>();
    let end = start;
    while (end < articles.length && end - start < BATCH) {
      const a = articles[end]!;
      const alone = isKill(a) && a.replaces !== null && a.replaces !== a.guid;
      if (ids.has(a.id) || (alone && end > start)) break;
      ids.add(a.id);
      end++;
      if (alone) break;
    }
    outcomes.push(...(await processBatch(ctx, articles.slice(start, end), feed)));
    start = end;
  }
  return outcomes;
}

/**
 * The `embargo` stage: a held version is released only if it is still the story's latest and not
 * killed. At its embargo time it is not released while an editor holds it (state `held`); an
 * editor's release (`job.release`) publishes it whether held or not.
 */
export async function processEmbargoRelease(stageCtx: StageContext, job: EmbargoJob): Promise<ArticleOutcome> {
  const ctx = withTrace(stageCtx, job.correlationId);
  const { article, versionKey } = job;
  const feed = job.feed ?? article.provenance.feed ?? '';
  const subscribers = subscribersFor(article, ctx.settings.subscribers);
  const r = await ctx.store.transition(article.id, versionKey, job.release ? ['embargoed', 'held'] : ['embargoed'], 'publishing', subscribers);
  if (r !== 'ok') return report(ctx, feed, article.provenance.format, { id: article.id, versionKey, outcome: r === 'killed' ? 'dropped' : 'stale', code: r === 'refused:held' ? 'embargo-held' : `embargo-${r}` });
  if (job.release) ctx.logger?.info({ correlationId: ctx.trace?.correlationId ?? null, id: article.id, version: versionKey, by: job.release.by, embargoedUntil: article.embargoedUntil }, 'embargo released early by an editor');
  await publishTo(ctx, article, job.event, job.previous, versionKey, subscribers);
  await ctx.store.markDelivered(article.id, versionKey);
  return report(ctx, feed, article.provenance.format, { id: article.id, versionKey, outcome: 'published', event: job.event, subscribers });
}

/** The `review` stage: an editor's approval or kill, applied with the worker's subscriber config. */
export async function processReviewAction(stageCtx: StageContext, job: ReviewActionJob): Promise<ArticleOutcome> {
  const entry = await stageCtx.review.get(job.id);
  if (!entry) throw new UnrecoverableError(`no review entry for ${job.id}`);
  const ctx = withTrace(stageCtx, entry.correlationId);
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
  const embargo = job.releaseEmbargo ? null : pendingEmbargo(article, at);
  if (job.releaseEmbargo) ctx.logger?.info({ correlationId: ctx.trace?.correlationId ?? null, id: job.id, version: job.versionKey, by: job.by, embargoedUntil: article.embargoedUntil }, 'embargo released early by an editor');
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
export async function deadLetterExhausted(stageCtx: StageContext, job: RawItemJob, error: Error): Promise<void> {
  const ctx = withTrace(stageCtx, job.correlationId);
  const bytes = Buffer.from(job.bytes, 'base64');
  const wd = error instanceof WiredeskError ? error : new WiredeskError('WIREDESK_ERR_INTERNAL', error.message);
  await deadLetter(ctx, job, bytes, { error: wd, raw: bytes, path: job.path, itemIndex: null, format: job.format ?? null }, now(ctx));
}
