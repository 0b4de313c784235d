import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

// Debian's dovecot (dovecot-imapd) started by a test on a free 127.0.0.1 port with a throwaway
// config in a temp dir: passdb/userdb from a passwd-file there, maildir there, base_dir, state_dir
// and the log there, `-F` in the foreground as the current user (as root, the login and mail
// processes run as nobody, since dovecot will not run them as root).

export const DOVECOT = '/usr/sbin/dovecot';
export const NO_DOVECOT: string | false = existsSync(DOVECOT) ? false : `${DOVECOT} is absent: install Debian's dovecot-imapd (.ci/run does) to run the IMAP source's tests`;

export interface Dovecot {
  port: number;
  /** The implicit-TLS port (with `tls`), and the PEM of its self-signed certificate. */
  tlsPort?: number;
  certFile?: string;
  root: string;
  user: string;
  password: string;
  /** Puts a message into a mailbox folder (IMAP APPEND over loopback), and returns its UID. */
  deliver(bytes: Buffer, mailbox?: string): Promise<number>;
  /** A logged-in client for the test's own looks at the mailbox (closed by the caller). */
  client(): Promise<ImapFlow>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      c.destroy();
      resolve(ok);
    };
    c.setTimeout(1000, () => done(false));
    c.on('error', () => done(false));
    c.on('data', (d) => done(d.toString('latin1').startsWith('* OK')));
  });
}

export async function startDovecot(opts: { tls?: { key: string; cert: string; certFile: string } } = {}): Promise<Dovecot> {
  const root = mkdtempSync(join(tmpdir(), 'wiredesk-dovecot-'));
  const user = 'wire';
  const password = 'imap-pw-for-the-tests-only';
  const me = userInfo();
  const asRoot = me.uid === 0;
  const runUser = asRoot ? 'nobody' : me.username;
  const runGroup = asRoot ? execFileSync('id', ['-gn', 'nobody']).toString().trim() : execFileSync('id', ['-gn']).toString().trim();
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'nobody']).toString().trim()) : me.uid;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'nobody']).toString().trim()) : me.gid;
  const mail = join(root, 'mail');
  mkdirSync(mail);
  if (asRoot) {
    chmodSync(root, 0o755);
    chownSync(mail, uid, gid);
  }
  writeFileSync(join(root, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : 0;
  let ssl = 'ssl = no';
  if (opts.tls) {
    writeFileSync(join(root, 'key.pem'), opts.tls.key, { mode: 0o600 });
    writeFileSync(join(root, 'cert.pem'), opts.tls.cert);
    ssl = `ssl = yes\nssl_cert = <${join(root, 'cert.pem')}\nssl_key = <${join(root, 'key.pem')}\nssl_min_protocol = TLSv1.2`;
  }
  const config = `protocols = imap
listen = 127.0.0.1
base_dir = ${root}/run
state_dir = ${root}/state
log_path = ${root}/dovecot.log
info_log_path = ${root}/dovecot.log
${ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${runUser}
default_internal_group = ${runGroup}
default_login_user = ${runUser}
mail_location = maildir:${mail}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${root}/passwd
}
userdb {
  driver = passwd-file
  args = ${root}/passwd
  default_fields = uid=${uid} gid=${gid} home=${mail}/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
  }
}
service anvil {
  chroot =
}
`;
  writeFileSync(join(root, 'dovecot.conf'), config);
  const child: ChildProcess = spawn(DOVECOT, ['-c', join(root, 'dovecot.conf'), '-F'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await greets(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(root, 'dovecot.log')) ? readFileSync(join(root, 'dovecot.log'), 'utf8') : '';
      child.kill('SIGTERM');
      rmSync(root, { recursive: true, force: true });
      throw new Error(`dovecot did not start: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = async (): Promise<ImapFlow> => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  return {
    port,
    ...(opts.tls ? { tlsPort, certFile: opts.tls.certFile } : {}),
    root,
    user,
    password,
    client,
    async deliver(bytes, mailbox = 'INBOX') {
      const c = await client();
      try {
        if (mailbox !== 'INBOX') await c.mailboxCreate(mailbox).catch(() => undefined);
        const r = await c.append(mailbox, bytes);
        if (!r || r.uid === undefined) throw new Error('APPEND gave no UID');
        return r.uid;
      } finally {
        await c.logout().catch(() => undefined);
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
