import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * The worker's logger: pino JSON lines with the level as a word (`"level":"info"`), which log
 * pipelines read without pino's number table. Every logger of the worker process (the CLI's,
 * startWorker's default, the sources thread's) is made here.
 */
export const LEVEL_AS_WORD: NonNullable<LoggerOptions['formatters']> = {
  level: (label: string) => ({ level: label }),
};

export function workerLogger(opts: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const options: LoggerOptions = { name: 'wiredesk-worker', ...opts, formatters: { ...opts.formatters, ...LEVEL_AS_WORD } };
  return destination ? pino(options, destination) : pino(options);
}
