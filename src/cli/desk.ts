import { parseArgs } from 'node:util';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { loadConfig, ConfigError } from '../config/config.js';
import { workerLogger } from '../worker/logger.js';
import { registerDesk } from '../desk/desk-routes.js';
import { isParseArgsError, usageFailure } from './redis-options.js';

export const DESK_USAGE = `Usage:
  wiredesk desk --config FILE [--listen HOST:PORT]
The editors' desk alone (no sources, no stage workers): its pages under desk.path, and /healthz,
for the deployment the config names. --config defaults to $WIREDESK_CONFIG; --listen to the
config's http.listen. The config needs a desk section (desk.usersFile).`;

/** `wiredesk desk`: a desk-only process, e.g. on a host of its own in front of the workers' Redis. */
export async function deskCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' }, listen: { type: 'string' } } }));
  } catch (e) {
    if (isParseArgsError(e)) return usageFailure(e.message, DESK_USAGE);
    throw e;
  }
  const file = values.config ?? (process.env.WIREDESK_CONFIG || undefined);
  if (!file) return usageFailure('desk needs --config FILE (or WIREDESK_CONFIG)', DESK_USAGE);
  let listen: { host: string; port: number } | undefined;
  if (values.listen) {
    const m = /^(.*):(\d{1,5})$/.exec(values.listen);
    if (!m || Number(m[2]) > 65535) return usageFailure(`--listen must be HOST:PORT, not "${values.listen}"`, DESK_USAGE);
    listen = { host: m[1] || '0.0.0.0', port: Number(m[2]) };
  }
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
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await app.close();
  setTimeout(() => process.exit(0), 5_000).unref();
  return 0;
}
