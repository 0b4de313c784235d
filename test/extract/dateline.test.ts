import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDateline, extractEmbeddedDateline, parseDateline } from '../../src/extract/dateline.js';

// Datelines opening a body. Columns: body start, city, country, date (story of 2023-09-10), agency, what is left.
type Row = [string, string | null, string | null, string | null, string | null, string];
const BODY: Row[] = [
  ['MOSCOW, Sept 10 (Reuters) - Russia said', 'Moscow', null, '2023-09-10', 'Reuters', 'Russia said'],
  ['LONDON, Sept 8 (Reuters) - Shares fell', 'London', null, '2023-09-08', 'Reuters', 'Shares fell'],
  ['BEIRUT, July 16 (Reuters) - Syria', 'Beirut', null, '2023-07-16', 'Reuters', 'Syria'],
  ['SINGAPORE, Jan 2 (Reuters) - Oil', 'Singapore', null, '2023-01-02', 'Reuters', 'Oil'],
  ['Jan 30 (Reuters) - Gold rose', null, null, '2023-01-30', 'Reuters', 'Gold rose'],
  ['(Reuters) - Oil prices rose', null, null, null, 'Reuters', 'Oil prices rose'],
  ['BUENOS AIRES, Argentina (AP) _ For cancer patients', 'Buenos Aires', 'Argentina', null, 'AP', 'For cancer patients'],
  ['ROSCOE, South Dakota (AP) _ Robert', 'Roscoe', null, null, 'AP', 'Robert'],
  ['ATLANTA (AP) _ Luol Deng scored', 'Atlanta', null, null, 'AP', 'Luol Deng scored'],
  ['NEW YORK (AP) — Stocks', 'New York', null, null, 'AP', 'Stocks'],
  ['NEWARK, N.J. (AP) — Sen. Bob', 'Newark', null, null, 'AP', 'Sen. Bob'],
  ['FORT WASHINGTON, Pa. (AP) — Nutri Inc. (NTRI) on Thursday', 'Fort Washington', null, null, 'AP', 'Nutri Inc. (NTRI) on Thursday'],
  ['GROSSETO, Italy (AP) -- The trial', 'Grosseto', 'Italy', null, 'AP', 'The trial'],
  ['WASHINGTON (AP) — The House', 'Washington', null, null, 'AP', 'The House'],
  ['HONOLULU (AP) — A', 'Honolulu', null, null, 'AP', 'A'],
  ['Berlin (dpa) - Die Grünen', 'Berlin', null, null, 'dpa', 'Die Grünen'],
  // A colon after the credit (NTB, APP), no separator at all (TT, PTI, STT), a numeric day and month (STT), "/TASS/." (TASS).
  ['Tromsø (NTB): Fergen gikk', 'Tromsø', null, null, 'NTB', 'Fergen gikk'],
  ['ISLAMABAD, Sept 9 (APP): Flights resumed', 'Islamabad', null, '2023-09-09', 'APP', 'Flights resumed'],
  ['Umeå (TT) Färjan gick', 'Umeå', null, null, 'TT', 'Färjan gick'],
  ['KOCHI, Sept 9 (PTI) The ferry', 'Kochi', null, '2023-09-09', 'PTI', 'The ferry'],
  ['Oulu, 9.9. (STT) Lautta kulki', 'Oulu', null, '2023-09-09', 'STT', 'Lautta kulki'],
  ['MURMANSK, September 9. /TASS/. The ferry', 'Murmansk', null, '2023-09-09', 'TASS', 'The ferry'],
  // Day and month with a slash and the IPTC 7901 "=" after the credit (Belga).
  ['GENT 08/09 (BELGA) = De veerboot vaart', 'Gent', null, '2023-09-08', 'Belga', 'De veerboot vaart'],
  ['NAMUR 09/09 (BELGA) = Le bac a repris', 'Namur', null, '2023-09-09', 'Belga', 'Le bac a repris'],
  ['München (dpa/lby) - Ein', 'München', null, null, 'dpa', 'Ein'],
  ['Tel Aviv/Beirut (dpa) - Israel', 'Tel Aviv/Beirut', null, null, 'dpa', 'Israel'],
  ['San Diego (tca/dpa) - History says', 'San Diego', null, null, 'dpa', 'History says'],
  ['Peine (dpa/lni) - Ein Baum', 'Peine', null, null, 'dpa', 'Ein Baum'],
  ['Frankfurt am Main (dpa) - Der', 'Frankfurt am Main', null, null, 'dpa', 'Der'],
  ['PARIS (AFP) - Le gouvernement', 'Paris', null, null, 'AFP', 'Le gouvernement'],
  ['STOCKHOLM, Aug 29, 2014 (AFP) - A Swedish court', 'Stockholm', null, '2014-08-29', 'AFP', 'A Swedish court'],
  ['Strasbourg, 10 juil 2023 (AFP) - La', 'Strasbourg', null, '2023-07-10', 'AFP', 'La'],
  ['WASHINGTON — The Senate', 'Washington', null, null, null, 'The Senate'],
  ['CHARLOTTETOWN, P.E.I. — Potato growers', 'Charlottetown', null, null, null, 'Potato growers'],
  ['SAN JOSE — eBay said', 'San Jose', null, null, null, 'eBay said'],
  ['WASHINGTON -- The Senate', 'Washington', null, null, null, 'The Senate'],
  ['NEW DELHI: India said', 'New Delhi', null, null, null, 'India said'],
  ['(ANSA) - Rome, October 11 - Italy', 'Rome', null, '2022-10-11', 'ANSA', 'Italy'],
  ['(ANSA) - ROMA, 1 LUG - Il', 'Roma', null, '2023-07-01', 'ANSA', 'Il'],
  ['Nova York, 4 set (EFE).- O índice', 'Nova York', null, '2023-09-04', 'EFE', 'O índice'],
  ['MOSCOU, 24 SET (ANSA) - O opositor', 'Moscou', null, '2022-09-24', 'ANSA', 'O opositor'],
  ['Tegucigalpa, Jan 2 (EFE).- The president', 'Tegucigalpa', null, '2023-01-02', 'EFE', 'The president'],
  ['Harare, July 19 (The SDNewTester) - Text', 'Harare', null, '2023-07-19', 'The SDNewTester', 'Text'],
  ['Jan. 12 (BusinessDesk) - The receivers', null, null, '2023-01-12', 'BusinessDesk', 'The receivers'],
  ['(Sports Network) - With the Phillies', null, null, null, 'Sports Network', 'With the Phillies'],
  ['KANSAS CITY, Mo.--(BUSINESS WIRE)--Applebee’s', 'Kansas City', null, null, 'BUSINESS WIRE', 'Applebee’s'],
  ['NEW YORK, Jan. 5, 2023 /PRNewswire/ -- Acme', 'New York', null, '2023-01-05', 'PRNewswire', 'Acme'],
  ['(New York, NY - October 21) The Fed', 'New York', null, '2022-10-21', null, 'The Fed'],
  ['MOSCOW, Monday (Reuters) - The', 'Moscow', null, '2023-09-04', 'Reuters', 'The'],
  ['ST. LOUIS (AP) — A', 'St. Louis', null, null, 'AP', 'A'],
  ['RIO DE JANEIRO (AP) — A', 'Rio de Janeiro', null, null, 'AP', 'A'],
  ['WINSTON-SALEM, N.C. (AP) — A', 'Winston-Salem', null, null, 'AP', 'A'],
  // A date after the place without a comma, and agencies printed without parentheses (AAP, Kyodo style).
  ['PERTH May 3 AAP - The council', 'Perth', null, '2023-05-03', 'AAP', 'The council'],
  ['BRISBANE, June 14 AAP - Rain', 'Brisbane', null, '2023-06-14', 'AAP', 'Rain'],
  ['OSAKA, Aug. 2 Kyodo - A ferry', 'Osaka', null, '2023-08-02', 'Kyodo', 'A ferry'],
  ['NEW YORK Feb 9 (Reuters) - Shares', 'New York', null, '2023-02-09', 'Reuters', 'Shares'],
  // Agency markers between slashes (Ritzau, ANSA), the separator a dash or a colon.
  ['Aarhus /ritzau/: En cyklist', 'Aarhus', null, null, 'Ritzau', 'En cyklist'],
  ['Odense /ritzau/ - Byrådet', 'Odense', null, null, 'Ritzau', 'Byrådet'],
  ['TORINO, 3 MAR /ANSA/ - Il sindaco', 'Torino', null, '2023-03-03', 'ANSA', 'Il sindaco'],
  // A wire agency's credit between slashes with no separator after it (BTA), as TT's in parentheses.
  ['Русе, 8 септември /БТА/ Строителството', 'Русе', null, '2023-09-08', 'BTA', 'Строителството'],
  // An agency's outlet in the credit is that agency; national agencies' own credits.
  ['LONDON, Feb 2 (Reuters Breakingviews) - Banks', 'London', null, '2023-02-02', 'Reuters', 'Banks'],
  ['Gdańsk (PAP) - Radni', 'Gdańsk', null, null, 'PAP', 'Radni'],
  ['Brno 4. září (ČTK) - Zastupitelé', 'Brno', null, '2023-09-04', 'CTK', 'Zastupitelé'],
  ['Košice 5. septembra (TASR) - Mesto', 'Košice', null, '2023-09-05', 'TASR', 'Mesto'],
  ['Kraków, 6 września (PAP) - Miasto', 'Kraków', null, '2023-09-06', 'PAP', 'Miasto'],
  ['Utrecht (ANP) - De gemeente', 'Utrecht', null, null, 'ANP', 'De gemeente'],
  ['Sevilla, 7 sep (EFE).- El ayuntamiento', 'Sevilla', null, '2023-09-07', 'EFE', 'El ayuntamiento'],
  ['LYON (AFP) - La mairie', 'Lyon', null, null, 'AFP', 'La mairie'],
  ['DENVER (AP) — A', 'Denver', null, null, 'AP', 'A'],
  ['Hamburg (dpa) - Der', 'Hamburg', null, null, 'dpa', 'Der'],
  ['MADRID, 9 (EUROPA PRESS) - El Gobierno', 'Madrid', null, '2023-09-09', 'Europa Press', 'El Gobierno'],
  ['BILBAO, 28 (EUROPA PRESS) - La', 'Bilbao', null, '2023-08-28', 'Europa Press', 'La'],
  ['NAPOLI, 2 SET - Il consiglio', 'Napoli', null, '2023-09-02', null, 'Il consiglio'],
  ['Helsinki, 8. syyskuuta (STT) - Kaupunki', 'Helsinki', null, '2023-09-08', 'STT', 'Kaupunki'],
  // A full stop between place and date (Interfax), an ordinal day (WAM, British usage), a national agency's bare credit (CNA).
  ['MOSCOW. Sept 8 (Interfax) - The ferry', 'Moscow', null, '2023-09-08', 'Interfax', 'The ferry'],
  ['ABU DHABI, 8th September, 2023 (WAM) -- The ferry', 'Abu Dhabi', null, '2023-09-08', 'WAM', 'The ferry'],
  ['Taipei, Sept. 8 (CNA) The ferry', 'Taipei', null, '2023-09-08', 'CNA', 'The ferry'],
  ['New Delhi, Sep 8 (IANS) The ferry', 'New Delhi', null, '2023-09-08', 'IANS', 'The ferry'],
  ['Lagos, Sept. 8 (NAN) The ferry', 'Lagos', null, '2023-09-08', 'NAN', 'The ferry'],
  // The agency after the dash, closed by a full stop (RIA Novosti, Sputnik), the month abbreviated as RIA prints it.
  ['МОСКВА, 8 сен – РИА Новости. Паром', 'Москва', null, '2023-09-08', 'RIA Novosti', 'Паром'],
  ['МИНСК, 8 сент – Sputnik. Паром', 'Минск', null, '2023-09-08', 'Sputnik', 'Паром'],
  // The year first, as Hungarian writes a date, and the weekday after it (MTI).
  ['Budapest, 2023. szeptember 8., péntek (MTI) - A komp', 'Budapest', null, '2023-09-08', 'MTI', 'A komp'],
  // East Asian agencies: place=agency (Yonhap, Newsis, News1), 【place+agency】 (Kyodo, Jiji),
  // 【place＝correspondent】, agency+place+date+电 (Xinhua, a paper's own "本报").
  ['(서울=연합뉴스) 홍길동 기자 = 정부는', '서울', null, null, 'Yonhap', '정부는'],
  ['[부산=뉴시스]김영희 기자 = 시는', '부산', null, null, 'Newsis', '시는'],
  ['(인천=뉴스1) 시는', '인천', null, null, 'News1', '시는'],
  ['【大阪共同】政府は', '大阪', null, null, 'Kyodo', '政府は'],
  ['【ワシントンAFP時事】米政府は', 'ワシントン', null, null, 'Jiji', '米政府は'],
  ['【北京＝山田太郎】中国政府は', '北京', null, null, null, '中国政府は'],
  ['新华社上海9月8日电（记者张三、李四）市政府', '上海', null, '2023-09-08', 'Xinhua', '市政府'],
  ['本报北京8日电　国务院', '北京', null, '2023-09-08', null, '国务院'],
  // The place left out (the agency's site, its home city implied) and a date in Chinese numerals.
  ['中新网9月8日电 市政府', null, null, '2023-09-08', 'China News Service', '市政府'],
  ['新华社三亚九月八日电 市政府', '三亚', null, '2023-09-08', 'Xinhua', '市政府'],
  ['中新社广州二十八日电 市政府', '广州', null, '2023-08-28', 'China News Service', '市政府'],
  // Month names from CLDR: Estonian, Slovenian's genitive, Serbian in Cyrillic, Macedonian, Albanian, Georgian (its letters are lower case).
  ['Tartu, 8. aprill (BNS) - Linn otsustas', 'Tartu', null, '2023-04-08', 'BNS', 'Linn otsustas'],
  ['Pärnu, 2. veebr (BNS) - Linn', 'Pärnu', null, '2023-02-02', 'BNS', 'Linn'],
  ['Maribor, 3. februarja (STA) - Mestni svet', 'Maribor', null, '2023-02-03', 'STA', 'Mestni svet'],
  ['НОВИ САД, 4. јула (Танјуг) - Град', 'Нови Сад', null, '2023-07-04', 'Танјуг', 'Град'],
  ['Битола, 4 јули (МИА) - Градот', 'Битола', null, '2023-07-04', 'МИА', 'Градот'],
  ['Durrës, 4 korrik (ATA) - Bashkia', 'Durrës', null, '2023-07-04', 'ATA', 'Bashkia'],
  ['ბათუმი, 4 ივლისი (IPN) - ქალაქმა', 'ბათუმი', null, '2023-07-04', 'IPN', 'ქალაქმა'],
  // Places in capitals: small articles and prepositions inside the name, also between hyphens; a capital after an elided article.
  ["COEUR D'ALENE, Idaho (AP) — The council", "Coeur d'Alene", null, null, 'AP', 'The council'],
  // A Turkish place in capitals: its dotted and dotless i keep their Turkish small and capital letters (Unicode SpecialCasing, tr).
  ['İZMİR (AA) - Kentte', 'İzmir', null, null, 'Anadolu', 'Kentte'],
  ['DİYARBAKIR (AA) - Kentte', 'Diyarbakır', null, null, 'Anadolu', 'Kentte'],
  ['AIX-EN-PROVENCE (AFP) - Le maire', 'Aix-en-Provence', null, null, 'AFP', 'Le maire'],
  ["ST. JOHN'S, Newfoundland (CP) — The", "St. John's", 'Newfoundland', null, 'The Canadian Press', 'The'],
  ['DAR ES SALAAM, Tanzania (AP) — The', 'Dar es Salaam', 'Tanzania', null, 'AP', 'The'],
  ["N'DJAMENA, Sept 8 (Reuters) - Chad", "N'Djamena", null, '2023-09-08', 'Reuters', 'Chad'],
  ['MCALLEN, Texas (AP) — The', 'McAllen', null, null, 'AP', 'The'],
  // A spelled-out US state is a qualifier, not a country (AP Stylebook, datelines); Georgia is a country too.
  ['MOAB, Utah (AP) — The', 'Moab', null, null, 'AP', 'The'],
  ['TBILISI, Georgia (AP) — The', 'Tbilisi', 'Georgia', null, 'AP', 'The'],
  // A site name credits a web newsroom, after the place or before it (Indonesian newsrooms); a domain is no country.
  ['BANDUNG, WARTAKITA.com - Pemerintah kota', 'Bandung', null, null, 'WARTAKITA.com', 'Pemerintah kota'],
  ['Kabarbaru.co, Surabaya – Wali kota', 'Surabaya', null, null, 'Kabarbaru.co', 'Wali kota'],
  // A weekday printed before the date names the same day.
  ['HARBOR CITY, Friday, Sept. 8 (AP) — The council', 'Harbor City', null, '2023-09-08', 'AP', 'The council'],
  ['Kiel, Freitag, 8. September (dpa) - Der Rat', 'Kiel', null, '2023-09-08', 'dpa', 'Der Rat'],
  // The month before the day with "d." (Lithuanian), and Vietnam's numbered months.
  ['Kaunas, rugsėjo 8 d. (ELTA) - Miesto taryba', 'Kaunas', null, '2023-09-08', 'ELTA', 'Miesto taryba'],
  ['Huế, ngày 8 tháng 9 (TTXVN) - Thành phố', 'Huế', null, '2023-09-08', 'VNA', 'Thành phố'],
  // Scripts without capitals name the place in a word or a few; the Arabic comma sets the country apart.
  ['الإسكندرية، مصر (رويترز) -- قالت', 'الإسكندرية', 'مصر', null, 'Reuters', 'قالت'],
  ['ירושלים (AP) — אמרו', 'ירושלים', null, null, 'AP', 'אמרו'],
  // ANI names the country in brackets or the state in parentheses after the place; German official names carry a qualifier.
  ['New Delhi [India], September 9 (ANI): The ferry', 'New Delhi', 'India', '2023-09-09', 'ANI', 'The ferry'],
  ['Amritsar (Punjab), Sep 9 (ANI): The ferry', 'Amritsar (Punjab)', null, '2023-09-09', 'ANI', 'The ferry'],
  ['Ahmedabad (Gujarat) Sep 9 (ANI): The ferry', 'Ahmedabad (Gujarat)', null, '2023-09-09', 'ANI', 'The ferry'],
  ['Frankfurt (Oder) (dpa) - Die Fähre', 'Frankfurt (Oder)', null, null, 'dpa', 'Die Fähre'],
  // epd closes its credit with a full stop.
  ['Kassel (epd). Die Fähre', 'Kassel', null, null, 'epd', 'Die Fähre'],
  ['Halle (Saale) (epd). Die Fähre', 'Halle (Saale)', null, null, 'epd', 'Die Fähre'],
  // Business Wire prints the release date after its credit.
  ['SAN DIEGO--(BUSINESS WIRE)--Sept. 8, 2023--Acme', 'San Diego', null, '2023-09-08', 'BUSINESS WIRE', 'Acme'],
  // Kazinform and Interfax set place, date and credit apart with full stops; the credit may be the agency's domain.
  ['ASTANA. KAZINFORM – The ferry', 'Astana', null, null, 'Kazinform', 'The ferry'],
  ['Новосибирск. 9 сентября. INTERFAX.RU - Паром', 'Новосибирск', null, '2023-09-09', 'Interfax', 'Паром'],
  // A place in capitals with the full stop before a bare credit.
  ['YEREVAN. ARMENPRESS – The ferry', 'Yerevan', null, null, 'Armenpress', 'The ferry'],
  // A place with its country in mixed case (capitals set by a style sheet).
  ['Tallinn, Estonia — The ferry', 'Tallinn', 'Estonia', null, null, 'The ferry'],
  ['Beirut, Lebanon -- The ferry', 'Beirut', 'Lebanon', null, null, 'The ferry'],
];

