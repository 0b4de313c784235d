import { createHash, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import type { RemoteFeed } from '../config/config.js';
import { WiredeskError } from '../errors.js';
import type { RemoteEntry, RemoteSession } from './remote-folder.js';

/**
 * The `sftp` feed's connection (ssh2-sftp-client): password or private-key login, and, with
 * `hostKeySha256`, the server's host key checked before any credential is sent.
 */

/** SFTP status codes that refuse one file (no such file, permission denied, failure): the connection is still good. */
const FILE_STATUS = new Set<unknown>([2, 3, 4, 'ENOENT', 'EACCES', 'EPERM']);

function mapError(e: unknown, what: string): WiredeskError {
  if (e instanceof WiredeskError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  if (FILE_STATUS.has(code)) return new WiredeskError('WIREDESK_ERR_REMOTE_DENIED', `${what}: ${message}`, { cause: e });
  return new WiredeskError('WIREDESK_ERR_REMOTE_TRANSFER', `${what}: ${message}`, { cause: e });
}

/** `SHA256:<base64 without padding>` of a host key, as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export async function connectSftp(feed: RemoteFeed): Promise<RemoteSession> {
  // The library's default listeners print connection events on stdout; a lost connection shows
  // in the failing call instead.
  const client = new SftpClient('wiredesk', { error: () => undefined, end: () => undefined, close: () => undefined });
  const where = `sftp://${feed.host}:${feed.port}`;
  const expected = feed.hostKeySha256?.replace(/=+$/, '');
  let keyRefused = false;
  try {
    await client.connect({
      host: feed.host,
      port: feed.port,
      username: feed.user,
      ...(feed.password !== undefined ? { password: feed.password } : {}),
      ...(feed.privateKey !== undefined ? { privateKey: feed.privateKey } : {}),
      ...(feed.passphrase !== undefined ? { passphrase: feed.passphrase } : {}),
      readyTimeout: feed.timeoutSeconds * 1000,
      ...(expected
        ? {
          hostVerifier: (key: Buffer): boolean => {
            const got = Buffer.from(hostKeyFingerprint(key));
            const ok = got.length === expected.length && timingSafeEqual(got, Buffer.from(expected));
            if (!ok) keyRefused = true;
            return ok;
          },
        }
        : {}),
    });
  } catch (e) {
    await client.end().catch(() => undefined);
    const message = keyRefused ? `the server's host key is not ${expected}` : (e as Error).message;
    throw new WiredeskError('WIREDESK_ERR_REMOTE_CONNECT', `${where}: ${message}`, { cause: e });
  }
  const run = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw mapError(e, what);
    }
  };
  let closed = false;
  return {
    list: (dir) => run(`list ${dir}`, async () => (await client.list(dir))
      .filter((i) => i.type === '-')
      .map((i): RemoteEntry => ({ name: i.name, size: i.size, mtime: String(i.modifyTime) }))),
    download: (path, sink: Writable) => run(`download ${path}`, async () => {
      await pipeline(client.createReadStream(path), sink);
    }),
    rename: (from, to) => run(`rename ${from}`, async () => {
      await client.rename(from, to);
    }),
    remove: (path) => run(`delete ${path}`, async () => {
      await client.delete(path);
    }),
    mkdir: (path) => run(`mkdir ${path}`, async () => {
      await client.mkdir(path, false);
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      // end() waits for the server's close; a dead connection is destroyed instead.
      const ended = client.end().catch(() => undefined);
      const timer = setTimeout(() => (client as unknown as { client?: { destroy?(): void } }).client?.destroy?.(), 2_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
