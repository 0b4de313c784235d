import { MONTH_PATTERN, WEEKDAY_PATTERN, ZONE_ABBR_PATTERN } from '../extract/calendar.js';
import { isByWordAlone, startsWithByLead } from '../extract/by-lead.js';
import { rolePhrase } from '../extract/bylines.js';
import { looksLikePersonName, splitNameList } from '../extract/names.js';
import { FURNITURE_PHRASE, LEAD_IN, PROMO_LINE, READING_TIME, READING_TIME_WORD } from '../extract/boilerplate.js';
import { DATE_LABEL_WORDS } from '../text/page-line-kinds.js';

/**
 * Lines that are page furniture by their wording alone, whatever markup carries them: share and
 * follow prompts, "read more" leads, bare dates and bylines, picture credits, bare URLs. The words are the one boilerplate vocabulary's (src/extract/boilerplate.ts); only short
 * lines are judged by them, and a sentence of story text is never dropped for a word it contains.
 */

/** Month and weekday names of the one calendar (src/extract/calendar.ts). */
const MONTHS = MONTH_PATTERN;
const WEEKDAYS = WEEKDAY_PATTERN;
const DATE_WORD = new RegExp(
  `^(?:${MONTHS}|${WEEKDAYS}|ago|\\d{1,4}|st|nd|rd|th|h|am|pm|a|p|m|${ZONE_ABBR_PATTERN}|z|at|on|de|às|um|le|à|the|of|by|published|updated|posted|last|modified|uhr|h|hours?|minutes?|mins?|days?|weeks?|seconds?|just|now|today|yesterday|online|seit|heute|gestern)$`,
  'iu',
);

/**
 * A line that is only a date or time ("Nov. 19, 2019", "Published 10:05 GMT, 20 Nov 2019",
 * "Stand: 28.04.2023 16:11 Uhr"): the labels are the page-date reader's, in every language it reads.
 */
export function dateOnlyLine(text: string): boolean {
  if (text.length > 100 || !/\d/.test(text)) return false;
  // Pieces the page set in elements of their own run together ("18:50 UhrLesedauer: 4 Min."): apart again.
  const spaced = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  const words = spaced.replace(DATE_LABEL_WORDS, ' ').toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? [];
  if (!words.length || words.length > 20) return false;
  // A month or weekday name, a clock time, a numeric date or a reading time: a bare number is not a date.
  const dated = new RegExp(`^(?:${MONTHS}|${WEEKDAYS})$`, 'iu');
  if (!words.some((w) => dated.test(w)) && !/\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}/.test(text) && !READING_TIME.test(spaced)) return false;
  return words.every((w) => DATE_WORD.test(w) || READING_TIME_WORD.test(w));
}



