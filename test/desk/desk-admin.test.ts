import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { addUser } from '../../src/desk/users.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import { DeadLetters } from '../../src/queue/dead-letter.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { FeedControl } from '../../src/sources/feed-status.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { deskSignIn, csrfOf } from '../helpers/desk-sign-in.js';

// Issue 16, items 5 and 6: the desk's embargo list (release now, hold) and the admin pages (feeds,
// dead letters), over plain HTTP against a real worker, Redis and drop folders.

const PASSWORDS = { ad: 'admin-password-1', ed: 'editor-password-1', vi: 'viewer-password-1' };
/** Characters that must never reach a page raw (C0 controls but tab/LF/CR, DEL, C1 controls). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A ninjs instant `s` seconds from now (ninjs writes +0000 offsets). */
function inSeconds(s: number): string {
  return new Date(Date.now() + s * 1000).toISOString().replace(/\.\d+Z$/, '+0000');
}

function story(guid: string, headline: string, embargoed: string | null): Record<string, unknown> {
  return {
    guid, type: 'text', version: '1', versioncreated: '2026-11-30T08:00:00+0000', pubstatus: 'usable', language: 'en', source: 'Testwire',
    headline, body_html: '<p>KESTREL BAY (Testwire) - The harbour board meets on Monday.</p>', ...(embargoed ? { embargoed } : {}),
  };
}

interface Answer { status: number; text: string; location: string | null; headers: Headers; bytes: Buffer }

class Client {
  cookie = '';
  constructor(private readonly base: string) {}

  async signIn(name: keyof typeof PASSWORDS): Promise<this> {
    this.cookie = await deskSignIn(this.base, name, PASSWORDS[name]);
    return this;
  }

