import { namesPeople } from '../extract/bylines.js';
import { isTitleOnly } from '../extract/names.js';
import { agencyInList, canonicalAgency } from '../extract/agencies.js';
import { STORY_END } from '../extract/boilerplate.js';
import { byLeadLength, isByWordAlone, startsWithByLead, stripByLead } from '../extract/by-lead.js';
import { DATE_LABEL_WORDS, DATE_SHAPE, RELATIVE_TIME, isFurniture, isNamesLine, isStampLine, weightOf, type Judged, type PageLine } from './page-line-kinds.js';

/**
 * The byline block of a page's plain text: the lines between the headline and the story that
 * name its authors, with or without a "By", in capitals, with a job title or a stamp beside the
 * name, after an "Author:" label. Names count only where a byline block stands (beside a stamp, a
 * byline or a by-word), so that a menu item or a subheading of two capitalised words is none.
 * Where the head of the story names no one, an author box after the story is read instead
 * ("Autorin/Autor Jo Kim" beside "Datum 28.04.2023").
 */

/** How many lines below the headline the byline block is looked for, at least. */
const BLOCK_REACH = 6;
/** How many lines after the story's end an author box is looked for. */
const TRAILER_REACH = 30;

/**
 * The words of a picture's credit before "by" ("Illustration by Jo Kim", "Photograph by Jo Kim"):
 * the credit line convention of the style guides (Chicago Manual of Style 3.29-3.37), no byline.
 */
export const PICTURE_BY = /^(?:photo(?:graph)?s?|pictures?|images?|illustrations?|videos?|graphics?|artwork|animation|fotos?|bild(?:er)?|grafik|illustrationen?|zeichnung|ilustraci[oó]n|illustrazione|fotograf[ií]a)\s+(?:by|von|par|di|por|door|av|af)\b/iu;

/** PICTURE_BY's photographs alone ("Photographs by", "Fotos von", "Photos par"): a photographer's credit. */
const PHOTOS_BY = /^(?:photo(?:graph)?s?|pictures?|fotos?|bilder|fotograf[ií]as?)\s/iu;

/** The social networks whose buttons pages print beside a byline, the buttons to share, tweet or print the story and to follow the author: no word of a name. */
const NETWORK = /^(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|messenger|flipboard|instagram|youtube|tiktok|bluesky|xing|e-?mail|follow|share|tweet|print|pocket)$/i;
/** The last word of a desk's or a service's name: a byline that ends so signs no one (the contract: desk names are no names). */
const DESK_END = /^(?:news|online|newsroom|newsdesk|desk|team|service|services|wire|agency)$/i;
/** How many lines above the headline a byline is looked for when none stands below it. */
const ABOVE_REACH = 10;

/**
 * The Korean byline: the name and the title after it, the desk's town before it and the e-mail
 * after it ("광양 홍길동 기자 hong@example.co.kr"), where Korean papers sign a story.
 */
const KOREAN_BYLINE = /^(?:[^\s,]{1,12},?\s+){0,3}?(\p{Script=Hangul}{2,4})\s*(기자|특파원)(?:\s+[^\s@]{1,64}@[^\s@]{1,64})?$/u;

/** A byline's affiliation after the name ("By JO KIM FOR EXAMPLE.COM", "Jo Kim für dpa"). */
const AFFILIATION = /\s+(?:for|FOR|für|pour|para|per)\s+\S.*$/u;

/**
 * The byline a line of the byline block prints, cleaned of what the page set beside it: pieces
 * run together ("Emma KellyLifestyle Writer", "byJo Kim", "Jo KimTwitter"), a job title after the
 * name ("Jo Kim Parliamentary editor"), a stamp beside it ("Jo Kim | Published 2 days ago",
 * "Published 28 April 2024, 14:26, Jo Kim"). Null when no part names a person.
 */
