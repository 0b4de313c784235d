import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredit } from '../../src/extract/credits.js';
import { isNamedSlashCredit, splitCaptionCredit, splitTrailingCredit, captionFlags } from '../../src/extract/captions.js';
import { canonicalAgency } from '../../src/extract/agencies.js';

// Credit strings shaped like the ones agencies print (names invented). Columns: raw,
// photographer, agencies, via, flags.
type Row = [string, string | null, string[], string | null, string[]];
const CREDITS: Row[] = [
  ['Sputnik/Mikhail Klimentyev/Kremlin via REUTERS/File Photo', 'Mikhail Klimentyev', ['Sputnik', 'Kremlin'], 'Reuters', ['file-photo']],
  ['Sputnik/Olga Marin/Pool via REUTERS', 'Olga Marin', ['Sputnik'], 'Reuters', ['pool']],
  ['REUTERS/Mario Anzuoni', 'Mario Anzuoni', ['Reuters'], null, []],
  // The Canadian Press credits a handout "HO-" and its source; a usage instruction is no name.
  ['THE CANADIAN PRESS/HO-Jo Kim, *MANDATORY CREDIT*', 'Jo Kim', ['The Canadian Press'], null, ['handout']],
  ['REUTERS/Jo Kim/MANDATORY CREDIT', 'Jo Kim', ['Reuters'], null, []],
  ['REUTERS/Hannah Mckay/File Photo', 'Hannah Mckay', ['Reuters'], null, ['file-photo']],
  ['REUTERS/SANA/Handout via Reuters', null, ['Reuters', 'SANA'], 'Reuters', ['handout']],
  ['REUTERS/Syria TV via Reuters TV', null, ['Reuters', 'Syria TV'], 'Reuters TV', []],
  ['Ukrainian Presidential Press Service/Handout via REUTERS', null, ['Ukrainian Presidential Press Service'], 'Reuters', ['handout']],
  ['(AP Photo/Evan Vucci)', 'Evan Vucci', ['AP'], null, []],
  ['(AP Photo/Lena Morrow, File)', 'Lena Morrow', ['AP'], null, ['file-photo']],
  ['AP Photo/Charles Rex Arbogast, File', 'Charles Rex Arbogast', ['AP'], null, ['file-photo']],
  ['(DHA via AP, File)', null, ['DHA'], 'AP', ['file-photo']],
  ['(Tom Walsh/Pool Photo via AP)', 'Tom Walsh', [], 'AP', ['pool']],
  ['(Photo by Dana Reyes/Invision/AP)', 'Dana Reyes', ['Invision', 'AP'], null, []],
  ['john Doe/Something/AP', 'john Doe', ['Something', 'AP'], null, []],
  ['Charles Sykes/Invision/AP', 'Charles Sykes', ['Invision', 'AP'], null, []],
  ['Steve Helber/AP/dpa', 'Steve Helber', ['AP', 'dpa'], null, []],
  ['Kira Brandt/dpa', 'Kira Brandt', ['dpa'], null, []],
  ['Foto: Jonas Keller/dpa +++ dpa-Bildfunk +++', 'Jonas Keller', ['dpa'], null, []],
  ['Jonas Keller/dpa/Archivbild', 'Jonas Keller', ['dpa'], null, ['file-photo']],
  ['Ali Hadid/XinHua/dpa', 'Ali Hadid', ['Xinhua', 'dpa'], null, []],
  ['picture alliance/dpa', null, ['picture alliance', 'dpa'], null, []],
  ['ANTHONY WALLACE/AFP/Getty Images', 'ANTHONY WALLACE', ['AFP', 'Getty Images'], null, []],
  ['LUDOVIC MARIN/AFP via Getty Images', 'LUDOVIC MARIN', ['AFP'], 'Getty Images', []],
  ['Photo by Celine Arnaud / AFP', 'Celine Arnaud', ['AFP'], null, []],
  ['AFP PHOTO / HANDOUT / SANA', null, ['AFP', 'SANA'], null, ['handout']],
  // A stringer the agency does not name ("STR", "Stringer") is no agency and no photographer.
  ['STR/AFP', null, ['AFP'], null, []],
  // An archive or a city government credited for a picture is an organisation, not a photographer,
  // also as a closed compound ending in an organisation word.
  ['Foto: Landesarchiv Schwerin', null, ['Landesarchiv Schwerin'], null, []],
  ['Bild: Heimatmuseum Plön', null, ['Heimatmuseum Plön'], null, []],
  ['Foto: Intendencia de Rocha', null, ['Intendencia de Rocha'], null, []],
  ['Imagen: Kari Lund', 'Kari Lund', [], null, []],
  ['Imagem: Reprodução/Instagram', null, ['Reprodução', 'Instagram'], null, []],
  // A public body or armed service handing out a picture is an organisation, never its photographer.
  ['Kelsey Bay Port Authority/Handout via REUTERS', null, ['Kelsey Bay Port Authority'], 'Reuters', ['handout']],
  ['U.S. Navy/Handout via REUTERS', null, ['U.S. Navy'], 'Reuters', ['handout']],
  ['Federal Aviation Administration via AP', null, ['Federal Aviation Administration'], 'AP', []],
  ['Indian Air Force via AP', null, ['Indian Air Force'], 'AP', []],
  // A sports club handing out a picture is an organisation too ("FC", "Club").
  ['HANDOUT/RAVNHOLM FC/AFP', null, ['RAVNHOLM FC', 'AFP'], null, ['handout']],
  ['Handout/Example City FC via Reuters', null, ['Example City FC'], 'Reuters', ['handout']],
  ['AFP PHOTO / STR', null, ['AFP'], null, []],
  ['REUTERS/Stringer', null, ['Reuters'], null, []],
  ['Photograph: POOL/Reuters', null, ['Reuters'], null, ['pool']],
  ['Photograph: Alan Wong/Getty Images', 'Alan Wong', ['Getty Images'], null, []],
  ['Photograph: Dan Emery/AFP/Getty Images', 'Dan Emery', ['AFP', 'Getty Images'], null, []],
  ['Photograph: AP', null, ['AP'], null, []],
  ['Photograph: Rex/Shutterstock', null, ['REX', 'Shutterstock'], null, []],
  ['THE CANADIAN PRESS/Paul Chiasson', 'Paul Chiasson', ['The Canadian Press'], null, []],
  ['THE CANADIAN PRESS/Sean Kilpatrick', 'Sean Kilpatrick', ['The Canadian Press'], null, []],
  ['Eva Manez/Reuters', 'Eva Manez', ['Reuters'], null, []],
  // An organisation is told from a person by a word organisations carry (police, handout), not by a list of their names.
  ['Thames Valley Police/PA Wire', null, ['Thames Valley Police', 'PA'], null, []],
  ['Greenpeace Handout/PA Wire', null, ['Greenpeace', 'PA'], null, ['handout']],
  ['Yui Mok/PA Wire', 'Yui Mok', ['PA'], null, []],
  ['Gareth Fuller/PA Media', 'Gareth Fuller', ['PA'], null, []],
  ['(c) Bettmann/CORBIS', null, ['Bettmann', 'CORBIS'], null, []],
  ['© Bettmann/CORBIS', null, ['Bettmann', 'CORBIS'], null, []],
  ['EPA-EFE/FILIP SINGER', 'FILIP SINGER', ['EPA-EFE'], null, []],
  ['EPA/ANDY RAIN', 'ANDY RAIN', ['EPA'], null, []],
  ['ANSA/ETTORE FERRARI', 'ETTORE FERRARI', ['ANSA'], null, []],
  ['Xinhua/Li Wen', 'Li Wen', ['Xinhua'], null, []],
  ['Karl Melander/TT', 'Karl Melander', ['TT'], null, []],
  ['Photo Samantha Zucchi /Insidefoto/Sipa USA)', 'Samantha Zucchi', ['Insidefoto', 'Sipa USA'], null, []],
  ['Acme/John Smith', 'John Smith', ['Acme'], null, []],
  ['Bilal Hussein/AP', 'Bilal Hussein', ['AP'], null, []],
  ['Getty Images', null, ['Getty Images'], null, []],
  ['REUTERS', null, ['Reuters'], null, []],
  ['ASSOCIATED PRESS', null, ['AP'], null, []],
  ['Agence France-Presse', null, ['AFP'], null, []],
  ['Kremlin Press Office/Handout via REUTERS', null, ['Kremlin Press Office'], 'Reuters', ['handout']],
  ['Photo by Marta Lind for The Washington Post', 'Marta Lind', ['The Washington Post'], null, []],
  ['Handout/REUTERS', null, ['Reuters'], null, ['handout']],
  ['HO/AFP', null, ['AFP'], null, ['handout']],
];

