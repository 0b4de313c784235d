import { monthNumber } from '../extract/calendar.js';

/**
 * Paragraphs of hard-wrapped plain text: press releases sent by e-mail (RFC 5322 asks for lines of
 * at most 78 characters, RFC 3676 for 66-72 in flowed text) and copy pasted from terminals are
 * broken into lines of a fixed width; paragraphs are separated by blank lines or begin with an
 * indented line. `reflow` joins the lines of each paragraph back into one.
 *
 * A line break is the wrapper's own when the next line's first word would not have fitted on
 * the line (a greedy wrapper moves a word down only then); any other break (a short line, a
 * heading, an address or list line, an indented first line) is the writer's. Linear in the text.
 */

interface Line {
  text: string;
  indent: number;
  blank: boolean;
}

const LIST_MARK = /^(?:[-*•·–]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)/i;

/**
 * A list item's first line: a bullet, a number or a letter and its mark. A day of the month
 * written as an ordinal before the month's name ("7. Oktober", "1. mai"), as German and the
 * Scandinavian languages write dates, is a date in a sentence, not an item.
 */
function isListItem(line: string): boolean {
  if (!LIST_MARK.test(line)) return false;
  const date = /^\d{1,2}\.\s(\p{L}{3,12})/u.exec(line);
  return date === null || monthNumber(date[1]!) === null;
}

/** Width in characters (code points): what a terminal or mailer counted. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function firstWordWidth(s: string): number {
  const m = /^\S+/.exec(s);
  return m ? width(m[0]) : 0;
}

/** A line's indentation in columns (a tab counts four). */
export function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
}

/** A line of running words: three spaces or more (a menu item, a button or a stamp has fewer), and no tab (a table's row). */
function worded(line: string): boolean {
  const t = line.trim();
  return !t.includes('\t') && (t.match(/ /g)?.length ?? 0) >= 3;
}

/**
 * The lines' wrap width, or null when the text is not hard-wrapped. Measured on the lines of
 * running words, where a wrapper breaks: a copied web page wrapped by a terminal or a mailer has
 * menus, buttons and stamps of a few words between its paragraphs, and those keep their own short
 * lines.
 */
export function wrapWidth(text: string): number | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const lengths: number[] = [];
  // The lines another line of the same paragraph follows: the ones a wrapper fills. A headline or
  // a closing line set apart by blank lines may run past the width (a release's title, a footer).
  const inner: number[] = [];
  let chars = 0;
  let wordedChars = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trimEnd();
    if (!t.trim()) continue;
    const n = width(t);
    chars += n;
    if (!worded(t)) continue;
    wordedChars += n;
    lengths.push(n);
    if (lines[i + 1]?.trim()) inner.push(n);
  }
  if (lengths.length < 4) return null;
  // Word wrapping breaks at spaces: text written without them (Chinese, Japanese) is not word-wrapped.
  if (wordedChars < chars * 0.5) return null;
  const sorted = [...(inner.length >= 4 ? inner : lengths)].sort((a, b) => a - b);
  const w = sorted[Math.floor(sorted.length * 0.9)]!;
  // Page dumps and unwrapped text have paragraphs far longer than any terminal line.
  if (w < 30 || w > 100) return null;
  const over = lengths.filter((n) => n > w + 8).length;
  if (over > Math.max(1, lengths.length * 0.05)) return null;
  // Enough breaks after a line of running words must be the wrapper's: the next word would not have fitted.
  let breaks = 0;
  let soft = 0;
  // A wrapper breaks inside sentences, so some of the lines it makes (a fifth at least) go on with a
  // word in lower case; a list of headlines of about the same length (a page's teasers) starts each
  // with a capital or a figure.
  let midSentence = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const cur = lines[i]!.trimEnd();
    const next = lines[i + 1]!.trim();
    if (!worded(cur) || !next) continue;
    breaks++;
    if (width(cur) + 1 + firstWordWidth(next) <= w) continue;
    soft++;
    if (/^[\p{P}]*\p{Ll}/u.test(next)) midSentence++;
  }
  if (soft < 3 || soft / breaks < 0.3) return null;
  // (Text in capitals throughout, as old wire copy is set, has no lower-case words to show it.)
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
  return lower < letters * 0.1 || midSentence / soft >= 0.2 ? w : null;
}

/**
 * A line in title case that ends on a lower-case word ("… Wave Turbines to" / "Three Ports"): title
 * case capitalises a title's last word (Chicago Manual of Style 8.159), so a title line ending on a
 * small word goes on, whatever the width it was broken at. Any paragraph's first line is tested (a
 * release's headline need not open the text), of four words or more, most of its words and of its
 * long words capitalised; an indented line or a list item under it still opens a paragraph.
 */
