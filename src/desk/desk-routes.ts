import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import { connectRedis, RedisKeys } from '../queue/redis-keys.js';
import { createReviewService, type ReviewService, type ReviewState, type ReviewEntry, type ReviewFacet } from '../review/review-service.js';
import { REVIEW_STATES, type ReviewChange } from '../review/review-store.js';
import type { Article, Byline, Picture } from '../model/article.generated.js';
import { WiredeskError } from '../errors.js';
import { FailureThrottle, type ThrottleOptions } from '../worker/throttle.js';
import { authenticate, readUsers, type DeskRole } from './users.js';
import { DeskSessions, csrfMatches, parseCookies, type DeskSession } from './sessions.js';
import { html, type SafeHtml } from './html.js';
import { DESK_CSS, DESK_JS } from './assets.js';
import { safeHttpUrl } from '../pipeline/safe-url.js';
import type { DeskContext, DeskRequest } from './context.js';
import { registerStoryPages, storyExtras, noteField, bodyWithEvidence, captionWithEvidence, askedVersion, type StoryExtras } from './story-pages.js';
import { registerEmbargoPages } from './embargo-pages.js';
import { registerAdminPages } from './admin-pages.js';
import { reasonChoices, reasonsCell, relatedNearDuplicates, whyItIsHere } from './review-reasons.js';

/**
 * The editors' desk: server-rendered pages under one path (default /desk) of the worker's HTTP
 * server. People log in with a name and password from the users file (src/desk/users.ts); the
 * session lives in Redis and its cookie is HttpOnly, SameSite=Strict (Secure behind TLS). Every
 * state change needs the session's CSRF token and a same-origin request. Roles: viewer reads,
 * editor acts on stories, admin also reaches the operations pages. The audit trail names the
 * logged-in person.
 */

export interface DeskOptions {
  redisUrl: string;
  prefix: string;
  usersFile: string;
  logger: Logger;
  /** URL path the desk is served under (default /desk). */
  path?: string;
  /** Session idle lifetime (default 8 h). */
  sessionIdleSeconds?: number;
  /** Cookies get Secure: 'auto' (default) when the request came over https. */
  secureCookies?: boolean | 'auto';
  /** Failed-login throttling per address and per name (tests shorten it). */
  throttle?: ThrottleOptions;
  /** The configured review rules (the queue's Reason filter). */
  reviewRules?: Array<{ id: string; name: string }>;
}

const COOKIE = 'wd_desk';
const PAGE_SIZE = 50;
const STATES: ReviewState[] = REVIEW_STATES;
const RANK: Record<DeskRole, number> = { viewer: 0, editor: 1, admin: 2 };

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');


