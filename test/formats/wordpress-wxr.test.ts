import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { toHtml, wordpressWxr } from '../../src/formats/wordpress-wxr.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const NS = 'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"';

const post = (id: number, title: string, extra = '', content = `Post ${id} text.`): string =>
  `<item><title>${title}</title><dc:creator><![CDATA[writer]]></dc:creator><guid isPermaLink="false">https://site.example/?p=${id}</guid>` +
  `<content:encoded><![CDATA[${content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>` +
  `<wp:post_id>${id}</wp:post_id><wp:post_date_gmt><![CDATA[2024-05-0${id % 9 + 1} 10:00:00]]></wp:post_date_gmt>` +
  `<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>${extra}</item>\n`;

const wxr = (items: string, channel = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ${NS}>\n<channel><title>Site</title><link>https://site.example</link><language>en-GB</language>${channel}\n${items}</channel>\n</rss>\n`;

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const s = sniff(bytes);
  return wordpressWxr.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: an rss root declaring the WordPress export namespace is WXR, above generic RSS; plain RSS is not', () => {
  const s = sniff(Buffer.from(wxr(post(1, 'One'))));
  assert.equal(wordpressWxr.detect(s), 0.95);
  assert.equal(registry.detect(s)?.format.name, 'wordpress-wxr');
  const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title></item></channel></rss>';
  assert.equal(wordpressWxr.detect(sniff(Buffer.from(rss))), 0);
});

test('posts are stories: guid, title, UTC post date, channel language; pages are skipped with a warning', () => {
  const page = '<item><title>About</title><wp:post_id>2</wp:post_id><wp:post_type>page</wp:post_type></item>';
  const { stories, warnings } = parse(wxr(post(1, 'One') + page + post(2, 'Two')));
  assert.deepEqual(stories.map((s) => [s.guid, s.headline, s.firstCreated, s.language]), [
    ['https://site.example/?p=1', 'One', '2024-05-02T10:00:00Z', 'en-GB'],
    ['https://site.example/?p=2', 'Two', '2024-05-03T10:00:00Z', 'en-GB'],
  ]);
  assert.match(warnings?.map((w) => w.message).join() ?? '', /1 page/);
});

test('status: future is withheld until its date, trash is canceled with kill, drafts without a date have none', () => {
  const future = parse(wxr(post(1, 'F').replace('[publish]', '[future]'))).stories[0];
  assert.equal(future?.pubStatus, 'withheld');
  assert.equal(future?.embargoedUntil, '2024-05-02T10:00:00Z');
  const trash = parse(wxr(post(1, 'T').replace('[publish]', '[trash]'))).stories[0];
  assert.equal(trash?.pubStatus, 'canceled');
  assert.deepEqual(trash?.signals, ['kill']);
  const draft = parse(wxr(post(1, 'D').replace('[publish]', '[draft]').replace(/2024-05-02 10:00:00/, '0000-00-00 00:00:00'))).stories[0];
  assert.equal(draft?.firstCreated, null);
});

test('dc:creator is a login: the author list gives the name, a login known only as itself is no byline', () => {
  const authors = (display: string, first = '', last = ''): string =>
    `<wp:author><wp:author_login><![CDATA[writer]]></wp:author_login><wp:author_display_name><![CDATA[${display}]]></wp:author_display_name>` +
    `<wp:author_first_name><![CDATA[${first}]]></wp:author_first_name><wp:author_last_name><![CDATA[${last}]]></wp:author_last_name></wp:author>`;
  const name = (channel: string) => parse(wxr(post(1, 'A'), channel)).stories[0]?.bylines?.map((b) => b.name);
  assert.deepEqual(name(authors('Kim', 'Kim', 'Larsen')), ['Kim Larsen']);
  assert.deepEqual(name(authors('K. Larsen')), ['K. Larsen']);
  assert.deepEqual(name(authors('writer')), []);
  // The login dressed up (other case, combining marks, invisible characters) is still the login; a part of emoji alone is no name.
  assert.deepEqual(name(authors('W\u0336r\u0330iter\u200d\u200b', '\u{1F170}\uFE0F', '\u{1D54C}nicode')), []);
  assert.deepEqual(name(authors('writer', 'Kim', '&#x1F1FA;&#x1F1F8;')), []);
  assert.deepEqual(name(''), ['writer'], 'not in the list: kept for the credits engine to judge');
});

