import { MONTH_PATTERN, WEEKDAY_PATTERN } from '../extract/calendar.js';

/**
 * Lines that are page furniture by their wording alone, whatever markup carries them: share and
 * follow prompts, "read more" leads, bare dates and bylines, picture credits, bare URLs. Only
 * short lines are judged; a sentence of story text is never dropped for a word it contains.
 */

const FURNITURE_PHRASE = new RegExp(
  '^(?:' +
    [
      'advert(?:isement)?s?', 'anzeige', 'publicidad', 'publicité', 'pubblicità', 'sponsored(?: content| links?)?',
      'share(?: this)?(?: article| story| post| page)?(?: on \\w+)?', 'sharing is caring', 'tweet', 'e-?mail', 'print',
      'comments?', '\\d+ comments?', 'leave a (?:comment|reply)', 'post a comment', 'read more', 'read next', 'read also',
      'see also', 'related(?: articles?| stories| posts| content| coverage| news| links?)?', 'more from [^.!?]{1,40}',
      'more on this(?: story| topic)?', 'you (?:may|might) also like', 'recommended(?: for you)?', 'trending(?: now)?',
      'most (?:read|popular|viewed)', 'continue reading', 'click here', 'sign up', 'subscribe(?: now)?', 'follow us',
      'loading(?: content)?', 'image', 'photo', 'caption', 'video', 'play video', 'watch', 'listen', 'close', 'next post',
      'previous post', 'next article', 'previous article', 'filed under', 'tags?', 'topics', 'categories', 'text size',
      'highlights', 'back to top', 'top stories', 'this slideshow requires javascript', 'skip to (?:main )?content',
      'tell us what you think', 'what do you think', 'like this:?', 'loading\\.{3}', 'show comments', 'view comments',
      'open in app', 'download the app', 'listen to this article', 'reading time', 'advertisement - scroll to continue',
      'like loading\\.*', '(?:tempo de |temps de |tiempo de )?(?:reading time|leitura|lecture|lectura)\\s*:?\\s*\\d+\\s*(?:min\\w*)?',
      '\\d+\\s*min(?:ute)?s?\\s+read', 'more', "don'?t miss", 'must read', 'explore further', 'iklan', 'werbung', 'lesen sie auch', 'lire aussi', 'leia também',
      'leia mais', 'lee también', 'ver también', 'watch more', 'editor\'?s picks?', 'popular stories', 'latest news',
    ].join('|') +
    // Not `\b`: it is ASCII-only, so it never follows "publicité" or "pubblicità".
    ')(?![\\p{L}\\p{N}])[\\s:.!…\\-–—]*$',
  'iu',
);

/** Month and weekday names of the one calendar (src/extract/calendar.ts). */
const MONTHS = MONTH_PATTERN;
const WEEKDAYS = WEEKDAY_PATTERN;
const DATE_WORD = new RegExp(
  `^(?:${MONTHS}|${WEEKDAYS}|ago|\\d{1,4}|st|nd|rd|th|h|am|pm|a|p|m|gmt|utc|bst|cet|cest|edt|est|cdt|cst|pdt|pst|et|pt|amt|ist|aest|z|at|on|de|às|um|le|à|the|of|by|published|updated|posted|last|modified|uhr|h|hours?|minutes?|mins?|days?|weeks?|seconds?|just|now|today|yesterday|online|seit|heute|gestern)$`,
  'iu',
);

/** A line that is only a date or time ("Nov. 19, 2019", "Published 10:05 GMT, 20 Nov 2019"). */
export function dateOnlyLine(text: string): boolean {
  if (text.length > 100 || !/\d/.test(text)) return false;
  const words = text.toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? [];
  if (!words.length || words.length > 20) return false;
  // A month or weekday name, a clock time or a numeric date: a bare number is not a date.
  const dated = new RegExp(`^(?:${MONTHS}|${WEEKDAYS})$`, 'iu');
  if (!words.some((w) => dated.test(w)) && !/\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}/.test(text)) return false;
  return words.every((w) => DATE_WORD.test(w));
}

