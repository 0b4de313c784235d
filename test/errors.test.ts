import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CODES, WiredeskError, toWiredeskError, warning, type ErrorCode } from '../src/errors.js';
import { packagePath } from '../src/package-info.js';

// The catalogue (src/errors.ts) and its documentation (docs/errors.md) are kept in step: every
// code is documented with the kind the catalogue gives it, and nothing is documented that does
// not exist (STYLE.md 5).

interface DocumentedCode {
  kind: string | null;
  meaning: boolean;
  operator: boolean;
}

function documentedCodes(): Map<string, DocumentedCode> {
  const md = readFileSync(packagePath('docs', 'errors.md'), 'utf8');
  const out = new Map<string, DocumentedCode>();
  const sections = md.split(/^### /m).slice(1);
  for (const section of sections) {
    const code = /^`?(WIREDESK_[A-Z0-9_]+)`?/.exec(section)?.[1];
    if (!code) continue;
    out.set(code, {
      kind: /\*\*kind:\*\*\s*([a-z-]+)/.exec(section)?.[1] ?? null,
      meaning: /\*\*meaning:\*\*\s*\S/.test(section),
      operator: /\*\*operator:\*\*\s*\S/.test(section),
    });
  }
  return out;
}

const documented = documentedCodes();

test('every code in src/errors.ts is documented in docs/errors.md with its kind, meaning and operator action', () => {
  const problems: string[] = [];
  for (const [code, spec] of Object.entries(CODES)) {
    const doc = documented.get(code);
    if (!doc) {
      problems.push(`${code}: not documented`);
      continue;
    }
    if (doc.kind !== spec.kind) problems.push(`${code}: documented kind ${doc.kind ?? '(none)'}, catalogue kind ${spec.kind}`);
    if (!doc.meaning) problems.push(`${code}: no **meaning:**`);
    if (!doc.operator) problems.push(`${code}: no **operator:**`);
  }
  assert.deepEqual(problems, []);
});

test('every code documented in docs/errors.md exists in src/errors.ts', () => {
  const stale = [...documented.keys()].filter((code) => !(code in CODES));
  assert.deepEqual(stale, []);
});

test('codes follow WIREDESK_ERR_/WIREDESK_WARN_ naming, and warnings are kind "warning"', () => {
  for (const [code, spec] of Object.entries(CODES)) {
    assert.match(code, /^WIREDESK_(ERR|WARN)_[A-Z0-9_]+$/);
    assert.equal(code.startsWith('WIREDESK_WARN_'), spec.kind === 'warning', code);
  }
});

test('WiredeskError carries code, kind, details and a one-line description', () => {
  const e = new WiredeskError('WIREDESK_ERR_XML_MALFORMED', 'unclosed <body>', { format: 'newsml-g2', position: { line: 3, column: 7, item: 2 } });
  assert.equal(e.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(e.kind, 'malformed');
  assert.equal(e.message, 'The XML is not well-formed: unclosed <body>');
  assert.equal(e.describe(), 'WIREDESK_ERR_XML_MALFORMED The XML is not well-formed: unclosed <body> (format newsml-g2, item 2, line 3:7)');
  assert.ok(e instanceof Error);
});

test('every error code builds an error of its catalogue kind', () => {
  for (const [code, spec] of Object.entries(CODES)) {
    if (spec.kind === 'warning') continue;
    const e = new WiredeskError(code as ErrorCode);
    assert.equal(e.kind, spec.kind);
    assert.equal(e.message, spec.message);
  }
});

test('toWiredeskError keeps coded errors and wraps anything else as WIREDESK_ERR_INTERNAL', () => {
  const coded = new WiredeskError('WIREDESK_ERR_INPUT_EMPTY');
  assert.equal(toWiredeskError(coded), coded);
  const wrapped = toWiredeskError(new TypeError('x is undefined'), 'nitf');
  assert.equal(wrapped.code, 'WIREDESK_ERR_INTERNAL');
  assert.equal(wrapped.kind, 'bug');
  assert.equal(wrapped.details.format, 'nitf');
  assert.match(wrapped.message, /x is undefined/);
  assert.equal(toWiredeskError('a string').code, 'WIREDESK_ERR_INTERNAL');
});

test('warning() builds the catalogue message with an optional detail', () => {
  assert.deepEqual(warning('WIREDESK_WARN_BODY_EMPTY'), { code: 'WIREDESK_WARN_BODY_EMPTY', message: CODES.WIREDESK_WARN_BODY_EMPTY.message });
  assert.equal(warning('WIREDESK_WARN_DATE_UNPARSED', 'firstCreated "soon"').message, `${CODES.WIREDESK_WARN_DATE_UNPARSED.message}: firstCreated "soon"`);
});
