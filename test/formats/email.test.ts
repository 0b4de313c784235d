import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { MAX_ATTACHMENTS, MAX_NESTED } from '../../src/formats/email.js';
import { forwarded, newsmlG2Item, pressRelease, withNewsmlAttachment } from './email-messages.js';

// Invented messages in the shape RFC 5322 and MIME (RFC 2045-2047, RFC 3676) give them.

const message = (headers: string, body: string): string => `${headers.trim()}\r\n\r\n${body}`;

test('a MIME message whose only part is HTML is an e-mail, not a web page', () => {
  const text = message(
    'From: Ola Brenn <ola@fjordpost.example>\r\nSubject: Ferry strike ends\r\nDate: Mon, 2 Feb 2026 07:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8',
    '<html><head><title>t</title></head><body><p>The ferry strike ended overnight, the union said.</p></body></html>',
  );
  const s = sniff(Buffer.from(text));
  assert.equal(registry.detect(s)?.format.name, 'email');
  const [a] = ingestItem({ bytes: Buffer.from(text), path: 'm.eml' }).articles;
  assert.deepEqual([a?.headline, a?.firstCreated, a?.body.text, a?.bylines.map((b) => b.name)], ['Ferry strike ends', '2026-02-02T07:00:00+01:00', 'The ferry strike ended overnight, the union said.', ['Ola Brenn']]);
});

test('multipart/mixed with a nested alternative: the text/plain part, base64 in latin-1, encoded-word subject, Re:/Fwd: dropped', () => {
  const plain = Buffer.from('Les pêcheurs de Port-Hérel ont voté la grève jeudi.\n', 'latin1').toString('base64');
  const text = message(
    'From ola@fjordpost.example Mon Feb  2 07:00:00 2026\r\nFrom: press@porthere.example\r\nSubject: Re: FW: =?ISO-8859-1?B?R3LodmUg4CBQb3J0LUjpcmVs?=\r\nDate: Thu, 5 Feb 2026 18:30:00 +0100\r\nMessage-ID: <greve-5@porthere.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer',
    '--outer\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n--inner\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    `${plain}\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>HTML version</p>\r\n--inner--\r\n--outer\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Disposition: attachment\r\n\r\nJVBERi0=\r\n--outer--\r\n`,
  );
  const r = ingestItem({ bytes: Buffer.from(text, 'latin1'), path: 'm.eml' });
  assert.equal(r.format, 'email');
  const a = r.articles[0]!;
  assert.deepEqual([a.headline, a.guid, a.body.text, a.bylines], ['Grève à Port-Hérel', 'greve-5@porthere.example', 'Les pêcheurs de Port-Hérel ont voté la grève jeudi.', []]);
});

test('format=flowed text is unflowed; a signature after "-- " is left out', () => {
  const text = message(
    'From: Ola Brenn <ola@fjordpost.example>\r\nSubject: Bridge toll\r\nDate: Mon, 2 Feb 2026 07:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; format=flowed',
    'The bridge toll rises to forty kroner \r\nfrom March, the road authority said.\r\n\r\n-- \r\nOla Brenn, Fjordpost\r\n',
  );
  const [a] = ingestItem({ bytes: Buffer.from(text), path: 'm.eml' }).articles;
  assert.equal(a?.body.text, 'The bridge toll rises to forty kroner from March, the road authority said.');
});

test('not an e-mail: a text starting with one "Key: value" line, or a header block without From', () => {
  for (const t of ['Published: March 3, 2026\n\nA story about the harbour that goes on.', 'Subject: Bridge\nDate: Mon, 2 Feb 2026 07:00:00 +0100\nMIME-Version: 1.0\n\nText.']) {
    assert.notEqual(registry.detect(sniff(Buffer.from(t)))?.format.name, 'email', t);
  }
});

// Issue 18 item 2: the story from an attachment in any supported format, bounded.

