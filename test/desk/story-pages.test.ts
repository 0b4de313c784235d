import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { addUser } from '../../src/desk/users.js';
import { createReviewService, type ReviewService } from '../../src/review/review-service.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import type { Article } from '../../src/model/article.generated.js';
import { bodyWithEvidence, captionWithEvidence } from '../../src/desk/story-pages.js';
import { runCli } from '../helpers/run-cli.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';
import { deskSignIn, csrfOf } from '../helpers/desk-sign-in.js';

// Issue 16, items 4 and 5 over plain HTTP against a real worker, Redis and drop folder: versions
// and their diff, an edit as a version, the raw download, hold with a note, reject, `id@version`
// refused when stale (desk, API, CLI), evidence marked in the text, and viewers refused every POST.

const PASSWORDS = { ed: 'editor-password-1', vi: 'viewer-password-1' };
const API_TOKEN = 'api-editor-token-0123456789';

function story(guid: string, version: string, created: string, headline: string, body: string): string {
  return JSON.stringify({
    guid, type: 'text', version, versioncreated: created, pubstatus: 'usable', language: 'en', source: 'Testwire',
    headline, byline: 'By Mara Quint', body_html: body,
    associations: {
      featureimage: {
        guid: `${guid}-pic`, type: 'picture', description_text: 'Commuters wait at the ferry terminal. Photo: Ilse Voorn/Testwire',
        byline: 'Photo: Ilse Voorn/Testwire',
        renditions: { baseImage: { href: 'https://img.example.com/ferry.jpg', mimetype: 'image/jpeg', width: 1200, height: 800 } },
      },
    },
  });
}

class Browserless {
  cookie = '';
  constructor(readonly base: string) {}
  async signIn(name: keyof typeof PASSWORDS): Promise<void> {
    this.cookie = await deskSignIn(this.base, name, PASSWORDS[name]);
  }
  get(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, { redirect: 'manual', headers: { cookie: this.cookie } });
  }
  async page(path: string): Promise<string> {
    const res = await this.get(path);
    assert.equal(res.status, 200, `GET ${path}`);
    return res.text();
  }
  async csrf(path = '/desk'): Promise<string> {
    return csrfOf(await this.page(path));
  }
  post(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${this.base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }
}

