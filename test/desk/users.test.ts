import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, authenticate, hashPassword, readUsers, removeUser, setPassword, verifyPassword } from '../../src/desk/users.js';
import { runCli } from '../helpers/run-cli.js';

/** The CLI with `input` on stdin. */
function cli(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(args, { input, env: { WIREDESK_USERS_FILE: '' } });
}

test('scrypt hashes: a password verifies, another does not, and hostile cost parameters are refused without running', async () => {
  const hash = await hashPassword('correct horse battery');
  assert.match(hash, /^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(hash, await hashPassword('correct horse battery'), 'salted');
  assert.equal(await verifyPassword('correct horse battery', hash), true);
  assert.equal(await verifyPassword('correct horse batterY', hash), false);
  const parts = hash.split('$');
  assert.equal(await verifyPassword('correct horse battery', ['scrypt', '30', ...parts.slice(2)].join('$')), false, 'N = 2^30 would take minutes: refused');
  assert.equal(await verifyPassword('correct horse battery', 'plain-text-password'), false);
  await assert.rejects(hashPassword('short'), /at least 12 characters/);
});

test('users file: add, passwd, remove; written with mode 0600; the password itself is never stored; an unknown name is refused like a wrong password', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-users-'));
  const file = join(dir, 'users.json');
  try {
    await addUser(file, 'ana', 'editor', 'ana-password-1');
    await addUser(file, 'ben', 'viewer', 'ben-password-1');
    await assert.rejects(addUser(file, 'ana', 'admin', 'another-password'), /exists already/);
    await assert.rejects(addUser(file, 'Bad Name', 'admin', 'another-password'), /user name/);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.doesNotMatch(text, /ana-password-1|ben-password-1/);
    const users = await readUsers(file);
    assert.equal((await authenticate(users, 'ana', 'ana-password-1'))?.role, 'editor');
    assert.equal(await authenticate(users, 'ana', 'ben-password-1'), null);
    assert.equal(await authenticate(users, 'nobody', 'ana-password-1'), null);
    await setPassword(file, 'ana', 'new-ana-password', 'admin');
    const after = await readUsers(file);
    assert.equal((await authenticate(after, 'ana', 'new-ana-password'))?.role, 'admin');
    assert.equal(await authenticate(after, 'ana', 'ana-password-1'), null);
    await removeUser(file, 'ben');
    assert.deepEqual((await readUsers(file)).map((u) => u.name), ['ana']);
    await writeFile(file, '{"version":1,"users":[{"name":"x","role":"root","hash":"scrypt$"}]}');
    await assert.rejects(readUsers(file), (e: unknown) => (e as { code?: string }).code === 'WIREDESK_ERR_CONFIG_INVALID' && /role must be one of/.test((e as Error).message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('wiredesk users: the password comes from standard input, never the command line; usage errors exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-users-cli-'));
  const file = join(dir, 'users.json');
  try {
    const added = await cli(['users', 'add', 'cara', '--role', 'editor', '--file', file], 'cara-password-1\n');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added cara \(editor\)/);
    const listed = await cli(['users', 'list', '--json', '--file', file], '');
    assert.deepEqual(listed.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { name: string; role: string }).role), ['editor']);
    assert.doesNotMatch(listed.stdout, /scrypt/, 'list never shows hashes');
    const again = await cli(['users', 'add', 'cara', '--role', 'viewer', '--file', file], 'whatever-password\n');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /WIREDESK_ERR_USAGE .*user "cara" exists already/);
    const short = await cli(['users', 'passwd', 'cara', '--file', file], 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 12 characters/);
    assert.equal((await cli(['users', 'add', 'dan', '--file', file], 'dan-password-12\n')).code, 2, '--role is required');
    const removed = await cli(['users', 'remove', 'cara', '--file', file], '');
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await readUsers(file), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
