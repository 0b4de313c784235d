import { parseArgs } from 'node:util';
import { FEED_ACTIONS, FeedControl, type FeedAction, type FeedStatus } from '../sources/feed-status.js';
import { connectRedis } from '../queue/redis-keys.js';
import { COMMON_OPTIONS_USAGE, REDIS_OPTIONS, usageFailure, isParseArgsError, commandFailure, reachableTarget } from './redis-options.js';
import { WiredeskError } from '../errors.js';

export const FEEDS_USAGE = `Usage:
  wiredesk feeds list [--json]
  wiredesk feeds status <id> [--json]
  wiredesk feeds pause|resume <id>          skip (or again run) a polled feed's polls or a drop folder's scans
  wiredesk feeds reset-cursor <id>          a polled feed starts again at its configured URL
  wiredesk feeds poll-now <id>              poll a polled feed at once (even paused or backing off)
${COMMON_OPTIONS_USAGE}

The feeds are those the running workers were configured with. status shows the last success, the
last error (code, message, time), items enqueued today (UTC), polls by result, the cursor, a
backoff and the next poll. The same is served at GET /feeds and GET /feeds/<id>, and the actions
at POST /feeds/<id>/<action> (bearer token; viewer reads, editor acts).`;

function ago(iso: string | null, now: number): string {
  if (!iso) return '-';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(s);
  const text = abs < 120 ? `${abs}s` : abs < 7200 ? `${Math.round(abs / 60)}m` : abs < 172_800 ? `${Math.round(abs / 3600)}h` : `${Math.round(abs / 86_400)}d`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

function line(f: FeedStatus, now: number): string {
  const state = f.paused ? 'paused' : f.backoffUntil ? 'backoff' : 'active';
  const error = f.lastError ? `${f.lastError.code} (${ago(f.lastError.at, now)})` : '-';
  return [f.id.padEnd(20), f.kind.padEnd(7), state.padEnd(7), `ok ${ago(f.lastSuccessAt, now)}`.padEnd(16), `today ${f.itemsToday}`.padEnd(12), `next ${ago(f.nextPollAt, now)}`.padEnd(14), `error ${error}`].join(' ');
}

function details(f: FeedStatus, now: number): string {
  const polls = Object.entries(f.polls).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return [
    `feed          ${f.id} (${f.kind})`,
    `source        ${f.url ?? '-'}`,
    `state         ${f.paused ? `paused since ${f.pausedAt ?? '?'}` : 'active'}`,
    `last success  ${f.lastSuccessAt ?? 'never'}${f.lastSuccessAt ? ` (${ago(f.lastSuccessAt, now)})` : ''}`,
    `last poll     ${f.lastPollAt ?? '-'}${f.lastResult ? ` (${f.lastResult})` : ''}`,
    `last error    ${f.lastError ? `${f.lastError.code} at ${f.lastError.at}: ${f.lastError.message}` : 'none'}`,
    `items         ${f.itemsToday} today (UTC), ${f.itemsTotal} in all`,
    `polls         ${polls}`,
    `cursor        ${f.cursor ?? '-'}`,
    `backoff until ${f.backoffUntil ?? '-'}`,
    `next poll     ${f.nextPollAt ?? '-'}${f.nextPollAt ? ` (${ago(f.nextPollAt, now)})` : ''}`,
  ].join('\n');
}

export async function feedsCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...REDIS_OPTIONS } });
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, FEEDS_USAGE);
    throw e;
  }
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  const actions: readonly string[] = ['list', 'status', ...FEED_ACTIONS];
  if (!action || !actions.includes(action)) return usageFailure(action ? `unknown feeds action "${action}"` : 'feeds needs an action', FEEDS_USAGE);
  if (action === 'list' && id) return usageFailure('feeds list takes no feed id (feeds status <id> shows one)', FEEDS_USAGE);
  if (action !== 'list' && (!id || extra.length)) return usageFailure(`feeds ${action} needs one feed id`, FEEDS_USAGE);

  const target = await reachableTarget(values);
  if (typeof target === 'number') return target;
  const redis = connectRedis(target.url);
  const control = new FeedControl(redis, target.prefix);
  const now = Date.now();
  try {
    if (action === 'list') {
      const list = await control.list(now);
      if (values.json) process.stdout.write(list.map((f) => JSON.stringify(f)).join('\n') + (list.length ? '\n' : ''));
      else {
        for (const f of list) process.stdout.write(line(f, now) + '\n');
        if (list.length === 0) process.stderr.write(`wiredesk: no feeds registered under prefix "${target.prefix}" (a worker registers its feeds when it starts)\n`);
      }
      return 0;
    }
    if (action === 'status') {
      const f = await control.status(id!, now);
      if (!f) return commandFailure(new WiredeskError('WIREDESK_ERR_FEED_UNKNOWN', `no feed "${id}" is configured in this deployment (prefix "${target.prefix}")`));
      process.stdout.write(values.json ? JSON.stringify(f) + '\n' : details(f, now) + '\n');
      return 0;
    }
    let f: FeedStatus;
    try {
      f = await control.act(action as FeedAction, id!, now);
    } catch (e) {
      if (e instanceof WiredeskError) return commandFailure(e);
      throw e;
    }
    const said: Record<FeedAction, string> = {
      pause: 'paused: polls and scans are skipped until it is resumed',
      resume: 'resumed',
      'reset-cursor': 'cursor reset: the next poll starts at the configured URL',
      'poll-now': 'poll queued: it runs as soon as a worker takes it',
    };
    process.stdout.write(values.json ? JSON.stringify(f) + '\n' : `${id}: ${said[action as FeedAction]}\n`);
    return 0;
  } finally {
    await control.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}
