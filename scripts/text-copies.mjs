// Does the text-dump reader hold on pages nobody tuned it to? Makes plain-text copies of the
// corpus's Zyte (html-article-benchmark) and Readability pages the way the text-dumps corpus was
// made (the page in Chromium, JavaScript off, no network, document.body.innerText, runs of blank
// lines folded to one), laid out as the scorer reads a holdout copy, so that
//   node ../shared/eval/score.mjs --suite html --corpus OUT
//   node ../shared/eval/score.mjs --suite readability --corpus OUT
// score the text reader on them (body F1; headline and byline) beside the same pages as HTML.
// Needs Debian's chromium at /usr/bin/chromium (never downloads a browser) and ../shared.
// Usage: node scripts/text-copies.mjs OUT
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, '..', 'shared', 'corpus');
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/text-copies.mjs OUT');
  process.exit(2);
}
if (!existsSync(corpus) || !existsSync('/usr/bin/chromium')) {
  console.error(`text-copies: needs ${corpus} and /usr/bin/chromium; nothing made`);
  process.exit(0);
}

/** [input page, output copy] pairs, and the ground truth copied beside them. */
const pairs = [];
const zyte = join(corpus, 'html-article-benchmark');
if (existsSync(zyte)) {
  mkdirSync(join(out, 'html-article-benchmark', 'html'), { recursive: true });
  for (const f of readdirSync(zyte)) if (/^ground-truth.*\.json$|^dev-ids\.txt$/.test(f)) copyFileSync(join(zyte, f), join(out, 'html-article-benchmark', f));
  for (const f of readdirSync(join(zyte, 'html'))) {
    if (/\.html(\.gz)?$/.test(f)) pairs.push([join(zyte, 'html', f), join(out, 'html-article-benchmark', 'html', f.replace(/\.gz$/, ''))]);
  }
}
const readability = join(corpus, 'readability-test-pages');
if (existsSync(readability)) {
  for (const page of readdirSync(readability)) {
    const dir = join(readability, page);
    const source = ['source.html', 'source.html.gz'].map((f) => join(dir, f)).find(existsSync);
    if (!source || !existsSync(join(dir, 'expected-metadata.json'))) continue;
    mkdirSync(join(out, 'readability-test-pages', page), { recursive: true });
    for (const f of readdirSync(dir)) if (f.startsWith('expected')) copyFileSync(join(dir, f), join(out, 'readability-test-pages', page, f));
    pairs.push([source, join(out, 'readability-test-pages', page, 'source.html')]);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'wiredesk-copies-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 1280, height: 900 } });
  // The page's own file only: no network, no other file.
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const file = join(scratch, 'page.html');
  let made = 0;
  for (const [input, output] of pairs) {
    let bytes = readFileSync(input);
    if (input.endsWith('.gz')) bytes = gunzipSync(bytes);
    writeFileSync(file, bytes);
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'domcontentloaded', timeout: 20000 });
      // Evaluated in the page (a string, so that it names the page's document, not this script's scope).
      let text = String(await page.evaluate("document.body ? document.body.innerText : ''"));
      text = text.replace(/\r/g, '').replace(/\n{3,}/g, '\n\n');
      writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
      made++;
    } catch (e) {
      console.error(`text-copies: ${input}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(JSON.stringify({ pages: pairs.length, copies: made, out }));
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
