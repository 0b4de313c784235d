// `npm run bench -- <scenario> [args]`: compiles the project (tsconfig.json -> .build/) and runs
// bench/<scenario>.ts, which prints its results as JSON on stdout. Scenarios live in bench/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const [scenario, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!scenario || !available.includes(scenario)) {
  console.error(`usage: npm run bench -- <scenario> [args]\nscenarios: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const entry = new URL(`../.build/bench/${scenario}.js`, import.meta.url).pathname;
if (!existsSync(entry)) {
  console.error(`bench: ${entry} was not built`);
  process.exit(1);
}
// The pipeline bench's own process runs the feed server and both subscribers, each handling 50
// events (whole articles) at once: its young generation is sized to that, as docs/queue.md
// advises for busy subscribers (with V8's default, scavenging that working set took a third of
// the process's CPU in the burst).
const nodeFlags = { pipeline: ['--max-semi-space-size=128'] };
const run = spawnSync(process.execPath, ['--expose-gc', ...(nodeFlags[scenario] ?? []), entry, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
