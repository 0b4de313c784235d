import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { addUser } from '../../src/desk/users.js';
import { createReviewService } from '../../src/review/review-service.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';

// Issue 16: the editors' desk in a real browser (Debian's chromium driven by playwright-core), against
// a real worker, Redis and a drop-folder feed.

const CHROMIUM = '/usr/bin/chromium';
const skip = NO_REDIS || (existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (.ci/run installs Debian's chromium package)`);

const PASSWORDS = { ed: 'editor-password-1', vi: 'viewer-password-1' };

/** A ninjs 1.x story with one picture whose byline is its credit, written for this test. */
function story(guid: string, headline: string, opts: { body?: string; caption?: string; credit?: string } = {}): string {
  return JSON.stringify({
    guid, type: 'text', version: '1', versioncreated: '2026-11-30T08:00:00+0000', pubstatus: 'usable', language: 'en', source: 'Testwire',
    headline, byline: 'By Mara Quint', body_html: opts.body ?? '<p>KESTREL BAY (Testwire) - Ferry crews walked off the job on Monday, stranding hundreds of island commuters for the second time this month.</p>',
    associations: {
      featureimage: {
        guid: `${guid}-pic`, type: 'picture', description_text: opts.caption ?? 'Commuters wait at the ferry terminal in Kestrel Bay.',
        byline: opts.credit ?? 'Photo: Ilse Voorn/Testwire',
        renditions: { baseImage: { href: 'https://img.example.com/ferry.jpg', mimetype: 'image/jpeg', width: 1200, height: 800 } },
      },
    },
  });
}

async function signIn(page: Page, base: string, name: keyof typeof PASSWORDS): Promise<void> {
  await page.goto(`${base}/desk`);
  assert.match(page.url(), /\/desk\/login\?next=/, 'a signed-out visit is sent to the login page');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORDS[name]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/desk(\?|$)/);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test('desk: sign in, a story arrives live, its reasons and credit evidence show, approve publishes; viewers cannot act; CSRF, escaping, live kill, accessibility', { skip, timeout: 180_000 }, async () => {
  const prefix = uniquePrefix('desk');
  const dir = await mkdtemp(join(tmpdir(), 'wd-desk-'));
  const drop = join(dir, 'drop');
  const usersFile = join(dir, 'users.json');
  await addUser(usersFile, 'ed', 'editor', PASSWORDS.ed);
  await addUser(usersFile, 'vi', 'viewer', PASSWORDS.vi);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(drop);
  const config: WorkerConfig = {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    tokens: new Map(), feeds: [{ id: 'ferrywire', kind: 'folder', routing: 'review', folder: drop, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 }],
    subscribers: [{ name: 'web' }],
    desk: { usersFile, path: '/desk', sessionIdleSeconds: 3600, secureCookies: 'auto' },
  };
  const worker: RunningWorker = await startWorker(config, { logger: capturedLogger().logger });
  const received: PublishEvent[] = [];
  const sub: Subscription = await subscribe('web', (e) => { received.push(e); }, { connection: REDIS_URL!, prefix });
  let browser: Browser | null = null;
  const problems: string[] = [];
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const editor = await (await browser.newContext()).newPage();
    editor.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    editor.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await editor.goto(`${worker.url}/desk/login`);
    assert.deepEqual(await seriousViolations(editor), [], 'login page');
    await signIn(editor, worker.url, 'ed');
    await editor.getByText('0 stories').waitFor();

    // A story arrives while the queue is open: it appears without a reload.
    await writeFile(join(drop, 'ferry.json'), story('urn:test:desk-ferry', 'Ferry crews strike again in Kestrel Bay'));
    const link = editor.getByRole('link', { name: 'Ferry crews strike again in Kestrel Bay' });
    await link.waitFor({ timeout: 20_000 });
    assert.deepEqual(await seriousViolations(editor), [], 'queue page');

    await link.click();
    await editor.getByRole('heading', { level: 1, name: 'Ferry crews strike again in Kestrel Bay' }).waitFor();
    const why = await editor.locator('section[aria-labelledby="why"]').innerText();
    assert.match(why, /Feed routed to review: feed ferrywire/);
    const figure = await editor.locator('figure').innerText();
    assert.match(figure, /Photographer\s+Ilse Voorn/);
    assert.match(figure, /Agencies\s+Testwire/);
    assert.match(figure, /Evidence\s+from \w+, rule \S+/, 'the credit says which rule read it');
    assert.match(await editor.locator('main').innerText(), /Mara Quint · author/);
    assert.deepEqual(await seriousViolations(editor), [], 'story page');

    // Fix a caption before release; a change the schema refuses is shown, not saved.
    await editor.getByRole('link', { name: /Edit before release/ }).click();
    await editor.getByLabel('Caption').fill('Commuters wait at the ferry terminal in Kestrel Bay on Monday.');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByRole('heading', { level: 1, name: 'Ferry crews strike again in Kestrel Bay' }).waitFor();
    assert.match(await editor.locator('figure').innerText(), /on Monday\./);
    assert.match(await editor.locator('section[aria-labelledby="edits"]').innerText(), /by ed: pictures/);
    await editor.getByRole('link', { name: /Edit before release/ }).click();
    await editor.getByLabel(/^Bylines/).fill('Mara Quint | boss');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await editor.goBack();
    await editor.goto(editor.url().replace(/\/edit$/, ''));

    // A request without the page's CSRF token is refused, even with the session cookie.
    const storyUrl = editor.url();
    const forged = await editor.evaluate(async (url) => (await fetch(`${url}/approve`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong' })).status, storyUrl);
    assert.equal(forged, 403);

    await editor.getByRole('button', { name: /Approve/ }).click();
    await editor.locator('#story-state', { hasText: 'approved' }).waitFor();
    await until(() => received.length === 1, 'the subscriber receives the approved story');
    assert.equal(received[0]?.article.headline, 'Ferry crews strike again in Kestrel Bay');
    assert.equal(received[0]?.article.pictures[0]?.caption, 'Commuters wait at the ferry terminal in Kestrel Bay on Monday.', 'the subscriber gets the edited version');
    assert.equal(received[0]?.article.bylines[0]?.role, 'author', 'the refused edit changed nothing');
    assert.match(await editor.locator('main').innerText(), /last change by ed/, 'the audit names the signed-in person');

    // A viewer sees no action buttons, and the server refuses the same request.
    const viewer = await (await browser.newContext()).newPage();
    await signIn(viewer, worker.url, 'vi');
    await viewer.goto(storyUrl);
    assert.equal(await viewer.getByRole('button', { name: /Approve|Hold|Kill/ }).count(), 0);
    const csrf = await viewer.locator('form[action$="/logout"] input[name="csrf"]').getAttribute('value');
    const asViewer = await viewer.evaluate(async ([url, token]) => (await fetch(`${url}/hold`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${token}` })).status, [storyUrl, csrf] as const);
    assert.equal(asViewer, 403);

    // Signed out: sent to the login page.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(storyUrl);
    assert.match(stranger.url(), /\/desk\/login\?next=/);

    // Hostile markup renders inert.
    await writeFile(join(drop, 'hostile.json'), story('urn:test:desk-hostile', 'Harbour <img src=x onerror=alert(1)> notice', {
      body: '<p>Tide tables <script>alert(2)</script><img src=x onerror="alert(3)"> and <a href="javascript:alert(4)">a link</a>.</p>',
      caption: 'Gulls <img src=x onerror=alert(5)> over the pier <script>alert(6)</script>',
    }));
    await editor.goto(`${worker.url}/desk`);
    await editor.getByRole('link', { name: /Harbour/ }).click();
    await editor.getByRole('heading', { level: 1, name: /Harbour/ }).waitFor();
    assert.equal(await editor.locator('main img[src="x"], main script, main [onerror]').count(), 0);
    assert.equal(await editor.locator('a[href^="javascript:"]').count(), 0);
    await editor.getByRole('link', { name: 'a link' }).click({ trial: true }).catch(() => {});

    // A kill while the story is open shows at once and disables approve.
    const service = createReviewService({ redisUrl: REDIS_URL!, prefix });
    try {
      await service.kill('testwire:urn:test:desk-hostile', 'another-editor').then((r) => {
        if (r.status !== 'done') return service.list().then((l) => { throw new Error(`kill: ${r.status} ${JSON.stringify(l.map((s) => s.id))}`); });
      });
    } finally {
      await service.close();
    }
    await editor.locator('#state-notice', { hasText: 'killed' }).waitFor({ timeout: 10_000 });
    assert.equal(await editor.getByRole('button', { name: /Approve/ }).isDisabled(), true);
    assert.deepEqual(problems, [], 'no dialog opened and no script error');
  } finally {
    await browser?.close();
    await sub.close();
    await worker.close();
    const redis = new Redis(REDIS_URL!);
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  }
});
