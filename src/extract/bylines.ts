import type { Byline, Evidence } from './types.js';
import { SOURCE_WITH, agencyListParts, canonicalAgency, wireAgency } from './agencies.js';
import { KOREAN_SIGNED, MULTIWORD_REGIONS, isCaselessNameShape, isJobTitle, isPostNominal, isOrganisation, isTitleOnly, looksLikePersonName, splitLocation, splitNameList, splitTrailingTitle, stripContactDetails } from './names.js';
import { isByWordAlone, stripByLead } from './by-lead.js';
import { READING_TIME } from './boilerplate.js';
import { trimEndOf } from '../text/clean.js';

type Role = Byline['role'];

/** Account and role words that structured author fields hold instead of a person ("admin", "webmaster"). */
const ACCOUNT_WORDS = new Set([
  'admin', 'administrator', 'webmaster', 'root', 'user', 'guest', 'anonymous', 'unknown', 'system', 'author', 'editor',
  'editorial', 'redaktion', 'redazione', 'rédaction', 'redaccion', 'redacción', 'newsdesk', 'desk', 'staff', 'team', 'none', 'null', 'n/a',
]);

/**
 * A name that an element already separated (Atom author, ninjs by, dc:creator), kept as printed
 * unless it cannot be a person: an agency, a desk or title, staff initials, a login handle.
 * A number standing as its own word is allowed ("Contributor 1": the element says it is a
 * person's name); digits inside a word are a code or a handle ("A3576", "user42").
 */
export function isPlausibleName(name: string): boolean {
  const t = name.trim();
  if (!t || t.includes('@')) return false;
  if (/\d/.test(t) && (!/^[\p{L}][\p{L}\p{M}'’.-]*(?:\s+[\p{L}][\p{L}\p{M}'’.-]*)*\s+\d{1,3}$/u.test(t))) return false;
  if (ACCOUNT_WORDS.has(t.toLowerCase())) return false;
  if (/^[\p{Ll}]+[._][\p{Ll}.]+$/u.test(t)) return false; // login handle "nickel.valeria"
  if (/[/\\|]/.test(t)) return false; // "gr/bp", "futurezone/KN"
  if (canonicalAgency(t) || isTitleOnly(t)) return false;
  if (/^the\s/i.test(t)) return false;
  return t.split(/\s+/).length <= 6;
}

function byline(name: string, role: Role, evidence: Evidence, affiliation: string | null = null, location: string | null = null): Byline {
  return { name, role, affiliation, location, evidence };
}

/**
 * Names of one list ("A in Paris, B and C") as bylines of one role. `lenient` accepts a sole
 * item that is plausible as printed ("Example editor") where a list needs person-shaped names.
 */
export function namesOfList(list: string, role: Role, evidence: Evidence, opts: { lenient?: boolean; affiliation?: string | null } = {}): Byline[] {
  const items: Array<{ name: string; location: string | null }> = [];
  for (const item of splitNameList(list).map(splitLocation)) {
    // "X in Columbus, Ohio, and Y": a lone word after a located name is the rest of that place.
    const prev = items[items.length - 1];
    if (prev?.location && item.location === null && (/^[\p{Lu}][\p{L}.]*$/u.test(item.name) || MULTIWORD_REGIONS.has(item.name.toLowerCase()))) prev.location += `, ${item.name}`;
    else items.push(item);
  }
  const out: Byline[] = [];
  for (const { name, location } of items) {
    const clean = name.replace(/^[\s_*.,:-]+|(?<![\s_*,:;=-])[\s_*,:;=-]+$/g, '').trim();
    // "홍길동 기자": a Korean name with the reporter's or correspondent's title printed after it, as Korean papers sign.
    const korean = KOREAN_SIGNED.exec(clean);
    if (korean) {
      out.push(byline(korean[1]!, role, evidence, opts.affiliation ?? null, location));
      continue;
    }
    // A by-word or label left alone ("Text", "Autor", "Words") is no one's name.
    const ok = (looksLikePersonName(clean, { allowSingle: true }) && !isByWordAlone(clean)) ||
      // A label with a colon left in ("Redactie: Jan Jansen") is no name as printed; in a caseless script the name's shape must hold.
      (opts.lenient === true && items.length === 1 && /\s/.test(clean) && !clean.includes(':') && isPlausibleName(clean) && !isOrganisation(clean) && isCaselessNameShape(clean));
    if (ok) out.push(byline(clean, role, evidence, opts.affiliation ?? null, location));
  }
  // "A, B and C in Beirut": one place after the last name is where all of them reported from.
  const last = out[out.length - 1];
  if (out.length > 1 && last?.location && out.slice(0, -1).every((b) => b.location === null)) {
    for (const b of out) b.location = last.location;
  }
  return out;
}

