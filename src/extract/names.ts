import { canonicalAgency } from './agencies.js';

/**
 * Is this printed string a person's name? Credits and bylines mix people with agencies, desks,
 * titles ("AP Sports Writer"), staff initials ("gr/bp") and login handles ("nickel.valeria");
 * only people become bylines or photographers.
 */

/** Job titles and desk words: a byline made only of these (and agency names) names no one. */
const TITLE_WORDS = new Set([
  'writer', 'writers', 'correspondent', 'correspondents', 'editor', 'editors', 'reporter', 'reporters', 'staff',
  'sports', 'business', 'political', 'politics', 'medical', 'science', 'economics', 'economy', 'chief', 'senior',
  'special', 'bureau', 'desk', 'photographer', 'photographers', 'journalist', 'journalists', 'contributor',
  'contributors', 'columnist', 'analyst', 'associate', 'assistant', 'deputy', 'managing', 'news', 'national',
  'international', 'foreign', 'diplomatic', 'legal', 'technology', 'entertainment', 'health', 'education',
  'environment', 'energy', 'markets', 'financial', 'investigative', 'religion', 'video', 'videojournalist',
  'researcher', 'researchers', 'producer', 'producers', 'team', 'the', 'and', 'of', 'for', 'our', 'agency',
  'press', 'associated', 'aptn', 'wire', 'wires', 'service', 'services', 'online', 'newsroom', 'newsdesk',
  'redaktion', 'korrespondent', 'korrespondentin', 'korrespondenten', 'autor', 'autorin', 'mitarbeiter',
  'white', 'house', 'state', 'capitol', 'statehouse', 'global', 'food', 'travel', 'auto', 'retail', 'airlines',
  'courts', 'crime', 'weather', 'climate', 'data', 'graphics', 'multimedia', 'digital', 'visual', 'breaking',
  // The desks (Ressorts) of German-language agencies and papers: "Politik Ausland", "Politik-Inland".
  'politik', 'ausland', 'inland', 'wirtschaft', 'kultur', 'sport', 'vermischtes', 'nachrichten', 'ressort', 'panorama',
  'feuilleton', 'wissenschaft', 'regionales', 'landesdienst', 'zentralredaktion', 'dienst', 'chef', 'vom',
  // Staff titles pages print under a byline: German and Swiss "Redakteur(in)", "Redaktor(in)", Scandinavian
  // "journalist", "redaktør", French "rédacteur", "journaliste", Spanish "redactor(a)", "periodista".
  'redakteur', 'redakteurin', 'redaktor', 'redaktorin', 'redaktør', 'rédacteur', 'rédactrice', 'journaliste',
  'redactor', 'redactora', 'periodista', 'lifestyle', 'parliamentary', 'follow',
  // The newsroom that signs a story no one is named on, as other languages print "Redaktion" (Wiktionary "Redaktion",
  // translations): French "Rédaction", Spanish "Redacción", Italian "Redazione", Portuguese "Redação", Dutch "Redactie".
  'rédaction', 'redaction', 'redacción', 'redaccion', 'redazione', 'redação', 'redacao', 'redactie',
  // The same desk in more languages: Turkish "Haber Merkezi" ("news centre": hurriyet.com.tr, sozcu.com.tr, ntv.com.tr sign
  // unsigned stories so) and its "Dış Haberler Servisi" ("foreign news service"), Indonesian "Redaksi" and "Tim Redaksi"
  // (kompas.com, detik.com; "Tim" only before "Redaksi": isTitleOnly), Russian "Редакция" and Ukrainian "Редакція" (lenta.ru, pravda.com.ua), Greek "Σύνταξη" (kathimerini.gr, in.gr).
  'haber', 'haberler', 'merkezi', 'servisi', 'masası', 'dış', 'redaksi', 'редакция', 'редакція', 'σύνταξη',
  // "von unserer Redaktion", "von unseren Korrespondenten": the desk, as "our" is in English.
  'unser', 'unsere', 'unserer', 'unserem', 'unseren',
  // The accounts publishing systems sign with when no one is named ("Posted on … by admin": WordPress's first account).
  'admin', 'administrator', 'webmaster', 'guest',
]);

