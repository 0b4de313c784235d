import { parseArgs } from 'node:util';
import { DeadLetters, type DeadLetterEntry } from '../queue/dead-letter.js';
import { connectRedis, RedisKeys } from '../queue/redis-keys.js';
import { closeRawItemQueues, replayDeadLetter } from '../queue/raw-items.js';
import { COMMON_OPTIONS_USAGE, REDIS_OPTIONS, commandFailure, configFailure, ensureRedisReachable, redisTarget, usageFailure, isParseArgsError } from './redis-options.js';
import { WiredeskError } from '../errors.js';

export const DLQ_USAGE = `Usage:
  wiredesk dlq list [--limit N] [--json]
  wiredesk dlq show <id> [--raw | --json]
  wiredesk dlq replay <id>... | --all
${COMMON_OPTIONS_USAGE}

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

  let target;
  try {
    target = redisTarget(values);
    await ensureRedisReachable(target.url);
  } catch (e) {
    if (e instanceof WiredeskError) return e.code === 'WIREDESK_ERR_CONFIG_INVALID' ? configFailure(e) : commandFailure(e);
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
      const preview = previewBytes(itemRaw ?? raw);
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

/** Control characters a terminal would act on (escape sequences, bells, NULs) or a byte that is no UTF-8. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * The first bytes of a dead letter as a terminal can show them: text as it is (up to `maxText`
 * bytes), anything else as a hex dump of its first `maxBinary` bytes; `--raw` writes the bytes.
 */
export function previewBytes(buf: Buffer, maxText = 2000, maxBinary = 256): string {
  const text = buf.toString('utf8', 0, Math.min(buf.length, maxText));
  // A character cut at the end of the window decodes as U+FFFD: not a sign of binary.
  const probe = buf.length > maxText ? text.slice(0, -3) : text;
  if (!NOT_TEXT.test(probe)) return text + (buf.length > maxText ? `\n… (${buf.length - maxText} more bytes; --raw writes them all)` : '');
  const lines = [`(binary or control characters, ${buf.length} bytes; --raw writes them as they are)`];
  for (let at = 0; at < Math.min(buf.length, maxBinary); at += 16) {
    const row = buf.subarray(at, Math.min(at + 16, buf.length, maxBinary));
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (buf.length > maxBinary) lines.push('…');
  return lines.join('\n');
}
