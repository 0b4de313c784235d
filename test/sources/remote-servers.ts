import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { Readable } from 'node:stream';
import ftpSrv from 'ftp-srv';
import ssh2 from 'ssh2';
import { hostKeyFingerprint } from '../../src/sources/sftp.js';

// Real FTP(S) and SFTP servers on 127.0.0.1 for the remote-folder tests: ftp-srv over a temp
// folder, and ssh2's Server with an SFTP subsystem written here over a temp folder. Both can refuse
// chosen files (a permission error) and drop the connection in the middle of a chosen file's
// download, once.

const { FtpSrv, FileSystem } = ftpSrv;
const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface ServerHooks {
  /** Names whose read the server refuses (permission denied). */
  deny: Set<string>;
  /** Names whose next download is cut off: the server sends part of the file and destroys the connection. */
  dropOnce: Set<string>;
  /** Downloads the server started (by name). */
  reads: string[];
}

export function hooks(): ServerHooks {
  return { deny: new Set(), dropOnce: new Set(), reads: [] };
}

const quiet = { child() { return quiet; }, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };

/** Whether openssl is on the PATH (the FTPS tests make a self-signed certificate with it). */
export const OPENSSL = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A self-signed certificate for 127.0.0.1 made with openssl: { key, cert, certFile }. */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * ftp-srv on 127.0.0.1 serving `root` to `user`/`password`; `tls` makes it FTPS: `explicit` (AUTH TLS
 * on the plain port) or `implicit` (TLS from the first byte).
 */
export async function startFtpServer(root: string, h: ServerHooks, opts: { user: string; password: string; tls?: { mode: 'explicit' | 'implicit'; key: string; cert: string } }): Promise<RunningServer> {
  const implicit = opts.tls?.mode === 'implicit';
  const pasvMin = 20_000 + Math.floor(Math.random() * 30_000);
  const server = new FtpSrv({
    url: `${implicit ? 'ftps' : 'ftp'}://127.0.0.1:0`,
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMin + 2_000,
    anonymous: false,
    greeting: ['wiredesk test server'],
    ...(opts.tls ? { tls: { key: opts.tls.key, cert: opts.tls.cert } } : {}),
    log: quiet as never,
  });
  class HookedFs extends FileSystem {
    override read(fileName: string, o: { start?: unknown }): Promise<unknown> {
      const name = basename(fileName);
      h.reads.push(name);
      if (h.deny.has(name)) return Promise.reject(Object.assign(new Error(`${name}: permission denied`), { code: 'EACCES' }));
      if (h.dropOnce.has(name)) {
        h.dropOnce.delete(name);
        const conn = this.connection as unknown as { commandSocket: Socket; connector?: { socket?: Socket } };
        const whole = readFileSync(join(root, fileName.startsWith('/') ? fileName : posix.join(this.cwd, fileName)));
        const part = whole.subarray(0, Math.max(1, Math.floor(whole.length / 2)));
        let sent = false;
        const stream = new Readable({
          read() {
            if (sent) return;
            sent = true;
            this.push(part);
            // Part of the file is on its way; then the server drops both connections.
            setTimeout(() => {
              conn.connector?.socket?.destroy();
              conn.commandSocket.destroy();
            }, 50);
          },
        });
        return Promise.resolve(stream);
      }
      return super.read(fileName, o as { start?: never }) as Promise<unknown>;
    }
  }
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    if (username !== opts.user || password !== opts.password) {
      reject(new Error('bad login'));
      return;
    }
    resolve({ fs: new HookedFs(connection, { root, cwd: '/' }) });
  });
  server.on('client-error', () => undefined);
  (server as unknown as NodeJS.EventEmitter).on('server-error', () => undefined);
  await server.listen();
  const port = ((server as unknown as { server: NetServer }).server.address() as AddressInfo).port;
  return {
    port,
    async close() {
      await server.close().catch(() => undefined);
    },
  };
}