export async function registerDesk(app: FastifyInstance, opts: DeskOptions): Promise<void> {
  const base = (opts.path ?? '/desk').replace(/\/+$/, '');
  const redis: Redis = connectRedis(opts.redisUrl, (e) => opts.logger.debug({ err: e.message }, 'desk redis error'));
  const sessions = new DeskSessions(redis, opts.prefix, opts.sessionIdleSeconds);
  const service: ReviewService = createReviewService({ redisUrl: opts.redisUrl, prefix: opts.prefix });
  const byAddress = new FailureThrottle(opts.throttle);
  const byName = new FailureThrottle(opts.throttle);
  const keys = new RedisKeys(opts.prefix);

  // Live updates: one subscriber connection, fanned out to every open event stream.
  const streams = new Map<(change: ReviewChange) => void, () => void>();
  const subscriber: Redis = connectRedis(opts.redisUrl, () => {});
  await subscriber.subscribe(keys.reviewChanges());
  subscriber.on('message', (_channel: string, message: string) => {
    let change: ReviewChange;
    try {
      change = JSON.parse(message) as ReviewChange;
    } catch {
      return;
    }
    for (const send of streams.keys()) send(change);
  });

  app.addHook('onClose', async () => {
    await service.close?.();
    subscriber.disconnect();
    redis.disconnect();
  });

  await app.register(async (desk) => {
    desk.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    desk.addHook('onSend', async (_req, reply, payload) => {
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      reply.header('cache-control', 'no-store');
      return payload;
    });

    const secure = (req: FastifyRequest): boolean => (opts.secureCookies === 'auto' || opts.secureCookies === undefined ? req.protocol === 'https' : opts.secureCookies);
    const cookie = (req: FastifyRequest, value: string, maxAge: number | null): string =>
      `${COOKIE}=${value}; Path=${base}; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}${maxAge === null ? '' : `; Max-Age=${maxAge}`}`;

    /** The session, or a redirect to the login page (GET) / 401 (anything else). */
    const requireSession = (need: DeskRole) => async (req: DeskRequest, reply: FastifyReply): Promise<void> => {
      const session = await sessions.get(parseCookies(req.headers.cookie).get(COOKIE));
      if (!session) {
        if (req.method === 'GET') {
          await reply.redirect(`${base}/login?next=${encodeURIComponent(req.url)}`, 303);
        } else {
          await reply.code(401).type('text/html').send(page('Not signed in', null, html`<p>Your session has ended. <a href="${base}/login">Sign in</a> again.</p>`).value);
        }
        return;
      }
      if (RANK[session.role] < RANK[need]) {
        await reply.code(403).type('text/html').send(page('Not allowed', session, html`<p>Your role (${session.role}) may not do this.</p>`).value);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (!sameOrigin(req) || !csrfMatches(session, body.csrf ?? req.headers['x-csrf-token'])) {
          await reply.code(403).type('text/html').send(page('Refused', session, html`<p>The request did not carry this page's security token. Reload the page and try again.</p>`).value);
          return;
        }
      }
      req.deskSession = session;
    };

    const page = (title: string, session: DeskSession | null, main: SafeHtml, attrs: Record<string, string> = {}): SafeHtml => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · wiredesk</title><link rel="stylesheet" href="${base}/static/desk.css"><script src="${base}/static/desk.js" defer></script></head>
<body data-base="${base}" data-events="${base}/events"${Object.entries(attrs).map(([k, v]) => html` data-${k}="${v}"`)}>
<a class="sr-only" href="#main">Skip to content</a>
<header><nav aria-label="Desk">
<a href="${base}">Queue</a>
${session ? html`<a href="${base}/embargoes">Embargoes</a>` : ''}${session?.role === 'admin' ? html` <a href="${base}/admin/feeds">Feeds</a> <a href="${base}/admin/dead-letters">Dead letters</a>` : ''}
${session ? html`<span class="who">Signed in as <strong>${session.name}</strong> (${session.role})</span>
<form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${session.csrf}"><button type="submit">Sign out</button></form>` : ''}
</nav></header>
<main id="main" tabindex="-1">${main}</main>
<div id="live" class="sr-only" aria-live="polite"></div>
</body></html>
`;

    desk.get(`${base}/static/desk.css`, async (_req, reply) => reply.type('text/css; charset=utf-8').send(DESK_CSS));
    desk.get(`${base}/static/desk.js`, async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(DESK_JS));

    // --- login and logout ---
    const loginPage = (message: string | null, next: string): SafeHtml => page('Sign in', null, html`<div class="login"><h1>Sign in to the desk</h1>
${message ? html`<p role="alert" class="notice">${message}</p>` : ''}
<form method="post" action="${base}/login">
<input type="hidden" name="next" value="${next}">
<label for="name">Name<input id="name" name="name" autocomplete="username" required autofocus></label>
<label for="password">Password<input id="password" name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></div>`);
    const safeNext = (next: unknown): string => (typeof next === 'string' && next.startsWith(`${base}`) && !next.startsWith('//') && !next.includes('\\') ? next : base);

    desk.get<{ Querystring: { next?: string } }>(`${base}/login`, async (req, reply) => reply.type('text/html').send(loginPage(null, safeNext(req.query.next)).value));
    desk.post<{ Body: Record<string, string> }>(`${base}/login`, async (req, reply) => {
      const body = req.body ?? {};
      const name = String(body.name ?? '').trim().toLowerCase().slice(0, 64);
      const next = safeNext(body.next);
      if (!sameOrigin(req)) return reply.code(403).type('text/html').send(loginPage('This form must be sent from the desk itself.', next).value);
      const wait = Math.max(byAddress.blockedFor(req.ip), byName.blockedFor(name));
      if (wait > 0) return reply.code(429).header('retry-after', String(wait)).type('text/html').send(loginPage(`Too many failed sign-ins. Try again in ${wait} s.`, next).value);
      const user = await authenticate(await readUsers(opts.usersFile), name, String(body.password ?? ''));
      if (!user) {
        byAddress.fail(req.ip);
        byName.fail(name);
        opts.logger.warn({ name, ip: req.ip }, 'desk sign-in failed');
        return reply.code(401).type('text/html').send(loginPage('Wrong name or password.', next).value);
      }
      byName.succeed(name);
      const { id } = await sessions.create(user.name, user.role);
      opts.logger.info({ name: user.name, role: user.role }, 'desk sign-in');
      return reply.header('set-cookie', cookie(req, id, null)).redirect(next, 303);
    });
    desk.post(`${base}/logout`, { preHandler: requireSession('viewer') }, async (req, reply) => {
      await sessions.destroy(parseCookies(req.headers.cookie).get(COOKIE));
      return reply.header('set-cookie', cookie(req, '', 0)).redirect(`${base}/login`, 303);
    });

    // --- the queue ---
    desk.get<{ Querystring: Record<string, string | undefined> }>(base, { preHandler: requireSession('viewer') }, async (req: DeskRequest & { query: Record<string, string | undefined> }, reply) => {
      const session = req.deskSession!;
      const q = req.query;
      const state = STATES.includes(q.state as ReviewState) ? (q.state as ReviewState) : q.state === 'all' ? 'all' : 'pending';
      const text = (q.q ?? '').trim().toLowerCase().slice(0, 200);
      const where: Array<[ReviewFacet, string]> = [];
      for (const f of ['feed', 'source', 'format', 'language'] as const) if (q[f]) where.push([f, q[f]!.slice(0, 200)]);
      if (q.warnings === 'yes') where.push(['warnings', 'yes']);
      if (q.embargo === 'yes') where.push(['embargo', 'yes']);
      if (q.reason) where.push(['reason', q.reason.slice(0, 200)]);
      const pageNo = Math.max(1, Math.min(Number.parseInt(q.page ?? '1', 10) || 1, 100_000));
      const [counts, facets, found] = await Promise.all([
        service.counts(), service.facets(),
        service.page({ state, offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE, where, ...(text ? { text } : {}) }),
      ]);
      const shown = found.rows;
      const link = (over: Record<string, string>): string => `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => !!e[1])), ...over }).toString()}`;
      const select = (name: string, label: string, values: string[]): SafeHtml => html`<label for="f-${name}">${label}<select id="f-${name}" name="${name}"><option value="">any</option>${values.map((v) => html`<option${q[name] === v ? html` selected` : ''}>${v}</option>`)}</select></label>`;
      const main = html`<h1>Stories for review</h1>