export function bylineOf(text: string): string | null {
  if (text.length > 200 || PICTURE_BY.test(text)) return null;
  const korean = KOREAN_BYLINE.exec(text);
  if (korean) return `${korean[1]} ${korean[2]}`;
  // The author's handle the page sets beside the name ("Jo Kim@jokim", "Jo Kim @jokim"), no e-mail address: no part of the name.
  const spaced = text.replace(/^(by|By|BY|von|Von|VON|par|Par|PAR|por|Por|POR)(?=\p{Lu})/u, '$1 ').replace(/\s?@[A-Za-z0-9_]{1,30}(?![.\w@])/g, ' ');
  const named = (raw: string): string | null => {
    // "By Jo Kim for Example.com": the name and its affiliation; "Jo Kim 4 May 2025": the name before its stamp;
    // "Kolumne von Jo Kim", "An analysis by Jo Kim": the by-word after the piece's genre; "Autorin/Autor Jo Kim": a label.
    let seg = raw.replace(/^(?:\p{L}+\s+){1,2}(by|von|par|di|por|door|av|af)\s+(?=\p{Lu})/u, 'By ')
      .replace(/^(?:autor(?:in)?(?:\/autor(?:in)?)?|author|auteur|autore)\s+(?=\p{Lu})/iu, '');
    // The affiliation after a by-lined name ("By Jo Kim for Example.com"); a line without a by-word
    // that goes on with "für"/"for" is a heading ("Günstige Minuten-Tarife für Normalsurfer").
    if (startsWithByLead(seg)) seg = seg.replace(AFFILIATION, '');
    const stamped = Boolean(seg) && isStampLine(seg, weightOf(seg));
    // "Posted on March 10, 2025 by Jo Kim": the by-line after the stamp (the blog engines' "on <date> by <author>").
    const after = stamped ? byLineAfterStamp(seg) : null;
    if (after) return named(after);
    if (stamped) seg = beforeStamp(seg);
    if (!seg || isStampLine(seg, weightOf(seg)) || (isFurniture(seg) && !isBylineWithAgency(seg))) return null;
    // The buttons of social networks after the name ("Jo Kim Twitter"): dropped; a name holds none.
    const by = startsWithByLead(seg);
    const lead = by ? `${seg.slice(0, byLeadLength(seg)).trim()} ` : '';
    const ws = (by ? stripByLead(seg) : seg).split(/\s+/);
    while (ws.length > 2 && NETWORK.test(ws[ws.length - 1]!)) ws.pop();
    if (ws.some((w) => NETWORK.test(w))) return null;
    if (by && namesPeople(`By ${ws.join(' ')}`)) return lead + ws.join(' ');
    // A desk's name ("Example Health News", "Harbour Newsroom") is no person's with a title after it.
    if (DESK_END.test(ws[ws.length - 1]!)) return null;
    // A job title after the name: title words dropped from the end.
    while (ws.length > 2 && isTitleOnly(ws[ws.length - 1]!)) ws.pop();
    const name = ws.join(' ');
    if (by) return namesPeople(`By ${name}`) ? lead + name : null;
    // "Jo Kim, Ana Ruiz (Special correspondent)": the names, their role in brackets set aside.
    if (isNamesLine(name, weightOf(name))) return name.replace(/\s*\([^()]{1,60}\)$/u, '');
    // Names run together are read only off a stamp line ("Jo Kim Ana Ruiz 8 June, 17:46"), where the date marks the byline.
    return stamped ? pairedNames(ws) : null;
  };
  // Pieces of the page run together where one element ends and the next begins ("Emma KellyLifestyle
  // Writer", "Jo KimTwitter"): the name is the piece before the seam.
  const seam = /\p{Ll}{3}(?=\p{Lu})/u.exec(spaced);
  // What follows the seam is a job title, a button or a stamp: a few words, not a headline run on ("Nationale DemoDer 9. Juli naht: …").
  const after = seam ? spaced.slice(seam.index + 3).trim() : '';
  if (seam && (after.split(/\s+/).length <= 4 || isStampLine(after, weightOf(after)))) {
    const before = named(spaced.slice(0, seam.index + 3).trim());
    if (before) return before;
  }
  const apart = spaced.replace(/(\p{Ll}{3})(\p{Lu})/gu, '$1 $2');
  const whole = named(apart.trim());
  if (whole) return whole;
  for (const segment of apart.split(/\s*[|•·]\s*|\s+[-–—/]\s+|,\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/u)) {
    const found = named(segment.trim());
    if (found) return found;
  }
  return null;
}

/**
 * "By Jo Kim / AFP", "By Jo Kim | AP": a by-lined name with its agency after a bar or slash, which
 * the breadcrumb shape of the furniture ("News / World") would otherwise take (AP Media API,
 * "About bylines": "By DAVID PITT", title "Associated Press").
 */
