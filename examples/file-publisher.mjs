#!/usr/bin/env node
// An example downstream publisher: subscribes to one wiredesk subscriber queue and keeps a
// directory with the current version of every story as <id>.json; a kill removes the story and
// leaves <id>.killed.json. Run it against a deployment (after `npm run build`):
//
//   REDIS_URL=redis://127.0.0.1:6379 node examples/file-publisher.mjs web ./published [prefix]
//
// It shows the three things every subscriber must do: handle the three events, stay idempotent
// (the same event may be handled twice after a crash), and never let an older version overwrite
// a newer one (two versions of a story may be delivered close together by different workers).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { subscribe } from 'wiredesk/subscriber';

const [name, dir, prefix] = process.argv.slice(2);
if (!name || !dir) {
  process.stderr.write('usage: node examples/file-publisher.mjs <subscriber> <directory> [prefix]\n');
  process.exit(2);
}
await mkdir(dir, { recursive: true });

const fileOf = (id, suffix = '.json') => join(dir, `${id.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 200)}${suffix}`);

/** Written to a temporary name, then renamed: a reader never sees half a file. */
async function writeAtomically(path, data) {
  await writeFile(`${path}.tmp`, JSON.stringify(data, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
}

async function current(id) {
  try {
    return JSON.parse(await readFile(fileOf(id), 'utf8'));
  } catch {
    return null;
  }
}

const sub = await subscribe(name, async ({ event, article, previous }, { key }) => {
  if (event === 'article.kill') {
    await rm(fileOf(article.id), { force: true });
    await writeAtomically(fileOf(article.id, '.killed.json'), { id: article.id, killedBy: key, headline: article.headline });
    process.stdout.write(`killed   ${article.id}\n`);
    return;
  }
  const have = await current(article.id);
  if (have && have.versionCreated && article.versionCreated && Date.parse(have.versionCreated) > Date.parse(article.versionCreated)) {
    process.stdout.write(`skipped  ${key} (older than what we have)\n`);
    return;
  }
  await writeAtomically(fileOf(article.id), article);
  process.stdout.write(`${event === 'article.correct' ? 'corrected' : 'upserted '} ${key}${previous ? ` (was ${previous})` : ''}: ${article.headline ?? ''}\n`);
}, { connection: process.env.REDIS_URL, ...(prefix ? { prefix } : {}) });

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    sub.close().then(() => process.exit(0));
  });
}