/**
 * A printed byline ("By X and Y", "By BERNARD CONDON, AP Business Writer", "Von X, dpa",
 * "X / Faktisk.no", "Name (name@example.com)") as bylines: names as printed, titles and
 * organisations after a comma or slash as the affiliation, e-mails and phone numbers dropped,
 * "in Place" as the location. Agencies, desks and staff initials yield nothing.
 */
/**
 * A writer's post printed before the name, in the languages whose papers set it so: an optional
 * "our" ("unserem", "notre", "nuestro", "il nostro") or an agency joined by a hyphen ("dpa-"), the
 * post ("Korrespondent", "Redakteurin", "correspondant", "envoyé spécial", "corresponsal", "inviato")
 * and an optional place ("à Berlin,"), before a capitalised name. No i flag: \p{Lu} must stay capitals.
 */
const TITLE_FIRST = new RegExp(
  String.raw`^(?:(?:[Uu]nser(?:e[mnrs]?)?|[Nn]otre|[Nn]os|[Nn]uestr[oa]s?|(?:[Ii]l |[Ll]a )?[Nn]ostr[oa])\s+)?(?:(\p{L}{2,12})-)?` +
    String.raw`(?:[Kk]orrespondent(?:in|en|innen)?|KORRESPONDENT(?:IN)?|[Rr]edakteur(?:in|en)?|[Cc]orrespondante?s?|[Ee]nvoyée?\s[Ss]péciale?|[Cc]orresponsal(?:es)?|[Ee]nviad[oa]\s[Ee]special|[Ii]nviat[oa](?:\s[Ss]peciale)?|[Cc]orrispondente)` +
    String.raw`\s+(?:(?:à|in|en|a|aus)\s\p{Lu}[\p{L}-]{1,30},?\s+)?(?=\p{Lu})`,
  'u',
);

/** "／台北報導", "／綜合報導" closing Han names: where the reporter reports from, or "combined reports". */
const HAN_REPORTING_FROM = /(?<=\p{Script=Han})\s*[/／]\s*\p{Script=Han}{1,8}(?:報導|报道)\s*$/u;