test('the reporters an East Asian dateline names are its bylines', () => {
  const names = (body: string): string[] => (extractDateline(body, '2023-09-10')?.bylines ?? []).map((b) => `${b.name}|${b.role}|${b.affiliation ?? ''}`);
  assert.deepEqual(names('(서울=연합뉴스) 홍길동·김철수 기자 = 정부는'), ['홍길동|author|Yonhap', '김철수|author|Yonhap']);
  assert.deepEqual(names('[서울=뉴시스]이영희 특파원 = 정부는'), ['이영희|author|Newsis']);
  assert.deepEqual(names('【北京＝山田太郎】中国政府は'), ['山田太郎|author|']);
  assert.deepEqual(names('新华社上海9月8日电（记者张三、李四）市政府'), ['张三|author|Xinhua', '李四|author|Xinhua']);
  assert.deepEqual(names('(인천=뉴스1) 시는'), []);
  assert.deepEqual(names('MOSCOW, Sept 10 (Reuters) - Russia said'), []);
});

for (const [body, city, country, date, agency, rest] of BODY) {
  test(`dateline ${body.slice(0, 40)}`, () => {
    const found = extractDateline(body, '2023-09-10');
    assert.ok(found, 'a dateline is found');
    assert.equal(found.dateline.city, city);
    assert.equal(found.dateline.country, country);
    assert.equal(found.dateline.date, date);
    assert.equal(found.dateline.agency, agency);
    assert.equal(found.rest, rest);
    assert.ok(body.startsWith(found.dateline.raw), 'raw is the printed dateline');
  });
}

