import type { Credit, CreditFlag, Evidence } from './types.js';
import { ZH_OUTLET_SOURCE, canonicalAgency } from './agencies.js';
import { KOREAN_SIGNED, looksLikePersonName } from './names.js';
import { MONTH_PATTERN, WEEKDAY_PATTERN } from './calendar.js';

/**
 * Photo credits into { raw, photographer, agencies[], via, flags[] } (CONTRACT.md conventions):
 * the photographer is the person's name as printed; agencies are the organisations named, in
 * print order, known ones under wiredesk's name (REUTERS -> Reuters, AP Photo -> AP), unknown
 * ones kept as printed; the distributor after "via" is `via`, not an agency; "File Photo",
 * "Handout" and "Pool" are flags, not names.
 */

/**
 * Credit labels of the press in other scripts, each before a colon: Hebrew "צילום:" (ynet.co.il,
 * haaretz.co.il), Arabic "صورة:" / "الصورة:" and "تصوير:" (youm7.com, alwatan), Greek "Φωτογραφία:",
 * "ΦΩΤΟ:", "Φωτ.:" (kathimerini.gr, protothema.gr), Hindi "फोटो:" / "फ़ोटो:", "फोटो साभार:" and
 * "तस्वीर:" (aajtak.in, amarujala.com, jagran.com), Thai "ภาพ:" (thairath.co.th, matichon.co.th),
 * Chinese "图片来源：" / "圖片來源：", "图：", "摄影：" (thepaper.cn, sina.com.cn, udn.com); the
 * Chinese "图／" / "圖／" (udn.com, ltn.com.tw) and the Thai "(ภาพจาก …)" ("picture from") take no colon.
 */
export const OTHER_SCRIPT_LABELS = String.raw`צילום|(?:ال)?صورة|تصوير|φωτογραφί(?:α|ες)|φωτο|φωτ\.|फ\u093C?ोटो(?:\s?साभार)?|\u095Eोटो(?:\s?साभार)?|तस्वीर|ภาพ|图片来源|圖片來源|[图圖]片?|摄影|攝影`;

/** Words that open a credit and are not part of it ("Photograph:", "Photo by", "©", "Foto:"). */
// Polish "Fot." (tygodnikpowszechny.pl "Fot. Andrzej Iwańczuk / Reporter / East News", 100lat.pap.pl "Fot. PAP"); Turkish "Fotoğraf(lar):" (24saatgazetesi.com, trthaber.com); French "Crédit(s) photo :" (ilovesearch.fr, medias-insiders.com).
// "Фото:", "Снимка:", "Ảnh:", "Zdjęcie:", "Fotó:", "Ljósmynd:", "写真:" as captions.ts CREDIT_LABEL knows them (no \b: it is ASCII-only).
const LEAD = new RegExp(String.raw`^(?:©|\(c\)|copyright\b|fot\.|(?:фото|снимк[аи]|ảnh|zdjęcie|fotó|ljósmynd|imagen|imagem|写真|${OTHER_SCRIPT_LABELS})\s*[:：]|[图圖]\s?[/／]|ภาพจาก\s|(?:crédits?\s+photos?|fotoğraf(?:lar)?|photo(?:graph)?s?|pictures?|pics?|images?|fotos?|bild(?:er)?|kuva|credit|crédit|source)\b\s*(?:by\b|von\b|:)?)\s*`, 'iu');

const FLAG_PARTS: Array<[RegExp, CreditFlag]> = [
  [/^(?:file(?:\s+(?:photo|picture|pic|image))?|archive\s+(?:photo|picture)|archiv(?:bild|foto)?|arkiv(?:bild|foto)?)$/i, 'file-photo'],
  [/^(?:ho|handout(?:\s+(?:photo|picture))?)$/i, 'handout'],
  [/^pool(?:\s+(?:photo|picture))?$/i, 'pool'],
];

/** Flag words inside a part ("SANA Handout", "Pool Photo", "File Photo") are flags; the rest is kept. */
const FLAG_WORDS: Array<[RegExp, CreditFlag]> = [
  [/\bfile\s+(?:photo|picture|pic)\b/i, 'file-photo'],
  [/\bhandout\b/i, 'handout'],
  [/\bpool(?:\s+photo)?\b/i, 'pool'],
];

