import { createHash, randomUUID } from 'node:crypto';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import { checkTarget, fetchUrl, type Fetched, type FetchPolicy } from './http-fetch.js';
import { WiredeskError, toWiredeskError } from '../errors.js';
import type { AgencyApi, PolledFeed } from '../config/config.js';
import type { SourceContext } from './source.js';

/**
 * Commercial agency APIs (issue 18 item 3), polled as `api:` variants of a cursor feed
 * (src/sources/http-poll.ts keeps the lock, pause, backoff and status; this module does one poll's
 * requests). Three shapes, written from the providers' public documentation:
 *
 * - `reuters-graphql`: OAuth2 client credentials at `tokenUrl`, then a GraphQL `search` POSTed to
 *   the feed URL with a `cursor` variable; each item lists renditions (code, media type, URI) and
 *   the preferred one (NewsML-G2, else text) is downloaded. The cursor is the page's `endCursor`.
 * - `ap-media`: an API key header, the feed URL GET with `include` / `exclude` / `page_size`; the
 *   answer's `data.next_page` is the cursor, each item's `renditions` (nitf, newsml...) link to
 *   the full text, downloaded by preference.
 * - `afp`: OAuth2 client credentials, a search POSTed to the feed URL (`startAt` / `maxRows` paging,
 *   oldest first from the cursor's date), and a separate download per document
 *   (`downloadPath` with `{uno}`). The cursor is `<published>|<uno>` of the last document taken.
 *
 * Secrets come resolved from the environment (config.ts). The client secret goes only to
 * `tokenUrl`'s origin; the access token or API key only to the feed URL's origin: a rendition on
 * another host is fetched without them when the feed's `allowHosts` names it, refused
 * (WIREDESK_ERR_FETCH_CROSS_ORIGIN, the item skipped, the rest flowing) otherwise. Every request
 * has the feed's size cap and deadline. A token is renewed before it expires and once more after
 * a 401; a second refusal is WIREDESK_ERR_API_AUTH. The cursor moves only after a page's items are
 * in the ingest queue.
 */

export type ApiFeed = PolledFeed & { api: AgencyApi };

export interface ApiPollInput {
  feed: ApiFeed;
  redis: Redis;
  /** The feed's state hash (cursor lives in its `cursor` field). */
  key: string;
  cursor: string | undefined;
  ctx: SourceContext;
  now: () => number;
  policy: FetchPolicy;
  /** An item skipped (rendition refused or failed): reported as the feed's last error. */
  onItemError: (err: WiredeskError) => Promise<void>;
}

interface Token {
  value: string;
  /** When to fetch a new one: before the token's own expiry. */
  renewAt: number;
}

/** Access tokens by feed and client (per process; a restarted worker asks for a new one). */
const tokens = new Map<string, Token>();

/** A token is renewed a fifth of its lifetime (at most a minute) before it expires. */
export function renewAt(issuedAt: number, expiresInSeconds: number): number {
  const life = expiresInSeconds * 1000;
  return issuedAt + life - Math.min(60_000, life / 5);
}

function tokenKey(feed: ApiFeed): string {
  return createHash('sha256').update(`${feed.id}\0${feed.api.tokenUrl}\0${feed.api.clientId}\0${feed.api.clientSecret}`).digest('hex');
}

