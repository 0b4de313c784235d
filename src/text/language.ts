/**
 * BCP 47 language tags in their conventional case: language lower, script title, region upper
 * ("EN_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"). Returns null for something that is not a tag.
 */
export function normalizeLanguage(input: string | null | undefined): string | null {
  if (!input) return null;
  const parts = input.trim().replace(/_/g, '-').split('-').filter(Boolean);
  if (parts.length === 0) return null;
  let lang = parts[0]!.toLowerCase();
  if (!/^[a-z]{2,3}$/.test(lang)) return null;
  // A language with a two-letter ISO 639-1 code takes it, not its ISO 639-2 one (RFC 5646 2.2.1):
  // "ger", "deu" -> "de". The aliases are CLDR's, as Intl canonicalizes a tag (UTS 35).
  if (lang.length === 3) lang = twoLetterCode(lang) ?? lang;
  const out = [lang];
  for (const p of parts.slice(1)) {
    if (!/^[A-Za-z0-9]{1,8}$/.test(p)) return null;
    if (/^[A-Za-z]{4}$/.test(p)) out.push(p[0]!.toUpperCase() + p.slice(1).toLowerCase());
    else if (/^[A-Za-z]{2}$/.test(p) || /^\d{3}$/.test(p)) out.push(p.toUpperCase());
    else out.push(p.toLowerCase());
  }
  return out.join('-');
}

function twoLetterCode(code: string): string | null {
  try {
    const c = Intl.getCanonicalLocales(code)[0] ?? '';
    return /^[a-z]{2}$/.test(c) ? c : null;
  } catch {
    return null;
  }
}
