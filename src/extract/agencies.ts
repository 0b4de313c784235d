/**
 * Known news and photo agencies: the name wiredesk reports for each, and the spellings they
 * are printed in (credits, datelines, metadata). `wire` marks agencies that write stories, so a
 * dateline or distributor credit naming one is evidence for `source`; photo libraries and
 * archives are organisations in credits but never a story's source.
 */
interface AgencyEntry {
  readonly name: string;
  readonly spellings: readonly string[];
  readonly wire: boolean;
}

const TABLE: readonly AgencyEntry[] = [
  // "ロイター": Reuters' name in Japanese (jp.reuters.com, the Japanese papers' "（ロイター）"). The agencies' names in
  // Arabic as their Arabic services and the Arabic press print them in datelines and credits: "رويترز" (Reuters),
  // "أ ف ب"/"فرانس برس" (AFP), "أ ب"/"أسوشيتد برس" (AP), "د ب أ" (dpa), "شينخوا" (Xinhua), "الأناضول" (Anadolu).
  { name: 'Reuters', wire: true, spellings: ['reuters', 'rtr', 'thomson reuters', 'reuters pictures', 'reuters photo', 'reuters news', 'ロイター', 'رويترز'] },
  { name: 'AP', wire: true, spellings: ['ap', 'ap photo', 'ap photos', 'ap images', 'associated press', 'the associated press', 'apn', 'ap newsroom', 'أ ب', 'ا ب', 'أسوشيتد برس', 'اسوشيتد برس'] },
  { name: 'AFP', wire: true, spellings: ['afp', 'afp photo', 'agence france-presse', 'agence france presse', 'afp-services', 'أ ف ب', 'ا ف ب', 'فرانس برس'] },
  { name: 'dpa', wire: true, spellings: ['dpa', 'deutsche presse-agentur', 'deutsche presse agentur', 'dpa-bildfunk', 'dpa-afx', 'dpa-tns', 'dpa international', 'د ب أ'] },
  { name: 'PA', wire: true, spellings: ['pa', 'pa wire', 'pa media', 'pa images', 'pa archive', 'press association', 'the press association', 'pa news agency'] },
  { name: 'EPA', wire: false, spellings: ['epa', 'european pressphoto agency'] },
  { name: 'EPA-EFE', wire: false, spellings: ['epa-efe', 'epa/efe'] },
  { name: 'EFE', wire: true, spellings: ['efe', 'agencia efe'] },
  { name: 'ANSA', wire: true, spellings: ['ansa'] },
  { name: 'Xinhua', wire: true, spellings: ['xinhua', 'xinhua news agency', '新华社', '新華社', 'شينخوا'] },
  { name: 'Sputnik', wire: true, spellings: ['sputnik', 'спутник'] },
  { name: 'RIA Novosti', wire: true, spellings: ['ria novosti', 'риа новости'] },
  // The agencies' own names in their languages' scripts: ТАСС (tass.ru), БТА (bta.bg, bnr.bg), TTXVN (Thông tấn xã Việt Nam: vnanet.vn).
  { name: 'TASS', wire: true, spellings: ['tass', 'itar-tass', 'тасс', 'итар-тасс'] },
  { name: 'Kyodo', wire: true, spellings: ['kyodo', 'kyodo news', '共同', '共同通信', '共同通信社'] },
  { name: 'Yonhap', wire: true, spellings: ['yonhap', 'yonhap news agency', '연합뉴스'] },
  { name: 'AAP', wire: true, spellings: ['aap', 'australian associated press', 'aap image'] },
  { name: 'The Canadian Press', wire: true, spellings: ['the canadian press', 'canadian press', 'cp'] },
  { name: 'UPI', wire: true, spellings: ['upi', 'united press international'] },
  { name: 'Bloomberg', wire: true, spellings: ['bloomberg', 'bloomberg news'] },
  { name: 'ANP', wire: true, spellings: ['anp'] },
  { name: 'Belga', wire: true, spellings: ['belga'] },
  { name: 'APA', wire: true, spellings: ['apa'] },
  // Keystone-ATS (and ATS): the same agency's French and Italian service, as keystone-sda.ch names it.
  { name: 'Keystone-SDA', wire: true, spellings: ['keystone-sda', 'sda', 'keystone', 'keystone-ats', 'ats', 'sda-ats', 'keystone-sda-ats'] },
  { name: 'Lusa', wire: true, spellings: ['lusa'] },
  // "AA": the agency's own short name (trthaber.com "Anadolu Ajansının (AA)", sondakika.com).
  { name: 'Anadolu', wire: true, spellings: ['anadolu', 'anadolu agency', 'anadolu ajansi', 'aa', 'الأناضول'] },
  { name: 'PTI', wire: true, spellings: ['pti', 'press trust of india'] },
  { name: 'ANI', wire: true, spellings: ['ani', 'asian news international'] },
  { name: 'IANS', wire: true, spellings: ['ians', 'indo-asian news service'] },
  { name: 'UNI', wire: true, spellings: ['uni', 'united news of india'] },
  { name: 'NTB', wire: true, spellings: ['ntb'] },
  { name: 'TT', wire: true, spellings: ['tt', 'tt nyhetsbyrån'] },
  { name: 'STT', wire: true, spellings: ['stt', 'stt-info'] },
  { name: 'Ritzau', wire: true, spellings: ['ritzau', 'ritzau scanpix'] },
  { name: 'KNA', wire: true, spellings: ['kna'] },
  { name: 'epd', wire: true, spellings: ['epd'] },
  { name: 'CTK', wire: true, spellings: ['ctk', 'čtk'] },
  { name: 'PAP', wire: true, spellings: ['pap'] },
  { name: 'MTI', wire: true, spellings: ['mti'] },
  { name: 'Jiji', wire: true, spellings: ['jiji', 'jiji press', '時事', '時事通信', '時事通信社'] },
  { name: 'TASR', wire: true, spellings: ['tasr'] },
  { name: 'HINA', wire: true, spellings: ['hina'] },
  { name: 'STA', wire: true, spellings: ['sta'] },
  { name: 'BTA', wire: true, spellings: ['bta', 'бта'] },
  { name: 'Agerpres', wire: true, spellings: ['agerpres'] },
  { name: 'Tanjug', wire: true, spellings: ['tanjug'] },
  { name: 'LETA', wire: true, spellings: ['leta'] },
  { name: 'ELTA', wire: true, spellings: ['elta'] },
  { name: 'BNS', wire: true, spellings: ['bns'] },
  { name: 'Europa Press', wire: true, spellings: ['europa press'] },
  { name: 'AGI', wire: true, spellings: ['agi'] },
  { name: 'Adnkronos', wire: true, spellings: ['adnkronos'] },
  // National agencies of Asia, the Middle East, Eastern Europe and Latin America. Short names
  // that are also common words or places ("APP", "SPA", "MENA", "ANA") are left out.
  { name: 'Newsis', wire: true, spellings: ['newsis', '뉴시스'] },
  { name: 'News1', wire: true, spellings: ['news1', '뉴스1'] },
  { name: 'China News Service', wire: true, spellings: ['china news service', '中新社', '中新网', '中新網'] },
  { name: 'CNA', wire: true, spellings: ['cna', 'central news agency', '中央社'] },
  { name: 'Bernama', wire: true, spellings: ['bernama'] },
  { name: 'Antara', wire: true, spellings: ['antara', 'antara news'] },
  { name: 'VNA', wire: true, spellings: ['vna', 'vietnam news agency', 'ttxvn'] },
  { name: 'PNA', wire: true, spellings: ['pna', 'philippine news agency'] },
  { name: 'BSS', wire: true, spellings: ['bss', 'bangladesh sangbad sangstha'] },
  { name: 'WAM', wire: true, spellings: ['wam', 'emirates news agency'] },
  { name: 'KUNA', wire: true, spellings: ['kuna', 'kuwait news agency'] },
  { name: 'QNA', wire: true, spellings: ['qna', 'qatar news agency'] },
  { name: 'Interfax', wire: true, spellings: ['interfax'] },
  { name: 'Ukrinform', wire: true, spellings: ['ukrinform', 'укрінформ'] },
  // The national agencies of the Caucasus and Central Asia (kazinform.kz, azertag.az, armenpress.am, belta.by, montsame.mn).
  { name: 'Kazinform', wire: true, spellings: ['kazinform', 'казинформ'] },
  { name: 'AZERTAC', wire: true, spellings: ['azertac', 'azertag'] },
  { name: 'Armenpress', wire: true, spellings: ['armenpress', 'арменпресс'] },
  { name: 'BelTA', wire: true, spellings: ['belta', 'белта'] },
  { name: 'Montsame', wire: true, spellings: ['montsame'] },
  { name: 'WAFA', wire: true, spellings: ['wafa'] },
  { name: 'JTA', wire: true, spellings: ['jta', 'jewish telegraphic agency'] },
  { name: 'JNS', wire: true, spellings: ['jns', 'jewish news syndicate'] },
  { name: 'Prensa Latina', wire: true, spellings: ['prensa latina'] },
  { name: 'Télam', wire: true, spellings: ['télam', 'telam'] },
  { name: 'Agência Brasil', wire: true, spellings: ['agência brasil', 'agencia brasil'] },
  { name: 'Notimex', wire: true, spellings: ['notimex'] },
  { name: 'NAN', wire: true, spellings: ['nan', 'news agency of nigeria'] },
  { name: 'GNA', wire: true, spellings: ['gna', 'ghana news agency'] },
  { name: 'NZPA', wire: true, spellings: ['nzpa', 'new zealand press association'] },
  { name: 'KCNA', wire: false, spellings: ['kcna'] },
  { name: 'SANA', wire: false, spellings: ['sana'] },
  { name: 'IRNA', wire: false, spellings: ['irna'] },
  { name: 'Getty Images', wire: false, spellings: ['getty images', 'getty'] },
  { name: 'Shutterstock', wire: false, spellings: ['shutterstock', 'rex/shutterstock'] },
  { name: 'REX', wire: false, spellings: ['rex', 'rex features'] },
  { name: 'Alamy', wire: false, spellings: ['alamy', 'alamy stock photo'] },
  { name: 'CORBIS', wire: false, spellings: ['corbis'] },
  { name: 'Sipa', wire: false, spellings: ['sipa', 'sipa press'] },
  { name: 'Sipa USA', wire: false, spellings: ['sipa usa'] },
  { name: 'ZUMA Press', wire: false, spellings: ['zuma press', 'zuma wire', 'zuma press wire', 'zuma'] },
  { name: 'NurPhoto', wire: false, spellings: ['nurphoto'] },
  { name: 'Imago', wire: false, spellings: ['imago', 'imago images'] },
  { name: 'picture alliance', wire: false, spellings: ['picture alliance', 'picture-alliance'] },
  { name: 'Invision', wire: false, spellings: ['invision'] },
  { name: 'Scanpix', wire: false, spellings: ['scanpix'] },
];

