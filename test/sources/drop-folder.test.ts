import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile, mkdir, utimes, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDropFolder, boundedName } from '../../src/sources/drop-folder.js';
import type { FolderFeed } from '../../src/config/config.js';
import type { RawItemJob } from '../../src/queue/contract.js';
import { capturedLogger } from '../worker/redis-env.js';

// The folder's own timer is set to an hour: each test drives the scans itself with scan().
function folderFeed(folder: string, extra: Partial<FolderFeed> = {}): FolderFeed {
  return { id: 'drop', kind: 'folder', folder, routing: 'publish', pollIntervalSeconds: 3600, maxBytes: 1_000_000, ...extra };
}

async function withFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-drop-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A whole story (the drop folder checks each file with the pipeline's reader before it enqueues it).
const STORY = JSON.stringify({
  guid: 'urn:x:1', type: 'text', version: '1', versioncreated: '2026-03-02T07:00:00+0000', language: 'en',
  headline: 'Harbour cranes idle as dockworkers strike', body_html: '<p>The cranes stood still on Monday as the strike went into its second day, the port said.</p>',
});

test('a file still being written is left alone until its size and mtime hold still across two scans', async () => {
  await withFolder(async (dir) => {
    const jobs: RawItemJob[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger });
    try {
      const file = join(dir, 'story.xml');
      await writeFile(file, STORY.slice(0, 40));
      await src.scan(); // first sight
      await appendFile(file, STORY.slice(40, 80));
      await utimes(file, new Date(), new Date(Date.now() + 5_000)); // the upload goes on: size and mtime move
      await src.scan();
      assert.equal(jobs.length, 0, 'a growing file is not claimed');
      await appendFile(file, STORY.slice(80));
      await utimes(file, new Date(), new Date(Date.now() + 10_000));
      await src.scan();
      assert.equal(jobs.length, 0);
      await src.scan(); // unchanged since the last scan: complete
      assert.equal(jobs.length, 1);
      assert.equal(Buffer.from(jobs[0]!.bytes, 'base64').toString(), STORY, 'the whole file, not a prefix');
      assert.equal(jobs[0]!.path, file);
      assert.deepEqual(await readdir(join(dir, 'done')), ['story.xml']);
      assert.deepEqual(await readdir(join(dir, '.processing')), []);
      assert.ok(!(await readdir(dir)).includes('story.xml'));
    } finally {
      await src.stop();
    }
  });
});

test('partial-upload names (.part, .tmp, dot-files) are never taken', async () => {
  await withFolder(async (dir) => {
    const jobs: RawItemJob[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger });
    try {
      for (const name of ['a.xml.part', 'b.tmp', '.c.xml', 'd.filepart']) await writeFile(join(dir, name), STORY);
      await src.scan();
      await src.scan();
      assert.equal(jobs.length, 0);
    } finally {
      await src.stop();
    }
  });
});

