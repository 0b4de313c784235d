import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toNinjs3 } from '../../src/export/ninjs3.js';
import { FIXTURES_DIR, ingestFixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { loadNinjsValidator, ninjsErrors } from './ninjs-validator.js';
import { sampleArticle } from './sample-article.js';

// Issue 18, item 5: ninjs 3.x beside 2.x, valid against IPTC's ninjs 3.1 JSON Schema (from
// ../shared/standards/ or WIREDESK_NINJS3_SCHEMA; these tests skip saying why without it).

const loaded = loadNinjsValidator(3);
const skip = 'skip' in loaded ? loaded.skip : false;

test('ninjs 3 names: camelCase properties, people with their byline roles, the 3.1 standard', () => {
  const n = toNinjs3(sampleArticle());
  assert.equal(n.standard?.version, '3.1');
  assert.equal(n.versionCreated, '2026-03-14T09:30:00+01:00');
  assert.equal(n.embargoedUntil, '2026-03-14T12:00:00+01:00');
  assert.equal(n.pubStatus, 'usable');
  assert.equal(n.edNote, 'Eds: moves with photos.');
  assert.deepEqual(n.people?.map((p) => `${p.rel}:${p.name}`), ['reporting:Anna Example', 'reporting:Ben Sample', 'editing:Carla Test']);
  assert.equal(n.bodies?.[0]?.contentType, 'text/html');
  assert.ok(n.altIds?.some((a) => a.role === 'wiredesk-id'));
  assert.ok(n.associations?.some((a) => a.type === 'picture' && a.renditions?.[0]?.contentType === 'image/jpeg'));
  assert.ok(!('versioncreated' in n) && !('altids' in n));
});

test('a full article and edge cases export as valid ninjs 3.1', { skip }, () => {
  if ('skip' in loaded) return;
  const variants = [
    sampleArticle(),
    sampleArticle({ guid: null, uri: null, id: 'anpa:sha256-00ff', firstCreated: '2026-03-14', versionCreated: null, url: 'relative/x.html' }),
    ...(['text', 'picture', 'graphic', 'video', 'audio', 'composite'] as const).map((type) => sampleArticle({ type })),
  ];
  for (const v of variants) assert.deepEqual(ninjsErrors(loaded.validate, toNinjs3(v)), []);
  // The check is real: a ninjs 2 property is refused by the 3.x schema.
  assert.notDeepEqual(ninjsErrors(loaded.validate, { uri: 'urn:x:y', versioncreated: '2026-01-01T00:00:00Z' }), []);
});

test('every bundled fixture exports valid ninjs 3.1', { skip }, () => {
  if ('skip' in loaded) return;
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name.startsWith('.') || name.endsWith('.expected.json')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(FIXTURES_DIR);
  const problems: string[] = [];
  for (const f of files) for (const a of ingestFixture(f).articles) for (const e of ninjsErrors(loaded.validate, toNinjs3(a))) problems.push(`${f}: ${e}`);
  assert.deepEqual(problems, []);
});

test('wiredesk ingest fixtures --format ninjs3 --out - prints NDJSON valid against ninjs 3.1', { skip }, async () => {
  if ('skip' in loaded) return;
  const run = await runCli(['ingest', 'fixtures', '--format', 'ninjs3', '--out', '-', '--quiet']);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const lines = run.stdout.split('\n').filter(Boolean);
  assert.ok(lines.length > 50);
  for (const line of lines) assert.deepEqual(ninjsErrors(loaded.validate, JSON.parse(line)), [], line.slice(0, 200));
});