/**
 * The names Chinese datelines and picture credits open with: Xinhua and China News Service in
 * simplified and traditional characters, and a paper's "本报" (this paper), as a regular-expression
 * source (`u` flag).
 */
export const ZH_OUTLET_SOURCE = '新华社|新華社|中新社|中新网|中新網|本报|本報';

const BY_SPELLING = new Map<string, AgencyEntry>();
for (const entry of TABLE) {
  BY_SPELLING.set(entry.name.toLowerCase(), entry);
  for (const s of entry.spellings) BY_SPELLING.set(s, entry);
}

function key(name: string): string {
  // Metadata pads names with dashes and punctuation ("STT–", "(AP)", "REUTERS.").
  return name
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(/^[\s([–—-]+|(?<![\s)\].,:;–—-])[\s)\].,:;–—-]+$/g, '')
    .toLowerCase();
}

function lookup(name: string | null | undefined): AgencyEntry | null {
  if (!name) return null;
  const entry = BY_SPELLING.get(key(name));
  return entry ?? null;
}

/** The name wiredesk reports for a known agency spelling ("REUTERS", "AP Photo" -> "AP"); null when unknown. */
export function canonicalAgency(name: string | null | undefined): string | null {
  return lookup(name)?.name ?? null;
}

/** A known agency that writes stories (so it can be a story's `source`), by any of its spellings. */
export function wireAgency(name: string | null | undefined): string | null {
  const entry = lookup(name);
  return entry?.wire ? entry.name : null;
}