function isBylineWithAgency(text: string): boolean {
  const after = /\s[|/]\s+([^|/]{2,40})$/.exec(text);
  return after !== null && startsWithByLead(text) && canonicalAgency(after[1]!.trim()) !== null && namesPeople(text);
}

/**
 * What a line prints before its date stamp ("Jo Kim 4 May 2025" -> "Jo Kim", "Von dpa
 * 30.04.2024, 18:58" -> "Von dpa"); empty when what comes before is the stamp's own label
 * ("Son Güncelleme : 30.04.2024") or nothing.
 */
function beforeStamp(text: string): string {
  const m = DATE_SHAPE.exec(text) ?? RELATIVE_TIME.exec(text);
  if (!m || /:\s*$/u.test(text.slice(0, m.index))) return '';
  return text.slice(0, m.index).replace(DATE_LABEL_WORDS, ' ').replace(/(?<![\s,|•·/-])[\s,|•·/-]+$/u, '').trim();
}

/** Every date and time shape in a line. */
const DATE_SHAPES = new RegExp(DATE_SHAPE.source, 'giu');

/**
 * The by-line a stamp line goes on with right after its date ("on March 10, 2025 by Jo Kim" ->
 * "by Jo Kim"): only digits, punctuation and further dates between the date and the by-word. Null when none.
 */
function byLineAfterStamp(text: string): string | null {
  const m = DATE_SHAPE.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const by = /(?:^|[\s,])((?:by|By|BY|von|Von|par|Par|por|Por)\s+\p{Lu}.*)$/u.exec(rest);
  // (Another date or time may stand between: the updated one, run on, "June 12, 2025June 12, 2025, 4:05 p.m. by …".)
  if (!by || /\p{L}/u.test(rest.slice(0, by.index).replace(DATE_SHAPES, ' '))) return null;
  return by[1]!.trim();
}

/** The stamp of an audio or video player ("Audio 03:07 Min. | 25.04.24 | Jo Kim", "Kim 05.08.2024 04:03 min"): its name is the clip's, not the story's. */
const MEDIA_STAMP = /^(?:audio|video|podcast)\b|\b\d{1,2}:\d{2}\s*min\b/i;

/**
 * Names the page set in elements of their own, run together with spaces and no comma ("Jo Kim
 * Ana Ruiz Lea Berg"): where the words split into given name and surname pairs that are each a
 * name, the names. A run of an odd count, or of eight words and more (where middle names stand:
 * "Anna Maria Lund Jo Peter Kim"), cannot be split without knowing the names, and is none.
 */
function pairedNames(ws: string[]): string | null {
  if (ws.length < 4 || ws.length > 6 || ws.length % 2 !== 0 || !ws.every((w) => /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(w))) return null;
  const pairs: string[] = [];
  for (let k = 0; k < ws.length; k += 2) {
    const pair = `${ws[k]} ${ws[k + 1]}`;
    if (!isNamesLine(pair, 2)) return null;
    pairs.push(pair);
  }
  return pairs.join(', ');
}

/** A by-word before a capitalised name anywhere in a short line ("Kolumne von Jo Kim"). */
const BY_WORD_INSIDE = /(?:^|\s)(?:by|By|BY|von|Von|par|Par|di|por|Por)\s+\p{Lu}/u;

/** A label line before the author's name: "Author of the article:", "Autorin:", "Testo di:". */
const AUTHOR_LABEL = /^(?:author|authors|autor|autorin|autoren|auteur|autore|autora|forfatter|författare|text|texto|testo|written by)\b[^:]{0,30}:$/i;

/** A by-word closing a short line, the name on the next: "By", "Von:", "Kommentar von", "Analysis by". */
const BY_WORD_CLOSING = /^(?:\p{L}+\s+){1,2}(?:by|von|par|di|por|door|av|af)\s*:?$/iu;

/** Whether a line introduces the author's name on the next line. */
function introducesName(text: string): boolean {
  return isByWordAlone(text) || AUTHOR_LABEL.test(text) || (text.length <= 40 && BY_WORD_CLOSING.test(text) && !PICTURE_BY.test(`${text} X`));
}

