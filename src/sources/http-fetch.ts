import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { WiredeskError } from '../errors.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { addressDenied } from './net-policy.js';

/**
 * Who a fetch may reach. Given for every worker fetch (polled feeds); the CLI's `ingest URL`
 * fetches what its operator typed and passes none.
 */
export interface FetchPolicy {
  /**
   * Hosts other than the feed URL's own that a redirect or a cursor page may lead to: a host
   * name (any port) or `host:port`. Credentials are never sent to them.
   */
  allowHosts?: readonly string[];
  /** Loopback, link-local, private and CGNAT addresses may be reached (off by default). */
  allowPrivateNetwork?: boolean;
}

export interface FetchOptions {
  /** Whole-request time limit, ms. */
  timeoutMs?: number;
  /** Largest body accepted after decompression, bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Headers sent on every hop (nothing secret: conditional-GET validators and the like). */
  headers?: Record<string, string>;
  /**
   * Credentials: sent only to `authOrigin` (scheme, host and port), never on a hop to another
   * origin, even an allowed one.
   */
  authHeaders?: Record<string, string>;
  /** The origin credentials belong to; the origin of `url` when not given. */
  authOrigin?: string;
  /**
   * With a policy, every hop must stay on `authOrigin` or go to an allowed host (else
   * WIREDESK_ERR_FETCH_CROSS_ORIGIN), and every address it connects to is checked against the
   * private-network rule (else WIREDESK_ERR_FETCH_ADDRESS_DENIED).
   */
  policy?: FetchPolicy;
  userAgent?: string;
  /** POST this body instead of a GET (token and search requests of agency APIs); never redirected. */
  body?: { bytes: Buffer; contentType: string };
  /** Host name to addresses; dns.lookup (all addresses) when not given. */
  resolver?: (hostname: string) => Promise<LookupAddress[]>;
}

export interface Fetched {
  url: string;
  status: number;
  headers: Headers;
  bytes: Buffer;
  contentType: string | null;
}

export const USER_AGENT = `wiredesk/${PACKAGE_VERSION} (+https://github.com/wiredesk/wiredesk; wire ingestion)`;

/** True when `url` is on `origin` or on a host the policy allows. */
export function hostAllowed(url: URL, origin: string, allowHosts: readonly string[] = []): boolean {
  if (url.origin === origin) return true;
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  return allowHosts.some((h) => {
    const entry = h.trim().toLowerCase();
    return entry === hostname || entry === host;
  });
}

/** Refuses a URL a worker fetch may not go to (scheme, origin). */
export function checkTarget(url: URL, origin: string, policy: FetchPolicy | undefined, from: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WiredeskError('WIREDESK_ERR_FETCH_PROTOCOL', url.protocol, { input: from });
  if (policy && !hostAllowed(url, origin, policy.allowHosts)) {
    throw new WiredeskError('WIREDESK_ERR_FETCH_CROSS_ORIGIN', `${url.origin} is not ${origin} and not in the feed's allowHosts (from ${from})`, { input: from });
  }
}

/**
 * The addresses `url`'s host resolves to, every one checked against the private-network rule;
 * the connection is then pinned to them (a second DNS answer cannot swap in another address).
 */
const systemResolver = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, list) => (err ? reject(err) : resolve(list))));

async function resolveChecked(url: URL, policy: FetchPolicy | undefined, from: string, resolver = systemResolver): Promise<LookupAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  const family = isIP(host);
  if (family) {
    addresses = [{ address: host, family }];
  } else {
    try {
      addresses = await resolver(host);
    } catch (e) {
      throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${url.origin}: ${(e as Error).message}`, { cause: e, input: from });
    }
    if (addresses.length === 0) throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${url.origin}: no address`, { input: from });
  }
  if (policy && !policy.allowPrivateNetwork) {
    for (const a of addresses) {
      const why = addressDenied(a.address);
      if (why) throw new WiredeskError('WIREDESK_ERR_FETCH_ADDRESS_DENIED', `${url.host} is ${a.address} (${why}); set allowPrivateNetwork on the feed to reach it`, { input: from });
    }
  }
  return addresses;
}