/** The first known agency in a slash list such as a dateline's "tca/dpa" or "dpa/lni". */
export function agencyInList(text: string | null | undefined): string | null {
  if (!text) return null;
  const whole = canonicalAgency(text);
  if (whole) return whole;
  for (const part of text.split(/\s*[/,]\s*/)) {
    const found = canonicalAgency(part);
    if (found) return found;
  }
  return null;
}

/**
 * The parts of a list of agencies as bylines and source lines print it: "dpa/AFP", "sid/dpa",
 * "dpa, AFP", "dpa und AFP", "Reuters & AP", "AFP and agencies", "der dpa" (the article goes).
 * Whether each part is an agency is the caller's to judge.
 */
export function agencyListParts(s: string): string[] {
  return s
    .split(/\s*[/,;&+]\s*|\s+(?:and|und|et|y|e|og|och|en|ja)\s+/iu)
    .map((p) => p.replace(/^(?:der|des|die|the)\s+/iu, '').trim())
    .filter(Boolean);
}

/**
 * The words that credit agencies as a source of a story's material, before the list: German "mit
 * Material von/der", Spanish "con información de", and "with" as German, English, French, Spanish,
 * Portuguese, Dutch and the Nordic languages write it ("mit dpa", "with AFP", "avec AFP", "met ANP").
 * The byline reader reads them after the names, the source-line reader as a closing paragraph.
 */
export const SOURCE_WITH = String.raw`mit\s+material\s+(?:von|der|des)|con\s+información\s+de|mit|with|avec|con|com|met|med`;
