import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { Writable } from 'node:stream';
import { Client, FTPError } from 'basic-ftp';
import type { RemoteFeed } from '../config/config.js';
import { WiredeskError } from '../errors.js';
import type { RemoteEntry, RemoteSession } from './remote-folder.js';

/**
 * The `ftp` feed's connection (basic-ftp): plain FTP or FTPS (`tls: explicit` is AUTH TLS on the
 * control port, `implicit` is TLS from the first byte), passive transfers only, and data
 * connections only to the control connection's own host (a PASV answer naming another address is
 * not followed), so the files and the login stay with the configured server. The certificate is
 * checked against the system's CAs plus `tlsCaFile`.
 */

/** A server's answer that refuses one file (4xx/5xx on a file command): the connection is still good. */
function mapError(e: unknown, what: string): WiredeskError {
  if (e instanceof WiredeskError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof FTPError && e.code >= 400) return new WiredeskError('WIREDESK_ERR_REMOTE_DENIED', `${what}: the server answered ${e.code} ${message}`, { cause: e });
  return new WiredeskError('WIREDESK_ERR_REMOTE_TRANSFER', `${what}: ${message}`, { cause: e });
}

export async function connectFtp(feed: RemoteFeed): Promise<RemoteSession> {
  const client = new Client(feed.timeoutSeconds * 1000, { allowSeparateTransferHost: false });
  const tls = feed.tls ?? 'none';
  const secure = tls === 'explicit' ? true : tls === 'implicit' ? 'implicit' as const : false;
  const where = `ftp://${feed.host}:${feed.port}`;
  try {
    const secureOptions = secure
      ? {
        ...(isIP(feed.host) ? {} : { servername: feed.host }),
        ...(feed.tlsCaFile ? { ca: [...rootCertificates, readFileSync(feed.tlsCaFile, 'utf8')] } : {}),
        minVersion: 'TLSv1.2' as const,
      }
      : undefined;
    await client.access({ host: feed.host, port: feed.port, user: feed.user, password: feed.password ?? '', secure, ...(secureOptions ? { secureOptions } : {}) });
  } catch (e) {
    client.close();
    const message = e instanceof FTPError ? `the server answered ${e.code} ${e.message}` : (e as Error).message;
    throw new WiredeskError('WIREDESK_ERR_REMOTE_CONNECT', `${where}: ${message}`, { cause: e });
  }
  const run = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw mapError(e, what);
    }
  };
  return {
    list: (dir) => run(`list ${dir}`, async () => (await client.list(dir))
      .filter((i) => i.isFile)
      .map((i): RemoteEntry => ({ name: i.name, size: i.size, mtime: i.modifiedAt ? i.modifiedAt.toISOString() : i.rawModifiedAt }))),
    download: (path, sink: Writable) => run(`download ${path}`, async () => {
      await client.downloadTo(sink, path);
    }),
    rename: (from, to) => run(`rename ${from}`, async () => {
      await client.rename(from, to);
    }),
    remove: (path) => run(`delete ${path}`, async () => {
      await client.remove(path);
    }),
    mkdir: (path) => run(`mkdir ${path}`, async () => {
      await client.send(`MKD ${path}`);
    }),
    close: async () => {
      client.close();
    },
  };
}
