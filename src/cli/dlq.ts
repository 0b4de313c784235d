import { parseArgs } from 'node:util';
import { DeadLetters, type DeadLetterEntry } from '../queue/dead-letter.js';
import { connectRedis, RedisKeys } from '../queue/redis-keys.js';
import { closeRawItemQueues, replayDeadLetter } from '../queue/raw-items.js';
import { REDIS_OPTIONS, commandFailure, ensureRedisReachable, redisTarget, usageFailure, isParseArgsError } from './redis-options.js';
import { WiredeskError } from '../errors.js';

export const DLQ_USAGE = `Usage:
  wiredesk dlq list [--limit N] [--json]
  wiredesk dlq show <id> [--raw | --json]
  wiredesk dlq replay <id>... | --all
Common options: --redis URL (default $WIREDESK_REDIS_URL or $REDIS_URL), --prefix P (default $WIREDESK_PREFIX or bull).

Documents (or items of documents) that could not be read are dead-lettered with their raw bytes,
error code and feed; they are never retried on their own. show --raw writes the document's bytes
to stdout. replay puts the whole document back on the ingest queue (after a parser fix or a
corrected re-delivery) and removes the entry; if it fails again, it is dead-lettered again.`;

function line(e: DeadLetterEntry): string {
  return `${e.id}  ${e.at}  ${e.feed}  ${e.code}${e.itemIndex !== null ? ` (item ${e.itemIndex})` : ''}  ${e.size} B  ${e.path ?? ''}`;
}

export async function dlqCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...REDIS_OPTIONS, limit: { type: 'string' }, raw: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
    });
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, DLQ_USAGE);
    throw e;
  }
  const { values, positionals } = parsed;
  const [action, ...ids] = positionals;
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit <= 0) return usageFailure('--limit must be a positive whole number', DLQ_USAGE);
  if (action !== 'list' && action !== 'show' && action !== 'replay') {
    return usageFailure(action ? `unknown dlq action "${action}"` : 'dlq needs an action', DLQ_USAGE);
  }
  if (action === 'show' && ids.length !== 1) return usageFailure('dlq show needs one entry id', DLQ_USAGE);
  if (action === 'replay' && ids.length === 0 && !values.all) return usageFailure('dlq replay needs entry ids or --all', DLQ_USAGE);

  const target = redisTarget(values);
  try {
    await ensureRedisReachable(target.url);
  } catch (e) {
    if (e instanceof WiredeskError) return commandFailure(e);
    throw e;
  }
  const redis = connectRedis(target.url);
  const letters = new DeadLetters(redis, new RedisKeys(target.prefix));
  try {
    if (action === 'list') {
      const list = await letters.list({ limit });
      if (values.json) process.stdout.write(list.map((e) => JSON.stringify(e)).join('\n') + (list.length ? '\n' : ''));
      else {
        for (const e of list) process.stdout.write(line(e) + '\n');
        process.stderr.write(`wiredesk: ${await letters.count()} dead letters\n`);
      }
      return 0;
    }
    if (action === 'show') {
      const record = await letters.get(ids[0]!);
      if (!record) {
        process.stderr.write(`wiredesk: no dead letter "${ids[0]}"\n`);
        return 1;
      }
      if (values.raw) {
        process.stdout.write(record.raw);
        return 0;
      }
      const { raw, itemRaw, ...entry } = record;
      const preview = (itemRaw ?? raw).toString('utf8', 0, Math.min((itemRaw ?? raw).length, 2000));
      process.stdout.write(values.json
        ? JSON.stringify({ ...entry, raw: raw.toString('base64'), itemRaw: itemRaw?.toString('base64') ?? null }) + '\n'
        : `${line(entry)}\n${entry.message}\n\n${preview}\n`);
      return 0;
    }
    const toReplay = values.all ? (await letters.list({ limit: 1_000_000 })).map((e) => e.id) : ids;
    let missing = 0;
    for (const id of toReplay) {
      const jobId = await replayDeadLetter(target.url, id, { prefix: target.prefix });
      if (jobId === null) {
        missing++;
        process.stderr.write(`wiredesk: no dead letter "${id}"\n`);
      } else {
        process.stdout.write(`${id} -> ingest job ${jobId}\n`);
      }
    }
    return missing ? 1 : 0;
  } finally {
    await closeRawItemQueues();
    await redis.quit().catch(() => redis.disconnect());
  }
}