for (const [raw, photographer, agencies, via, flags] of CREDITS) {
  test(`credit ${raw}`, () => {
    const c = parseCredit(raw, { from: 'element', rule: 'test' });
    assert.equal(c.raw, raw);
    assert.equal(c.photographer, photographer);
    assert.deepEqual(c.agencies, agencies);
    assert.equal(c.via, via);
    assert.deepEqual(c.flags, flags);
  });
}

test('credit: a metadata photographer settles a one-word part and never beats a person', () => {
  assert.equal(parseCredit('Karben', null, { photographer: 'Karben' }).photographer, 'Karben');
  assert.deepEqual(parseCredit('Karben', null, { photographer: 'Karben' }).agencies, []);
  assert.equal(parseCredit('Photo Ada Nero /Insidefoto/Sipa USA)', null, { photographer: 'Insidefoto' }).photographer, 'Ada Nero');
  assert.equal(parseCredit('REUTERS', null, { photographer: 'MARKO DJURA' }).photographer, 'MARKO DJURA');
  assert.equal(parseCredit(null, null, { photographer: 'Ana Ruiz' }).photographer, 'Ana Ruiz');
});

// Captions ending with their credit. Columns: text, caption, credit.
const CAPTIONS: Array<[string, string, string | null]> = [
  ['FILE PHOTO: A minister speaks during a meeting in Sochi, Russia September 5, 2023. Sputnik/Ivan Petrov/Kremlin via REUTERS/File Photo',
    'FILE PHOTO: A minister speaks during a meeting in Sochi, Russia September 5, 2023.', 'Sputnik/Ivan Petrov/Kremlin via REUTERS/File Photo'],
  ['A woman votes in Nairobi, Kenya March 4, 2013. REUTERS/Goran Tomic (KENYA - Tags: POLITICS ELECTIONS)',
    'A woman votes in Nairobi, Kenya March 4, 2013.', 'REUTERS/Goran Tomic'],
  ['Fans cheer in Chicago on Sunday. (AP Photo/Nam Huh)', 'Fans cheer in Chicago on Sunday.', '(AP Photo/Nam Huh)'],
  ['FILE - In this 2018 file photo a man waits.(Photo by Jo Ray/Something/AP, File)', 'FILE - In this 2018 file photo a man waits.', '(Photo by Jo Ray/Something/AP, File)'],
  ['The logo is seen in Montreal on Wednesday, July 8, 2020. THE CANADIAN PRESS/Luc Roy', 'The logo is seen in Montreal on Wednesday, July 8, 2020.', 'THE CANADIAN PRESS/Luc Roy'],
  ['Workers protest in Rome (Italy), October 27th 2020 Photo Ada Nero /Insidefoto/Sipa USA)', 'Workers protest in Rome (Italy), October 27th 2020', 'Photo Ada Nero /Insidefoto/Sipa USA)'],
  ['A view of the city at night. REUTERS', 'A view of the city at night.', 'REUTERS'],
  // A name particle set before a capital without a space is part of a surname, no lower-case word of prose.
  ['A view of the bay, in an undated handout photo. THE CANADIAN PRESS/HO-Anna deWitt', 'A view of the bay, in an undated handout photo.', 'THE CANADIAN PRESS/HO-Anna deWitt'],
  // The AP Stylebook's credit for a staff picture without a name, printed after the caption (also after the caption's own bracket).
  ['A ferry leaves the harbour at dawn. AP Photo', 'A ferry leaves the harbour at dawn.', 'AP Photo'],
  ['A ferry leaves the harbour at dawn. (AP Photo/Jo Kim) AP Photo', 'A ferry leaves the harbour at dawn. (AP Photo/Jo Kim)', 'AP Photo'],
  ['A ferry leaves the harbour (left) at dawn.', 'A ferry leaves the harbour (left) at dawn.', null],
  // A credit run on to the last full stop without a space (a copy where the caption and credit elements touch).
  ['A ferry leaves the harbour at dawn.AFP', 'A ferry leaves the harbour at dawn.', 'AFP'],
  ['A ferry leaves the harbour at dawn.The Associated Press', 'A ferry leaves the harbour at dawn.', 'The Associated Press'],
  ['A ferry left the harbour.Then it sank.', 'A ferry left the harbour.Then it sank.', null],
  ['Protesters gather outside the ministry. Photograph: Ada Lin/Getty Images', 'Protesters gather outside the ministry.', 'Photograph: Ada Lin/Getty Images'],
  ['A man walks in Paris on Monday.', 'A man walks in Paris on Monday.', null],
  ['The service runs 24/7 across the region.', 'The service runs 24/7 across the region.', null],
  ['Soldiers patrol the border near Kharkiv, Ukraine. Foto: Jan Wolf/dpa', 'Soldiers patrol the border near Kharkiv, Ukraine.', 'Foto: Jan Wolf/dpa'],
  // Spanish and Portuguese say "Image:" as "Imagen:" and "Imagem:" (the web-page furniture filter's PICTURE_LABEL knows the first).
  ['Los bomberos trabajan en Valencia el lunes. Imagen: Kari Lund', 'Los bomberos trabajan en Valencia el lunes.', 'Imagen: Kari Lund'],
  ['Bombeiros trabalham em Recife na segunda. Imagem: Reprodução/Instagram', 'Bombeiros trabalham em Recife na segunda.', 'Imagem: Reprodução/Instagram'],
];