<ul class="counts" id="queue-counts" aria-label="Stories by state">${STATES.map((s) => html`<li><a href="${link({ state: s, page: '1' })}"${s === state ? html` aria-current="page"` : ''}>${s}: ${String(counts[s])}</a></li>`)}<li><a href="${link({ state: 'all', page: '1' })}"${state === 'all' ? html` aria-current="page"` : ''}>all: ${String(counts.all)}</a></li></ul>
<form class="filters" method="get" action="${base}" role="search">
<label for="f-state">State<select id="f-state" name="state">${[...STATES, 'all'].map((s) => html`<option${s === state ? html` selected` : ''}>${s}</option>`)}</select></label>
${select('feed', 'Feed', facets.feed)}${select('source', 'Agency', facets.source)}${select('format', 'Format', facets.format)}${select('language', 'Language', facets.language)}
<label for="f-reason">Reason<select id="f-reason" name="reason"><option value="">any</option>${reasonChoices(opts.reviewRules ?? [], facets.reason).map((r) => html`<option value="${r.value}"${q.reason === r.value ? html` selected` : ''}>${r.label}</option>`)}</select></label>
<label for="f-warnings">Warnings<select id="f-warnings" name="warnings"><option value="">any</option><option value="yes"${q.warnings === 'yes' ? html` selected` : ''}>has warnings</option></select></label>
<label for="f-embargo">Embargo<select id="f-embargo" name="embargo"><option value="">any</option><option value="yes"${q.embargo === 'yes' ? html` selected` : ''}>embargoed</option></select></label>
<label for="f-q">Headline contains<input id="f-q" name="q" value="${q.q ?? ''}"></label>
<button type="submit">Filter</button>
</form>
<div id="queue-list">
<p>${found.total === null ? `More than ${(pageNo - 1) * PAGE_SIZE + shown.length} stories` : `${found.total} stor${found.total === 1 ? 'y' : 'ies'}`}${pageNo > 1 || found.more ? `, page ${pageNo}${found.total === null ? '' : ` of ${Math.max(1, Math.ceil(found.total / PAGE_SIZE))}`}` : ''}. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens.</p>
<table><caption class="sr-only">Stories, newest first</caption>
<thead><tr><th scope="col">Received</th><th scope="col">Headline</th><th scope="col">Feed</th><th scope="col">Agency</th><th scope="col">Format</th><th scope="col">State</th><th scope="col">Warnings</th><th scope="col">Reasons</th></tr></thead>
<tbody>${shown.map((s) => html`<tr data-id="${s.id}"><td><time datetime="${s.receivedAt}">${s.receivedAt.slice(0, 16).replace('T', ' ')}</time></td>
<td><a href="${base}/story/${encodeURIComponent(s.id)}">${s.headline ?? '(no headline)'}</a></td><td>${s.feed ?? ''}</td><td>${s.source ?? ''}</td><td>${s.format ?? ''}</td>
<td><span class="state state-${s.state}">${s.state}</span></td><td>${s.warnings ? String(s.warnings) : ''}</td>${reasonsCell(s)}</tr>`)}</tbody></table>
<nav aria-label="Pages">${pageNo > 1 ? html`<a href="${link({ page: String(pageNo - 1) })}" rel="prev">Newer</a> ` : ''}${found.more ? html`<a href="${link({ page: String(pageNo + 1) })}" rel="next">Older</a>` : ''}</nav>
</div>`;
      return reply.type('text/html').send(page('Queue', session, main, { page: 'queue' }).value);
    });

    // --- one story ---
    const findEntry = async (param: string): Promise<ReviewEntry | null> => {
      const direct = await service.get(param);
      if (direct) return direct;
      const at = param.lastIndexOf('@');
      if (at <= 0) return null;
      // `id@version` as the CLI prints it: the story's entry (which holds its latest version under review).
      return service.get(param.slice(0, at));
    };

    const ctx: DeskContext = {
      base, prefix: opts.prefix, redisUrl: opts.redisUrl, logger: opts.logger, redis, keys, service, page, requireSession, findEntry,
      allows: (session, need) => RANK[session.role] >= RANK[need],
      notFound: (reply, session, what) => reply.code(404).type('text/html').send(page('Not found', session, html`<p>${what}</p><p><a href="${base}">Back to the queue</a></p>`).value),
    };
    registerStoryPages(desk, ctx);
    registerEmbargoPages(desk, ctx);
    registerAdminPages(desk, ctx);

    desk.get<{ Params: { id: string } }>(`${base}/story/:id`, { preHandler: requireSession('viewer') }, async (req: DeskRequest & { params: { id: string } }, reply) => {
      const session = req.deskSession!;
      const entry = await findEntry(req.params.id);
      if (!entry) return reply.code(404).type('text/html').send(page('Not found', session, html`<p>No story "${req.params.id}" is under review.</p><p><a href="${base}">Back to the queue</a></p>`).value);
      const history = await service.history(entry.id).catch(() => []);
      const extras = await storyExtras(ctx, entry, req.params.id, history);
      return reply.type('text/html').send(page(entry.headline ?? entry.id, session, storyView(entry, session, history.length, extras), { 'story-id': entry.id }).value);
    });

    const storyView = (entry: ReviewEntry, session: DeskSession, versions: number, extras: StoryExtras): SafeHtml => {
      const a: Article = entry.article;
      const canAct = RANK[session.role] >= RANK.editor;
      const open = entry.state === 'pending' || entry.state === 'held';
      const action = (name: 'approve' | 'hold' | 'kill' | 'reject', label: string, allowed: boolean, note?: SafeHtml): SafeHtml => html`<form method="post" action="${base}/story/${encodeURIComponent(entry.id)}/${name}" data-action="${name}">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="version" value="${entry.versionKey}">${note ?? ''}<button type="submit"${allowed ? '' : html` disabled`}>${label}</button></form>`;
      return html`<p><a href="${base}">← Queue</a></p>