export function parseByline(raw: string, role: Role, evidence: Evidence): Byline[] {
  let text = trimEndOf(stripContactDetails(raw), ' \t\n\r\u00a0=|').replace(/^\s*[-–—•]\s*/, '');
  const credit = sourceCredit(withoutStampTrailer(stripByLead(text)));
  // "王小明／台北報導": the Taiwanese papers' "reporting from Taipei" after the names is no name (HAN_LEAD in by-lead.ts).
  text = credit.text.replace(HAN_REPORTING_FROM, '');
  if (!text) return [];
  // "Von unserem Korrespondenten Jonas Keller", "Par notre correspondant à Berlin, Jean Roux",
  // "Von dpa-Korrespondentin Mareike Janssen": the writer's post printed before the name is no part of it.
  const post = TITLE_FIRST.exec(text);
  const titleAgency = post && looksLikePersonName(splitNameList(text.slice(post[0].length))[0] ?? '') ? post : null;
  if (titleAgency) text = text.slice(titleAgency[0].length);
  // "Additional reporting by Jo Kim", "Compiled by Jo Kim; Editing by Ana Ruiz": a byline made of
  // role phrases names each person in the role printed (the Reuters trailer form parseRolePhrases
  // reads). A desk label ("Redactie: …") left in stays no name, as the callers that read labels expect.
  const phrases = ROLE_BY.test(text) && rolePhrase(text) ? parseRolePhrases(text, () => evidence) : null;
  if (phrases) return phrases;
  // "By Jo Kim. Photos by Ana Ruiz": role phrases after the byline name their own people.
  const tail = ROLE_TAIL.exec(text);
  const tailed = tail && tail.index > 0 ? parseRolePhrases(text.slice(tail.index + tail[0].length), () => evidence) : null;
  if (tail && tailed) return [...parseByline(text.slice(0, tail.index), role, evidence), ...tailed];
  // "Text: Jo Kim, Fotos: Ana Ruiz", "Texte : A ; photos : B": the pictures' label after the names opens the photographers.
  const photos = PHOTO_TAIL.exec(text);
  if (photos && photos.index > 0 && role !== 'photographer') {
    return [...parseByline(text.slice(0, photos.index), role, evidence), ...parseByline(text.slice(photos.index + photos[0].length), 'photographer', evidence)];
  }
  // "by Jo Kim with Ana Ruiz in Paris", "By Jo Kim, with Ana Ruiz in Geneva": AFP's English desk signs
  // a story written with a colleague elsewhere so; "with" between two names lists them both.
  text = joinWithNames(text);
  // "Geir Molnes / Faktisk.no", "A3576/_Maurizio Gambarini": slash parts are names, codes or organisations.
  const slashParts = text.split(/\s*\/\s*/).map((p) => p.replace(/^_+/, '').trim()).filter(Boolean);
  let affiliation: string | null = titleAgency?.[1] ? (canonicalAgency(titleAgency[1]) ?? null) : null;
  if (slashParts.length > 1) {
    const people = slashParts.filter((p) => !/\d/.test(p) && looksLikePersonName(p));
    if (people.length === 0) return [];
    // A short part is staff initials ("gr/bp"), unless it is an agency ("Jo Kim / AFP").
    const orgs = slashParts.filter((p) => !people.includes(p) && !/\d/.test(p) && (p.length > 3 || canonicalAgency(p) !== null));
    affiliation = orgs.length ? (canonicalAgency(orgs[0]) ?? orgs[0]!) : null;
    text = people.join(', ');
  }
  // "Jo Kim for The Daily Mail", "JO KIM FOR MAILONLINE", "Jo Kim für dpa": the outlet the names
  // wrote for is their affiliation, when what comes before it names people.
  const wroteFor = /^(.+?)\s+(?:for|für|pour|para|per)\s+([^,;|]{2,60})$/iu.exec(text);
  const outlet = wroteFor ? wroteFor[2]!.trim() : '';
  // (Not after a list's comma or conjunction: "Kari Lund og Per Moe" names Per Moe, a common Nordic given name.)
  const listGoesOn = wroteFor !== null && /(?:[,&]|\s(?:and|und|et|y|e|og|och|en|i|ja|és))$/iu.test(wroteFor[1]!);
  if (wroteFor && !listGoesOn && affiliation === null && (canonicalAgency(outlet) !== null || /^[\p{Lu}\p{N}]/u.test(outlet.replace(/^(?:the|die|der|le|la|el)\s+/i, ''))) &&
    splitNameList(wroteFor[1]!).every((x) => looksLikePersonName(splitLocation(x).name))) {
    affiliation = canonicalAgency(outlet) ?? outlet.replace(/(?<![.\s])[.\s]+$/, '').trim();
    text = wroteFor[1]!;
  }
  // "Léa Martin (AFP)", "Ana Ruiz (EFE)": a known agency in parentheses after the names is their affiliation.
  const paren = /\s*\(([^()]{2,40})\)\s*$/.exec(text);
  const parenAgency = paren ? canonicalAgency(paren[1]!) : null;
  if (paren && parenAgency) {
    affiliation ??= parenAgency;
    text = text.slice(0, paren.index).trim();
  }
  // "By KARI LUND Associated Press", "Jo Kim Reuters": a wire agency's name run on after the
  // names, its line break lost (AP prints the agency on the line under the name).
  if (!/[;,|]/.test(text)) {
    const words = text.split(/\s+/);
    for (let k = Math.min(3, words.length - 2); k >= 1; k--) {
      const tail = words.slice(-k).join(' ');
      const agency = tail.length >= 3 ? wireAgency(tail) : null;
      // ("Claire Dubois et AFP" lists the agency beside the person: the list reads it.)
      if (agency && words.length - k >= 2 && !/^(?:and|&|und|et|y|e|og|och|en|ja|i|a|és|и)$/iu.test(words[words.length - k - 1]!)) {
        affiliation ??= agency;
        text = words.slice(0, -k).join(' ');
        break;
      }
    }
  }
  // "Damian Carrington Environment editor": a title run on after one name is its affiliation.
  const titled = /[;,|]/.test(text) ? null : splitTrailingTitle(text);
  if (titled) {
    affiliation ??= titled.title;
    text = titled.name;
  }
  // A bar sets names off from what follows as a comma does ("Jane Roe | Reuters").
  const segments = text.split(/\s*[;,|]\s*/).filter(Boolean);
  const names: string[] = [];
  // The title a comma sets after each name, where one does.
  const titles: Array<string | null> = [];
  let previousWasName = false;
  for (const [i, seg] of segments.entries()) {
    // "A in Porto, Portugal, and B": the conjunction after a comma opens the next name.
    // ("Jo Kim, RD and Ana Ruiz": the degree letters closing one name go before the conjunction.)
    const afterLetters = previousWasName ? /^([\p{L}.]{2,8}(?:\s+[\p{L}.]{2,8}){0,2})\s+(?=(?:and|&)\s)/u.exec(seg) : null;
    const unlettered = afterLetters && isPostNominal(afterLetters[1]!) ? seg.slice(afterLetters[0].length) : seg;
    const clean = stripByLead(unlettered).replace(/^(?:and|&|und|et|og|och|ja|és|и)\s+/iu, '');
    // "Ashifa Kassam in Stanstead, Quebec": a lone place word after a located name is the rest of the place.
    const prev = names[names.length - 1];
    // "Jo Kim, MA", "Ana Ruiz, MS, RD": degree letters after a name are that name's, no person and no affiliation.
    if (prev !== undefined && previousWasName && isPostNominal(clean)) continue;
    if (prev !== undefined && previousWasName && isPlaceContinuation(prev, clean)) {
      names[names.length - 1] = `${prev}, ${clean}`;
      continue;
    }
    const afterName = previousWasName;
    previousWasName = false;
    // "Von Michael Martens, Wien": one capitalised word after full names is where they wrote from
    // (German papers sign so), not another person.
    if (i > 0 && prev !== undefined && affiliation === null && isPlaceAfterNames(prev, clean)) {
      names[names.length - 1] = `${prev} in ${clean}`;
      continue;
    }
    // "Par Léa Roux, à Paris", "By Jo Kim, in Kyiv", "Von Jo Kim, New York": a place after the comma,
    // led by a preposition of place or a region's name of several words, is where the names wrote from.
    const place = i > 0 && prev !== undefined && afterName ? placeAfterComma(prev, clean) : null;
    if (place) {
      names[names.length - 1] = `${prev} in ${place}`;
      continue;
    }
    // "Jo Kim, Transport Correspondent": a title after a comma is the name before it's, not another
    // person ("Jo Kim, Economics Correspondent, and Ana Ruiz": the next name goes on without it).
    if (i > 0 && names.length > 0 && titles[names.length - 1] === null && isJobTitle(clean)) {
      titles[names.length - 1] = clean;
      continue;
    }
    // "Jo Kim, from Reuters", "Jo Kim, of The Associated Press": the agency the names write for.
    const agencyOf = /^(?:from|of|for)\s+(.{2,60})$/u.exec(clean);
    if (i > 0 && names.length > 0 && affiliation === null && agencyOf && canonicalAgency(agencyOf[1]!) !== null) {
      affiliation = canonicalAgency(agencyOf[1]!);
      continue;
    }
    const listItems = splitNameList(clean).map((x) => splitLocation(x).name);
    const allPeople = listItems.length > 0 && listItems.every((x) => looksLikePersonName(x, { allowSingle: true }));
    if (i === 0 || (allPeople && affiliation === null)) {
      names.push(clean);
      titles.push(null);
      previousWasName = true;
    } else if (affiliation === null && !/\d/.test(clean)) {
      // The first thing after the names that is not a person: a title or an organisation (a date is neither).
      affiliation = canonicalAgency(clean) ?? clean.replace(/(?<![.\s])[.\s]+$/, '');
    }
  }
  const lenient = names.length === 1;
  return names.flatMap((n, k) => namesOfList(n, role, evidence, { lenient, affiliation: titles[k] ?? affiliation ?? credit.agency }));
}

