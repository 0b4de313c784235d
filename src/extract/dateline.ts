import type { Dateline, DatelineMatch } from './types.js';
import { ZH_OUTLET_SOURCE, agencyInList, wireAgency } from './agencies.js';
import { monthNumber, weekdayNumber } from './calendar.js';
import { CAPITALISED_BY_WORD_SOURCE, isByWordAlone } from './by-lead.js';
import { STORY_LABEL } from './boilerplate.js';
import { isCountryName } from './countries.js';

/**
 * Datelines: "MOSCOW, Sept 10 (Reuters) -", "BUENOS AIRES, Argentina (AP) _", "Berlin (dpa) -",
 * "PARIS (AFP) -", "WASHINGTON —", "(ANSA) - Rome, October 11 -", "Nova York, 24 set (EFE).-",
 * "KANSAS CITY, Mo.--(BUSINESS WIRE)--", "(New York, NY - October 21)". The city keeps its
 * spelling (all-capitals cities are title-cased), the date is resolved against the story's
 * date, the agency is wiredesk's name for it. A dateline found at the start of a body is taken
 * out whole, separator included.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

function storyDay(storyDate: string | null): Date | null {
  if (!storyDate) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(storyDate);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function resolve(month: number, day: number, year: number | null, storyDate: string | null): string | null {
  if (day < 1 || day > 31) return null;
  const story = storyDay(storyDate);
  let y = year;
  if (y !== null && y < 100) y += 2000;
  if (y === null) {
    if (!story) return null;
    y = story.getUTCFullYear();
    // A dateline a week or more after the story's date belongs to the year before (Dec 31 on a Jan 2 story).
    if (Date.UTC(y, month - 1, day) - story.getTime() > 7 * 86_400_000) y -= 1;
  }
  const d = new Date(Date.UTC(y, month - 1, day));
  return d.getUTCMonth() === month - 1 ? isoDay(d) : null;
}

const MONTH_WORD = String.raw`[\p{L}]{3,10}\.?`;
// "Jan 5", "June 5th", "sausio 5 d." (Lithuanian: CLDR lt "MMMM d 'd'.", ELTA's and BNS's datelines).
const MONTH_DAY = new RegExp(String.raw`^(${MONTH_WORD}) (\d{1,2})(?:st|nd|rd|th| d\.)?\.?(?:,? (\d{4}))?$`, 'u');
// "5 June", "5. Juni", "1er juin", "5 de junio", "5th June" (British usage, WAM).
const DAY_MONTH = new RegExp(String.raw`^(\d{1,2})(?:er|\.|º|st|nd|rd|th)? (?:de )?(${MONTH_WORD})(?: (?:de )?(\d{4}))?$`, 'u');
// "ngày 5 tháng 1": Vietnamese numbers the month (CLDR vi long date "'ngày' d 'tháng' M 'năm' y").
const VI_DAY_MONTH = /^(?:ngày )?(\d{1,2}) (tháng \d{1,2})(?:,? (?:năm )?(\d{4}))?$/iu;
// "2024. június 5.": the year first, as Hungarian writes a date (CLDR hu "y. MMMM d."; MTI's datelines).
const YEAR_MONTH_DAY = new RegExp(String.raw`^(\d{4})\. (${MONTH_WORD}) (\d{1,2})\.?$`, 'u');

/**
 * A date as datelines print it: "Sept 10", "Aug 29, 2014" (year as its own comma part is
 * joined by the caller), "10 juil 2024", "24 SET", "Monday", "4/4/2018", "October 11".
 * Returns undefined when the text is not a date, null when it is one that cannot be resolved.
 */