<h1>${a.headline ?? '(no headline)'}</h1>
<p>State: <span id="story-state" class="state state-${entry.state}">${entry.state}</span>${entry.updatedBy ? html` · last change by ${entry.updatedBy}` : ''} · <code>${entry.id}@${entry.versionKey}</code></p>
<p id="state-notice" class="notice" role="status"${open ? html` hidden` : ''}>${open ? '' : `This story is ${entry.state}: no action is possible.`}</p>${extras.notice}
${canAct ? html`<div class="actions" aria-label="Decision">${action('approve', 'Approve (a)', open)}${action('hold', 'Hold (h)', open, noteField('hold', 'Note with the hold'))}${action('reject', 'Reject', open, noteField('reject', 'Why rejected'))}${action('kill', 'Kill', entry.state !== 'killed' && entry.state !== 'superseded' && entry.state !== 'rejected')}${open ? html`<a href="${base}/story/${encodeURIComponent(entry.id)}/edit">Edit before release (e)</a>` : ''}</div>` : ''}
${extras.note}${entry.edits?.length ? html`<section aria-labelledby="edits"><h2 id="edits">Edits</h2><ul>${entry.edits.map((e) => html`<li>${e.at} by <strong>${e.by}</strong>: ${e.changes.map((c) => c.field).join(', ')}</li>`)}</ul></section>` : ''}
${whyItIsHere(entry, base)}
<section aria-labelledby="story"><h2 id="story">Story</h2>
${a.dateline ? html`<p><strong>Dateline:</strong> ${a.dateline.raw}${a.dateline.city ? html` (city ${a.dateline.city}${a.dateline.country ? `, ${a.dateline.country}` : ''})` : ''}</p>` : ''}
${a.bylines.length ? html`<h3>Bylines</h3><ul>${a.bylines.map((b) => html`<li><strong>${b.name}</strong> · ${b.role}${b.affiliation ? ` · ${b.affiliation}` : ''} <span class="evidence">from ${b.evidence.from}, rule ${b.evidence.rule}</span></li>`)}</ul>` : html`<p>No byline.</p>`}
<div class="body">${bodyWithEvidence(a)}</div>
</section>
${relatedNearDuplicates(entry, base)}
${a.pictures.length ? html`<section aria-labelledby="pictures"><h2 id="pictures">Pictures</h2>${a.pictures.map((p, i) => pictureView(p, i))}</section>` : ''}
<section aria-labelledby="provenance"><h2 id="provenance">Provenance</h2>
<dl class="credit"><dt>Format</dt><dd>${a.provenance.format} (parser ${a.provenance.parser.name} ${a.provenance.parser.version})</dd>
<dt>Feed</dt><dd>${a.provenance.feed ?? ''}</dd><dt>Received</dt><dd>${a.provenance.receivedAt}</dd>
<dt>Source</dt><dd>${a.source ?? ''}</dd><dt>Raw SHA-256</dt><dd><code>${a.provenance.rawSha256}</code></dd>
<dt>Versions seen</dt><dd>${String(versions)}</dd>${extras.raw}</dl>
${a.provenance.warnings.length ? html`<h3>Warnings</h3><ul>${a.provenance.warnings.map((w) => html`<li><code>${w.code}</code> ${w.message}</li>`)}</ul>` : ''}
</section>
${extras.versions}`;
    };

    const pictureView = (p: Picture, i: number): SafeHtml => {
      const src = safeHttpUrl(p.renditions.find((r) => safeHttpUrl(r.href))?.href);
      const c = p.credit;
      return html`<figure>