/** A job title on the line below a name ("Correspondent in Athens", "Redakteurin", "Senior Travel Reporter"). */
const JOB_LINE = /^(?:[\p{L}-]+\s+){0,3}?(?:reporter|reporterin|writer|editor|correspondent|columnist|journalist|journalistin|redakteur|redakteurin|korrespondent|korrespondentin|volontär|volontärin|corresponsal|periodista|redactora?|rédact(?:eur|rice)|journaliste|correspondante?|giornalista|inviat[oa]|corrispondente|redaktør|reporter|journalisti?|toimittaja|dziennikar(?:z|ka)|redaktor(?:ka)?)(?:\s+(?:in|en|à|a|im|em|de|da|für|for|at|i|w)\s+[^,;]{1,40})?$/iu;

/** Whether line `i` stands in a byline block: a date stamp, a byline or a by-word within two lines, or its own stamp ("Jo Kim | 2 days ago"). */
export function inBylineBlock(judged: Judged[], i: number): boolean {
  if (judged[i]!.kind === 'date') return true;
  for (let j = Math.max(0, i - 2); j <= Math.min(judged.length - 1, i + 2); j++) {
    if (j === i) continue;
    const l = judged[j]!;
    if ((l.kind === 'date' && !MEDIA_STAMP.test(l.text)) || l.kind === 'byline' || isByWordAlone(l.text)) return true;
  }
  return false;
}

/** Whether a byline line names people (its affiliation and the stamp beside it set aside). */
function bylineNamesPeople(text: string): boolean {
  return namesPeople(text.replace(AFFILIATION, '').replace(/\s*[|•·]\s*.*$/u, ''));
}

/**
 * The author box after the story: a name introduced by a label or a by-word ("Autorin/Autor Jo
 * Kim", "Kommentar von" / "Jo Kim") beside a date stamp, in the lines after the story's end.
 */
function trailingByline(judged: Judged[], bodyEnd: number): PageLine | null {
  // The author's signature on the line after the last paragraph ("… the last sentence." / "Jo Kim").
  const sign = judged[bodyEnd + 1];
  if (sign && !sign.menu && (sign.kind === 'label' || sign.kind === 'title') && sign.weight >= 2 && sign.weight <= 4 && isNamesLine(sign.text, sign.weight) && bylineOf(sign.text) === sign.text) return sign;
  if (sign && !sign.menu && KOREAN_BYLINE.test(sign.text)) return { ...sign, text: bylineOf(sign.text)! };
  // A blog post's footer under its last paragraph, "Posted by Jo Kim at 8:15 AM" (Blogger's post
  // footer, Blogger Help "Post footer: Posted by / at"): its by-lined names, the time set aside.
  if (sign && !sign.menu && (sign.kind === 'byline' || sign.kind === 'date') && /^posted by\s/i.test(sign.text)) {
    const raw = sign.text.replace(/\s+(?:at|on)\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*$/iu, '');
    if (bylineNamesPeople(raw)) return { ...sign, text: raw };
  }
  for (let i = bodyEnd + 1; i < judged.length && i <= bodyEnd + TRAILER_REACH; i++) {
    const l = judged[i]!;
    if (l.weight > 8 || l.kind === 'prose' || l.kind === 'caption' || l.kind === 'credit') continue;
    const introduced = i > 0 && introducesName(judged[i - 1]!.text);
    const labelled = /^(?:autor(?:in)?(?:\/autor(?:in)?)?|author|auteur|autore)[\s:]+\p{Lu}/iu.test(l.text);
    if (!introduced && !labelled) continue;
    let dated = false;
    for (let j = Math.max(0, i - 2); j <= Math.min(judged.length - 1, i + 2); j++) if (judged[j]!.kind === 'date') dated = true;
    if (!dated) continue;
    const raw = bylineOf(introduced ? `By ${l.text}` : l.text);
    if (raw && namesPeople(startsWithByLead(raw) ? raw : `By ${raw}`)) return { ...l, text: raw };
  }
  return null;
}

/**
 * A byline above the headline, where pages print the author and the date over the title
 * ("Jo Kim" / "28. Juni 2025" / headline): the nearest line above that prints its by-word, or a
 * name with a date stamp beside it.
 */
