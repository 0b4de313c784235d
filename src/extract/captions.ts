import type { Credit, CreditFlag } from './types.js';
import type { Picture } from '../model/article.generated.js';
import type { PictureHint } from '../model/parsed-story.js';
import { canonicalAgency } from './agencies.js';
import { OTHER_SCRIPT_LABELS, ZH_TAKEN_BY_SOURCE, isCreditLike, parseCredit } from './credits.js';
import { looksLikePersonName } from './names.js';

/**
 * Captions: the credit a caption ends with is split off ("... September 5, 2023.
 * Sputnik/Mikhail Klimentyev/Kremlin via REUTERS/File Photo", "... (AP Photo/Evan Vucci)") and
 * becomes the credit when the provider has no credit field; with a credit field the caption is
 * kept as written and its printed credit only refines the field's reading. "FILE PHOTO:" stays
 * in the caption and flags the credit, and a caption the page repeats is kept once.
 */

export interface CaptionSplit {
  caption: string;
  /** The trailing credit as printed, or null. */
  credit: string | null;
}

/** Reuters appends "(UNITED STATES - Tags: ENTERTAINMENT)" after the credit; it is neither caption nor credit. */
const TAGS = /\s*\((?:[^()]*\s[-–—]\s)?Tags:[^()]*\)\s*$/i;