test('desk story pages: versions and diff, edit as a version, raw download, hold note, reject, stale id@version refused, evidence marks, viewers refused', { skip: NO_REDIS, timeout: 120_000 }, async () => {
  const prefix = uniquePrefix('story');
  const dir = await mkdtemp(join(tmpdir(), 'wd-story-'));
  const drop = join(dir, 'drop');
  await mkdir(drop);
  const usersFile = join(dir, 'users.json');
  await addUser(usersFile, 'ed', 'editor', PASSWORDS.ed);
  await addUser(usersFile, 'vi', 'viewer', PASSWORDS.vi);
  const config: WorkerConfig = {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    tokens: new Map([[API_TOKEN, 'editor']]), tokenHolders: new Map([[API_TOKEN, 'api-ed']]),
    feeds: [{ id: 'ferrywire', kind: 'folder', routing: 'review', folder: drop, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 }],
    subscribers: [{ name: 'web' }],
    desk: { usersFile, path: '/desk', sessionIdleSeconds: 3600, secureCookies: 'auto' },
  };
  const worker: RunningWorker = await startWorker(config, { logger: capturedLogger().logger });
  const received: PublishEvent[] = [];
  const sub: Subscription = await subscribe('web', (e) => { received.push(e); }, { connection: REDIS_URL!, prefix });
  const service: ReviewService = createReviewService({ redisUrl: REDIS_URL!, prefix });
  const id = 'testwire:urn:test:story-ferry';
  const path = `/desk/story/${encodeURIComponent(id)}`;
  try {
    const ed = new Browserless(worker.url);
    await ed.signIn('ed');

    // Two versions arrive; the second changes a headline word and a body word.
    const v1 = story('urn:test:story-ferry', '1', '2026-11-30T08:00:00+0000', 'Ferry crews strike on Monday',
      '<p>KESTREL BAY (Testwire) - Ferry crews walked off the job on Monday, Mara Quint reports.</p><p>Talks resume next week.</p>');
    const v2 = story('urn:test:story-ferry', '2', '2026-11-30T09:00:00+0000', 'Ferry crews strike on Tuesday',
      '<p>KESTREL BAY (Testwire) - Ferry crews walked off the job on Tuesday, Mara Quint reports.</p><p>Talks resume next week.</p>');
    await writeFile(join(drop, 'ferry-1.json'), v1);
    await until(async () => (await service.get(id))?.versionKey !== undefined, 'version 1 in review');
    const key1 = (await service.get(id))!.versionKey;
    await writeFile(join(drop, 'ferry-2.json'), v2);
    await until(async () => { const e = await service.get(id); return !!e && e.versionKey !== key1; }, 'version 2 in review');
    const key2 = (await service.get(id))!.versionKey;

    let page = await ed.page(path);
    const versions = /<table id="versions">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    assert.match(versions, new RegExp(`<code>${key1}</code>`), 'the versions list shows version 1');
    assert.match(versions, new RegExp(`<code>${key2}</code> \\(under review\\)`), 'and version 2, under review');
    assert.match(page, /<label for="diff-from">From version<select id="diff-from" name="from">/);
    assert.match(page, /<label for="diff-to">To version<select id="diff-to" name="to">/);

    const diff = await ed.page(`${path}/diff?from=${encodeURIComponent(key1)}&to=${encodeURIComponent(key2)}`);
    const removed = (word: string): RegExp => new RegExp(`<del><span class="diff-sign" aria-hidden="true">−</span><span class="sr-only">removed: </span>${word}</del>`);
    const added = (word: string): RegExp => new RegExp(`<ins><span class="diff-sign" aria-hidden="true">\\+</span><span class="sr-only">added: </span>${word}</ins>`);
    const headlineDiff = /<div class="diff" id="diff-headline-text">([\s\S]*?)<\/div>/.exec(diff)?.[1] ?? '';
    assert.match(headlineDiff, removed('Monday'));
    assert.match(headlineDiff, added('Tuesday'));
    assert.match(headlineDiff, /^Ferry crews strike on </, 'unchanged words are shown plain');
    const bodyDiff = /<div class="diff" id="diff-body-text">([\s\S]*?)<\/div>/.exec(diff)?.[1] ?? '';
    assert.match(bodyDiff, removed('Monday'));
    assert.match(bodyDiff, added('Tuesday'));
    assert.doesNotMatch(bodyDiff, /<(ins|del)>[^<]*<span[^>]*>[^<]*<\/span><span[^>]*>[^<]*<\/span>Talks/, 'the unchanged paragraph is not marked');

    // The evidence of the byline and the photo credit is marked in the body and caption, with its rule.
    assert.match(page, /<mark class="evidence-mark">Mara Quint<\/mark><span class="evidence-label"> \[byline: \w+, rule [^\]]+\]<\/span>/);
    assert.match(page, /<figcaption>Commuters wait at the ferry terminal\. Photo: <mark class="evidence-mark">Ilse Voorn\/Testwire<\/mark>|<figcaption>Commuters wait at the ferry terminal\. <mark class="evidence-mark">Photo: Ilse Voorn\/Testwire<\/mark>/);

    // The raw download: exact bytes, as an attachment that is never sniffed.
    assert.match(page, /<dt>Raw document<\/dt><dd id="raw-document">[\d,]+ bytes · <a href="[^"]+\/raw" download>Download the raw item<\/a>/);
    assert.match(page, new RegExp(`<dd id="raw-document">${Buffer.byteLength(v2).toLocaleString('en')} bytes`), 'the provenance shows the raw size');
    for (const [key, bytes] of [[key1, v1], [key2, v2]] as const) {
      const raw = await ed.get(`${path}/versions/${encodeURIComponent(key)}/raw`);
      assert.equal(raw.status, 200);
      assert.equal(raw.headers.get('content-type'), 'application/octet-stream');
      assert.match(raw.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+"$/);
      assert.equal(raw.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(Buffer.from(await raw.arrayBuffer()).equals(Buffer.from(bytes)), `the raw bytes of ${key}`);
    }
    assert.equal((await ed.get(`${path}/versions/nope/raw`)).status, 404);

    // An edit shows up as a version, edited by the signed-in person, and can be compared.
    let csrf = await ed.csrf(path);
    const edit = await ed.post(`${path}/edit`, { csrf, versionKey: key2, headline: 'Ferry crews strike on Tuesday in Kestrel Bay' });
    assert.equal(edit.status, 303);
    page = await ed.page(path);
    assert.match(page, new RegExp(`<code>${key2}\\+edit1</code>[\\s\\S]*?<td>edited on the desk</td><td>ed</td>`));
    const editDiff = await ed.page(`${path}/diff?from=${encodeURIComponent(key2)}&to=${encodeURIComponent(`${key2}+edit1`)}`);
    assert.match(/id="diff-headline-text">([\s\S]*?)<\/div>/.exec(editDiff)?.[1] ?? '', added(' in Kestrel Bay'));

    // A viewer gets 403 on every POST, with a valid token of their own.
    const vi = new Browserless(worker.url);
    await vi.signIn('vi');
    const viCsrf = await vi.csrf(path);
    assert.doesNotMatch(await vi.page(path), /name="note"/, 'a viewer sees no note field');
    for (const action of ['approve', 'hold', 'reject', 'kill', 'edit']) {
      assert.equal((await vi.post(`${path}/${action}`, { csrf: viCsrf, version: key2, note: 'x' })).status, 403, `viewer ${action}`);
    }

    // id@version of a version no longer under review is refused on the desk, the API and the CLI.
    csrf = await ed.csrf(path);
    const staleDesk = await ed.post(`/desk/story/${encodeURIComponent(`${id}@${key1}`)}/approve`, { csrf });
    assert.equal(staleDesk.status, 409);
    assert.match(await staleDesk.text(), new RegExp(`version under review is now <code>${key2}</code>`));
    const staleEdit = await ed.post(`/desk/story/${encodeURIComponent(`${id}@${key1}`)}/edit`, { csrf, headline: 'Edited through a stale link' });
    assert.equal(staleEdit.status, 409, 'an edit through id@version of an older version is refused');
    assert.equal((await service.get(id))!.headline, 'Ferry crews strike on Tuesday in Kestrel Bay');
    const staleForm = await ed.post(`${path}/hold`, { csrf, version: key1, note: 'old page' });
    assert.equal(staleForm.status, 409, 'a form from a page showing an older version is refused');
    assert.match(await ed.page(`/desk/story/${encodeURIComponent(`${id}@${key1}`)}`), /You asked for version <code>[^<]+<\/code>, but the version under review is/);
    const staleApi = await fetch(`${worker.url}/review/${encodeURIComponent(`${id}@${key1}`)}/approve`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}` } });
    assert.equal(staleApi.status, 409);
    assert.equal((await staleApi.json() as { error: string }).error, 'WIREDESK_ERR_REVIEW_STALE_VERSION');
    const target = ['--redis', REDIS_URL!, '--prefix', prefix];
    const staleCli = await runCli(['review', 'approve', `${id}@${key1}`, ...target]);
    assert.equal(staleCli.code, 1);
    assert.match(staleCli.stderr, /not the version under review/);
    assert.equal((await service.get(id))!.state, 'pending', 'nothing acted on another version');

    // Hold with a note: stored with the entry and shown on the page.
    const hold = await ed.post(`${path}/hold`, { csrf, version: key2, note: 'Check the <b>ferry</b> numbers with the port.' });
    assert.equal(hold.status, 303);
    const held = (await service.get(id))!;
    assert.equal(held.state, 'held');
    assert.deepEqual({ text: held.note?.text, by: held.note?.by, action: held.note?.action }, { text: 'Check the <b>ferry</b> numbers with the port.', by: 'ed', action: 'held' });
    page = await ed.page(path);
    assert.match(page, /<blockquote id="story-note">Check the &lt;b&gt;ferry&lt;\/b&gt; numbers with the port\.<\/blockquote>/);
    assert.match(page, /<label for="note-hold" class="note-label">Note with the hold<textarea id="note-hold" name="note"/);

    // Reject (with id@version of the version under review): rejected, nothing published.
    const reject = await ed.post(`/desk/story/${encodeURIComponent(`${id}@${key2}`)}/reject`, { csrf, note: 'Duplicate of our own story.' });
    assert.equal(reject.status, 303);
    const rejected = (await service.get(id))!;
    assert.equal(rejected.state, 'rejected');
    assert.equal(rejected.note?.text, 'Duplicate of our own story.');
    assert.match(await ed.page(path), /<span id="story-state" class="state state-rejected">rejected<\/span>/);
    assert.equal((await ed.post(`${path}/approve`, { csrf, version: key2 })).status, 409, 'a rejected story cannot be approved');
    const list = await runCli(['review', 'list', '--state', 'rejected', ...target]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`rejected\\s+\\S+\\s+${id.replace(/[.]/g, '\\.')}@${key2}`));

    // A control story approved through the API with its exact id@version reaches the subscriber;
    // by then the rejected one has sent nothing.
    await writeFile(join(drop, 'control.json'), story('urn:test:story-control', '1', '2026-11-30T10:00:00+0000', 'Harbour reopens', '<p>The harbour reopened.</p>'));
    const control = 'testwire:urn:test:story-control';
    await until(async () => !!(await service.get(control)), 'the control story in review');
    const controlKey = (await service.get(control))!.versionKey;
    const ok = await fetch(`${worker.url}/review/${encodeURIComponent(`${control}@${controlKey}`)}/reject`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ note: 'api note' }) });
    assert.equal(ok.status, 200, 'the API rejects too');
    assert.deepEqual((await service.get(control))?.note?.by, 'api-ed');
    await writeFile(join(drop, 'control-2.json'), story('urn:test:story-control2', '1', '2026-11-30T10:00:00+0000', 'Harbour reopens again', '<p>Again.</p>'));
    const control2 = 'testwire:urn:test:story-control2';
    await until(async () => !!(await service.get(control2)), 'the second control story in review');
    // The CLI holds with a note too (a note with approve is a usage error).
    const cliHold = await runCli(['review', 'hold', control2, '--note', 'Waiting for the port authority.', '--by', 'cli-ed', ...target]);
    assert.equal(cliHold.code, 0, cliHold.stderr);
    assert.deepEqual({ state: (await service.get(control2))?.state, note: (await service.get(control2))?.note?.text }, { state: 'held', note: 'Waiting for the port authority.' });
    assert.equal((await runCli(['review', 'approve', control2, '--note', 'x', ...target])).code, 2);
    const approved = await fetch(`${worker.url}/review/${encodeURIComponent(control2)}/approve`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}` } });
    assert.equal(approved.status, 200);
    await until(() => received.length >= 1, 'the approved control story is published');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(received.map((e) => e.article.id), [control2], 'the rejected stories sent nothing to the subscriber');
  } finally {
    await service.close();
    await sub.close();
    await worker.close();
    const redis = new Redis(REDIS_URL!);
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  }
});

