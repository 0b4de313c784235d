import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

test('ingest --out DIR keeps every failed input: same long file name in two folders, names alike once file-safe, two runs', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wiredesk-out-names-'));
  try {
    const long = `${'s'.repeat(200)}.xml`;
    const inputs = [join(root, 'a', long), join(root, 'b', long), join(root, 'c', 'story one.xml'), join(root, 'd', 'story_one.xml'), join(root, 'e', 'story?one.xml')];
    for (const [i, p] of inputs.entries()) {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, `<?xml version="1.0"?>\n<nitf><head><title>cut ${i}`);
    }
    const out = join(root, 'out');
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['ingest', '--out', out, ...inputs]);
      assert.equal(r.code, 1, r.stderr);
      const names = readdirSync(join(out, 'failed'));
      const errors = names.filter((f) => f.endsWith('.error.json'));
      assert.equal(errors.length, inputs.length, `run ${run}: one .error.json per failed input: ${names.join(', ')}`);
      const byInput = new Map(errors.map((f) => [(JSON.parse(readFileSync(join(out, 'failed', f), 'utf8')) as { input: string }).input, f]));
      assert.deepEqual([...byInput.keys()].sort(), [...inputs].sort());
      for (const [input, f] of byInput) {
        const raw = readFileSync(join(out, 'failed', f.slice(0, -'.error.json'.length)));
        assert.ok(raw.equals(readFileSync(input)), `${f} holds the bytes of ${input}`);
        assert.ok(Buffer.byteLength(f) <= 255, `${f} fits a file name`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