// Openings that are not datelines.
const NOT_DATELINES = [
  'Donald Trump — the former president — said',
  'The company (NASDAQ: ACME) - said on Monday',
  'Apple Inc (AAPL.O) - shares rose',
  'Prices rose - analysts said',
  'Russian President Vladimir Putin on Sunday held a call',
  'Washington — the capital — is',
  'The plan was first reported by AP - officials said',
  'Shares of Acme Corp fell 3 Reuters - data showed',
  'Prices and/or rates - analysts said',
  'ROMA - la città',
  'Rates rose 2 - analysts said',
  '(x=1) holds for every case',
  '【関連記事】政府は発表した',
  '[단독] 정부는 5일',
  'Booking.com — the travel site said',
  // A word in capitals before a dash that opens an aside: the text goes on in small letters, as no first sentence does.
  'NATO — which turns 75 this year — began drills',
  'JOHN SMITH — the coach who led the club — signed',
  'UNESCO -- whose budget was cut -- said',
  // Slashes around words that credit no wire agency.
  'Rates /per year/ The council',
  // A story's label in capitals (Reuters Handbook headline tags; AP's priorities), not a place.
  'BREAKING — Parliament passed the budget',
  'UPDATE — Stocks fell',
  'EXCLUSIVE: Regulators weigh a fine',
  // Mixed case before a dash: a place is a dateline only with its country, and a list of countries is none.
  'Tallinn — The ferry',
  'France, Germany — The two governments agreed',
  'Estonia, Latvia — Both parliaments voted',
  'The plan (Reuters) rose (Punjab) - said',
  // Full stops that close a sentence, no agency after them.
  'Berlin. Die Fähre - fuhr',
  'Prices rose. Analysts - said',
];
for (const body of NOT_DATELINES) {
  test(`not a dateline: ${body}`, () => {
    assert.equal(extractDateline(body, '2023-09-10'), null);
  });
}