for (const [text, caption, credit] of CAPTIONS) {
  test(`caption ${text.slice(0, 50)}`, () => {
    assert.deepEqual(splitCaptionCredit(text), { caption, credit });
  });
}

test('credit labels in more languages: Polish "Fot.", French "Crédit photo :", Turkish "Fotoğraf:" (and AA, Anadolu\'s short name)', () => {
  assert.deepEqual(splitCaptionCredit('Strażacy gaszą pożar w Gdyni. Fot. Kari Lund / PAP'), { caption: 'Strażacy gaszą pożar w Gdyni.', credit: 'Fot. Kari Lund / PAP' });
  assert.deepEqual(splitCaptionCredit('Strażacy gaszą pożar w Gdyni. Fot. PAP/Kari Lund'), { caption: 'Strażacy gaszą pożar w Gdyni.', credit: 'Fot. PAP/Kari Lund' });
  assert.deepEqual(splitTrailingCredit('Strażacy gaszą pożar w Gdyni. fot. Kari Lund'), { caption: 'Strażacy gaszą pożar w Gdyni.', credit: 'Kari Lund' });
  const pl = parseCredit('Fot. Kari Lund / PAP');
  assert.deepEqual([pl.photographer, pl.agencies], ['Kari Lund', ['PAP']]);
  assert.deepEqual(splitCaptionCredit('Les pompiers à Lyon lundi. Crédit photo : Kari Lund'), { caption: 'Les pompiers à Lyon lundi.', credit: 'Crédit photo : Kari Lund' });
  const fr = parseCredit('Crédits photo : Kari Lund / AFP');
  assert.deepEqual([fr.photographer, fr.agencies], ['Kari Lund', ['AFP']]);
  assert.deepEqual(splitTrailingCredit('İtfaiyeciler İzmir\'de pazartesi. Fotoğraf: AA'), { caption: 'İtfaiyeciler İzmir\'de pazartesi.', credit: 'AA' });
  const tr = parseCredit('Fotoğraf: Kari Lund/AA');
  assert.deepEqual([tr.photographer, tr.agencies], ['Kari Lund', ['Anadolu']]);
});