const DATED = new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS})\\b|\\d{1,2}:\\d{2}`, 'iu');

/** A line of story text: a sentence's end after more words than a byline and its date take. */
function proseLine(line: string): boolean {
  return line.split(/\s+/).length > 12 && /[.!?]["'”’»]?$/u.test(line) && !dateOnlyLine(line);
}

/**
 * A short "By Name — date" line. A block whose later printed lines go on into the story ("By JO KIM<br>WASHINGTON
 * (AP) — The court heard …": AP prints the byline over the dateline, in one paragraph where a page keeps the line
 * break) holds story text as well, and is no byline line.
 */
export function bylineLine(text: string): boolean {
  if (text.length > 140 || !startsWithByLead(text)) return false;
  if (text.split('\n').slice(1).some((line) => proseLine(line.trim()))) return false;
  const words = text.split(/\s+/).length;
  if (words <= 20 && DATED.test(text)) return true;
  return words <= 12 && !/[.!?]["'”’]?$/.test(text.replace(/\b(?:jr|sr|dr|st)\.$/i, ''));
}

/**
 * "Edited by Jo Kim", "Fact checked by Ana Roe": a credit line of a role other than writing, only
 * names after the role (schema.org's editor and reviewedBy are fields of their own, no story text).
 */
export function roleCreditLine(text: string): boolean {
  if (text.length > 80) return false;
  const phrase = rolePhrase(text);
  if (!phrase || phrase.roles.includes('author') || phrase.roles.includes('writing')) return false;
  // Only the "<role> by" line set apart ("Redaktion: …" and "With reporting by ….", a story's closing credit, stay for the trailer reader).
  const lead = text.slice(0, text.length - phrase.rest.length).trim();
  if (!/\bby$/i.test(lead) || /^with\b/i.test(lead) || /[.!?]$/.test(text)) return false;
  const names = splitNameList(phrase.rest);
  return names.length > 0 && names.length <= 4 && names.every((n) => looksLikePersonName(n));
}

/**
 * A line that prints nothing but the story's byline: the names the byline reader found, with a
 * by-word, a date or time and separators around them ("Jane Roe", "Do 25.04.24 | 14:07 Uhr | Von
 * Jane Roe", "5 June 2024 / Jane Roe"). The byline element set inside the story's container,
 * or a signature under it: the byline field states it, the body does not repeat it.
 */
export function bylineOnlyLine(text: string, names: readonly string[]): boolean {
  if (text.length > 160 || names.length === 0) return false;
  let rest = text;
  let found = false;
  for (const name of names) {
    if (name.length < 3 || !rest.includes(name)) continue;
    rest = rest.split(name).join(' ');
    found = true;
  }
  if (!found) return false;
  // What is left: by-words, "and", separators, and at most a date line.
  const words = rest.split(/[\s|,;/·•–—-]+/).filter((w) => w && !isByWordAlone(w) && !/^(?:and|und|et|y|e|og|en|och|i)$/i.test(w) && !/^[.:()]+$/.test(w));
  return words.length === 0 || dateOnlyLine(words.join(' '));
}

/** A bare count ("2.289", "1,204 views", "35 comments"). */
const COUNTER_LINE = /^\d[\d.,]*\s*(?:k|views?|reads?|letture|visualizações|lecturas|shares?|comments?|kommentare|commentaires|comentários)?$/iu;

/** A gallery's position line: "1 / 9", "Image 1 of 9", "Slide 2 of 5", "Bild 1 von 9", "Foto 3 de 12". */
const GALLERY_POSITION = /^(?:(?:images?|photos?|pictures?|slides?|bild|bilder|fotos?|imagen|immagine|billede|bilde)\s+)?\d{1,3}\s*(?:\/|(?:of|von|de|sur|di|af|av|van|z|из)\s*\/?)\s*\d{1,3}$/iu;

/** A live blog's entry stamp: "21:00 Jane Roe", "2 hours ago10:05 Jon King", "20:42 KEY EVENT". */
const LIVE_STAMP = /^(?:\d+\s*(?:mins?|minutes?|hours?|hrs?|days?)\s+ago\s*)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[\p{L}\s.'’-]{0,40}$/iu;



/** The label a picture's credit opens with in a caption ("Foto:", "Photo credit:", "Bildrechte:"). */
const PICTURE_LABEL = String.raw`(?:foto|photo|photograph|image|picture|bild|bildrechte|bildquelle|credit|crédit|imagen|imagem)s?(?: credit)?\s*:\s*`;
/** A caption that escaped its figure, its labelled credit set off by a bar or a bracket ("… | Foto: Jan Holm"). */
const ESCAPED_CAPTION_BRACKETED = new RegExp(String.raw`(?:\||\(|\[)\s*${PICTURE_LABEL}[^|()[\]]{1,80}[)\]]?$`, 'iu');
/** … or after its last sentence ("… in der Schlachthalle. Bildrechte: MDR/Jo Kim"). */
const ESCAPED_CAPTION_AFTER_SENTENCE = new RegExp(String.raw`[.!?"”]\s+${PICTURE_LABEL}(?:[^|()[\].!?]|\.(?=\S)){1,80}$`, 'iu');

/** True when the line is furniture by its wording. */
export function furnitureLine(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  // A by-word in an element of its own, its name in the next ("By", "Von:"): the byline's, not the story's.
  if (isByWordAlone(t)) return true;
  if (t.length <= 80 && FURNITURE_PHRASE.test(t)) return true;
  if (/^(?:https?:\/\/|www\.)\S+\.(?:jpe?g|png|gif|webp)(?:\?\S*)?$/i.test(t)) return true;
  if (/^(?:twitter\.com\/\w+|@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/i.test(t)) return true;
  if (t.length <= 160 && PROMO_LINE.test(t)) return true;
  if (t.length <= 160 && LEAD_IN.test(t)) return true;
  if (COUNTER_LINE.test(t) || GALLERY_POSITION.test(t)) return true;
  // A caption that escaped its figure: it ends with the picture's credit.
  if (t.length <= 400 && ESCAPED_CAPTION_BRACKETED.test(t)) return true;
  // … or a picture credit label after its last sentence ("… in der Schlachthalle. Bildrechte: MDR/Jo Kim").
  if (t.length <= 400 && ESCAPED_CAPTION_AFTER_SENTENCE.test(t)) return true;
  if (t.length <= 60 && LIVE_STAMP.test(t)) return true;
  if (t.length <= 120 && /[\w.+-]+@[\w-]+\.[\w.-]+/.test(t) && !/[.!?]["'”’]?$/.test(t.replace(/@\S+$/, ''))) return true;
  if (t.length <= 400 && /^(?:pictured|picture|photo|photograph|image|foto|bild)\b\s*(?::|above|below|left|right|from|at|with|is|are)/iu.test(t)) return true;
  if (t.length <= 60 && /^(?:©|\(c\)|copyright\b|photo:|image:|credit:|picture:|source: getty|getty images)/iu.test(t)) return true;
  return dateOnlyLine(t) || bylineLine(t) || roleCreditLine(t);
}