function addFlag(flags: CreditFlag[], f: CreditFlag): void {
  if (!flags.includes(f)) flags.push(f);
}

/** A usage instruction printed with the credit ("*MANDATORY CREDIT*", Reuters, AP and CP): no name. */
const INSTRUCTION_PART = /^\*?\s*(?:mandatory\s+credit|editorial\s+use\s+only|no\s+sales|no\s+archives)\s*\*?$/i;

/**
 * The stand-in for a local photographer the agency does not name: AFP credits "STR/AFP" and
 * "AFP PHOTO / STR", Reuters "REUTERS/Stringer", EPA "EPA/STR". It names no one: no photographer, no agency.
 */
const STRINGER_PART = /^(?:str|stringer)$/i;

/** Whether a name is that stand-in ("STR", "Stringer"), as a credit part or a creator field (IIM By-line, dc:creator) writes it. */
export function isUnnamedStringer(name: string): boolean {
  return STRINGER_PART.test(name.trim());
}

/** Takes flags out of slash/comma parts; returns the parts left. */
function takeFlags(parts: string[], flags: CreditFlag[]): string[] {
  const out: string[] = [];
  for (const raw of parts) {
    let p = raw.trim();
    const whole = FLAG_PARTS.find(([re]) => re.test(p));
    if (whole) {
      addFlag(flags, whole[1]);
      continue;
    }
    if (INSTRUCTION_PART.test(p) || STRINGER_PART.test(p)) continue;
    // "THE CANADIAN PRESS/HO-Parks Canada": The Canadian Press credits a handout "HO-" and its source.
    const ho = /^HO\s*-\s*(\S.*)$/.exec(p);
    if (ho) {
      addFlag(flags, 'handout');
      p = ho[1]!;
    }
    for (const [re, f] of FLAG_WORDS) {
      if (re.test(p)) {
        addFlag(flags, f);
        p = p.replace(re, ' ').replace(/\s+/g, ' ').trim();
      }
    }
    if (p) out.push(p);
  }
  return out;
}

/** The year or years a copyright notice states ("2023", "2020-2023"). */
const COPYRIGHT_YEARS = String.raw`(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?`;

/** The reservation a copyright notice closes or opens with, in the languages of the pages read. */
const RIGHTS_RESERVED = /(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|todos os direitos reservados|tutti i diritti riservati|alle rechten voorbehouden|alle rettigheder forbeholdes|alla rättigheter förbehållna|alle rettigheter reservert)\.?/giu;

/**
 * A copyright notice as a credit part names its holder ("Copyright 2026 The AP. All rights
 * reserved." -> "AP", "© 2023 Jo Kim" -> "Jo Kim"): the year (or years) after the copyright word
 * and the rights reservation go; "The" before a holder the agencies table knows goes too.
 */
/** The copyright sign and the years after it that open a credit ("© 2023 Jo Kim"). */
const COPYRIGHT_SIGN_AND_YEARS = new RegExp(`^(?:\\(c\\)|©)\\s*(?:${COPYRIGHT_YEARS}\\s+(?=\\p{Lu}))?`, 'iu');
/** The years at the start of a copyright notice's holder ("2026 The AP"). */
const LEADING_YEARS = new RegExp(`^${COPYRIGHT_YEARS}\\b[\\s.,]*`);

function holderOf(part: string): string {
  let p = part.replace(RIGHTS_RESERVED, ' ').replace(/\s+/g, ' ').trim();
  if (p === part.trim() && !/^(?:©|\(c\)|copyright\b)/i.test(p)) return part;
  p = p.replace(/^(?:©|\(c\)|copyright\b)\s*/i, '').replace(LEADING_YEARS, '').replace(/[\s.,;]+$/, '').trim();
  const bare = p.replace(/^the\s+/i, '');
  return agencyName(bare) ? bare : p;
}