test('credits in square and full-width brackets close a caption as parenthesised ones do; the Japanese "<name>撮影" names the photographer', () => {
  assert.deepEqual(splitCaptionCredit('Divers search the harbour on Monday. [Photo by Kari Lund]'), { caption: 'Divers search the harbour on Monday.', credit: '[Photo by Kari Lund]' });
  const sq = parseCredit('[Kari Lund/AFP]');
  assert.deepEqual([sq.photographer, sq.agencies], ['Kari Lund', ['AFP']]);
  assert.deepEqual(splitTrailingCredit('Members attend the ceremony on Monday. [EXAMPLE HARBOUR ASSOCIATION]'), { caption: 'Members attend the ceremony on Monday.', credit: 'EXAMPLE HARBOUR ASSOCIATION' });
  assert.deepEqual(splitCaptionCredit('Members attend the ceremony on Monday. [1/5]').credit, null);
  assert.deepEqual(splitCaptionCredit('港に着いたフェリー＝12日、北港で（共同）'), { caption: '港に着いたフェリー＝12日、北港で', credit: '（共同）' });
  assert.deepEqual(parseCredit('（時事）').agencies, ['Jiji']);
  assert.deepEqual(parseCredit('（ロイター）').agencies, ['Reuters']);
  assert.deepEqual(splitTrailingCredit('港に着いたフェリー＝12日午後、北港、山田太郎撮影'), { caption: '港に着いたフェリー＝12日午後、北港', credit: '山田太郎撮影' });
  assert.deepEqual([parseCredit('山田太郎撮影').photographer, parseCredit('山田太郎撮影').agencies], ['山田太郎', []]);
  // "代表撮影": taken for the pool.
  const pool = parseCredit('代表撮影');
  assert.deepEqual([pool.photographer, pool.agencies, pool.flags], [null, [], ['pool']]);
});

