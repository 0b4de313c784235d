import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../queue/redis-connection.js';

/**
 * A short lease in Redis that one replica of a deployment holds at a time. The queue depths are
 * the same whichever replica reads them, so only the holder exports them: Prometheus scraping
 * every replica gets each depth once, and `sum()` is right. The holder renews the lease every
 * third of its length; when it stops (shutdown, crash, cut off from Redis) another replica takes
 * it over within one lease length. Redis restarted empty just means the next renewal takes it again.
 */

// Take the lease when it is free or already ours, for ARGV[2] ms.
const TAKE = "local v = redis.call('get', KEYS[1]) if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end return 0";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export const DEPTH_LEASE_MS = 15_000;

export class Lease {
  readonly id = randomUUID();
  private heldUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisConnection, readonly key: string, private readonly ms = DEPTH_LEASE_MS) {}

  /** True while this process holds the lease (by its own clock, from the last renewal's start). */
  holds(): boolean {
    return Date.now() < this.heldUntil;
  }

  /** One attempt to take or renew the lease; never throws. */
  async renew(): Promise<boolean> {
    const started = Date.now();
    try {
      const r = await this.redis.eval(TAKE, 1, this.key, this.id, String(this.ms));
      this.heldUntil = r === 1 ? started + this.ms : 0;
    } catch {
      // Unknown: keep what we had, which lapses by itself.
    }
    return this.holds();
  }

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), Math.floor(this.ms / 3));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.holds()) return;
    this.heldUntil = 0;
    await this.redis.eval(RELEASE, 1, this.key, this.id).catch(() => undefined);
  }
}
