#!/usr/bin/env node
// Screenshots of the editors' desk for the README (docs/desk-queue.png, docs/desk-story.png):
// a worker with the desk on a Redis (REDIS_URL, default redis://127.0.0.1:6379), a drop folder
// routed to review and fed some of the bundled fixtures, and Debian's chromium signed in as an
// editor. Run after `npm run build`:  REDIS_URL=redis://127.0.0.1:6379 node scripts/desk-screenshots.mjs
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import { startWorker } from '../dist/worker/run-worker.js';
import { addUser } from '../dist/desk/users.js';
import { packagePath } from '../dist/package-info.js';
import { DEMO_RULES } from '../dist/cli/desk.js';

const FIXTURES = [
  ['reuters-partner-site.html', 'html'], ['text-with-pictures.json', 'dpa-digitalwires'], ['superdesk-1x-text-picture.json', 'ninjs'],
  ['afp-jsonld-array-carousel.html', 'html'], ['press-release-multipart-qp.eml', 'email'], ['dpa-english-lead.txt', 'iptc-7901'],
];
const dir = await mkdtemp(join(tmpdir(), 'wd-desk-shots-'));
const drop = join(dir, 'drop');
await mkdir(drop);
const usersFile = join(dir, 'users.json');
await addUser(usersFile, 'ana', 'editor', 'screenshot-password');
const worker = await startWorker({
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', prefix: `desk-shots-${Date.now()}`, listen: { host: '127.0.0.1', port: 0 },
  bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600, tokens: new Map(),
  feeds: [{ id: 'agency-wire', kind: 'folder', routing: 'review', folder: drop, pollIntervalSeconds: 0.1, maxBytes: 5_000_000 }],
  subscribers: [{ name: 'web' }], review: { rules: DEMO_RULES },
  desk: { usersFile, path: '/desk', sessionIdleSeconds: 3600, secureCookies: 'auto', reviewRules: DEMO_RULES.map((r) => ({ id: r.id, name: r.name })) },
}, { logger: pino({ level: 'silent' }) });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [file, format] of FIXTURES) await copyFile(packagePath('fixtures', format, file), join(drop, file));
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${worker.url}/desk/login`);
  await page.getByLabel('Name').fill('ana');
  await page.getByLabel('Password').fill('screenshot-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/desk$/);
  // Live updates bring the stories in as the drop folder takes them: wait for the fifth row.
  await page.locator('#queue-list tbody tr').nth(4).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: packagePath('docs', 'desk-queue.png'), fullPage: false });
  // The story page of the first story with pictures.
  for (let i = 0; i < (await page.locator('#queue-list tbody tr a').count()); i++) {
    const link = page.locator('#queue-list tbody tr a').nth(i);
    await link.click();
    if ((await page.locator('figure').count()) > 0) break;
    await page.goBack();
  }
  await page.screenshot({ path: packagePath('docs', 'desk-story.png'), fullPage: true });
  console.log('wrote docs/desk-queue.png and docs/desk-story.png');
} finally {
  await browser.close();
  await worker.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
