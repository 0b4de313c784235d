import type { FastifyInstance } from 'fastify';
import { EmbargoControl, type EmbargoRow } from '../queue/embargo-control.js';
import { settledWithin } from '../queue/redis-state.js';
import { html, type SafeHtml } from './html.js';
import type { DeskContext, DeskRequest } from './context.js';
import type { DeskSession } from './sessions.js';

/**
 * The embargo list (issue 16, items 5 and 6): every story held for an embargo with its release
 * time, soonest first: versions the pipeline holds until their time (delayed jobs of the `embargo`
 * queue), versions an editor held past their time, and stories in review whose embargo is still
 * ahead. Viewers read; editors release a held or embargoed version now, or hold it so that it is
 * not published at its time (src/queue/embargo-control.ts). Decisions name the signed-in editor.
 */

const PAGE_SIZE = 50;
/** Review entries read for the in-review section (as the queue page reads them). */
/** Stories in review with an embargo, read per open state from the review store's embargo index. */
const REVIEW_SCAN = 1_000;

const NOTICES: Record<string, string> = {
  held: 'Held: it will not be published at its embargo time until an editor releases it.',
  released: 'Released: the workers publish it now.',
  'already-held': 'It was already held.',
  'already-released': 'It was already released.',
};

export function registerEmbargoPages(desk: FastifyInstance, ctx: DeskContext): void {
  const control = new EmbargoControl(ctx.redis, ctx.prefix);
  desk.addHook('onClose', async () => {
    await settledWithin(control.close(), 2_000);
  });
  const base = ctx.base;
  const pageNo = (v: string | undefined): number => Math.max(1, Math.min(Number.parseInt(v ?? '1', 10) || 1, 100_000));
  const when = (iso: string): SafeHtml => html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;

  desk.get<{ Querystring: Record<string, string | undefined> }>(`${base}/embargoes`, { preHandler: ctx.requireSession('viewer') }, async (req: DeskRequest & { query: Record<string, string | undefined> }, reply) => {
    const session = req.deskSession!;
    const q = req.query;
    const heldPage = pageNo(q.held);
    const scheduledPage = pageNo(q.scheduled);
    const now = Date.now();
    const [held, scheduled, review, decisions] = await Promise.all([
      control.held((heldPage - 1) * PAGE_SIZE, PAGE_SIZE),
      control.scheduled((scheduledPage - 1) * PAGE_SIZE, PAGE_SIZE),
      Promise.all((['pending', 'held'] as const).map((state) => ctx.service.page({ state, offset: 0, limit: REVIEW_SCAN, where: [['embargo', 'yes']] })))
        .then((pages) => pages.flatMap((p) => p.rows)),
      control.decisions(20),
    ]);
    const inReview = review
      .filter((s) => s.embargoedUntil && Date.parse(s.embargoedUntil) > now)
      .sort((a, b) => Date.parse(a.embargoedUntil!) - Date.parse(b.embargoedUntil!));
    const canAct = ctx.allows(session, 'editor');
    const link = (over: Record<string, string>): string => `${base}/embargoes?${new URLSearchParams({ held: String(heldPage), scheduled: String(scheduledPage), ...over }).toString()}`;
    const pager = (name: 'held' | 'scheduled', at: number, total: number): SafeHtml => html`<nav aria-label="Pages of ${name === 'held' ? 'held' : 'scheduled'} embargoes">${at > 1 ? html`<a href="${link({ [name]: String(at - 1) })}" rel="prev">Sooner</a> ` : ''}${at * PAGE_SIZE < total ? html`<a href="${link({ [name]: String(at + 1) })}" rel="next">Later</a>` : ''}</nav>`;
    const action = (row: EmbargoRow, name: 'release' | 'hold', label: string): SafeHtml => html`<form method="post" action="${base}/embargoes/${name}" class="inline">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="id" value="${row.id}"><input type="hidden" name="versionKey" value="${row.versionKey}">
<button type="submit" aria-label="${label}: ${row.headline ?? row.id}">${label}</button></form>`;
    const table = (rows: EmbargoRow[], caption: string, heldRows: boolean): SafeHtml => html`<table><caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">Release time</th><th scope="col">Headline</th><th scope="col">Feed</th><th scope="col">Version</th><th scope="col">State</th>${canAct ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${when(r.releaseAt)}${Date.parse(r.releaseAt) <= now ? ' (time passed)' : ''}</td><td>${r.headline ?? '(no headline)'}</td><td>${r.feed ?? ''}</td><td><code>${r.id}@${r.versionKey}</code></td>
<td><span class="state state-${r.state}">${heldRows ? `held by ${r.heldBy ?? '?'}` : 'waiting for its time'}</span></td>
${canAct ? html`<td>${action(r, 'release', 'Release now')}${heldRows ? '' : action(r, 'hold', 'Hold')}</td>` : ''}</tr>`)}</tbody></table>`;
    const notice = q.done && NOTICES[q.done] ? html`<p class="notice" role="status">${NOTICES[q.done]}</p>` : '';
    const main = html`<h1>Embargoes</h1>
${notice}
<p>Every story held for an embargo, soonest release first.${canAct ? ' Release now publishes at once, before the embargo time; hold keeps a story from being published at its time until an editor releases it.' : ''}</p>
<section aria-labelledby="held"><h2 id="held">Held by editors (${String(held.total)})</h2>
${held.rows.length ? html`${table(held.rows, 'Embargoed stories held by editors, soonest release first', true)}${pager('held', heldPage, held.total)}` : html`<p>None.</p>`}</section>
<section aria-labelledby="scheduled"><h2 id="scheduled">Waiting for their release time (${String(scheduled.total)})</h2>
${scheduled.rows.length ? html`${table(scheduled.rows, 'Embargoed stories waiting for their release time, soonest first', false)}${pager('scheduled', scheduledPage, scheduled.total)}` : html`<p>None.</p>`}</section>
<section aria-labelledby="in-review"><h2 id="in-review">In review, with an embargo ahead (${String(inReview.length)})</h2>
${inReview.length ? html`<p>Approved on their story page, they are held until their embargo time (and listed above); hold them there to keep them in review.${canAct ? ' Approve and release now publishes at once.' : ''}</p><table><caption class="sr-only">Stories in review with an embargo ahead, soonest first</caption>
<thead><tr><th scope="col">Embargoed until</th><th scope="col">Headline</th><th scope="col">Feed</th><th scope="col">Review state</th>${canAct ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
<tbody>${inReview.slice(0, PAGE_SIZE).map((s) => html`<tr><td>${when(new Date(Date.parse(s.embargoedUntil!)).toISOString())}</td><td><a href="${base}/story/${encodeURIComponent(s.id)}">${s.headline ?? '(no headline)'}</a></td><td>${s.feed ?? ''}</td><td><span class="state state-${s.state}">${s.state}</span></td>
${canAct ? html`<td><form method="post" action="${base}/embargoes/release-review" class="inline"><input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="id" value="${s.id}"><input type="hidden" name="versionKey" value="${s.versionKey}">
<button type="submit" aria-label="Approve and release now: ${s.headline ?? s.id}">Approve and release now</button></form></td>` : ''}</tr>`)}</tbody></table>
${inReview.length > PAGE_SIZE ? html`<p>${String(inReview.length - PAGE_SIZE)} more later.</p>` : ''}` : html`<p>None.</p>`}</section>
${decisions.length ? html`<section aria-labelledby="decisions"><h2 id="decisions">Recent decisions</h2><ul>${decisions.map((d) => html`<li>${when(d.at)}: <strong>${d.by}</strong> ${d.action === 'hold' ? 'held' : 'released'} <code>${d.id}@${d.versionKey}</code></li>`)}</ul></section>` : ''}`;
    return reply.type('text/html').send(ctx.page('Embargoes', session, main, { page: 'embargoes' }).value);
  });

  desk.post<{ Body: Record<string, string> }>(`${base}/embargoes/release-review`, { preHandler: ctx.requireSession('editor') }, async (req: DeskRequest & { body: Record<string, string> }, reply) => {
    const session: DeskSession = req.deskSession!;
    const id = String(req.body?.id ?? '');
    const versionKey = String(req.body?.versionKey ?? '');
    const r = await control.releaseFromReview(id, versionKey, session.name);
    ctx.logger.info({ action: 'embargo-release-review', id, version: versionKey, by: session.name, status: r.status }, 'desk embargo decision');
    if (r.status === 'done') return reply.redirect(`${base}/embargoes?done=released`, 303);
    if (r.status === 'already') return reply.redirect(`${base}/embargoes?done=already-released`, 303);
    if (r.status === 'not-found') return ctx.notFound(reply, session, `No story "${id}" is in review.`);
    return reply.code(409).type('text/html').send(ctx.page('Not possible', session, html`<p>Cannot release this story: ${r.state === 'superseded' ? 'a newer version replaced it' : `it is ${r.state}`}.</p><p><a href="${base}/embargoes">Back to the embargoes</a></p>`).value);
  });

  for (const name of ['release', 'hold'] as const) {
    desk.post<{ Body: Record<string, string> }>(`${base}/embargoes/${name}`, { preHandler: ctx.requireSession('editor') }, async (req: DeskRequest & { body: Record<string, string> }, reply) => {
      const session: DeskSession = req.deskSession!;
      const id = String(req.body?.id ?? '');
      const versionKey = String(req.body?.versionKey ?? '');
      const r = name === 'release' ? await control.release(id, versionKey, session.name) : await control.hold(id, versionKey, session.name);
      ctx.logger.info({ action: `embargo-${name}`, id, version: versionKey, by: session.name, status: r.status }, 'desk embargo decision');
      if (r.status === 'done') return reply.redirect(`${base}/embargoes?done=${name === 'release' ? 'released' : 'held'}`, 303);
      if (r.status === 'already') return reply.redirect(`${base}/embargoes?done=${name === 'release' ? 'already-released' : 'already-held'}`, 303);
      if (r.status === 'not-found') return ctx.notFound(reply, session, `No embargoed version "${id}@${versionKey}" is held.`);
      const why = r.state === 'publishing' ? 'it has been published' : r.state === 'superseded' ? 'a newer version replaced it' : r.state === 'gone' ? 'the story store no longer has it' : `it is ${r.state}`;
      return reply.code(409).type('text/html').send(ctx.page('Not possible', session, html`<p>Cannot ${name} this story: ${why}.</p><p><a href="${base}/embargoes">Back to the embargoes</a></p>`).value);
    });
  }
}
