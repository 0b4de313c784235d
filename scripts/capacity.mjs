// The capacity model of docs/capacity.md (issue 17 item 6), computed from a pipeline bench JSON:
//
//   node scripts/capacity.mjs [--check] [--print] [--doc FILE] [--keys-doc FILE] BENCH.json [CHAOS.json]
//
// BENCH.json is the output of `npm run bench -- pipeline --json --cluster` (the single server's run
// and the cluster's), CHAOS.json optionally that of `… --cluster --chaos` (the failover figures).
// The generated part of the document lies between the markers below; the rest is written by hand.
// It also writes the measured keys per story into docs/redis-keys.md (between its keys markers).
// Without flags the script rewrites that part; `--check` exits 1 when the document is not what the
// JSON gives (the tests run it on the committed files), `--print` writes the part to stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const BEGIN = '<!-- capacity:begin -->';
const END = '<!-- capacity:end -->';

/**
 * The load taken as "today" and what one unit of each resource is taken to give. Today: the full
 * services of AP, Reuters, AFP and dpa together, about 40,000 items a day (tens of thousands), with
 * big-news bursts of 600 a minute held for minutes (hundreds a minute): the peak, 10 stories/s, is
 * what the pipeline must keep up with; the daily volume is what the retention holds.
 */
export const ASSUMPTIONS = {
  storiesPerDay: 40_000,
  peakPerSecond: 10,
  retentionDays: 30,
  subscribers: 2,
  /** Busy share of a core (a worker process, a Redis shard) planned for; the rest is headroom for bursts. */
  utilization: 0.7,
  /** used_memory planned per master (the host needs as much again for AOF-rewrite forks and fragmentation). */
  shardMemoryBytes: 8 * 2 ** 30,
  /** Network one Redis node moves (1 Gbit/s). */
  nodeNetworkBytesPerSecond: 125e6,
  steps: [1, 10, 100, 1000],
};

const fmt = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const bytes = (b) => (b >= 2 ** 30 ? `${fmt(b / 2 ** 30, 1)} GiB` : b >= 2 ** 20 ? `${fmt(b / 2 ** 20, 1)} MiB` : b >= 1024 ? `${fmt(b / 1024, 1)} KiB` : `${fmt(b)} B`);
const pct = (x) => `${fmt(100 * x)}%`;

/** The per-story figures of one run (the bench's `single` or `cluster`). */
function runFigures(run) {
  const stories = run.burst.stories;
  const shards = run.shards ?? null;
  const mastersCpu = shards ? shards.reduce((a, s) => a + (s.master.cpuSeconds ?? 0), 0) : (run.redisNodes?.[0]?.cpuSeconds ?? 0);
  const replicasCpu = shards ? shards.reduce((a, s) => a + s.replicas.reduce((b, r) => b + (r.cpuSeconds ?? 0), 0), 0) : 0;
  // The busiest master: one queue's shard can take no more than one core, whatever the shard count.
  const hot = shards ? shards.reduce((a, s) => ((s.master.cpuSeconds ?? 0) > (a.master.cpuSeconds ?? 0) ? s : a)) : null;
  return {
    storiesPerSecond: run.storiesPerSecond,
    p99Ms: run.steady.p99Ms,
    ...run.perStory,
    mastersMs: (1000 * mastersCpu) / stories,
    replicasMs: (1000 * replicasCpu) / stories,
    hotShard: hot ? { port: hot.master.port, queues: hot.queues, ms: (1000 * (hot.master.cpuSeconds ?? 0)) / stories, share: hot.commandShare } : null,
    retainedBytes: Object.values(run.perStory.retained).reduce((a, k) => a + k.bytesPerStory, 0),
  };
}

/** Machine CPU per story not spent by the run's workers, Redis nodes or subscribers (null when unknown). */
function outside(f) {
  return f.machineMs === null || f.machineMs === undefined ? null : Math.max(0, f.machineMs - f.workerMs - f.redisMs - f.subscriberMs);
}

