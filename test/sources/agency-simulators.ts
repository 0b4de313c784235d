import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localServer } from '../worker/redis-env.js';

/**
 * Local simulators of three agency API shapes (issue 18 item 3), node:http on 127.0.0.1, written
 * from the providers' public documentation. What each enforces is listed in docs/worker.md
 * ("What the simulators enforce"); keep the two in step.
 *
 * Common to all: credentials checked on every request (a wrong or missing token/key: 401), a
 * `rateLimitNext` counter (the next N API requests answer 429 with Retry-After: 1), pages of
 * at most the requested size (larger asks are 400), and renditions that may live on a second
 * server ("elsewhere") which records whether any credential reached it.
 */

export const CLIENT_ID = 'sim-client';
export const CLIENT_SECRET = 'sim-secret-for-the-tests-only';
export const API_KEY = 'sim-api-key-for-the-tests-only';

export interface SimStory {
  id: string;
  headline: string;
  /** Serve this story's rendition from the "elsewhere" server. */
  elsewhere?: boolean;
}

export interface Simulator {
  url: string;
  tokenUrl: string;
  /** The second server renditions may point at; its host:port, for allowHosts. */
  elsewhereHost: string;
  stories: SimStory[];
  stats: { tokensIssued: number; unauthorized: number; rateLimited: number; pages: number; downloads: number; elsewhereRequests: number; elsewhereWithCredentials: number };
  /** The next N API requests answer 429 Retry-After: 1. */
  rateLimitNext: number;
  /** The next N rendition downloads answer 503. */
  failDownloadsNext: number;
  /** Tokens issued from now on live this many seconds (enforced: older ones get 401). */
  tokenLifetimeSeconds: number;
  /** Every token issued so far stops working (a server-side expiry the client cannot foresee). */
  revokeTokens(): void;
  close(): Promise<void>;
}

function g2(s: SimStory): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:sim.example:${s.id}" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:SIM"/><versionCreated>2026-05-04T08:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><language tag="en"/><headline>${s.headline}</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${s.headline}: a few invented sentences for the agency API simulator, long enough to read as a story.</p></body></html></inlineXML></contentSet>
</newsItem>`;
}

function nitf(s: SimStory): string {
  return `<nitf version="-//IPTC//DTD NITF 3.2//EN">
  <head><title>${s.headline}</title><docdata><doc-id id-string="${s.id}"/><date.issue norm="20260504T080000Z"/></docdata></head>
  <body><body.head><hedline><hl1>${s.headline}</hl1></hedline></body.head>
  <body.content><p>${s.headline}: a few invented sentences for the agency API simulator, long enough to read as a story.</p></body.content></body>
