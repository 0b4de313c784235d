#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { WiredeskError, toWiredeskError } from './errors.js';
import { ingestItem, DEFAULT_MAX_BYTES, type IngestFailure } from './pipeline/ingest.js';
import { ParsePool } from './pipeline/parse-pool.js';
import { registry } from './formats/registry.js';
import { expandInputs, readFileCapped } from './sources/local-inputs.js';
import { fetchUrl } from './sources/http-fetch.js';
import { toNinjs } from './export/ninjs.js';
import { toNinjs3 } from './export/ninjs3.js';
import { NEWS_MESSAGE_CLOSING, newsMessageOpening, toNewsmlG2 } from './export/newsml-g2.js';
import { PACKAGE_VERSION } from './package-info.js';
import type { Article } from './model/article.generated.js';

const USAGE = `wiredesk ${PACKAGE_VERSION}: wire-story ingestion

Usage:
  wiredesk ingest <file|dir|url>... [--format canonical|ninjs|ninjs3|newsml-g2] [--out DIR|-] [--max-bytes N] [--timeout S] [--allow-special-files] [--strict] [--quiet]
  wiredesk formats          list the registered input formats
  wiredesk review list|show|approve|hold|kill   stories waiting for editors (Redis)
  wiredesk dlq list|show|replay|purge           dead-lettered inputs (Redis)
  wiredesk feeds list|status|pause|resume|reset-cursor|poll-now   feed health and control (Redis)
  wiredesk worker --config FILE [--check]   run the queue worker (see docs/worker.md)
  (review, dlq and worker read the deployment from --config FILE or $WIREDESK_CONFIG)
  wiredesk users add|passwd|remove|list         people of the editors' desk (scrypt-hashed users file)
  wiredesk desk --config FILE [--listen HOST:PORT]   the editors' desk alone (the worker serves it too)
  wiredesk --version | --help

ingest runs the whole pipeline in process (no Redis): detect, parse, normalize, extract,
identify. Directories are walked recursively. --out - (the default) writes one article per line
(NDJSON) to stdout; --out DIR writes one JSON file per article and, under DIR/failed/, each
failed input's raw bytes with its error. --format ninjs and ninjs3 write IPTC ninjs 2.x / 3.x;
--format newsml-g2 writes one NewsML-G2 newsItem .xml file per article under --out DIR, or one
newsMessage holding every item to stdout. Devices, FIFOs and sockets are refused unless
--allow-special-files (then read up to --max-bytes). --timeout S parses each input in a worker
thread and abandons it after S seconds (WIREDESK_ERR_PARSE_TIMEOUT). Progress and the summary go to stderr.
Exit status: 0 all inputs read, 1 some input failed (each reported with its WIREDESK_ERR_* code),
2 usage error.`;

class UsageError extends Error {}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 180);
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}

/**
 * The file of one article under --out DIR: a readable part plus a hash of the exact id and
 * version, so two stories whose ids read alike once made file-safe (or cut to length) never
 * share a file; the same story and version always lands on the same name.
 */
function articleFileName(id: string, version: string): string {
  return `${safeName(id).slice(0, 120)}@${safeName(version).slice(0, 40)}-${shortHash(`${id}\n${version}`)}.json`;
}