export function parseDatelineDate(text: string, storyDate: string | null): string | null | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  let m = MONTH_DAY.exec(s);
  if (m) {
    const mo = monthNumber(m[1]);
    if (mo) return resolve(mo, Number(m[2]), m[3] ? Number(m[3]) : null, storyDate);
  }
  m = DAY_MONTH.exec(s);
  if (m) {
    const mo = monthNumber(m[2]);
    if (mo) return resolve(mo, Number(m[1]), m[3] ? Number(m[3]) : null, storyDate);
  }
  m = VI_DAY_MONTH.exec(s);
  if (m) {
    const mo = monthNumber(m[2]);
    if (mo) return resolve(mo, Number(m[1]), m[3] ? Number(m[3]) : null, storyDate);
  }
  m = YEAR_MONTH_DAY.exec(s);
  if (m) {
    const mo = monthNumber(m[2]);
    if (mo) return resolve(mo, Number(m[3]), Number(m[1]), storyDate);
  }
  // "MADRID, 21 (EUROPA PRESS) -": Spanish agencies print the day alone; it is in the story's month or the one before.
  m = /^(\d{1,2})$/.exec(s);
  if (m) {
    const story = storyDay(storyDate);
    if (!story) return null;
    const day = Number(m[1]);
    const month = day > story.getUTCDate() + 7 ? story.getUTCMonth() : story.getUTCMonth() + 1;
    return month === 0 ? resolve(12, day, story.getUTCFullYear() - 1, storyDate) : resolve(month, day, story.getUTCFullYear(), storyDate);
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$/.exec(s);
  if (m) return resolve(Number(m[2]), Number(m[1]), Number(m[3]), storyDate);
  // "21.1.", "21.01.": day and month, as German and Nordic agencies print them (STT, NTB, dpa).
  m = /^(\d{1,2})\.(\d{1,2})\.$/.exec(s);
  if (m) return resolve(Number(m[2]), Number(m[1]), null, storyDate);
  // "07/12": day and month with a slash, the year left out (CLDR fr and nl "Md" pattern "dd/MM"; Belga's datelines).
  m = /^(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return resolve(Number(m[2]), Number(m[1]), null, storyDate);
  const weekday = weekdayNumber(s);
  if (weekday !== null) {
    const story = storyDay(storyDate);
    if (!story) return null;
    const back = (story.getUTCDay() - weekday + 7) % 7;
    return isoDay(new Date(story.getTime() - back * 86_400_000));
  }
  return undefined;
}

/** Lower-case words allowed inside a place name ("Rio de Janeiro", "Frankfurt am Main"). */
const PLACE_PARTICLES = new Set(['de', 'do', 'da', 'dos', 'das', 'del', 'la', 'le', 'les', 'am', 'an', 'der', 'im', 'upon', 'on', 'sur', 'en', 'al', 'el', 'di', 'of']);

/** A by-word a few words before a point in running text: "By Jane Roe Jan 30 (Reuters) -". */
const BYLINE_BEFORE = new RegExp(`(?:^|\\s)${CAPITALISED_BY_WORD_SOURCE}\\s+(?:\\S+\\s+){0,3}$`);

/**
 * A place as printed: one to five capitalised words (or all capitals), slashes and particles allowed,
 * and a qualifier in parentheses after it, as German official names carry one ("Frankfurt (Oder)",
 * "Halle (Saale)": the names in Destatis' Gemeindeverzeichnis) and ANI's datelines name the state
 * ("Amritsar (Punjab), Apr 13 (ANI):").
 */
function isPlace(s: string): boolean {
  const qualified = s.endsWith(')') ? PLACE_QUALIFIER.exec(s.trim()) : null;
  return qualified ? isPlaceWords(qualified[1]!) && isPlaceWords(qualified[2]!) : isPlaceWords(s);
}
const PLACE_QUALIFIER = /^([^()]{2,50}?)\s*\(([\p{Lu}][^()]{1,30})\)$/u;

function isPlaceWords(s: string): boolean {
  const ws = s.trim().split(/\s+/);
  if (ws.length === 0 || ws.length > 5 || s.length > 50) return false;
  if (/\d/.test(s)) return false;
  if (isByWordAlone(ws[0]!)) return false; // "By Jane Roe Jan 30 (Reuters) -": a byline before the dateline
  if (STORY_LABEL.test(s.trim())) return false; // "BREAKING — …", "UPDATE: …": a story's label, no place
  // A script without capitals (Arabic, Hebrew, Han; Georgian, whose Mkhedruli letters Unicode files as
  // lower case: "თბილისი") writes a place name in a word or a few short ones.
  return ws.every((w, i) => /^[\p{Lu}][\p{L}\p{M}'’.\-/]*$/u.test(w) || /^[\p{Lo}\p{Script=Georgian}][\p{Lo}\p{Script=Georgian}\p{M}'’.\-/]{0,14}$/u.test(w) || (i > 0 && PLACE_PARTICLES.has(w)));
}

function isAllCaps(s: string): boolean {
  return /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
}

/**
 * "FORT WASHINGTON" -> "Fort Washington", "WINSTON-SALEM" -> "Winston-Salem"; mixed case stays as printed.
 * Articles and prepositions inside a name are small, also between hyphens, and a letter after an elided
 * article's apostrophe is a capital ("AIX-EN-PROVENCE" -> "Aix-en-Provence", "COEUR D'ALENE" -> "Coeur
 * d'Alene", "L'AQUILA" -> "L'Aquila"), as the French toponymy charter (Commission nationale de toponymie)
 * and the places' official English names (USGS GNIS "Coeur d'Alene", Ordnance Survey "Stratford-upon-Avon")
 * write them; "ST. JOHN'S" -> "St. John's", "MCALLEN" -> "McAllen".
 */
export function cityCase(city: string): string {
  if (!isAllCaps(city)) return city;
  // The dotted capital "İ" is written only in Turkish and Azerbaijani, whose small letters pair İ with i and I
  // with ı (Unicode SpecialCasing.txt, the tr and az mappings): "İZMİR" -> "İzmir", "DİYARBAKIR" -> "Diyarbakır".
  const locale = city.includes('İ') ? 'tr' : undefined;
  return city
    .toLocaleLowerCase(locale)
    .replace(/(^|[\s\-/.])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase(locale))
    .replace(/(?<=(?:^|[\s\-/])\p{L})(['’])(\p{L})/gu, (_, q: string, ch: string) => q + ch.toUpperCase())
    .replace(/(?<=[\s-])(De|Do|Da|Dos|Das|Del|Du|Des|La|Le|Les|Am|An|Au|Aux|Der|Im|Upon|On|Sur|Sous|En|Es|Di|Of|The)(?=[\s-])/g, (w) => w.toLowerCase())
    .replace(/(?<=[\s-])([DL])(?=['’]\p{Lu})/gu, (w) => w.toLowerCase())
    .replace(/(?<=(?:^|[\s-])Mc)(\p{Ll})/gu, (ch) => ch.toUpperCase());
}

/** A place without the full stop that sets it apart from a date or a credit ("MOSCOW." -> "MOSCOW"); an abbreviation's ("St.") stays. */
function withoutClosingStop(place: string): string {
  return place.replace(/(?<=\p{L}{3})\.$/u, '');
}

/** "SYDNEY March 22" -> place "SYDNEY", date; the date is the last one to three words. */
function placeThenDate(part: string, storyDate: string | null): { place: string; date: string | null } | null {
  const words = part.split(/\s+/);
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const date = parseDatelineDate(words.slice(-k).join(' '), storyDate);
    if (date === undefined) continue;
    // "MOSCOW. June 5 (Interfax) -": Interfax sets a full stop between the place and the date.
    const place = withoutClosingStop(words.slice(0, -k).join(' '));
    return isPlace(place) && !agencyInList(place) ? { place, date } : null;
  }
  return null;
}

interface Head {
  city: string | null;
  country: string | null;
  date: string | null;
  hasDate: boolean;
  /** The outlet a web newsroom credits by its site name ("JAKARTA, KOMPAS.com —", "Liputan6.com, Jakarta -"). */
  outlet?: string;
}

/**
 * A site name in a dateline credits the outlet, as Indonesian newsrooms print it: after the place
 * (Kompas.com "JAKARTA, KOMPAS.com –", its paper "JAKARTA, KOMPAS —") or before it (Liputan6.com
 * "Liputan6.com, Jakarta –", Tempo "TEMPO.CO, Jakarta -"). A domain is never a place or a country.
 */
const SITE_NAME = /^[\p{L}\d][\p{L}\d-]{1,30}\.[\p{L}]{2,6}$/u;

/** "MOSCOW, Sept 10", "BUENOS AIRES, Argentina", "Aug 29, 2014", "Strasbourg, 10 juil 2024" -> parts. */
function parseHead(head: string, storyDate: string | null): Head | null {
  // The Arabic comma "،" sets place and country apart as the comma does ("دمشق، سوريا (CNN) --").
  const parts = head.trim().replace(/(?<![,،\s])[,،\s]+$/, '').split(/\s*[,،]\s*/).filter(Boolean);
  if (parts.length === 0 || parts.length > 4) return null;
  const out: Head = { city: null, country: null, date: null, hasDate: false };
  for (const [i, part] of parts.entries()) {
    if (/^\d{4}$/.test(part) && out.hasDate) {
      // "Aug 29, 2014": the year printed as its own comma part.
      const prev = parts.slice(0, i).reverse().find((p) => parseDatelineDate(p, storyDate) !== undefined);
      if (prev) out.date = parseDatelineDate(`${prev} ${part}`, storyDate) ?? out.date;
      continue;
    }
    // "Budapest, 2024. június 5., szerda (MTI)": the weekday printed after the date names the same day.
    if (out.hasDate && i === parts.length - 1 && weekdayNumber(part) !== null) continue;
    // "PARIS, Friday, Jan. 5 (AP) —": a weekday before the date names the same day (CLDR's full dates
    // print it first: en "EEEE, MMMM d, y", de "EEEE, d. MMMM y").
    const next = parts[i + 1];
    if (!out.hasDate && next && weekdayNumber(part) !== null && weekdayNumber(next) === null && parseDatelineDate(next, storyDate) !== undefined) continue;
    const date = parseDatelineDate(part, storyDate);
    if (date !== undefined) {
      if (out.hasDate) return null;
      out.hasDate = true;
      out.date = date;
      continue;
    }
    if (out.hasDate) return null; // places come before the date
    // "New Delhi [India], January 5 (ANI):", "Toronto [Canada], June 30 (ANI):": ANI names the country in brackets.
    const bracketed = i === 0 && part.endsWith(']') ? /^([^[\]]{2,50}?)\s*\[([^[\]]{2,30})\]$/.exec(part) : null;
    if (bracketed && isPlace(bracketed[1]!) && isPlace(bracketed[2]!) && !agencyInList(bracketed[1]!)) {
      out.city = bracketed[1]!;
      out.country = bracketed[2]!;
      continue;
    }
    if (!out.outlet && SITE_NAME.test(part) && (i === 0 || out.city)) {
      out.outlet = part;
      continue;
    }
    // "SYDNEY March 22", "Praha 21. ledna": the date printed after the place without a comma.
    const split = i === parts.length - 1 ? placeThenDate(part, storyDate) : null;
    if (split && (i === 0 || out.city)) {
      if (i === 0) out.city = split.place;
      else if (!out.country) out.country = split.place;
      else return null;
      out.hasDate = true;
      out.date = split.date;
      continue;
    }
    // A full stop after the place sets it apart from the credit ("ASTANA. KAZINFORM –"), as from the date (placeThenDate).
    if (!out.city && (i === 0 || (i === 1 && out.outlet)) && isPlace(part) && !agencyInList(part)) out.city = withoutClosingStop(part);
    else if (i > 0 && out.city && !out.country && (isPlace(part) || /^(?:[\p{Lu}][\p{L}]{0,4}\.){1,3}$/u.test(part))) out.country = part;
    // "SYDNEY, NSW, Australia", "Austin, Texas, USA": a state or province between the city and the
    // country qualifies the city (AP Stylebook, "datelines"); the country is the part after it.
    else if (out.country && isRegion(out.country) && isPlace(part)) out.country = part;
    else return null;
  }
  return out;
}

/**
 * Two-letter and AP-style abbreviations of US states and Canadian provinces, and of Australian states
 * (Australian Government Style Manual, "Abbreviations": NSW, Qld, Vic, Tas, ACT): a qualifier, not a country.
 * Canada's provinces and territories in their traditional abbreviations, English and French, as the
 * Translation Bureau's "The Canadian Style" and Natural Resources Canada's table of geographical names
 * give them (the Canadian Press datelines "YELLOWKNIFE, N.W.T. —", "CHARLOTTETOWN, P.E.I. —"): Alta., B.C.,
 * Man., N.B., N.L., N.W.T., N.S., Ont., P.E.I., Que., Sask., Y.T.; C.-B., N.-B., T.-N.-L., T.N.-O., N.-É.,
 * Î.-P.-É., Qc.
 */
const REGION = /^(?:[A-Z]{2}|NSW|ACT|Qld|Vic|Tas|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo|D\.C|Ont|Que|B\.C|Alta|Sask|Man|N\.S|N\.B|Nfld|N\.L|N\.W\.T|P\.E\.I|Y\.T|Qc|C\.-B|N\.-B|N\.-É|Î\.-P\.-É|T\.-N\.-L|T\.N\.-O)\.?$/;

/**
 * US state names spelled out after a dateline's city ("TOLEDO, Ohio", "ROUND ROCK, Texas"): a
 * qualifier as their abbreviations are, not a country. AP Stylebook, "datelines" and "state names":
 * Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas and Utah are never abbreviated in datelines.
 * Georgia is left out: it is a country as well ("TBILISI, Georgia"); AP abbreviates the state "Ga.".
 */
const US_STATE_NAMES = new Set(
  ('Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois Indiana Iowa Kansas ' +
    'Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada ' +
    'New_Hampshire New_Jersey New_Mexico New_York North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island ' +
    'South_Carolina South_Dakota Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming')
    .split(' ')
    .map((n) => n.replace(/_/g, ' ').toLowerCase()),
);

/** A state or province (abbreviated or a US state's name) after a dateline's city: a qualifier, not a country. */
function isRegion(part: string): boolean {
  return REGION.test(part) || US_STATE_NAMES.has(part.toLowerCase());
}

/** The agency text of a dateline, or null when the parentheses hold something else (a ticker, a note). */
function agencyText(inner: string): string | null {
  const t = inner.trim();
  if (!t || t.length > 40 || /[\d:;=]|\.\w/.test(t)) return null;
  if (agencyInList(t)) return t;
  return t.split(/\s+/).length <= 3 && /^[\p{L}\s/&'-]+$/u.test(t) ? t : null;
}

/** "Reuters Breakingviews", "Bloomberg Opinion": an agency's outlet printed in its credit is the agency. */
function outletOf(text: string): string | null {
  const words = text.trim().split(/\s+/);
  return words.length === 2 ? agencyInList(words[0]) : null;
}

function build(raw: string, head: Head | null, agency: string | null): Dateline {
  const country = head?.country && !isRegion(head.country) ? head.country : null;
  return {
    raw: raw.trim().replace(/\s+/g, ' '),
    city: head?.city ? cityCase(head.city) : null,
    country,
    date: head?.date ?? null,
    agency: agency ? (agencyInList(agency) ?? outletOf(agency) ?? agency) : head?.outlet ?? null,
  };
}

// A dash, two hyphens or an underscore, or a colon (NTB "Oslo (NTB): ", APP "ISLAMABAD, Jan 21 (APP): "), or the
// "=" that closes a header line on the IPTC 7901 teleprinter (IPTC 7901 rev. 5; Belga "BRUXELLES 07/12 (BELGA) = ").
const SEP = String.raw`\s*(?:\.\s*)?(?:-{1,2}|–|—|_{1,2}|:|=)\s*`;
// Compiled once (they run on every story).
const AGENCY_FIRST = new RegExp(String.raw`^\(([^()\n]{1,40})\)${SEP}(?:([^\n()]{2,60}?)\s+(?:-{1,2}|–|—)\s+)?`, 'u');
const AGENCY_ONLY = new RegExp(String.raw`^\(([^()\n]{1,40})\)${SEP}`, 'u');
// The place may carry a qualifier in parentheses ("Frankfurt (Oder) (dpa) -", "Amritsar (Punjab), Apr 13 (ANI):"; see isPlace).
const PLACE = String.raw`((?:[^\n()]|\(\p{Lu}[^()\n]{0,29}\)){2,80}?)`;
const PLACE_AGENCY = new RegExp(String.raw`^${PLACE}\s*\(([^()\n]{1,40})\)${SEP}`, 'u');
const BARE_AGENCY = new RegExp(String.raw`^([^\n()]{2,80}?)\s+([\p{Lu}][\p{L}-]{1,20}(?: News)?)${SEP}`, 'u');
// A dateline field may end with the bare agency ("TOKYO, April 13 Kyodo": Kyodo's news summaries print it so).
const BARE_AGENCY_FIELD = new RegExp(String.raw`^([^\n()]{2,80}?)\s+([\p{Lu}][\p{L}-]{1,20}(?: News)?)(?:${SEP}|\s*$)`, 'u');
const DASH_AGENCY = new RegExp(String.raw`^([^\n()]{2,80}?)\s+(?:-|–|—)\s+([\p{Lu}][\p{L}-]{1,20}(?: [\p{Lu}][\p{L}-]{1,20})?)\.\s+`, 'u');
// "Stockholm (TT) Regeringen …", "NEW DELHI, Jan 21 (PTI) India …": agencies that print no separator after their credit;
// epd closes it with a full stop ("Kassel (epd). Die …", "Straßburg/Speyer (epd). Für …").
const PLACE_AGENCY_BARE = new RegExp(String.raw`^${PLACE}\s*\(([^()\n]{1,40})\)\.?\s+(?=[\p{Lu}"“„«])`, 'u');
const STOP_AGENCY = /^([^.\n()]{2,40})\.\s+(?:([^.\n()]{3,25})\.\s+)?(\p{L}[\p{L}-]{1,20}(?:\.\p{L}{2,3})?)\s*(?:-{1,2}|–|—)\s+/u;
const SLASH_AGENCY_BARE = new RegExp(String.raw`^([^\n()/]{2,80}?)\s*\/([^/\n]{2,30})\/\s+(?=[\p{Lu}"“„«])`, 'u');
const PLACE_AGENCY_FIELD = new RegExp(String.raw`^${PLACE}\s*\(([^()\n]{1,40})\)(?:${SEP}|\s*$)`, 'u');

// East Asian agencies print the place, the agency and often the reporter in one bracket:
// Korean "(서울=연합뉴스) 홍길동 기자 =" (Yonhap, Newsis, News1: place=agency, then the reporter),
// Japanese "【ワシントン共同】" (Kyodo, Jiji: place and agency) or "【ワシントン＝山田太郎】" (a paper's
// own correspondent), Chinese "新华社北京6月5日电（记者张三）" (Xinhua, China News Service, a paper's
// "本报": agency, place, date, "电" (wired), then the reporters).
const KOREAN_HEAD = /^[([【]\s*([가-힣][가-힣A-Za-z·]{0,11}(?:\s[가-힣A-Za-z·]{1,12})?)\s*=\s*([가-힣A-Za-z0-9·]{1,12}(?:\s[가-힣A-Za-z0-9·]{1,12})?)\s*[)\]】]\s*(?:((?:[가-힣]{2,4}[·,\s]*){1,4}?)\s*(?:기자|특파원)\s*=\s*)?/u;
const JAPANESE_AGENCY = /^【([^】＝=\s]{1,15}?)(共同|時事)】\s*/u;
const JAPANESE_REPORTER = /^【([\p{Script=Han}\p{Script=Katakana}ー・]{1,12})[＝=]([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・、\s]{2,20})】\s*/u;
// The place may be left out ("中新網3月3日電": China News Service's site, Beijing implied) and the date written in
// Chinese numerals ("中新社北京三月五日電"), as the agencies' own pages print them.
const ZH_NUMBER = '[一二三四五六七八九十]{1,3}';
const CHINESE_HEAD = new RegExp(String.raw`^(${ZH_OUTLET_SOURCE})\s*(\p{Script=Han}{0,10}?)\s*(?:(\d{1,2}|${ZH_NUMBER})月)?(\d{1,2}|${ZH_NUMBER})日\s*(?:电|電|讯|訊)\s*(?:[（(]\s*(?:记者|記者)\s*([^（）()\n]{1,40}?)\s*[）)]\s*)?`, 'u');

/** "5" -> 5, "五" -> 5, "十二" -> 12, "二十一" -> 21, "三十" -> 30: a day or month number as Chinese writes it. */
function zhNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const digit = (c: string | undefined): number => (c ? '一二三四五六七八九'.indexOf(c) + 1 : 0);
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? digit(text) : 0;
  return (ten === 0 ? 1 : digit(text[ten - 1])) * 10 + digit(text[ten + 1]);
}

function namesIn(list: string | undefined, split: RegExp): string[] {
  return (list ?? '').split(split).map((n) => n.trim()).filter(Boolean);
}

function eastAsianDateline(t: string, storyDate: string | null): { dateline: Dateline; length: number; reporters: string[] } | null {
  let m = KOREAN_HEAD.exec(t);
  // The agency is an outlet's name in Hangul or a known agency ("(x=1)" is no dateline).
  if (m && (/[가-힣]/.test(m[2]!) || agencyInList(m[2]!))) {
    const raw = m[0].slice(0, m[0].search(/[)\]】]/) + 1);
    return { dateline: build(raw, { city: m[1]!, country: null, date: null, hasDate: false }, m[2]!), length: m[0].length, reporters: namesIn(m[3], /[·,\s]+/u) };
  }
  m = JAPANESE_AGENCY.exec(t);
  if (m) {
    // "【ワシントンAFP時事】": Jiji relaying another agency names it after the place.
    const city = m[1]!.replace(/[A-Za-z]+$/, '');
    if (city) return { dateline: build(m[0], { city, country: null, date: null, hasDate: false }, m[2]!), length: m[0].length, reporters: [] };
  }
  m = JAPANESE_REPORTER.exec(t);
  if (m) return { dateline: build(m[0], { city: m[1]!, country: null, date: null, hasDate: false }, null), length: m[0].length, reporters: namesIn(m[2], /[、・\s]+/u) };
  m = CHINESE_HEAD.exec(t);
  if (m) {
    const day = zhNumber(m[4]!);
    const date = m[3] ? resolve(zhNumber(m[3]), day, null, storyDate) : (parseDatelineDate(String(day), storyDate) ?? null);
    const self = /^本[报報]$/.test(m[1]!);
    const raw = m[0].slice(0, m[0].search(/[电電讯訊]/) + 1);
    return { dateline: build(raw, { city: m[2] || null, country: null, date, hasDate: true }, self ? null : m[1]!), length: m[0].length, reporters: namesIn(m[5], /[、,，\s]+/u) };
  }
  return null;
}

/**
 * A dateline at the start of a text. With `requireSeparator` false (a dateline field) the
 * trailing dash may be missing. Returns the dateline and how many characters it spans.
 */
function matchDateline(text: string, storyDate: string | null, requireSeparator: boolean): { dateline: Dateline; length: number; reporters?: string[] } | null {
  const t = text.slice(0, 300);
  const eastAsian = eastAsianDateline(t, storyDate);
  if (eastAsian) return eastAsian;
  // "(ANSA) - Rome, October 11 - ", "(Reuters) - ..."
  let m = AGENCY_FIRST.exec(t);
  if (m) {
    const agency = agencyText(m[1]!);
    if (agency) {
      const head = m[2] ? parseHead(m[2], storyDate) : null;
      if (head && (head.city || head.hasDate)) return { dateline: build(m[0], head, agency), length: m[0].length };
      // "(Reuters) - ...", "(Sports Network) - ...": the agency credit alone.
      if (agencyInList(agency) || /^[\p{Lu}][\p{L}&-]*(?:\s+[\p{Lu}][\p{L}&-]*){0,2}$/u.test(agency)) {
        const short = AGENCY_ONLY.exec(t)!;
        return { dateline: build(short[0], null, agency), length: short[0].length };
      }
    }
  }
  // "(New York, NY - October 21) " parenthesised place and date.
  m = /^\(([^()\n]{2,50}?)\s+[-–—]\s+([^()\n]{3,30})\)\s*/u.exec(t);
  if (m) {
    const head = parseHead(m[1]!, storyDate);
    const date = parseDatelineDate(m[2]!, storyDate);
    if (head?.city && date !== undefined) return { dateline: build(m[0], { ...head, date, hasDate: true }, null), length: m[0].length };
  }
  // "KANSAS CITY, Mo.--(BUSINESS WIRE)--", "NEW YORK, Jan. 5, 2023 /PRNewswire/ --"
  // "København /ritzau/: ", "ROMA, 21 GEN /ANSA/ - ", "MOSCOW, January 21. /TASS/. ": the agency between slashes.
  m = /^([^\n()]{2,80}?)\s*(?:--\(([^()\n]{2,40})\)--|\/([^/\n]{2,30})\/\s*(?:-{1,2}|–|—|:|\.))\s*/u.exec(t);
  if (m) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city) {
      // Business Wire prints the release date after its credit, closed by two hyphens as well
      // ("SAN FRANCISCO--(BUSINESS WIRE)--Jan. 5, 2024--"; Business Wire's press release format).
      const dated = m[2] && !head.hasDate ? /^([^\n-]{3,30}?)\s*--\s*/u.exec(t.slice(m[0].length)) : null;
      const date = dated ? parseDatelineDate(dated[1]!, storyDate) : undefined;
      if (dated && date !== undefined) {
        const raw = m[0] + dated[0];
        return { dateline: build(raw, { ...head, date, hasDate: true }, m[2]!.trim()), length: raw.length };
      }
      return { dateline: build(m[0], head, (m[2] ?? m[3])!.trim()), length: m[0].length };
    }
  }
  // "Русе, 5 януари /БТА/ Строителството …": a wire agency's credit between slashes closes the dateline without a
  // separator, as TT's and PTI's credits in parentheses do (PLACE_AGENCY_BARE); the text goes on with a capital.
  m = requireSeparator ? SLASH_AGENCY_BARE.exec(t) : null;
  if (m && wireAgency(agencyInList(m[2]!) ?? m[2]!)) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city) return { dateline: build(m[0], head, m[2]!.trim()), length: m[0].length };
  }
  // "SYDNEY, March 22 AAP - ", "TOKYO, Jan. 21 Kyodo - ": a wire agency printed without parentheses.
  m = (requireSeparator ? BARE_AGENCY : BARE_AGENCY_FIELD).exec(t);
  if (m && wireAgency(m[2])) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city) return { dateline: build(m[0], head, m[2]!), length: m[0].length };
  }
  // "МОСКВА, 5 июн – РИА Новости. ", "МИНСК, 5 июн – Sputnik. ": the agency after the dash, closed by a full stop (RIA Novosti, Sputnik).
  m = DASH_AGENCY.exec(t);
  if (m && wireAgency(m[2])) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city && head.hasDate) return { dateline: build(m[0], head, m[2]!), length: m[0].length };
  }
  // "MOSCOW, Sept 10 (Reuters) - ", "Berlin (dpa) - ", "Nova York, 24 set (EFE).-"
  m = (requireSeparator ? PLACE_AGENCY : PLACE_AGENCY_FIELD).exec(t);
  if (m) {
    const agency = agencyText(m[2]!);
    const head = agency ? parseHead(m[1]!, storyDate) : null;
    if (head && (head.city || head.hasDate)) return { dateline: build(m[0], head, agency), length: m[0].length };
  }
  // A known wire agency's credit closes the dateline without a separator; the text goes on with a capital.
  m = requireSeparator ? PLACE_AGENCY_BARE.exec(t) : null;
  if (m && wireAgency(agencyInList(m[2]!) ?? m[2]!)) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city) return { dateline: build(m[0], head, m[2]!), length: m[0].length };
  }
  // "ASTANA. KAZINFORM – ", "Москва. 5 января. INTERFAX.RU - ": Kazinform and Interfax set the place, the date and
  // their credit (the agency's name or its domain) apart with full stops.
  m = requireSeparator ? STOP_AGENCY.exec(t) : null;
  if (m) {
    const agency = wireAgency(m[3]!.replace(/\.\p{L}{2,3}$/u, ''));
    const head = agency ? parseHead(m[2] ? `${m[1]}, ${m[2]}` : m[1]!, storyDate) : null;
    if (head?.city && (!m[2] || head.hasDate)) return { dateline: build(m[0], head, agency), length: m[0].length };
  }
  // "WASHINGTON — ", "NEW YORK, Jan 5 -- ", "Washington — " (no agency).
  m = /^([^\n()]{2,60}?)\s*(?:—|–|--|_)\s+/u.exec(t) ?? (requireSeparator ? null : /^([^\n()]{2,60}?)\s*(?:(?:-{1,2}|–|—)\s*)?$/u.exec(t));
  // The story's first sentence follows a dateline (AP Stylebook, "datelines"), and opens as a sentence does; a
  // word in small letters after the dash goes on an aside that dashes set off ("NATO — which turns 75 —",
  // "JOHN SMITH — the coach who …"; Chicago Manual of Style 6.85).
  if (m && requireSeparator && OPENS_IN_SMALL_LETTERS.test(t.slice(m[0].length))) m = null;
  if (m) {
    const head = parseHead(m[1]!, storyDate);
    // In running text only an all-capitals place is a dateline ("Donald Trump — ..." is not), or a place
    // with its country ("Kyiv, Ukraine — "): a page that sets its dateline in capitals with CSS
    // (text-transform) keeps it in mixed case in its markup. A country before a country is a list.
    const placed = Boolean(head?.city && head.country && isCountryName(head.country) && !isCountryName(head.city));
    const caps = head?.city ? isAllCaps(head.city) || Boolean(head.outlet) || placed : false;
    if (head && (head.city || (!requireSeparator && head.hasDate)) && (caps || !requireSeparator)) return { dateline: build(m[0], head, null), length: m[0].length };
  }
  // "ROMA, 21 GEN - ": a single hyphen closes a dateline of an all-capitals place and a date (ANSA, EFE).
  m = /^([^\n()]{2,60}?)\s+-\s+/u.exec(t);
  if (m && requireSeparator) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city && ((head.hasDate && isAllCaps(head.city)) || head.outlet)) return { dateline: build(m[0], head, null), length: m[0].length };
  }
  // All-capitals city with a colon ("NEW DELHI: ...").
  m = /^([\p{Lu}][\p{Lu} .'-]{1,40}):\s+(?=[\p{Lu}"“])/u.exec(t);
  if (m && requireSeparator) {
    const head = parseHead(m[1]!, storyDate);
    if (head?.city) return { dateline: build(m[0], head, null), length: m[0].length };
  }
  return null;
}

/** A word in small letters only ("which", "the"), not one with a capital inside ("eBay", "iPhone"): no sentence opens so. */
const OPENS_IN_SMALL_LETTERS = /^\p{Ll}[\p{Ll}\p{M}'’-]*(?=[\s,.;:!?]|$)/u;

/** Finds a dateline at the start of a body and takes it out (the whole of it, separator included). */
export function extractDateline(body: string, storyDate: string | null = null): DatelineMatch | null {
  const lead = /^\s*/.exec(body)![0].length;
  const found = matchDateline(body.slice(lead), storyDate, true);
  if (!found) return null;
  const rest = body.slice(lead + found.length).replace(/^\s+/, '');
  if (!found.reporters?.length) return { dateline: found.dateline, rest };
  const evidence = { from: 'text' as const, rule: 'dateline-reporter' };
  return { dateline: found.dateline, rest, bylines: found.reporters.map((name) => ({ name, role: 'author' as const, affiliation: found.dateline.agency, location: null, evidence })) };
}

/**
 * A dateline the format states in a field ("STOCKHOLM, Aug 29, 2014 (AFP) -", "Washington",
 * "ANSA - ROMA, 01 LUG -", "MARCH 04, 2013", "4/4/2018"). Null when nothing in it is a place or a date.
 */
export function parseDateline(raw: string | null | undefined, storyDate: string | null = null): Dateline | null {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const found = matchDateline(text, storyDate, false);
  if (found) return { ...found.dateline, raw: text };
  // "ANSA - ROMA, 01 LUG -": an agency's label, then the dateline.
  const dash = /^(.{1,40}?)\s+[-–—]\s+(.+)$/.exec(text);
  if (dash && agencyInList(dash[1]!.split(/\s+/)[0]!)) {
    const inner = matchDateline(dash[2]!, storyDate, false);
    if (inner) return { ...inner.dateline, raw: text, agency: inner.dateline.agency ?? agencyInList(dash[1]!.split(/\s+/)[0]!) };
  }
  return null;
}

/** A place whose words in capitals and small letters come before words in capitals: "Jo Kim PARIS, …". */
const MIXED_THEN_CAPS = /^[^,(]*?\p{Ll}[^,(\s]*\s+\p{Lu}{2,}(?=[\s,(])/u;

/**
 * Agencies print the dateline's place in capitals (AP Stylebook, "datelines"; Reuters Handbook of
 * Journalism, "datelines"), a byline's name is not: a place in capitals right after a name in small letters
 * starts the dateline ("By Jane Roe LONDON, Jan 30 (Reuters) -"). Not when the by-word itself is before it.
 */
function capsCityAfterName(before: string, raw: string): boolean {
  const place = /^[^,(]+/.exec(raw)?.[0].trim() ?? '';
  const prev = /(\S+)\s+$/.exec(before)?.[1] ?? '';
  return isAllCaps(place) && /\p{Ll}/u.test(prev) && !isByWordAlone(prev);
}

/** A dateline found inside the first paragraph (after summary bullets or a byline), with the text around it. */
export interface EmbeddedDateline {
  dateline: Dateline;
  before: string;
  after: string;
}

/**
 * A dateline that does not open the paragraph: Reuters bodies flattened into one paragraph print
 * "(Adds comments) * bullet * bullet By Arpan Varghese Jan 30 (Reuters) - Gold rose ...". Only
 * a known wire agency's credit is looked for, and the dateline must have a place or a date.
 */
export function extractEmbeddedDateline(paragraph: string, storyDate: string | null = null): EmbeddedDateline | null {
  const window = paragraph.slice(0, 1500);
  for (const m of window.matchAll(/\(([^()\n]{1,40})\)\s*(?:\.\s*)?(?:-{1,2}|–|—|_)/g)) {
    if (!agencyInList(m[1]!)) continue;
    const end = m.index + m[0].length;
    for (let s = Math.max(0, m.index - 80); s < m.index; s++) {
      if ((s > 0 && !/\s/.test(paragraph[s - 1]!)) || /\s/.test(paragraph[s]!)) continue;
      const found = matchDateline(paragraph.slice(s), storyDate, true);
      if (!found || s + found.length < end || found.dateline.raw.startsWith('(')) continue;
      if (!found.dateline.city && !/\d/.test(found.dateline.raw.slice(0, found.dateline.raw.indexOf('(')))) continue;
      // "Jo Kim PARIS, Jan 30 (AFP) -": a name in capitals and small letters does not run into a city in capitals.
      if (found.dateline.city && MIXED_THEN_CAPS.test(found.dateline.raw)) continue;
      // "By Jane Roe Jan 30 (Reuters) -": a "city" that a by-word opens a few words before is the byline's name,
      // unless it is in capitals after a name that is not ("By Jane Roe LONDON, Jan 30 (Reuters) -").
      if (found.dateline.city && BYLINE_BEFORE.test(paragraph.slice(Math.max(0, s - 80), s)) && !capsCityAfterName(paragraph.slice(Math.max(0, s - 80), s), found.dateline.raw)) continue;
      return { dateline: found.dateline, before: paragraph.slice(0, s).trim(), after: paragraph.slice(s + found.length).trim() };
    }
  }
  return null;
}

/**
 * Short paragraphs printed over the paragraph that opens with the dateline: dpa's teaser (in
 * digitalwires and its IPTC 7901 conversions), an agency's standfirst, or the picture captions a
 * page dump keeps over a story, a press release's sub-headline. Only a dateline that credits an
 * agency in parentheses or between slashes counts ("Waghäusel (dpa) -", "BOSTON, March 4, 2026
 * /PRNewswire/ --", the distribution services' published dateline); with more than one paragraph
 * over it, a known wire agency. Each
 * paragraph over it is at most 80 words, and at most three come before it.
 */
export function teaserOverDateline(body: string, storyDate: string | null = null): { teaser: string[]; dateline: Dateline; rest: string } | null {
  const paragraphs = body.split(/\n{2,}/, 5);
  for (let i = 1; i < Math.min(paragraphs.length, 4); i++) {
    const over = paragraphs[i - 1]!.trim();
    if (!over || over.split(/\s+/).length > 80 || extractDateline(over, storyDate)) return null;
    const found = extractDateline(paragraphs[i]!, storyDate);
    if (!found) continue;
    const agency = found.dateline.agency;
    // The credit itself in brackets or between slashes, not any slash ("SYDNEY, 07/12/2026 AAP -" is a date's).
    const marked = agency !== null && (found.dateline.raw.includes('(') || found.dateline.raw.includes(`/${agency}/`) || found.dateline.raw.includes(`/ ${agency} /`));
    if (!agency || !marked || (i > 1 && !wireAgency(agency))) return null;
    let from = 0;
    for (let k = 0; k < i; k++) from = body.indexOf(paragraphs[k]!, from) + paragraphs[k]!.length;
    const start = body.indexOf(paragraphs[i]!, from);
    const rest = (found.rest + body.slice(start + paragraphs[i]!.length)).trim();
    return { teaser: paragraphs.slice(0, i).map((p) => p.trim()), dateline: found.dateline, rest };
  }
  return null;
}
