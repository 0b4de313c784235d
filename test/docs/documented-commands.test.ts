import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { runCli, ndjson, summaryLine } from '../helpers/run-cli.js';

// Issue 15: the README's and the deployment files' commands must work exactly as written on a clean
// checkout. These tests read the commands out of the files, so a changed command is what is tested.

const read = (file: string): Promise<string> => readFile(join(PACKAGE_ROOT, file), 'utf8');

function sh(command: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: PACKAGE_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The shell lines of the first fenced block after a heading. */
async function blockAfter(file: string, heading: string): Promise<string[]> {
  const text = await read(file);
  const at = text.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `${file} has no heading "${heading}"`);
  const m = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m, `${file}: no sh block after "${heading}"`);
  return m[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

test("README quick start: the first command ingests the bundled fixtures (its `npm ci` part is what the test run itself did)", async () => {
  const [first, second] = await blockAfter('README.md', '## Quick start');
  assert.ok(first?.startsWith('npm ci && '), `the quick start installs first: ${first}`);
  assert.equal(second, 'npm test');
  const run = await sh(first!.slice('npm ci && '.length));
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  const articles = ndjson(run.stdout);
  assert.ok(articles.length >= 50, `articles on stdout: ${articles.length}`);
  for (const a of articles) assert.equal(typeof a.id, 'string');
  assert.match(summaryLine(run.stderr), /^wiredesk: \d+ files, \d+ articles/);
});

test("README and compose: `worker --check` on the example config passes as documented, and compose supplies every secret the config needs", async () => {
  const readme = await read('README.md');
  const documented = /wiredesk worker --config (\S+) \[--check\]/.exec(readme);
  assert.ok(documented, 'the README shows worker --config FILE [--check]');
  const bare = await runCli(['worker', '--config', documented[1]!, '--check'], { env: { WIREDESK_CONFIG: '' } });
  assert.equal(bare.code, 0, bare.stderr);
  assert.match(bare.stdout, /: valid \(/);

  const composeText = await read('compose.yaml');
  const compose = parseYaml(composeText) as { services: Record<string, { command?: string[]; environment?: Record<string, string>; volumes?: string[] }> };
  const worker = compose.services.worker!;
  const env: Record<string, string> = {};
  const required: string[] = [];
  for (const [name, value] of Object.entries(worker.environment ?? {})) {
    const ref = /^\$\{([A-Z0-9_]+):\?[^}]*\}$/.exec(String(value));
    if (ref) {
      required.push(ref[1]!);
      env[name] = randomBytes(18).toString('hex');
    } else env[name] = String(value);
  }
  // The comment at the top says which variables to set: all of them, not some.
  const header = composeText.split('\n').filter((l) => l.startsWith('#')).join('\n');
  for (const name of required) assert.match(header, new RegExp(`\\b${name}\\b`), `compose.yaml's comment names ${name}`);

  // The worker container reads the config compose mounts at WIREDESK_CONFIG.
  const mount = (worker.volumes ?? []).map((v) => v.split(':')).find(([, inside]) => inside === env.WIREDESK_CONFIG);
  assert.ok(mount, `a volume provides ${env.WIREDESK_CONFIG}`);
  const hostFile = mount[0]!.replace(/^\.\//, '');
  const args = [...(worker.command ?? []), '--check'];
  const run = await runCli(args, { env: { ...env, WIREDESK_CONFIG: join(PACKAGE_ROOT, hostFile) } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /: valid \(/);
  assert.doesNotMatch(run.stdout, /not set/, 'every secret the config names is in compose.yaml');
  assert.doesNotMatch(run.stderr, /warning/);
});

test('deployment files: the HEALTHCHECK asks /readyz, Redis runs with noeviction, replicas get fixed host ports', async () => {
  const dockerfile = await read('Dockerfile');
  const check = /HEALTHCHECK[^\n]*\\\n([^\n]*)/.exec(dockerfile);
  assert.ok(check && /\/readyz/.test(check[1]!), 'the HEALTHCHECK command asks /readyz');
  const compose = parseYaml(await read('compose.yaml')) as { services: Record<string, { command?: string[]; ports?: string[]; deploy?: { replicas?: number } }> };
  const redisCommand = compose.services.redis!.command ?? [];
  assert.equal(redisCommand[redisCommand.indexOf('--maxmemory-policy') + 1], 'noeviction');
  const worker = compose.services.worker!;
  const replicas = worker.deploy?.replicas ?? 1;
  for (const p of worker.ports ?? []) {
    const range = /^(?:[\d.]+:)?(\d+)-(\d+):\d+$/.exec(p);
    assert.ok(range, `host port range for ${replicas} replicas, not random ports: ${p}`);
    assert.equal(Number(range[2]) - Number(range[1]) + 1, replicas);
  }
});
