// The stage workers alone (ingest, embargo, review), without sources or the HTTP server: for
// scaling the parsing and routing out separately from polling. Usage:
//   node .build/workers/stages.js <config.yaml>
// Everything it runs lives in src/ (src/queue/stages.ts); this file only wires config to it.
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.js';
import { pipelineSettings } from '../src/worker/run-worker.js';
import { startStageWorkers } from '../src/queue/stages.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node workers/stages.js <config.yaml>\n');
  process.exit(2);
}
const config = await loadConfig(file);
const logger = pino({ name: 'wiredesk-stages' });
const stages = await startStageWorkers(config.redisUrl, pipelineSettings(config), undefined, logger);
logger.info({ prefix: config.prefix }, 'stage workers started');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'closing: finishing in-flight jobs');
    stages.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'close failed');
      process.exit(1);
    });
  });
}