function splitParts(s: string): string[] {
  return s
    // "Ana Ruiz (EFE)": the agency in brackets after the name is a part of its own (tagesanzeiger.ch "Name (Getty)", hessenschau.de "Bild © Name (hr)").
    .split(/\s*[/|]\s*|,\s+|\s+for\s+|\s+[-–—]\s+|\s+\((?!via\s)/)
    .map(holderOf)
    .map((p) => (canonicalAgency(p) ? p : p.replace(LEAD, '')).replace(/^[\s,.;:()]+|(?<![\s,;:()])[\s,;:()]+$/g, '').trim())
    // "인천=연합뉴스": Korean credits name the place before the agency.
    .map((p) => p.replace(/^\p{Script=Hangul}{1,8}\s?=\s?(?=\p{Script=Hangul})/u, ''))
    // A name starts with a capital, or is in a script without case (Hangul, Han, Arabic, Thai…).
    .filter((p) => p !== '' && (/\p{Lu}|\p{Lo}/u.test(p) || canonicalAgency(p) !== null));
}

/** A known agency under wiredesk's name, "AP Photo" style suffixes folded; else null. */
function agencyName(part: string): string | null {
  return canonicalAgency(part) ?? canonicalAgency(part.replace(/\s+(?:photos?|pictures?|images?|fotos?)$/i, ''));
}

/** The credit text without wrappers: parentheses, "Photo by", "+++ dpa-Bildfunk +++", Reuters "(... - Tags: ...)". */
export function stripCreditWrappers(raw: string): string {
  let s = raw.replace(/\+{3}[^+]*\+{3}/g, ' ').replace(/\((?:[^()]*\s-\s)?Tags:[^()]*\)/gi, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    const before = s;
    // The copyright sign and the year after it ("© 2023 Jo Kim").
    s = s.replace(COPYRIGHT_SIGN_AND_YEARS, '');
    if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
    s = s.replace(/^\(/, '').replace(/\)$/, '').trim();
    // Square and full-width brackets wrap a credit as parentheses do ("[YONHAP]", "（共同）").
    if (/^[[（]/.test(s) && /[\]）]$/.test(s)) s = s.slice(1, -1).trim();
    if (!canonicalAgency(s.split(/\s*\/\s*/)[0])) s = s.replace(LEAD, '').trim();
    if (s === before) break;
  }
  return s;
}

/**
 * "（新华社记者 张三 摄）", "张三摄": a Chinese picture credit, "<name> 摄" (taken by) with the agency's
 * or paper's reporter before the name: outlet and name are its groups. Captions end with it too.
 */
/**
 * The outlet before "记者" in a "taken by" credit: the agencies and "本报" the datelines know, or any
 * paper, agency or site by the word its name ends in (日报 daily, 晚报 evening paper, 报 paper, 社
 * agency, 网 site: "江南日报记者 李明 摄", "寶島社記者陳怡君攝").
 */
const ZH_CREDIT_OUTLET = String.raw`${ZH_OUTLET_SOURCE}|\p{Script=Han}{1,8}?(?:日报|日報|晚报|晚報|报|報|社|网|網)`;
/**
 * "新华社记者 张三 摄", "（記者王小明攝）", "新华社发（周强 摄）" (distributed by Xinhua: a picture by
 * someone not on its staff), "（寶島社記者陳怡君攝 115年12月7日）" (the Central News Agency's credit
 * closes on the date, in the Minguo year): groups 1 or 2 the outlet, 3 the photographer.
 */
export const ZH_TAKEN_BY_SOURCE = String.raw`(?:(${ZH_CREDIT_OUTLET})\s*(?:发|發)\s*)?[（(]?\s*(?:(${ZH_CREDIT_OUTLET})?\s*(?:记者|記者)\s*)?(\p{Script=Han}{2,4})\s*(?:摄|攝)(?:\s{0,3}\d{2,4}年\d{1,2}月\d{1,2}日)?\s*[）)]?`;
const ZH_TAKEN_BY = new RegExp(`^${ZH_TAKEN_BY_SOURCE}$`, 'u');

/** "山田太郎撮影": the Japanese papers' "taken by" credit (digital.asahi.com, mainichi.jp): the name is the photographer. */
const JA_TAKEN_BY = /^([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・]{2,12})\s*撮影$/u;

export interface CreditOptions {
  /** A photographer named in structured metadata (creator, by); it wins a tie with an organisation. */
  photographer?: string | null;
}

/** Parses a photo credit string into photographer, agencies, via and flags. */
export function parseCredit(raw: string | null | undefined, evidence: Evidence | null = null, opts: CreditOptions = {}): Credit {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  const credit: Credit = { raw: text || null, photographer: null, agencies: [], via: null, flags: [], evidence };
  const hint = opts.photographer?.trim() || null;
  if (!text) {
    credit.photographer = hint;
    return credit;
  }
  // "Photo by Jo Kim on Unsplash": a stock library's attribution names the photographer and the library.
  const library = libraryCredit(text);
  if (library) {
    if (looksLikePersonName(library[1]!)) credit.photographer = library[1]!;
    else credit.agencies.push(library[1]!);
    credit.agencies.push(canonicalAgency(library[2]!) ?? library[2]!);
    return credit;
  }
  let s = stripCreditWrappers(text);
  // "新华社记者 张三 摄", "张三 摄": Chinese agencies and papers credit a picture "<name> 摄" (taken by).
  const zh = ZH_TAKEN_BY.exec(s);
  if (zh) {
    credit.photographer = zh[3]!;
    // "本报记者" is the paper's own reporter: no agency.
    const outlet = zh[1] ?? zh[2];
    if (outlet && !/^本[报報]$/.test(outlet)) credit.agencies.push(canonicalAgency(outlet) ?? outlet);
    return credit;
  }
  // "代表撮影" (taken for the pool: nordot.app "（稲葉訓也/JMPA代表撮影）", chunichi.co.jp "（代表撮影）") is the pool flag, no name.
  if (s.endsWith('代表撮影')) {
    addFlag(credit.flags, 'pool');
    s = s.slice(0, -'代表撮影'.length).replace(/[\s/]+$/, '');
    if (!s) return credit;
  }
  const ja = JA_TAKEN_BY.exec(s);
  if (ja) {
    credit.photographer = ja[1]!;
    return credit;
  }
  const viaAt = s.search(/\s+via\s+/i);
  if (viaAt !== -1) {
    const viaParts = takeFlags(splitParts(s.slice(viaAt).replace(/^\s+via\s+/i, '')), credit.flags);
    if (viaParts.length) credit.via = agencyName(viaParts[0]!) ?? viaParts[0]!;
    s = s.slice(0, viaAt);
  }
  // The provider a courtesy line names is an organisation of the credit, never its photographer, and the picture a handout.
  const courtesy = COURTESY_PART.exec(s);
  let provider: string | null = null;
  if (courtesy) {
    addFlag(credit.flags, 'handout');
    // A sentence the page runs on after the provider ("Courtesy of X. See a larger version …") is no part of it.
    provider = courtesy[1]!.split(/[.!?]\s/)[0]!.replace(/[\s.;:)\]]+$/, '').trim() || null;
    s = s.slice(0, courtesy.index);
  }
  const parts = takeFlags(splitParts(s), credit.flags);
  const sameAsHint = (p: string): boolean => hint !== null && p.toLowerCase() === hint.toLowerCase();
  // A person-shaped part wins; the metadata's photographer decides only among parts that are not
  // (an agency printed in a "by" field is no photographer: "Photo X/Insidefoto/Sipa USA", by "Insidefoto").
  const personLike = (p: string): boolean => !agencyName(p) && (looksLikePersonName(p, { context: 'credit' }) || KOREAN_SIGNED.test(p));
  let person = parts.findIndex((p) => sameAsHint(p) && personLike(p));
  if (person === -1) person = parts.findIndex(personLike);
  if (person === -1) person = parts.findIndex((p) => sameAsHint(p) && !agencyName(p));
  // "홍길동 기자": the name without the reporter's title.
  if (person !== -1) credit.photographer = KOREAN_SIGNED.exec(parts[person]!)?.[1] ?? parts[person]!;
  // A metadata "photographer" that is the courtesy line's provider is the provider still, no photographer.
  else if (hint && !parts.some(sameAsHint) && !(provider && sameAsHint(provider))) credit.photographer = hint;
  const seen = new Set<string>();
  for (const [i, p] of parts.entries()) {
    if (i === person) continue;
    const name = agencyName(p) ?? p;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    credit.agencies.push(name);
  }
  if (provider && !seen.has((agencyName(provider) ?? provider).toLowerCase())) credit.agencies.push(agencyName(provider) ?? provider);
  return credit;
}