test('a file that arrived while the worker was down is taken after start (rescan), and two sources claim it once', async () => {
  await withFolder(async (dir) => {
    await writeFile(join(dir, 'early.xml'), STORY);
    const jobs: RawItemJob[] = [];
    const ctx = { enqueue: async (j: RawItemJob) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger };
    const a = await startDropFolder(folderFeed(dir), ctx); // start-up scan: first sight
    const b = await startDropFolder(folderFeed(dir), ctx);
    try {
      await Promise.all([a.scan(), b.scan()]);
      await Promise.all([a.scan(), b.scan()]);
      assert.equal(jobs.length, 1, 'the atomic rename lets exactly one claim win');
      assert.deepEqual(await readdir(join(dir, 'done')), ['early.xml']);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

test('a file over the size cap or one the queue refuses goes to error/ with <name>.error.json', async () => {
  await withFolder(async (dir) => {
    let refuse = false;
    const ctx = {
      enqueue: async (): Promise<string> => {
        if (refuse) throw new Error('redis is down');
        return 'id';
      },
      logger: capturedLogger().logger,
    };
    const src = await startDropFolder(folderFeed(dir, { maxBytes: 1000 }), ctx);
    try {
      await writeFile(join(dir, 'huge.xml'), 'x'.repeat(5000));
      await src.scan();
      await src.scan();
      refuse = true;
      await writeFile(join(dir, 'refused.xml'), STORY);
      await src.scan();
      await src.scan();
      const errors = (await readdir(join(dir, 'error'))).sort();
      assert.deepEqual(errors, ['huge.xml', 'huge.xml.error.json', 'refused.xml', 'refused.xml.error.json']);
      const reason = JSON.parse(await readFile(join(dir, 'error', 'huge.xml.error.json'), 'utf8')) as { code: string; file: string };
      assert.equal(reason.code, 'WIREDESK_ERR_INPUT_TOO_LARGE');
      assert.equal(reason.file, join(dir, 'huge.xml'));
      const refused = JSON.parse(await readFile(join(dir, 'error', 'refused.xml.error.json'), 'utf8')) as { code: string; message: string };
      assert.equal(refused.code, 'WIREDESK_ERR_INTERNAL');
      assert.match(refused.message, /redis is down/);
    } finally {
      await src.stop();
    }
  });
});

test('a claim orphaned in .processing/ by a dead worker is put back and taken on restart', async () => {
  await withFolder(async (dir) => {
    await mkdir(join(dir, '.processing'));
    await writeFile(join(dir, '.processing', '4242-7-orphan.xml'), STORY);
    const jobs: RawItemJob[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger }, { orphanAfterMs: 0 });
    try {
      await src.scan();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.path, join(dir, 'orphan.xml'));
      assert.deepEqual(await readdir(join(dir, 'done')), ['orphan.xml']);
    } finally {
      await src.stop();
    }
  });
});

test('a file the pipeline cannot read (malformed XML, unknown format, no story) goes to error/ with <name>.error.json, not done/; a good one to done/', async () => {
  await withFolder(async (dir) => {
    const jobs: RawItemJob[] = [];
    const errors: string[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger, onError: (_f, code) => errors.push(code) });
    try {
      await writeFile(join(dir, 'cut.xml'), '<?xml version="1.0"?>\n<nitf><head><title>Broken</title></head><body><body.content><p>cut off');
      await writeFile(join(dir, 'picture.bin'), Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00, 0xfe, 0xff, 0x00]));
      await writeFile(join(dir, 'good.json'), STORY);
      await src.scan();
      await src.scan();
      assert.deepEqual(jobs.map((j) => j.path), [join(dir, 'good.json')], 'only the readable file is enqueued');
      assert.deepEqual(await readdir(join(dir, 'done')), ['good.json']);
      assert.deepEqual((await readdir(join(dir, 'error'))).sort(), ['cut.xml', 'cut.xml.error.json', 'picture.bin', 'picture.bin.error.json']);
      const cut = JSON.parse(await readFile(join(dir, 'error', 'cut.xml.error.json'), 'utf8')) as { code: string; message: string; file: string; stage: string };
      assert.equal(cut.code, 'WIREDESK_ERR_XML_MALFORMED');
      assert.ok(cut.message.length > 0);
      assert.equal(cut.file, join(dir, 'cut.xml'));
      assert.equal(cut.stage, 'parse');
      const bin = JSON.parse(await readFile(join(dir, 'error', 'picture.bin.error.json'), 'utf8')) as { code: string };
      assert.match(bin.code, /^WIREDESK_ERR_/);
      assert.deepEqual(errors.sort(), [bin.code, 'WIREDESK_ERR_XML_MALFORMED'].sort(), 'each counted by its code');
    } finally {
      await src.stop();
    }
  });
});

test('done/ and error/ are cleaned after doneRetentionDays (counted from the move); newer files stay', async () => {
  await withFolder(async (dir) => {
    let clock = Date.now();
    const src = await startDropFolder(folderFeed(dir, { doneRetentionDays: 2 }), { enqueue: async () => 'id', logger: capturedLogger().logger }, { now: () => clock });
    try {
      await writeFile(join(dir, 'story.json'), STORY);
      await writeFile(join(dir, 'cut.xml'), '<nitf><head>');
      // An upload that kept its sender's old mtime: the retention counts from the move, not from it.
      const old = new Date(Date.now() - 30 * 86_400_000);
      await utimes(join(dir, 'story.json'), old, old);
      await src.scan();
      await src.scan();
      assert.deepEqual(await readdir(join(dir, 'done')), ['story.json']);
      assert.equal(await src.sweep(), 0, 'just moved: kept');
      clock += 1.5 * 86_400_000;
      await writeFile(join(dir, 'later.json'), STORY.replace('urn:x:1', 'urn:x:2'));
      await src.scan();
      await src.scan();
      clock += 1 * 86_400_000;
      assert.equal(await src.sweep(), 3, 'story.json, cut.xml and its .error.json are past two days');
      assert.deepEqual(await readdir(join(dir, 'done')), ['later.json']);
      assert.deepEqual(await readdir(join(dir, 'error')), []);
    } finally {
      await src.stop();
    }
  });
});

test('file names of 240-255 bytes are claimed (short claim names), enqueued under their full name and stored under a bounded one', async () => {
  await withFolder(async (dir) => {
    const jobs: RawItemJob[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger });
    try {
      const names = [`${'a'.repeat(236)}.json`, `${'é'.repeat(120)}${'b'.repeat(6)}.json`, `${'c'.repeat(250)}.xml`];
      assert.deepEqual(names.map((n) => Buffer.byteLength(n)), [241, 251, 254]);
      await writeFile(join(dir, names[0]!), STORY);
      await writeFile(join(dir, names[1]!), STORY.replace('urn:x:1', 'urn:x:2'));
      await writeFile(join(dir, names[2]!), '<nitf><head>'); // fails: error/ with a sidecar, its name bounded too
      await src.scan();
      await src.scan();
      assert.deepEqual(jobs.map((j) => j.path).sort(), [join(dir, names[0]!), join(dir, names[1]!)].sort());
      assert.deepEqual(await readdir(dir).then((l) => l.filter((n) => !['done', 'error', '.processing'].includes(n))), [], 'every file was taken');
      const doneNames = await readdir(join(dir, 'done'));
      assert.equal(doneNames.length, 2);
      for (const n of doneNames) assert.ok(Buffer.byteLength(n) <= 223 && n.endsWith('.json'), n);
      const errorNames = (await readdir(join(dir, 'error'))).sort();
      assert.equal(errorNames.length, 2);
      const sidecar = JSON.parse(await readFile(join(dir, 'error', errorNames.find((n) => n.endsWith('.error.json'))!), 'utf8')) as { name: string; code: string };
      assert.equal(sidecar.name, names[2], 'the sidecar keeps the full name');
      assert.deepEqual(await readdir(join(dir, '.processing')), [], 'no claim or sidecar left behind');
    } finally {
      await src.stop();
    }
  });
});

