import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutReleaseEnd, withoutReleaseHead } from '../../src/text/release-end.js';

// Invented releases in the layouts the distribution services publish.

const story = [
  'BOSTON, March 4, 2026 /PRNewswire/ -- Fenwick Tidal Inc. today announced an agreement to supply 40 wave turbines to three ports.',
  '"Ports want to power ships at the quay," said chief executive Marta Quill.',
  'About Fenwick Tidal Inc. Fenwick Tidal Inc., founded in 2014, designs and builds wave turbines for coastal infrastructure.',
];

test('the contact block and the service trailer lines after a release are no story text', () => {
  const paras = [...story, 'Media Contact:\nDana Whitlow\n+1 617 555 0142\npress@fenwicktidal.example', 'SOURCE Fenwick Tidal Inc.', 'View original content to download multimedia:https://www.prnewswire.com/news-releases/x-302411876.html'];
  assert.deepEqual(withoutReleaseEnd(paras), story);
  const bw = [...story, 'View source version on businesswire.com:\nhttps://www.businesswire.com/news/home/20260304005123/en/', 'Contacts', 'Media:\nPaul Engstrom\n+1 858 555 0199', 'Investors:\nRita Cole\nir@orrinbio.example'];
  assert.deepEqual(withoutReleaseEnd(bw), story);
  const ots = [...story, 'Pressekontakt:\n\nSvenja Harms\nTelefon: +49 40 555 1234', 'Original-Content von: Nordlicht Energie GmbH, übermittelt durch news aktuell'];
  assert.deepEqual(withoutReleaseEnd(ots), story);
});

test('everything after an end mark, and a footer under a separator line, is left out', () => {
  for (const mark of ['###', '# # #', '-30-', '- 30 -', 'ENDS', '-ends-', '(Ende)', 'Enditem', 'NNNN']) {
    assert.deepEqual(withoutReleaseEnd([...story, mark, 'Notes to editors\n1. The council serves 98,000 residents.']), story, mark);
  }
  const footer = [...story, '_______________________________________________\nreleases mailing list\nTo unsubscribe send an email to releases-leave@lists.example'];
  assert.deepEqual(withoutReleaseEnd(footer), story);
});

test('story paragraphs with a number, a phone or a word like "Media" stay', () => {
  const paras = [...story, 'Tickets cost 20 dollars and can be booked on 555-0100.', 'Media: the council streams the meeting online.'];
  assert.deepEqual(withoutReleaseEnd(paras), paras);
  assert.deepEqual(withoutReleaseEnd(['Call 555 0100 now']), ['Call 555 0100 now']);
});

test('a release label and a contact block above the text are left out', () => {
  const head = ['FOR IMMEDIATE RELEASE', 'Media Contact:\nPriya Nandakumar\n(555) 555-0187\npnandakumar@rivertonlib.example'];
  assert.deepEqual(withoutReleaseHead([...head, ...story]), story);
  assert.deepEqual(withoutReleaseHead(story), story);
});

test('a contact label with its name and details each on a paragraph of its own', () => {
  assert.deepEqual(withoutReleaseEnd([...story, 'Media Contact:', 'Abi Treharne', 'Head of Communications', '+44 1632 960 210']), story);
  // A short closing line without a label above it stays.
  assert.deepEqual(withoutReleaseEnd([...story, 'Shares rose 4 percent']), [...story, 'Shares rose 4 percent']);
});

test('notes to editors end the release text; a service trailer line is recognised alone', async () => {
  assert.deepEqual(withoutReleaseEnd([...story, 'Notes to editors\nThe company runs eleven routes.', 'SOURCE Fenwick Tidal Inc.']), story);
  assert.deepEqual(withoutReleaseEnd([...story, 'Noot voor de redactie, niet voor publicatie:', 'Voor meer informatie kunt u contact opnemen met Sanne de Wit.']), story);
  const { isServiceTrailerLine } = await import('../../src/text/release-end.js');
  assert.equal(isServiceTrailerLine('SOURCE Tarrow Ferries AB'), true);
  assert.equal(isServiceTrailerLine('Source: the company'), false);
});

test('the EU Market Abuse Regulation disclosure statement closing a listed company\'s release is closing matter', () => {
  const mar = 'This information is information that Tarrow Ferries AB (publ) is obliged to make public pursuant to the EU Market Abuse Regulation. The information was submitted for publication at 08:00 CET on 6 March 2026.';
  assert.deepEqual(withoutReleaseEnd([...story, 'For further information, please contact:\nOskar Lind, +46 8 555 010 30', mar, 'SOURCE Tarrow Ferries AB']), story);
  const sv = 'Denna information är sådan information som Tarrow Ferries AB (publ) är skyldigt att offentliggöra enligt EU:s marknadsmissbruksförordning.';
  assert.deepEqual(withoutReleaseEnd([...story, sv]), story);
});

test('a mailer\'s "view in your browser" line above and an unsubscribe footer below are left out; a story\'s "unsubscribe" stays', () => {
  assert.deepEqual(withoutReleaseHead(['View this email in your browser', ...story]), story);
  const footer = 'You are receiving this email because you subscribed to Fenwick Tidal news releases. Unsubscribe | Update your preferences';
  assert.deepEqual(withoutReleaseEnd([...story, footer, 'Fenwick Tidal Inc., 1 Harbor Way, Boston, MA']), story);
  const told = [...story, 'Members can unsubscribe at any time, the company said, and about 3,000 have done so.'];
  assert.deepEqual(withoutReleaseEnd(told), told);
});

test('a date, a score or a count closing a story is no contact line; a phone written as one is', () => {
  for (const last of ['Aktualisiert: 07.12.2026, 10:32', 'Results: 12-10 25-23 25-19', 'Attendance rose to 45 000 000 in 2025.']) {
    assert.deepEqual(withoutReleaseEnd([...story, last]), [...story, last], last);
  }
  for (const contact of ['Dana Whitlow, +1 617 555 0142', 'Svenja Harms\nTel. 040 555 1234', 'Priya Nandakumar\n(555) 555-0187', 'Oskar Lind\n617-555-0142', 'Tél : 01 23 45 67 89', 'Marta Quill\npress@fenwicktidal.example']) {
    assert.deepEqual(withoutReleaseEnd([...story, contact]), story, contact);
  }
});
