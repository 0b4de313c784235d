import type { Page } from './page.js';
import { squash } from './page.js';

/**
 * Per-site profiles (STYLE.md #3): what a handful of big publishers' pages need that the general
 * extractors cannot infer from the page itself. A profile is data, never a fork of the parser:
 * the hosts it covers and, in dated versions, the sources each field should be read from. When a
 * site changes its markup, a new version is added with the date it took effect and the old one
 * stays for older pages.
 *
 * Profiles are few on purpose: the general mechanism must do the work, and a profile is added only
 * for a site whose own convention contradicts it. Today that is one convention: sites that write
 * the search-engine headline into JSON-LD `headline` and `<title>` and the headline their editors
 * chose (the one in their apps and feeds, and often the printed `<h1>`) into `og:title`. From a
 * single page nothing tells these apart from sites that do the reverse, so the site is named.
 */

/** Where a profile may read the headline from; tried in the order given. */
export type HeadlineSource = 'og:title' | 'twitter:title' | 'json-ld' | 'h1';

export interface ProfileVersion {
  /** First day (ISO date) the page markup this version describes was in use; absent = always. */
  readonly since?: string;
  readonly headline?: readonly HeadlineSource[];
}

export interface SiteProfile {
  readonly name: string;
  /** Registrable domains; a page matches on the domain itself and any subdomain of it. */
  readonly hosts: readonly string[];
  /** Oldest first. */
  readonly versions: readonly ProfileVersion[];
}

export const SITE_PROFILES: readonly SiteProfile[] = [
  { name: 'The Telegraph', hosts: ['telegraph.co.uk'], versions: [{ headline: ['og:title', 'json-ld'] }] },
  { name: 'Los Angeles Times', hosts: ['latimes.com'], versions: [{ headline: ['og:title', 'json-ld'] }] },
  { name: 'The Standard (London)', hosts: ['standard.co.uk'], versions: [{ headline: ['og:title', 'json-ld'] }] },
  { name: 'Euronews', hosts: ['euronews.com'], versions: [{ headline: ['og:title', 'json-ld'] }] },
];

/** The host of a URL, lower-cased, or null when it is not an http(s) URL. */
function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The profile whose hosts cover `url`'s host (the longest matching domain wins), or null. */
export function profileFor(url: string | null, profiles: readonly SiteProfile[] = SITE_PROFILES): SiteProfile | null {
  const host = hostOf(url);
  if (!host) return null;
  let best: { profile: SiteProfile; length: number } | null = null;
  for (const profile of profiles) {
    for (const h of profile.hosts) {
      if ((host === h || host.endsWith(`.${h}`)) && (!best || h.length > best.length)) best = { profile, length: h.length };
    }
  }
  return best?.profile ?? null;
}

/** The version of `profile` in force on `date` (ISO); the newest when the date is unknown. */
export function versionOn(profile: SiteProfile, date: string | null): ProfileVersion | null {
  const day = date?.slice(0, 10) ?? null;
  let chosen: ProfileVersion | null = null;
  for (const v of profile.versions) {
    if (!v.since || !day || v.since <= day) chosen = v;
  }
  return chosen;
}

/** The page's own URL for matching a profile: canonical link, og:url, else the URL it was fetched from. */
export function pageUrl(page: Page): string | null {
  const canonical = page.$('link[rel="canonical" i]').attr('href')?.trim() ?? null;
  for (const u of [canonical, page.meta.get('og:url')?.[0] ?? null, page.baseUrl]) {
    if (hostOf(u)) return u;
  }
  return null;
}

/** A meta headline as a profile reads it: white space folded, nothing else changed. */
export function metaHeadline(page: Page, name: 'og:title' | 'twitter:title'): string | null {
  const v = page.meta.get(name)?.[0];
  return v ? squash(v) || null : null;
}
