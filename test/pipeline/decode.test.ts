import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { declaredCharset, decodeBytes } from '../../src/text/decode.js';

const codes = (w: Array<{ code: string }>): string[] => w.map((x) => x.code);

test('UTF-8 with and without BOM', () => {
  const plain = decodeBytes(Buffer.from('Zürich – “quoted”', 'utf8'));
  assert.equal(plain.text, 'Zürich – “quoted”');
  assert.equal(plain.charset, 'utf-8');
  assert.equal(plain.bom, false);
  const bom = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>')]));
  assert.equal(bom.text, '<a>é</a>');
  assert.equal(bom.bom, true);
});

test('UTF-16 with BOM (LE and BE) and without BOM', () => {
  const le = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<x>ü</x>', 'utf-16le')]));
  assert.equal(le.text, '<x>ü</x>');
  assert.equal(le.charset, 'utf-16le');
  const be = decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('<x>ü</x>', 'utf-16be')]));
  assert.equal(be.text, '<x>ü</x>');
  const noBom = decodeBytes(iconv.encode('<x>ü</x>', 'utf-16le'));
  assert.equal(noBom.text, '<x>ü</x>');
  assert.equal(noBom.charset, 'utf-16le');
});

test('a declared single-byte charset is used', () => {
  const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), Buffer.from([0x93, 0xe9, 0x94]), Buffer.from('</a>')]);
  const d = decodeBytes(bytes);
  // ISO-8859-1 is read as Windows-1252, as browsers do: 0x93/0x94 are curly quotes in practice.
  assert.equal(d.text, '<?xml version="1.0" encoding="ISO-8859-1"?><a>“é”</a>');
  assert.equal(d.charset, 'windows-1252');
  assert.deepEqual(codes(d.warnings), []);
});

test('UTF-8 bytes labelled Latin-1 are read as UTF-8, with a warning', () => {
  const d = decodeBytes(Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>Zürich</a>', 'utf8'));
  assert.match(d.text, /Zürich/);
  assert.equal(d.charset, 'utf-8');
  assert.deepEqual(codes(d.warnings), ['WIREDESK_WARN_CHARSET_MISMATCH']);
});

test('UTF-8 bytes still labelled with a legacy multi-byte charset (a page re-saved as UTF-8) are read as UTF-8', () => {
  const d = decodeBytes(Buffer.from('<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312"><title>港口渡轮停运</title></head></html>', 'utf8'));
  assert.match(d.text, /港口渡轮停运/);
  assert.equal(d.charset, 'utf-8');
  assert.deepEqual(codes(d.warnings), ['WIREDESK_WARN_CHARSET_MISMATCH']);
  const gbk = decodeBytes(Buffer.concat([Buffer.from('<meta charset="gbk"><p>'), iconv.encode('港口渡轮停运', 'gbk'), Buffer.from('</p>')]));
  assert.match(gbk.text, /港口渡轮停运/);
  assert.equal(gbk.charset, 'gbk');
});

test('Latin-1 bytes labelled UTF-8 (or unlabelled) fall back to Windows-1252 with a warning', () => {
  const latin = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>Z'), Buffer.from([0xfc]), Buffer.from('rich</a>')]);
  const d = decodeBytes(latin);
  assert.match(d.text, /Zürich/);
  assert.deepEqual(codes(d.warnings), ['WIREDESK_WARN_CHARSET_MISMATCH']);
  const bare = decodeBytes(Buffer.from([0x5a, 0xfc, 0x72]));
  assert.equal(bare.text, 'Zür');
  assert.deepEqual(codes(bare.warnings), ['WIREDESK_WARN_CHARSET_GUESSED']);
});

test('the transport charset wins over the document declaration; an unknown charset warns', () => {
  const d = decodeBytes(Buffer.from([0x5a, 0xfc]), 'windows-1252');
  assert.equal(d.text, 'Zü');
  const unknown = decodeBytes(Buffer.from('<?xml version="1.0" encoding="x-made-up"?><a/>'));
  assert.equal(unknown.text, '<?xml version="1.0" encoding="x-made-up"?><a/>');
  assert.deepEqual(codes(unknown.warnings), ['WIREDESK_WARN_CHARSET_MISMATCH']);
});

test('declaredCharset reads the XML declaration and HTML meta', () => {
  assert.equal(declaredCharset(Buffer.from('<?xml version="1.0" encoding=\'windows-1252\'?><a/>')), 'windows-1252');
  assert.equal(declaredCharset(Buffer.from('<html><head><meta charset="iso-8859-15"></head>')), 'iso-8859-15');
  assert.equal(declaredCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')), 'Shift_JIS');
  assert.equal(declaredCharset(Buffer.from('plain text')), null);
});

test('a double-byte charset label on bytes that are UTF-8 full of CJK: the bytes win; true GB2312 stays GB2312', () => {
  const text = '北港的渡轮周四在东航道搁浅，港务局决定在秋季风暴前疏浚航道，工程下月开始，小船滑道将关闭约三周。'.repeat(4);
  const head = '<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312"/></head><body><p>';
  const relabelled = decodeBytes(Buffer.from(`${head}${text}</p></body></html>`, 'utf8'));
  assert.equal(relabelled.charset, 'utf-8');
  assert.ok(relabelled.text.includes(text));
  assert.deepEqual(codes(relabelled.warnings), ['WIREDESK_WARN_CHARSET_MISMATCH']);
  const real = decodeBytes(Buffer.concat([Buffer.from(head), iconv.encode(text, 'gb2312'), Buffer.from('</p></body></html>')]));
  assert.equal(real.charset, 'gb2312');
  assert.ok(real.text.includes(text));
});
