/**
 * Feed dates as `parseDate` (src/text/dates.ts) reads them. RFC 822 dates in feeds are written by
 * hand-rolled templates: weekday and month names in the site's language ("Seg, 24 Set 2018",
 * "Mi, 03 Okt 2018"), times without a colon ("03 Apr 02 1500 GMT"). The weekday says nothing the
 * date does not, so it is dropped; a day's ordinal stop ("04. November") too; a month name
 * (src/extract/calendar.ts) is put in English. W3C
 * dates pass unchanged.
 */
import { englishMonth, monthNumber } from '../../extract/calendar.js';

const ENGLISH_MONTH = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/i;

/** The date string rewritten for parseDate; null for an empty value. */
export function feedDate(raw: string | null | undefined): string | null {
  const given = raw?.replace(/\s+/g, ' ').trim();
  if (!given) return null;
  if (/^\d{4}-?\d{2}/.test(given)) return given;
  // JavaScript's Date.prototype.toString, which feeds built in JavaScript print: "Mon Nov 02 2026 09:00:00
  // GMT+0100 (Central European Standard Time)" (ECMA-262, TimeZoneString: "GMT", the offset, an optional name).
  const js = /^(.*\d) (?:GMT|UTC)([+-]\d{2}:?\d{2})(?: \([^()]{1,80}\))?$/.exec(given);
  const s = js ? `${js[1]} ${js[2]}` : given;
  // A leading weekday in any language and script: "Seg,", "Τρι,", "Mittwoch,".
  let t = s.replace(/^[^\d\s,]+\.?,?\s+(?=\d)/u, '');
  // "04. November 2026": the day as an ordinal with its stop, as German and the Nordic languages write it (DIN 5008).
  t = t.replace(/^(\d{1,2})\.\s*(?=\p{L})/u, '$1 ');
  t = t.replace(/^(\d{1,2})[ -]([^\d\s.,-]+)\.?(?=[ -,])/u, (whole, day: string, month: string) => {
    if (ENGLISH_MONTH.test(month)) return whole;
    const n = monthNumber(month);
    return n ? `${day} ${englishMonth(n)}` : whole;
  });
  // "03 Apr 02 1500 GMT": a four-digit time without its colon.
  t = t.replace(/^(\d{1,2} \S+ \d{2,4}) (\d{2})(\d{2})(?=\s|$)/, '$1 $2:$3');
  return t;
}