${src ? html`<img src="${src}" alt="${p.altText ?? p.caption ?? `Picture ${i + 1}`}" loading="lazy" referrerpolicy="no-referrer">` : ''}
<figcaption>${captionWithEvidence(p)}</figcaption>
<dl class="credit"><dt>Credit line</dt><dd>${c.raw ?? 'none'}</dd>
<dt>Photographer</dt><dd>${c.photographer ?? '—'}</dd><dt>Agencies</dt><dd>${c.agencies.join(', ') || '—'}</dd>
<dt>Via</dt><dd>${c.via ?? '—'}</dd><dt>Flags</dt><dd>${c.flags.join(', ') || '—'}</dd>
<dt>Evidence</dt><dd class="evidence">${c.evidence ? `from ${c.evidence.from}, rule ${c.evidence.rule}` : '—'}</dd></dl>
</figure>`;
    };

    for (const name of ['approve', 'hold', 'kill', 'reject'] as const) {
      desk.post<{ Params: { id: string }; Body: Record<string, string> }>(`${base}/story/:id/${name}`, { preHandler: requireSession('editor') }, async (req: DeskRequest & { params: { id: string }; body: Record<string, string> }, reply) => {
        const session = req.deskSession!;
        const entry = await findEntry(req.params.id);
        if (!entry) return reply.code(404).type('text/html').send(page('Not found', session, html`<p>No story "${req.params.id}" is under review.</p>`).value);
        // The version acted on: `id@version` in the path, else the page's hidden field; never another one silently.
        const body = req.body ?? {};
        const asked = askedVersion(req.params.id, entry) ?? (typeof body.version === 'string' && body.version ? body.version : null);
        const ref = asked ? `${entry.id}@${asked}` : entry.id;
        const note = typeof body.note === 'string' && body.note.trim() ? { note: body.note } : {};
        const result = name === 'approve' ? await service.approve(ref, session.name) : name === 'hold' ? await service.hold(ref, session.name, note) : name === 'reject' ? await service.reject(ref, session.name, note) : await service.kill(ref, session.name);
        opts.logger.info({ action: name, id: entry.id, by: session.name, status: result.status }, 'desk decision');
        if (result.status === 'conflict' && result.reason === 'version') {
          return reply.code(409).type('text/html').send(page('Not done', session, html`<p role="alert">Not done: you asked to ${name} version <code>${asked}</code>, but the version under review is now <code>${result.entry?.versionKey ?? '?'}</code>. Nothing was changed.</p><p><a href="${base}/story/${encodeURIComponent(entry.id)}">Open the version under review</a></p>`).value);
        }
        if (result.status === 'conflict') {
          return reply.code(409).type('text/html').send(page('Not possible', session, html`<p>Cannot ${name} this story: it is ${result.entry?.state ?? 'gone'}.</p><p><a href="${base}/story/${encodeURIComponent(entry.id)}">Back to the story</a></p>`).value);
        }
        return reply.redirect(`${base}/story/${encodeURIComponent(entry.id)}`, 303);
      });
    }

    // --- corrections before release ---
    const editForm = (entry: ReviewEntry, session: DeskSession, errors: string[], values?: Record<string, string>): SafeHtml => {
      const a = entry.article;
      const v = (name: string, fallback: string | null | undefined): string => values?.[name] ?? fallback ?? '';
      const bylines = a.bylines.map((b) => `${b.name} | ${b.role}`).join('\n');
      return html`<p><a href="${base}/story/${encodeURIComponent(entry.id)}">← Story</a></p>