function titleGoesOn(line: string, lines: number): boolean {
  return lines === 1 && /\s\p{Ll}{1,4}$/u.test(line) && !/[.!?:;,]$/.test(line) && inTitleCase(line);
}

/** A line of four words or more in title case: most of its words and of its long words capitalised (see titleGoesOn). */
function inTitleCase(line: string): boolean {
  const words = line.split(/\s+/);
  const long = words.filter((w) => w.length > 4);
  // Most words capitalised, not only the long ones: German capitalises every noun, so a sentence-case
  // German headline ("Wann sie sind - und wie das Wetter wird") has its long words capitalised too.
  const lettered = words.filter((w) => /\p{L}/u.test(w));
  const capitalised = lettered.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length >= 4 && long.length >= 2 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= long.length * 0.8 && capitalised >= lettered.length * 0.6;
}

/**
 * Words that open a sentence, capitalised only there in running text: articles, pronouns,
 * prepositions and conjunctions of the languages written with spaces between words in the Latin
 * script (closed word classes, as any grammar lists them). A line set in the middle of a sentence
 * starts with one of them in lower case; one in capitals after a line without a sentence's end
 * opens the text under a heading. Name particles that stand capitalised inside sentences ("De
 * Souza", "La Liga", "Van Gogh", "El Salvador", "Le Monde") and the German polite "Sie", "Ihr"
 * are not among them, nor are words of one letter (initials).
 */
const SENTENCE_OPENERS = new Set([
  // English
  'the', 'an', 'in', 'on', 'at', 'for', 'with', 'when', 'while', 'after', 'before', 'as', 'but', 'and', 'this', 'that', 'these',
  'those', 'it', 'its', 'he', 'she', 'they', 'we', 'there', 'his', 'her', 'their', 'our', 'some', 'many', 'most', 'from', 'if',
  'although', 'since', 'during', 'despite', 'according', 'amid', 'under', 'over', 'about', 'what', 'how', 'why', 'who',
  // German
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'eines', 'für', 'mit', 'seit', 'nach', 'bei',
  'vor', 'aus', 'auf', 'im', 'am', 'um', 'zum', 'zur', 'über', 'unter', 'durch', 'gegen', 'ohne', 'wie', 'wenn', 'als', 'ob',
  'weil', 'dass', 'doch', 'aber', 'und', 'oder', 'es', 'er', 'wir', 'ich', 'man', 'diese', 'dieser', 'dieses', 'nun', 'laut',
  // French
  'les', 'un', 'une', 'des', 'dans', 'pour', 'avec', 'sur', 'en', 'au', 'aux', 'après', 'avant', 'selon', 'depuis', 'mais', 'et',
  'il', 'elle', 'ils', 'elles', 'on', 'nous', 'ce', 'cette', 'ces', 'cet', 'lors', 'alors', 'si', 'quand',
  // Spanish, Portuguese, Italian
  'los', 'las', 'una', 'unos', 'unas', 'con', 'por', 'para', 'según', 'desde', 'tras', 'durante', 'pero', 'que', 'este', 'esta',
  'estos', 'estas', 'su', 'sus', 'os', 'as', 'um', 'uma', 'em', 'no', 'na', 'nos', 'nas', 'com', 'segundo', 'após', 'mas', 'ele',
  'ela', 'gli', 'uno', 'per', 'dopo', 'ma', 'che', 'questo', 'questa', 'nel', 'nella', 'sul', 'sulla',
  // Dutch, the Scandinavian languages
  'het', 'een', 'met', 'voor', 'op', 'volgens', 'maar', 'dat', 'deze', 'dit', 'hij', 'zij', 'ze', 'er',
  'det', 'ett', 'et', 'på', 'med', 'för', 'efter', 'etter', 'men', 'och', 'og', 'som', 'han', 'hon', 'hun', 'vi', 'dette', 'denne',
]);