/** The model: what each scale step needs, and what runs out first. */
export function model(bench, a = ASSUMPTIONS) {
  const single = runFigures(bench.single);
  const cluster = runFigures(bench.cluster);
  const steps = a.steps.map((x) => {
    const peak = a.peakPerSecond * x;
    const retained = a.storiesPerDay * x * a.retentionDays;
    const workerCores = (peak * cluster.workerMs) / 1000;
    const subscriberCores = (peak * cluster.subscriberMs) / 1000;
    const redisCores = (peak * cluster.mastersMs) / 1000;
    const memory = retained * cluster.memoryBytes;
    const network = peak * cluster.netBytes;
    const byCpu = Math.ceil(redisCores / a.utilization);
    const byMemory = Math.ceil(memory / a.shardMemoryBytes);
    const shards = Math.max(3, byCpu, byMemory);
    // One subscriber's queue lives on one shard: the busiest shard of the run, at the planned
    // utilization, is its ceiling however many shards there are.
    const queueLoad = cluster.hotShard ? (peak * cluster.hotShard.ms) / 1000 / a.utilization : null;
    // One server (no cluster): all of Redis' CPU on one core, all the memory on one host.
    const singleLoad = (peak * single.redisMs) / 1000 / a.utilization;
    const limits = [
      { what: 'one Redis server\'s core (without a cluster)', load: singleLoad },
      { what: 'one Redis server\'s memory (the retention)', load: (retained * single.memoryBytes) / a.shardMemoryBytes },
      { what: 'one subscriber queue\'s shard (one core, whatever the shard count)', load: queueLoad ?? 0 },
      { what: 'network of one node', load: network / shards / a.nodeNetworkBytesPerSecond },
    ].sort((p, q) => q.load - p.load);
    return {
      factor: x, peak, perDay: a.storiesPerDay * x, retained,
      workers: Math.max(2, Math.ceil(workerCores / a.utilization)), workerCores, subscriberCores,
      redisCores, replicaCores: (peak * cluster.replicasMs) / 1000, memory, network, commandsPerSecond: peak * cluster.redisMasterCommands,
      shards, byCpu, byMemory, queueLoad, first: limits[0], limits,
    };
  });
  return { single, cluster, steps };
}

/**
 * The slot layout (docs/capacity.md, "Slot layout"): each master's commands per story, fitted as
 * E * (subscriber queues it serves) + S * (its share of the slots), least squares over the masters:
 * E is what one subscriber's event costs its queue's master, S what one story's own keys (store,
 * near-duplicate index) cost over all slots. rho = E / S gives the balanced shares, 1/M + rho * (Q/M - q_m)
 * (at least a tenth), which `npm run bench -- pipeline --cluster` lays out before it runs.
 */