<h1>Edit before release</h1>
${errors.length ? html`<div role="alert" class="notice"><p>Not saved: the article would not be valid.</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<form method="post" action="${base}/story/${encodeURIComponent(entry.id)}/edit" class="edit">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="versionKey" value="${entry.versionKey}">
<p><label for="e-headline">Headline</label><br><input id="e-headline" name="headline" size="80" value="${v('headline', a.headline)}"></p>
<fieldset><legend>Dateline</legend>
<label for="e-dateline">As printed <input id="e-dateline" name="dateline" size="40" value="${v('dateline', a.dateline?.raw)}"></label>
<label for="e-city">City <input id="e-city" name="datelineCity" value="${v('datelineCity', a.dateline?.city)}"></label>
<label for="e-country">Country <input id="e-country" name="datelineCountry" value="${v('datelineCountry', a.dateline?.country)}"></label></fieldset>
<p><label for="e-bylines">Bylines, one per line as <code>Name | role</code> (roles: author, reporting, additional-reporting, writing, editing, compiled-by, contributor, photographer)</label><br>
<textarea id="e-bylines" name="bylines" rows="4" cols="60">${v('bylines', bylines)}</textarea></p>
${a.pictures.map((p, i) => html`<fieldset><legend>Picture ${String(i + 1)}</legend>
<p><label for="e-caption-${String(i)}">Caption</label><br><textarea id="e-caption-${String(i)}" name="caption.${String(i)}" rows="3" cols="70">${v(`caption.${i}`, p.caption)}</textarea></p>
<label for="e-credit-${String(i)}">Credit line <input id="e-credit-${String(i)}" name="credit.${String(i)}" size="50" value="${v(`credit.${i}`, p.credit.raw)}"></label>
<label for="e-photographer-${String(i)}">Photographer <input id="e-photographer-${String(i)}" name="photographer.${String(i)}" value="${v(`photographer.${i}`, p.credit.photographer)}"></label>
<label for="e-agencies-${String(i)}">Agencies (comma-separated) <input id="e-agencies-${String(i)}" name="agencies.${String(i)}" value="${v(`agencies.${i}`, p.credit.agencies.join(', '))}"></label>
<label for="e-via-${String(i)}">Via <input id="e-via-${String(i)}" name="via.${String(i)}" value="${v(`via.${i}`, p.credit.via)}"></label>
</fieldset>`)}
<p><button type="submit">Save changes</button></p>
</form>`;
    };

    desk.get<{ Params: { id: string } }>(`${base}/story/:id/edit`, { preHandler: requireSession('editor') }, async (req: DeskRequest & { params: { id: string } }, reply) => {
      const session = req.deskSession!;
      const entry = await findEntry(req.params.id);
      if (!entry) return reply.code(404).type('text/html').send(page('Not found', session, html`<p>No story "${req.params.id}" is under review.</p>`).value);
      return reply.type('text/html').send(page('Edit', session, editForm(entry, session, []), { 'story-id': entry.id }).value);
    });

    desk.post<{ Params: { id: string }; Body: Record<string, string> }>(`${base}/story/:id/edit`, { preHandler: requireSession('editor') }, async (req: DeskRequest & { params: { id: string }; body: Record<string, string> }, reply) => {
      const session = req.deskSession!;
      const entry = await findEntry(req.params.id);
      if (!entry) return reply.code(404).type('text/html').send(page('Not found', session, html`<p>No story "${req.params.id}" is under review.</p>`).value);
      const body = req.body ?? {};
      const edited = applyForm(entry.article, body, session.name);
      try {
        // `id@version` in the path and the form's version must agree; either one stale is refused below.
        const asked = askedVersion(req.params.id, entry);
        const versionKey = String(asked ?? body.versionKey ?? entry.versionKey);
        const r = asked && body.versionKey && asked !== body.versionKey ? { status: 'conflict' as const, entry } : await service.edit(entry.id, versionKey, edited, session.name);
        if (r.status === 'conflict') {
          return reply.code(409).type('text/html').send(page('Not saved', session, html`<p>Not saved: the story changed meanwhile (it is now ${r.entry?.state ?? 'gone'}${r.entry && r.entry.versionKey !== body.versionKey ? ', with a newer version' : ''}).</p><p><a href="${base}/story/${encodeURIComponent(entry.id)}">Back to the story</a></p>`).value);
        }
        opts.logger.info({ action: 'edit', id: entry.id, by: session.name }, 'desk edit');
        return reply.redirect(`${base}/story/${encodeURIComponent(entry.id)}`, 303);
      } catch (e) {
        if (e instanceof WiredeskError && e.code === 'WIREDESK_ERR_REVIEW_INVALID_EDIT') {
          return reply.code(422).type('text/html').send(page('Edit', session, editForm(entry, session, e.message.split('; '), body)).value);
        }
        throw e;
      }
    });

    // --- live updates ---
    desk.get(`${base}/events`, { preHandler: requireSession('viewer') }, async (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', connection: 'keep-alive' });
      res.write('retry: 3000\n\n');
      const send = (change: ReviewChange): void => {
        res.write(`event: review\ndata: ${JSON.stringify(change)}\n\n`);
      };
      const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      streams.set(send, () => res.end());
      req.raw.on('close', () => {
        clearInterval(beat);
        streams.delete(send);
      });
    });
  });
  app.addHook('preClose', async () => {
    // Open event streams would hold the server open: end them first.
    for (const end of [...streams.values()]) end();
  });
}