test('content: wpautop paragraphs and line breaks, shortcodes unwrapped or dropped, [caption] and <figure> become pictures', () => {
  const { html, pictures } = toHtml(
    '[dropcap]O[/dropcap]ne line\nsecond line\n\n[caption id="a" width="300"]<img src="/up/p.jpg" width="300" height="200" alt="Alt" /> A caption. (AP Photo/Kim Lee)[/caption]\n\n[gallery ids="1,2"]\n<h2>Head</h2>\nLast [1] words',
    'https://site.example/',
  );
  assert.equal(html, '<p>One line<br>\nsecond line</p>\n\n<h2>Head</h2>\n<p>Last [1] words</p>');
  assert.deepEqual(pictures.map((p) => [p.caption, p.altText, p.renditions]), [
    ['A caption. (AP Photo/Kim Lee)', 'Alt', [{ href: 'https://site.example/up/p.jpg', width: 300, height: 200, mimeType: null }]],
  ]);
});

test('attachments are pictures of their parent post or of the post naming them as its thumbnail', () => {
  const attachment = (id: number, parent: number, caption: string): string =>
    `<item><title>img${id}</title><guid>https://site.example/up/${id}.jpg</guid><excerpt:encoded><![CDATA[${caption}]]></excerpt:encoded>` +
    `<wp:post_id>${id}</wp:post_id><wp:post_parent>${parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>` +
    `<wp:attachment_url>https://site.example/up/${id}.jpg</wp:attachment_url></item>`;
  const thumb = '<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>30</wp:meta_value></wp:postmeta>';
  const { stories } = parse(wxr(post(1, 'One') + attachment(20, 1, 'Child picture') + post(2, 'Two', thumb) + attachment(30, 0, 'Thumb picture')));
  assert.equal(stories.length, 2);
  assert.deepEqual(stories[0]?.pictures?.map((p) => p.caption), ['Child picture']);
  assert.deepEqual(stories[1]?.pictures?.map((p) => [p.caption, p.renditions?.[0]?.href]), [['Thumb picture', 'https://site.example/up/30.jpg']]);
});

test('a truncated export is a coded error naming the format and the position', () => {
  const whole = wxr(post(1, 'One'));
  const text = whole.slice(0, whole.indexOf('</channel>') + 5);
  const result = ingestItem({ bytes: Buffer.from(text), path: 'cut.xml' });
  assert.equal(result.articles.length, 1, 'the complete item before the cut still comes through');
  const cut = wxr(post(1, 'One')).replace('</item>', '');
  const broken = ingestItem({ bytes: Buffer.from(cut.slice(0, cut.indexOf('<wp:post_id>'))), path: 'cut2.xml' });
  assert.equal(broken.articles.length, 0);
  const error = broken.failures[0]?.error;
  assert.equal(error?.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(error?.details.format, 'wordpress-wxr');
  assert.ok((error?.details.position?.line ?? 0) > 1);
});

test('one broken item: the others come through and the failure keeps that item\'s raw bytes', () => {
  const bad = post(2, 'Two').replace('</title>', '</titel>');
  const text = wxr(post(1, 'One') + bad + post(3, 'Three'));
  const result = ingestItem({ bytes: Buffer.from(text), path: 'feed.xml' });
  assert.deepEqual(result.articles.map((a) => a.headline), ['One', 'Three']);
  assert.equal(result.articles[0]?.language, 'en-GB', 'the channel head is still read');
  assert.equal(result.failures.length, 1);
  assert.equal(result.failures[0]?.itemIndex, 1);
  assert.equal(result.failures[0]?.raw.toString('utf8'), bad.trimEnd());
  assert.equal(result.failures[0]?.error.details.format, 'wordpress-wxr');
});

test('detect and read: WXR 1.0, 1.1 and 1.2 namespaces, over http or https (WordPress.com exports); menu items and attachments are no posts', () => {
  for (const ns of ['http://wordpress.org/export/1.0/', 'http://wordpress.org/export/1.1/', 'https://wordpress.org/export/1.2/']) {
    const excerpt = ns.replace(/\/$/, '/excerpt/');
    const doc = wxr(
      post(3, 'Harbour ferry returns') +
      '<item><title>Contact</title><wp:post_id>4</wp:post_id><wp:post_type><![CDATA[nav_menu_item]]></wp:post_type></item>\n' +
      '<item><title>harbour.jpg</title><wp:post_id>5</wp:post_id><wp:post_parent>3</wp:post_parent><wp:post_type><![CDATA[attachment]]></wp:post_type><wp:attachment_url>https://site.example/harbour.jpg</wp:attachment_url></item>\n',
    ).replace('xmlns:wp="http://wordpress.org/export/1.2/"', `xmlns:wp="${ns}"`).replace('xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"', `xmlns:excerpt="${excerpt}"`);
    const r = ingestItem({ bytes: Buffer.from(doc), path: 'site.xml' });
    assert.equal(r.format, 'wordpress-wxr', ns);
    assert.deepEqual(r.articles.map((a) => a.headline), ['Harbour ferry returns'], ns);
    assert.deepEqual(r.articles[0]?.pictures.map((p) => p.renditions[0]?.href), ['https://site.example/harbour.jpg'], ns);
  }
});
