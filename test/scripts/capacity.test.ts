import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

// Issue 17 item 6: docs/capacity.md's figures are computed from a pipeline bench JSON by
// scripts/capacity.mjs, which rewrites the document's marked section or checks it.

const script = join(PACKAGE_ROOT, 'scripts', 'capacity.mjs');
const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface Run { storiesPerSecond: number; burst: { stories: number }; perStory: { workerMs: number; memoryBytes: number; redisMasterCommands: number }; shards?: Array<{ master: { cpuSeconds: number } }> }
const small = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test/data/capacity-bench.json'), 'utf8')) as { single: Run; cluster: Run };

test('the capacity script turns a bench JSON into the model: measured rows and scale steps computed from its figures', () => {
  const r = run('--print', 'test/data/capacity-bench.json');
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /^Figures from `test\/data\/capacity-bench\.json`/);
  const c = small.cluster;
  // The measured rows are the JSON's.
  assert.ok(out.includes(`| stories/s in the burst | ${small.single.storiesPerSecond} | ${c.storiesPerSecond} (`), out);
  // Today: 10 stories/s at peak, 40,000 a day kept 30 days; 1000x: 10,000 stories/s.
  const row = (label: string): string[] => out.split('\n').find((l) => l.startsWith(`| ${label} |`))!.split('|').map((x) => x.trim()).slice(1, -1);
  const today = row('today');
  const x1000 = row('1000x');
  assert.equal(today[1], '10');
  assert.equal(today[2], '1,200,000');
  assert.equal(x1000[1], '10,000');
  // Worker processes: the workers' CPU per story at 70% of a core each.
  assert.equal(x1000[3], (Math.ceil((10_000 * c.perStory.workerMs) / 1000 / 0.7)).toLocaleString('en-US'));
  // Redis master cores: the masters' CPU seconds of the burst per story.
  const mastersMs = (1000 * c.shards!.reduce((a, s) => a + s.master.cpuSeconds, 0)) / c.burst.stories;
  assert.equal(x1000[4], ((10_000 * mastersMs) / 1000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  // Commands per second: the masters' commands per story at the peak.
  assert.equal(today[7], (10 * c.perStory.redisMasterCommands).toLocaleString('en-US', { maximumFractionDigits: 0 }));
  // Memory: used_memory per story held, times the stories retained.
  assert.equal(today[6], `${((1_200_000 * c.perStory.memoryBytes) / 2 ** 30).toFixed(1)} GiB`);
  // What runs out first is named, and the per-limit table has every step.
  assert.match(today[10]!, /^one .+: \d[\d,]*%$/);
  assert.match(out, /\| limit \| today \| 10x \| 100x \| 1000x \|/);
});

test('docs/capacity.md is in sync with the committed bench JSON; --check finds a stale copy and a rewrite mends it', () => {
  const files = ['bench/results/pipeline-cluster.json', 'bench/results/pipeline-cluster-chaos.json'];
  const ok = run('--check', ...files);
  assert.equal(ok.status, 0, ok.stderr);
  const doc = readFileSync(join(PACKAGE_ROOT, 'docs/capacity.md'), 'utf8');
  for (const f of files) assert.ok(doc.includes(`\`${f}\``), `docs/capacity.md names ${f}`);
  // docs/redis-keys.md's measured keys per story come from the same JSON.
  const keys = readFileSync(join(PACKAGE_ROOT, 'docs/redis-keys.md'), 'utf8');
  assert.ok(keys.includes(`From \`${files[0]}\``), 'docs/redis-keys.md names the bench JSON');
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-capacity-'));
  try {
    const copy = join(dir, 'capacity.md');
    const keysCopy = join(dir, 'redis-keys.md');
    writeFileSync(copy, doc.replace(/\| stories\/s in the burst \| \d+/, '| stories/s in the burst | 1'));
    writeFileSync(keysCopy, keys);
    const stale = run('--check', '--doc', copy, '--keys-doc', keysCopy, ...files);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /capacity\.md is not in sync/);
    assert.equal(run('--doc', copy, '--keys-doc', keysCopy, ...files).status, 0);
    assert.equal(readFileSync(copy, 'utf8'), doc);
    // A stale key census is found as well.
    writeFileSync(keysCopy, keys.replace(/\| story \| 3\.00 \|/, '| story | 9.00 |'));
    const staleKeys = run('--check', '--doc', copy, '--keys-doc', keysCopy, ...files);
    assert.equal(staleKeys.status, 1);
    assert.match(staleKeys.stderr, /redis-keys\.md is not in sync/);
    // A JSON that is not a --cluster run is refused with the reason.
    const single = join(dir, 'single.json');
    writeFileSync(single, JSON.stringify({ scenario: 'pipeline', storiesPerSecond: 1 }));
    const refused = run('--print', single);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /no single\/cluster runs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the slot layout: what an event and a story\'s keys cost are fitted from the masters, and the balanced shares follow from them', async () => {
  const { slotLayout } = (await import(join(PACKAGE_ROOT, 'scripts', 'capacity.mjs'))) as { slotLayout: (run: unknown) => { E: number; S: number; rho: number; rows: Array<{ port: number; recommended: number }> } | null };
  // Masters with a third of the slots each; two serve a subscriber's queue. An event costs 40 commands, a story's keys 100 over all slots.
  const stories = 1000;
  const shard = (port: number, slots: string, queues: string[], share: number): unknown => ({
    master: { port, commands: stories * (40 * queues.filter((q) => q.startsWith('publish.')).length + 100 * share) }, replicas: [], slots, queues,
  });
  const run = { burst: { stories }, shards: [shard(1, '0-5460', ['publish.a', 'embargo'], 5461 / 16384), shard(2, '5461-10922', ['publish.b'], 5462 / 16384), shard(3, '10923-16383', ['ingest'], 5461 / 16384)] };
  const fit = slotLayout(run)!;
  assert.ok(Math.abs(fit.E - 40) < 1e-6 && Math.abs(fit.S - 100) < 1e-6, JSON.stringify(fit));
  assert.ok(Math.abs(fit.rho - 0.4) < 1e-9);
  // 1/3 + 0.4 * (2/3 - q): a fifth for each subscriber queue's master, three fifths for the ingest one.
  assert.deepEqual(fit.rows.map((r) => Number(r.recommended.toFixed(3))), [0.2, 0.2, 0.6]);
  // One master only: nothing to lay out.
  assert.equal(slotLayout({ burst: { stories }, shards: [shard(1, '0-16383', ['publish.a'], 1)] }), null);
});