/** A line that opens a sentence with one of the sentence's opening words in capitals ("With the US government absent …"). */
function opensSentence(line: string): boolean {
  const m = /^[„"“«‘']?(\p{Lu}\p{Ll}+)(?=[\s,])/u.exec(line);
  return m !== null && SENTENCE_OPENERS.has(m[1]!.toLowerCase());
}

/** Small words a sentence never ends on besides its openers: articles, prepositions, particles and conjunctions ("… the district of", "… according to"). */
const GOES_ON_WORDS = new Set(['a', 'of', 'to', 'by', 'or', 'nor', 'than', 'into', 'onto', 'upon', 'via', 'against', 'between', 'among', 'without', 'within',
  'toward', 'towards', 'across', 'behind', 'beyond', 'near', 'per', 'like', 'unlike', 'including', 'whose', 'which', 'whether', 'because', 'not',
  'de', 'la', 'le', 'el', 'lo', 'il', 'di', 'da', 'do', 'du', 'del', 'della', 'van', 'von', 'zu', 'y', 'e', 'o', 'i', 'à', 'ao', 'dos', 'das', 'het',
  'zwischen', 'trotz', 'während', 'innerhalb', 'außerhalb', 'contre', 'entre', 'sans', 'vers', 'chez', 'par', 'qui', 'dont', 'contra', 'sin', 'hacia',
  'sobre', 'ante', 'bajo', 'contro', 'tra', 'fra', 'senza', 'verso', 'sem', 'pelo', 'pela', 'tegen', 'tussen', 'zonder', 'naar', 'mot', 'mellom',
  'mellan', 'uten', 'utan', 'fra', 'från', 'hos', 'af', 'av', 'til', 'till', 'ist', 'sind', 'is', 'are', 'was', 'were']);

/**
 * A line that ends where a sentence goes on: on a comma, a colon or a dash, on one of the
 * sentence's small words ("… according to", "… für die"), or inside a parenthesis ("… in
 * Johnstown, Pa. (AP" / "Photo/Alex Brandon)").
 */
function endsMidSentence(line: string): boolean {
  if (/[,:;–—-]$/u.test(line)) return true;
  if (line.lastIndexOf('(') > line.lastIndexOf(')')) return true;
  // (The last word found from a non-letter before it, at most twenty letters on: linear on a line of any length.)
  // A sentence's opening word in capitals at a line's end opens the sentence the next line goes on with ("… Freilassung. Am" /
  // "7. Oktober …"); a title in title case may end on one ("… Talking About It"), but not after a sentence's end.
  const m = /(?:^|[^\p{L}])(\p{L}{1,20})$/u.exec(line);
  if (m === null) return false;
  const word = m[1]!.toLowerCase();
  if (/^\p{Ll}/u.test(m[1]!)) return SENTENCE_OPENERS.has(word) || GOES_ON_WORDS.has(word);
  return SENTENCE_OPENERS.has(word) && (/[.!?]\s{1,3}\p{L}{1,20}$/u.test(line) || !inTitleCase(line));
}

/** A sentence's end: its mark, and a closing quote or bracket after it. */
const SENTENCE_END = /[.!?…]["'”’»)\]]?$/u;

/**
 * Where each line of the text stands: the lines that follow it, and whether it stands anywhere
 * right after a writer's break (after a blank line, or after a line the wrapper had room to go on
 * on). A line printed more than once in a page's text (a headline above the story and again over
 * it, a menu's entry) is one of the page's own lines, not a wrapper's piece of a paragraph:
 * - when it is followed by different lines (a paragraph printed twice is wrapped the same way twice);
 * - when it stands elsewhere after a writer's break, as the first words of a line of its own.
 */
class LineCompany {
  private readonly after = new Map<string, Set<string>>();
  private readonly opensLine = new Set<string>();
  constructor(lines: readonly Line[], w: number) {
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i]!.text;
      if (!t) continue;
      const next = lines[i + 1]?.text ?? '';
      const set = this.after.get(t);
      if (!set) this.after.set(t, new Set([next]));
      else if (set.size < 3) set.add(next);
      const prev = lines[i - 1];
      if (!prev || prev.blank || width(prev.text) + prev.indent + 1 + firstWordWidth(t) <= w) this.opensLine.add(t);
    }
  }

  /**
   * Whether `line` stands elsewhere in the text before another line than `next`, or `next` (of
   * three words or more) opens a line of its own elsewhere. (A wrapped paragraph's last words may
   * close two paragraphs: "Arbeitsmarkt", a credit printed under every caption, "2025. (Photo: …)".)
   */
  keptApart(line: string, next: string): boolean {
    return (this.after.get(line)?.size ?? 0) > 1 || ((next.match(/\s+/g)?.length ?? 0) >= 2 && this.opensLine.has(next));
  }
}

/** What a caller knows about its text's lines. */
export interface ReflowOptions {
  /**
   * A line that stands on its own wherever it stands (a page's byline, date stamp or a name
   * alone): never the words a paragraph goes on with.
   */
  standsAlone?: (line: string) => boolean;
}