  private async answer(res: Response): Promise<Answer> {
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, text: bytes.toString('utf8'), location: res.headers.get('location'), headers: res.headers, bytes };
  }

  async get(path: string): Promise<Answer> {
    return this.answer(await fetch(`${this.base}${path}`, { redirect: 'manual', headers: { cookie: this.cookie } }));
  }

  /** A form POST; `csrf` from a page of this session unless given (null: none). */
  async post(path: string, fields: Record<string, string>, csrf?: string | null): Promise<Answer> {
    const token = csrf === undefined ? await this.csrf() : csrf;
    const body = new URLSearchParams({ ...fields, ...(token === null ? {} : { csrf: token }) }).toString();
    return this.answer(await fetch(`${this.base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body }));
  }

  async csrf(): Promise<string> {
    return csrfOf((await this.get('/desk')).text);
  }
}

/** The id and version key of the embargo row whose headline is `headline` (from its release form). */
function embargoRow(page: string, headline: string, cell = `<td>${headline}</td>`): { id: string; versionKey: string } | null {
  const at = page.indexOf(cell);
  if (at < 0) return null;
  const m = /name="id" value="([^"]+)"><input type="hidden" name="versionKey" value="([^"]+)"/.exec(page.slice(at));
  const unescape = (s: string): string => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return m ? { id: unescape(m[1]!), versionKey: unescape(m[2]!) } : null;
}

test('desk: the embargo list, release now and hold; the admin feed and dead-letter pages; roles and CSRF', { skip: NO_REDIS, timeout: 120_000 }, async () => {
  const prefix = uniquePrefix('desk-admin');
  const dir = await mkdtemp(join(tmpdir(), 'wd-desk-admin-'));
  const wire = join(dir, 'wire');
  const reviewed = join(dir, 'reviewed');
  await mkdir(wire);
  await mkdir(reviewed);
  const usersFile = join(dir, 'users.json');
  await addUser(usersFile, 'ad', 'admin', PASSWORDS.ad);
  await addUser(usersFile, 'ed', 'editor', PASSWORDS.ed);
  await addUser(usersFile, 'vi', 'viewer', PASSWORDS.vi);
  const config: WorkerConfig = {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    tokens: new Map(),
    feeds: [
      { id: 'wire', kind: 'folder', routing: 'publish', folder: wire, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 },
      { id: 'reviewed', kind: 'folder', routing: 'review', folder: reviewed, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 },
    ],
    subscribers: [{ name: 'web' }],
    desk: { usersFile, path: '/desk', sessionIdleSeconds: 3600, secureCookies: 'auto' },
  };
  const captured = capturedLogger();
  const worker: RunningWorker = await startWorker(config, { logger: captured.logger });
  const received: PublishEvent[] = [];
  const sub: Subscription = await subscribe('web', (e) => { received.push(e); }, { connection: REDIS_URL!, prefix });
  const redis = new Redis(REDIS_URL!);
  const letters = new DeadLetters(redis, new RedisKeys(prefix));
  const feeds = new FeedControl(redis, prefix);
  const of = (headline: string): PublishEvent[] => received.filter((e) => e.article.headline === headline);
  try {
    const admin = await new Client(worker.url).signIn('ad');
    const editor = await new Client(worker.url).signIn('ed');
    const viewer = await new Client(worker.url).signIn('vi');

    // --- the embargo list ---
    const later = inSeconds(600);
    await writeFile(join(wire, 'later.json'), JSON.stringify(story('urn:test:embargo-later', 'Harbour budget under embargo', later)));
    await writeFile(join(reviewed, 'review.json'), JSON.stringify(story('urn:test:embargo-review', 'Ferry timetable under embargo', inSeconds(3600))));
    let page = '';
    await until(async () => {
      page = (await viewer.get('/desk/embargoes')).text;
      return page.includes('Harbour budget under embargo') && page.includes('Ferry timetable under embargo');
    }, 'the embargoed stories on the embargo list');
    assert.ok(page.includes(`datetime="${new Date(Date.parse(later)).toISOString()}"`), 'the release time is shown');
    assert.match(page, /<a href="\/desk\/embargoes">Embargoes<\/a>/, 'linked in the header');
    assert.doesNotMatch(page, /Release now|admin\/feeds|admin\/dead-letters/, 'a viewer gets no action and no admin link');
    const editorPage = (await editor.get('/desk/embargoes')).text;
    assert.doesNotMatch(editorPage, /admin\/feeds|admin\/dead-letters/, 'an editor gets no admin link');
    const laterRow = embargoRow(editorPage, 'Harbour budget under embargo');
    assert.ok(laterRow, 'an editor gets the actions');
    assert.equal((await viewer.post('/desk/embargoes/release', laterRow)).status, 403, 'a viewer may not release');
    assert.equal((await editor.post('/desk/embargoes/release', laterRow, null)).status, 403, 'a release without the CSRF token is refused');
    assert.equal(of('Harbour budget under embargo').length, 0);

    // Release now: published at once, ten minutes before its time; again is a no-op.
    const released = await editor.post('/desk/embargoes/release', laterRow);
    assert.equal(released.status, 303);
    assert.equal(released.location, '/desk/embargoes?done=released');
    await until(() => of('Harbour budget under embargo').length === 1, 'the subscriber receives the released story', 10_000);
    assert.ok(Date.parse(of('Harbour budget under embargo')[0]!.publishedAt) < Date.parse(later), 'published before the embargo time');
    assert.equal((await editor.post('/desk/embargoes/release', laterRow)).location, '/desk/embargoes?done=already-released');
    page = (await viewer.get('/desk/embargoes')).text;
    assert.ok(!page.includes('<td>Harbour budget under embargo</td>'), 'a released story leaves the list');
    assert.match(page, /<strong>ed<\/strong> released <code>testwire:urn:test:embargo-later@/, 'the decision names the editor');
    assert.ok(captured.lines.some((l) => l.msg === 'embargo released early by an editor' && l.by === 'ed'), 'the worker logs who released it');

    // Hold: a story held before its time is not published when its time comes, until an editor releases it.
    const soon = inSeconds(5);
    await writeFile(join(wire, 'soon.json'), JSON.stringify(story('urn:test:embargo-soon', 'Pier repairs under embargo', soon)));
    let soonRow: { id: string; versionKey: string } | null = null;
    await until(async () => (soonRow = embargoRow((await editor.get('/desk/embargoes')).text, 'Pier repairs under embargo')) !== null, 'the short embargo on the list');
    assert.equal((await editor.post('/desk/embargoes/hold', soonRow!)).location, '/desk/embargoes?done=held');
    assert.ok(Date.now() < Date.parse(soon), 'held before its time');
    assert.equal((await editor.post('/desk/embargoes/hold', soonRow!)).location, '/desk/embargoes?done=already-held');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now()) + 2_500));
    assert.equal(of('Pier repairs under embargo').length, 0, 'a held story is not published at its time');
    assert.ok(captured.lines.some((l) => l.code === 'embargo-held'), 'the release at its time published nothing');
    page = (await editor.get('/desk/embargoes')).text;
    assert.match(page, /<td>Pier repairs under embargo<\/td>[\s\S]*?held by ed/, 'listed as held, with who held it');
    assert.equal((await editor.post('/desk/embargoes/release', soonRow!)).status, 303);
    await until(() => of('Pier repairs under embargo').length === 1, 'the held story is published on release', 10_000);

    // A story in review with its embargo an hour ahead: approved and released in one step.
    const reviewRow = embargoRow((await editor.get('/desk/embargoes')).text, 'Ferry timetable under embargo', '>Ferry timetable under embargo</a>');
    assert.ok(reviewRow, 'an in-review row has the action for editors');
    assert.equal((await viewer.post('/desk/embargoes/release-review', reviewRow)).status, 403);
    assert.equal((await editor.post('/desk/embargoes/release-review', reviewRow)).location, '/desk/embargoes?done=released');
    await until(() => of('Ferry timetable under embargo').length === 1, 'the subscriber receives the story released from review', 10_000);
    assert.ok(Date.parse(of('Ferry timetable under embargo')[0]!.publishedAt) < Date.parse(of('Ferry timetable under embargo')[0]!.article.embargoedUntil!));
    assert.equal((await editor.post('/desk/embargoes/release-review', reviewRow)).location, '/desk/embargoes?done=already-released');
    assert.match((await viewer.get(`/desk/story/${encodeURIComponent(reviewRow.id)}`)).text, /state-approved">approved<\/span> · last change by ed/, 'the review entry names the editor');

    // --- admin only ---
    for (const [who, client] of [['editor', editor], ['viewer', viewer]] as const) {
      for (const path of ['/desk/admin/feeds', '/desk/admin/dead-letters']) assert.equal((await client.get(path)).status, 403, `${who}: GET ${path}`);
      assert.equal((await client.post('/desk/admin/feeds/wire/pause', {})).status, 403, `${who} may not pause a feed`);
      assert.equal((await client.post('/desk/admin/dead-letters/purge-all', { confirm: 'yes' })).status, 403, `${who} may not purge`);
    }
    assert.equal((await new Client(worker.url).get('/desk/admin/feeds')).status, 303, 'signed out: sent to the login page');
    assert.match((await admin.get('/desk')).text, /href="\/desk\/admin\/feeds">Feeds<\/a> <a href="\/desk\/admin\/dead-letters">Dead letters/, 'an admin gets the links');

    // --- feeds ---
    let feedsPage = (await admin.get('/desk/admin/feeds')).text;
    assert.match(feedsPage, /data-feed="wire"[\s\S]*?<span class="state feed-active">active<\/span>/);
    assert.match(feedsPage, /aria-label="Pause wire"/);
    assert.doesNotMatch(feedsPage, /aria-label="(Reset cursor|Poll now) wire"/, 'a folder feed has no cursor and no poll');
    assert.equal((await admin.post('/desk/admin/feeds/wire/pause', {}, null)).status, 403, 'a pause without the CSRF token is refused');
    assert.equal((await feeds.status('wire'))?.paused, false);
    const paused = await admin.post('/desk/admin/feeds/wire/pause', {});
    assert.equal(paused.location, '/desk/admin/feeds?done=pause');
    assert.equal((await feeds.status('wire'))?.paused, true);
    feedsPage = (await admin.get(paused.location)).text;
    assert.match(feedsPage, /data-feed="wire"[\s\S]*?<span class="state feed-paused">paused<\/span>/);
    assert.match(feedsPage, /aria-label="Resume wire"/);
    assert.equal((await admin.post('/desk/admin/feeds/wire/reset-cursor', {})).status, 409, 'a folder feed has no cursor to reset');
    assert.equal((await admin.post('/desk/admin/feeds/wire/resume', {})).status, 303);
    assert.equal((await feeds.status('wire'))?.paused, false);
    assert.match((await admin.get('/desk/admin/feeds')).text, /data-feed="wire"[\s\S]*?feed-active/);

    // --- dead letters: a document with a broken item dropped in the folder ---
    const good = story('urn:test:dlq-good', 'Lighthouse keeper retires', null);
    const doc = Buffer.concat([Buffer.from(`${JSON.stringify([good]).slice(0, -1)},{"type":"text","version":"1","x":"`), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"}]')]);
    await writeFile(join(wire, 'broken.json'), doc);
    await until(async () => (await letters.count()) === 1, 'the broken item dead-lettered');
    const [entry] = await letters.list();
    const listPage = (await admin.get('/desk/admin/dead-letters')).text;
    assert.match(listPage, /1 dead letter, newest first/);
    assert.ok(listPage.includes(`/desk/admin/dead-letters/${entry!.id}`), 'listed with a link');
    const show = await admin.get(`/desk/admin/dead-letters/${entry!.id}`);
    assert.equal(show.status, 200);
    assert.match(show.text, /WIREDESK_ERR_PARSE_INVALID/);
    assert.match(show.text, /The document: binary or control characters, shown as hex/);
    assert.match(show.text, /ff fe 80/, 'the bytes that are no UTF-8 in the hex view');
    assert.doesNotMatch(show.text, CONTROL, 'no control character in the page');
    assert.ok(!show.text.includes('\ufffd'), 'no undecodable byte in the page');
    const download = await admin.get(`/desk/admin/dead-letters/${entry!.id}/raw`);
    assert.equal(download.headers.get('content-type'), 'application/octet-stream');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="[0-9a-f]{16}-1\.bin"$/);
    assert.ok(download.bytes.equals(doc), 'the download is the document as it came');
    assert.equal((await editor.get(`/desk/admin/dead-letters/${entry!.id}/raw`)).status, 403);

    // Replay: the document goes back through the pipeline; its broken item comes back as a fresh entry.
    const replayed = await admin.post(`/desk/admin/dead-letters/${entry!.id}/replay`, {});
    assert.equal(replayed.location, '/desk/admin/dead-letters?done=replayed');
    await until(async () => {
      const again = await letters.get(entry!.id);
      return again !== null && Date.parse(again.at) > Date.parse(entry!.at);
    }, 'the replayed document dead-lettered again');
    // Purge one: only with the confirmation.
    assert.equal((await admin.post(`/desk/admin/dead-letters/${entry!.id}/purge`, {})).status, 400);
    assert.equal(await letters.count(), 1, 'nothing removed without the confirmation');
    assert.equal((await admin.post(`/desk/admin/dead-letters/${entry!.id}/purge`, { confirm: 'yes' })).location, '/desk/admin/dead-letters?done=purged');
    assert.equal(await letters.count(), 0);

    // A binary document with terminal control bytes is shown as hex; purge all takes every entry.
    const binary = Buffer.from([0x1b, 0x5d, 0x30, 0x3b, 0x6f, 0x77, 0x6e, 0x07, 0x00, 0x9b, 0x41, 0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e]);
    for (const [i, raw] of [binary, Buffer.from('<nitf><head>cut')].entries()) {
      await letters.record({ feed: 'wire', code: 'WIREDESK_ERR_XML_MALFORMED', message: 'cut <short> \u001b[31mred\u0007', at: new Date().toISOString(), path: '/in/\u001b]0;x\u0007.xml', contentType: null, format: null, formatHint: null, itemIndex: null, rawSha256: `${i}`.padEnd(64, 'a') }, raw);
    }
    const binaryPage = (await admin.get(`/desk/admin/dead-letters/${'0'.padEnd(16, 'a')}-doc`)).text;
    assert.match(binaryPage, /00000000 {2}1b 5d 30 3b 6f 77 6e 07 00 9b 41 3c 73 63 72 69 {2}\.\]0;own\.\.\.A&lt;scri/);
    assert.doesNotMatch(binaryPage, CONTROL, 'no control character from the bytes, the message or the path');
    assert.match(binaryPage, /cut &lt;short&gt; \\u001b\[31mred\\u0007/, 'control characters in the message are shown as escapes');
    assert.doesNotMatch((await admin.get('/desk/admin/dead-letters')).text, CONTROL, 'nor in the list');
    assert.ok(!binaryPage.includes('<script>'), 'escaped');
    const textPage = (await admin.get(`/desk/admin/dead-letters/${'1'.padEnd(16, 'a')}-doc`)).text;
    assert.match(textPage, /The document: text<\/h3><pre class="content">&lt;nitf&gt;&lt;head&gt;cut<\/pre>/);
    assert.equal((await admin.get('/desk/admin/dead-letters/not-an-id')).status, 404);
    assert.equal((await admin.post('/desk/admin/dead-letters/purge-all', {})).status, 400);
    assert.equal(await letters.count(), 2);
    assert.equal((await admin.post('/desk/admin/dead-letters/purge-all', { confirm: 'yes' })).status, 303);
    assert.equal(await letters.count(), 0);
  } finally {
    await sub.close();
    await worker.close();
    await feeds.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  }
});
