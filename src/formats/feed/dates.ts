/**
 * Feed dates as `parseDate` (src/text/dates.ts) reads them. RFC 822 dates in feeds are written by
 * hand-rolled templates: weekday and month names in the site's language ("Seg, 24 Set 2018",
 * "Mi, 03 Okt 2018"), times without a colon ("03 Apr 02 1500 GMT"). The weekday says nothing the
 * date does not, so it is dropped; a month name is put in English. W3C dates pass unchanged.
 */

/** Month abbreviations of the languages feeds are commonly written in (pt, es, fr, de, it, nl), accents folded. */
const MONTHS: Record<string, string> = {
  // Portuguese / Spanish / Italian
  fev: 'Feb', abr: 'Apr', mai: 'May', ago: 'Aug', set: 'Sep', out: 'Oct', dez: 'Dec',
  ene: 'Jan', dic: 'Dec', gen: 'Jan', mag: 'May', giu: 'Jun', lug: 'Jul', ott: 'Oct',
  janeiro: 'Jan', fevereiro: 'Feb', marco: 'Mar', abril: 'Apr', maio: 'May', junho: 'Jun', julho: 'Jul', agosto: 'Aug',
  setembro: 'Sep', outubro: 'Oct', novembro: 'Nov', dezembro: 'Dec',
  enero: 'Jan', febrero: 'Feb', marzo: 'Mar', mayo: 'May', junio: 'Jun', julio: 'Jul', septiembre: 'Sep', octubre: 'Oct',
  noviembre: 'Nov', diciembre: 'Dec',
  // French
  janv: 'Jan', fevr: 'Feb', mars: 'Mar', avr: 'Apr', juin: 'Jun', juil: 'Jul', aout: 'Aug', sept: 'Sep', dec: 'Dec',
  janvier: 'Jan', fevrier: 'Feb', avril: 'Apr', juillet: 'Jul', septembre: 'Sep', octobre: 'Oct', novembre: 'Nov', decembre: 'Dec',
  // German / Dutch
  mar: 'Mar', marz: 'Mar', mrz: 'Mar', okt: 'Oct', mrt: 'Mar', mei: 'May',
  januar: 'Jan', februar: 'Feb', juni: 'Jun', juli: 'Jul', oktober: 'Oct', dezember: 'Dec',
};

const ENGLISH_MONTH = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/i;
const fold = (s: string): string => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** The date string rewritten for parseDate; null for an empty value. */
export function feedDate(raw: string | null | undefined): string | null {
  const s = raw?.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (/^\d{4}-?\d{2}/.test(s)) return s;
  // A leading weekday in any language and script: "Seg,", "Τρι,", "Mittwoch,".
  let t = s.replace(/^[^\d\s,]+\.?,?\s+(?=\d)/u, '');
  t = t.replace(/^(\d{1,2})[ -]([^\d\s.,-]+)\.?(?=[ -,])/u, (whole, day: string, month: string) => {
    if (ENGLISH_MONTH.test(month)) return whole;
    const english = MONTHS[fold(month)];
    return english ? `${day} ${english}` : whole;
  });
  // "03 Apr 02 1500 GMT": a four-digit time without its colon.
  t = t.replace(/^(\d{1,2} \S+ \d{2,4}) (\d{2})(\d{2})(?=\s|$)/, '$1 $2:$3');
  return t;
}
