/**
 * The one calendar of wiredesk: month and weekday names in the languages wires, feeds and pages
 * print dates in, and the time zones providers state their zone-less times in. Datelines
 * (src/extract/dateline.ts), wire trailers (src/formats/wire-framing.ts), date strings
 * (src/text/dates.ts), feed dates (src/formats/feed/dates.ts) and the page's date lines
 * (src/html/main-text-lines.ts) all read their names here.
 *
 * Names are looked up case-insensitively with accents folded ("Févr." = "fevr", "März" = "marz"),
 * with or without a closing full stop.
 */

/** Month names and their abbreviations, by language (the forms agencies' style guides print). */
const MONTH_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  // English, French, German, Spanish, Portuguese, Italian, Dutch, Danish/Norwegian/Swedish,
  // Finnish (with partitive -ta), and the genitive forms Polish, Czech and Slovak dates print ("21 stycznia", "21. ledna"),
  // and Russian and Ukrainian dates print ("21 января", "21 січня"), and the Russian abbreviations
  // (CLDR's "июн.", "сент."; RIA Novosti's datelines "МОСКВА, 5 июн"); Turkish; from Unicode CLDR's
  // month names, Lithuanian and Croatian (nominative and the genitive dates print: "birželio 5 d.",
  // "5. lipnja"), Latvian (and the locative: "5. jūnijā"), Hungarian, Romanian, Slovenian, Serbian
  // (Latin), Greek (and the genitive), Bulgarian, Icelandic, Catalan, Indonesian and Malay; Arabic
  // in CLDR's three sets of names (Egypt and the Gulf "يونيو", the Levant and Iraq "حزيران", the
  // Maghreb "جوان"/"غشت"), Hebrew (and with "ב", "in": "5 ביוני 2024"), Hindi, and Persian's
  // names of the Gregorian months. From CLDR too: Estonian ("5. jaanuar", abbreviations "jaan", "veebr",
  // "dets"), Serbian in Cyrillic (nominative and genitive: "5. јануара"), Macedonian, Albanian, Georgian and
  // the Romanian abbreviations ("5 ian."); Slovenian's genitive "januarja", "februarja" (Slovenski pravopis
  // allows both cases after the ordinal day: "7. marca", "8. marec"); Vietnamese names its months by number
  // (CLDR vi: "tháng 1", dates "ngày 5 tháng 1 năm 2024"); Thai's names and dotted abbreviations ("5 ม.ค. 2567").
  [1, ['jan', 'january', 'janv', 'janvier', 'januar', 'jän', 'jänner', 'ene', 'enero', 'janeiro', 'gen', 'gennaio', 'januari', 'tammikuu', 'tammikuuta', 'stycznia', 'ledna', 'januára', 'января', 'січня', 'ocak', 'sausio', 'sausis', 'janvāris', 'janvārī', 'január', 'ianuarie', 'siječnja', 'siječanj', 'ιανουαρίου', 'ιανουάριος', 'януари', 'janúar', 'gener', 'يناير', 'جانفي', 'كانون الثاني', 'ינואר', 'בינואר', 'जनवरी', 'ژانویه', 'янв', 'jaanuar', 'jaan', 'januarja', 'ian', 'јануар', 'јануара', 'јануари', 'janar', 'იანვარი', 'tháng 1', 'มกราคม', 'ม.ค.']],
  [2, ['feb', 'february', 'févr', 'fév', 'février', 'februar', 'febrero', 'fev', 'fevereiro', 'febbraio', 'februari', 'helmikuu', 'helmikuuta', 'lutego', 'února', 'februára', 'февраля', 'лютого', 'şubat', 'vasario', 'vasaris', 'februāris', 'februārī', 'február', 'februarie', 'veljače', 'veljača', 'φεβρουαρίου', 'φεβρουάριος', 'февруари', 'febrúar', 'febrer', 'فبراير', 'فيفري', 'شباط', 'פברואר', 'בפברואר', 'फ़रवरी', 'फरवरी', 'فوریه', 'фев', 'февр', 'veebruar', 'veebr', 'februarja', 'фебруар', 'фебруара', 'февруари', 'shkurt', 'თებერვალი', 'tháng 2', 'กุมภาพันธ์', 'ก.พ.']],
  [3, ['mar', 'march', 'mars', 'märz', 'mär', 'mrz', 'maerz', 'marzo', 'março', 'maart', 'mrt', 'marts', 'mars', 'maaliskuu', 'maaliskuuta', 'marca', 'března', 'марта', 'березня', 'mart', 'kovo', 'kovas', 'martā', 'március', 'martie', 'ožujka', 'ožujak', 'marec', 'μαρτίου', 'μάρτιος', 'март', 'març', 'maret', 'مارس', 'آذار', 'מרץ', 'במרץ', 'मार्च', 'мар', 'märts', 'მარტი', 'tháng 3', 'มีนาคม', 'มี.ค.']],
  [4, ['apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile', 'huhtikuu', 'huhtikuuta', 'kwietnia', 'dubna', 'apríla', 'апреля', 'квітня', 'nisan', 'balandžio', 'balandis', 'aprīlis', 'aprīlī', 'április', 'aprilie', 'travnja', 'travanj', 'aprila', 'απριλίου', 'απρίλιος', 'април', 'apríl', 'أبريل', 'إبريل', 'أفريل', 'نيسان', 'אפריל', 'באפריל', 'अप्रैल', 'آوریل', 'апр', 'aprill', 'априла', 'prill', 'აპრილი', 'tháng 4', 'เมษายน', 'เม.ย.']],
  [5, ['may', 'mai', 'mayo', 'maio', 'mag', 'maggio', 'mei', 'maj', 'toukokuu', 'toukokuuta', 'maja', 'května', 'mája', 'мая', 'травня', 'mayıs', 'gegužės', 'gegužė', 'maijs', 'maijā', 'május', 'svibnja', 'svibanj', 'μαΐου', 'μάιος', 'май', 'maí', 'maig', 'مايو', 'ماي', 'أيار', 'מאי', 'במאי', 'मई', 'мај', 'маја', 'მაისი', 'tháng 5', 'พฤษภาคม', 'พ.ค.']],
  [6, ['jun', 'june', 'juin', 'juni', 'junio', 'junho', 'giu', 'giugno', 'kesäkuu', 'kesäkuuta', 'czerwca', 'června', 'júna', 'июня', 'червня', 'haziran', 'birželio', 'birželis', 'jūnijs', 'jūnijā', 'június', 'iunie', 'lipnja', 'lipanj', 'junij', 'junija', 'ιουνίου', 'ιούνιος', 'юни', 'júní', 'juny', 'يونيو', 'جوان', 'حزيران', 'יוני', 'ביוני', 'जून', 'ژوئن', 'июн', 'juuni', 'iun', 'јун', 'јуна', 'јуни', 'qershor', 'ივნისი', 'tháng 6', 'มิถุนายน', 'มิ.ย.']],
  [7, ['jul', 'july', 'juil', 'juillet', 'juli', 'julio', 'julho', 'lug', 'luglio', 'heinäkuu', 'heinäkuuta', 'lipca', 'července', 'júla', 'июля', 'липня', 'temmuz', 'liepos', 'liepa', 'jūlijs', 'jūlijā', 'július', 'iulie', 'srpnja', 'srpanj', 'julij', 'julija', 'ιουλίου', 'ιούλιος', 'юли', 'júlí', 'juliol', 'julai', 'يوليو', 'يوليوز', 'جويلية', 'تموز', 'יולי', 'ביולי', 'जुलाई', 'ژوئیه', 'июл', 'juuli', 'iul', 'јул', 'јула', 'јули', 'korrik', 'ივლისი', 'tháng 7', 'กรกฎาคม', 'ก.ค.']],
  [8, ['aug', 'august', 'août', 'augustus', 'augusti', 'ago', 'agosto', 'elokuu', 'elokuuta', 'sierpnia', 'srpna', 'augusta', 'августа', 'серпня', 'ağustos', 'ágúst', 'rugpjūčio', 'rugpjūtis', 'augusts', 'augustā', 'augusztus', 'kolovoza', 'kolovoz', 'avgust', 'avgusta', 'αυγούστου', 'αύγουστος', 'agost', 'agustus', 'ogos', 'أغسطس', 'غشت', 'أوت', 'آب', 'אוגוסט', 'באוגוסט', 'अगस्त', 'авг', 'август', 'gusht', 'აგვისტო', 'tháng 8', 'สิงหาคม', 'ส.ค.']],
  [9, ['sep', 'sept', 'september', 'septembre', 'septiembre', 'setiembre', 'set', 'setembro', 'settembre', 'syyskuu', 'syyskuuta', 'września', 'září', 'septembra', 'сентября', 'вересня', 'eylül', 'rugsėjo', 'rugsėjis', 'septembris', 'septembrī', 'szeptember', 'septembrie', 'rujna', 'rujan', 'septembar', 'σεπτεμβρίου', 'σεπτέμβριος', 'септември', 'setembre', 'سبتمبر', 'شتنبر', 'أيلول', 'ספטמבר', 'בספטמבר', 'सितंबर', 'सितम्बर', 'سپتامبر', 'сен', 'сент', 'септембар', 'септембра', 'shtator', 'სექტემბერი', 'tháng 9', 'กันยายน', 'ก.ย.']],
  [10, ['oct', 'october', 'octobre', 'oktober', 'okt', 'octubre', 'out', 'outubro', 'ott', 'ottobre', 'lokakuu', 'lokakuuta', 'października', 'října', 'októbra', 'октября', 'жовтня', 'ekim', 'spalio', 'spalis', 'oktobris', 'oktobrī', 'október', 'octombrie', 'oktobar', 'οκτωβρίου', 'οκτώβριος', 'октомври', 'október', 'أكتوبر', 'تشرين الأول', 'אוקטובר', 'באוקטובר', 'अक्टूबर', 'अक्तूबर', 'اکتبر', 'окт', 'oktoober', 'октобар', 'октобра', 'tetor', 'ოქტომბერი', 'tháng 10', 'ตุลาคม', 'ต.ค.']],
  [11, ['nov', 'november', 'novembre', 'noviembre', 'novembro', 'marraskuu', 'marraskuuta', 'listopada', 'listopadu', 'novembra', 'ноября', 'листопада', 'kasım', 'lapkričio', 'lapkritis', 'novembris', 'novembrī', 'noiembrie', 'studenoga', 'studeni', 'novembar', 'νοεμβρίου', 'νοέμβριος', 'ноември', 'nóvember', 'نوفمبر', 'نونبر', 'تشرين الثاني', 'נובמבר', 'בנובמבר', 'नवंबर', 'नवम्बर', 'نوامبر', 'ноя', 'нояб', 'новембар', 'новембра', 'nëntor', 'ნოემბერი', 'tháng 11', 'พฤศจิกายน', 'พ.ย.']],
  [12, ['dec', 'december', 'déc', 'décembre', 'dez', 'dezember', 'dic', 'diciembre', 'dezembro', 'dicembre', 'desember', 'joulukuu', 'joulukuuta', 'grudnia', 'prosince', 'decembra', 'декабря', 'грудня', 'aralık', 'gruodžio', 'gruodis', 'decembris', 'decembrī', 'decembrie', 'prosinca', 'prosinac', 'decembar', 'δεκεμβρίου', 'δεκέμβριος', 'декември', 'desembre', 'disember', 'ديسمبر', 'دجنبر', 'كانون الأول', 'דצמבר', 'בדצמבר', 'दिसंबर', 'दिसम्बर', 'دسامبر', 'дек', 'detsember', 'dets', 'децембар', 'децембра', 'dhjetor', 'დეკემბერი', 'tháng 12', 'ธันวาคม', 'ธ.ค.']],
];

