import { parseArgs } from 'node:util';
import { DeadLetters, type DeadLetterEntry } from '../queue/dead-letter.js';
import { connectRedis, RedisKeys } from '../queue/redis-keys.js';
import { closeRawItemQueues, replayDeadLetter } from '../queue/raw-items.js';
import { COMMON_OPTIONS_USAGE, REDIS_OPTIONS, usageFailure, isParseArgsError, commandFailure, reachableTarget } from './redis-options.js';
import { toWiredeskError } from '../errors.js';
import { readFileCapped } from '../sources/local-inputs.js';
import { DEFAULT_MAX_BYTES } from '../pipeline/ingest.js';
import { hexDumpLines, textWindow } from '../text/bytes-view.js';

export const DLQ_USAGE = `Usage:
  wiredesk dlq list [--limit N] [--json]
  wiredesk dlq show <id> [--raw | --json]
  wiredesk dlq replay <id>... | --all
  wiredesk dlq replay <id> --from FILE [--max-bytes N]
  wiredesk dlq purge <id>... | --all | --older-than DURATION  [--dry-run]
${COMMON_OPTIONS_USAGE}

Documents (or items of documents) that could not be read are dead-lettered with their raw bytes,
error code and feed; they are never retried on their own. show --raw writes the document's bytes
to stdout. replay puts the whole document back on the ingest queue (after a parser fix) and
removes the entry; if it fails again, it is dead-lettered again. replay --from FILE sends a
corrected file instead of the stored bytes, under the entry's feed, path, content type and
format hint (its stories keep their identity). purge removes entries without replaying them
(asks nothing; prints how many); DURATION is a number with s, m, h, d or w (90m, 12h, 30d).
The worker keeps dead letters for deadLetters.maxAgeDays (30) and at most deadLetters.maxCount
(100000) of them.`;

function line(e: DeadLetterEntry): string {
  return `${e.id}  ${e.at}  ${e.feed}  ${e.code}${e.itemIndex !== null ? ` (item ${e.itemIndex})` : ''}  ${e.size} B  ${e.path ?? ''}`;
}

export async function dlqCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...REDIS_OPTIONS,
        limit: { type: 'string' },
        raw: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        from: { type: 'string' },
        'max-bytes': { type: 'string' },
        'older-than': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, DLQ_USAGE);
    throw e;
  }
  const { values, positionals } = parsed;
  const [action, ...ids] = positionals;
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit <= 0) return usageFailure('--limit must be a positive whole number', DLQ_USAGE);
  if (action !== 'list' && action !== 'show' && action !== 'replay' && action !== 'purge') {
    return usageFailure(action ? `unknown dlq action "${action}"` : 'dlq needs an action', DLQ_USAGE);
  }
  if (action === 'show' && ids.length !== 1) return usageFailure('dlq show needs one entry id', DLQ_USAGE);
  if (action === 'replay' && ids.length === 0 && !values.all) return usageFailure('dlq replay needs entry ids or --all', DLQ_USAGE);
  if (values.from !== undefined && (action !== 'replay' || ids.length !== 1 || values.all)) return usageFailure('--from FILE replays one entry: dlq replay <id> --from FILE', DLQ_USAGE);
  const maxBytes = values['max-bytes'] ? Number(values['max-bytes']) : DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) return usageFailure('--max-bytes must be a positive whole number', DLQ_USAGE);
  let olderThanMs: number | null = null;
  if (values['older-than'] !== undefined) {
    if (action !== 'purge') return usageFailure('--older-than is an option of dlq purge', DLQ_USAGE);
    olderThanMs = parseDuration(values['older-than']);
    if (olderThanMs === null) return usageFailure(`--older-than "${values['older-than']}" is not a duration (a number with s, m, h, d or w: 90m, 12h, 30d)`, DLQ_USAGE);
  }
  if (action === 'purge') {
    const ways = (ids.length ? 1 : 0) + (values.all ? 1 : 0) + (olderThanMs !== null ? 1 : 0);
    if (ways !== 1) return usageFailure('dlq purge needs exactly one of: entry ids, --all, --older-than DURATION', DLQ_USAGE);
  }
  if (values['dry-run'] && action !== 'purge') return usageFailure('--dry-run is an option of dlq purge', DLQ_USAGE);
  // The corrected file is read before anything connects: a wrong path is said at once.
  let corrected: Buffer | null = null;
  if (values.from !== undefined) {
    try {
      corrected = await readFileCapped(values.from, maxBytes);
    } catch (e) {
      return commandFailure(toWiredeskError(e));
    }
  }

  const target = await reachableTarget(values);
  if (typeof target === 'number') return target;
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
    if (action === 'purge') {
      const chosen = values.all ? await letters.idsBefore(null)
        : olderThanMs !== null ? await letters.idsBefore(Date.now() - olderThanMs)
        : await letters.existing(ids);
      const found = new Set(chosen);
      for (const id of ids) if (!found.has(id)) process.stderr.write(`wiredesk: no dead letter "${id}"\n`);
      const n = values['dry-run'] ? chosen.length : await letters.removeMany(chosen);
      if (values.json) process.stdout.write(JSON.stringify({ removed: values['dry-run'] ? 0 : n, matched: chosen.length, dryRun: values['dry-run'], ids: chosen }) + '\n');
      else {
        if (values['dry-run']) for (const id of chosen) process.stdout.write(`${id}\n`);
        process.stdout.write(values['dry-run'] ? `would remove ${n} dead letter${n === 1 ? '' : 's'} (dry run)\n` : `removed ${n} dead letter${n === 1 ? '' : 's'}\n`);
      }
      return ids.length > chosen.length ? 1 : 0;
    }
    if (corrected) {
      const id = ids[0]!;
      const jobId = await replayDeadLetter(target.url, id, { prefix: target.prefix, bytes: corrected });
      if (jobId === null) {
        process.stderr.write(`wiredesk: no dead letter "${id}"\n`);
        return 1;
      }
      process.stdout.write(`${id} -> ingest job ${jobId} (${corrected.length} bytes from ${values.from})\n`);
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

/**
 * The first bytes of a dead letter as a terminal can show them: text as it is (up to `maxText`
 * bytes), anything else as a hex dump of its first `maxBinary` bytes; `--raw` writes the bytes.
 */
export function previewBytes(buf: Buffer, maxText = 2000, maxBinary = 256): string {
  const text = textWindow(buf, maxText);
  if (text !== null) return text + (buf.length > maxText ? `\n… (${buf.length - maxText} more bytes; --raw writes them all)` : '');
  const lines = [`(binary or control characters, ${buf.length} bytes; --raw writes them as they are)`, ...hexDumpLines(buf, maxBinary)];
  if (buf.length > maxBinary) lines.push('…');
  return lines.join('\n');
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "90m", "12h", "30d", "1.5d", "2w" -> milliseconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,9}(?:\.\d{1,6})?)\s?([smhdw])$/i.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!);
}