test('a courtesy credit names the picture\'s provider, no photographer, and flags a handout (AP Stylebook "(Photo courtesy of …)")', () => {
  const read = (raw: string): [string | null, string[], string | null, string[]] => {
    const c = parseCredit(raw);
    return [c.photographer, c.agencies, c.via, c.flags];
  };
  assert.deepEqual(read('(Courtesy of Kari Lund)'), [null, ['Kari Lund'], null, ['handout']]);
  assert.deepEqual(read('Photo courtesy of the city'), [null, ['the city'], null, ['handout']]);
  assert.deepEqual(read('(Courtesy of Kari Lund via AP)'), [null, ['Kari Lund'], 'AP', ['handout']]);
  assert.deepEqual(read('Photo by Kari Lund, courtesy of the Example Museum'), ['Kari Lund', ['the Example Museum'], null, ['handout']]);
  assert.deepEqual(read('Courtesy of Example Maps. See a larger version of the map.'), [null, ['Example Maps'], null, ['handout']]);
  assert.deepEqual(splitCaptionCredit('A ferry leaves the harbour at dawn. Photo courtesy of the city'), { caption: 'A ferry leaves the harbour at dawn.', credit: 'Photo courtesy of the city' });
  assert.deepEqual(splitCaptionCredit('A ferry leaves the harbour at dawn. (Photo courtesy of the Port of Example)'), { caption: 'A ferry leaves the harbour at dawn.', credit: '(Photo courtesy of the Port of Example)' });
  // Prose that says "courtesy of" is no credit.
  assert.equal(splitCaptionCredit('The painting hangs in the hall, courtesy of the museum.').credit, null);
});

test('"<Name> for <Outlet>" after the caption\'s last sentence is a freelancer\'s credit', () => {
  assert.deepEqual(splitCaptionCredit('A ferry leaves the harbour at dawn. Kari Lund for The Example Times'), { caption: 'A ferry leaves the harbour at dawn.', credit: 'Kari Lund for The Example Times' });
  const c = parseCredit('Kari Lund for The Example Times');
  assert.deepEqual([c.photographer, c.agencies], ['Kari Lund', ['The Example Times']]);
  // Prose with "for" is no credit.
  assert.equal(splitCaptionCredit('A ferry leaves the harbour at dawn. It sails for the islands').credit, null);
});

test('a labelled name before a bracketed agency is one credit: "Foto: Ana Ruiz (EFE)"', () => {
  assert.deepEqual(splitCaptionCredit('Los bomberos trabajan en Valencia el lunes. Foto: Kari Lund (EFE)'), { caption: 'Los bomberos trabajan en Valencia el lunes.', credit: 'Foto: Kari Lund (EFE)' });
  const c = parseCredit('Foto: Kari Lund (EFE)');
  assert.deepEqual([c.photographer, c.agencies], ['Kari Lund', ['EFE']]);
  // Without a label, the bracketed agency alone is the credit.
  assert.deepEqual(splitCaptionCredit('Los bomberos trabajan en Valencia el lunes (EFE)'), { caption: 'Los bomberos trabajan en Valencia el lunes', credit: '(EFE)' });
});

test('agencies under their own names in their scripts (ТАСС, БТА, TTXVN) and a "Фото:" label before them', () => {
  const ru = parseCredit('Фото: Кари Лунд / ТАСС');
  assert.deepEqual([ru.photographer, ru.agencies], ['Кари Лунд', ['TASS']]);
  assert.deepEqual(splitCaptionCredit('Пожарные в Казани в понедельник. Фото: Kari Lund / ТАСС'), { caption: 'Пожарные в Казани в понедельник.', credit: 'Фото: Kari Lund / ТАСС' });
  assert.deepEqual(parseCredit('БТА').agencies, ['BTA']);
  assert.deepEqual(parseCredit('Ảnh: TTXVN').agencies, ['VNA']);
  // The Bulgarian label.
  assert.deepEqual(splitTrailingCredit('Пожарникари в Пловдив в понеделник. Снимка: БТА'), { caption: 'Пожарникари в Пловдив в понеделник.', credit: 'БТА' });
  const bg = parseCredit('Снимки: Кари Лунд / БТА');
  assert.deepEqual([bg.photographer, bg.agencies], ['Кари Лунд', ['BTA']]);
});

