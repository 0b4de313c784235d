import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { WiredeskError } from '../errors.js';
import { PACKAGE_VERSION } from '../package-info.js';

export interface FetchOptions {
  /** Whole-request time limit, ms. */
  timeoutMs?: number;
  /** Largest body accepted after decompression, bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  userAgent?: string;
}

export interface Fetched {
  url: string;
  status: number;
  headers: Headers;
  bytes: Buffer;
  contentType: string | null;
}

export const USER_AGENT = `wiredesk/${PACKAGE_VERSION} (+https://github.com/wiredesk/wiredesk; wire ingestion)`;

/**
 * GET a URL with a time limit, a bounded number of redirects, gzip/deflate/brotli decoded
 * with a cap on the decoded size (so a compression bomb stops at the cap), and a polite
 * User-Agent. Errors are coded: a 429 is a rate-limit error carrying Retry-After.
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const u = new URL(current);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new WiredeskError('WIREDESK_ERR_FETCH_PROTOCOL', u.protocol);
    let res: Response;
    try {
      res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': opts.userAgent ?? USER_AGENT, 'accept-encoding': 'gzip, deflate, br', accept: '*/*', ...opts.headers },
      });
    } catch (e) {
      if (signal.aborted) throw new WiredeskError('WIREDESK_ERR_FETCH_TIMEOUT', `${url} after ${timeoutMs} ms`, { cause: e, input: url });
      throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${current}: ${(e as Error).message}`, { cause: e, input: url });
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= maxRedirects) throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS', `more than ${maxRedirects} from ${url}`, { input: url });
      current = new URL(res.headers.get('location')!, current).toString();
      continue;
    }
    if (res.status === 429) {
      await res.body?.cancel();
      const seconds = retryAfterSeconds(res.headers.get('retry-after'));
      throw new WiredeskError('WIREDESK_ERR_FETCH_RATE_LIMITED', current, { input: url, ...(seconds !== undefined ? { retryAfter: seconds } : {}) });
    }
    if (res.status >= 400) {
      await res.body?.cancel();
      // A 503 (or any 5xx) may carry Retry-After too; pollers honour it like a 429's.
      const seconds = res.status >= 500 ? retryAfterSeconds(res.headers.get('retry-after')) : undefined;
      throw new WiredeskError('WIREDESK_ERR_FETCH_STATUS', `${res.status} from ${current}`, { input: url, status: res.status, ...(seconds !== undefined ? { retryAfter: seconds } : {}) });
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_LARGE', `${declared} bytes from ${current}, limit ${maxBytes}`, { input: url });
    }
    const bytes = await readCapped(res, maxBytes, current, signal, timeoutMs);
    return { url: current, status: res.status, headers: res.headers, bytes, contentType: res.headers.get('content-type') };
  }
}

/** Retry-After as seconds: either delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

async function readCapped(res: Response, maxBytes: number, url: string, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  // fetch (undici) decodes gzip/deflate/br as the body streams, so counting the chunks here caps
  // the decoded size: a compression bomb stops at maxBytes without being inflated further.
  const stream = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        stream.destroy();
        throw new WiredeskError('WIREDESK_ERR_FETCH_TOO_LARGE', `more than ${maxBytes} bytes (decoded) from ${url}`, { input: url });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof WiredeskError) throw e;
    if (signal.aborted) throw new WiredeskError('WIREDESK_ERR_FETCH_TIMEOUT', `${url} after ${timeoutMs} ms`, { cause: e, input: url });
    throw new WiredeskError('WIREDESK_ERR_FETCH_FAILED', `${url}: ${(e as Error).message}`, { cause: e, input: url });
  }
  return Buffer.concat(chunks);
}
