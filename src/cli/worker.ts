import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/config.js';
import { startWorker } from '../worker/run-worker.js';
import { workerLogger } from '../worker/logger.js';

export const WORKER_USAGE = `  wiredesk worker --config FILE [--check]
                            run the queue worker: sources, stage workers, /healthz /readyz /metrics,
                            webhooks and the review API (--check only validates the config)`;

/**
 * `wiredesk worker --config FILE`: validates the config (refusing to start, exit 2, with every
 * problem listed by path), starts the worker, and on SIGTERM or SIGINT shuts down gracefully and
 * exits 0. Logs are pino JSON lines on stdout, the level as a word (level from LOG_LEVEL, default info).
 */
export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean', default: false } },
  });
  if (!values.config) {
    process.stderr.write(`wiredesk: WIREDESK_ERR_USAGE worker needs --config FILE\n\nUsage:\n${WORKER_USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = await loadConfig(values.config);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`wiredesk: ${e.code} ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (values.check) {
    process.stdout.write(`${values.config}: valid (${config.feeds.length} feeds, ${config.subscribers.length} subscribers)\n`);
    return 0;
  }
  const logger = workerLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const worker = await startWorker(config, { logger });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'signal received');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await worker.close();
  // Everything is closed; a handle some library forgot must not keep a stopped worker alive.
  setTimeout(() => process.exit(0), 5_000).unref();
  return 0;
}