// Dateline fields of formats. Columns: field, city, date (story of 2014-07-01), agency.
const FIELDS: Array<[string, string | null, string | null, string | null]> = [
  ['ANSA - ROMA, 01 LUG -', 'Roma', '2014-07-01', 'ANSA'],
  ['Kyodo English - OSAKA, 01 JUL -', 'Osaka', '2014-07-01', 'Kyodo'],
  ['Strasbourg, 10 juil 2024 (AFP)', 'Strasbourg', '2024-07-10', 'AFP'],
  ['STOCKHOLM, Aug 29, 2014 (AFP) -', 'Stockholm', '2014-08-29', 'AFP'],
  ['MARCH 04, 2013', null, '2013-03-04', null],
  ['4/4/2018', null, '2018-04-04', null],
  ['Washington', 'Washington', null, null],
  ['MOSCOW, Monday (Reuters)', 'Moscow', '2014-06-30', 'Reuters'],
  ['Berlin (dpa)', 'Berlin', null, 'dpa'],
  // A dateline element printed with its dash (hNews markup: "<span class=\"dateline\">AUBURN, Wash. —</span>").
  ['AUBURN, Wash. —', 'Auburn', null, null],
  ['SYDNEY –', 'Sydney', null, null],
  // A field that ends with the bare agency, as Kyodo prints it ("TOKYO, April 13 Kyodo").
  ['TOKYO, April 13 Kyodo', 'Tokyo', '2014-04-13', 'Kyodo'],
  ['SYDNEY, June 22 AAP', 'Sydney', '2014-06-22', 'AAP'],
];
for (const [raw, city, date, agency] of FIELDS) {
  test(`dateline field ${raw}`, () => {
    const d = parseDateline(raw, '2014-07-01');
    assert.ok(d);
    assert.deepEqual([d.city, d.date, d.agency, d.raw], [city, date, agency, raw]);
  });
}