/** "with" between two people's names (each perhaps located, "in Paris"), as a list's comma. */
function joinWithNames(text: string): string {
  if (!/\swith\s/i.test(text)) return text;
  const parts = text.split(/(,?\s+with\s+)/i);
  let out = parts[0]!;
  // The text after the last list mark written so far, kept as the parts are joined (splitting the
  // whole of `out` again at every "with" went quadratic on a long run of them).
  let tail = lastListItem('', out);
  for (let k = 1; k + 1 < parts.length; k += 2) {
    // The name right before "with" is the last of a list ("Jo Kim and Li Wei with Ana Ruiz"), as the name after it is the first;
    // a name is a few words: a longer run before "with" is read no further.
    const before = tail.length > MAX_NAME_RUN ? '' : (splitNameList(tail).pop() ?? '');
    const after = (parts[k + 1]!.split(/[,;|]/)[0] ?? '').trim();
    const first = splitNameList(after)[0] ?? '';
    const people = before !== '' && looksLikePersonName(splitLocation(before).name) && looksLikePersonName(splitLocation(first).name);
    const joint = people ? ', ' : parts[k]!;
    out += joint + parts[k + 1]!;
    tail = lastListItem(lastListItem(tail, joint), parts[k + 1]!);
  }
  return out;
}

