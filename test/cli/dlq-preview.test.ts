import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewBytes } from '../../src/cli/dlq.js';

test('dlq show: text is shown as text; binary and terminal control characters as a hex dump, never raw', () => {
  assert.equal(previewBytes(Buffer.from('<nitf><head>cut')), '<nitf><head>cut');
  const long = previewBytes(Buffer.from('x'.repeat(2100)));
  assert.match(long, /… \(100 more bytes; --raw writes them all\)$/);
  // A multi-byte character cut at the window's end is not binary.
  assert.doesNotMatch(previewBytes(Buffer.from(`${'x'.repeat(1999)}é and more`)), /binary/);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  const dump = previewBytes(jpeg);
  assert.match(dump, /^\(binary or control characters, 12 bytes; --raw writes them as they are\)\n00000000 {2}ff d8 ff e0 00 10 4a 46 49 46 00 01\s+\.\.\.\.\.\.JFIF\.\.$/);
  const escape = previewBytes(Buffer.from('headline \u001b]0;owned\u0007 text'));
  assert.match(escape, /^\(binary/);
  assert.ok(!escape.includes('\u001b'), 'no escape sequence reaches the terminal');
  assert.match(previewBytes(Buffer.alloc(300)).split('\n').pop()!, /^…$/);
});