// A state or province between the city and the country qualifies the city; the country is the last part.
const REGION_THEN_COUNTRY: Array<[string, string, string | null]> = [
  ['Sydney, NSW, Australia', 'Sydney', 'Australia'],
  ['AUSTIN, Texas, USA', 'Austin', 'USA'],
  ['New York, NY, United States', 'New York', 'United States'],
  ['Brisbane, Qld.', 'Brisbane', null],
  ['WASHINGTON, D.C.', 'Washington', null],
  // Canada's provinces and territories, traditional abbreviations (The Canadian Style; NRCan), English and French.
  ['YELLOWKNIFE, N.W.T.', 'Yellowknife', null],
  ["ST. JOHN'S, N.L.", "St. John's", null],
  ['CHARLOTTETOWN, P.E.I.', 'Charlottetown', null],
  ['WHITEHORSE, Y.T.', 'Whitehorse', null],
  ['MONCTON, N.-B.', 'Moncton', null],
  ['RIMOUSKI, Qc', 'Rimouski', null],
  ['Summerside, P.E.I., Canada', 'Summerside', 'Canada'],
];
for (const [raw, city, country] of REGION_THEN_COUNTRY) {
  test(`dateline field with a region: ${raw}`, () => {
    const d = parseDateline(raw);
    assert.deepEqual([d?.city, d?.country], [city, country]);
  });
}

