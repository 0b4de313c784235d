import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatRegistry, registry } from '../../src/formats/registry.js';
import { WiredeskError } from '../../src/errors.js';
import type { FormatModule } from '../../src/formats/format.js';
import { sniff } from '../../src/pipeline/sniff.js';

const fake = (name: string, confidence: number): FormatModule => ({
  name,
  version: '1',
  description: name,
  detect: () => confidence,
  parse: () => ({ stories: [], failures: [] }),
});

test('registering a format name twice throws a coded error', () => {
  const reg = new FormatRegistry().add(fake('a', 0.5));
  assert.throws(() => reg.add(fake('a', 0.9)), (e: unknown) => e instanceof WiredeskError && e.code === 'WIREDESK_ERR_REGISTRY_DUPLICATE');
});

test('detect picks the most confident module and ignores ones below the floor', () => {
  const reg = new FormatRegistry().add(fake('low', 0.05)).add(fake('mid', 0.4)).add(fake('high', 0.8));
  const s = sniff(Buffer.from('<a/>'));
  assert.equal(reg.detect(s)?.format.name, 'high');
  assert.equal(new FormatRegistry().add(fake('low', 0.05)).detect(s), null);
});

test('the default registry has unique kebab-case names and versions', () => {
  const names = registry.list().map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  for (const f of registry.list()) {
    assert.match(f.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(f.version, /^\d+\.\d+\.\d+$/);
  }
});

test('detection does not trust the file extension', () => {
  const xml = '<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet/></newsMessage>';
  const asTxt = registry.detect(sniff(Buffer.from(xml), { path: 'story.txt' }));
  assert.equal(asTxt?.format.name, 'newsml-g2');
});
