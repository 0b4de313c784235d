/**
 * `npm run bench -- ingest [--seconds S]`
 *
 * The CPU cost of `ingestItem()` alone, in one process: the pipeline bench's NewsML-G2 stories
 * (one story per document, and newsMessages of ten) and every golden fixture input. Prints
 * items per second as JSON; profile with `node --cpu-prof .build/bench/ingest.js`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeStory, asDocument, asNewsMessage } from './newsml-g2-stories.js';
import { ingestItem, type RawItem } from '../src/pipeline/ingest.js';
import { PACKAGE_ROOT } from '../src/package-info.js';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } });
const SECONDS = Number(args.seconds);

/** Articles per second over inputs run round and round for SECONDS (after one warm-up round). */
function rate(inputs: RawItem[]): { inputsPerSecond: number; articlesPerSecond: number } {
  for (const i of inputs) ingestItem(i);
  let runs = 0;
  let articles = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    for (const i of inputs) {
      articles += ingestItem(i).articles.length;
      runs++;
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { inputsPerSecond: Math.round(runs / s), articlesPerSecond: Math.round(articles / s) };
}

function fixtureInputs(): RawItem[] {
  const root = join(PACKAGE_ROOT, 'fixtures');
  const out: RawItem[] = [];
  for (const dir of readdirSync(root)) {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(root, dir, name);
      if (name.endsWith('.expected.json') || !statSync(path).isFile()) continue;
      out.push({ bytes: readFileSync(path), path });
    }
  }
  return out;
}

const now = new Date();
const stories = Array.from({ length: 200 }, (_, i) => makeStory('ingest-bench', i, now));
const single = stories.map((s) => ({ bytes: Buffer.from(asDocument(s)), path: null }));
const messages = Array.from({ length: 20 }, (_, p) => ({ bytes: Buffer.from(asNewsMessage(stories.slice(p * 10, p * 10 + 10), p, now)), path: null }));
const fixtures = fixtureInputs();

process.stdout.write(`${JSON.stringify({
  scenario: 'ingest',
  newsmlG2Document: rate(single),
  newsmlG2NewsMessage10: rate(messages),
  fixtures: { files: fixtures.length, ...rate(fixtures) },
})}\n`);