/** A paragraph of reflowed text and the number (from 1) of the input line it starts on. */
export interface Paragraph {
  text: string;
  line: number;
}

/**
 * The paragraphs of hard-wrapped text, each numbered by the input line it starts on (so that what
 * is read from it can name its line), or null when the text is not hard-wrapped.
 */
export function reflowParagraphs(text: string, options: ReflowOptions = {}): Paragraph[] | null {
  const w = wrapWidth(text);
  if (w === null) return null;
  const lines: Line[] = text.replace(/\r\n?/g, '\n').split('\n').map((raw) => {
    const t = raw.trimEnd();
    return { text: t.trim(), indent: indentOf(t), blank: t.trim() === '' };
  });
  const company = new LineCompany(lines, w);
  const out: Paragraph[] = [];
  let para: string[] = [];
  let first = 0;
  const flush = (): void => {
    if (para.length) out.push({ text: para.join(' '), line: first + 1 });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.blank) {
      flush();
      continue;
    }
    if (para.length) {
      const prev = lines[i - 1]!;
      const wrapped = width(prev.text) + prev.indent + 1 + firstWordWidth(l.text) > w;
      // An indented line opens a paragraph, unless it hangs under a list item's text.
      const indented = l.indent > prev.indent && !isListItem(para[0]!);
      // A line that prints the paragraph's first line again opens its own (a heading printed twice), as does one that
      // prints the line above's last words again (a breadcrumb run into the headline, "HomeNewsFerry fares rise", then the headline).
      const repeated = l.text === para[0] || ((l.text.match(/\s+/g)?.length ?? 0) >= 2 && prev.text.endsWith(l.text));
      // After a sentence's end, a short line with a capital that the text goes on from without a
      // break is a line of its own (a button, a section's name), not a paragraph's last words.
      const next = lines[i + 1];
      // A line wrapped right after a label's colon ("… on Friday. Photo:" / "Ida Berg") goes on with the label's value:
      // a credit line is its label and name together (Chicago Manual of Style, 3.29-3.37, credit lines).
      const labelWaits = /\p{L}[:：]$/u.test(prev.text);
      // A line that goes on in lower case is the sentence's next words, whatever it looks like alone ("innerhalb von 48
      // Stunden"); so is any line after one that ends where its sentence goes on ("… left, on" / "Aug. 7, 2024 and …",
      // "… in Johnstown," / "Pa. (AP Photo/…)"). Neither opens a paragraph through own, underHeading or apart below.
      const lowerGoesOn = /^\p{P}*\p{Ll}/u.test(l.text);
      const goesOn = endsMidSentence(prev.text);
      const closed = SENTENCE_END.test(prev.text);
      const own = !labelWaits && !goesOn && ((/[.!?]["'”’»)]?$/u.test(prev.text) && /^\p{P}*\p{Lu}/u.test(l.text) && width(l.text) < w / 2 && next !== undefined && !next.blank) ||
        (!lowerGoesOn && (options.standsAlone?.(l.text) ?? false)));
      // A first line without a sentence's end, under which the text opens a sentence ("… a guide to global action" /
      // "With the US government absent …"), is a heading over it: a sentence's words go on in lower case there.
      // (In a title case line the capital proves nothing: "… Deeply Disillusioned" / "With the Military".)
      const underHeading = para.length === 1 && !closed && !goesOn && opensSentence(l.text) && !inTitleCase(prev.text);
      // A line without a sentence's end that the text prints elsewhere in other company is a whole line of the page's (see
      // LineCompany): a heading, a menu's entry. (After a sentence's end the next line may be a credit the page prints under
      // every picture: "… on Friday. Photo: Ida Berg." / "Styling: Jo Kim", the caption's own.)
      const apart = !lowerGoesOn && !closed && !goesOn && company.keptApart(prev.text, l.text);
      // A stamp or byline line that stands alone ends there, even at full width, unless it breaks after a comma or a conjunction
      // or the next line goes on in lower case ("… by Jo Kim" / "and Ana Ruiz").
      const afterAlone = para.length === 1 && !/(?:[,;&]|\s(?:and|und|et|y|e|og|en|och))$/iu.test(prev.text) && !/^[\p{Ll}&]/u.test(l.text) && (options.standsAlone?.(prev.text) ?? false);
      // A title line that goes on joins its next line, unless that line is indented or a list item: those open a paragraph whatever the line above.
      const newParagraph = indented || isListItem(l.text) || (!titleGoesOn(prev.text, para.length) && (!wrapped || repeated || own || afterAlone || underHeading || apart));
      if (newParagraph) flush();
    }
    if (!para.length) first = i;
    // A word hyphenated across the break is one word again ("well-" + "known").
    const last = para.length - 1;
    if (last >= 0 && /\p{L}-$/u.test(para[last]!) && /^\p{Ll}/u.test(l.text)) para[last] += l.text;
    else para.push(l.text);
  }
  flush();
  return out;
}

/**
 * The text with each paragraph on one line and paragraphs separated by a blank line; text that is
 * not hard-wrapped comes back unchanged.
 */
export function reflow(text: string, options: ReflowOptions = {}): string {
  const paragraphs = reflowParagraphs(text, options);
  return paragraphs ? paragraphs.map((p) => p.text).join('\n\n') : text;
}

/**
 * Paragraphs of lines a wire sends as typed: a blank line ends one, and an indented first line
 * opens one (a teleprinter's paragraph indent, which IPTC 7901 and ANPA-1312 copy keeps), unless
 * it hangs under a list item's text; a list item is a paragraph of its own. Lines of a paragraph
 * are joined with a space. For text that is not hard-wrapped too.
 */
export function indentedParagraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  let para: string[] = [];
  let prevIndent = 0;
  const flush = (): void => {
    if (para.length) out.push(para.join(' '));
    para = [];
  };
  for (const raw of lines) {
    const t = raw.trimEnd();
    const text = t.trim();
    if (!text) {
      flush();
      continue;
    }
    const indent = indentOf(t);
    if (para.length && ((indent > prevIndent && !isListItem(para[0]!)) || isListItem(text))) flush();
    para.push(text);
    prevIndent = indent;
  }
  flush();
  return out;
}