function parseJson(res: Fetched, what: string): unknown {
  try {
    return JSON.parse(res.bytes.toString('utf8'));
  } catch (e) {
    throw new WiredeskError('WIREDESK_ERR_API_RESPONSE', `${what} from ${res.url} is not JSON`, { cause: e, input: res.url });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const statusOf = (e: unknown): number | undefined => (e instanceof WiredeskError ? (e.details.status as number | undefined) : undefined);

/** Download failures that will not pass by themselves: the item is skipped (and reported). */
const ITEM_REFUSALS = new Set(['WIREDESK_ERR_FETCH_TOO_LARGE', 'WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS', 'WIREDESK_ERR_FETCH_CROSS_ORIGIN', 'WIREDESK_ERR_FETCH_PROTOCOL', 'WIREDESK_ERR_FETCH_ADDRESS_DENIED']);

class ApiClient {
  private readonly origin: string;
  constructor(private readonly input: ApiPollInput) {
    this.origin = new URL(input.feed.url).origin;
  }

  private get feed(): ApiFeed {
    return this.input.feed;
  }

  private limits(): { timeoutMs: number; maxBytes: number } {
    return { timeoutMs: this.feed.timeoutSeconds * 1000, maxBytes: this.feed.maxBytes };
  }

  /** The OAuth2 client-credentials grant: the client secret goes to the token endpoint only. */
  private async token(fresh: boolean): Promise<string> {
    const key = tokenKey(this.feed);
    const held = tokens.get(key);
    if (!fresh && held && held.renewAt > this.input.now()) return held.value;
    tokens.delete(key);
    const api = this.feed.api;
    const tokenUrl = api.tokenUrl!;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (api.audience) form.set('audience', api.audience);
    if (api.scope) form.set('scope', api.scope);
    const basic = Buffer.from(`${encodeURIComponent(api.clientId ?? '')}:${encodeURIComponent(api.clientSecret ?? '')}`).toString('base64');
    const issuedAt = this.input.now();
    let res: Fetched;
    try {
      res = await fetchUrl(tokenUrl, {
        ...this.limits(),
        body: { bytes: Buffer.from(form.toString()), contentType: 'application/x-www-form-urlencoded' },
        headers: { accept: 'application/json' },
        authHeaders: { authorization: `Basic ${basic}` },
        authOrigin: new URL(tokenUrl).origin,
        policy: { allowHosts: [], allowPrivateNetwork: this.input.policy.allowPrivateNetwork ?? false },
      });
    } catch (e) {
      const status = statusOf(e);
      if (status === 400 || status === 401 || status === 403) {
        throw new WiredeskError('WIREDESK_ERR_API_AUTH', `the token endpoint ${new URL(tokenUrl).origin} refused the client credentials (${status})`, { input: tokenUrl, status });
      }
      throw e;
    }
    const doc = parseJson(res, 'the token answer');
    const value = isRecord(doc) ? doc.access_token : undefined;
    if (typeof value !== 'string' || !value) throw new WiredeskError('WIREDESK_ERR_API_RESPONSE', `no access_token from ${new URL(tokenUrl).origin}`, { input: tokenUrl });
    const expiresIn = isRecord(doc) && typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : 300;
    tokens.set(key, { value, renewAt: renewAt(issuedAt, expiresIn) });
    this.input.ctx.logger.debug({ feed: this.feed.id, expiresIn }, 'agency API token obtained');
    return value;
  }

  private async authHeaders(fresh: boolean): Promise<Record<string, string>> {
    const api = this.feed.api;
    if (api.type === 'ap-media') return { [api.apiKeyHeader ?? 'x-api-key']: api.apiKey ?? '' };
    return { authorization: `Bearer ${await this.token(fresh)}` };
  }

  /**
   * A request with the feed's credentials (sent only to the API origin), its size cap and deadline.
   * A 401 on the API origin with an OAuth token: a new token, one more try; then WIREDESK_ERR_API_AUTH.
   */
  async request(url: string, body?: unknown): Promise<Fetched> {
    const send = async (fresh: boolean): Promise<Fetched> => fetchUrl(url, {
      ...this.limits(),
      headers: { accept: body === undefined ? '*/*' : 'application/json' },
      authHeaders: await this.authHeaders(fresh),
      authOrigin: this.origin,
      policy: this.input.policy,
      ...(body === undefined ? {} : { body: { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json' } }),
    });
    const onOrigin = new URL(url).origin === this.origin;
    try {
      return await send(false);
    } catch (e) {
      const status = statusOf(e);
      if (!onOrigin || (status !== 401 && status !== 403)) throw e;
      if (this.feed.api.type !== 'ap-media' && status === 401) {
        this.input.ctx.logger.info({ feed: this.feed.id }, 'agency API answered 401: token renewed, request tried once more');
        try {
          return await send(true);
        } catch (again) {
          if (statusOf(again) !== 401 && statusOf(again) !== 403) throw again;
        }
      }
      throw new WiredeskError('WIREDESK_ERR_API_AUTH', `${this.origin} refused the feed's credentials (${status})`, { input: url, status });
    }
  }

  /**
   * Downloads one item's rendition and enqueues it. A link off the API origin must be on an allowed
   * host (no credentials go there); a refused download (another host, too large, a 4xx) skips the
   * item, reported. Passing failures are the poll's, not the item's: they propagate.
   */
  async takeRendition(href: string, base: string): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(href, base);
      checkTarget(url, this.origin, this.input.policy, base);
    } catch (e) {
      const err = e instanceof WiredeskError ? e : new WiredeskError('WIREDESK_ERR_API_RESPONSE', `unreadable rendition link ${href.slice(0, 200)}`, { cause: e, input: base });
      this.input.ctx.logger.warn({ feed: this.feed.id, href: href.slice(0, 200), code: err.code }, 'rendition refused; item skipped');
      await this.input.onItemError(err);
      return false;
    }
    let res: Fetched;
    try {
      res = await this.request(url.toString());
    } catch (e) {
      const err = toWiredeskError(e);
      // Passing trouble (rate limit, auth, timeout, connection, 5xx) fails the poll: the cursor stays
      // and the page is asked for again after the backoff. Only a lasting refusal skips the item.
      const status = statusOf(err) ?? 0;
      const lasting = ITEM_REFUSALS.has(err.code) || (err.code === 'WIREDESK_ERR_FETCH_STATUS' && status >= 400 && status < 500 && status !== 408);
      if (!lasting) throw err;
      this.input.ctx.logger.warn({ feed: this.feed.id, href: url.origin + url.pathname, code: err.code }, 'rendition download failed; item skipped');
      await this.input.onItemError(err);
      return false;
    }
    await this.input.ctx.enqueue({
      feed: this.feed.id,
      bytes: res.bytes.toString('base64'),
      path: res.url,
      contentType: res.contentType,
      receivedAt: new Date(this.input.now()).toISOString(),
      correlationId: randomUUID(),
      ...(this.feed.format ? { format: this.feed.format } : {}),
    });
    return true;
  }

  async storeCursor(cursor: string): Promise<void> {
    await this.input.redis.hset(this.input.key, { cursor });
  }
}

/** The preferred rendition among `(name, mediaType, href)` entries. */
function pickRendition(list: Array<{ name: string; mediaType: string; href: string }>, prefs: string[]): string | null {
  for (const p of prefs) {
    const want = p.toLowerCase();
    const hit = list.find((r) => r.name.toLowerCase() === want || r.mediaType.toLowerCase().split(';')[0]!.trim() === want);
    if (hit) return hit.href;
  }
  return prefs.length === 0 ? list[0]?.href ?? null : null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Reuters Connect shape: GraphQL search with a cursor variable, renditions per item. */
export const REUTERS_SEARCH = 'query Search($filter: String, $limit: Int, $cursor: String) { search(filter: $filter, limit: $limit, cursor: $cursor) { pageInfo { endCursor hasNextPage } items { versionedGuid headLine renditions { code mimeType uri } } } }';

async function pollReuters(client: ApiClient, input: ApiPollInput): Promise<number> {
  const { feed } = input;
  let cursor = input.cursor ?? null;
  let enqueued = 0;
  for (let page = 0; page < feed.maxPagesPerPoll; page++) {
    const res = await client.request(feed.url, { query: REUTERS_SEARCH, variables: { filter: feed.api.query ?? '', limit: feed.api.pageSize, cursor } });
    const doc = parseJson(res, 'the search answer');
    const search = isRecord(doc) && isRecord(doc.data) ? doc.data.search : undefined;
    if (!isRecord(search) || !Array.isArray(search.items)) {
      const errors = isRecord(doc) && Array.isArray(doc.errors) ? doc.errors.map((e) => (isRecord(e) ? str(e.message) : '')).join('; ').slice(0, 300) : '';
      throw new WiredeskError('WIREDESK_ERR_API_RESPONSE', `no search items from ${res.url}${errors ? `: ${errors}` : ''}`, { input: res.url });
    }
    for (const item of search.items as unknown[]) {
      if (!isRecord(item) || !Array.isArray(item.renditions)) continue;
      const list = (item.renditions as unknown[]).filter(isRecord).map((r) => ({ name: str(r.code), mediaType: str(r.mimeType), href: str(r.uri) })).filter((r) => r.href);
      const href = pickRendition(list, feed.api.renditions);
      if (href && (await client.takeRendition(href, res.url))) enqueued++;
    }
    const info = isRecord(search.pageInfo) ? search.pageInfo : {};
    const end = str(info.endCursor);
    if (end && end !== cursor) {
      await client.storeCursor(end);
      cursor = end;
    }
    if (info.hasNextPage !== true || search.items.length === 0) break;
  }
  return enqueued;
}

/** AP Media API shape: feed pages with `next_page`, item renditions by name. */
async function pollAp(client: ApiClient, input: ApiPollInput): Promise<number> {
  const { feed } = input;
  let url = input.cursor;
  if (!url) {
    const u = new URL(feed.url);
    if (feed.api.include?.length) u.searchParams.set('include', feed.api.include.join(','));
    if (feed.api.exclude?.length) u.searchParams.set('exclude', feed.api.exclude.join(','));
    if (!u.searchParams.has('page_size')) u.searchParams.set('page_size', String(feed.api.pageSize));
    url = u.toString();
  }
  let enqueued = 0;
  for (let page = 0; page < feed.maxPagesPerPoll; page++) {
    const res = await client.request(url);
    const doc = parseJson(res, 'the feed page');
    const data = isRecord(doc) ? doc.data : undefined;
    if (!isRecord(data) || !Array.isArray(data.items)) throw new WiredeskError('WIREDESK_ERR_API_RESPONSE', `no data.items in ${res.url}`, { input: res.url });
    for (const entry of data.items as unknown[]) {
      const item = isRecord(entry) && isRecord(entry.item) ? entry.item : entry;
      if (!isRecord(item) || !isRecord(item.renditions)) continue;
      const list = Object.entries(item.renditions).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]))
        .map(([name, r]) => ({ name, mediaType: str(r.mimetype), href: str(r.href) })).filter((r) => r.href);
      const href = pickRendition(list, feed.api.renditions);
      if (href && (await client.takeRendition(href, res.url))) enqueued++;
    }
    const nextRaw = str(data.next_page);
    if (!nextRaw) break;
    let next: string;
    try {
      const n = new URL(nextRaw, res.url);
      checkTarget(n, new URL(feed.url).origin, { allowHosts: [], allowPrivateNetwork: true }, res.url);
      next = n.toString();
    } catch (e) {
      // A next page off the API origin would carry the API key there: neither followed nor stored.
      throw e instanceof WiredeskError ? e : new WiredeskError('WIREDESK_ERR_API_RESPONSE', `unreadable next_page in ${res.url}`, { cause: e, input: res.url });
    }
    if (next !== url) await client.storeCursor(next);
    // An empty page is the feed's present: the next poll asks again from its next_page.
    if (data.items.length === 0 || next === url) break;
    url = next;
  }
  return enqueued;
}

/** `<published>|<uno>`, the last AFP document taken; documents at or before it are skipped. */
function afpCursor(cursor: string | undefined): { published: number; uno: string; from: string } | null {
  if (!cursor) return null;
  const bar = cursor.indexOf('|');
  const from = bar < 0 ? cursor : cursor.slice(0, bar);
  const published = Date.parse(from);
  return Number.isNaN(published) ? null : { published, uno: bar < 0 ? '' : cursor.slice(bar + 1), from };
}

/** AFP API shape: search (oldest first from the cursor's date) with startAt paging, one download per document. */
async function pollAfp(client: ApiClient, input: ApiPollInput): Promise<number> {
  const { feed } = input;
  const after = afpCursor(input.cursor);
  const origin = new URL(feed.url).origin;
  const downloadPath = feed.api.downloadPath ?? '/v1/api/get/{uno}';
  let last = after;
  let startAt = 0;
  let enqueued = 0;
  for (let page = 0; page < feed.maxPagesPerPoll; page++) {
    const body = {
      ...(feed.api.query ? { query: feed.api.query } : {}),
      ...(feed.api.lang ? { lang: feed.api.lang } : {}),
      dateRange: { from: after ? after.from : 'now-1d' },
      sortField: 'published',
      sortOrder: 'asc',
      maxRows: feed.api.pageSize,
      startAt,
    };
    const res = await client.request(feed.url, body);
    const doc = parseJson(res, 'the search answer');
    const response = isRecord(doc) ? doc.response : undefined;
    if (!isRecord(response) || !Array.isArray(response.docs)) throw new WiredeskError('WIREDESK_ERR_API_RESPONSE', `no response.docs from ${res.url}`, { input: res.url });
    const docs = response.docs as unknown[];
    for (const d of docs) {
      if (!isRecord(d)) continue;
      const uno = str(d.uno);
      const published = Date.parse(str(d.published));
      if (!uno || Number.isNaN(published)) continue;
      // Already taken: at the cursor's date, ordered by uno, or earlier.
      if (after && (published < after.published || (published === after.published && uno <= after.uno))) continue;
      const href = origin + downloadPath.split('{uno}').join(encodeURIComponent(uno));
      if (await client.takeRendition(href, res.url)) enqueued++;
      if (!last || published > last.published || (published === last.published && uno > last.uno)) last = { published, uno, from: str(d.published) };
    }
    if (last && (!after || last.from !== after.from || last.uno !== after.uno)) await client.storeCursor(`${last.from}|${last.uno}`);
    startAt += docs.length;
    const found = typeof response.numFound === 'number' ? response.numFound : 0;
    if (docs.length === 0 || startAt >= found) break;
  }
  return enqueued;
}

/** One poll of an agency API feed: items enqueued. Throws (coded) for the poll's failures. */
export async function pollAgencyApi(input: ApiPollInput): Promise<number> {
  const client = new ApiClient(input);
  switch (input.feed.api.type) {
    case 'reuters-graphql':
      return pollReuters(client, input);
    case 'ap-media':
      return pollAp(client, input);
    case 'afp':
      return pollAfp(client, input);
  }
}
