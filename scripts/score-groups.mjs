// Is extraction general? Scores the fundus pages in the groups `dev-ids.all.txt` names (the first
// 40 pages the extractor grew up on, the 131 added later) side by side, with the same scorer and
// the built CLI. A rule that helps only the pages someone looked at shows as a gap between groups.
// Usage: npm run build && npm run score:groups [-- --corpus DIR] (needs ../shared beside the checkout).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const scorer = join(root, '..', 'shared', 'eval', 'score.mjs');
const at = process.argv.indexOf('--corpus');
const corpus = at > 0 ? process.argv[at + 1] : join(root, '..', 'shared', 'corpus');
const idsFile = join(root, '..', 'shared', 'corpus', 'fundus-test-data', 'dev-ids.all.txt');
if (!existsSync(scorer) || !existsSync(idsFile)) {
  console.error(`score-groups: the shared scorer and corpus are not beside the checkout (${scorer}); nothing to score`);
  process.exit(0);
}

const groups = new Map();
for (const line of readFileSync(idsFile, 'utf8').split('\n')) {
  const [id, , group] = line.trim().split(/\s+/);
  if (id && group && line.includes('included')) groups.set(group, [...(groups.get(group) ?? []), id]);
}

const dir = mkdtempSync(join(tmpdir(), 'wiredesk-groups-'));
const METRICS = ['headline_acc', 'byline_f1', 'date_acc', 'date_day_acc', 'body_f1', 'caption_f1', 'credit_acc'];
const result = {};
try {
  for (const [group, ids] of [['all', [...groups.values()].flat()], ...groups]) {
    const list = join(dir, `${group}.txt`);
    const out = join(dir, `${group}.json`);
    writeFileSync(list, ids.join('\n') + '\n');
    execFileSync(process.execPath, [scorer, '--suite', 'fundus', '--corpus', corpus, '--ids', list, '--json', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const fundus = JSON.parse(readFileSync(out, 'utf8')).fundus ?? {};
    result[group] = { pages: ids.length, ...Object.fromEntries(METRICS.map((m) => [m, fundus[m] ?? null])) };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