/** Elements that end a line of text where they open or close (a paragraph's or a cell's edge). */
const LINE_EDGE_TAGS = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'tr', 'td', 'th', 'pre', 'figure', 'figcaption', 'section', 'article', 'dl', 'dt', 'dd', 'hr', 'caption']);

/**
 * Body markup whose `<br>`s are a wrapper's, not the writer's: wire copy converted to HTML line by
 * line keeps the teleprinter's line ends as `<br>` inside each paragraph ("… top grade return at
 * <br />centre in the Sydney …"). Where the lines of running words are hard-wrapped (wrapWidth,
 * as for plain text), a `<br>` after which the next word would not have fitted on the line, or
 * that ends a line filling most of the width, becomes a space; any other stays. Text in `<pre>`
 * is never touched. Returns the markup with the breaks joined, or null when none is a wrapper's.
 * Linear in the markup, which must be well-formed (sanitized).
 */
export function unwrapMarkupBreaks(html: string): string | null {
  // wrapWidth asks for three wrapper's breaks, and inside a paragraph only a <br> makes one.
  if ((html.match(/<br\b/gi)?.length ?? 0) < 3) return null;
  const tokens = html.split(/(<[^<>]*>)/);
  interface MarkupLine { text: string; br: number; edge: boolean }
  const lines: MarkupLine[] = [];
  let text = '';
  let pre = 0;
  const end = (br: number, edge: boolean): void => {
    lines.push({ text: text.replace(/&[#\w]+;/g, 'x').replace(/\s+/g, ' ').trim(), br: pre > 0 ? -1 : br, edge });
    text = '';
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith('<')) {
      text += t;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][\w-]*)/.exec(t);
    if (!m) continue;
    const name = m[2]!.toLowerCase();
    if (name === 'br') end(i, false);
    else if (LINE_EDGE_TAGS.has(name)) {
      if (name === 'pre') pre = Math.max(0, pre + (m[1] ? -1 : 1));
      end(-1, true);
    }
  }
  end(-1, true);
  // The lines as plain text (a blank line where a paragraph ends) for the width test.
  const plain: string[] = [];
  for (const l of lines) {
    if (l.text) plain.push(l.text);
    if (l.edge && plain.length && plain[plain.length - 1] !== '') plain.push('');
  }
  const w = wrapWidth(plain.join('\n'));
  if (w === null) return null;
  const joined = new Set<number>();
  for (let k = 0; k + 1 < lines.length; k++) {
    const l = lines[k]!;
    const next = lines[k + 1]!;
    if (l.br < 0 || !l.text || !next.text) continue;
    // A converter's wrapper is not always greedy to the column: a line that fills most of the width
    // (seven eighths) ends where the wrapper broke it too.
    if (width(l.text) + 1 + firstWordWidth(next.text) > w || width(l.text) >= 0.875 * w) joined.add(l.br);
  }
  if (!joined.size) return null;
  return tokens.map((t, i) => (joined.has(i) ? ' ' : t)).join('');
}