/** A state change must come from the desk's own pages: Origin (or Referer) names this host, or the browser says same-origin. */
function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin ?? req.headers.referer;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The article with the edit form's fields applied; what changed carries the editor as its evidence. */
function applyForm(article: Article, form: Record<string, string>, editor: string): Article {
  const a: Article = structuredClone(article);
  const text = (name: string): string | undefined => (typeof form[name] === 'string' ? form[name]!.trim() : undefined);
  const orNull = (v: string | undefined, fallback: string | null): string | null => (v === undefined ? fallback : v === '' ? null : v);
  const evidence = { from: 'meta' as const, rule: `edited on the desk by ${editor}` };
  a.headline = orNull(text('headline'), a.headline);
  const raw = text('dateline');
  if (raw !== undefined) {
    if (raw === '') a.dateline = null;
    else {
      const before = a.dateline;
      a.dateline = { raw, city: orNull(text('datelineCity'), before?.city ?? null), country: orNull(text('datelineCountry'), before?.country ?? null), date: before?.date ?? null, agency: before?.agency ?? null };
    }
  }
  const bylines = text('bylines');
  if (bylines !== undefined) {
    const byKey = new Map(article.bylines.map((b) => [`${b.name} | ${b.role}`, b]));
    a.bylines = bylines.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line): Byline => {
      const kept = byKey.get(line);
      if (kept) return kept;
      const bar = line.lastIndexOf('|');
      const name = (bar >= 0 ? line.slice(0, bar) : line).trim();
      const role = (bar >= 0 ? line.slice(bar + 1).trim() : 'author') as Byline['role'];
      // An unknown role is left for the schema to refuse, with its message shown to the editor.
      return { name, role, affiliation: null, location: null, evidence };
    });
  }
  a.pictures.forEach((p, i) => {
    const caption = text(`caption.${i}`);
    if (caption !== undefined) p.caption = caption || null;
    const fields = { raw: text(`credit.${i}`), photographer: text(`photographer.${i}`), agencies: text(`agencies.${i}`), via: text(`via.${i}`) };
    const before = JSON.stringify(p.credit);
    if (fields.raw !== undefined) p.credit.raw = fields.raw || null;
    if (fields.photographer !== undefined) p.credit.photographer = fields.photographer || null;
    if (fields.agencies !== undefined) p.credit.agencies = fields.agencies.split(',').map((x) => x.trim()).filter(Boolean);
    if (fields.via !== undefined) p.credit.via = fields.via || null;
    if (JSON.stringify(p.credit) !== before) p.credit.evidence = evidence;
  });
  return a;
}