function bylineAbove(judged: Judged[], headlineAt: number): PageLine | null {
  // A line the page prints in a menu as well ("Front Page" in the navigation, then over the story's date) is a section's name.
  const inMenus = new Set<string>();
  for (const l of judged) if (l.menu) inMenus.add(l.text);
  for (let i = headlineAt - 1; i >= 0 && i >= headlineAt - ABOVE_REACH; i--) {
    const l = judged[i]!;
    if (l.menu || inMenus.has(l.text) || l.weight > 14 || MEDIA_STAMP.test(l.text) || l.kind === 'prose' || l.kind === 'caption' || l.kind === 'credit' || l.kind === 'furniture') continue;
    const previousBy = i > 0 && introducesName(judged[i - 1]!.text);
    const raw = bylineOf(previousBy ? `By ${l.text}` : l.text);
    if (!raw) continue;
    if (!isNamesLine(stripByLead(raw), weightOf(stripByLead(raw)))) continue;
    // A name without its by-word: the whole line (or a stamp's), a date stamp beside it.
    const stamp = (d: Judged | undefined): boolean => d?.kind === 'date' && !MEDIA_STAMP.test(d.text);
    const dated = l.kind === 'date' || stamp(judged[i + 1]) || stamp(judged[i - 1]);
    if (l.kind === 'byline' ? !bylineNamesPeople(l.text) : !previousBy && !(dated && (l.kind === 'date' || raw === l.text))) continue;
    return raw === l.text ? l : { ...l, text: raw };
  }
  return null;
}

/**
 * The bylines between the headline (`headlineAt`, or -1) and the body's first lines
 * (`bodyStart`), the photographers the block names ("Photographs by Jo Kim"), and a wire agency a byline names alone ("By AFP": the story's source, and, as
 * printed, its byline when no person is named, as the AP Stylebook's "By The Associated Press").
 * When the head of the story names no one, the author box after the body's end (`bodyEnd`) is read.
 */
