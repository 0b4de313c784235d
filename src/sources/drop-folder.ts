import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileCapped } from './local-inputs.js';
import { toWiredeskError } from '../errors.js';
import type { FolderFeed } from '../config/config.js';
import type { SourceContext, RunningSource } from './source.js';

/**
 * A drop folder: where FTP/SFTP wire delivery lands. Every scan:
 * - a file is only taken once its size and mtime are the same on two consecutive scans (an
 *   upload still being written keeps changing), and names uploaders use for partial files
 *   (dot-files, `*.part`, `*.tmp`, `*.filepart`) are left alone;
 * - it is claimed by renaming it into `.processing/` — rename is atomic, so when several workers
 *   share the folder exactly one wins and the others get ENOENT;
 * - its bytes go to the ingest queue, then it moves to `done/`; a file that cannot be read or
 *   enqueued moves to `error/` with `<name>.reason.json` beside it.
 * The first scan runs at start (nothing that arrived while the worker was down is missed), and
 * a claim left in `.processing/` by a worker that died is put back after a grace period.
 */

const PARTIAL = /(^\.)|(\.(part|tmp|filepart|partial|crdownload)$)/i;
/** How old a claim in .processing/ must be before a restarted worker treats it as orphaned. */
const ORPHAN_AFTER_MS = 60_000;

export interface DropFolderOptions {
  /** Override of the orphan grace period (tests). */
  orphanAfterMs?: number;
}

export interface DropFolder extends RunningSource {
  /** One scan now (tests and the start-up rescan); resolves when claimed files are handled. */
  scan(): Promise<void>;
}

let claimSeq = 0;

export async function startDropFolder(feed: FolderFeed, ctx: SourceContext, opts: DropFolderOptions = {}): Promise<DropFolder> {
  const dir = feed.folder;
  const processing = join(dir, '.processing');
  const done = join(dir, 'done');
  const failed = join(dir, 'error');
  await Promise.all([processing, done, failed].map((d) => mkdir(d, { recursive: true })));
  const seen = new Map<string, { size: number; mtimeMs: number }>();
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const moveUnique = async (from: string, toDir: string, name: string): Promise<string> => {
    let target = join(toDir, name);
    try {
      await stat(target);
      target = join(toDir, `${name}.${Date.now()}`);
    } catch {
      // free name
    }
    await rename(from, target);
    return target;
  };

  const handle = async (name: string, claimed: string): Promise<void> => {
    const original = join(dir, name);
    const correlationId = randomUUID();
    try {
      const bytes = await readFileCapped(claimed, feed.maxBytes);
      await ctx.enqueue({
        feed: feed.id,
        bytes: bytes.toString('base64'),
        path: original,
        contentType: null,
        receivedAt: new Date().toISOString(),
        correlationId,
        ...(feed.format ? { format: feed.format } : {}),
      });
      await moveUnique(claimed, done, name);
      ctx.logger.info({ correlationId, feed: feed.id, file: name, bytes: bytes.length }, 'drop file enqueued');
    } catch (e) {
      const err = toWiredeskError(e);
      ctx.onError?.(feed.id, err.code);
      ctx.logger.warn({ feed: feed.id, file: name, code: err.code, error: err.message }, 'drop file failed');
      const target = await moveUnique(claimed, failed, name).catch(() => null);
      if (target) {
        await writeFile(`${target}.reason.json`, JSON.stringify({ file: original, code: err.code, message: err.message, at: new Date().toISOString() }, null, 2) + '\n');
      }
    }
  };

  const recoverOrphans = async (): Promise<void> => {
    const orphanAfter = opts.orphanAfterMs ?? ORPHAN_AFTER_MS;
    for (const entry of await readdir(processing, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const p = join(processing, entry.name);
      const st = await stat(p).catch(() => null);
      // ctime is the claim's rename; a live worker handles a claim within seconds.
      if (!st || Date.now() - st.ctimeMs < orphanAfter) continue;
      const name = entry.name.replace(/^\d+-\d+-/, '');
      await rename(p, join(dir, name)).catch(() => undefined);
      ctx.logger.info({ feed: feed.id, file: name }, 'orphaned claim put back');
    }
  };

  const scanOnce = async (): Promise<void> => {
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
      const claimed = join(processing, `${process.pid}-${++claimSeq}-${entry.name}`);
      try {
        await rename(join(dir, entry.name), claimed);
      } catch {
        continue; // another worker claimed it first
      }
      await handle(entry.name, claimed);
    }
    for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
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
    async stop() {
      clearInterval(timer);
      stopped = true;
      await current;
    },
  };
}