/**
 * Weekday names (0 = Sunday) and the English abbreviations; Hungarian's from CLDR (MTI's datelines
 * print the weekday after the date: "Budapest, 2024. június 5., szerda (MTI)"). Two- and three-letter abbreviations of
 * other languages ("Mo", "Sam", "Dom") are names and words too, so they are left out.
 */
const WEEKDAY_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['sunday', 'sun', 'sonntag', 'dimanche', 'domingo', 'domenica', 'zondag', 'søndag', 'söndag', 'sunnuntai', 'vasárnap']],
  [1, ['monday', 'mon', 'montag', 'lundi', 'lunes', 'segunda-feira', 'lunedì', 'maandag', 'mandag', 'måndag', 'maanantai', 'hétfő']],
  [2, ['tuesday', 'tue', 'tues', 'dienstag', 'mardi', 'martes', 'terça-feira', 'martedì', 'dinsdag', 'tirsdag', 'tisdag', 'tiistai', 'kedd']],
  [3, ['wednesday', 'wed', 'mittwoch', 'mercredi', 'miércoles', 'quarta-feira', 'mercoledì', 'woensdag', 'onsdag', 'keskiviikko', 'szerda']],
  [4, ['thursday', 'thu', 'thur', 'thurs', 'donnerstag', 'jeudi', 'jueves', 'quinta-feira', 'giovedì', 'donderdag', 'torsdag', 'torstai', 'csütörtök']],
  [5, ['friday', 'fri', 'freitag', 'vendredi', 'viernes', 'sexta-feira', 'venerdì', 'vrijdag', 'fredag', 'perjantai', 'péntek']],
  [6, ['saturday', 'sat', 'samstag', 'samedi', 'sábado', 'sabato', 'zaterdag', 'lørdag', 'lördag', 'lauantai', 'szombat']],
];