export function readBylineBlock(judged: Judged[], headlineAt: number, bodyStart: number, bodyEnd = -1): { bylines: PageLine[]; source: string | null; agencyBylines: PageLine[]; photographers: PageLine[] } {
  const from = headlineAt >= 0 ? headlineAt + 1 : Math.max(0, bodyStart - 8);
  const to = Math.min(judged.length - 1, Math.max(from + BLOCK_REACH, bodyStart + 10));
  // Strong bylines print their mark (a by-word, a label, a job title); weak ones are names beside a stamp.
  const found: Array<{ line: PageLine; strong: boolean }> = [];
  let source: string | null = null;
  // "By Associated Press", "Von DPA": the agency as printed, the byline of a story that names no one.
  const agencyBylines: PageLine[] = [];
  const photographers: PageLine[] = [];
  let lastByline = -1;
  let storyBegun = false;
  let paragraphs = 0;
  // A list of authors one per line goes on past the block's reach while each line follows the last.
  for (let i = from; i < judged.length && (i <= to || (lastByline >= 0 && i - lastByline <= 1)); i++) {
    const l = judged[i]!;
    // The block ends at the heading of a box that follows a story ("Related"), not at a button the
    // page prints over and over (a gallery's "Read More"), and past the story's third paragraph.
    if (STORY_END.test(l.text) && l.weight <= 12 && l.count <= 2) break;
    if (l.kind === 'prose' && i >= bodyStart && ++paragraphs > 3) break;
    // Once a byline is read and the story has begun, a later byline is a teaser's ("di Jo Kim" under a related headline).
    if (l.kind === 'prose' && i >= bodyStart && found.some((f) => f.strong)) storyBegun = true;
    if (l.kind === 'prose' || l.kind === 'caption' || l.kind === 'credit' || l.kind === 'furniture') continue;
    const previousBy = i > 0 && introducesName(judged[i - 1]!.text);
    // The line right after a byline already read.
    const chained = lastByline >= 0 && i - lastByline <= 1;
    // Short lines in a row read as a menu, unless a by-word opens them ("By" / "Jo Kim" / "Ana Ruiz"): those are the authors.
    const listedAuthor = previousBy || (chained && found[found.length - 1]!.strong);
    if ((l.menu && !BY_WORD_INSIDE.test(l.text) && !listedAuthor && !KOREAN_BYLINE.test(l.text)) || MEDIA_STAMP.test(l.text)) continue;
    const jobBelow = i + 1 < judged.length && judged[i + 1]!.weight <= 6 && JOB_LINE.test(judged[i + 1]!.text) && isNamesLine(l.text, l.weight);
    // Past the body's first lines only a byline with its "By" or its job title counts (a name alone there is the story's).
    if (i > bodyStart + 3 && paragraphs > 1 && l.kind !== 'byline' && !previousBy && !jobBelow) continue;
    // An agency's by-line with the date beside it ("Von dpa 30.04.2024, 18:58") reads as the by-line alone.
    const agencyLine = l.kind === 'byline' ? l.text : l.kind === 'date' && startsWithByLead(l.text) && !bylineOf(l.text) ? beforeStamp(l.text) : '';
    if (agencyLine && !bylineNamesPeople(agencyLine)) {
      const bare = stripByLead(agencyLine).trim();
      const agency = agencyInList(bare);
      if (agency) source ??= agency;
      // The line names the agency alone ("By Associated Press"), not inside a list ("tca/dpa").
      if (agency && canonicalAgency(bare) === agency && !agencyBylines.some((a) => canonicalAgency(a.text) === agency)) agencyBylines.push({ ...l, text: bare });
      continue;
    }
    // "Photographs by Jo Kim" in the block: the story's photographer (the credit line convention, Chicago Manual of Style 3.29-3.37).
    // (An illustrator or a video's maker is no photographer: that line is passed.)
    if (l.weight <= 8 && PICTURE_BY.test(l.text)) {
      const named = l.text.replace(PICTURE_BY, 'By');
      if (PHOTOS_BY.test(l.text) && namesPeople(named)) photographers.push({ ...l, text: named });
      continue;
    }
    // A job title on its own line under the name ("Jo Kim" / "Transport Correspondent", as BBC, Guardian and Spiegel pages set it) is the name's, no person.
    // (Not a name with its own title under another's, "Kari LundNews Reporter" / "Jo MarshNews Reporter".)
    if (!previousBy && lastByline === i - 1 && l.weight <= 6 && JOB_LINE.test(l.text) && !JOB_LINE.test(judged[i - 1]!.text)) continue;
    const raw = bylineOf(previousBy ? `By ${l.text}` : l.text);
    if (!raw) continue;
    if (storyBegun) break;
    // A name with a job title after it, or next to a byline already read, is in the block too.
    const bare = stripByLead(raw);
    const squashed = l.text.replace(/\s+/g, '');
    const rest = squashed.slice(bare.replace(/\s+/g, '').length).replace(/\([^()]*\)/g, '');
    const titled = l.kind !== 'byline' && squashed.startsWith(bare.replace(/\s+/g, '')) && /\p{L}/u.test(rest) && !isStampLine(l.text, l.weight);
    if (l.kind !== 'byline' && !previousBy && !titled && !jobBelow && !KOREAN_BYLINE.test(l.text) && !chained && !inBylineBlock(judged, i) && !(i < bodyStart && l.weight <= 3 && found.length === 0)) continue;
    const strong = l.kind === 'byline' || previousBy || titled || jobBelow || KOREAN_BYLINE.test(l.text) || (chained && found[found.length - 1]!.strong);
    found.push({ line: raw === l.text ? l : { ...l, text: raw }, strong });
    lastByline = i;
  }
  // A name alone beside a stamp gives way to a byline printed as one ("Jo Kim" above "By" / "Ana Ruiz").
  const strongOnes = found.filter((f) => f.strong);
  const bylines = (strongOnes.length ? strongOnes : found).map((f) => f.line);
  if (!bylines.length && headlineAt > 0) {
    const above = bylineAbove(judged, headlineAt);
    // A name without its by-word over the date gives way to a by-lined blog footer under the story ("Posted by Jo Kim").
    const footer = above && !startsWithByLead(above.text) && bodyEnd >= 0 ? trailingByline(judged, bodyEnd) : null;
    if (footer && startsWithByLead(footer.text)) bylines.push(footer);
    else if (above) bylines.push(above);
  }
  if (!bylines.length && bodyEnd >= 0) {
    const trailer = trailingByline(judged, bodyEnd);
    if (trailer) bylines.push(trailer);
  }
  return { bylines, source, agencyBylines: bylines.length ? [] : agencyBylines, photographers };
}