interface Handle {
  kind: 'file' | 'dir';
  path: string;
  fh?: FileHandle;
  listed?: boolean;
}

export interface SftpKeys {
  /** The server's host key (PEM) and its fingerprint as the feed config names it. */
  hostKey: string;
  hostKeySha256: string;
  /** The client's key pair (PEM): the private key goes in the feed's privateKeyEnv. */
  clientPrivateKey: string;
}

/** Keys made in the test with node:crypto (RSA, PKCS#1 PEM, which ssh2 reads). */
export function sftpKeys(): SftpKeys {
  const rsa = (): string => generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const hostKey = rsa();
  const parsed = utils.parseKey(hostKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  return { hostKey, hostKeySha256: hostKeyFingerprint(key.getPublicSSH()), clientPrivateKey: rsa() };
}

/**
 * ssh2's Server on 127.0.0.1 with an SFTP subsystem over `root`: logins by `user` with `password`
 * or with the public half of `keys.clientPrivateKey`.
 */
export async function startSftpServer(root: string, h: ServerHooks, opts: { user: string; password?: string; keys: SftpKeys }): Promise<RunningServer & { connections: number }> {
  const clientKey = utils.parseKey(opts.keys.clientPrivateKey);
  if (clientKey instanceof Error) throw clientKey;
  const allowed = Array.isArray(clientKey) ? clientKey[0]! : clientKey;
  const allowedPub = allowed.getPublicSSH();
  const state = { connections: 0 };
  const local = (p: string): string => join(root, posix.normalize(`/${p}`));
  const server = new Server({ hostKeys: [opts.keys.hostKey] }, (client) => {
    state.connections++;
    const sock = (client as unknown as { _sock: Socket })._sock;
    const dropping = new Set<string>();
    const openFiles = new Set<FileHandle>();
    client.on('error', () => undefined);
    client.on('close', () => {
      for (const fh of openFiles) void fh.close().catch(() => undefined);
    });
    client.on('authentication', (ctx) => {
      if (ctx.username !== opts.user) return ctx.reject();
      if (ctx.method === 'password' && opts.password !== undefined && ctx.password === opts.password) return ctx.accept();
      if (ctx.method === 'publickey' && ctx.key.algo === allowed.type && ctx.key.data.equals(allowedPub)) {
        if (!ctx.signature) return ctx.accept(); // the client asks whether the key would do
        if (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      return ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<string, Handle>();
          let next = 0;
          const newHandle = (hd: Handle): Buffer => {
            const id = Buffer.from(String(next++));
            handles.set(id.toString(), hd);
            return id;
          };
          const fail = (reqid: number, e: unknown): void => {
            const code = (e as NodeJS.ErrnoException).code;
            sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE, (e as Error).message);
          };
          const attrsOf = async (p: string): Promise<ssh2.Attributes> => {
            const st = await stat(p);
            return { mode: st.mode, uid: 0, gid: 0, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) };
          };
          sftp.on('REALPATH', (reqid, p) => {
            const abs = posix.normalize(p.startsWith('/') ? p : `/${p}`);
            sftp.name(reqid, [{ filename: abs, longname: abs, attrs: {} as ssh2.Attributes }]);
          });
          sftp.on('OPENDIR', (reqid, p) => {
            stat(local(p)).then((st) => {
              if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOENT' });
              sftp.handle(reqid, newHandle({ kind: 'dir', path: local(p) }));
            }).catch((e: unknown) => fail(reqid, e));
          });
          sftp.on('READDIR', (reqid, handle) => {
            const hd = handles.get(handle.toString());
            if (!hd || hd.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE);
            if (hd.listed) return sftp.status(reqid, STATUS_CODE.EOF);
            hd.listed = true;
            (async () => {
              const out = [];
              for (const name of await readdir(hd.path)) {
                // A file another client removes between the readdir and its stat is left out, as
                // OpenSSH's sftp-server skips an entry whose lstat fails.
                let st;
                let attrs;
                try {
                  st = await stat(join(hd.path, name));
                  attrs = await attrsOf(join(hd.path, name));
                } catch (e) {
                  if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
                  throw e;
                }
                const type = st.isDirectory() ? 'd' : '-';
                out.push({ filename: name, longname: `${type}rw-r--r-- 1 0 0 ${st.size} Jan 1 00:00 ${name}`, attrs });
              }
              sftp.name(reqid, out);
            })().catch((e: unknown) => fail(reqid, e));
          });
          sftp.on('OPEN', (reqid, p) => {
            const name = posix.basename(p);
            if (h.deny.has(name)) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'permission denied');
            h.reads.push(name);
            open(local(p), 'r').then((fh) => {
              openFiles.add(fh);
              sftp.handle(reqid, newHandle({ kind: 'file', path: local(p), fh }));
            }).catch((e: unknown) => fail(reqid, e));
          });
          sftp.on('READ', (reqid, handle, offset, length) => {
            const hd = handles.get(handle.toString());
            if (!hd?.fh) return sftp.status(reqid, STATUS_CODE.FAILURE);
            const name = basename(hd.path);
            (async () => {
              const buf = Buffer.alloc(Math.min(length, 32 * 1024));
              if (dropping.has(name)) {
                // Half of the file went out: now the server destroys the connection.
                dropping.delete(name);
                sock.destroy();
                return;
              }
              const { bytesRead } = await hd.fh!.read(buf, 0, buf.length, offset);
              if (bytesRead === 0) return sftp.status(reqid, STATUS_CODE.EOF);
              if (h.dropOnce.has(name)) {
                h.dropOnce.delete(name);
                dropping.add(name);
                sftp.data(reqid, buf.subarray(0, Math.max(1, Math.floor(bytesRead / 2))));
                return;
              }
              sftp.data(reqid, buf.subarray(0, bytesRead));
            })().catch((e: unknown) => fail(reqid, e));
          });
          const statHandler = (reqid: number, p: string): void => {
            attrsOf(local(p)).then((a) => sftp.attrs(reqid, a)).catch((e: unknown) => fail(reqid, e));
          };
          sftp.on('STAT', statHandler);
          sftp.on('LSTAT', statHandler);
          sftp.on('FSTAT', (reqid, handle) => {
            const hd = handles.get(handle.toString());
            if (!hd) return sftp.status(reqid, STATUS_CODE.FAILURE);
            statHandler(reqid, hd.path.slice(root.length));
          });
          sftp.on('CLOSE', (reqid, handle) => {
            const hd = handles.get(handle.toString());
            handles.delete(handle.toString());
            if (hd?.fh) openFiles.delete(hd.fh);
            Promise.resolve(hd?.fh?.close()).then(() => sftp.status(reqid, STATUS_CODE.OK), () => sftp.status(reqid, STATUS_CODE.OK));
          });
          sftp.on('RENAME', (reqid, from, to) => {
            (async () => {
              // SFTP v3: no rename over an existing file.
              if (await stat(local(to)).then(() => true, () => false)) return sftp.status(reqid, STATUS_CODE.FAILURE, 'target exists');
              await rename(local(from), local(to));
              sftp.status(reqid, STATUS_CODE.OK);
            })().catch((e: unknown) => fail(reqid, e));
          });
          sftp.on('REMOVE', (reqid, p) => {
            unlink(local(p)).then(() => sftp.status(reqid, STATUS_CODE.OK)).catch((e: unknown) => fail(reqid, e));
          });
          sftp.on('MKDIR', (reqid, p) => {
            mkdir(local(p)).then(() => sftp.status(reqid, STATUS_CODE.OK)).catch((e: unknown) => fail(reqid, e));
          });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get connections() { return state.connections; },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A temp folder with a `drop` subfolder the servers serve; removed by cleanup(). */
export function tempRoot(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-remote-'));
  writeFileSync(join(dir, '.keep'), '');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