/** Words that make a printed name an organisation in a byline context ("Michigan State University"). */
const ORG_WORDS = new Set([
  'university', 'universität', 'universidad', 'agency', 'agence', 'agencia', 'agência', 'agenzia', 'agentur', 'agencja', 'agentura', 'агентство', 'ministry', 'newspaper', 'database', 'corporation', 'corp',
  'inc', 'ltd', 'llc', 'gmbh', 'institute', 'institut', 'foundation', 'news', 'times', 'tribune', 'gazette',
  'magazine', 'radio', 'television', 'tv', 'network', 'group', 'department', 'office', 'council', 'committee',
  'association', 'desk', 'newsdesk', 'team', 'service', 'services', 'staff', 'wire', 'media', 'online', 'daily', 'weekly', 'newsroom',
  'government', 'police', 'museum', 'archive', 'archives', 'collection', 'company', 'hospital', 'commission',
  'federation', 'embassy', 'authority', 'authorities', 'administration', 'bureau', 'reporter', 'reporters', 'correspondents', 'writers', 'nyheter', 'zeitung',
  // broadcasters in the languages they name themselves in ("Zweites Deutsches Fernsehen", "Bayerischer Rundfunk")
  'fernsehen', 'rundfunk', 'télévision', 'televisión', 'televisione', 'televisão', 'omroep', 'radiotelevisión', 'radiotelevisione',
  // Words of newspapers' names that are no surnames ("Jane Roe, Daily Telegraph", "Kansas City Star" is left: Star is a name).
  'journal', 'telegraph', 'chronicle', 'herald', 'examiner', 'inquirer', 'dispatch', 'sentinel', 'bulletin',
  // Archives, publishers and city governments as they name themselves ("Landesarchiv", "Intendencia de Montevideo").
  'archiv', 'archivo', 'arquivo', 'archivio', 'verlag', 'stiftung', 'ministerium', 'verwaltung', 'intendencia',
  'ayuntamiento', 'municipalidad', 'prefeitura', 'gemeente', 'mairie', 'comune',
]);

/** Extra words that make a credit part an organisation ("Just Stop Oil", "Syria TV", "Sipa USA"). */
const CREDIT_ORG_WORDS = new Set([
  ...ORG_WORDS, 'press', 'images', 'image', 'photo', 'photos', 'pictures', 'picture', 'foto', 'fotos', 'bild',
  'handout', 'pool', 'studio', 'studios', 'films', 'entertainment', 'records', 'courtesy', 'forces',
  // The armed services that hand out pictures ("U.S. Navy/Handout via REUTERS", "Indian Air Force via AP").
  'force', 'army', 'navy', 'guard', 'military', 'presidency', 'palace', 'kremlin', 'usa', 'uk', 'channel', 'nasa', 'stock', 'agencies', 'features',
  'syndication', 'editorial', 'commons', 'wikimedia', 'wikipedia', 'source', 'unknown', 'anonymous', 'social',
  'twitter', 'facebook', 'instagram', 'youtube', 'telegram', 'reuters', 'afp', 'dpa', 'getty', 'epa', 'ap',
  // Sports clubs that hand out pictures ("Handout/Example City FC via Reuters", "Photo by Jo Kim/Example FC via Getty Images").
  'fc', 'afc', 'cf', 'club',
]);

/** Name particles printed in lower case inside names ("Ursula von der Leyen", "Bashar al-Assad"). */
const PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'del', 'della', 'di', 'van', 'von', 'der', 'den', 'la', 'le', 'du', 'bin', 'bint', 'al', 'el', 'ter', 'ten', 'zu', 'y', 'e', 'af', 'av']);

/** A word that may be a particle of a name ("di", "von", "af"): it may open a name too ("Di Maio", "Von Trapp"). */
export function isNameParticle(word: string): boolean {
  return PARTICLES.has(word.toLowerCase());
}