test('a NewsML-G2 attachment carries the story; the cover note is not one', () => {
  const xml = newsmlG2Item('urn:newsml:lakewire.example:20260402:lake-1', 'Lake levels fall to a ten-year low', 'The lake fell another metre in March, the water board said.');
  for (const encoding of ['base64', '7bit'] as const) {
    const r = ingestItem({ bytes: withNewsmlAttachment('lake-1@lakewire.example', xml, { encoding, contentType: 'application/octet-stream' }), path: 'm.eml' });
    assert.equal(r.format, 'email');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.articles.map((a) => [a.guid, a.headline, a.body.text]), [['urn:newsml:lakewire.example:20260402:lake-1', 'Lake levels fall to a ten-year low', 'The lake fell another metre in March, the water board said.']], encoding);
  }
});

test('a plain-text press release is the body story; an attachment no wire format reads leaves it so', () => {
  const r = ingestItem({ bytes: pressRelease('pr-7@harbourtown.example', 'Harbourtown opens its new fish market', 'The new fish market opens on Saturday at six.\r\n\r\nStalls are let for one year.'), path: 'm.eml' });
  assert.deepEqual(r.articles.map((a) => [a.headline, a.body.text]), [['Harbourtown opens its new fish market', 'The new fish market opens on Saturday at six.\n\nStalls are let for one year.']]);
  const broken = withNewsmlAttachment('lake-2@lakewire.example', '<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta>', { encoding: '7bit' });
  const b = ingestItem({ bytes: broken, path: 'm.eml' });
  assert.deepEqual(b.articles.map((a) => [a.headline, a.body.text]), [['Copy: lake story', 'Please find the story attached.']]);
  assert.ok(b.articles[0]!.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED'), 'the unreadable attachment is a warning');
});

test('a forwarded message is read for its attachment; nesting past the cap is a warning, not a loop', () => {
  const xml = newsmlG2Item('urn:newsml:lakewire.example:20260402:lake-3', 'Ice leaves the harbour early', 'The harbour was free of ice on the first of April.');
  const once = forwarded('fwd-1@forwarder.example', withNewsmlAttachment('lake-3@lakewire.example', xml));
  assert.deepEqual(ingestItem({ bytes: once, path: 'm.eml' }).articles.map((a) => a.headline), ['Ice leaves the harbour early']);
  let deep = withNewsmlAttachment('lake-4@lakewire.example', xml);
  for (let i = 0; i < MAX_NESTED + 1; i++) deep = forwarded(`fwd-deep-${i}@forwarder.example`, deep);
  const r = ingestItem({ bytes: deep, path: 'm.eml' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['copy']);
  assert.ok(r.articles[0]!.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED' && /nested/.test(w.message)));
});

test('attachments past the count cap are not read', () => {
  const xml = newsmlG2Item('urn:newsml:lakewire.example:20260402:lake-5', 'Too many files', 'Text.');
  const parts: string[] = [];
  for (let i = 0; i < MAX_ATTACHMENTS + 2; i++) parts.push(`--many\r\nContent-Type: application/pdf; name=f${i}.pdf\r\nContent-Disposition: attachment\r\n\r\nJVBERi0=`);
  parts.push(`--many\r\nContent-Type: application/xml\r\nContent-Disposition: attachment; filename=late.xml\r\n\r\n${xml}`);
  const text = message('From: Lake Wire Desk <desk@lakewire.example>\r\nSubject: Many files\r\nDate: Thu, 2 Apr 2026 08:20:00 +0200\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=many', `${parts.join('\r\n')}\r\n--many--\r\n`);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'm.eml' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['Many files']);
  assert.ok(r.articles[0]!.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED' && /more than/.test(w.message)));
});

test('a header field in raw UTF-8 (RFC 6532) is read as UTF-8; a legacy 8-bit one stays latin-1', () => {
  const utf8 = message(
    'From: Prensa Almendral <prensa@almendral.example>\r\nSubject: Almendral abre una planta de baterías en Zaragoza\r\nDate: Thu, 5 Mar 2026 12:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8',
    'La planta recicla 20.000 toneladas al año.\r\n',
  );
  const [a] = ingestItem({ bytes: Buffer.from(utf8, 'utf8'), path: 'm.eml' }).articles;
  assert.equal(a?.headline, 'Almendral abre una planta de baterías en Zaragoza');
  const latin = message('From: press@porthere.example\r\nSubject: Grève à Port-Hérel\r\nDate: Thu, 5 Feb 2026 18:30:00 +0100', 'Les pêcheurs ont voté la grève.\r\n');
  const [b] = ingestItem({ bytes: Buffer.from(latin, 'latin1'), path: 'm.eml' }).articles;
  assert.equal(b?.headline, 'Grève à Port-Hérel');
});

test('a story forwarded inline: its own subject and text, not the forwarder note, separator or rendered header', () => {
  const story = 'LYON, March 5, 2026 -- Maison Verbel will build cargo bikes in Lyon, the company said.\r\n\r\nThe first model costs 4,290 euros.\r\n';
  const gmail = message(
    'From: Julien Roux <julien.roux@paper.example>\r\nSubject: Fwd: Cargo bikes from Lyon\r\nDate: Thu, 5 Mar 2026 10:12:00 +0100\r\nContent-Type: text/plain; charset=utf-8',
    `For tomorrow's business page?\r\n\r\nJulien\r\n\r\n---------- Forwarded message ---------\r\nFrom: Press Office <presse@verbel.example>\r\nDate: Thu, Mar 5, 2026 at 9:00 AM\r\nSubject: Maison Verbel to build cargo bikes in Lyon\r\nTo: <desk@paper.example>\r\n\r\n\r\n${story}`,
  );
  const outlook = message(
    'From: Julien Roux <julien.roux@paper.example>\r\nSubject: FW: Cargo bikes\r\nDate: Thu, 5 Mar 2026 10:12:00 +0100\r\nContent-Type: text/plain; charset=utf-8',
    `For the business page.\r\n\r\n-----Original Message-----\r\nFrom: Press Office <presse@verbel.example>\r\nSent: Thursday, March 5, 2026 9:00 AM\r\nTo: Desk <desk@paper.example>\r\nSubject: Maison Verbel to build cargo bikes in Lyon\r\n\r\n${story}`,
  );
  for (const m of [gmail, outlook]) {
    const [a] = ingestItem({ bytes: Buffer.from(m), path: 'm.eml' }).articles;
    assert.deepEqual([a?.headline, a?.dateline?.city, a?.body.text, a?.bylines.map((b) => b.name)], ['Maison Verbel to build cargo bikes in Lyon', 'Lyon', 'Maison Verbel will build cargo bikes in Lyon, the company said.\n\nThe first model costs 4,290 euros.', []]);
  }
});

test('a French, Spanish or Italian Outlook forward: its one-letter "À :"/"A:" and two-word "Enviado el:" fields do not end the rendered header', () => {
  const story = 'LYON, March 5, 2026 -- Maison Verbel will build cargo bikes in Lyon, the company said.\r\n\r\nThe first model costs 4,290 euros.\r\n';
  const headers = [
    'De : Press Office <presse@verbel.example>\r\nEnvoyé : jeudi 5 mars 2026 09:00\r\nÀ : Desk <desk@paper.example>\r\nObjet : Maison Verbel to build cargo bikes in Lyon',
    'De: Press Office <presse@verbel.example>\r\nEnviado el: jueves, 5 de marzo de 2026 9:00\r\nPara: Desk <desk@paper.example>\r\nAsunto: Maison Verbel to build cargo bikes in Lyon',
    'Da: Press Office <presse@verbel.example>\r\nInviato: giovedì 5 marzo 2026 09:00\r\nA: Desk <desk@paper.example>\r\nOggetto: Maison Verbel to build cargo bikes in Lyon',
  ];
  for (const h of headers) {
    const m = message('From: Julien Roux <julien.roux@paper.example>\r\nSubject: TR: Vélos\r\nDate: Thu, 5 Mar 2026 10:12:00 +0100\r\nContent-Type: text/plain; charset=utf-8', `Pour la page éco.\r\n\r\n-----Original Message-----\r\n${h}\r\n\r\n${story}`);
    const [a] = ingestItem({ bytes: Buffer.from(m), path: 'm.eml' }).articles;
    assert.deepEqual([a?.headline, a?.body.text], ['Maison Verbel to build cargo bikes in Lyon', 'Maison Verbel will build cargo bikes in Lyon, the company said.\n\nThe first model costs 4,290 euros.'], h);
  }
});

test('a forward\'s rendered Subject, already decoded from the body, is not read again as raw UTF-8 bytes', () => {
  const m = message(
    'From: Julien Roux <julien.roux@paper.example>\r\nSubject: Fwd: Bikes\r\nDate: Thu, 5 Mar 2026 10:12:00 +0100\r\nContent-Type: text/plain; charset=utf-8',
    'For the business page.\r\n\r\n-----Original Message-----\r\nFrom: Press Office <presse@verbel.example>\r\nSubject: Maison Verbel’s DORÉ® cargo bike goes on sale\r\n\r\nLYON, March 5, 2026 -- Maison Verbel put its cargo bike on sale, the company said.\r\n',
  );
  assert.equal(ingestItem({ bytes: Buffer.from(m), path: 'm.eml' }).articles[0]?.headline, 'Maison Verbel’s DORÉ® cargo bike goes on sale');
});

test('a plain part is no stub of its HTML alternative for the words of the HTML\'s <style> block', () => {
  const plain = 'Grupo Almendral has opened a battery recycling plant in Zaragoza, the company said.';
  const style = Array.from({ length: 40 }, (_, i) => `.c${i} { font-family: Arial, sans-serif; color: #333; margin: 0 auto; }`).join('\n');
  const m = message(
    'From: Grupo Almendral <prensa@almendral.example>\r\nSubject: Battery plant opens\r\nDate: Thu, 5 Mar 2026 12:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="alt"',
    `--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${plain}\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>${style}</style></head><body><p class="c1"><b>${plain}</b></p></body></html>\r\n--alt--\r\n`,
  );
  const a = ingestItem({ bytes: Buffer.from(m), path: 'm.eml' }).articles[0]!;
  assert.deepEqual([a.body.text, a.body.html], [plain, `<p>${plain}</p>`]);
});

test('the sender is the author only from a mailbox of their own, not from an office\'s (press@, news@)', () => {
  const mail = (from: string): string => message(`From: ${from}\r\nSubject: Vines for a hotter climate\r\nDate: Mon, 2 Mar 2026 07:15:00 -0800\r\nContent-Type: text/plain; charset=utf-8`, 'Calloway Vineyards will plant 200 acres of heat-tolerant grapes, it said.\r\n');
  const authors = (from: string): string[] => ingestItem({ bytes: Buffer.from(mail(from)), path: 'm.eml' }).articles[0]!.bylines.map((b) => b.name);
  assert.deepEqual(authors('Calloway Vineyards <news@calloway.example>'), []);
  assert.deepEqual(authors('"Grupo Almendral" <prensa@almendral.example>'), []);
  assert.deepEqual(authors('Megan Price <mprice@paper.example>'), ['Megan Price']);
  assert.deepEqual(authors('Jo Kim <jk@paper.example>'), ['Jo Kim']);
  assert.deepEqual(authors('Li Na <lina@paper.example>'), ['Li Na']);
  assert.deepEqual(authors('Élodie Marchand <elodie.marchand@verbel.example>'), ['Élodie Marchand']);
});

test('a plain part that is a stub of its HTML alternative yields to the HTML; a plain part of the same story is kept', () => {
  const paragraphs = ['Grupo Almendral has opened a battery recycling plant in Zaragoza, the largest of its kind in southern Europe.', 'The plant recovers lithium, nickel and cobalt, which are sold back to cell makers. The investment came to 65 million euros.', '"Every battery we recycle here is one less that travels to Asia," said chief executive Lucía Ferrer.'];
  const mail = (plain: string): string => message(
    'From: Grupo Almendral <prensa@almendral.example>\r\nSubject: Battery plant opens\r\nDate: Thu, 5 Mar 2026 12:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="alt"',
    `--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${plain}\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>\r\n--alt--\r\n`,
  );
  const stub = ingestItem({ bytes: Buffer.from(mail('This message is in HTML. If it does not display, open the web version: https://almendral.example/p/0305')), path: 'm.eml' }).articles[0]!;
  assert.equal(stub.body.text, paragraphs.join('\n\n'));
  const same = ingestItem({ bytes: Buffer.from(mail(paragraphs.slice(0, 2).join('\r\n\r\n'))), path: 'm.eml' }).articles[0]!;
  assert.equal(same.body.text, paragraphs.slice(0, 2).join('\n\n'));
});

test('a plain-text release attached under a short cover note is the story, read with its own headline', () => {
  const release = [
    'Orrin Biologics Reports Positive Phase 2 Results for Asthma Inhaler',
    '',
    'SAN DIEGO--(BUSINESS WIRE)--Orrin Biologics, Inc., a clinical-stage biotechnology company, today reported that its once-daily inhaler met the primary endpoint in a Phase 2 study of 310 adults with moderate asthma.',
    '',
    'Patients on the higher dose had 42 percent fewer severe attacks over 24 weeks than those on placebo. Side effects were mild and similar in both groups, the company said.',
    '',
    '"These results give us the confidence to start a Phase 3 programme next year," said Dr. Helen Ashby, chief medical officer of Orrin Biologics.',
    '',
    'Contacts',
    'Paul Engstrom, media@orrinbio.example',
  ].join('\r\n');
  const text = message(
    'From: Orrin Biologics Media <media@orrinbio.example>\r\nSubject: Press release: Orrin Biologics Phase 2 results\r\nDate: Wed, 4 Mar 2026 06:05:00 -0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="mix"',
    `--mix\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nDear editor,\r\n\r\nplease find attached today's release.\r\n\r\nKind regards,\r\nPaul Engstrom\r\n--mix\r\nContent-Type: text/plain; charset=utf-8; name="release.txt"\r\nContent-Disposition: attachment; filename="release.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(release).toString('base64')}\r\n--mix--\r\n`,
  );
  const a = ingestItem({ bytes: Buffer.from(text), path: 'm.eml' }).articles[0]!;
  assert.deepEqual([a.headline, a.dateline?.city, a.firstCreated, a.body.text.split('\n\n').length, a.body.text.includes('Dear editor'), a.body.text.includes('media@')], ['Orrin Biologics Reports Positive Phase 2 Results for Asthma Inhaler', 'San Diego', '2026-03-04T06:05:00-08:00', 3, false, false]);
});

test('an HTML-only release loses the mailer furniture and closing matter; clean HTML is kept as it came', () => {
  const body = '<p>Kestrel Mining Corp. poured its first gold bar at the Bluefish project on Thursday, six weeks early.</p><p>The bar weighed 612 ounces.</p>';
  const mail = (html: string): string => message('From: Kestrel Mining <ir@kestrel.example>\r\nSubject: First gold pour\r\nDate: Thu, 5 Mar 2026 07:00:00 -0800\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8', html);
  const furnished = `<html><body><p><a href="https://kestrel.example/view">View this email in your browser</a></p>${body}<p>###</p><p>Media contact: Ana Ruiz, ana.ruiz@kestrel.example</p><p>You are receiving this email because you subscribed to Kestrel news. <a href="https://kestrel.example/u">Unsubscribe</a></p></body></html>`;
  const a = ingestItem({ bytes: Buffer.from(mail(furnished)), path: 'm.eml' }).articles[0]!;
  assert.equal(a.body.text, 'Kestrel Mining Corp. poured its first gold bar at the Bluefish project on Thursday, six weeks early.\n\nThe bar weighed 612 ounces.');
  const clean = ingestItem({ bytes: Buffer.from(mail(`<html><body>${body.replace('612 ounces', '<b>612</b> ounces')}</body></html>`)), path: 'm.eml' }).articles[0]!;
  assert.match(clean.body.html, /<b>612<\/b>/);
});

test('a list server\'s [tag] before the subject is no part of the headline when the message names its list (RFC 2919)', () => {
  const mail = (listId: string): string => message(`From: Calloway Vineyards <news@calloway.example>\r\nSubject: [releases] Fwd: Vines for a hotter climate\r\nDate: Mon, 2 Mar 2026 07:15:00 -0800\r\n${listId}Content-Type: text/plain; charset=utf-8`, 'Calloway Vineyards will plant 200 acres of heat-tolerant grapes.\r\n');
  const headline = (listId: string): string | null => ingestItem({ bytes: Buffer.from(mail(listId)), path: 'm.eml' }).articles[0]!.headline;
  assert.equal(headline('List-Id: Wine trade releases <releases.lists.example>\r\n'), 'Vines for a hotter climate');
  assert.equal(headline(''), '[releases] Fwd: Vines for a hotter climate');
});
