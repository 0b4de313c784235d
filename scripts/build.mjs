// Compiles src/ to dist/ and makes the CLI executable.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