test('dateline dates resolve against the story date (a late-December dateline on a January story is last year)', () => {
  assert.equal(extractDateline('LONDON, Dec 31 (Reuters) - A', '2024-01-02')?.dateline.date, '2023-12-31');
  assert.equal(extractDateline('LONDON, Dec 31 (Reuters) - A', null)?.dateline.date, null);
});

test('embedded dateline after summary bullets and a byline', () => {
  const p = '(Adds comments) * Spot gold may rise * Dollar index down By Arpan Verma Jan 30 (Reuters) - Gold rose on Tuesday.';
  const found = extractEmbeddedDateline(p, '2017-01-31');
  assert.ok(found);
  assert.equal(found.dateline.raw, 'Jan 30 (Reuters) -');
  assert.equal(found.before, '(Adds comments) * Spot gold may rise * Dollar index down By Arpan Verma');
  assert.equal(found.after, 'Gold rose on Tuesday.');
  assert.equal(extractEmbeddedDateline('Shares rose (Reuters) - said nothing.', null), null);
});

test('embedded dateline whose place in capitals follows the byline (the byline ends where the capitals begin)', async () => {
  const one = extractEmbeddedDateline('(Adds quote) By Jane Okafor CHICAGO, Jan 21 (Reuters) - Grain slipped.', '2024-01-21');
  assert.deepEqual([one?.dateline.city, one?.before, one?.after], ['Chicago', '(Adds quote) By Jane Okafor', 'Grain slipped.']);
  const two = extractEmbeddedDateline('By Jane Okafor and Li Wei CHICAGO, Jan 21 (Reuters) - Grain slipped.', '2024-01-21');
  assert.deepEqual([two?.dateline.city, two?.before], ['Chicago', 'By Jane Okafor and Li Wei']);
  // A byline in capitals gives no boundary: the date alone is the dateline, as before.
  assert.equal(extractEmbeddedDateline('By JANE OKAFOR CHICAGO, Jan 21 (Reuters) - Grain slipped.', '2024-01-21')?.dateline.city, null);
  const { extract } = await import('../../src/pipeline/extract.js');
  const { normalize } = await import('../../src/pipeline/normalize.js');
  const article = extract(normalize({ type: 'text', firstCreated: '2024-01-21T15:00:00Z', bodyText: 'By Jane Okafor and Li Wei CHICAGO, Jan 21 (Reuters) - Grain futures slipped on Tuesday.' }));
  assert.deepEqual(article.bylines.map((b) => b.name), ['Jane Okafor', 'Li Wei']);
  assert.equal(article.dateline?.city, 'Chicago');
  assert.equal(article.body.text, 'Grain futures slipped on Tuesday.');
});