/** Longest run before "with" read as a person's name. */
const MAX_NAME_RUN = 120;

/** The text after the last list mark of `tail + added`, reading only `added`. */
function lastListItem(tail: string, added: string): string {
  const mark = Math.max(added.lastIndexOf(','), added.lastIndexOf(';'), added.lastIndexOf('|'));
  if (mark >= 0) return added.slice(mark + 1);
  // Past the longest run read, only that the run is too long matters.
  return tail.length > MAX_NAME_RUN ? tail : tail + added;
}

/** The pictures' label after a byline's names: "Fotos:", "Photos :", "Foto:", "Bilder:", "Fotografía:", "Zdjęcia:". */
const PHOTO_TAIL = /[,;|]\s*(?:fotos?|photos?|bilder?|fotograf[íi]as?|fotografie|zdjęcia)\s*:\s*(?=\S)/iu;

/** A role phrase with "by" ("Reporting by", "With reporting by", "Additional reporting by"). */
const ROLE_BY = /^(?:\S+\s+){0,2}\S+\s+by\s/i;

/** Where role phrases begin after a byline's names ("By Jo Kim. Photos by Ana Ruiz", "Jo Kim; additional reporting by …", "Jo Kim with reporting by …"). */
const ROLE_TAIL = /(?:[.;,|·•]\s+|\s(?=with\s))(?=(?:additional\s+|with\s+)?(?:reporting|writing|written|editing|edited|compiled|graphics?|photos?|photography|photographs|pictures|video|research)\s+by\s)/i;