test('credit labels of the Hebrew, Arabic, Greek, Hindi, Thai and Chinese press close a caption', () => {
  const rows: Array<[string, string, string]> = [
    ['נוסעים עולים לרכבת בתחנה החדשה (צילום: יוסי לוי)', 'נוסעים עולים לרכבת בתחנה החדשה', 'יוסי לוי'],
    ['رصيف الميناء الجديد. (تصوير: سامي العلي)', 'رصيف الميناء الجديد.', 'سامي العلي'],
    ['ألواح شمسية بجوار المحطة - صورة: وكالة المثال', 'ألواح شمسية بجوار المحطة', 'وكالة المثال'],
    ['Η νέα προβλήτα στο λιμάνι. ΦΩΤΟ: Νίκος Δημητρίου', 'Η νέα προβλήτα στο λιμάνι.', 'Νίκος Δημητρίου'],
    ['Το λιμάνι από ψηλά. Φωτ.: Ελένη Καλή', 'Το λιμάνι από ψηλά.', 'Ελένη Καλή'],
    ['नए अस्पताल का मुख्य भवन। (फोटो: सुनील यादव)', 'नए अस्पताल का मुख्य भवन।', 'सुनील यादव'],
    ['उद्घाटन समारोह में मौजूद लोग। फोटो साभार: सोशल मीडिया', 'उद्घाटन समारोह में मौजूद लोग।', 'सोशल मीडिया'],
    ['ลิฟต์สำหรับผู้สูงอายุภายในสถานี ภาพ: ประเสริฐ มั่นคง', 'ลิฟต์สำหรับผู้สูงอายุภายในสถานี', 'ประเสริฐ มั่นคง'],
    ['บรรยากาศวันเปิดสถานี (ภาพจาก เทศบาลตัวอย่าง)', 'บรรยากาศวันเปิดสถานี', 'เทศบาลตัวอย่าง'],
    ['清河大桥夜景。（图片来源：示例图库）', '清河大桥夜景。', '示例图库'],
    ['旱溪自行車道夜間照明。圖／台中市政府', '旱溪自行車道夜間照明。', '台中市政府'],
  ];
  for (const [text, caption, credit] of rows) assert.deepEqual(splitTrailingCredit(text), { caption, credit }, text);
  // In a spaced script a label starts a word: the Hebrew "בצילום:" ("in the picture:") opens no credit.
  assert.equal(splitTrailingCredit('רציף התחנה החדשה, בצילום: ראש העיר').credit, null);
  assert.deepEqual(parseCredit('צילום: יוסי לוי').agencies, ['יוסי לוי']);
});

test('Chinese "taken by" credits of any paper or agency, Xinhua\'s "发（… 摄）" and a credit closing on its date', () => {
  const rows: Array<[string, string, string, string, string[]]> = [
    ['12月6日，车辆驶过清河大桥。江南日报记者 李明 摄', '12月6日，车辆驶过清河大桥。', '江南日报记者 李明 摄', '李明', ['江南日报']],
    ['大桥非机动车道。新华社发（周强 摄）', '大桥非机动车道。', '新华社发（周强 摄）', '周强', ['Xinhua']],
    ['沿線的休息站。（寶島社記者陳怡君攝　115年12月7日）', '沿線的休息站。', '（寶島社記者陳怡君攝 115年12月7日）', '陳怡君', ['寶島社']],
  ];
  for (const [text, caption, credit, photographer, agencies] of rows) {
    assert.deepEqual(splitTrailingCredit(text), { caption, credit }, text);
    const c = parseCredit(credit);
    assert.deepEqual([c.photographer, c.agencies], [photographer, agencies], credit);
  }
  // The paper's own reporter names no agency.
  assert.deepEqual(parseCredit('本报记者 李明 摄').agencies, []);
});

test('the Malaysian papers\' "- Foto AGENCY" credit after a dash, in capitals and without a colon', () => {
  assert.deepEqual(splitTrailingCredit('Peniaga di pasar awam, Ipoh. - Foto BERNAMA'), { caption: 'Peniaga di pasar awam, Ipoh.', credit: 'Foto BERNAMA' });
  assert.deepEqual(splitTrailingCredit('Suasana di stesen baharu. - Foto NSTP/AMIN RAZAK'), { caption: 'Suasana di stesen baharu.', credit: 'Foto NSTP/AMIN RAZAK' });
  assert.deepEqual(parseCredit('Foto BERNAMA').agencies, ['Bernama']);
  // "Foto" in a sentence after a dash is no credit.
  assert.equal(splitTrailingCredit('Pameran dibuka semalam - Foto lama dipamerkan').credit, null);
});

