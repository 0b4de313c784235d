import { parseArgs } from 'node:util';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { loadConfig, ConfigError } from '../config/config.js';
import { workerLogger } from '../worker/logger.js';
import { registerDesk } from '../desk/desk-routes.js';
import { isParseArgsError, usageFailure } from './redis-options.js';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsers, type DeskUser } from '../desk/users.js';
import { startWorker } from '../worker/run-worker.js';
import { packagePath } from '../package-info.js';
import { startPrivateRedis } from './private-redis.js';
import type { ReviewRule } from '../review/review-rules.js';

export const DESK_USAGE = `Usage:
  wiredesk desk --config FILE [--listen HOST:PORT]
  wiredesk desk --demo [--users FILE] [--listen HOST:PORT]
The editors' desk alone (no sources, no stage workers): its pages under desk.path, and /healthz,
for the deployment the config names. --config defaults to $WIREDESK_CONFIG; --listen to the
config's http.listen. The config needs a desk section (desk.usersFile).
--demo: a whole worker with the desk on the bundled fixtures: every file under fixtures/ goes
through a drop folder routed to review (the broken ones to the dead letters), on the Redis at
$WIREDESK_REDIS_URL or $REDIS_URL, else on a redis-server of its own that goes when it stops.
People sign in with the accounts in --users (default desk-users.json; make one with
wiredesk users add NAME --role admin --file desk-users.json). --listen defaults to 127.0.0.1:8080.`;

/** `wiredesk desk`: a desk-only process, e.g. on a host of its own in front of the workers' Redis. */
export async function deskCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' }, listen: { type: 'string' }, demo: { type: 'boolean' }, users: { type: 'string' } } }));
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, DESK_USAGE);
    throw e;
  }
  let listen: { host: string; port: number } | undefined;
  if (values.listen) {
    const m = /^(.*):(\d{1,5})$/.exec(values.listen);
    if (!m || Number(m[2]) > 65535) return usageFailure(`--listen must be HOST:PORT, not "${values.listen}"`, DESK_USAGE);
    listen = { host: m[1] || '0.0.0.0', port: Number(m[2]) };
  }
  if (values.demo) {
    if (values.config) return usageFailure('--demo runs on the bundled fixtures and takes no --config', DESK_USAGE);
    return demo(values.users ?? 'desk-users.json', listen ?? { host: '127.0.0.1', port: 8080 });
  }
  if (values.users) return usageFailure('--users goes with --demo; a deployment names its users file in the config (desk.usersFile)', DESK_USAGE);
  const file = values.config ?? (process.env.WIREDESK_CONFIG || undefined);
  if (!file) return usageFailure('desk needs --config FILE (or WIREDESK_CONFIG), or --demo', DESK_USAGE);
  let config;
  try {
    config = await loadConfig(file);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`wiredesk: ${e.code} ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!config.desk) return usageFailure(`${file} has no desk section (desk.usersFile)`, DESK_USAGE);
  const logger = workerLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const app = Fastify({ loggerInstance: logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger });
  app.get('/healthz', async () => ({ status: 'ok' }));
  await registerDesk(app, { redisUrl: config.redisUrl, prefix: config.prefix, logger: logger.child({ component: 'desk' }), ...config.desk });
  const at = listen ?? config.listen;
  const url = await app.listen({ host: at.host, port: at.port });
  logger.info({ url: `${url}${config.desk.path}` }, 'desk started');
  await untilSignal();
  await app.close();
  setTimeout(() => process.exit(0), 5_000).unref();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** Every bundled fixture file (not the expected outputs), as [path, a name unique across formats]. */
async function bundledFixtures(): Promise<Array<[string, string]>> {
  const root = packagePath('fixtures');
  const out: Array<[string, string]> = [];
  for (const format of (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const entry of (await readdir(join(root, format), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && !entry.name.endsWith('.expected.json')) out.push([join(root, format, entry.name), `${format}--${entry.name}`]);
    }
  }
  return out;
}

/** The review rules the demo shows its stories with (every built-in condition, by its plain name). */
export const DEMO_RULES: ReviewRule[] = [
  { id: 'missing-photo-credit', name: 'Missing photo credit', when: 'missing-photo-credit' },
  { id: 'low-confidence-credit', name: 'Byline or credit read by a guessing rule', when: 'low-confidence-credit' },
  { id: 'parser-warnings', name: 'Parser warnings', when: 'parser-warnings' },
  { id: 'correction-or-kill', name: 'Correction or kill', when: 'correction-or-kill' },
  { id: 'embargoed', name: 'Embargoed', when: 'embargoed' },
  { id: 'near-duplicate', name: 'Near-duplicate of another story', when: 'near-duplicate' },
  { id: 'source-inferred', name: 'Source inferred, not stated', when: 'source-inferred' },
];

/** `wiredesk desk --demo`: a worker with the desk, fed the bundled fixtures through a drop folder routed to review. */
async function demo(usersFile: string, listen: { host: string; port: number }): Promise<number> {
  let people: DeskUser[];
  try {
    people = await readUsers(usersFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    people = [];
  }
  if (!people.length) return usageFailure(`${usersFile} has nobody to sign in: add a person first, e.g. wiredesk users add ana --role admin --file ${usersFile}`, DESK_USAGE);
  const logger = workerLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const given = process.env.WIREDESK_REDIS_URL || process.env.REDIS_URL;
  const own = given ? null : await startPrivateRedis();
  const drop = await mkdtemp(join(tmpdir(), 'wiredesk-demo-'));
  try {
    const worker = await startWorker({
      redisUrl: given ?? own!.url, prefix: 'wiredesk-demo', listen, bodyLimitBytes: 5_000_000, concurrency: 2, retentionSeconds: 7 * 24 * 3600, tokens: new Map(),
      feeds: [{ id: 'bundled-fixtures', kind: 'folder', routing: 'review', folder: drop, pollIntervalSeconds: 1, maxBytes: 20_000_000 }],
      subscribers: [{ name: 'demo' }],
      review: { rules: DEMO_RULES },
      desk: { usersFile, path: '/desk', sessionIdleSeconds: 8 * 3600, secureCookies: 'auto', reviewRules: DEMO_RULES.map((r) => ({ id: r.id, name: r.name })) },
    }, { logger });
    const files = await bundledFixtures();
    for (const [from, name] of files) await copyFile(from, join(drop, name));
    process.stdout.write(`desk: ${worker.url}/desk (sign in as ${people.map((p) => p.name).join(', ')}); ${files.length} bundled fixtures going in; Redis ${own ? `${own.url} (its own, stops with the demo)` : 'from the environment, prefix wiredesk-demo'}; Ctrl-C stops\n`);
    await untilSignal();
    await worker.close();
  } finally {
    await rm(drop, { recursive: true, force: true });
    own?.stop();
  }
  setTimeout(() => process.exit(0), 5_000).unref();
  return 0;
}
