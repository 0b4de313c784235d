import { parseArgs } from 'node:util';
import { checkConfigFile, ConfigError, type ConfigProblem } from '../config/config.js';
import { startWorker } from '../worker/run-worker.js';
import { workerLogger } from '../worker/logger.js';
import { redactedRedisUrl } from './redis-options.js';

export const WORKER_USAGE = `  wiredesk worker --config FILE [--check]
                            run the queue worker: sources, stage workers, /healthz /readyz /metrics,
                            webhooks and the review API. --config defaults to $WIREDESK_CONFIG.
                            --check validates the file without starting (or needing Redis): every
                            problem is listed with its path; secrets whose environment variables are
                            unset are named but do not fail the check; warnings are printed.`;

function printWarnings(file: string, warnings: ConfigProblem[]): void {
  for (const w of warnings) process.stderr.write(`wiredesk: warning: ${file}${w.path}: ${w.message}\n`);
}

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
  values.config ??= process.env.WIREDESK_CONFIG || undefined;
  if (!values.config) {
    process.stderr.write(`wiredesk: WIREDESK_ERR_USAGE worker needs --config FILE\n\nUsage:\n${WORKER_USAGE}\n`);
    return 2;
  }
  let report;
  try {
    // --check does not need the secrets; the worker itself refuses to start without them.
    report = await checkConfigFile(values.config, process.env, { secretsOptional: values.check });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`wiredesk: ${e.code} ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  printWarnings(values.config, report.warnings);
  if (values.check) {
    const c = report.config;
    process.stdout.write(`${values.config}: valid (${c.feeds.length} feeds, ${c.subscribers.length} subscribers; redis ${redactedRedisUrl(c.redisUrl)}, prefix ${c.prefix})\n`);
    if (report.unset.length) {
      const names = [...new Set(report.unset.map((u) => u.name))];
      process.stdout.write(`not set in this environment (the worker needs them to start): ${names.join(', ')}\n`);
      for (const u of report.unset) process.stdout.write(`  ${u.path}: ${u.name}\n`);
    }
    return 0;
  }
  const { config } = report;
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
