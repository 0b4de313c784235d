import type { FastifyInstance } from 'fastify';
import { FEED_ACTIONS, FeedControl, type FeedAction, type FeedStatus } from '../sources/feed-status.js';
import { DeadLetters, type DeadLetterEntry } from '../queue/dead-letter.js';
import { closeRawItemQueues, replayDeadLetter } from '../queue/raw-items.js';
import { settledWithin } from '../queue/redis-state.js';
import { WiredeskError } from '../errors.js';
import { hexDumpLines, printable, textWindow } from '../text/bytes-view.js';
import { html, type SafeHtml } from './html.js';
import type { DeskContext, DeskRequest } from './context.js';
import type { DeskSession } from './sessions.js';

/**
 * The admin pages of the desk (issue 16, item 6), for the admin role only (the server answers 403
 * to editors and viewers, and their pages link none of these):
 * - feeds: each feed's last success, last error, items today, next poll and pause state, with
 *   pause / resume / reset cursor / poll now where the feed's kind allows (FeedControl, the same
 *   reads and actions as `wiredesk feeds` and the /feeds API);
 * - dead letters: the list (newest first, paged, with the count), one entry (error, feed, sizes,
 *   its content as text when it reads as text, else as a hex dump, capped; never raw bytes in the
 *   page; the bytes as a download), replay, purge one and purge all (each with a confirm box).
 */

const PAGE_SIZE = 50;
/** What an entry's page shows of its content: this many bytes of text, or of hex dump. */
const SHOW_TEXT = 16 * 1024;
const SHOW_HEX = 4 * 1024;
/** Dead-letter ids: `<16 hex>-<doc | item index>` (src/queue/dead-letter.ts). */
const DEAD_LETTER_ID = /^[0-9a-f]{16}-(?:doc|\d{1,9})$/;
const MAX_FEED_ID = 200;

const ACTION_LABELS: Record<FeedAction, string> = { pause: 'Pause', resume: 'Resume', 'reset-cursor': 'Reset cursor', 'poll-now': 'Poll now' };
const NOTICES: Record<string, string> = {
  pause: 'Paused: its polls or scans are skipped until it is resumed.',
  resume: 'Resumed.',
  'reset-cursor': 'Cursor reset: the next poll starts at the configured URL.',
  'poll-now': 'Poll queued: it runs as soon as a worker takes it.',
  replayed: 'Replayed: the document is back on the ingest queue (if it fails again, it comes back here).',
  purged: 'Purged.',
};

/** Which actions a feed's kind allows (as FeedControl.act decides), and which of them apply now. */
export function feedActions(f: Pick<FeedStatus, 'kind' | 'paused'>): FeedAction[] {
  const cursor = f.kind === 'http' || f.kind === 'cursor';
  const scheduled = cursor || f.kind === 'ftp' || f.kind === 'sftp' || f.kind === 'imap';
  return FEED_ACTIONS.filter((a) => {
    if (a === 'pause') return f.kind !== 'webhook' && !f.paused;
    if (a === 'resume') return f.paused;
    if (a === 'poll-now') return scheduled;
    return cursor;
  });
}

