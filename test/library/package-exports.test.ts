import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The library as a user imports it: through the package's own name and its "exports" map
// (package.json), which resolve to the built dist/ files.

const PACKAGE_ROOT = new URL('../../..', import.meta.url).pathname;

const NITF = `<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Harbour board orders dredging</title><docdata><doc-id id-string="lib-test-1"/><date.issue norm="20250612T103200Z"/></docdata></head>
<body><body.head><hedline><hl1>Harbour board orders dredging</hl1></hedline><byline>By Kari Lund</byline></body.head>
<body.content><p>The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms.</p></body.content></body></nitf>`;

test('the package entry: ingestBytes, ingestFile, toNinjs and the error codes through import("wiredesk")', async () => {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string };
  assert.equal(pkg.name, 'wiredesk');
  // Self-reference: a package can import itself by name through its "exports" map.
  const lib = await import('wiredesk') as typeof import('../../src/index.js');
  const { articles, failures } = lib.ingestBytes(NITF, { path: 'story.xml' });
  assert.deepEqual(failures, []);
  assert.equal(articles[0]?.headline, 'Harbour board orders dredging');
  assert.deepEqual(articles[0]?.bylines.map((b) => b.name), ['Kari Lund']);
  assert.equal(lib.toNinjs(articles[0]!).headlines?.[0]?.value, 'Harbour board orders dredging');

  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-lib-'));
  try {
    const file = join(dir, 'story.xml');
    writeFileSync(file, NITF);
    const fromFile = await lib.ingestFile(file);
    assert.equal(fromFile.articles[0]?.id, articles[0]?.id);
    const missing = await lib.ingestFile(join(dir, 'nope.xml'));
    assert.equal(missing.failures[0]?.error.code, 'WIREDESK_ERR_INPUT_NOT_FOUND');
    const tooLarge = await lib.ingestFile(file, { maxBytes: 10 });
    assert.equal(tooLarge.failures[0]?.error.code, 'WIREDESK_ERR_INPUT_TOO_LARGE');
    const broken = lib.ingestBytes('<?xml version="1.0"?><nitf><head>', { path: 'cut.xml' });
    assert.ok(lib.isWiredeskError(broken.failures[0]?.error));
    assert.ok(broken.failures[0]!.error.code in lib.CODES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