/** A `lookup` for the socket that answers with the addresses already checked, whatever it is asked. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, addresses);
    else cb(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

function toHeaders(res: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      try {
        h.append(k, one);
      } catch {
        // A header value Headers will not hold (control characters) is left out.
      }
    }
  }
  return h;
}

function get(url: URL, headers: Record<string, string>, addresses: LookupAddress[], signal: AbortSignal, body?: FetchOptions['body']): Promise<IncomingMessage> {
  const options: RequestOptions = {
    method: body ? 'POST' : 'GET',
    headers: body ? { ...headers, 'content-type': body.contentType, 'content-length': String(body.bytes.length) } : headers,
    signal, agent: false, lookup: pinnedLookup(addresses),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, resolve);
    req.on('error', reject);
    req.end(body?.bytes);
  });
}

/**
 * GET a URL with a time limit, a bounded number of redirects, gzip/deflate/brotli decoded
 * with a cap on the decoded size (so a compression bomb stops at the cap), and a polite
 * User-Agent. Errors are coded: a 429 is a rate-limit error carrying Retry-After.
 * Credentials (`authHeaders`) go only to their own origin; with a `policy`, redirects to other
 * origins and private addresses are refused (see FetchPolicy).
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch (e) {
    throw new WiredeskError('WIREDESK_ERR_FETCH_PROTOCOL', `not a URL: ${url.slice(0, 200)}`, { cause: e, input: url });
  }
  const authOrigin = opts.authOrigin ?? current.origin;
  for (let hop = 0; ; hop++) {
    checkTarget(current, authOrigin, opts.policy, url);
    let res: IncomingMessage;
    try {
      const addresses = await resolveChecked(current, opts.policy, url, opts.resolver);
      const headers: Record<string, string> = { 'user-agent': opts.userAgent ?? USER_AGENT, 'accept-encoding': 'gzip, deflate, br', accept: '*/*', ...opts.headers };
      if (current.origin === authOrigin) Object.assign(headers, opts.authHeaders);
      res = await get(current, headers, addresses, signal, opts.body);
    } catch (e) {
      if (e instanceof WiredeskError) throw e;
      if (signal.aborted) throw new WiredeskError('WIREDESK_ERR_FETCH_TIMEOUT', `${url} after ${timeoutMs} ms`, { cause: e, input: url });
      throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${current.href}: ${(e as Error).message}`, { cause: e, input: url });
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.destroy();
      if (opts.body) throw new WiredeskError('WIREDESK_ERR_FETCH_STATUS', `${status} redirect answering a POST to ${current.href} (not followed)`, { input: url, status });
      if (hop >= maxRedirects) throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS', `more than ${maxRedirects} from ${url}`, { input: url });
      try {
        current = new URL(location, current);
      } catch (e) {
        throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${current.href}: unreadable redirect`, { cause: e, input: url });
      }
      continue;
    }
    const headers = toHeaders(res);
    if (status === 429) {
      res.destroy();
      const seconds = retryAfterSeconds(headers.get('retry-after'));
      throw new WiredeskError('WIREDESK_ERR_FETCH_RATE_LIMITED', current.href, { input: url, ...(seconds !== undefined ? { retryAfter: seconds } : {}) });
    }
    if (status >= 400) {
      res.destroy();
      // A 503 (or any 5xx) may carry Retry-After too; pollers honour it like a 429's.
      const seconds = status >= 500 ? retryAfterSeconds(headers.get('retry-after')) : undefined;
      throw new WiredeskError('WIREDESK_ERR_FETCH_STATUS', `${status} from ${current.href}`, { input: url, status, ...(seconds !== undefined ? { retryAfter: seconds } : {}) });
    }
    const declared = Number(headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      res.destroy();
      throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_LARGE', `${declared} bytes from ${current.href}, limit ${maxBytes}`, { input: url });
    }
    const bytes = await readCapped(res, headers.get('content-encoding'), maxBytes, current.href, signal, timeoutMs);
    return { url: current.href, status, headers, bytes, contentType: headers.get('content-type') };
  }
}

/** Retry-After as seconds: either delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/** The body decoded through its content codings (last applied, first undone); unknown codings are left as they are. */
function decoded(res: IncomingMessage, encoding: string | null): Readable {
  let stream: Readable = res;
  const codings = (encoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity').reverse();
  for (const c of codings) {
    const next = c === 'gzip' || c === 'x-gzip' ? createGunzip() : c === 'deflate' ? createInflate() : c === 'br' ? createBrotliDecompress() : null;
    if (!next) break;
    stream.on('error', (e) => next.destroy(e));
    stream = stream.pipe(next);
  }
  return stream;
}

async function readCapped(res: IncomingMessage, encoding: string | null, maxBytes: number, url: string, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  // Decoding streams chunk by chunk as they are read, so counting them caps the decoded size: a
  // compression bomb stops at maxBytes without being inflated further.
  const stream = decoded(res, encoding);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_LARGE', `more than ${maxBytes} bytes (decoded) from ${url}`, { input: url });
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof WiredeskError) throw e;
    if (signal.aborted) throw new WiredeskError('WIREDESK_ERR_FETCH_TIMEOUT', `${url} after ${timeoutMs} ms`, { cause: e, input: url });
    throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${url}: ${(e as Error).message}`, { cause: e, input: url });
  } finally {
    stream.destroy();
    res.destroy();
  }
  return Buffer.concat(chunks);
}