export function registerAdminPages(desk: FastifyInstance, ctx: DeskContext): void {
  const base = ctx.base;
  const feeds = new FeedControl(ctx.redis, ctx.prefix);
  const letters = new DeadLetters(ctx.redis, ctx.keys);
  desk.addHook('onClose', async () => {
    await settledWithin(feeds.close(), 2_000);
    // Replays enqueue through raw-items' cached queues.
    await settledWithin(closeRawItemQueues(), 2_000);
  });
  const admin = { preHandler: ctx.requireSession('admin') };
  const when = (iso: string | null): SafeHtml | string => (iso ? html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>` : '—');
  const notice = (done: string | undefined): SafeHtml | string => (done && NOTICES[done] ? html`<p class="notice" role="status">${NOTICES[done]}</p>` : '');
  const hidden = (session: DeskSession): SafeHtml => html`<input type="hidden" name="csrf" value="${session.csrf}">`;

  // --- feeds ---
  desk.get<{ Querystring: { done?: string } }>(`${base}/admin/feeds`, admin, async (req: DeskRequest & { query: { done?: string } }, reply) => {
    const session = req.deskSession!;
    const list = await feeds.list();
    const main = html`<h1>Feeds</h1>
${notice(req.query.done)}
${list.length ? html`<table><caption class="sr-only">Configured feeds and their status</caption>
<thead><tr><th scope="col">Feed</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Last success</th><th scope="col">Last error</th><th scope="col">Items today (UTC)</th><th scope="col">Next poll</th><th scope="col">Actions</th></tr></thead>
<tbody>${list.map((f) => html`<tr data-feed="${f.id}"><th scope="row">${f.id}<br><small>${printable(f.url ?? '')}</small></th><td>${f.kind}</td>
<td><span class="state feed-${f.paused ? 'paused' : f.backoffUntil ? 'backoff' : 'active'}">${f.paused ? 'paused' : f.backoffUntil ? 'backing off' : 'active'}</span>${f.paused && f.pausedAt ? html`<br><small>since ${when(f.pausedAt)}</small>` : ''}</td>
<td>${when(f.lastSuccessAt)}</td>
<td>${f.lastError ? html`<code>${printable(f.lastError.code)}</code> ${when(f.lastError.at)}<br><small>${printable(f.lastError.message.slice(0, 500))}</small>` : 'none'}</td>
<td>${String(f.itemsToday)}</td><td>${f.paused ? 'paused' : when(f.nextPollAt)}</td>
<td>${feedActions(f).map((a) => html`<form method="post" action="${base}/admin/feeds/${encodeURIComponent(f.id)}/${a}" class="inline">${hidden(session)}<button type="submit" aria-label="${ACTION_LABELS[a]} ${f.id}">${ACTION_LABELS[a]}</button></form>`)}</td></tr>`)}</tbody></table>`
    : html`<p>No feeds are registered under this deployment's prefix (a worker registers its feeds when it starts).</p>`}`;
    return reply.type('text/html').send(ctx.page('Feeds', session, main, { page: 'feeds' }).value);
  });

  for (const action of FEED_ACTIONS) {
    desk.post<{ Params: { id: string } }>(`${base}/admin/feeds/:id/${action}`, admin, async (req: DeskRequest & { params: { id: string } }, reply) => {
      const session = req.deskSession!;
      const id = req.params.id;
      if (id.length > MAX_FEED_ID) return ctx.notFound(reply, session, 'No such feed.');
      try {
        await feeds.act(action, id);
      } catch (e) {
        if (e instanceof WiredeskError && e.code === 'WIREDESK_ERR_FEED_UNKNOWN') return ctx.notFound(reply, session, `No feed "${id}" is configured.`);
        if (e instanceof WiredeskError && e.code === 'WIREDESK_ERR_FEED_ACTION') {
          return reply.code(409).type('text/html').send(ctx.page('Not possible', session, html`<p>${e.message}</p><p><a href="${base}/admin/feeds">Back to the feeds</a></p>`).value);
        }
        throw e;
      }
      ctx.logger.info({ action: `feed-${action}`, feed: id, by: session.name }, 'desk feed action');
      return reply.redirect(`${base}/admin/feeds?done=${action}`, 303);
    });
  }

  // --- dead letters ---
  const entryLink = (e: DeadLetterEntry): string => `${base}/admin/dead-letters/${encodeURIComponent(e.id)}`;
  const confirmBox = (id: string, label: string): SafeHtml => html`<label for="${id}"><input type="checkbox" id="${id}" name="confirm" value="yes" required> ${label}</label>`;

  desk.get<{ Querystring: { page?: string; done?: string } }>(`${base}/admin/dead-letters`, admin, async (req: DeskRequest & { query: { page?: string; done?: string } }, reply) => {
    const session = req.deskSession!;
    const count = await letters.count();
    const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    const pageNo = Math.max(1, Math.min(Number.parseInt(req.query.page ?? '1', 10) || 1, pages));
    const list = await letters.list({ offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const main = html`<h1>Dead letters</h1>
${notice(req.query.done)}
<p id="dead-letter-count">${String(count)} dead letter${count === 1 ? '' : 's'}${count > PAGE_SIZE ? `, page ${pageNo} of ${pages}` : ''}, newest first.</p>
${list.length ? html`<table><caption class="sr-only">Dead letters, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Entry</th><th scope="col">Feed</th><th scope="col">Error</th><th scope="col">Size</th><th scope="col">Path</th></tr></thead>
<tbody>${list.map((e) => html`<tr><td>${when(e.at)}</td><td><a href="${entryLink(e)}"><code>${e.id}</code></a></td><td>${printable(e.feed)}</td><td><code>${printable(e.code)}</code>${e.itemIndex !== null ? ` (item ${e.itemIndex})` : ''}</td><td>${String(e.size)} B</td><td>${printable(e.path ?? '')}</td></tr>`)}</tbody></table>
<nav aria-label="Pages">${pageNo > 1 ? html`<a href="${base}/admin/dead-letters?page=${String(pageNo - 1)}" rel="prev">Newer</a> ` : ''}${pageNo < pages ? html`<a href="${base}/admin/dead-letters?page=${String(pageNo + 1)}" rel="next">Older</a>` : ''}</nav>
<form method="post" action="${base}/admin/dead-letters/purge-all" class="danger">${hidden(session)}
<fieldset><legend>Purge all ${String(count)} dead letters (without replaying them)</legend>${confirmBox('confirm-purge-all', 'Yes, remove every dead letter')}
<button type="submit">Purge all</button></fieldset></form>` : ''}`;
    return reply.type('text/html').send(ctx.page('Dead letters', session, main, { page: 'dead-letters' }).value);
  });

  const validId = (id: string): boolean => DEAD_LETTER_ID.test(id);

  desk.get<{ Params: { id: string } }>(`${base}/admin/dead-letters/:id`, admin, async (req: DeskRequest & { params: { id: string } }, reply) => {
    const session = req.deskSession!;
    const record = validId(req.params.id) ? await letters.get(req.params.id) : null;
    if (!record) return ctx.notFound(reply, session, `No dead letter "${req.params.id.slice(0, 100)}".`);
    const content = (label: string, buf: Buffer): SafeHtml => {
      const text = textWindow(buf, SHOW_TEXT);
      return text !== null
        ? html`<h3>${label}: text${buf.length > SHOW_TEXT ? `, the first ${SHOW_TEXT} of ${buf.length} bytes` : ''}</h3><pre class="content">${text}</pre>`
        : html`<h3>${label}: binary or control characters, shown as hex${buf.length > SHOW_HEX ? ` (the first ${SHOW_HEX} of ${buf.length} bytes)` : ''}</h3><pre class="content hex">${hexDumpLines(buf, SHOW_HEX).join('\n')}${buf.length > SHOW_HEX ? '\n…' : ''}</pre>`;
    };
    const link = entryLink(record);
    const main = html`<p><a href="${base}/admin/dead-letters">← Dead letters</a></p>
<h1>Dead letter <code>${record.id}</code></h1>
<dl class="credit"><dt>Error</dt><dd><code>${printable(record.code)}</code></dd><dt>Message</dt><dd>${printable(record.message.slice(0, 2000))}</dd>
<dt>Feed</dt><dd>${printable(record.feed)}</dd><dt>When</dt><dd>${when(record.at)}</dd><dt>Path</dt><dd>${printable(record.path ?? '—')}</dd>
<dt>Content type</dt><dd>${printable(record.contentType ?? '—')}</dd><dt>Format</dt><dd>${printable(record.format ?? '—')}${record.formatHint ? ` (feed hint ${printable(record.formatHint)})` : ''}</dd>
<dt>Item</dt><dd>${record.itemIndex === null ? 'the whole document' : `item ${record.itemIndex} of the document`}</dd>
<dt>Size</dt><dd>${String(record.size)} bytes (document)${record.itemRaw ? `, ${record.itemRaw.length} bytes (item)` : ''}</dd>
<dt>SHA-256</dt><dd><code>${record.rawSha256}</code></dd></dl>
<p><a href="${link}/raw" download>Download the document's bytes</a></p>
<div class="actions">
<form method="post" action="${link}/replay">${hidden(session)}<button type="submit">Replay</button></form>
<form method="post" action="${link}/purge">${hidden(session)}${confirmBox('confirm-purge', 'Yes, remove this dead letter')} <button type="submit">Purge</button></form>
</div>
<section aria-labelledby="content"><h2 id="content">Content</h2>
${record.itemRaw ? content('The failing item', record.itemRaw) : ''}${content('The document', record.raw)}</section>`;
    return reply.type('text/html').send(ctx.page(`Dead letter ${record.id}`, session, main, { page: 'dead-letter' }).value);
  });

  desk.get<{ Params: { id: string } }>(`${base}/admin/dead-letters/:id/raw`, admin, async (req: DeskRequest & { params: { id: string } }, reply) => {
    const session = req.deskSession!;
    const record = validId(req.params.id) ? await letters.get(req.params.id) : null;
    if (!record) return ctx.notFound(reply, session, 'No such dead letter.');
    return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${record.id}.bin"`).send(record.raw);
  });

  desk.post<{ Params: { id: string } }>(`${base}/admin/dead-letters/:id/replay`, admin, async (req: DeskRequest & { params: { id: string } }, reply) => {
    const session = req.deskSession!;
    const id = req.params.id;
    const jobId = validId(id) ? await replayDeadLetter(ctx.redisUrl, id, { prefix: ctx.prefix }) : null;
    if (jobId === null) return ctx.notFound(reply, session, 'No such dead letter.');
    ctx.logger.info({ action: 'dead-letter-replay', deadLetter: id, job: jobId, by: session.name }, 'desk dead-letter replay');
    return reply.redirect(`${base}/admin/dead-letters?done=replayed`, 303);
  });

  const confirmed = (req: DeskRequest): boolean => (req.body as Record<string, unknown> | undefined)?.confirm === 'yes';
  const unconfirmed = (session: DeskSession, back: string): string => ctx.page('Not confirmed', session, html`<p role="alert" class="notice">Nothing was removed: tick the confirmation box to purge.</p><p><a href="${back}">Back</a></p>`).value;

  desk.post<{ Params: { id: string } }>(`${base}/admin/dead-letters/:id/purge`, admin, async (req: DeskRequest & { params: { id: string } }, reply) => {
    const session = req.deskSession!;
    const id = req.params.id;
    if (!validId(id)) return ctx.notFound(reply, session, 'No such dead letter.');
    if (!confirmed(req)) return reply.code(400).type('text/html').send(unconfirmed(session, `${base}/admin/dead-letters/${encodeURIComponent(id)}`));
    if (!(await letters.remove(id))) return ctx.notFound(reply, session, 'No such dead letter.');
    ctx.logger.info({ action: 'dead-letter-purge', deadLetter: id, by: session.name }, 'desk dead-letter purge');
    return reply.redirect(`${base}/admin/dead-letters?done=purged`, 303);
  });

  desk.post(`${base}/admin/dead-letters/purge-all`, admin, async (req: DeskRequest, reply) => {
    const session = req.deskSession!;
    if (!confirmed(req)) return reply.code(400).type('text/html').send(unconfirmed(session, `${base}/admin/dead-letters`));
    const n = await letters.removeMany(await letters.idsBefore(null));
    ctx.logger.info({ action: 'dead-letter-purge-all', removed: n, by: session.name }, 'desk dead-letter purge');
    return reply.redirect(`${base}/admin/dead-letters?done=purged`, 303);
  });
}