const BYLINE_LEAD = /^(?:written |posted |reported |text |words |story )?(?:by|par|von|por|di|door)\s+\S/iu;

const DATED = new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS})\\b|\\d{1,2}:\\d{2}`, 'iu');

/** A short "By Name — date" line. */
export function bylineLine(text: string): boolean {
  if (text.length > 140 || !BYLINE_LEAD.test(text)) return false;
  const words = text.split(/\s+/).length;
  if (words <= 20 && DATED.test(text)) return true;
  return words <= 12 && !/[.!?]["'”’]?$/.test(text.replace(/\b(?:jr|sr|dr|st)\.$/i, ''));
}

/** A bare count ("2.289", "1,204 views", "35 comments"). */
const COUNTER_LINE = /^\d[\d.,]*\s*(?:k|views?|reads?|letture|visualizações|lecturas|shares?|comments?|kommentare|commentaires|comentários)?$/iu;

/** A live blog's entry stamp: "21:00 Jane Roe", "2 hours ago10:05 Jon King", "20:42 KEY EVENT". */
const LIVE_STAMP = /^(?:\d+\s*(?:mins?|minutes?|hours?|hrs?|days?)\s+ago\s*)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[\p{L}\s.'’-]{0,40}$/iu;

/** "READ MORE: <another story>": a lead-in to a link elsewhere. */
const LEAD_IN = /^(?:read more|see more|more|related(?: \p{L}+)?|filed under|tags?|topics?|categories|category|also read|read also|watch|see also|must read|recommended|trending|related coverage|further reading|lesen sie auch|mehr zum thema|lire aussi|leia também|lee también)\s*[:：]\s*\S/iu;

/** "Follow us on Twitter", "Sign up to our newsletter", "Like this story? Share it". */
const PROMO_LINE =
  /^(?:follow|like|join|sign up|subscribe|listen|watch|download|get|share)\b.{0,120}\b(?:twitter|facebook|instagram|youtube|tiktok|newsletters?|podcasts?|app|forums?|share it|friends?|whatsapp|telegram)\b/iu;

/** True when the line is furniture by its wording. */
export function furnitureLine(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (t.length <= 80 && FURNITURE_PHRASE.test(t)) return true;
  if (/^(?:https?:\/\/|www\.)\S+\.(?:jpe?g|png|gif|webp)(?:\?\S*)?$/i.test(t)) return true;
  if (/^(?:twitter\.com\/\w+|@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/i.test(t)) return true;
  if (t.length <= 160 && PROMO_LINE.test(t)) return true;
  if (t.length <= 160 && LEAD_IN.test(t)) return true;
  if (COUNTER_LINE.test(t)) return true;
  // A caption that escaped its figure: it ends with the picture's credit.
  if (t.length <= 400 && /(?:\||\(|\[)\s*(?:foto|photo|photograph|image|picture|bild|credit|crédit|imagen)s?(?: credit)?\s*:\s*[^|()[\]]{1,80}[)\]]?$/iu.test(t)) return true;
  if (t.length <= 60 && LIVE_STAMP.test(t)) return true;
  if (t.length <= 120 && /[\w.+-]+@[\w-]+\.[\w.-]+/.test(t) && !/[.!?]["'”’]?$/.test(t.replace(/@\S+$/, ''))) return true;
  if (t.length <= 400 && /^(?:pictured|picture|photo|photograph|image|foto|bild)\b\s*(?::|above|below|left|right|from|at|with|is|are)/iu.test(t)) return true;
  if (t.length <= 60 && /^(?:©|\(c\)|copyright\b|photo:|image:|credit:|picture:|source: getty|getty images)/iu.test(t)) return true;
  return dateOnlyLine(t) || bylineLine(t);
}