/**
 * Lower case, accents folded (Turkish dotless ı as i), a closing full stop dropped: "Févr." -> "fevr".
 * Thai vowel signs are letters of the word, not accents ("มี.ค." March is not "ม.ค." January).
 */
export function foldName(word: string): string {
  return word.trim().replace(/\.$/, '').toLowerCase().normalize('NFD').replace(/(?![\u0E00-\u0E7F])\p{M}/gu, '').replace(/ø/g, 'o').replace(/ı/g, 'i');
}

const MONTHS = new Map<string, number>();
for (const [n, names] of MONTH_NAMES) for (const name of names) MONTHS.set(foldName(name), n);
const WEEKDAYS = new Map<string, number>();
for (const [n, names] of WEEKDAY_NAMES) for (const name of names) WEEKDAYS.set(foldName(name), n);

/** A month name or abbreviation in any language of the table as 1..12, or null. */
export function monthNumber(word: string | null | undefined): number | null {
  if (!word) return null;
  const n = MONTHS.get(foldName(word));
  if (n !== undefined) return n;
  // "آب/أغسطس": Arabic pages print the month in two sets of names at once; the names agree.
  const parts = word.split('/');
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => MONTHS.get(foldName(p)));
  return a !== undefined && (b === undefined || b === a) ? a : b ?? null;
}