</nitf>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => { n += c.length; if (n <= 100_000) chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

type Shape = 'reuters' | 'ap' | 'afp';

/** Starts a simulator of one shape with `stories` (more may be pushed to `sim.stories` later). */
export async function startSimulator(shape: Shape, stories: SimStory[], opts: { maxPageSize?: number; nextPageBase?: string } = {}): Promise<Simulator> {
  const maxPage = opts.maxPageSize ?? 2;
  const tokens = new Map<string, number>(); // token -> expires at (ms)
  const stats = { tokensIssued: 0, unauthorized: 0, rateLimited: 0, pages: 0, downloads: 0, elsewhereRequests: 0, elsewhereWithCredentials: 0 };
  const elsewhere = await localServer((req, res) => {
    stats.elsewhereRequests++;
    if (req.headers.authorization || req.headers['x-api-key']) stats.elsewhereWithCredentials++;
    const id = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '');
    const s = sim.stories.find((x) => x.id === id);
    if (!s) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': shape === 'ap' ? 'application/xml' : 'application/vnd.iptc.g2.newsitem+xml' });
    res.end(shape === 'ap' ? nitf(s) : g2(s));
  });
  // Publication order: a story's position in the list; AFP dates are one minute apart, two share one.
  const published = (i: number): string => new Date(Date.UTC(2026, 4, 4, 8, Math.floor(i / 2) * 2)).toISOString();
  let base = '';
  const renditionUrl = (s: SimStory): string => (s.elsewhere ? `${elsewhere.url}/renditions/${encodeURIComponent(s.id)}` : `${base}/renditions/${encodeURIComponent(s.id)}`);

  const authorized = (req: IncomingMessage): boolean => {
    if (shape === 'ap') return req.headers['x-api-key'] === API_KEY;
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const until = m ? tokens.get(m[1]!) : undefined;
    return until !== undefined && until > Date.now();
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    if (url.pathname === '/oauth/token') {
      if (shape === 'ap' || req.method !== 'POST') { res.writeHead(404).end(); return; }
      const form = new URLSearchParams(body);
      const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
      if (form.get('grant_type') !== 'client_credentials') { json(res, 400, { error: 'unsupported_grant_type' }); return; }
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) { json(res, 401, { error: 'invalid_client' }); return; }
      const token = randomBytes(12).toString('hex');
      tokens.set(token, Date.now() + sim.tokenLifetimeSeconds * 1000);
      stats.tokensIssued++;
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: sim.tokenLifetimeSeconds });
      return;
    }
    if (!authorized(req)) { stats.unauthorized++; json(res, 401, { error: 'unauthorized' }); return; }
    if (sim.rateLimitNext > 0) { sim.rateLimitNext--; stats.rateLimited++; json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }); return; }
    if (url.pathname.startsWith('/renditions/') || url.pathname.startsWith('/v1/api/get/')) {
      const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
      const s = sim.stories.find((x) => x.id === name.replace(/\.txt$/, ''));
      if (!s) { res.writeHead(404).end(); return; }
      if (sim.failDownloadsNext > 0) { sim.failDownloadsNext--; res.writeHead(503).end(); return; }
      stats.downloads++;
      if (name.endsWith('.txt')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${s.headline}\n\n${s.headline}: a few invented sentences for the agency API simulator.\n`);
        return;
      }
      res.writeHead(200, { 'content-type': shape === 'ap' ? 'application/xml' : 'application/vnd.iptc.g2.newsitem+xml' });
      res.end(shape === 'ap' ? nitf(s) : g2(s));
      return;
    }
    if (shape === 'reuters' && url.pathname === '/content/graphql' && req.method === 'POST') {
      const q = JSON.parse(body) as { query?: string; variables?: { cursor?: string | null; limit?: number } };
      if (!q.query?.includes('search(') || !q.query.includes('$cursor')) { json(res, 200, { errors: [{ message: 'search with a cursor expected' }] }); return; }
      const limit = q.variables?.limit ?? maxPage;
      if (limit > maxPage) { json(res, 200, { errors: [{ message: `limit above ${maxPage}` }] }); return; }
      const from = q.variables?.cursor ? Number(Buffer.from(q.variables.cursor, 'base64url').toString().replace('pos:', '')) : 0;
      if (!Number.isInteger(from) || from < 0) { json(res, 200, { errors: [{ message: 'bad cursor' }] }); return; }
      const items = sim.stories.slice(from, from + limit);
      stats.pages++;
      const end = from + items.length;
      json(res, 200, { data: { search: {
        pageInfo: { endCursor: Buffer.from(`pos:${end}`).toString('base64url'), hasNextPage: end < sim.stories.length },
        items: items.map((s) => ({ versionedGuid: `sim:${s.id}:1`, headLine: s.headline, renditions: [
          { code: 'txt', mimeType: 'text/plain', uri: `${base}/renditions/${s.id}.txt` },
          { code: 'nml2', mimeType: 'application/vnd.iptc.g2.newsitem+xml', uri: renditionUrl(s) },
        ] })),
      } } });
      return;
    }
    if (shape === 'ap' && url.pathname === '/media/v/content/feed' && req.method === 'GET') {
      const size = Number(url.searchParams.get('page_size') ?? maxPage);
      if (!(size >= 1 && size <= maxPage)) { json(res, 400, { error: `page_size above ${maxPage}` }); return; }
      if (url.searchParams.get('include') !== 'renditions' || url.searchParams.get('exclude') !== 'associations') { json(res, 400, { error: 'include=renditions and exclude=associations expected' }); return; }
      const from = Number(url.searchParams.get('seq') ?? 0);
      const items = sim.stories.slice(from, from + size);
      stats.pages++;
      const next = new URL(url.pathname + url.search, opts.nextPageBase ?? base);
      next.searchParams.set('seq', String(from + items.length));
      json(res, 200, { api_version: '2', data: {
        next_page: next.toString(),
        items: items.map((s) => ({ item: { uri: `${base}/content/${s.id}`, altids: { itemid: s.id }, headline: s.headline, renditions: {
          main: { href: `${base}/renditions/${s.id}.json`, mimetype: 'application/json' },
          nitf: { href: renditionUrl(s), mimetype: 'application/xml', rel: 'Story' },
        } } })),
      } });
      return;
    }
    if (shape === 'afp' && url.pathname === '/v1/api/search' && req.method === 'POST') {
      const q = JSON.parse(body) as { maxRows?: number; startAt?: number; sortOrder?: string; dateRange?: { from?: string } };
      const rows = q.maxRows ?? maxPage;
      if (rows > maxPage || q.sortOrder !== 'asc') { json(res, 400, { error: `maxRows up to ${maxPage}, sortOrder asc` }); return; }
      const from = q.dateRange?.from && q.dateRange.from !== 'now-1d' ? Date.parse(q.dateRange.from) : 0;
      const all = sim.stories.map((s, i) => ({ s, published: published(i) })).filter((d) => Date.parse(d.published) >= from)
        .sort((a, b) => a.published.localeCompare(b.published) || a.s.id.localeCompare(b.s.id));
      const start = q.startAt ?? 0;
      const docs = all.slice(start, start + rows);
      stats.pages++;
      json(res, 200, { response: { numFound: all.length, docs: docs.map((d) => ({ uno: d.s.id, published: d.published, headline: d.s.headline })) } });
      return;
    }
    res.writeHead(404).end();
  };
  const server = await localServer((req, res) => { handler(req, res).catch(() => { res.writeHead(500).end(); }); });
  base = server.url;
  const apiPath = shape === 'reuters' ? '/content/graphql' : shape === 'ap' ? '/media/v/content/feed' : '/v1/api/search';
  const sim: Simulator = {
    url: base + apiPath,
    tokenUrl: `${base}/oauth/token`,
    elsewhereHost: new URL(elsewhere.url).host,
    stories: [...stories],
    stats,
    rateLimitNext: 0,
    failDownloadsNext: 0,
    tokenLifetimeSeconds: 3600,
    revokeTokens: () => tokens.clear(),
    close: async () => { await server.close(); await elsewhere.close(); },
  };
  return sim;
}
