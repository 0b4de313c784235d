/**
 * Counts failures (wrong tokens, wrong passwords) per key (a client address, a user name) in a
 * fixed window: after `maxFailures` the key is blocked until its window has passed. Memory is
 * bounded: at most `maxTracked` keys, the oldest forgotten first.
 */
export interface ThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  maxTracked?: number;
}

const DEFAULTS = { maxFailures: 10, windowMs: 60_000, maxTracked: 10_000 };

export class FailureThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly opts: typeof DEFAULTS;

  constructor(opts: ThrottleOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Seconds the key must wait, or 0 when it may try. */
  blockedFor(key: string, now = Date.now()): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    if (now - f.since >= this.opts.windowMs) {
      this.failures.delete(key);
      return 0;
    }
    return f.count >= this.opts.maxFailures ? Math.max(1, Math.ceil((f.since + this.opts.windowMs - now) / 1000)) : 0;
  }

  fail(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    if (f && now - f.since < this.opts.windowMs) {
      f.count++;
      return;
    }
    if (f) this.failures.delete(key);
    if (this.failures.size >= this.opts.maxTracked) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(key, { count: 1, since: now });
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