/**
 * "Courtesy of the city", "Photo courtesy of Jo Kim", "Jo Kim, courtesy of the museum": the provider
 * of a picture handed to the press, as the last part of a credit (AP Stylebook, photo captions:
 * "(Photo courtesy of …)", a handout; bu.edu and koreatimes.co.kr print "Courtesy of <provider>").
 */
const COURTESY_PART = /(?:^|[/,|]\s*)(?:(?:photo(?:graph)?|image|picture)s?\s+)?courtesy(?:\s+of)?\s+([^/,|]{1,120})$/i;

/** A whole credit that is a courtesy line, in or out of brackets ("(Courtesy of Jo Kim)", "Photo courtesy of the city"). */
const COURTESY_CREDIT = /^[([]?\s*(?:(?:photo(?:graph)?|image|picture)s?\s+)?courtesy\b(?:\s+of)?\s+[^/,|()[\].!?;:]{1,80}[)\]]?$/i;

/** "<Name> for <Outlet>": two to four capitalised words, "for", and one to six capitalised words. */
const FOR_OUTLET = /^\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){1,3}\sfor\s\p{Lu}[\p{L}'’&.-]*(?:\s\p{Lu}[\p{L}'’&.-]*){0,5}$/u;

/**
 * "Photo by Jo Kim on Unsplash", "Photo by Jo Kim from Pexels": the attribution the free stock
 * libraries ask for (Unsplash API guidelines, "Attribution": "Photo by Annie Spratt on Unsplash";
 * Pexels prints "Photo by <name> from Pexels"). No i flag: under it \p{Lu} would match any letter.
 */