// "Fot." (Polish), "Fotoğraf:" (Turkish) and "Crédit photo :" (French) open a credit as "Foto:" does (sources at credits.ts LEAD).
const KEYWORD_START = /(?:^|\s)(?=\(?(?:Photo(?:graph)?s?\b|Fotos?:|Fot\.\s|Fotoğraf(?:lar)?:|Crédits?\s+photos?\s?:|Pictures?:|Imag(?:en|em):|Credit:|Bild:|©|\(c\)))/gi;

/** Splits the credit a caption ends with from the caption; the caption is returned unchanged when there is none. */
export function splitCaptionCredit(text: string): CaptionSplit {
  const full = text.replace(/\s+/g, ' ').trim();
  const body = full.replace(TAGS, '').trim();
  // "... (AP Photo/Evan Vucci)", "...something.(Photo by John Doe/Something/AP, File)"; in square brackets
  // ("… [YONHAP]": Korea JoongAng Daily) and the full-width ones of Japanese captions ("…山南市（共同）": 47news.jp, Kyodo).
  const paren = /\s*(\([^()]{2,160}\)|\[[^[\]]{2,160}\]|（[^（）]{1,40}）)$/u.exec(body);
  if (paren && isCreditLike(paren[1]!)) {
    const caption = body.slice(0, paren.index).trim();
    // "… lunes. Foto: Ana Ruiz (EFE)": a labelled name before a bracketed agency is one credit, the
    // photographer's name and the agency's ("Foto:" and "(Agency)" as this module reads each alone).
    const named = splitLabelledCredit(caption);
    if (named.credit && parseCredit(named.credit).photographer !== null) {
      return { caption: named.caption, credit: `${caption.slice(named.caption.length).replace(/^[\s|/·•–—-]+/u, '')} ${paren[1]!}` };
    }
    if (caption) return { caption, credit: paren[1]! };
  }
  // "... Michael D. Higgins. | Niall Carson/PA Images": a credit set off by a spaced bar is the bar's tail.
  const bar = body.lastIndexOf(' | ');
  if (bar > 0 && body.length - bar <= 170) {
    const tail = body.slice(bar + 3).trim();
    const caption = body.slice(0, bar).trim();
    if (caption && tail && isCreditLike(tail)) return { caption, credit: tail };
  }
  // The tail after a sentence end or a credit keyword, longest first.
  const starts = new Set<number>();
  const window = Math.max(0, body.length - 170);
  // After a closing bracket too: "… watches. (AP Photo) AP Photo" prints the credit after the caption's own "(AP Photo)".
  for (const m of body.matchAll(/[.!?"”)]\s+/g)) if (m.index + m[0].length >= window) starts.add(m.index + m[0].length);
  // A slash after the last sentence sets the credit apart ("… April 26. / Yonhap", "… Tuesday./ Courtesy of …":
  // koreatimes.co.kr; "… 2019 r. / Fot. Name / Agency": tygodnikpowszechny.pl).
  for (const m of body.matchAll(/[.!?]\s?\/\s*/g)) if (m.index + m[0].length >= window) starts.add(m.index + m[0].length);
  // A credit run on to the caption's last full stop without a space ("… GP de Qatar.AFP"): a copy
  // of a page where the caption and the credit's element touch.
  for (const m of body.matchAll(/\p{Ll}[.!?](?=\p{Lu})/gu)) if (m.index + 2 >= window) starts.add(m.index + 2);
  for (const m of body.matchAll(KEYWORD_START)) if (m.index >= window) starts.add(m.index + m[0].length);
  for (const start of [...starts].sort((a, b) => a - b)) {
    const tail = body.slice(start).trim();
    const caption = body.slice(0, start).trim();
    // Never inside brackets ("… (Example Wire Photo/Jo Kim)" has no credit "Photo/Jo Kim)"): the caption left must close what it opens.
    if (!caption || !tail || opensMore(caption)) continue;
    // A photo word that ends the caption's sentence ("… in an undated handout photo. THE CANADIAN PRESS/…") opens no credit.
    if (/^(?:photo(?:graph)?s?|pictures?|fotos?|bild)[.,;]/.test(tail)) continue;
    // A dash or bar the page set between caption and credit ("… coronacrisis. — © Belga") goes with the credit.
    if (isCreditLike(tail) || isBareAgency(tail)) return { caption: caption.replace(/(?<![\s|—–/])\s*[|—–/]+$/u, '') || caption, credit: tail };
  }
  return { caption: full, credit: null };
}

/*
 * Printed credits that name no agency the credits engine knows, split off a caption by their
 * label, separator or shape (web pages print them so; any format's caption may).
 */

/** A printed credit closing a caption: "... girls. (Christie's)", "... 2024. — Picture by X", "... tour (Image: Getty)". */
const TRAILING_CREDIT = [
  /^(.*?[.!?”"'’])\s*\(((?:[\p{Lu}][\p{L}'’&.-]*)(?:,?\s+(?:[\p{Lu}][\p{L}'’&.-]*|of|the|and|for|de|la))*)\)$/u,
  // The same in square brackets: "... of Korea. [FOREIGN LANGUAGE NEWSPAPERS ASSOCIATION OF KOREA]" (Korea JoongAng Daily, mengnews.joins.com).
  /^(.*?[.!?”"'’])\s*\[((?:[\p{Lu}][\p{L}'’&.-]*)(?:,?\s+(?:[\p{Lu}][\p{L}'’&.-]*|of|the|and|for|de|la))*)\]$/u,
  /^(.*?)\s+[—–-]\s+((?:picture|photo|image|foto)s?\s*(?:by\b|:)\s*.+)$/i,
  // "... di Ipoh. - Foto BERNAMA", "... - Foto NSTP/ASWADI ALIAS": the Malaysian papers' credit, "Foto" (or "Gambar")
  // and the credit in capitals after a dash, no colon (bharian.com.my, nst.com.my, hmetro.com.my).
  /^(.*?\S)\s+[—–-]\s+((?:Foto|FOTO|Gambar|GAMBAR)\s+\p{Lu}[\p{Lu}\p{N}/ .&-]{1,60})$/u,
  /^(.*?)\s*(\(\s*(?:image|photo|picture|credit|foto|bild)s?\s*:[^()]+\))$/i,
  // "... the country AP Photo/Edgar H. Clemente": an agency photo credit run on without parentheses.
  /^(.*?[^(\s])\s+((?:[\p{Lu}]{2,}\s+)?(?:Photo|Picture|Image)s?\s*\/\s*[\p{Lu}][^/()]*(?:\/[^/()]+)*)$/u,
  // "... from the ground up. Supplied": a one-word provenance credit after the last sentence.
  /^(.*?[.!?”"'’])\s+(Supplied|Handout|Submitted|Contributed|File(?: photo)?)\.?$/,
];

/**
 * "... on the quay. (Example Wire Photo/Jo Kim)": the AP Stylebook's "(AP Photo/Name)" as any
 * outlet prints it with its own name (the credits engine reads the agencies it knows itself).
 */
const OUTLET_PHOTO = /^(.*?\S)\s*(\((?:[\p{Lu}][\p{L}&.'’-]*\s+){0,4}(?:Photo|Picture|Image|Foto)s?\s*\/\s*[^()/]+(?:\/[^()/]+)*\))$/u;

/**
 * The word a caption prints before its credit, in the languages of the pages read: "Photo:",
 * "Foto:", "Bild:", "Quelle:" / "Bildquelle:", "Bildrechte:" (the German broadcasters), "Symbolfoto:", "Фото:", "Ảnh:", "사진 출처 =", "写真:", "Fotó:", "Ljósmynd:", "Fot." (Polish), "Fotoğraf:", "Crédit photo :", the Bulgarian "Снимка:" / "Снимки:" (bntnews.bg, duma.bg),
 * "Image credit:", and the copyright sign. What follows it to the caption's end is the credit.
 */
const CREDIT_LABEL = new RegExp(String.raw`(?:(?:(?:image|photo|picture)\s+credit|crédits?\s+photo|photo(?:graph)?|picture|imag(?:e[nm]?)|credit|source|courtesy|foto(?:grafía|grafia|ğraf(?:lar)?)?|(?:symbol|archiv|agentur|titel)?(?:foto|bild)|bildquelle|bildrechte|quelle|bilde|kuva|zdjęcie|fotó|ljósmynd|фото|снимк[аи]|ảnh|사진(?:\s*출처)?|写真|${OTHER_SCRIPT_LABELS})s?\s*[:=：]|fot\.|[图圖]\s?[/／]|(?<=[(（])ภาพจาก|©|\(c\)|（[cＣｃ]）)\s*`, 'giu');

const LABEL_AT_START = new RegExp(`^${CREDIT_LABEL.source}`, 'iu');
const LABEL_AT_END = new RegExp(`(?:^|(?<=[\\s.!?)]))(?:${CREDIT_LABEL.source})$`, 'iu');

/** A caption without the credit label left at its end once its credit was taken away ("… GIVENCHY. Foto:" -> "… GIVENCHY."). */
export function withoutTrailingLabel(text: string): string {
  return text.replace(LABEL_AT_END, '').trim();
}

/** Whether a text opens with a credit label ("Foto: …", "Фото: …", "© …"): a credit printed in a block of its own. */
export function opensWithCreditLabel(text: string): boolean {
  return LABEL_AT_START.test(text);
}

/** The text without the credit label it opens with ("Фото: Имя" -> "Имя"). */
export function withoutCreditLabel(text: string): string {
  return text.replace(LABEL_AT_START, '').trim();
}

/** The first character of a label that may run on to the word before it. */
const RUN_ON_LABEL = /[^\p{L}]|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '（': '）', '【': '】' };

/**
 * "... in La Soledat. Foto: Ana Ruiz", "... (Quelle: Agentur/Name)", "... | Bildquelle: Verband",
 * "...напряженияФото: Имя Фамилия", "... [사진 출처 = 연합뉴스]", "... © Agentur / Name": a labelled
 * credit closing the caption. The label must start a word (or a capitalised word run on after a
 * lower-case letter), the credit must be short and without sentence punctuation, and a bracket
 * opened before the label must close the caption.
 */
export function splitLabelledCredit(text: string): { caption: string; credit: string | null } {
  const none = { caption: text, credit: null };
  let found: RegExpExecArray | null = null;
  const from = Math.max(0, text.length - 200);
  CREDIT_LABEL.lastIndex = from;
  for (let m = CREDIT_LABEL.exec(text); m; m = CREDIT_LABEL.exec(text)) {
    const prev = text[m.index - 1] ?? '';
    // Scripts written without spaces (Han, kana, hangul runs, Thai) and signs (©) start a label anywhere;
    // in a spaced script (Latin, Cyrillic, Greek, Hebrew, Arabic, Devanagari) a label starts a word.
    const wordStart = m.index > 0 && (!/[\p{L}\p{N}\p{M}]/u.test(prev) || (/\p{Ll}/u.test(prev) && /\p{Lu}/u.test(m[0][0]!)) || RUN_ON_LABEL.test(m[0][0]!));
    if (wordStart) found = m;
  }
  if (!found) return none;
  let caption = text.slice(0, found.index);
  let credit = text.slice(found.index + found[0].length).trim();
  const open = /[([（【]\s*$/.exec(caption);
  if (open) {
    const close = OPENERS[open[0].trim()]!;
    if (!credit.endsWith(close)) return none;
    credit = credit.slice(0, -1).trim();
    caption = caption.slice(0, open.index);
  }
  caption = caption.replace(/(?<![\s|/·•–—-])[\s|/·•–—-]+$/u, '').trim();
  if (!caption || !credit || credit.length > 120 || /[()[\]（）]/.test(credit) || /[.!?]\s+\p{Lu}\p{Ll}+\s+\p{Ll}/u.test(credit)) return none;
  if (credit.split(/\s+/).length > 14) return none;
  return { caption, credit };
}

/** "...東京・霞ケ関で（潟沼義樹撮影）": the Japanese "taken by" (撮影) credit closing a caption. */
// The same brackets close a handout picture's caption with its source, "…のイメージ図（大阪市提供）"
// ("courtesy of Osaka City"): that is its credit too.
const JA_TAKEN_BY = /^(.*\S)\s*[（(]([^（）()]{1,40}?\s*(?:撮影|提供))[）)]$/u;
/**
 * "…首相＝2日午後、首相官邸、上田幸一撮影": the same credit as the last item after the "＝" of the
 * caption's date and place, without brackets (digital.asahi.com, mainichi.jp).
 */
const JA_TAKEN_BY_LISTED = /^(.*)、\s*([^、＝=（）()\s]{1,20}撮影)$/u;

/** Lower-case words a credit may hold: "via", particles of names, post-positioned photo labels ("LRT nuotr."). */
const CREDIT_SMALL_WORDS = new Set(['via', 'by', 'for', 'and', 'de', 'da', 'del', 'van', 'von', 'der', 'den', 'og', 'und', 'y', 'e', 'nuotr.', 'nuotr', 'foto', 'photo', 'images']);

/** Brackets a text leaves open, and the closing ones it prints without an opening one. */
function brackets(s: string): { open: number; stray: number } {
  let open = 0;
  let stray = 0;
  for (const ch of s) {
    if (ch === '(' || ch === '[' || ch === '（') open++;
    else if (ch === ')' || ch === ']' || ch === '）') {
      if (open > 0) open--;
      else stray++;
    }
  }
  return { open, stray };
}

function balanced(s: string): boolean {
  const b = brackets(s);
  return b.open === 0 && b.stray === 0;
}

/** Whether text opens more brackets than it closes (a split there would cut a bracketed credit in two). */
function opensMore(s: string): boolean {
  return brackets(s).open > 0;
}

/** A credit by its shape alone: a few capitalised words, names and slashes, no digits, no sentence. */
function creditShaped(tail: string): boolean {
  const words = tail.split(/\s+/).filter((w) => w !== '/' && w !== '|');
  if (words.length === 0 || words.length > 10 || /\d|[.!?]\s+\p{Lu}\p{Ll}*\s+\p{Ll}/u.test(tail)) return false;
  return words.every((w) => /^[("'«]?\p{Lu}/u.test(w) || CREDIT_SMALL_WORDS.has(w.toLowerCase()));
}

/**
 * "Jo Kim/Nordbild", "(Jo Kim/Example Press)": the photographer and the agency or outlet joined by a
 * slash, as the AP Stylebook's caption credit prints them ("(AP Photo/Name)") with any outlet's name
 * (a name the credits engine does not know). A person's name must stand before the slash.
 */
export function isNamedSlashCredit(text: string): boolean {
  const inner = text.trim().replace(/^\((.*)\)$/su, '$1').trim();
  if (inner.length > 80 || !/^[^/]{3,40}\/[^/]{2,40}$/u.test(inner) || !creditShaped(inner)) return false;
  const c = parseCredit(inner);
  return c.photographer !== null && looksLikePersonName(c.photographer) && c.agencies.length === 1;
}

/** "... on the quay. (Jo Kim/Nordbild)": a bracketed photographer/outlet credit after the caption's last sentence. */
const BRACKETED_SLASH_CREDIT = /^(.*?[.!?”"'’])\s?(\([^()/]{3,40}\/[^()/]{2,40}\))$/u;

/**
 * "... Michael D. Higgins. | Niall Carson/PA Images", "... in La Soledat / Lorenzo Marina": a
 * credit set off from the caption by a spaced bar or slash. The first separator after which the
 * rest is credit-shaped splits; a separator inside brackets ("(AFP / Name)") does not.
 */
function splitSeparatedCredit(text: string): { caption: string; credit: string | null } {
  const from = Math.max(0, text.length - 120);
  for (const m of text.slice(from).matchAll(/\s[|/]\s/g)) {
    const at = from + m.index;
    const caption = text.slice(0, at).trim();
    const credit = text.slice(at + m[0].length).trim();
    if (caption && balanced(caption) && balanced(credit) && creditShaped(credit)) return { caption, credit };
  }
  return { caption: text, credit: null };
}

/**
 * "... 연설하고 있다. 연합뉴스", "... 인사하고 있다. 홍길동 기자", "... 있다. 인천=연합뉴스": Korean
 * captions end with the agency (Yonhap, Newsis, News1) or "<name> 기자" (reporter) after the last
 * sentence, the place where the picture was taken sometimes before it.
 */
const KO_TRAILER = /^(.*[.!?。])\s+((?:\p{Script=Hangul}{1,8}\s?=\s?)?(?:\p{Script=Hangul}{2,4}\s*기자|연합뉴스|뉴시스|뉴스1))$/u;

/**
 * "市民在公园赏花。（新华社记者 张三 摄）": Chinese captions end with "<name> 摄" (taken by), the
 * agency's or paper's reporter before the name, often in full-width brackets (Xinhua, China News
 * Service, People's Daily).
 */
const ZH_TRAILER = new RegExp(`^(.*[。！？])\\s*(${ZH_TAKEN_BY_SOURCE})$`, 'u');

/** Splits a printed credit the credits engine would not know as one (no agency named) off a caption. */
export function splitTrailingCredit(input: string): { caption: string; credit: string | null } {
  // One space for each run: the patterns below pair a lazy caption with the spaces before a credit,
  // which on a long run of spaces would retry every split point.
  const text = input.replace(/\s+/g, ' ');
  const ko = KO_TRAILER.exec(text);
  if (ko) return { caption: ko[1]!, credit: ko[2]! };
  const zh = ZH_TRAILER.exec(text);
  if (zh) return { caption: zh[1]!, credit: zh[2]! };
  const labelled = splitLabelledCredit(text);
  if (labelled.credit) return labelled;
  const ja = JA_TAKEN_BY.exec(text);
  if (ja) return { caption: ja[1]!, credit: ja[2]! };
  const listed = /[＝=]/.test(text) ? JA_TAKEN_BY_LISTED.exec(text) : null;
  if (listed && /[＝=]/.test(listed[1]!)) return { caption: listed[1]!, credit: listed[2]! };
  const separated = splitSeparatedCredit(text);
  if (separated.credit) return separated;
  const slashed = BRACKETED_SLASH_CREDIT.exec(text);
  if (slashed && isNamedSlashCredit(slashed[2]!) && !isCreditLike(slashed[2]!) && !opensMore(slashed[1]!)) return { caption: slashed[1]!.trim(), credit: slashed[2]! };
  const outlet = OUTLET_PHOTO.exec(text);
  if (outlet && !isCreditLike(outlet[2]!)) return { caption: outlet[1]!.trim(), credit: outlet[2]! };
  for (const re of TRAILING_CREDIT) {
    const m = re.exec(text);
    // Never inside brackets: "(Example Wire Photo/Jo Kim)" splits into no "(Example Wire" and "Photo/Jo Kim)".
    if (m && m[1]!.trim() && m[2]!.split(/\s+/).length <= 20 && !opensMore(m[1]!)) return { caption: m[1]!.trim(), credit: m[2]!.trim() };
  }
  return { caption: text, credit: null };
}

/** "REUTERS", "AFP" or "AP Photo" alone after a caption's last sentence: an agency's credit as it spells it (the AP Stylebook's "AP Photo" for a staff picture without a name). */
function isBareAgency(tail: string): boolean {
  return /^[\p{Lu}][\p{L} -]{1,30}$/u.test(tail) && canonicalAgency(tail) !== null;
}

/**
 * A picture caption's way of telling people apart by where they stand in the picture, as the AP
 * Stylebook's caption style has it: the position set off by commas after a name ("Rep. Ana Ruiz,
 * left, talks with …", "… Shigeru Ishiba, center, participates …", "Pictured at the back, from
 * left, are …"). Story text names no positions so; a line with one is a caption.
 */
const POSITION_IN_PICTURE = /(?<=[\p{L}.)]),\s(?:(?:second |third )?(?:left|right)|cent(?:er|re)|from (?:left|right)(?: to (?:left|right))?|front|back|rear|top|bottom|foreground|background)(?: row)?,\s/u;

export function namesPositionsInPicture(text: string): boolean {
  return POSITION_IN_PICTURE.test(text.length > 2_000 ? text.slice(0, 2_000) : text);
}

/** "FILE PHOTO: ..." (Reuters) and "FILE - ..." (AP) mark an archive picture. */
export function captionFlags(caption: string | null): CreditFlag[] {
  if (!caption) return [];
  return /^\s*(?:FILE\s+PHOTO\s*[:-]|FILE\s*[-–—:]\s)/.test(caption) ? ['file-photo'] : [];
}

function agencySet(c: Credit): Set<string> {
  return new Set([...c.agencies, ...(c.via ? [c.via] : [])].map((a) => (canonicalAgency(a) ?? a).toLowerCase()));
}

/**
 * One credit from the provider's credit field and the credit printed at the end of the caption.
 * `raw` is the field when there is one (CONTRACT.md); when the printed credit names the same
 * organisations and more (a photographer, the original source, "via"), its parts are the better
 * reading of the same credit and are used.
 */
export function mergeCredits(field: Credit | null, printed: Credit | null, extraFlags: CreditFlag[] = []): Credit {
  let credit: Credit;
  if (field && printed) {
    const printedAgencies = agencySet(printed);
    const consistent = [...agencySet(field)].every((a) => printedAgencies.has(a)) &&
      (field.photographer === null || printed.photographer === null || field.photographer.toLowerCase() === printed.photographer.toLowerCase() || field.agencies.length === 0);
    credit = consistent
      ? { ...printed, raw: field.raw, photographer: printed.photographer ?? field.photographer, evidence: field.evidence }
      : { ...field, photographer: field.photographer ?? printed.photographer };
    credit.flags = [...new Set([...field.flags, ...printed.flags])];
  } else {
    credit = field ?? printed ?? { raw: null, photographer: null, agencies: [], via: null, flags: [], evidence: null };
  }
  for (const f of extraFlags) if (!credit.flags.includes(f)) credit.flags.push(f);
  return credit;
}

/** A credit with the agencies the metadata names by role (a Media RSS distributor): each an agency, none the photographer. */
function withStatedAgencies(c: Credit, stated: string[]): Credit {
  const known = agencySet(c);
  const added = stated.map((a) => canonicalAgency(a) ?? a).filter((a) => !known.has(a.toLowerCase()));
  const isStated = c.photographer !== null && stated.some((a) => a.toLowerCase() === c.photographer!.toLowerCase());
  return { ...c, photographer: isStated ? null : c.photographer, agencies: [...c.agencies, ...new Set(added)] };
}

/** A picture with its caption split from its printed credit and the credit parsed. */
export function buildPicture(p: PictureHint): Picture {
  const split = p.caption ? splitCaptionCredit(p.caption) : null;
  const hint = { photographer: p.photographer ?? null };
  const field = p.creditRaw ? parseCredit(p.creditRaw, p.evidence ?? { from: 'element', rule: 'credit' }, hint) : null;
  const printed = split?.credit ? parseCredit(split.credit, { from: 'text', rule: 'caption-trailer' }, hint) : null;
  let credit = mergeCredits(field, printed, captionFlags(split?.caption ?? null));
  if (!field && !printed && p.photographer) credit = { ...credit, photographer: p.photographer, evidence: p.evidence ?? { from: 'element', rule: 'photographer' } };
  // A caption that keeps its own credit before the one printed after it ("… (AP Photo/Jo Kim) AP Photo"):
  // the photographer it names is the picture's, as a reader of the caption and that credit finds.
  if (split?.credit && !credit.photographer) {
    const inner = splitCaptionCredit(split.caption).credit;
    const named = inner ? parseCredit(inner, { from: 'text', rule: 'caption-trailer' }) : null;
    if (named?.photographer && [...agencySet(credit)].every((a) => agencySet(named).has(a))) credit = { ...credit, photographer: named.photographer };
  }
  // The creator the metadata names (IPTC IIM 2:80 By-line, XMP dc:creator, a G2 creator) is the
  // photographer; a person-like name the credit field holds instead (IIM 2:110 Credit names the
  // provider: IPTC Photo Metadata Standard) does not replace them.
  const stated = p.photographer?.trim();
  if (stated && field && credit.photographer && credit.photographer.toLowerCase() !== stated.toLowerCase() &&
    looksLikePersonName(stated, { context: 'credit' }) && !(p.caption ?? '').toLowerCase().includes(credit.photographer.toLowerCase())) {
    // A credit field that is that one name and no agency ("Skarvik Dagblad", "Corran Power/Handout")
    // names the provider (IPTC: the Credit Line is who must be credited), an organisation of the credit.
    const provider = field.agencies.length === 0 && field.via === null && field.photographer?.toLowerCase() === credit.photographer.toLowerCase() ? credit.photographer : null;
    credit = { ...credit, photographer: stated, agencies: provider && !agencySet(credit).has(provider.toLowerCase()) ? [provider, ...credit.agencies] : credit.agencies };
  }
  if (p.agencies?.length) credit = withStatedAgencies(credit, p.agencies);
  // With a credit field the provider gave the credit separately, so the caption stays as written
  // (its printed credit still informs the parts); otherwise the printed credit moves into `credit`.
  const caption = field ? (p.caption ?? null) : (split?.caption ?? null);
  return {
    guid: p.guid ?? null,
    caption,
    altText: p.altText ?? null,
    credit,
    renditions: p.renditions ?? [],
  };
}

function captionKey(s: string | null): string {
  return (s ?? '').normalize('NFC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Pictures without repeats: a caption printed twice (image alt + figcaption, a gallery and its
 * lead image) is one picture; its renditions are pooled and missing credit parts filled in.
 */
export function dedupePictures(pictures: Picture[]): Picture[] {
  // Linear: the earlier picture with the same caption, or (both without caption) sharing a
  // rendition, is found in maps keyed on the caption and on the rendition's href, not by comparing
  // every pair (a story of 30,000 pictures took minutes).
  const out: Picture[] = [];
  const order = new Map<Picture, number>();
  const byCaption = new Map<string, Picture>();
  const byHref = new Map<string, Picture>();
  const hrefsOf = new Map<Picture, Set<string>>();
  // The picture now holds a rendition at href (key: its caption key, which p's matched).
  const own = (q: Picture, href: string, key: string): void => {
    hrefsOf.get(q)!.add(href);
    if (key !== '') return;
    const holder = byHref.get(href);
    if (!holder || order.get(holder)! > order.get(q)!) byHref.set(href, q);
  };
  for (const p of pictures) {
    const key = captionKey(p.caption);
    let same: Picture | undefined;
    if (key !== '') {
      same = byCaption.get(key);
    } else {
      for (const r of p.renditions) {
        const q = byHref.get(r.href);
        if (q && (!same || order.get(q)! < order.get(same)!)) same = q;
      }
    }
    if (!same) {
      order.set(p, out.length);
      out.push(p);
      hrefsOf.set(p, new Set());
      if (key !== '') byCaption.set(key, p);
      for (const r of p.renditions) own(p, r.href, key);
      continue;
    }
    const held = hrefsOf.get(same)!;
    for (const r of p.renditions) {
      if (held.has(r.href)) continue;
      same.renditions.push(r);
      own(same, r.href, key);
    }
    same.altText ??= p.altText;
    same.guid ??= p.guid;
    const c = same.credit;
    if (!c.raw && p.credit.raw) same.credit = { ...p.credit, flags: [...new Set([...c.flags, ...p.credit.flags])] };
  }
  return out;
}