test('evidence marks: inside text nodes only, escaped, with the rule as a visible label', () => {
  const article = {
    body: { html: '<p>By <b>Ann</b> Lee &amp; co. <a href="https://x.example/">Ann Lee</a> wrote this; &lt;script&gt; stays text.</p>', text: '' },
    bylines: [{ name: 'Ann Lee', role: 'author', affiliation: null, location: null, evidence: { from: 'text', rule: 'by-<line>' } }],
    pictures: [],
  } as unknown as Article;
  const out = bodyWithEvidence(article).value;
  assert.match(out, /<a href="https:\/\/x\.example\/"><mark class="evidence-mark">Ann Lee<\/mark><span class="evidence-label"> \[byline: text, rule by-&lt;line&gt;\]<\/span><\/a>/, 'marked where the text node holds the whole name, not across <b>');
  assert.match(out, /&lt;script&gt; stays text/);
  assert.doesNotMatch(out, /<script/);
  const caption = captionWithEvidence({ caption: 'Gulls <img src=x> (Photo: J. Roe/Wire)', credit: { raw: 'J. Roe/Wire', photographer: 'J. Roe', agencies: [], via: null, flags: [], evidence: { from: 'element', rule: 'credit' } } } as unknown as Article['pictures'][number]).value;
  assert.equal(caption, 'Gulls &lt;img src=x&gt; (Photo: <mark class="evidence-mark">J. Roe/Wire</mark><span class="evidence-label"> [credit: element, rule credit]</span>)');
});
