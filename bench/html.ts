// `npm run bench -- html [--json] [--limit N] [--rounds N (default 2)]`: news web pages read by wiredesk and by
// @mozilla/readability in the same process, over the same pages: the public corpus pages in
// ../shared/corpus (the Zyte article-extraction benchmark, the fundus test pages, the Readability
// test pages), read from there at run time and never copied. Measured:
//   - wiredesk html module: one cheerio/htmlparser2 parse shared by metadata, bylines, pictures
//     and main text (`parseHtmlPage`);
//   - wiredesk whole pipeline (`ingestItem` from bytes: decode, sniff, parse, sanitize, credits,
//     identity, schema validation);
//   - Readability on jsdom (as most users run it) and on linkedom (its fastest setup).
// Prints JSON: pages/s for each, the ratios, and what each extracted (bylines, dates, captioned
// pictures). Exits 0 with a message when the corpus is absent.
import { performance } from 'node:perf_hooks';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { parseHtmlPage } from '../src/formats/html.js';
import { ingestItem } from '../src/pipeline/ingest.js';
import { decodeBytes } from '../src/text/decode.js';
import { packagePath } from '../src/package-info.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const LIMIT = Number(opt('--limit') ?? Infinity);
const ROUNDS = Math.max(1, Number(opt('--rounds') ?? 2));

const CORPUS = resolve(packagePath(), '..', 'shared', 'corpus');
const SUITES = ['html-article-benchmark', 'fundus-test-data', 'readability-test-pages'];

interface Page {
  name: string;
  bytes: Buffer;
  text: string;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.html?(?:\.gz)?$/.test(entry) && !/expected/.test(entry)) out.push(p);
  }
}

function loadPages(): Page[] {
  const files: string[] = [];
  for (const suite of SUITES) {
    const dir = join(CORPUS, suite);
    if (existsSync(dir)) walk(dir, files);
  }
  return files.slice(0, LIMIT).map((f) => {
    const raw = readFileSync(f);
    const bytes = f.endsWith('.gz') ? gunzipSync(raw) : raw;
    return { name: f.slice(CORPUS.length + 1), bytes, text: decodeBytes(bytes).text };
  });
}

interface Extracted {
  byline: boolean;
  date: boolean;
  captionedPictures: number;
  bodyChars: number;
}

type Reader = (page: Page) => Extracted;

const wiredeskModule: Reader = (page) => {
  const s = parseHtmlPage(page.text);
  return {
    byline: (s.bylines ?? []).length > 0,
    date: Boolean(s.firstCreated ?? s.versionCreated),
    captionedPictures: (s.pictures ?? []).filter((p) => p.caption).length,
    bodyChars: (s.bodyHtml ?? s.bodyText ?? '').length,
  };
};

const wiredeskPipeline: Reader = (page) => {
  const r = ingestItem({ bytes: page.bytes, path: page.name, contentType: null, baseUrl: null });
  const a = r.articles[0];
  return {
    byline: (a?.bylines ?? []).length > 0,
    date: Boolean(a?.firstCreated ?? a?.versionCreated),
    captionedPictures: (a?.pictures ?? []).filter((p) => p.caption).length,
    bodyChars: a?.body.text.length ?? 0,
  };
};

function readabilityResult(doc: Document): Extracted {
  const r = new Readability(doc).parse();
  return { byline: Boolean(r?.byline), date: Boolean(r?.publishedTime), captionedPictures: 0, bodyChars: r?.textContent?.length ?? 0 };
}

// jsdom reports the pages' CSS it cannot parse on the console; a silent virtual console keeps stdout JSON.
const quiet = new VirtualConsole();
const readabilityJsdom: Reader = (page) => {
  const dom = new JSDOM(page.text, { url: 'https://example.invalid/', virtualConsole: quiet });
  try {
    return readabilityResult(dom.window.document);
  } finally {
    dom.window.close();
  }
};

