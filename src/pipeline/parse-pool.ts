import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { WiredeskError, type ErrorCode, type ErrorDetails } from '../errors.js';
import type { Article } from '../model/article.generated.js';
import type { IngestFailure, IngestResult, RawItem } from './ingest.js';

/**
 * Parsing off the main thread, with a deadline. `ingestItem` is synchronous CPU work; on the
 * worker's main thread one pathological document (a reader that turns super-linear on some
 * input) held the event loop for as long as it ran: /healthz stopped answering, BullMQ could not
 * renew the job's lock, the job was taken over and ran twice. In a pool of worker threads the main
 * thread stays free, and a document that runs past the deadline has its thread terminated (and
 * replaced): it fails with WIREDESK_ERR_PARSE_TIMEOUT, malformed (not retried), and is
 * dead-lettered with its raw bytes like any unreadable input.
 *
 * The threads are few (by default one per core, at most the stage concurrency) and reused; the
 * deadline counts from the moment a thread takes the item, not the wait for a free thread.
 */

export interface ParsePoolOptions {
  /** Threads; default min(cores, 4). */
  size?: number;
  /** The deadline of one item's parse, ms. */
  timeoutMs: number;
  /** Largest input accepted, bytes (passed to ingestItem). */
  maxBytes?: number;
  /** Throw on an article that fails schema validation (tests). */
  strict?: boolean;
}

/** What crosses to the thread: the raw item with its date as text. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  path: string | null;
  contentType: string | null;
  feed: string | null;
  receivedAt: string | null;
  baseUrl: string | null;
  format: string | null;
  maxBytes: number | null;
  strict: boolean;
}

/** A coded failure as it crosses back: the error's code, message and details (its cause as text). */
export interface WireFailure {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
  raw: Uint8Array;
  path: string | null;
  itemIndex: number | null;
  format: string | null;
}

export type ParseReply =
  | { id: number; type: 'result'; format: string | null; articles: Article[]; failures: WireFailure[] }
  | { type: 'ready' };

export function toWireFailure(f: IngestFailure): WireFailure {
  const { cause, ...rest } = f.error.details;
  let details: ErrorDetails;
  try {
    details = structuredClone(rest);
  } catch {
    details = JSON.parse(JSON.stringify(rest)) as ErrorDetails;
  }
  if (cause !== undefined) details.cause = cause instanceof Error ? cause.message : String(cause);
  return { code: f.error.code, message: f.error.message, details, raw: f.raw, path: f.path, itemIndex: f.itemIndex, format: f.format };
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export function fromWireFailure(w: WireFailure): IngestFailure {
  const error = new WiredeskError(w.code, undefined, w.details);
  error.message = w.message;
  return { error, raw: asBuffer(w.raw), path: w.path, itemIndex: w.itemIndex, format: w.format };
}

interface Task {
  raw: RawItem;
  timeoutMs: number;
  resolve(r: IngestResult): void;
}

interface Slot {
  thread: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

export function defaultPoolSize(concurrency = Infinity): number {
  return Math.max(1, Math.min(concurrency, availableParallelism(), 4));
}

export class ParsePool {
  readonly size: number;
  readonly timeoutMs: number;
  private readonly opts: ParsePoolOptions;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Items abandoned at the deadline, since the pool started (for tests and logs). */
  timeouts = 0;

  constructor(opts: ParsePoolOptions) {
    this.opts = opts;
    this.size = Math.max(1, opts.size ?? defaultPoolSize());
    this.timeoutMs = opts.timeoutMs;
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /**
   * The raw item through ingestItem in a thread; never rejects: a timeout or a dead thread comes
   * back as a coded failure. `timeoutMs` overrides the pool's deadline for this item.
   */
  run(raw: RawItem, timeoutMs = this.timeoutMs): Promise<IngestResult> {
    if (this.closed) return Promise.resolve(this.failed(raw, new WiredeskError('WIREDESK_ERR_INTERNAL', 'the parse pool is closed')));
    return new Promise((resolve) => {
      this.queue.push({ raw, timeoutMs, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.resolve(this.failed(t.raw, new WiredeskError('WIREDESK_ERR_INTERNAL', 'the parse pool closed')));
    const slots = [...this.slots];
    this.slots.clear();
    for (const s of slots) {
      if (s.timer) clearTimeout(s.timer);
      s.task?.resolve(this.failed(s.task.raw, new WiredeskError('WIREDESK_ERR_INTERNAL', 'the parse pool closed')));
      s.task = null;
    }
    await Promise.all(slots.map((s) => s.thread.terminate()));
  }

  private failed(raw: RawItem, error: WiredeskError): IngestResult {
    if (raw.path && !error.details.input) error.details.input = raw.path;
    return { format: raw.format ?? null, articles: [], failures: [{ error, raw: raw.bytes, path: raw.path, itemIndex: null, format: raw.format ?? null }] };
  }

  private spawn(): void {
    if (this.closed) return;
    const thread = new Worker(new URL('./parse-thread-entry.js', import.meta.url), { name: 'wiredesk-parse' });
    // An idle thread does not keep the process alive (a CLI run ends when its work does).
    thread.unref();
    const slot: Slot = { thread, ready: false, task: null, timer: null };
    this.slots.add(slot);
    thread.on('message', (m: ParseReply) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const task = slot.task;
      if (!task) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.task = null;
      slot.timer = null;
      slot.thread.unref();
      task.resolve({ format: m.format, articles: m.articles, failures: m.failures.map(fromWireFailure) });
      this.dispatch();
    });
    const lost = (why: string): void => {
      if (!this.slots.delete(slot)) return;
      if (slot.timer) clearTimeout(slot.timer);
      const task = slot.task;
      slot.task = null;
      if (task) task.resolve(this.failed(task.raw, new WiredeskError('WIREDESK_ERR_INTERNAL', `the parse thread ${why}`)));
      this.spawn();
      this.dispatch();
    };
    thread.on('error', (e) => lost(`failed: ${e.message}`));
    thread.on('exit', (code) => lost(`exited (${code})`));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      const r = task.raw;
      const req: ParseRequest = {
        id: this.nextId++,
        bytes: r.bytes,
        path: r.path,
        contentType: r.contentType ?? null,
        feed: r.feed ?? null,
        receivedAt: r.receivedAt ? r.receivedAt.toISOString() : null,
        baseUrl: r.baseUrl ?? null,
        format: r.format ?? null,
        maxBytes: this.opts.maxBytes ?? null,
        strict: this.opts.strict ?? false,
      };
      slot.timer = setTimeout(() => this.timeout(slot), task.timeoutMs);
      slot.thread.ref();
      slot.thread.postMessage(req);
    }
  }

  /** The deadline passed: the thread is stopped where it is, the item fails, a fresh thread takes its place. */
  private timeout(slot: Slot): void {
    const task = slot.task;
    if (!task || !this.slots.delete(slot)) return;
    slot.task = null;
    slot.timer = null;
    this.timeouts++;
    void slot.thread.terminate();
    const seconds = task.timeoutMs / 1000;
    task.resolve(this.failed(task.raw, new WiredeskError('WIREDESK_ERR_PARSE_TIMEOUT', `still parsing after ${seconds} s; abandoned`, { limitSeconds: seconds })));
    this.spawn();
    this.dispatch();
  }
}
