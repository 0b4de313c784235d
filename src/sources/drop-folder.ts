import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ParsePool } from '../pipeline/parse-pool.js';
import { readFileCapped } from './local-inputs.js';
import { toWiredeskError, type WiredeskError } from '../errors.js';
import { ingestItem } from '../pipeline/ingest.js';
import type { FolderFeed } from '../config/config.js';
import type { SourceContext, RunningSource } from './source.js';

/**
 * A drop folder: where FTP/SFTP wire delivery lands. Every scan:
 * - a file is only taken once its size and mtime are the same on two consecutive scans (an
 *   upload still being written keeps changing), and names uploaders use for partial files
 *   (dot-files, `*.part`, `*.tmp`, `*.filepart`) are left alone;
 * - it is claimed by renaming it into `.processing/` under a short name of its own (pid,
 *   sequence, hash of the name: never longer than the name limit, whatever the file's name), with
 *   the original name in a sidecar `<claim>.name` written first. Rename is atomic, so when several
 *   workers share the folder exactly one wins and the others get ENOENT; any other rename error
 *   (permissions, a name the file system refuses) is logged and counted, once per file;
 * - it is read and checked with the pipeline's own reader (the same `ingestItem` the stage
 *   workers run): a file that cannot be read, or that yields no story at all (unknown format,
 *   malformed XML or JSON, no story in it), goes to `error/` with `<name>.error.json` (code,
 *   message) and is not enqueued; otherwise its bytes go to the ingest queue and it moves to
 *   `done/` (items of it that fail are dead-lettered by the pipeline as usual). A file the queue
 *   refuses goes to `error/` too;
 * - files in `done/` and `error/` are deleted `doneRetentionDays` (default 7) after they were
 *   moved there (their mtime is set to that moment).
 * The first scan runs at start (nothing that arrived while the worker was down is missed), and
 * a claim left in `.processing/` by a worker that died is put back after a grace period. While
 * the feed is paused (`wiredesk feeds pause`), scans are skipped.
 */

const PARTIAL = /(^\.)|(\.(part|tmp|filepart|partial|crdownload)$)/i;
/** How old a claim in .processing/ must be before a restarted worker treats it as orphaned. */
const ORPHAN_AFTER_MS = 60_000;
/** How often done/ and error/ are swept for files past their retention. */
const SWEEP_EVERY_MS = 3_600_000;
/** The longest file name (bytes) most file systems take. */
const NAME_MAX = 255;
/** Room kept for what is added to a name in done/ and error/ (`.<ms timestamp>`, `.error.json`). */
const SUFFIX_ROOM = 32;
const CLAIM = /^(\d+-\d+-[0-9a-f]{16})$/;
const LEGACY_CLAIM = /^\d+-\d+-(.+)$/;

export interface DropFolderOptions {
  /** Override of the orphan grace period (tests). */
  orphanAfterMs?: number;
  /** Clock (tests of the retention). */
  now?: () => number;
  /**
   * The deadline of the check parse of one file (ms): it runs in a parse thread of its own, so a
   * hostile file cannot stall the other feeds; past it the file goes to error/ with
   * WIREDESK_ERR_PARSE_TIMEOUT. 0 parses on this thread without a deadline. Default 30 s.
   */
  parseTimeoutMs?: number;
}

export interface DropFolder extends RunningSource {
  /** One scan now (tests and the start-up rescan); resolves when claimed files are handled. */
  scan(): Promise<void>;
  /** Deletes files in done/ and error/ past the retention now; resolves to how many went. */
  sweep(): Promise<number>;
}

let claimSeq = 0;

function shortHash(s: string, n = 16): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

/**
 * A name that fits in `NAME_MAX - SUFFIX_ROOM` bytes: the name itself when it does, else its
 * first characters, `~`, a hash of the whole name and its extension (distinct names stay distinct).
 */
export function boundedName(name: string): string {
  const limit = NAME_MAX - SUFFIX_ROOM;
  if (Buffer.byteLength(name) <= limit) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const tail = `~${shortHash(name)}${ext}`;
  const room = limit - Buffer.byteLength(tail);
  let head = '';
  let bytes = 0;
  for (const ch of name) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > room) break;
    head += ch;
    bytes += n;
  }
  return head + tail;
}