/** Arabic-Indic, Persian and Devanagari digits as ASCII digits, one for one ("٢٠٢٤" -> "2024"). */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c - (c >= 0x0966 ? 0x0966 : c >= 0x06f0 ? 0x06f0 : 0x0660));
  });
}

/** A weekday name as 0 (Sunday) .. 6, or null. */
export function weekdayNumber(word: string | null | undefined): number | null {
  if (!word) return null;
  return WEEKDAYS.get(foldName(word)) ?? null;
}

const ENGLISH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The English abbreviation of a month number ("Jan" for 1), for RFC 822 text. */
export function englishMonth(n: number): string | null {
  return ENGLISH_ABBR[n - 1] ?? null;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every spelling as printed and folded, longest first, as a regular-expression alternation. */
function alternation(table: ReadonlyArray<readonly [number, readonly string[]]>, minLength: number): string {
  const all = new Set<string>();
  for (const [, names] of table) {
    for (const name of names) {
      if (name.length < minLength) continue;
      all.add(name);
      all.add(foldName(name));
    }
  }
  return [...all].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape).join('|');
}

/** Month names as an alternation for regular expressions (use with the `i` and `u` flags). */
export const MONTH_PATTERN = alternation(MONTH_NAMES, 3);
/** Weekday names (three letters or more) as an alternation for regular expressions (`i`, `u` flags). */
export const WEEKDAY_PATTERN = alternation(WEEKDAY_NAMES, 3);

/**
 * The zone a provider states its zone-less times in. National agencies send local times without an
 * offset; the same providers' items that do carry one show the zone (STT +02:00/+03:00, AAP
 * +10:00/+11:00), and the agencies' documentation names their country's time: Ritzau (Danish
 * time), STT (Finnish time), Belga (Belgian time), NTB (Norwegian time), AAP (Sydney time), dpa
 * (German time).
 */