/** "The agencies" as a byline credits them as a source ("and agencies", "mit Agenturen", "avec agences", "con agencias"). */
const AGENCIES_WORD = /^(?:(?:the\s+)?(?:news\s+)?(?:agencies|wires|wire\s+services)|(?:nachrichten)?agenturen|agences|agencias|agenzie|agências)$/iu;
/** What opens a source credit after the names: German "mit Material von/der", "mit Agenturmaterial", and "with" in several languages. */
const SOURCE_LEAD = new RegExp(String.raw`(?:^|[\s,;(])\(?\s*(mit\s+agenturmaterial|${SOURCE_WITH})(?=[\s)]|$)`, 'giu');

/** Every part of "dpa/AFP", "AFP and agencies", "Reuters, AP" is an agency or "the agencies". */
function isAgencyList(s: string): boolean {
  const parts = agencyListParts(s);
  return parts.length > 0 && parts.every((p) => canonicalAgency(p) !== null || AGENCIES_WORD.test(p));
}

/**
 * A byline without the agencies it credits as a source of its material: German sites' "mit
 * Material von dpa/AFP", "mit Material der dpa", "mit Agenturmaterial", Le Monde's "avec AFP",
 * Spanish "con agencias", "with agencies", as "and agencies" is already read (no published style
 * guide found for it: the sites' own printed form). The credit is no part of the names; the first
 * agency it names is theirs to report as the affiliation, as "Jo Kim | AP" is (the story's source
 * is read from it: src/extract/source.ts). A credit alone names no one.
 */
export function sourceCredit(text: string): { text: string; agency: string | null } {
  for (const m of text.matchAll(SOURCE_LEAD)) {
    // A credit ends the byline and is short: a lead further back is no credit (and reading its rest every time would be quadratic).
    if (text.length - m.index > 100) continue;
    const lead = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    const rest = text.slice(m.index + m[0].length).replace(/[\s).]+$/, '').trim();
    const credit = lead === 'mit agenturmaterial' ? rest === '' : lead.startsWith('mit material') ? rest.length > 0 && rest.length <= 60 : isAgencyList(rest);
    if (!credit) continue;
    const agency = agencyListParts(rest).map((p) => canonicalAgency(p)).find((a) => a !== null) ?? null;
    return { text: m.index === 0 ? '' : text.slice(0, m.index).replace(/[\s,;(]+$/, ''), agency };
  }
  return { text, agency: null };
}

/**
 * The words that label the date a page prints after its byline ("Updated 5 June 2024",
 * "Veröffentlicht am …", "Mis à jour le …"), as in src/html/page-bylines.ts.
 */
const STAMP_LABEL = '(?:last\\s+updated|updated|published|posted|modified|aktualisiert|veröffentlicht|publié|mis\\s+à\\s+jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|uppdaterad|publisert|oppdatert)';
const STAMP_PART = new RegExp(`^${STAMP_LABEL}(?![\\p{L}])`, 'iu');
/** A date label or reading time run on after the names without a separator ("By Jo Kim Published 5 June 2024", "Jo Kim 5 min read"). */
const RUN_ON_STAMP = new RegExp(`\\s+(?:${STAMP_LABEL}(?![\\p{L}])|\\d{1,3}\\s*min(?:ute)?s?\\.?\\s+read\\b).*$`, 'iu');

