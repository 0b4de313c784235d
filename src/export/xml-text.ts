/**
 * Total escaping of text for XML 1.0 output (issue 18, item 4). Every string that goes into an
 * exported document passes through here; fast-xml-parser's XMLBuilder then writes it as is
 * (processEntities off), so what is escaped is decided in one place:
 *
 * - characters XML 1.0 cannot carry at all, not even as a character reference (C0 controls other
 *   than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) become U+FFFD;
 * - `&`, `<` and `>` are always escaped, so `]]>` can never appear;
 * - in attribute values also `"` and `'`, and tab, LF and CR as character references (a parser
 *   would otherwise normalize them to spaces); in text a CR is `&#13;` (else read back as LF).
 */

// One pass per string, each character looked at once (no backtracking).
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/g;
const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

/** The string with every character XML 1.0 cannot hold replaced by U+FFFD. */
export function xmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Text content, escaped. */
export function xmlText(s: string): string {
  return xmlChars(s).replace(TEXT_SPECIAL, (c) => REPLACEMENTS[c]!);
}

/** An attribute value, escaped for either quote. */
export function xmlAttr(s: string): string {
  return xmlChars(s).replace(ATTR_SPECIAL, (c) => REPLACEMENTS[c]!);
}

/** An XML name wiredesk may write as it is (no prefix, no odd characters). */
export function isPlainXmlName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(s) && !/^xml/i.test(s);
}
