import { parseArgs } from 'node:util';
import { addUser, readUsers, removeUser, setPassword, DESK_ROLES, MIN_PASSWORD_LENGTH, type DeskRole } from '../desk/users.js';
import { WiredeskError } from '../errors.js';
import { isParseArgsError, usageFailure } from './redis-options.js';

export const USERS_USAGE = `Usage:
  wiredesk users add <name> --role viewer|editor|admin
  wiredesk users passwd <name> [--role viewer|editor|admin]
  wiredesk users remove <name>
  wiredesk users list [--json]
Options: --file FILE (default $WIREDESK_USERS_FILE): the editors' desk users file (JSON, mode 0600).

The password is read from the terminal without echo, or as the first line of standard input when
that is not a terminal (printf '%s\\n' "$PW" | wiredesk users add ana --role editor). It needs at
least ${MIN_PASSWORD_LENGTH} characters and is stored only as an scrypt hash.`;

/** One line from a terminal without echoing it, or the first line of piped input. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) {
      text += chunk as string;
      const nl = text.indexOf('\n');
      if (nl >= 0) return text.slice(0, nl).replace(/\r$/, '');
      if (text.length > 4096) break;
    }
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    let line = '';
    for await (const chunk of stdin) {
      for (const ch of chunk as string) {
        if (ch === '\r' || ch === '\n') return line;
        if (ch === '\u0003') throw new WiredeskError('WIREDESK_ERR_USAGE', 'cancelled');
        if (ch === '\u007f') line = line.slice(0, -1);
        else line += ch;
      }
    }
    return line;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

export async function usersCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { file: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false } } });
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, USERS_USAGE);
    throw e;
  }
  const { values, positionals } = parsed;
  const [action, name, ...extra] = positionals;
  const file = values.file ?? (process.env.WIREDESK_USERS_FILE || undefined);
  if (!file) return usageFailure('users needs --file FILE (or WIREDESK_USERS_FILE)', USERS_USAGE);
  if (action !== 'add' && action !== 'passwd' && action !== 'remove' && action !== 'list') {
    return usageFailure(action ? `unknown users action "${action}"` : 'users needs an action', USERS_USAGE);
  }
  if (extra.length) return usageFailure(`unexpected argument "${extra[0]}"`, USERS_USAGE);
  if (action !== 'list' && !name) return usageFailure(`users ${action} needs a user name`, USERS_USAGE);
  const role = values.role as DeskRole | undefined;
  if (role !== undefined && !DESK_ROLES.includes(role)) return usageFailure(`--role must be one of ${DESK_ROLES.join(', ')}`, USERS_USAGE);
  if (action === 'add' && !role) return usageFailure('users add needs --role', USERS_USAGE);
  try {
    if (action === 'list') {
      const users = await readUsers(file);
      for (const u of users) process.stdout.write(values.json ? JSON.stringify({ name: u.name, role: u.role, created: u.created, updated: u.updated }) + '\n' : `${u.name.padEnd(24)} ${u.role.padEnd(7)} ${u.updated}\n`);
      return 0;
    }
    if (action === 'remove') {
      await removeUser(file, name!);
      process.stdout.write(`removed ${name}\n`);
      return 0;
    }
    const password = await readPassword(`password for ${name}: `);
    if (action === 'add') {
      const u = await addUser(file, name!, role!, password);
      process.stdout.write(`added ${u.name} (${u.role})\n`);
    } else {
      const u = await setPassword(file, name!, password, role);
      process.stdout.write(`password set for ${u.name} (${u.role})\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof WiredeskError) {
      if (e.code === 'WIREDESK_ERR_USAGE') return usageFailure(e.message, USERS_USAGE);
      process.stderr.write(`wiredesk: ${e.code} ${e.message}\n`);
      return e.code === 'WIREDESK_ERR_CONFIG_INVALID' ? 2 : 1;
    }
    throw e;
  }
}
