import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDropFolder } from '../../src/sources/drop-folder.js';
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

const STORY = '<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="1">';

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

test('a file over the size cap or one the queue refuses goes to error/ with a reason file', async () => {
  await withFolder(async (dir) => {
    let refuse = false;
    const ctx = {
      enqueue: async (): Promise<string> => {
        if (refuse) throw new Error('redis is down');
        return 'id';
      },
      logger: capturedLogger().logger,
    };
    const src = await startDropFolder(folderFeed(dir, { maxBytes: 100 }), ctx);
    try {
      await writeFile(join(dir, 'huge.xml'), 'x'.repeat(500));
      await src.scan();
      await src.scan();
      refuse = true;
      await writeFile(join(dir, 'refused.xml'), STORY.slice(0, 90));
      await src.scan();
      await src.scan();
      const errors = (await readdir(join(dir, 'error'))).sort();
      assert.deepEqual(errors, ['huge.xml', 'huge.xml.reason.json', 'refused.xml', 'refused.xml.reason.json']);
      const reason = JSON.parse(await readFile(join(dir, 'error', 'huge.xml.reason.json'), 'utf8')) as { code: string; file: string };
      assert.equal(reason.code, 'WIREDESK_ERR_INPUT_TOO_LARGE');
      assert.equal(reason.file, join(dir, 'huge.xml'));
      const refused = JSON.parse(await readFile(join(dir, 'error', 'refused.xml.reason.json'), 'utf8')) as { code: string; message: string };
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