test('a slash after the caption\'s last sentence sets its credit apart, spaced or not', () => {
  assert.deepEqual(splitCaptionCredit('A chest is on display at the museum, Tuesday./ Yonhap'), { caption: 'A chest is on display at the museum, Tuesday.', credit: 'Yonhap' });
  assert.deepEqual(splitCaptionCredit('A chest is on display at the museum, Tuesday./ Courtesy of Example University'), { caption: 'A chest is on display at the museum, Tuesday.', credit: 'Courtesy of Example University' });
  // A date range is no credit.
  assert.equal(splitCaptionCredit('Der Markt öffnet am 26./27. Mai in Bremen.').credit, null);
});

test('captions: FILE PHOTO and AP FILE prefixes flag the picture', () => {
  assert.deepEqual(captionFlags('FILE PHOTO: A view of the port.'), ['file-photo']);
  assert.deepEqual(captionFlags('FILE - In this photo, a man waits.'), ['file-photo']);
  assert.deepEqual(captionFlags('Files are piled on a desk.'), []);
});

test('canonicalAgency: spellings fold, unknown names are null', () => {
  for (const [s, name] of [['REUTERS', 'Reuters'], ['RTR', 'Reuters'], ['AP Photo', 'AP'], ['The Associated Press', 'AP'], ['Agence France-Presse', 'AFP'],
    ['Deutsche Presse-Agentur', 'dpa'], ['PA Wire', 'PA'], ['Press Association', 'PA'], ['EPA-EFE', 'EPA-EFE'], ['STT–', 'STT'], ['THE CANADIAN PRESS', 'The Canadian Press'],
    ['Keystone-ATS', 'Keystone-SDA'], ['ats', 'Keystone-SDA'], ['SDA-ATS', 'Keystone-SDA']] as const) {
    assert.equal(canonicalAgency(s), name, s);
  }
  assert.equal(canonicalAgency('Acme News LLC'), null);
  assert.equal(canonicalAgency(''), null);
});

test('splitCaptionCredit: a credit after a spaced bar splits at the bar, not at an initial inside the caption; a dash before the credit goes with it', () => {
  assert.deepEqual(splitCaptionCredit('If elected, Mara Quinn will follow another island mayor, Peter J. Holm. | Jo Marsh/PA Images via Getty Images'),
    { caption: 'If elected, Mara Quinn will follow another island mayor, Peter J. Holm.', credit: 'Jo Marsh/PA Images via Getty Images' });
  assert.deepEqual(splitCaptionCredit('The ferry during the storm. — © Belga'), { caption: 'The ferry during the storm.', credit: '© Belga' });
});

test('a caption is never split inside brackets; "(Outlet Photo/Name)" is a credit as the AP Stylebook prints "(AP Photo/Name)"', () => {
  const text = 'The mayor talks with the harbour master on the quay, Feb. 11, 2024. (Example Wire Photo/Kari Lund)';
  assert.deepEqual(splitCaptionCredit(text), { caption: text, credit: null });
  assert.deepEqual(splitTrailingCredit(text), { caption: 'The mayor talks with the harbour master on the quay, Feb. 11, 2024.', credit: '(Example Wire Photo/Kari Lund)' });
  // A provider's stray closing bracket after its credit still splits ("… 2020 Photo Jo Kim /Agency/Distributor)").
  assert.equal(splitCaptionCredit('Workers march in Rome (Italy), October 27th 2020 Photo Kari Lund /Insidefoto/Sipa USA)').credit, 'Photo Kari Lund /Insidefoto/Sipa USA)');
});

test('a copyright notice in a credit names its holder: the year and the rights reservation are no agency', () => {
  const c = parseCredit('Kari Lund/Copyright 2026 The AP. All rights reserved.');
  assert.equal(c.photographer, 'Kari Lund');
  assert.deepEqual(c.agencies, ['AP']);
  assert.deepEqual(parseCredit('Copyright 2024 The Associated Press. All rights reserved').agencies, ['AP']);
  assert.equal(parseCredit('© 2023 Kari Lund').photographer, 'Kari Lund');
  assert.deepEqual(parseCredit('(c) 2020-2023 Example Pictures/Kari Lund').agencies, ['Example Pictures']);
  assert.deepEqual(parseCredit('Kari Lund/Example Pictures. Tous droits réservés').agencies, ['Example Pictures']);
  // A year that belongs to a name stays.
  assert.deepEqual(parseCredit('2024 Olympics/Kari Lund').agencies, ['2024 Olympics']);
});