test('an update note and a byline paragraph over the dateline (Reuters updates): both are read', async () => {
  const { extract } = await import('../../src/pipeline/extract.js');
  const { normalize } = await import('../../src/pipeline/normalize.js');
  const story = normalize({
    type: 'text',
    firstCreated: '2024-01-21T15:00:00Z',
    bodyText: '(Adds analyst comment, updates share prices)\n\nBy Jane Okafor\n\nCHICAGO, Jan 21 (Reuters) - Grain futures slipped on Tuesday.\n\nTraders said demand was thin.',
  });
  const article = extract(story);
  assert.equal(article.dateline?.city, 'Chicago');
  assert.equal(article.dateline?.date, '2024-01-21');
  assert.deepEqual(article.bylines.map((b) => [b.name, b.role]), [['Jane Okafor', 'author']]);
  assert.equal(article.body.text, 'Grain futures slipped on Tuesday.\n\nTraders said demand was thin.');
  assert.equal(article.editorNote, 'Adds analyst comment, updates share prices');
});

test('an editors\' note led by "Eds:" over the dateline (AP advisory lines) is the editor\'s note, not story text', async () => {
  const { extract } = await import('../../src/pipeline/extract.js');
  const { normalize } = await import('../../src/pipeline/normalize.js');
  const article = extract(normalize({ type: 'text', bodyText: '(Eds: Updates with utility comment.)\n\nPORTLAND, Maine (AP) — A storm cut power on Friday.\n\nCrews worked overnight.' }));
  assert.equal(article.dateline?.city, 'Portland');
  assert.equal(article.editorNote, 'Eds: Updates with utility comment.');
  assert.equal(article.body.text, 'A storm cut power on Friday.\n\nCrews worked overnight.');
  const { isUpdateNote } = await import('../../src/extract/trailer.js');
  assert.equal(isUpdateNote('(EDS NOTE: Adds quote from mayor)'), true);
  assert.equal(isUpdateNote('(Eds: Fine print.)'), false);
});

