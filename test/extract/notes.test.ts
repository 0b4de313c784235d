import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { toNinjs } from '../../src/export/ninjs.js';

/**
 * `replaces` (what a correction, update or kill targets) and `editorNote` (not for publication),
 * from every format that states them. Inputs are invented, shaped like each format's real files.
 */

const SOH = '\x01';
const STX = '\x02';
const ETX = '\x03';
const EOT = '\x04';

const nitf = (attrs: string, inner: string): string =>
  `<nitf><head><docdata ${attrs}><doc-id id-string="efe-2024-77"/>${inner}</docdata></head>` +
  '<body><body.head><hedline><hl1>Vote postponed</hl1></hedline></body.head><body.content><p>Text.</p></body.content></body></nitf>';

const newsml1 = (revision: string, lines: string, mgmt = ''): string =>
  '<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20240301</DateId>' +
  `<NewsItemId>TX-PAR-ABC12</NewsItemId>${revision}<PublicIdentifier>urn:newsml:afp.com:20240301:TX-PAR-ABC12:3</PublicIdentifier>` +
  '</NewsIdentifier></Identification><NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20240301T080000Z</FirstCreated>' +
  `<ThisRevisionCreated>20240301T101500Z</ThisRevisionCreated><Status FormalName="Usable"/>${mgmt}</NewsManagement>` +
  `<NewsComponent><NewsLines><HeadLine>Port strike ends</HeadLine>${lines}</NewsLines>` +
  '<ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF"/><DataContent><nitf><body><body.content><p>Dockers returned to work.</p></body.content></body></nitf></DataContent></ContentItem>' +
  '</NewsComponent></NewsItem></NewsML>';

const g2 = (itemMeta: string, status = 'usable'): string =>
  '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.test:20240301:story-9" version="2" standard="NewsML-G2" standardversion="2.29">' +
  `<itemMeta><itemClass qcode="ninat:text"/><provider literal="Example Wire"/><versionCreated>2024-03-01T10:00:00Z</versionCreated><pubStatus qcode="stat:${status}"/>${itemMeta}</itemMeta>` +
  '<contentMeta><headline>Bridge reopens</headline></contentMeta>' +
  '<contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content><p>Traffic flows again.</p></body.content></body></nitf></inlineXML></contentSet></newsItem>';

const anpa = (slugLine: string, header: string, body: string): string =>
  `\x16\x16${SOH}W5130\x1f-----\r\nb i\x13\x11 ${slugLine}   07-02 0046\r\n${STX}${header}\r\n\t   ${body}\r\n\r\n\t   ${ETX}AP-WF-07-02-24 0912GMT<\r\n\r\n\x0c\r\n${EOT}`;

const iptc7901 = (marker: string, tail: string): string =>
  `${SOH}eca301 1 i 60  dpa 201\r\n\r\n\r\nItaly-floods/\r\n${STX}${marker}\r\nRiver Po bursts its banks near Ferrara =\r\n\r\n` +
  `Ferrara (dpa) - The river Po burst its banks on Tuesday.\r\n\r\n${tail}dpa abc\r\n\r\n${ETX}101200 GMT Mar 24 \r\n${EOT}`;

const json = (o: unknown): string => JSON.stringify(o);

interface Case {
  name: string;
  input: string;
  format: string;
  replaces: string | null;
  editorNote: string | null;
  /** Which article of the input to check (default the first). */
  index?: number;
}

