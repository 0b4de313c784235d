import { FIXED_ZONES, monthNumber, regionZone, zoneOffset } from '../extract/calendar.js';

/**
 * Dates into ISO 8601. An instant with an offset keeps the offset it was stated in
 * ("2017-10-11T10:41:00+01:00"); a date that states no time stays a calendar date
 * ("2023-09-10"); a time without any offset takes the format's default offset when it has one
 * (NewsML-G2 requires one; RSS's RFC 822 names zones), else it is left unlabeled as UTC-less
 * wall time and null is returned so nothing false is claimed.
 */

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

function formatOffset(min: number): string {
  if (min === 0) return 'Z';
  const sign = min < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;
}

function parseOffset(s: string | undefined | null): number | null {
  if (!s) return null;
  if (s === 'Z' || s === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  // A military zone is one capital letter (RFC 822 section 5.1); a lone small letter is no zone ("4:00 p").
  if (s.length === 1 && s !== s.toUpperCase()) return null;
  const z = FIXED_ZONES[s.toUpperCase()];
  return z === undefined ? null : z;
}

/** A zone's offset for a wall-clock time in it: a fixed zone, else a region's ("ET": EDT or EST by the day). */
function offsetAt(zone: string, y: number, mo: number, d: number, h: number, mi: number): number | null {
  const fixed = parseOffset(zone);
  if (fixed !== null) return fixed;
  const region = regionZone(zone);
  return region ? parseOffset(zoneOffset(region, y, mo, d, h, mi)) : null;
}

function valid(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCMonth() === mo - 1;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, offset: number): string {
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${ms}${formatOffset(offset)}`;
}

export interface DateOptions {
  /** Offset to assume when the string has none, e.g. "+00:00"; omit to leave such times unlabeled. */
  defaultOffset?: string | null;
  /** Keep a date without time as a calendar date (default true). */
  allowDateOnly?: boolean;
}

/**
 * The date without a comment after its zone: RFC 822 (section 3.4.3) and RFC 5322 (section 3.3, CFWS) let a
 * date-time end in a comment, which mail and feed software use to name the zone ("+0200 (CEST)", "-0000 (UTC)").
 * Only a comment after a time and a zone goes; the comment is short and holds no parentheses of its own.
 */
function withoutZoneComment(s: string): string {
  if (!s.endsWith(')')) return s;
  const open = s.lastIndexOf('(');
  if (open < 1 || s.length - open > 82 || s.indexOf(')', open) !== s.length - 1) return s;
  const head = s.slice(0, open).trimEnd();
  return /\d:\d{2}(?::\d{2})?\s?(?:[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})$/.test(head) ? head : s;
}

/** Parses ISO 8601 (extended and basic), RFC 822/1123 and common wire variants. Null when unparseable. */
export function parseDate(input: string | null | undefined, opts: DateOptions = {}): string | null {
  if (input === null || input === undefined) return null;
  const s = withoutZoneComment(input.trim());
  if (s === '') return null;
  const fallback = parseOffset(opts.defaultOffset ?? null);
  const allowDateOnly = opts.allowDateOnly ?? true;

  // ISO 8601 extended/basic: 2017-10-11T10:41:00+0100, 20171011T104100Z, 2017-10-11 10:41; RFC 3339 lets "T" and "Z" be
  // written in lower case (section 5.6, NOTE): 2017-10-11t10:41:00z; and the basic form without its T that NITF 3.1
  // recommends for a date without a time (YYYYMMDD000000-HHMM).
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:(?:[Tt\s]|(?<=^\d{8})(?=\d{6}(?:Z|z|[+-]\d{2}:?\d{2})$))(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2}|[A-Z]{2,4})?)?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] === undefined) return allowDateOnly && valid(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : null;
    const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (!valid(y, mo, d, h, mi, sec)) return null;
    const off = m[8] ? offsetAt(m[8].length === 3 && /^[+-]/.test(m[8]) ? `${m[8]}00` : m[8], y, mo, d, h, mi) : fallback;
    if (off === null) return null;
    return build(y, mo, d, h, mi, sec, m[7], off);
  }

  // RFC 822 / 1123 and variants: "Tue, 10 Jun 2003 04:00:00 GMT", "10 Jun 2003 04:00 +0200", "Jun 10, 2003 4:00 PM EST"
  // Drop a leading weekday ("Tue, ", "Tuesday "), and only a weekday: "June 10, 2003" starts with its month.
  const t = s.replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '').replace(/\s+/g, ' ');
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -,]*(\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?\s*(am|pm|AM|PM)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/.exec(t) ??
    null;
  let parts: { y: number; mo: number; d: number; h?: number; mi?: number; sec?: number; frac?: string; ampm?: string; zone?: string } | null = null;
  if (m) {
    const mo = monthNumber(m[2]);
    if (mo) parts = { y: Number(m[3]), mo, d: Number(m[1]), ...(m[4] !== undefined ? { h: Number(m[4]), mi: Number(m[5]), sec: Number(m[6] ?? 0) } : {}), frac: m[7], ampm: m[8], zone: m[9] };
  } else {
    const n = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:[ T,]+(?:at )?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|AM|PM|a\.m\.|p\.m\.)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/.exec(t);
    const mo = n ? monthNumber(n[1]) : null;
    if (n && mo) parts = { y: Number(n[3]), mo, d: Number(n[2]), ...(n[4] !== undefined ? { h: Number(n[4]), mi: Number(n[5]), sec: Number(n[6] ?? 0) } : {}), ampm: n[7]?.replace(/\./g, ''), zone: n[8] };
    // POSIX date(1) and C asctime: "Tue Dec 30 11:03:00 UTC 2014", "Tue Dec 30 11:03:00 2014" (Java's Date.toString too).
    const c = n ? null : /^([A-Za-z]{3,9}) {1,2}(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))? (\d{4})$/.exec(t);
    const cmo = c ? monthNumber(c[1]) : null;
    if (c && cmo) parts = { y: Number(c[7]), mo: cmo, d: Number(c[2]), h: Number(c[3]), mi: Number(c[4]), sec: Number(c[5]), zone: c[6] };
  }
  if (parts) {
    let { y } = parts;
    if (y < 100) y += y < 50 ? 2000 : 1900;
    if (parts.h === undefined) return allowDateOnly && valid(y, parts.mo, parts.d) ? `${pad(y, 4)}-${pad(parts.mo)}-${pad(parts.d)}` : null;
    let h = parts.h;
    if (parts.ampm) {
      const pm = parts.ampm.toLowerCase() === 'pm';
      if (h === 12) h = pm ? 12 : 0;
      else if (pm) h += 12;
    }
    if (!valid(y, parts.mo, parts.d, h, parts.mi, parts.sec)) return null;
    const off = parts.zone ? offsetAt(parts.zone, y, parts.mo, parts.d, h, parts.mi ?? 0) : fallback;
    if (off === null) return null;
    return build(y, parts.mo, parts.d, h, parts.mi ?? 0, parts.sec ?? 0, parts.frac, off);
  }
  return null;
}

/**
 * A time that states no offset, read as wall-clock time in an IANA zone (a provider's own zone,
 * src/extract/calendar.ts): "2018-02-01T18:38:49.417" in Europe/Copenhagen ->
 * "2018-02-01T18:38:49.417+01:00". Null when the string is not a date, states its own offset (or
 * none is needed: a calendar date), or the zone is unknown.
 */
export function parseDateInZone(input: string | null | undefined, zone: string): string | null {
  if (parseDate(input, { allowDateOnly: false }) !== null) return null;
  const wall = parseDate(input, { defaultOffset: '+00:00', allowDateOnly: false });
  if (!wall || !wall.endsWith('Z')) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall)!;
  const offset = zoneOffset(zone, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return offset ? parseDate(input, { defaultOffset: offset, allowDateOnly: false }) : null;
}

/** Milliseconds since the epoch of an ISO string produced by parseDate (dates as UTC midnight). */
export function instantMs(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(ms) ? null : ms;
}