test('credits in scripts without capitals: Korean "<name> 기자" and "place=agency", Chinese "<name> 摄"', () => {
  // Before, a part without a capital letter was dropped: Hangul, Han and Arabic credits came out empty.
  assert.deepEqual([parseCredit('박항구 기자').photographer, parseCredit('박항구 기자').agencies], ['박항구', []]);
  assert.deepEqual(parseCredit('목포=연합뉴스').agencies, ['Yonhap']);
  assert.deepEqual(parseCredit('예시일보 사진부').agencies, ['예시일보 사진부']);
  assert.deepEqual(parseCredit('وكالة الأنباء المثال').agencies, ['وكالة الأنباء المثال']);
  const zh = parseCredit('（新华社记者 林港 摄）');
  assert.deepEqual([zh.photographer, zh.agencies], ['林港', ['Xinhua']]);
  assert.deepEqual([parseCredit('本报记者 王岛摄').photographer, parseCredit('本报记者 王岛摄').agencies], ['王岛', []]);
  // Lower-case Latin words are still no credit.
  assert.deepEqual(parseCredit('photo archive').agencies, []);
});

test('"agency" in the languages agencies name themselves in makes a credit part an organisation, not the photographer', () => {
  for (const [raw, agency] of [['Przykładowa Agencja/Anna Nowak', 'Przykładowa Agencja'], ['Agence Exemple/Anna Nowak', 'Agence Exemple'], ['Agenzia Esempio/Anna Nowak', 'Agenzia Esempio']]) {
    const c = parseCredit(raw);
    assert.deepEqual([c.photographer, c.agencies], ['Anna Nowak', [agency]], raw);
  }
});

test('a photographer and an outlet the engine does not know, joined by a slash, close a caption as a credit ("(Name/Outlet)", as the AP Stylebook prints "(AP Photo/Name)")', () => {
  assert.deepEqual(splitTrailingCredit('Deckhand Ola Ness checks the lines on Friday. (Lars Kvist/Nordbild)'), { caption: 'Deckhand Ola Ness checks the lines on Friday.', credit: '(Lars Kvist/Nordbild)' });
  assert.deepEqual(isNamedSlashCredit('Lars Kvist/Nordbild'), true);
  // Not a credit: no person before the slash, or prose.
  assert.deepEqual(splitTrailingCredit('Ferries link the two towns. (Gothenburg/Oslo)').credit, null);
  assert.deepEqual(isNamedSlashCredit('the harbour/the yard'), false);
  // Known agencies are left to the credits engine, brackets and all.
  assert.deepEqual(splitTrailingCredit('Divers search the harbour on Monday. (Kari Lund/AFP)').credit, null);
});

test('a stock library\'s attribution names the photographer and the library ("Photo by Jo Kim on Unsplash"); a day after "on" is no library', () => {
  const read = (raw: string): [string | null, string[]] => { const c = parseCredit(raw); return [c.photographer, c.agencies]; };
  assert.deepEqual(read('Photo by Kari Lund on Unsplash'), ['Kari Lund', ['Unsplash']]);
  assert.deepEqual(read('(Photo by Kari Lund from Pexels)'), ['Kari Lund', ['Pexels']]);
  assert.deepEqual(splitCaptionCredit('The harbour at dawn. Photo by Kari Lund on Unsplash'), { caption: 'The harbour at dawn.', credit: 'Photo by Kari Lund on Unsplash' });
  assert.notDeepEqual(read('Photo by Kari Lund on Monday')[1], ['Monday']);
  assert.equal(splitCaptionCredit('The harbour at dawn. Photo by Kari Lund on June 5').credit, null);
});

test('a metadata photographer that is the courtesy line\'s provider (a creator field naming the provider) is no photographer', () => {
  const c = parseCredit('Courtesy of Lake Vänern Bird Observatory', null, { photographer: 'Lake Vänern Bird Observatory' });
  assert.deepEqual([c.photographer, c.agencies, c.flags], [null, ['Lake Vänern Bird Observatory'], ['handout']]);
  // A photographer the metadata names beside the provider stays the photographer.
  const p = parseCredit('Courtesy of Lake Vänern Bird Observatory', null, { photographer: 'Elin Berg' });
  assert.deepEqual([p.photographer, p.agencies], ['Elin Berg', ['Lake Vänern Bird Observatory']]);
});
