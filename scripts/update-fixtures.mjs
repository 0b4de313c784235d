// Rewrites fixtures/**/<file>.expected.json from the current pipeline (compiled tests in .build/).
// Usage: npm run fixtures:update [-- <format>...]. Review `git diff fixtures/` before committing:
// an expectation is only as good as the reading that approved it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const { registry } = await import(new URL('../.build/src/formats/registry.js', import.meta.url));
const { fixtureInputs, ingestFixture, expectedPath } = await import(new URL('../.build/test/helpers/fixtures.js', import.meta.url));
const only = process.argv.slice(2);
for (const format of registry.list()) {
  if (only.length && !only.includes(format.name)) continue;
  for (const input of fixtureInputs(format.name)) {
    const result = ingestFixture(input);
    for (const f of result.failures) console.error(`${input}: ${f.error.describe()}`);
    writeFileSync(expectedPath(input), JSON.stringify(result.articles, null, 2) + '\n');
    console.error(`wrote ${expectedPath(input)} (${result.articles.length} articles)`);
  }
}