/** Why the pipeline's reader rejects a document as a whole, or null when it yields a story. */
async function rejection(bytes: Buffer, path: string, feed: FolderFeed, pool: ParsePool | null): Promise<WiredeskError | null> {
  const raw = { bytes, path, feed: feed.id, ...(feed.format ? { format: feed.format } : {}) };
  const result = pool ? await pool.run(raw) : ingestItem(raw, { maxBytes: feed.maxBytes });
  return result.articles.length === 0 ? (result.failures[0]?.error ?? null) : null;
}

export async function startDropFolder(feed: FolderFeed, ctx: SourceContext, opts: DropFolderOptions = {}): Promise<DropFolder> {
  const dir = feed.folder;
  const processing = join(dir, '.processing');
  const done = join(dir, 'done');
  const failed = join(dir, 'error');
  const now = opts.now ?? Date.now;
  await Promise.all([processing, done, failed].map((d) => mkdir(d, { recursive: true })));
  const seen = new Map<string, { size: number; mtimeMs: number }>();
  /** Files whose claim failed for a reason other than another worker's claim: said once each. */
  const unclaimable = new Map<string, string>();
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let lastSweep = 0;
  let pool: ParsePool | null = null;

  /** Moves a claim to done/ or error/ under a bounded, unused name; its mtime becomes now (the retention's clock). */
  const moveUnique = async (from: string, toDir: string, name: string): Promise<string> => {
    const base = boundedName(name);
    let target = join(toDir, base);
    try {
      await stat(target);
      target = join(toDir, `${base}.${now()}`);
    } catch {
      // free name
    }
    await rename(from, target);
    const t = new Date(now());
    await utimes(target, t, t).catch(() => undefined);
    return target;
  };

  const toError = async (claimed: string, name: string, err: WiredeskError, stage: string): Promise<void> => {
    const original = join(dir, name);
    ctx.onError?.(feed.id, err.code, `${name}: ${err.message}`);
    ctx.logger.warn({ feed: feed.id, file: name, code: err.code, error: err.message, stage }, 'drop file failed: moved to error/');
    const target = await moveUnique(claimed, failed, name).catch(() => null);
    if (target) {
      await writeFile(`${target}.error.json`, JSON.stringify({ file: original, name, code: err.code, message: err.message, stage, at: new Date(now()).toISOString() }, null, 2) + '\n');
    }
  };

  const handle = async (name: string, claimed: string): Promise<void> => {
    const original = join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFileCapped(claimed, feed.maxBytes);
    } catch (e) {
      await toError(claimed, name, toWiredeskError(e), 'read');
      return;
    }
    const parseTimeoutMs = opts.parseTimeoutMs ?? 30_000;
    if (parseTimeoutMs > 0) pool ??= new ParsePool({ size: 1, timeoutMs: parseTimeoutMs, maxBytes: feed.maxBytes });
    const rejected = await rejection(bytes, original, feed, pool);
    if (rejected) {
      await toError(claimed, name, rejected, 'parse');
      return;
    }
    const correlationId = randomUUID();
    try {
      await ctx.enqueue({
        feed: feed.id,
        bytes: bytes.toString('base64'),
        path: original,
        contentType: null,
        receivedAt: new Date(now()).toISOString(),
        correlationId,
        ...(feed.format ? { format: feed.format } : {}),
      });
    } catch (e) {
      await toError(claimed, name, toWiredeskError(e), 'enqueue');
      return;
    }
    const target = await moveUnique(claimed, done, name);
    ctx.logger.info({ correlationId, feed: feed.id, file: name, bytes: bytes.length, ...(target.endsWith(name) ? {} : { storedAs: target }) }, 'drop file enqueued');
  };

  /** The original name of a claim: its sidecar, or (claims made before sidecars) the name after `<pid>-<seq>-`. */
  const claimedName = async (claim: string): Promise<string | null> => {
    if (CLAIM.test(claim)) return await readFile(join(processing, `${claim}.name`), 'utf8').catch(() => null);
    return LEGACY_CLAIM.exec(claim)?.[1] ?? null;
  };

  const recoverOrphans = async (): Promise<void> => {
    const orphanAfter = opts.orphanAfterMs ?? ORPHAN_AFTER_MS;
    for (const entry of await readdir(processing, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const p = join(processing, entry.name);
      const st = await stat(p).catch(() => null);
      // ctime is the claim's rename; a live worker handles a claim within seconds.
      if (!st || Date.now() - st.ctimeMs < orphanAfter) continue;
      if (entry.name.endsWith('.name') && CLAIM.test(entry.name.slice(0, -'.name'.length))) {
        // A sidecar whose claim is gone (handled, or the rename never happened).
        const claim = entry.name.slice(0, -'.name'.length);
        if (!(await stat(join(processing, claim)).catch(() => null))) await unlink(p).catch(() => undefined);
        continue;
      }
      const name = await claimedName(entry.name);
      if (!name) continue;
      await rename(p, join(dir, name)).catch(() => undefined);
      await unlink(`${p}.name`).catch(() => undefined);
      ctx.logger.info({ feed: feed.id, file: name }, 'orphaned claim put back');
    }
  };

  /** Claims a file; null when another worker took it first (ENOENT) or it cannot be claimed (said once). */
  const claim = async (name: string): Promise<string | null> => {
    const id = `${process.pid}-${++claimSeq}-${shortHash(name)}`;
    const claimed = join(processing, id);
    // The original name goes first: a claim is never without it, even if the worker dies here.
    await writeFile(`${claimed}.name`, name);
    try {
      await rename(join(dir, name), claimed);
      unclaimable.delete(name);
      return claimed;
    } catch (e) {
      await unlink(`${claimed}.name`).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
      if (code === 'ENOENT') return null; // another worker claimed it first
      if (unclaimable.get(name) !== code) {
        unclaimable.set(name, code);
        ctx.onError?.(feed.id, 'WIREDESK_ERR_INPUT_UNREADABLE');
        ctx.logger.error({ feed: feed.id, file: name, code, error: (e as Error).message }, 'drop file cannot be claimed');
      }
      return null;
    }
  };

  const sweep = async (): Promise<number> => {
    const keepMs = (feed.doneRetentionDays ?? 7) * 86_400_000;
    const cutoff = now() - keepMs;
    let removed = 0;
    for (const d of [done, failed]) {
      for (const entry of await readdir(d, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const p = join(d, entry.name);
        const st = await stat(p).catch(() => null);
        if (!st || st.mtimeMs >= cutoff) continue;
        await rm(p, { force: true });
        removed++;
      }
    }
    if (removed) ctx.logger.info({ feed: feed.id, removed, days: feed.doneRetentionDays ?? 7 }, 'drop folder: old files removed from done/ and error/');
    return removed;
  };

  const scanOnce = async (): Promise<void> => {
    // An operator's pause (`wiredesk feeds pause`) skips scans; files wait in the folder.
    if (ctx.isPaused && await ctx.isPaused(feed.id)) return;
    await recoverOrphans();
    const entries = await readdir(dir, { withFileTypes: true });
    const present = new Set<string>();
    for (const entry of entries) {
      if (stopped) return;
      if (!entry.isFile() || PARTIAL.test(entry.name)) continue;
      present.add(entry.name);
      const st = await stat(join(dir, entry.name)).catch(() => null);
      if (!st) continue;
      const before = seen.get(entry.name);
      if (!before || before.size !== st.size || before.mtimeMs !== st.mtimeMs) {
        seen.set(entry.name, { size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      seen.delete(entry.name);
      const claimed = await claim(entry.name);
      if (!claimed) continue;
      await handle(entry.name, claimed);
      // The sidecar goes with the claim; a claim still there (it could not be moved) keeps it for recovery.
      if (!(await stat(claimed).catch(() => null))) await unlink(`${claimed}.name`).catch(() => undefined);
    }
    for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
    for (const name of unclaimable.keys()) if (!present.has(name)) unclaimable.delete(name);
    if (now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now();
      await sweep();
    }
  };

  const scan = (): Promise<void> => {
    current = current.then(scanOnce).catch((e: unknown) => {
      ctx.onError?.(feed.id, toWiredeskError(e).code);
      ctx.logger.error({ feed: feed.id, err: e }, 'drop folder scan failed');
    });
    return current;
  };

  await scan();
  const timer = setInterval(() => void scan(), Math.max(50, feed.pollIntervalSeconds * 1000));
  return {
    scan,
    sweep: () => {
      const run = current.then(sweep);
      current = run.then(() => undefined, () => undefined);
      return run;
    },
    async stop() {
      clearInterval(timer);
      stopped = true;
      await current;
      await pool?.close();
    },
  };
}