const TOKEN = /^[\p{L}][\p{L}\p{M}'’.-]*$/u;

/** A personal name in a script without capitals: two to four Han characters or Hangul syllables. */
const CASELESS_NAME = /^(?:\p{Script=Han}{2,4}|\p{Script=Hangul}{2,4})$/u;

/** A letter with case (Latin, Greek, Cyrillic, Armenian …): text without one is in a caseless script. */
const CASED_LETTER = /[\p{Lu}\p{Ll}]/u;
/** A word of a caseless name: letters and marks, apostrophe or geresh, hyphen, zero-width (non-)joiner (U+200C, U+200D). */
const CASELESS_WORD = /^[\p{L}\p{M}](?:[\p{L}\p{M}'’׳-]|\u200c|\u200d)*$/u;
/** Sentence-final stops of the caseless scripts and Latin: full stop, "।" (Devanagari), "。", "؟", "!", "?". */
const SENTENCE_STOP = /[.!?。！？।؟]$/u;

/**
 * A name printed in a script without case (Arabic, Hebrew, Devanagari, Thai, Han): no capital tells
 * a name from a phrase there, so only its shape does: two to five words of letters and marks, forty
 * characters at most, no sentence-final stop ("लेखक: यह लेख … था।" is a sentence). True for text
 * with cased letters, which looksLikePersonName judges.
 */
export function isCaselessNameShape(s: string): boolean {
  const t = s.trim();
  if (CASED_LETTER.test(t)) return true;
  const ws = words(t);
  // Inside a word: apostrophe and geresh (Hebrew "ג'ון"), hyphen, and the zero-width (non-)joiner of Persian names.
  return ws.length >= 2 && ws.length <= 5 && t.length <= 40 && !SENTENCE_STOP.test(t) && ws.every((w) => CASELESS_WORD.test(w));
}

function words(s: string): string[] {
  return s.trim().split(/\s+/).filter(Boolean);
}

/** A word that is an e-mail address, bracketed or not ("<jo@example.com>", "mailto:jo@example.com,"). */
const EMAIL_WORD = /^[<([]?(?:mailto:)?[^\s<>()@,;]+@[^\s<>()@,;]+\.[a-z]{2,}[>)\]]?[,;.]?$/i;

/** A Korean name (two to four syllables) and the title after it: reporter (기자), correspondent (특파원). */
export const KOREAN_SIGNED = /^(\p{Script=Hangul}{2,4})\s*(?:기자|특파원)$/u;

/** Removes e-mail addresses, URLs and telephone numbers (bylines and contact lines carry them). */
export function stripContactDetails(s: string): string {
  // E-mail addresses are found word by word: a pattern over the whole text would try every
  // start of a long run without "@" to its end (quadratic on hostile input).
  return s
    .split(/(\s+)/)
    .map((w) => (w.includes('@') && EMAIL_WORD.test(w) ? ' ' : w))
    .join('')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/(?:\+|\b00)\d[\d\s()./-]{6,}\d/g, ' ')
    .replace(/\((?:\s|,)*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word is a title, desk word or agency spelling ("AP Sports Writer", "dpa correspondents"). */
export function isTitleOnly(s: string): boolean {
  const ws = words(s.replace(/[,.;:()]/g, ' ').replace(/(?<=\p{L})-(?=\p{L})/gu, ' '));
  if (ws.length === 0) return true;
  // Indonesian "Tim Redaksi" ("the editorial team"): "Tim" is a desk word only there ("Tim White" is a name).
  return ws.every((w, i) => TITLE_WORDS.has(w.toLowerCase()) || canonicalAgency(w) !== null || (/^tim$/i.test(w) && ws[i + 1]?.toLowerCase() === 'redaksi'));
}

/** The words that end a job title: "Environment editor", "AP Sports Writer", "Washington bureau chief". */
const JOB_NOUNS = new Set([
  'writer', 'editor', 'correspondent', 'reporter', 'columnist', 'photographer', 'journalist', 'producer', 'analyst', 'chief',
  'videojournalist', 'redakteur', 'redakteurin', 'redaktor', 'redaktorin', 'korrespondent', 'korrespondentin',
  // "Opinion Contributor": a title after the name, as AP's "AP Sports Writer" (AP Media API, "About bylines").
  'contributor',
]);

/**
 * A job title of its own: up to six words that end in a job noun, whatever beat or place opens it
 * ("Transport Correspondent", "AP Aerospace Writer", "Associated Press Writer", "AP Special
 * Correspondents"; "correspondant à Berlin" is not one). Set off by a comma after a name, or as
 * the line under a by-line, it is that name's title (AP Stylebook, "bylines": the title follows
 * the name on its own line or after a comma).
 */
export function isJobTitle(s: string): boolean {
  // "Editor-at-Large", "Editor in Chief": a job noun with the post-modifier English titles take.
  const ws = words(s.replace(/(?:\s+|-)(?:at(?:\s+|-)large|in(?:\s+|-)chief)$/iu, ''));
  const last = (ws[ws.length - 1] ?? '').toLowerCase();
  return ws.length > 0 && ws.length <= 6 && ws.every((w) => /^[\p{L}][\p{L}.'’-]*$/u.test(w)) && (JOB_NOUNS.has(last) || JOB_NOUNS.has(last.replace(/s$/, '')));
}

/**
 * Academic and professional letters after a name ("Jo Kim, MA", "Ana Ruiz, MS, RD", "Lee Park,
 * Ph.D."): the AP Stylebook ("academic degrees") sets them off by commas after the full name, and
 * health publishers sign so. They belong to the name before them; they are no affiliation and no
 * person. ("PA" is left out: it is the Press Association's name as often.)
 */
const POST_NOMINALS = new Set([
  'BA', 'BS', 'BSC', 'MA', 'MS', 'MSC', 'MBA', 'MPH', 'MFA', 'MPHIL', 'PHD', 'DPHIL', 'MD', 'DO', 'JD', 'LLB', 'LLM', 'EDD',
  'PSYD', 'PHARMD', 'DDS', 'DMD', 'DVM', 'MBBS', 'RN', 'BSN', 'MSN', 'NP', 'APRN', 'DNP', 'RD', 'RDN', 'LD', 'CDE', 'LCSW',
  'FACP', 'FACC', 'FACS', 'FAAP', 'FRCP', 'MRCP', 'CFA', 'CPA',
]);

export function isPostNominal(s: string): boolean {
  const ws = s.split(/[\s,]+/).filter(Boolean);
  return ws.length > 0 && ws.length <= 4 && ws.every((w) => /^[\p{L}.]{2,8}$/u.test(w) && POST_NOMINALS.has(w.replace(/\./g, '').toUpperCase()));
}

/**
 * A person's name with their title run on after it, its comma or line break lost: "Damian
 * Carrington Environment editor", "Jason Burke Africa correspondent" (the Guardian's feeds),
 * "JOSH BOAK AP Economics Writer" (AP's byline and title lines run together). Null unless the
 * last word is a job noun and what comes before the title is a person's name of two words or more.
 * - A job noun in lower case sets the title off by case: the title is the lower-case words that
 *   end the string and the one capitalised word that opens them ("Africa correspondent", "World
 *   affairs editor"), whatever that word is, a beat or a place.
 * - A capitalised job noun ("AP Sports Writer") needs two title words or more, each a title word
 *   or an agency; the longest such title wins.
 */
export function splitTrailingTitle(s: string): { name: string; title: string } | null {
  const ws = s.trim().split(/\s+/);
  const last = ws[ws.length - 1]!;
  if (ws.length < 3 || !JOB_NOUNS.has(last.toLowerCase())) return null;
  const split = (k: number): { name: string; title: string } | null => {
    const name = ws.slice(0, -k).join(' ');
    return ws.length - k >= 2 && looksLikePersonName(name) ? { name, title: ws.slice(-k).join(' ') } : null;
  };
  if (/^[\p{Ll}]/u.test(last)) {
    let k = 1;
    while (k < ws.length && /^[\p{Ll}]/u.test(ws[ws.length - k - 1]!)) k++;
    return split(k + 1) ?? split(k);
  }
  // Two title words at least: a lone capitalised "Writer" or "Chief" may be a surname.
  for (let k = Math.min(4, ws.length - 2); k >= 2; k--) {
    if (isTitleOnly(ws.slice(-k).join(' '))) {
      const found = split(k);
      if (found) return found;
    }
  }
  return null;
}

/** An organisation named in a byline or affiliation: known agency, "The ..." name, org word, web domain. */
export function isOrganisation(s: string, context: 'byline' | 'credit' = 'byline'): boolean {
  const t = s.trim();
  if (!t) return false;
  if (canonicalAgency(t)) return true;
  if (/^the\s/i.test(t)) return true;
  if (/\.(?:com|org|net|no|de|fr|uk|it|es|se|dk|fi|info|io)\b/i.test(t)) return true;
  const orgWords = context === 'credit' ? CREDIT_ORG_WORDS : ORG_WORDS;
  return words(t).some((w) => {
    const lw = w.toLowerCase().replace(/[.,]$/, '');
    return orgWords.has(lw) || isOrganisationCompound(lw, orgWords);
  });
}

/**
 * A closed compound whose last element is an organisation word ("Stadtarchiv", "Landesmuseum"):
 * the head of a German determinative compound is its last element (Duden, Die Grammatik,
 * Determinativkomposita). Elements of six letters or more after at least three, so that no
 * surname ends in one by chance.
 */
function isOrganisationCompound(lw: string, orgWords: ReadonlySet<string>): boolean {
  if (lw.length < 9 || lw.length > 40) return false;
  for (let cut = 3; cut <= lw.length - 6; cut++) if (orgWords.has(lw.slice(cut))) return true;
  return false;
}

/**
 * A person's name as printed: one to five name words (capitalised, or all capitals as agencies
 * print bylines), particles allowed inside, no digits, no desk or organisation words.
 * Single words pass only with `allowSingle` and when they cannot be initials or a handle.
 */
export function looksLikePersonName(s: string, opts: { allowSingle?: boolean; context?: 'byline' | 'credit' } = {}): boolean {
  const t = s.trim();
  if (!t || /[\d@_#&+=|<>/\\]/.test(t)) return false;
  const ws = words(t);
  if (ws.length === 0 || ws.length > 5) return false;
  if (!ws.every((w) => TOKEN.test(w))) return false;
  // A word of three or more capitals without a vowel is an acronym, a broadcaster or a desk ("MDR THÜRINGEN", "BBC", "RTL"), no name.
  if (ws.some((w) => /^[B-DF-HJ-NP-TV-XZ]{3,}$/.test(w))) return false;
  if (isTitleOnly(t) || isOrganisation(t, opts.context ?? 'byline')) return false;
  // Han and Hangul have no capitals: a Chinese or Korean personal name is one word of two to four
  // characters (a one- or two-character surname and a one- or two-character given name). Only in
  // a byline, where the label says a name follows; a credit's caseless words may be an agency.
  if (CASELESS_NAME.test(t)) return (opts.context ?? 'byline') === 'byline' && opts.allowSingle === true;
  const capital = (w: string): boolean => /^[\p{Lu}]/u.test(w) || /^(?:al|el|bin|de|d|o)[-'’][\p{Lu}]/u.test(w);
  const last = ws[ws.length - 1]!;
  if (!capital(last)) return false;
  // Every word after the first is capitalised or a particle ("john Doe" is a lower-cased first name, as printed).
  if (!ws.slice(1).every((w) => capital(w) || PARTICLES.has(w.toLowerCase()))) return false;
  if (ws.length === 1) {
    if (!opts.allowSingle) return false;
    const w = ws[0]!;
    if (w.length < 3 || w.includes('.')) return false;
    if (w.length <= 4 && w === w.toUpperCase()) return false; // initials or a desk code
    // CamelCase single words are brands ("DopingWatch"), apart from Mc/Mac/O' names.
    if (/[\p{Ll}][\p{Lu}]/u.test(w) && !/^(?:Mc|Mac|O'|D'|De|Di|La|Le)[\p{Lu}]/u.test(w)) return false;
  }
  return true;
}

/**
 * "And" between two names, in the languages bylines list people in: and, &, und, et, och, og, ja,
 * en (nl), Hungarian "és", "и" (ru, uk, bg, sr), and the one-letter y (es), e (it, pt), i (pl, hr,
 * ca), a (cs, sk).
 */
const CONJUNCTION = /^(?:and|&|und|et|och|og|ja|en|és|и)$/iu;
const ONE_LETTER_CONJUNCTION = /^[eyai]$/;

/**
 * Whether word `k` of `ws` joins two names. A one-letter "and" is one only between two names of two
 * words or more each: a letter alone is more often a middle initial printed without its point
 * ("Jane E Doe"), a particle ("José Ortega y Gasset") or, in other languages, "in" and "at"
 * (Scandinavian "Kari Lund i Oslo", Italian "a Roma"), before a place of one word; a place of
 * two ("i New York") is a region, no name.
 */
function isConjunctionAt(ws: string[], k: number, wordsBefore: number): boolean {
  const w = ws[k]!;
  if (CONJUNCTION.test(w)) return true;
  if (!ONE_LETTER_CONJUNCTION.test(w.toLowerCase()) || wordsBefore < 2) return false;
  let after = k + 1;
  while (after < ws.length && !CONJUNCTION.test(ws[after]!) && !ONE_LETTER_CONJUNCTION.test(ws[after]!.toLowerCase())) after++;
  return after - k - 1 >= 2 && !MULTIWORD_REGIONS.has(ws.slice(k + 1, after).join(' ').toLowerCase());
}

/** Splits "A, B and C" / "A & B" / "A und B" / "A és B" / "甲、乙" into items (commas, the ideographic enumeration comma, conjunctions). */
export function splitNameList(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(/[,;、，；]/)) {
    const ws = part.trim().split(/\s+/).filter(Boolean);
    let item: string[] = [];
    for (let k = 0; k < ws.length; k++) {
      // A conjunction after the comma ("A, B, and C": the serial comma) goes with it.
      if (isConjunctionAt(ws, k, item.length)) {
        if (item.length) out.push(item.join(' '));
        item = [];
      } else item.push(ws[k]!);
    }
    if (item.length) out.push(item.join(' '));
  }
  return out;
}

/**
 * Regions and countries whose names are two or three words, printed after a city in a located
 * byline ("Mitch Weiss in Greenville, South Carolina"): the US states and Canadian provinces as
 * the AP Stylebook spells them out, and countries.
 */
export const MULTIWORD_REGIONS = new Set([
  'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'south carolina', 'south dakota',
  'rhode island', 'west virginia', 'british columbia', 'new brunswick', 'nova scotia', 'prince edward island', 'northwest territories',
  'newfoundland and labrador', 'united states', 'united kingdom', 'united arab emirates', 'south africa', 'south korea', 'north korea',
  'south sudan', 'new zealand', 'saudi arabia', 'sri lanka', 'costa rica', 'el salvador', 'hong kong', 'sierra leone', 'burkina faso',
  'ivory coast', 'czech republic', 'dominican republic', 'puerto rico', 'papua new guinea', 'bosnia and herzegovina', 'north macedonia',
  'east timor', 'cape verde', 'san marino', 'vatican city', 'new south wales', 'western australia', 'northern ireland', 'northern territory',
]);

/** "Albert Otti in Vienna" -> name "Albert Otti", location "Vienna". */
export function splitLocation(s: string): { name: string; location: string | null } {
  // "in Tel Aviv", "in JAKARTA/SURABAYA" (two places at once, as Reuters trailers print them); Norwegian,
  // Swedish and Danish "i" ("Kari Lund i Oslo"; a Polish "i" between two full names is "and": splitNameList).
  // Each place word is taken whole, never given back ("(?=(…))\3", an atomic group): a word may hold hyphens and
  // hyphens part words, so giving back tried every split of "A-B-C-…", exponential in the hyphens. It gives
  // the same readings, as a word given back at a hyphen ends where the whole word does.
  const m = /^(.+?)\s+(?:in|at|from|i)\s+((?=([\p{Lu}][\p{L}.'’-]*))\3(?:(?:[\s-]+|\s?\/\s?)(?:(?=([\p{Lu}][\p{L}.'’-]*))\4|de|del|la|le|am|upon|on|sur))*)\.?$/u.exec(s.trim());
  if (!m) return { name: s.trim(), location: null };
  return { name: m[1]!.trim(), location: m[2]!.trim() };
}