test('a claim that fails for another reason than a rival worker (EXDEV here) is logged and counted once, not taken for a lost race', async (t) => {
  const shm = '/dev/shm';
  const other = await mkdtemp(join(shm, 'wiredesk-claim-')).catch(() => null);
  if (!other) {
    t.skip('no second file system at /dev/shm');
    return;
  }
  await withFolder(async (dir) => {
    try {
      await symlink(other, join(dir, '.processing'));
      const { logger, lines } = capturedLogger();
      const errors: string[] = [];
      const src = await startDropFolder(folderFeed(dir), { enqueue: async () => 'id', logger, onError: (_f, code) => errors.push(code) });
      try {
        await writeFile(join(dir, 'story.json'), STORY);
        for (let i = 0; i < 4; i++) await src.scan();
        const said = lines.filter((l) => l.msg === 'drop file cannot be claimed');
        if (said.length === 0) {
          t.skip('rename across /dev/shm did not fail here');
          return;
        }
        assert.equal(said.length, 1, 'said once, not on every scan');
        assert.equal(said[0]!.code, 'EXDEV');
        assert.equal(said[0]!.file, 'story.json');
        assert.deepEqual(errors, ['WIREDESK_ERR_INPUT_UNREADABLE']);
        assert.deepEqual(await readdir(other), [], 'no sidecar left for a claim that did not happen');
      } finally {
        await src.stop();
      }
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

test('an orphaned short claim is put back under its original name (from its sidecar)', async () => {
  await withFolder(async (dir) => {
    const long = `${'d'.repeat(245)}.json`;
    await mkdir(join(dir, '.processing'));
    await writeFile(join(dir, '.processing', '4242-9-0123456789abcdef'), STORY);
    await writeFile(join(dir, '.processing', '4242-9-0123456789abcdef.name'), long);
    const jobs: RawItemJob[] = [];
    const src = await startDropFolder(folderFeed(dir), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger }, { orphanAfterMs: 0 });
    try {
      await src.scan();
      await src.scan();
      assert.deepEqual(jobs.map((j) => j.path), [join(dir, long)]);
      assert.deepEqual(await readdir(join(dir, '.processing')), []);
    } finally {
      await src.stop();
    }
  });
});

test('boundedName: short names unchanged; long ones cut on a character boundary with a hash of the whole name, distinct and within the limit', () => {
  assert.equal(boundedName('story.xml'), 'story.xml');
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const name = `${'é'.repeat(100 + (i % 30))}${'x'.repeat(i)}-${i}.newsml.xml`;
    const b = boundedName(name);
    assert.ok(Buffer.byteLength(b) <= 223, b);
    assert.ok(!b.includes('\ufffd'));
    if (Buffer.byteLength(name) > 223) assert.match(b, /~[0-9a-f]{16}\.xml$/);
    assert.ok(!seen.has(b), 'distinct names stay distinct');
    seen.add(b);
  }
});

test('a file whose check parse passes the deadline goes to error/ with WIREDESK_ERR_PARSE_TIMEOUT, not to the queue', async () => {
  await withFolder(async (dir) => {
    const jobs: RawItemJob[] = [];
    const errors: string[] = [];
    // A deadline far below what 4,000 items take to parse: the parse thread is stopped at it.
    const src = await startDropFolder(folderFeed(dir, { maxBytes: 50_000_000 }), { enqueue: async (j) => { jobs.push(j); return 'id'; }, logger: capturedLogger().logger, onError: (_f, code) => errors.push(code) }, { parseTimeoutMs: 5 });
    try {
      const items = Array.from({ length: 4000 }, (_, i) => `<item><title>Tide report ${i}</title><guid>urn:test:tide-${i}</guid><description>Harbour levels at the quay, reading ${i}.</description></item>`).join('');
      await writeFile(join(dir, 'big.rss'), `<?xml version="1.0"?><rss version="2.0"><channel><title>Tides</title>${items}</channel></rss>`);
      await src.scan();
      await src.scan();
      const why = JSON.parse(await readFile(join(dir, 'error', 'big.rss.error.json'), 'utf8')) as { code: string; stage: string };
      assert.equal(why.code, 'WIREDESK_ERR_PARSE_TIMEOUT');
      assert.equal(why.stage, 'parse');
      assert.deepEqual(jobs, [], 'not enqueued');
      assert.deepEqual(errors, ['WIREDESK_ERR_PARSE_TIMEOUT']);
    } finally {
      await src.stop();
    }
  });
});