async function write(out: NodeJS.WritableStream, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

interface Summary {
  files: number;
  articles: number;
  byFormat: Map<string, number>;
  failures: Array<{ input: string; error: WiredeskError }>;
}

async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'canonical' },
      out: { type: 'string', default: '-' },
      'max-bytes': { type: 'string' },
      'allow-special-files': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      strict: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('ingest needs at least one file, directory or URL');
  if (!['canonical', 'ninjs', 'ninjs3', 'newsml-g2'].includes(values.format!)) throw new UsageError(`--format must be canonical, ninjs, ninjs3 or newsml-g2, not "${values.format}"`);
  const g2 = values.format === 'newsml-g2';
  const maxBytes = values['max-bytes'] ? Number(values['max-bytes']) : DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new UsageError('--max-bytes must be a positive whole number');
  const timeoutSeconds = values.timeout !== undefined ? Number(values.timeout) : null;
  if (timeoutSeconds !== null && !(timeoutSeconds > 0 && timeoutSeconds <= 3600)) throw new UsageError('--timeout must be a number of seconds above 0 (at most 3600)');
  const toStdout = values.out === '-';
  const outDir = toStdout ? null : values.out!;
  if (outDir) {
    // A file where the folder should be, or a folder that cannot be made, is the command's mistake, said before any input is read.
    const existing = await stat(outDir).catch(() => null);
    if (existing && !existing.isDirectory()) throw new UsageError(`--out ${outDir} is a file, not a folder`);
    try {
      await mkdir(join(outDir, 'failed'), { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${outDir}: the folder cannot be made (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }

  const inputs: Array<{ input: string; error?: WiredeskError }> = [];
  const skipped: Array<{ input: string; why: string }> = [];
  for await (const i of expandInputs(positionals)) {
    if (i.skipped) skipped.push({ input: i.input, why: i.skipped });
    else inputs.push(i);
  }
  // Nothing is passed over without a word: what a folder walk skipped is said, by reason, with the
  // paths (the first five of a reason when there are more).
  if (!values.quiet) {
    const byWhy = new Map<string, string[]>();
    for (const s of skipped) byWhy.set(s.why, [...(byWhy.get(s.why) ?? []), s.input]);
    for (const [why, paths] of byWhy) {
      const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, … (${paths.length - 5} more)` : '');
      process.stderr.write(`wiredesk: skipped ${paths.length} (${why}): ${shown}\n`);
    }
  }

  const summary: Summary = { files: 0, articles: 0, byFormat: new Map(), failures: [] };
  const progress = !values.quiet && process.stderr.isTTY && inputs.length > 5;
  const startedAt = Date.now();

  let messageOpen = false;
  const emit = async (article: Article): Promise<void> => {
    const fileName = (): string => articleFileName(article.id, article.version ?? article.contentHash.slice(7, 19));
    if (g2) {
      // One newsItem file per article; on stdout, one newsMessage around all of them.
      if (!toStdout) return writeFile(join(outDir!, fileName().replace(/\.json$/, '.xml')), toNewsmlG2(article));
      if (!messageOpen) await write(process.stdout, newsMessageOpening());
      messageOpen = true;
      return write(process.stdout, toNewsmlG2(article, { declaration: false }) + '\n');
    }
    const doc = values.format === 'ninjs' ? toNinjs(article) : values.format === 'ninjs3' ? toNinjs3(article) : article;
    if (toStdout) await write(process.stdout, JSON.stringify(doc) + '\n');
    else await writeFile(join(outDir!, fileName()), JSON.stringify(doc, null, 2) + '\n');
  };
  // Failed inputs are named after the input's file name (cut to 150 characters); another input of
  // that name (a/story.xml, b/story.xml, or names alike once file-safe), in this run or in an
  // earlier run into the same folder, gets its path's hash added after the cut, then a number:
  // every failed input keeps a file of its own, and the same input lands on the same name.
  const failedNames = new Map<string, string>();
  const ownerOf = async (name: string): Promise<string | undefined> => failedNames.get(name)
    ?? await readFile(join(outDir!, 'failed', `${name}.error.json`), 'utf8').then((t) => {
      const e = JSON.parse(t) as { input?: string; item?: number | null };
      return `${e.input ?? ''}\n${e.item ?? ''}`;
    }, () => undefined);
  const failedName = async (input: string, item: number | null): Promise<string> => {
    const base = safeName(basename(input)).slice(0, 150);
    const tail = item !== null ? `_${item}` : '';
    const key = `${input}\n${item ?? ''}`;
    const hashed = `${base}-${shortHash(input)}`;
    for (let k = 0; ; k++) {
      const name = k === 0 ? `${base}${tail}` : k === 1 ? `${hashed}${tail}` : `${hashed}-${k}${tail}`;
      const owner = await ownerOf(name);
      if (owner === undefined || owner === key || k >= 1000) {
        failedNames.set(name, key);
        return name;
      }
    }
  };
  const recordFailure = async (input: string, f: Pick<IngestFailure, 'error' | 'raw' | 'itemIndex'>): Promise<void> => {
    summary.failures.push({ input, error: f.error });
    if (!values.quiet) process.stderr.write(`${progress ? '\r\x1b[K' : ''}wiredesk: ${input}: ${f.error.describe()}\n`);
    if (outDir) {
      const name = await failedName(input, f.itemIndex);
      await writeFile(join(outDir, 'failed', name), f.raw);
      await writeFile(join(outDir, 'failed', `${name}.error.json`), JSON.stringify({ input, item: f.itemIndex, code: f.error.code, message: f.error.message, details: { ...f.error.details, cause: undefined } }, null, 2) + '\n');
    }
  };

  // --timeout: each input parses in a worker thread and is abandoned past the deadline
  // (WIREDESK_ERR_PARSE_TIMEOUT), as in the queue worker.
  const pool = timeoutSeconds !== null ? new ParsePool({ size: 1, timeoutMs: Math.round(timeoutSeconds * 1000), maxBytes, strict: values.strict }) : null;
  try {
    for (const [i, { input, error }] of inputs.entries()) {
      summary.files++;
      if (progress) {
        const width = 30;
        const done = Math.round((i / inputs.length) * width);
        process.stderr.write(`\r\x1b[K[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${i}/${inputs.length} ${basename(input).slice(0, 40)}`);
      }
      if (error) {
        await recordFailure(input, { error, raw: Buffer.alloc(0), itemIndex: null });
        continue;
      }
      let bytes: Buffer;
      let contentType: string | null = null;
      let baseUrl: string | null = null;
      try {
        if (/^https?:\/\//i.test(input)) {
          const res = await fetchUrl(input, { maxBytes });
          bytes = res.bytes;
          contentType = res.contentType;
          baseUrl = res.url;
        } else {
          bytes = await readFileCapped(input, maxBytes, { allowSpecialFiles: values['allow-special-files'] });
        }
      } catch (e) {
        await recordFailure(input, { error: toWiredeskError(e), raw: Buffer.alloc(0), itemIndex: null });
        continue;
      }
      const raw = { bytes, path: input, contentType, baseUrl };
      const result = pool ? await pool.run(raw) : ingestItem(raw, { strict: values.strict, maxBytes });
      for (const article of result.articles) {
        await emit(article);
        summary.articles++;
        summary.byFormat.set(article.provenance.format, (summary.byFormat.get(article.provenance.format) ?? 0) + 1);
      }
      for (const f of result.failures) await recordFailure(input, f);
    }
  } finally {
    await pool?.close();
  }
  if (g2 && toStdout) await write(process.stdout, (messageOpen ? '' : newsMessageOpening()) + NEWS_MESSAGE_CLOSING);
  if (progress) process.stderr.write('\r\x1b[K');
  if (!values.quiet) {
    const formats = [...summary.byFormat].map(([f, n]) => `${f} ${n}`).join(', ') || 'none';
    const codes = new Map<string, number>();
    for (const f of summary.failures) codes.set(f.error.code, (codes.get(f.error.code) ?? 0) + 1);
    const failed = summary.failures.length ? ` — failures ${summary.failures.length}: ${[...codes].map(([c, n]) => `${c} ×${n}`).join(', ')}` : '';
    const passed = skipped.length ? ` — skipped ${skipped.length}` : '';
    process.stderr.write(`wiredesk: ${summary.files} files, ${summary.articles} articles (${formats}) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${failed}${passed}\n`);
  }
  // A failure of kind usage (an input path that does not exist) is the command's mistake: exit 2,
  // after every other input has been read (docs/errors.md).
  if (summary.failures.some((f) => f.error.kind === 'usage')) return 2;
  return summary.failures.length ? 1 : 0;
}

function formatsCommand(): number {
  for (const f of registry.list()) process.stdout.write(`${f.name.padEnd(16)} ${f.version.padEnd(8)} ${f.description}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ingest':
        return await ingestCommand(rest);
      case 'formats':
        return formatsCommand();
      case 'review':
        return await (await import('./cli/review.js')).reviewCommand(rest);
      case 'dlq':
        return await (await import('./cli/dlq.js')).dlqCommand(rest);
      case 'feeds':
        return await (await import('./cli/feeds.js')).feedsCommand(rest);
      case 'worker':
        return await (await import('./cli/worker.js')).workerCommand(rest);
      case 'desk':
        return await (await import('./cli/desk.js')).deskCommand(rest);
      case 'users':
        return await (await import('./cli/users.js')).usersCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${PACKAGE_VERSION}\n`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`wiredesk: WIREDESK_ERR_USAGE ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

// A reader that stops early (`wiredesk ingest DIR | head`) closes the pipe: the rest of the output
// is not wanted, so the command ends quietly, as other Unix filters do, with the status it has so
// far, instead of reporting the closed pipe as an internal error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`wiredesk: ${toWiredeskError(e).describe()}\n${(e as Error).stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