const PROVIDER_ZONES: ReadonlyMap<string, string> = new Map([
  ['ritzau', 'Europe/Copenhagen'],
  ['stt', 'Europe/Helsinki'],
  ['belga', 'Europe/Brussels'],
  ['ntb', 'Europe/Oslo'],
  ['aap', 'Australia/Sydney'],
  // dpa's own IPTC 7901 renderings of its digitalwires items write the transmission time without
  // a zone, in German time: "251037 Sep 24" for version_created 2024-09-25T10:37:24+02:00 (three
  // such pairs in ../shared/corpus); its English service states "GMT".
  ['dpa', 'Europe/Berlin'],
]);

/** The IANA zone a provider's zone-less times are in (by the name wiredesk reports for it), or null. */
export function providerZone(provider: string | null | undefined): string | null {
  if (!provider) return null;
  return PROVIDER_ZONES.get(provider.trim().toLowerCase()) ?? null;
}

/**
 * North American zones named by region alone, without saying standard or daylight time: "10:32 a.m.
 * ET" is the time the region keeps that day. Style guides allow ET, CT, MT and PT as such
 * catch-alls (The Episcopal Church style guide, "time zones"), and US papers print them after a clock
 * reading ("June 5, 2024, 10:32 a.m. ET", The New York Times; "10:32 am ET", The Wall Street Journal).
 */
const REGION_ZONES: ReadonlyMap<string, string> = new Map([
  ['ET', 'America/New_York'],
  ['CT', 'America/Chicago'],
  ['MT', 'America/Denver'],
  ['PT', 'America/Los_Angeles'],
]);

/** The IANA zone of a region-only zone abbreviation ("ET" -> America/New_York), or null. */
export function regionZone(abbr: string | null | undefined): string | null {
  if (!abbr) return null;
  return REGION_ZONES.get(abbr.trim().toUpperCase()) ?? null;
}

/** The fixed zones by their abbreviations, in minutes east of UTC (RFC 822's, the military letters, and those pages print). */
export const FIXED_ZONES: Readonly<Record<string, number>> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, MET: 60, MEST: 120, BST: 60, IST: 330, EET: 120, EEST: 180, WET: 0, WEST: 60, JST: 540, AEST: 600, AEDT: 660,
  MYT: 480, SGT: 480, HKT: 480, KST: 540,
  // CET and CEST by their German names (Einheiten- und Zeitgesetz section 4: "mitteleuropäische (Sommer)zeit").
  MEZ: 60, MESZ: 120,
  // The military letters as RFC 822 section 5.1 numbers them: A to I and K to M an hour to twelve west, N to Y an
  // hour to twelve east, J unused (RFC 1123 5.2.14 notes the signs are the reverse of military use; feeds follow RFC 822).
  ...Object.fromEntries([...'ABCDEFGHIKLM'].map((c, i) => [c, -60 * (i + 1)])),
  ...Object.fromEntries([...'NOPQRSTUVWXY'].map((c, i) => [c, 60 * (i + 1)])),
};

/**
 * The zone abbreviations pages print after a clock reading ("10:32 GMT", "10.32 Uhr MEZ", "10:32
 * a.m. CT", "14:00 JST"), for the readers that tell a line of a date from a line of words: the fixed
 * zones of three letters or more but those that are words of their own ("met", "west"), the regions
 * above, and AMT, which pages print but which names two zones (Armenia and Amazon time), so it has no offset.
 */
const PRINTED_ZONES = [
  ...Object.keys(FIXED_ZONES).filter((k) => k.length >= 3 && k !== 'MET' && k !== 'WEST'),
  ...REGION_ZONES.keys(),
  'AMT',
].map((k) => k.toLowerCase());

/** PRINTED_ZONES as a regular-expression alternation (lower case; match with the i flag). */
export const ZONE_ABBR_PATTERN = PRINTED_ZONES.join('|');

const ZONE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The offset in minutes of an IANA zone at an instant. */
function offsetAt(zone: string, ms: number): number {
  let f = ZONE_FORMATS.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    ZONE_FORMATS.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The offset ("+01:00") of an IANA zone for a wall-clock time in it, e.g. 2018-02-01 18:38 in
 * Europe/Copenhagen -> "+01:00". Null for an unknown zone. In the hour a clock is set back the
 * later (standard time) reading is taken.
 */
export function zoneOffset(zone: string, year: number, month: number, day: number, hour: number, minute: number): string | null {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let off: number;
  try {
    off = offsetAt(zone, wall);
    off = offsetAt(zone, wall - off * 60_000);
  } catch {
    return null;
  }
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${sign}${String(Math.trunc(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