const LIBRARY_CREDIT = /^(?:[Pp]hoto|PHOTO|[Ii]mage|[Pp]icture)s?\s+by\s+(\S.{1,60}?)\s+(?:on|from)\s+(\p{Lu}[\p{L}\d.-]*(?:\s\p{Lu}[\p{L}\d.-]*){0,2})$/u;

const DAY_OR_MONTH = new RegExp(`^(?:${WEEKDAY_PATTERN}|${MONTH_PATTERN})$`, 'iu');

/** The photographer and library of a stock library's attribution, in brackets or not; null for "Photo by Jo Kim on Monday". */
function libraryCredit(text: string): RegExpExecArray | null {
  const m = LIBRARY_CREDIT.exec(text.replace(/^[([]\s*|\s*[)\]]$/g, ''));
  return m && !DAY_OR_MONTH.test(m[2]!) ? m : null;
}

/** Could this text be a credit on its own (used to split a caption's trailing credit)? */
export function isCreditLike(text: string): boolean {
  const s = text.trim();
  if (!s || s.length > 160) return false;
  if (COURTESY_CREDIT.test(s) && !/\d/.test(s)) return true;
  if (libraryCredit(s)) return true;
  const inner = stripCreditWrappers(s);
  // Credits carry no numbers and no parenthesised asides ("Rome (Italy), October 27th 2020 Photo ...").
  if (!inner || /\d|[()]/.test(inner)) return false;
  // Prose has lower-case words; credits have only "via", "by", "for" and flag words in lower case.
  // A name particle set before a capital without a space ("Annick deGooyer", "Jo vanDyke") is a surname.
  const lower = inner.replace(COURTESY_PART, '').replace(/\b(?:via|by|for|and|de|da|del|van|von|der|al|el|bin)\b/g, '').replace(/(?<![\p{L}])(?:de|da|di|du|la|le|van|von)(?=\p{Lu})/gu, '').match(/(?:^|\s)\p{Ll}[\p{L}]*/gu) ?? [];
  if (lower.some((w) => !/^\s*(?:photo|file|handout|pool|images)$/i.test(w))) return false;
  const c = parseCredit(s);
  // "Jo Kim for The New York Times": a freelancer's credit names the outlet they worked for (bu.edu:
  // "[Photographer Name] for Boston University Photography"; the New York Times' credits).
  if (FOR_OUTLET.test(inner) && c.photographer !== null && c.agencies.length === 1) return true;
  const known = [...c.agencies, c.via ?? ''].some((a) => canonicalAgency(a) !== null);
  const keyword = /^(?:[([]?(?:photo(?:graph)?s?|fotos?|fotoğraf(?:lar)?|crédits?\s+photos?|pictures?|credit|bild)\b|imag(?:en|em)\s*:|fot\.|©|\(c\))/i.test(s);
  const slashed = /\//.test(inner);
  if (known && (slashed || keyword || c.photographer !== null || /\bvia\b/i.test(inner) || /^(?:\(.*\)|\[.*\]|（.*）)$/u.test(s))) return true;
  return keyword && (c.photographer !== null || c.agencies.length > 0);
}