/**
 * A byline without the date and reading time pages print after it, set off by a spaced bullet,
 * middle dot or dash or by a bar ("By Jo Kim • 5 min read", "Jo Kim · 3 min read", "By Jo Kim |
 * Updated 5 June 2024", "by JO KIM | October 25, 2015 | 11:15 AM": Apple News Format, "Byline";
 * Firefox's article schema keeps author, date and readingTime apart), or run on after the names.
 * A spaced bullet, middle dot or dash that sets off anything else is read as a bar.
 */
export function withoutStampTrailer(text: string): string {
  const parts = text.split(/\s*\|\s*|\s+[•·∙⋅]\s+|\s+[–—]\s+/);
  const kept = parts.filter((p, i) => i === 0 || !(STAMP_PART.test(p.trim()) || READING_TIME.test(p)));
  // The label run on must be capitalised ("Published", "UPDATED"): \p{Lu} under the i flag would match any letter.
  const runOn = RUN_ON_STAMP.exec(kept[0]!);
  if (runOn && /^\s+[\p{Lu}\d]/u.test(runOn[0])) kept[0] = kept[0]!.slice(0, runOn.index);
  return kept.join(' | ').trim();
}

/** A preposition of place before a byline's place: in, at, from; French "à", Spanish "en", "desde", German "aus", Italian "da". */
const PLACE_PREPOSITION = /^(?:in|at|from|à|en|desde|aus|da)\s+([\p{Lu}][\p{L}\p{M}'’.-]*(?:[\s-][\p{Lu}][\p{L}\p{M}'’.-]*){0,3})$/u;

/**
 * The place `next` names after the located-less names of `previous`: "à Paris", "in Kyiv", or a
 * region of two or three words ("New York", "South Africa") that would otherwise pass for a person.
 */
function placeAfterComma(previous: string, next: string): string | null {
  const items = splitNameList(previous);
  if (items.length === 0 || !items.every((x) => splitLocation(x).location === null)) return null;
  const t = next.trim();
  const led = PLACE_PREPOSITION.exec(t);
  if (led && !canonicalAgency(led[1]!) && !isTitleOnly(led[1]!)) return led[1]!;
  return MULTIWORD_REGIONS.has(t.toLowerCase()) ? t : null;
}