export function slotLayout(run) {
  const shards = run.shards;
  if (!shards || shards.length < 2) return null;
  const stories = run.burst.stories;
  const size = (slots) => slots.split(',').reduce((a, r) => { const [x, y] = r.split('-').map(Number); return a + y - x + 1; }, 0);
  const rows = shards.map((sh) => ({ port: sh.master.port, queues: sh.queues, q: sh.queues.filter((x) => x.startsWith('publish.')).length, share: size(sh.slots) / 16384, y: (sh.master.commands ?? 0) / stories, commandShare: sh.commandShare }));
  let aa = 0, ab = 0, bb = 0, ay = 0, by = 0;
  for (const r of rows) {
    aa += r.q * r.q; ab += r.q * r.share; bb += r.share * r.share; ay += r.q * r.y; by += r.share * r.y;
  }
  const det = aa * bb - ab * ab;
  if (Math.abs(det) < 1e-12) return null;
  const E = (ay * bb - by * ab) / det;
  const S = (aa * by - ab * ay) / det;
  const M = rows.length;
  const Q = rows.reduce((a, r) => a + r.q, 0);
  const raw = rows.map((r) => Math.max(0.1, 1 / M + (E / S) * (Q / M - r.q)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return { E, S, rho: E / S, used: run.slotLayout ?? null, rows: rows.map((r, i) => ({ ...r, recommended: raw[i] / sum })) };
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The generated part of docs/capacity.md. `source`: the JSON's path as the document names it. */
export function render(bench, chaos, source, chaosSource, a = ASSUMPTIONS) {
  const m = model(bench, a);
  const { single: s, cluster: c } = m;
  const setup = bench.cluster.setup;
  const out = [];
  out.push(`Figures from \`${source}\`${chaosSource ? ` and \`${chaosSource}\`` : ''} (${bench.stories.toLocaleString('en-US')} stories of ${setup.meanStoryKB} KB, burst of ${bench.cluster.burst.stories.toLocaleString('en-US')}; ${setup.workers} worker processes, ${setup.subscribers} subscribers, concurrency ${setup.concurrency}${bench.ranAt ? `; run ${bench.ranAt.slice(0, 16).replace('T', ' ')} UTC` : ''}${bench.machine ? ` on ${bench.machine.cores} cores, ${bench.machine.model}` : ''}). Regenerate with \`node scripts/capacity.mjs ${source}${chaosSource ? ` ${chaosSource}` : ''}\`.`);
  out.push('');
  out.push('### Measured, per story');
  out.push('');
  out.push(table(['figure', 'single server', 'cluster (3 masters + 3 replicas)'], [
    ['stories/s in the burst', fmt(s.storiesPerSecond), `${fmt(c.storiesPerSecond)} (${pct(bench.clusterVsSingle)} of the single server)`],
    ['p99 receipt to subscriber queue at the steady rate', `${fmt(s.p99Ms)} ms`, `${fmt(c.p99Ms)} ms`],
    ['worker CPU: parse and extract (`ingestItem()`)', `${fmt(s.workerParseMs, 2)} ms`, `${fmt(c.workerParseMs, 2)} ms`],
    ['worker CPU: queues, store, polls (the rest)', `${fmt(s.workerQueueMs, 2)} ms`, `${fmt(c.workerQueueMs, 2)} ms`],
    ['Redis CPU (masters)', `${fmt(s.mastersMs, 2)} ms`, `${fmt(c.mastersMs, 2)} ms`],
    ['Redis CPU (replicas)', '-', `${fmt(c.replicasMs, 2)} ms`],
    ['subscriber CPU (both subscribers)', `${fmt(s.subscriberMs, 2)} ms`, `${fmt(c.subscriberMs, 2)} ms`],
    ['whole machine CPU', `${fmt(s.machineMs, 2)} ms`, `${fmt(c.machineMs, 2)} ms`],
    // What the machine spent beyond the run's own processes: other load on a shared machine (noise).
    ['of which outside the run (other processes)', `${fmt(outside(s), 2)} ms`, `${fmt(outside(c), 2)} ms`],
    ['Redis commands (masters; scripts\' inner calls included)', fmt(s.redisMasterCommands), fmt(c.redisMasterCommands)],
    ['Redis network in + out (replication included)', bytes(s.netBytes), bytes(c.netBytes)],
    ['used_memory after the run, per story held', bytes(s.memoryBytes), bytes(c.memoryBytes)],
  ]));
  if (bench.cluster.shards) {
    out.push('');
    out.push('### The cluster run, per shard');
    out.push('');
    const stories = bench.cluster.burst.stories;
    out.push(table(['master', 'slots', 'queues served', 'share of the masters\' commands', 'share of their CPU', 'master CPU per story', 'replica CPU per story', 'used_memory per story', 'wiredesk keys held'], bench.cluster.shards.map((sh) => [
      String(sh.master.port), sh.slots, sh.queues.join(', ') || '-', pct(sh.commandShare ?? 0), sh.cpuShare === undefined || sh.cpuShare === null ? 'n/a' : pct(sh.cpuShare), `${fmt((1000 * (sh.master.cpuSeconds ?? 0)) / stories, 2)} ms`,
      `${fmt((1000 * sh.replicas.reduce((x, r) => x + (r.cpuSeconds ?? 0), 0)) / stories, 2)} ms`, bytes(sh.master.memoryPerStoryBytes ?? 0),
      Object.entries(sh.keys).filter(([k]) => k !== 'queue' && k !== 'other').map(([k, n]) => `${k} ${fmt(n)}`).join(', ') || '-',
    ])));
  }
  const layout = slotLayout(bench.cluster);
  if (layout) {
    out.push('');
    out.push('### Slot layout');
    out.push('');
    const used = layout.used;
    out.push(`Fitted on this run: one subscriber's event costs its queue's master **${fmt(layout.E, 1)} commands**, one story's own keys cost **${fmt(layout.S, 1)} commands** over all slots, so rho = ${fmt(layout.rho, 3)}. ${used?.policy === 'balanced' ? `The bench laid the slots out with rho = ${used.rho} before the run (the balanced layout).` : used?.policy === 'even' ? 'The bench kept the even split of `redis-cli --cluster create` (`--even-slots`).' : 'The run does not say how its slots were laid out.'}`);
    out.push('');
    out.push(table(['master', 'queues served', 'share of the slots', 'share of the masters\' commands', 'balanced share of the slots (from this fit)'], layout.rows.map((r) => [String(r.port), r.queues.join(', ') || '-', pct(r.share), pct(r.commandShare ?? 0), pct(r.recommended)])));
  }
  out.push('');
  out.push('### Memory per retained story (MEMORY USAGE of every key after the run, by kind)');
  out.push('');
  const retained = bench.cluster.perStory.retained;
  out.push(table(['kind', 'keys per story', 'bytes per story'], [
    ...Object.entries(retained).filter(([, v]) => v.bytesPerStory > 0).map(([k, v]) => [k, fmt(v.keys / bench.stories, 2), bytes(v.bytesPerStory)]),
    ['all keys', '', bytes(c.retainedBytes)],
  ]));
  if (chaos) {
    const f = chaos.cluster.failover ?? {};
    out.push('');
    out.push('### A master killed mid-burst');
    out.push('');
    out.push(`\`${chaosSource}\`: SIGKILL of master ${f.killedMaster} (the ingest queue's) at ${pct(f.atProgress ?? 0)} of the burst: **lost ${chaos.cluster.lost}, duplicated ${chaos.cluster.duplicated}**; its replica was promoted after ${fmt(f.promotedAfterMs)} ms, the longest pause in deliveries was ${fmt(f.maxDeliveryGapMs)} ms, and the burst ran at ${fmt(chaos.cluster.storiesPerSecond)} stories/s (${pct(chaos.clusterVsSingle)} of that run's single server). The workers then stopped in ${(chaos.cluster.workerShutdownMs ?? []).map((x) => `${fmt(x)} ms`).join(' and ')}.`);
  }
  out.push('');
  out.push('### Scale steps');
  out.push('');
  out.push(`"Today" is ${fmt(a.storiesPerDay)} stories a day with peaks of ${fmt(a.peakPerSecond)} stories/s, ${a.subscribers} subscribers, a ${a.retentionDays}-day retention (the default); cores planned at ${pct(a.utilization)} busy, ${bytes(a.shardMemoryBytes)} of used_memory per master, ${fmt(a.nodeNetworkBytesPerSecond / 1e6)} MB/s of network per node. Costs are the cluster run's per-story figures.`);
  out.push('');
  out.push(table(['load', 'peak stories/s', 'stories retained', 'worker processes', 'Redis master cores', 'replica cores', 'Redis memory', 'Redis commands/s', 'network MB/s', 'shards (CPU / memory)', 'runs out first'], m.steps.map((st) => [
    st.factor === 1 ? 'today' : `${st.factor}x`, fmt(st.peak), fmt(st.retained), fmt(st.workers), fmt(st.redisCores, 2), fmt(st.replicaCores, 2), bytes(st.memory), fmt(st.commandsPerSecond), fmt(st.network / 1e6, 1),
    `${fmt(st.shards)} (${fmt(st.byCpu)} / ${fmt(st.byMemory)})`, `${st.first.what}: ${pct(st.first.load)}`,
  ])));
  out.push('');
  out.push('Load on each single-unit limit (100% = that unit is full at the planned utilization):');
  out.push('');
  out.push(table(['limit', ...m.steps.map((st) => (st.factor === 1 ? 'today' : `${st.factor}x`))], m.steps[0].limits.map((l) => l.what).map((what) => [what, ...m.steps.map((st) => pct(st.limits.find((l) => l.what === what).load))])));
  return out.join('\n');
}

const KEYS_BEGIN = '<!-- keys:begin -->';
const KEYS_END = '<!-- keys:end -->';

/** The measured part of docs/redis-keys.md: keys and bytes per retained story, by kind and by master. */
export function renderKeys(bench, source) {
  const run = bench.cluster;
  const retained = run.perStory.retained;
  const out = [];
  out.push(`From \`${source}\` (${bench.stories.toLocaleString('en-US')} stories retained on ${run.shards?.length ?? 1} masters; MEMORY USAGE of every key after the run):`);
  out.push('');
  out.push(table(['kind', 'keys per story', 'bytes per story'], [
    ...Object.entries(retained).filter(([, v]) => v.bytesPerStory > 0).map(([k, v]) => [k, fmt(v.keys / bench.stories, 2), bytes(v.bytesPerStory)]),
    ['all', fmt(Object.values(retained).reduce((a, v) => a + v.keys, 0) / bench.stories, 2), bytes(Object.values(retained).reduce((a, v) => a + v.bytesPerStory, 0))],
  ]));
  if (run.shards) {
    out.push('');
    out.push(table(['master', 'slots', 'queues', ...Object.keys(retained).map((k) => `${k} keys`)], run.shards.map((sh) => [
      String(sh.master.port), sh.slots, sh.queues.join(', ') || '-', ...Object.keys(retained).map((k) => fmt(sh.keys?.[k] ?? 0)),
    ])));
  }
  return out.join('\n');
}

/** `text` with the part between `begin` and `end` replaced by `part`; null when the markers are missing. */
function withPart(text, begin, end, part) {
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return null;
  return `${text.slice(0, from + begin.length)}\n${part}\n${text.slice(to)}`;
}

function readJson(path) {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    // `npm run bench` (without --silent) prints its banner before the JSON, which is one line.
    return JSON.parse(text.trim().split('\n').at(-1));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const flag = (f) => argv.includes(f);
  const docAt = argv.indexOf('--doc');
  const doc = resolve(docAt >= 0 ? argv[docAt + 1] : new URL('../docs/capacity.md', import.meta.url).pathname);
  const files = argv.filter((x, i) => !x.startsWith('--') && !(docAt >= 0 && i === docAt + 1) && argv[i - 1] !== '--keys-doc');
  if (!files.length) {
    console.error('usage: node scripts/capacity.mjs [--check] [--print] [--doc FILE] [--keys-doc FILE] BENCH.json [CHAOS.json]');
    process.exit(2);
  }
  const root = new URL('..', import.meta.url).pathname;
  const name = (f) => relative(root, resolve(f));
  const bench = readJson(files[0]);
  if (!bench.single || !bench.cluster) {
    console.error(`${files[0]}: not the output of \`npm run bench -- pipeline --json --cluster\` (no single/cluster runs)`);
    process.exit(2);
  }
  const part = render(bench, files[1] ? readJson(files[1]) : null, name(files[0]), files[1] ? name(files[1]) : null);
  if (flag('--print')) {
    process.stdout.write(part + '\n');
    process.exit(0);
  }
  const keysAt = argv.indexOf('--keys-doc');
  const keysDoc = resolve(keysAt >= 0 ? argv[keysAt + 1] : new URL('../docs/redis-keys.md', import.meta.url).pathname);
  const docs = [
    { path: doc, begin: BEGIN, end: END, part },
    { path: keysDoc, begin: KEYS_BEGIN, end: KEYS_END, part: renderKeys(bench, name(files[0])) },
  ];
  let stale = false;
  for (const d of docs) {
    const text = readFileSync(d.path, 'utf8');
    const next = withPart(text, d.begin, d.end, d.part);
    if (next === null) {
      console.error(`${d.path}: the markers ${d.begin} and ${d.end} are missing`);
      process.exit(2);
    }
    if (flag('--check')) {
      if (next !== text) {
        console.error(`${name(d.path)} is not in sync with ${files.map(name).join(' and ')}: run \`node scripts/capacity.mjs ${files.map(name).join(' ')}\``);
        stale = true;
      }
    } else {
      writeFileSync(d.path, next);
      console.error(`wrote ${name(d.path)}`);
    }
  }
  if (stale) process.exit(1);
}
