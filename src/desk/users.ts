import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { WiredeskError } from '../errors.js';

/**
 * The editors' desk's people: a users file (JSON, written atomically with mode 0600) holding, per
 * person, a name, a role and an scrypt hash of the password (RFC 7914; Node's crypto.scrypt).
 * The file is edited with `wiredesk users add|passwd|remove|list`; the desk reads it to log people
 * in. Passwords never appear in the file, in logs or on a command line.
 */

export type DeskRole = 'viewer' | 'editor' | 'admin';
export const DESK_ROLES: readonly DeskRole[] = ['viewer', 'editor', 'admin'];

export interface DeskUser {
  name: string;
  role: DeskRole;
  /** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>` */
  hash: string;
  created: string;
  updated: string;
}

interface UsersFile {
  version: 1;
  users: DeskUser[];
}

/** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MB and tens of milliseconds per check). */
const COST = { logN: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_BYTES = 1024;
const MAX_USERS_FILE_BYTES = 4 * 1024 * 1024;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function scrypt(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  const opts: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_BYTES, opts, (e, key) => (e ? reject(e) : resolve(key))));
}

/** Hashes a password for the users file. */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, COST.logN, COST.r, COST.p);
  return `scrypt$${COST.logN}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches `stored`; constant time in the compared bytes. Never throws on a bad hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Costs outside sane bounds are refused rather than run (a hostile file must not make a login take minutes).
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 4) return false;
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const want = Buffer.from(parts[5]!, 'base64');
  if (want.length !== KEY_BYTES) return false;
  const got = await scrypt(password, salt, logN, r, p);
  return timingSafeEqual(got, want);
}

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new WiredeskError('WIREDESK_ERR_USAGE', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw new WiredeskError('WIREDESK_ERR_USAGE', `a password may have at most ${MAX_PASSWORD_BYTES} bytes`);
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new WiredeskError('WIREDESK_ERR_USAGE', `user name "${name}" must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit`);
}

function invalid(file: string, why: string): WiredeskError {
  return new WiredeskError('WIREDESK_ERR_CONFIG_INVALID', `${file}: ${why}`, { input: file });
}

/** Reads a users file; a missing file is an empty list. */
export async function readUsers(file: string): Promise<DeskUser[]> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw invalid(file, 'not a regular file');
    if (info.size > MAX_USERS_FILE_BYTES) throw invalid(file, `larger than ${MAX_USERS_FILE_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if (e instanceof WiredeskError) throw e;
    throw invalid(file, `cannot be read: ${(e as Error).message}`);
  }
  let doc: UsersFile;
  try {
    doc = JSON.parse(text) as UsersFile;
  } catch (e) {
    throw invalid(file, `not JSON: ${(e as Error).message}`);
  }
  if (doc?.version !== 1 || !Array.isArray(doc.users)) throw invalid(file, 'not a wiredesk users file (version 1 with a users list)');
  const seen = new Set<string>();
  for (const [i, u] of doc.users.entries()) {
    if (typeof u?.name !== 'string' || !NAME.test(u.name)) throw invalid(file, `users[${i}]: a bad name`);
    if (!DESK_ROLES.includes(u.role)) throw invalid(file, `users[${i}] (${u.name}): role must be one of ${DESK_ROLES.join(', ')}`);
    if (typeof u.hash !== 'string' || !u.hash.startsWith('scrypt$')) throw invalid(file, `users[${i}] (${u.name}): hash must be an scrypt hash`);
    if (seen.has(u.name)) throw invalid(file, `users[${i}]: "${u.name}" is listed twice`);
    seen.add(u.name);
  }
  return doc.users;
}

/** Writes the list to a temporary file (mode 0600) and renames it over the old one. */
async function writeUsers(file: string, users: DeskUser[]): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify({ version: 1, users } satisfies UsersFile, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

export async function addUser(file: string, name: string, role: DeskRole, password: string, now = new Date()): Promise<DeskUser> {
  checkName(name);
  if (!DESK_ROLES.includes(role)) throw new WiredeskError('WIREDESK_ERR_USAGE', `role must be one of ${DESK_ROLES.join(', ')}`);
  const users = await readUsers(file);
  if (users.some((u) => u.name === name)) throw new WiredeskError('WIREDESK_ERR_USAGE', `user "${name}" exists already (use passwd or remove)`);
  const user: DeskUser = { name, role, hash: await hashPassword(password), created: now.toISOString(), updated: now.toISOString() };
  await writeUsers(file, [...users, user]);
  return user;
}

export async function setPassword(file: string, name: string, password: string, role?: DeskRole, now = new Date()): Promise<DeskUser> {
  const users = await readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) throw new WiredeskError('WIREDESK_ERR_USAGE', `no user "${name}" in ${file}`);
  user.hash = await hashPassword(password);
  if (role) user.role = role;
  user.updated = now.toISOString();
  await writeUsers(file, users);
  return user;
}

export async function removeUser(file: string, name: string): Promise<void> {
  const users = await readUsers(file);
  const left = users.filter((u) => u.name !== name);
  if (left.length === users.length) throw new WiredeskError('WIREDESK_ERR_USAGE', `no user "${name}" in ${file}`);
  await writeUsers(file, left);
}

/** The person a name and password log in as, or null (the same time is spent for an unknown name). */
export async function authenticate(users: DeskUser[], name: string, password: string): Promise<DeskUser | null> {
  const user = users.find((u) => u.name === name);
  // An unknown name still costs one scrypt, so response times do not tell which names exist.
  const ok = await verifyPassword(password, user?.hash ?? DUMMY_HASH);
  return user && ok ? user : null;
}

const DUMMY_HASH = `scrypt$${COST.logN}$${COST.r}$${COST.p}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;