/** `next` is one capitalised word (no agency, title or initials) and every name in `previous` has two or more words and no place yet. */
function isPlaceAfterNames(previous: string, next: string): boolean {
  if (!/^[\p{Lu}][\p{Ll}\p{M}'’-]{2,}$/u.test(next.trim()) || canonicalAgency(next) || isTitleOnly(next)) return false;
  const items = splitNameList(previous);
  return items.length > 0 && items.every((x) => splitLocation(x).location === null && /\s/.test(x.trim()) && looksLikePersonName(x));
}

/** "Stanstead" was a located name's place and `next` ("Quebec", "N.Y.", "Ohio") is one capitalised word: its region. */
function isPlaceContinuation(previous: string, next: string): boolean {
  const items = splitNameList(previous);
  const last = items[items.length - 1];
  if (last === undefined || splitLocation(last).location === null) return false;
  if (MULTIWORD_REGIONS.has(next.trim().toLowerCase())) return true;
  return /^[\p{Lu}][\p{L}\p{M}.'’-]*$/u.test(next.trim()) && !canonicalAgency(next) && !isTitleOnly(next);
}

/** Role phrases of credit trailers and contact blocks, longest first. */
const ROLE_PHRASES: Array<[RegExp, Role[]]> = [
  [/^additional\s+(?:reporting|writing)\s+by\b/i, ['additional-reporting']],
  [/^(?:reporting\s+and\s+writing|writing\s+and\s+reporting)\s+by\b/i, ['reporting', 'writing']],
  [/^(?:reporting|reported|additional\s+reporting\s+from)\s+by\b/i, ['reporting']],
  [/^(?:writing|written)\s+by\b/i, ['writing']],
  [/^(?:editing|edited)\s+by\b/i, ['editing']],
  [/^(?:compiled|compilation)\s+by\b/i, ['compiled-by']],
  // "Pictures by": the pictures' credit as the page labels it "Words and pictures:" (COLON_LABEL in by-lead.ts).
  [/^(?:photos?|photography|photographs|pictures)\s+by\b/i, ['photographer']],
  [/^(?:contributing|contributions?\s+by|with\s+reporting\s+by)\b/i, ['contributor']],
  // "Fact checked by", "Reviewed by": schema.org's reviewedBy ("reviewed the content on this page for accuracy"), no author.
  [/^(?:graphics?|research|video|translation|translated|fact[-\s]?check(?:ing|ed)|reviewed|produced|production)\s+by\b/i, ['contributor']],
  [/^autor(?:\/in|in)?\b/i, ['author']],
  // "Redaktion" and its kin: Dutch, Czech, Polish, Italian, French, Norwegian.
  [/^(?:redaktion|redigiert\s+von|bearbeitet\s+von|redactie|redakce|redakcja|redazione|rédaction|redaksjon)(?=[\s:])/iu, ['editing']],
  [/^mitarbeit\b/i, ['contributor']],
  // The editor in charge that Chinese news pages print under every story ("责任编辑：…", "(责编：…)").
  [/^(?:责任编辑|责编|責任編輯|責編)(?=\s*[:：])/u, ['editing']],
];

/** The roles a phrase such as "Reporting by" or "Editing by:" opens, and the text after it. */
export function rolePhrase(segment: string): { roles: Role[]; rest: string } | null {
  const s = segment.trim();
  for (const [re, roles] of ROLE_PHRASES) {
    const m = re.exec(s);
    if (m) return { roles, rest: s.slice(m[0].length).replace(/^\s*[:：]?\s*/, '') };
  }
  return null;
}

/**
 * A list of role phrases as agencies print them in trailers and contact blocks: "Reporting by A
 * and B in Paris; Additional reporting by C; Writing by D; Editing by E and F", "Reporting by
 * Tom Perry, editing by John Stonestreet", "Reporting by: X". Null unless every segment has a
 * role (so ordinary prose is never read as credits).
 */
export function parseRolePhrases(text: string, evidence: (role: Role) => Evidence): Byline[] | null {
  const segments = stripContactDetails(text)
    .split(/\s*;\s*|\s*[,.]\s+(?=(?:additional\s+)?(?:reporting|writing|written|editing|edited|compiled|graphics?|photos?|photography)\s+by\b)|(?<!\breporting)\s+and\s+(?=(?:editing|edited|writing|written)\s+by\b)/i)
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length === 0) return null;
  const out: Byline[] = [];
  for (const seg of segments) {
    const phrase = rolePhrase(seg);
    if (!phrase) return null;
    const list = phrase.rest.replace(/(?<![.\s])[.\s]+$/, '');
    for (const role of phrase.roles) out.push(...namesOfList(list, role, evidence(role), { lenient: false }));
  }
  return out;
}

/**
 * A name's key for repeats: case folded, and its words in order so that a name and its
 * surname-first form ("Maria Rosvall", "Rosvall Maria", "ROSVALL, Maria": Nordic and East Asian
 * agencies and picture desks print names so) are one person.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[,.]/g, ' ').split(/\s+/).filter(Boolean).sort().join(' ');
}

/** Bylines without repeats (same name, case folded, in either order, and role), first occurrence kept. */
export function dedupeBylines(bylines: Byline[]): Byline[] {
  const seen = new Set<string>();
  return bylines.filter((b) => {
    const k = `${nameKey(b.name)}\u0000${b.role}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether a printed byline names at least one person (for readers that must tell a byline line from a headline or a heading). */
export function namesPeople(raw: string): boolean {
  return parseByline(raw, 'author', { from: 'text', rule: 'probe' }).length > 0;
}