const readabilityLinkedom: Reader = (page) => readabilityResult(parseHTML(page.text).document as unknown as Document);

interface Run {
  pages: number;
  /** Pages/s of the fastest round: the machine is shared, and the best round is the least disturbed. */
  pagesPerSecond: number;
  /** Pages/s of every round, in order. */
  rounds: number[];
  failures: number;
  withByline: number;
  withDate: number;
  captionedPictures: number;
  pagesWithCaptionedPictures: number;
}

/** One round of one reader over every page: seconds, and what it extracted. */
function round(reader: Reader, pages: Page[]): { seconds: number; results: Extracted[]; failures: number } {
  (globalThis as { gc?: () => void }).gc?.();
  let failures = 0;
  const results: Extracted[] = [];
  const t0 = performance.now();
  for (const p of pages) {
    try {
      results.push(reader(p));
    } catch {
      failures++;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, results, failures };
}

/**
 * Every reader over every page, `ROUNDS` times, the readers taking turns within each round so
 * that load from other processes falls on all of them alike.
 */
function runAll(readers: Record<string, Reader>, pages: Page[]): Record<string, Run> {
  for (const reader of Object.values(readers)) {
    for (const p of pages.slice(0, 3)) {
      try {
        reader(p);
      } catch {
        // warm-up only
      }
    }
  }
  const rounds: Record<string, Array<ReturnType<typeof round>>> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, reader] of Object.entries(readers)) (rounds[name] ??= []).push(round(reader, pages));
  }
  const out: Record<string, Run> = {};
  for (const [name, list] of Object.entries(rounds)) {
    const first = list[0]!;
    const rates = list.map((x) => Number((pages.length / x.seconds).toFixed(1)));
    out[name] = {
      pages: pages.length,
      pagesPerSecond: Math.max(...rates),
      rounds: rates,
      failures: first.failures,
      withByline: first.results.filter((r) => r.byline).length,
      withDate: first.results.filter((r) => r.date).length,
      captionedPictures: first.results.reduce((sum, r) => sum + r.captionedPictures, 0),
      pagesWithCaptionedPictures: first.results.filter((r) => r.captionedPictures > 0).length,
    };
  }
  return out;
}

const pages = loadPages();
if (pages.length === 0) {
  console.error(`bench html: no corpus pages under ${CORPUS}; nothing to measure`);
  console.log(JSON.stringify({ scenario: 'html', skipped: `no corpus pages under ${CORPUS}` }));
  process.exit(0);
}

const results = runAll({
  wiredeskHtmlModule: wiredeskModule,
  wiredeskPipeline,
  readabilityLinkedom,
  readabilityJsdom,
}, pages) as Record<'wiredeskHtmlModule' | 'wiredeskPipeline' | 'readabilityLinkedom' | 'readabilityJsdom', Run>;
const ratio = (a: Run, b: Run): number => Number((a.pagesPerSecond / b.pagesPerSecond).toFixed(2));
console.log(JSON.stringify({
  scenario: 'html',
  node: process.version,
  corpus: { pages: pages.length, megabytes: Number((pages.reduce((s, p) => s + p.bytes.length, 0) / 1e6).toFixed(1)), suites: SUITES.filter((s) => existsSync(join(CORPUS, s))) },
  rounds: ROUNDS,
  results,
  ratios: {
    htmlModuleVsReadabilityLinkedom: ratio(results.wiredeskHtmlModule, results.readabilityLinkedom),
    htmlModuleVsReadabilityJsdom: ratio(results.wiredeskHtmlModule, results.readabilityJsdom),
    pipelineVsReadabilityLinkedom: ratio(results.wiredeskPipeline, results.readabilityLinkedom),
    pipelineVsReadabilityJsdom: ratio(results.wiredeskPipeline, results.readabilityJsdom),
    readabilityLinkedomVsJsdom: ratio(results.readabilityLinkedom, results.readabilityJsdom),
  },
}, null, 2));