test('a dateline under short paragraphs (a teaser, captions kept in a page dump)', async () => {
  const { teaserOverDateline } = await import('../../src/extract/dateline.js');
  const one = teaserOverDateline('A ferry line reopens after a storm.\n\nKiel (dpa) - The ferry sails again.\n\nMore text.', '2024-05-02');
  assert.deepEqual(one?.teaser, ['A ferry line reopens after a storm.']);
  assert.equal(one?.dateline.city, 'Kiel');
  assert.equal(one?.rest, 'The ferry sails again.\n\nMore text.');
  const captions = teaserOverDateline('1 of 3. Rescue boats near the pier in Manado, May 1, 2024.\n\nThe week in pictures.\n\nMANADO (Reuters) - Rescuers searched on.', '2024-05-02');
  assert.equal(captions?.dateline.city, 'Manado');
  assert.equal(captions?.teaser.length, 2);
  // With more than one paragraph over it, only a known wire agency's credit counts; a long paragraph stops the search.
  assert.equal(teaserOverDateline('One.\n\nTwo.\n\nHARBOR CITY (Harbor Gazette) - Text.', null), null);
  assert.equal(teaserOverDateline(`${'word '.repeat(90)}\n\nKiel (dpa) - Text.`, null), null);
});

test('a press release sub-headline over a dateline crediting its service between slashes', async () => {
  const { teaserOverDateline } = await import('../../src/extract/dateline.js');
  const release = teaserOverDateline('Deal covers 40 turbines for harbours in Portugal and Ireland\n\nBOSTON, March 4, 2026 /PRNewswire/ -- Fenwick Tidal Inc. today announced an agreement.\n\nMore text.', '2026-03-04');
  assert.deepEqual(release?.teaser, ['Deal covers 40 turbines for harbours in Portugal and Ireland']);
  assert.deepEqual([release?.dateline.city, release?.dateline.date, release?.rest], ['Boston', '2026-03-04', 'Fenwick Tidal Inc. today announced an agreement.\n\nMore text.']);
  // A dateline without an agency still has none over it.
  assert.equal(teaserOverDateline('A line.\n\nBOSTON, March 4, 2026 -- Text.', '2026-03-04'), null);
  // Slashes of a date are no credit between slashes: a bare agency after a numeric date counts no more than after "Dec. 7".
  assert.equal(teaserOverDateline('A line.\n\nSYDNEY, 07/12/2026 AAP - Text.', '2026-12-07'), null);
});
