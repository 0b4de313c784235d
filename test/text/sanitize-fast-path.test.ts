import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { alreadyClean, librarySanitize, sanitizeBodyHtml } from '../../src/text/html-body.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { PACKAGE_ROOT } from '../../src/package-info.js';

const reference = librarySanitize;

const TOKENS = [
  '<p>', '</p>', '<b>', '</b>', '<i>', '</i>', '<em>', '</em>', '<strong>', '</strong>', '<span lang="en">', '</span>',
  '<br>', '<br/>', '<br />', '<br >', '</br>', '<hr>', '<hr/>', '<h2>', '</h2>', '<h1>', '</h1>', '<blockquote>', '</blockquote>',
  '<ul>', '</ul>', '<ol>', '</ol>', '<li>', '</li>', '<dl>', '<dt>', '<dd>', '</dl>', '<pre>', '</pre>', '<code>', '</code>',
  '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th scope="col">', '</th>', '<tbody>', '</tbody>', '<thead>', '<tfoot>',
  '<figure>', '</figure>', '<figcaption>', '</figcaption>', '<div>', '</div>', '<section>', '<font>', '</font>', '<P>', '</P>',
  '<a href="https://wire.example/story?id=1&amp;v=2">', '<a href="http://wire.example/">', '<a href="mailto:desk@wire.example">',
  '<a href="/relative/path">', '<a href="//evil.example/x">', '<a href="javascript:alert(1)">', '<a href="https:/\\evil">',
  '<a href="HTTPS://wire.example/">', '<a href="https://wire.example/a b">', '<a title="Q &amp; A" href="https://w.example/">',
  '<a href="https://w.example/" href="https://x.example/">', '<a class="x">', '<a title="">', '<a rel="nofollow">', '</a>',
  '<img src="https://img.example/p.jpg" alt="A view">', '<img src="https://img.example/p.jpg" />', '<img src="data:image/png;base64,AAAA">',
  '<img alt="" src="https://img.example/p.jpg">', '<p onclick="x()">', '<script>alert(1)</script>', '<style>p{}</style>', '<!-- note -->',
  '<![CDATA[x]]>', '<?xml version="1.0"?>', '<p\n>', '<b  >', '<nitf:p>', '<p lang="de" dir="ltr">', '<p lang=\'de\'>', '<p lang=de>',
  'Harbour officials said', ' ', '  ', '\n', '\t', '\r\n', 'é', '’', '\u00a0', '"', "'", '&amp;', '&lt;', '&gt;', '&quot;', '&nbsp;',
  '&#8217;', '&ampx', '&', '<', '>', '=', '/', 'a < b', 'x > y', '\u0000',
];

test('fast path: whatever it accepts is exactly what sanitize-html returns (generated markup)', () => {
  const markup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));
  let accepted = 0;
  fc.assert(
    fc.property(markup, (html) => {
      const fast = alreadyClean(html);
      if (fast === null) return true;
      accepted++;
      return fast === reference(html);
    }),
    { numRuns: 20_000 },
  );
  // The generator reaches the fast path often enough for the property to mean something.
  assert.ok(accepted > 1000, `only ${accepted} accepted`);
});

test('fast path: well-formed clean bodies are taken as they are; anything else goes to sanitize-html', () => {
  const clean = '<p>Harbour officials said on <b>Tuesday</b> that the terminal<br>would open &amp; close.</p>\n<h2>Delays</h2><ul><li>One</li><li>Two</li></ul>';
  assert.equal(alreadyClean(clean), clean.replace('<br>', '<br />'));
  assert.equal(alreadyClean(clean), reference(clean));
  for (const bad of ['<p>x<script>alert(1)</script></p>', '<p onclick="x()">x</p>', '<p>x', 'x</p>', '<p>a &nbsp; b</p>', '<p><ul><li>x</li></ul></p>',
    '<a href="javascript:alert(1)">x</a>', '<a href="//evil.example">x</a>', '<p>a > b</p>', '<!-- c --><p>x</p>', '<div>x</div>', '<P>x</P>']) {
    assert.equal(alreadyClean(bad), null, bad);
    // And the slow path still cleans it.
    assert.doesNotMatch(sanitizeBodyHtml(bad).html, /<script|onclick|javascript:|<div|<!--/i, bad);
  }
});

test('fast path: the bundled fixtures ingest the same with and without it', () => {
  // Every HTML body in the fixtures: whether or not the fast path takes it, the result is sanitize-html's.
  const root = join(PACKAGE_ROOT, 'fixtures');
  let bodies = 0;
  let fast = 0;
  for (const dir of readdirSync(root)) {
    for (const name of readdirSync(join(root, dir))) {
      if (name.endsWith('.expected.json')) continue;
      let result;
      try {
        result = ingestItem({ bytes: readFileSync(join(root, dir, name)), path: name });
      } catch {
        continue;
      }
      for (const a of result.articles) {
        if (!a.body.html) continue;
        bodies++;
        if (alreadyClean(a.body.html) !== null) fast++;
        // A sanitized body is a fixed point of the sanitizer, by either path.
        assert.equal(sanitizeBodyHtml(a.body.html).html, reference(a.body.html), `${dir}/${name}`);
      }
    }
  }
  assert.ok(bodies > 50 && fast > bodies / 2, `${fast} of ${bodies} bodies on the fast path`);
});