const CASES: Case[] = [
  {
    name: 'NITF management-doc-idref and ed-msg info',
    format: 'nitf',
    input: nitf('management-status="canceled" management-doc-idref="efe-2024-70"', '<ed-msg msg-type="kill" info="ANULADA. Do not use story efe-2024-70."/>'),
    replaces: 'efe-2024-70',
    editorNote: 'ANULADA. Do not use story efe-2024-70.',
  },
  {
    name: 'NITF ed-msg with an empty info is no note',
    format: 'nitf',
    input: nitf('management-status="usable"', '<ed-msg info=""/>'),
    replaces: null,
    editorNote: null,
  },
  {
    name: 'NewsML 1.2 PreviousRevision names the revision replaced; an AdvisoryLine is a note',
    format: 'newsml-1',
    input: newsml1('<RevisionId PreviousRevision="2" Update="U">3</RevisionId>', '<NewsLine><NewsLineType FormalName="AdvisoryLine"/><NewsLineText>CORRECTS date in para 2</NewsLineText></NewsLine>'),
    replaces: 'urn:newsml:afp.com:20240301:TX-PAR-ABC12:2',
    editorNote: 'CORRECTS date in para 2',
  },
  {
    name: 'NewsML 1.2 first revision replaces nothing; a ProductLine is not a note; an Instruction comment is',
    format: 'newsml-1',
    input: newsml1('<RevisionId PreviousRevision="0" Update="N">1</RevisionId>', '<NewsLine><NewsLineType FormalName="ProductLine"/><NewsLineText>(PICTURE)</NewsLineText></NewsLine>',
      '<Instruction FormalName="Correction"><Comment>Fixes the spelling of the port</Comment></Instruction>'),
    replaces: null,
    editorNote: 'Fixes the spelling of the port',
  },
  {
    name: 'NewsML-G2 edNote and link rel previousVersion; a closing line is no note',
    format: 'newsml-g2',
    input: g2('<edNote>Eds: Updates with mayor quote.</edNote><edNote role="dpaednoterole:closingline">dpa xy z1</edNote><link rel="irel:previousVersion" residref="urn:newsml:example.test:20240301:story-8" version="1"/>'),
    replaces: 'urn:newsml:example.test:20240301:story-8',
    editorNote: 'Eds: Updates with mayor quote.',
  },
  {
    name: 'NewsML-G2 kill without a link kills its own guid',
    format: 'newsml-g2',
    input: g2('<edNote>KILL - withdrawn, published in error.</edNote>', 'canceled'),
    replaces: 'urn:newsml:example.test:20240301:story-9',
    editorNote: 'KILL - withdrawn, published in error.',
  },
  {
    name: 'ANPA Eds: line is a note; a kill names the slug it kills',
    format: 'anpa-1312',
    input: anpa('BC-US--Harbor Fire Kill', '^BC-US--Harbor Fire, Kill,46<\r\n^Eds: KILL BC-US--Harbor Fire. The story gave a wrong death toll.<', 'BOSTON (AP) _ Editors: Kill the story slugged BC-US--Harbor Fire, sent at 0845 GMT.'),
    replaces: 'BC-US--Harbor Fire',
    editorNote: 'Eds: KILL BC-US--Harbor Fire. The story gave a wrong death toll.',
  },
  {
    name: 'ANPA kill that names no slug kills its own',
    format: 'anpa-1312',
    input: anpa('BC-US--Dam Breach Kill', '^BC-US--Dam Breach, Kill,30<', 'DENVER (AP) _ Editors: The story is withdrawn. A substitute will move.'),
    replaces: 'BC-US--Dam Breach',
    editorNote: null,
  },
  {
    name: 'IPTC 7901 correction marker and notebook are notes; the body keeps neither',
    format: 'iptc-7901',
    input: iptc7901('(Correction: Town name in para 1 corrected)', '# dpa Notebook\r\n\r\n## Note to editors\r\n- corrects town name\r\n\r\n'),
    replaces: null,
    editorNote: 'Correction: Town name in para 1 corrected\n\nNote to editors - corrects town name',
  },
  {
    name: 'IPTC 7901 kill names the story by its keywords',
    format: 'iptc-7901',
    input: iptc7901('KILL', ''),
    replaces: 'Italy-floods',
    editorNote: null,
  },
  {
    name: 'AP Media API ednote',
    format: 'ap-media-api',
    input: json({ api_version: '2', data: { item: { altids: { itemid: 'abc123' }, type: 'text', version: 2, pubstatus: 'usable', headline: 'Dam holds', ednote: 'Eds: Adds byline.', body_html: '<p>Text.</p>' } } }),
    replaces: null,
    editorNote: 'Eds: Adds byline.',
  },
  {
    name: 'ninjs ednote; a canceled item kills its own uri',
    format: 'ninjs',
    input: json({ uri: 'http://wire.example.test/item/77', type: 'text', pubstatus: 'canceled', headline: 'KILL', body_text: 'Withdrawn.', ednote: 'Do not use.' }),
    replaces: 'http://wire.example.test/item/77',
    editorNote: 'Do not use.',
  },
  {
    name: 'dpa digitalwires ednotes without the closing line',
    format: 'dpa-digitalwires',
    input: json({
      format: 'digitalwires@0.9.1', urn: 'urn:newsml:dpa.com:20090101:240301-99-1', version: 1, pubstatus: 'usable', headline: 'Fähre fährt wieder', article_html: '<section><p>Text.</p></section>',
      ednotes: [
        { role: 'dpaednoterole:closingline', ednote: 'dpa xy z1', is_publishable: true },
        { role: 'dpaednoterole:correction', ednote: 'Ortsname korrigiert.', is_publishable: true },
      ],
    }),
    replaces: null,
    editorNote: 'Ortsname korrigiert.',
  },
];

for (const c of CASES) {
  test(`notes: ${c.name}`, () => {
    const result = ingestItem({ bytes: Buffer.from(c.input, 'utf8'), path: null });
    assert.equal(result.format, c.format);
    assert.deepEqual(result.failures.map((f) => f.error.message), []);
    const a = result.articles[c.index ?? 0];
    assert.ok(a, 'an article');
    assert.equal(a.replaces, c.replaces);
    assert.equal(a.editorNote, c.editorNote);
    if (c.editorNote) {
      for (const line of c.editorNote.split('\n\n')) assert.ok(!a.body.text.includes(line), `the note "${line}" stays out of the body`);
    }
  });
}

test('notes: replaces and editorNote survive a ninjs export and read-back', () => {
  const input = anpa('BC-US--Harbor Fire Kill', '^BC-US--Harbor Fire, Kill,46<\r\n^Eds: KILL BC-US--Harbor Fire. Wrong death toll.<', 'BOSTON (AP) _ Editors: Kill the story.');
  const [article] = ingestItem({ bytes: Buffer.from(input, 'utf8'), path: null }).articles;
  assert.ok(article);
  const ninjs = toNinjs(article);
  assert.equal(ninjs.ednote, 'Eds: KILL BC-US--Harbor Fire. Wrong death toll.');
  const back = ingestItem({ bytes: Buffer.from(JSON.stringify(ninjs), 'utf8'), path: null });
  assert.equal(back.format, 'ninjs');
  assert.equal(back.articles[0]?.replaces, 'BC-US--Harbor Fire');
  assert.equal(back.articles[0]?.editorNote, 'Eds: KILL BC-US--Harbor Fire. Wrong death toll.');
  assert.equal(back.articles[0]?.pictures.length, 0, 'the replaces association is no picture');
});
