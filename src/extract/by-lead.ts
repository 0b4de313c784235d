/**
 * The one by-line lead of wiredesk: the words that open a printed byline, in the languages wires
 * and pages print them. Every reader of bylines (the credits engine, body leads and trailers,
 * datelines, legacy text wires, web pages and text dumps) asks here instead of keeping a list.
 *
 * - the preposition of authorship: English "By" (AP Stylebook, Reuters), German "Von" (dpa),
 *   French "Par" (AFP), Spanish and Portuguese "Por" (EFE, Lusa), Italian "Di" (ANSA), Dutch
 *   "Door" (ANP), Swedish and Norwegian "Av" (TT, NTB), Danish "Af" (Ritzau);
 * - the same qualified ("Written by", "Words by", "Story by", "Reported by", "Posted by", "Text by",
 *   "Escrito por", "Geschrieben von", "Écrit par");
 * - a label and a colon ("Text:", "Texte :", "Autor:", "Autorin:", "Autorin/Autor:", "Auteur :", "Author:", "Words:",
 *   and "Author" and "Text" in more languages: "Автор:", "Szerző:", "Yazar:", "Tekst:", "Texto:", "Autorka:",
 *   "Kirjoittaja:", "Szöveg:", "Κείμενο:", "Текст:"; "Reportage:" only with its colon);
 * - the verb "wrote" standing where the preposition would ("Írta", "Napisala", "Napisał", "Napsal");
 *   printed in an element of its own the label needs no colon ("<strong>Autorin/Autor</strong> Name");
 * - in more languages and scripts: Indonesian and Malay "Oleh", Thai "โดย", Arabic "بقلم" and "كتب -", Hebrew "מאת",
 *   the Greek genitive article ("Του …", "Της …"), Hindi "लेखक:" ("author"), and
 *   the Chinese and Japanese reporter's title "记者"/"記者" ("本报记者": this paper's reporter) before the
 *   name, which those scripts run on into the name without a space (per-script rules below).
 */

/** The prepositions that open a byline. */
export const BY_WORDS = ['by', 'von', 'par', 'por', 'di', 'door', 'av', 'af'] as const;

const WORD = `(?:${BY_WORDS.join('|')})`;
const QUALIFIER = '(?:written|words|story|reported|posted|text|escrito|geschrieben|écrit)';
// "Author" ("Authors", the label Drupal's field template prints over a multi-value author field) and "Text" as the languages label a byline: Autor/Autorin (de, cs, pl, es, pt), Autora,
// Autore (it), Auteur/Auteure (fr, nl), Автор (ru, uk, bg), Szerző (hu), Autorius (lt), Autors (lv),
// Yazar (tr), Författare (sv), Forfatter (da, no), Texto (es, pt), Testo (it), Tekst (nl, no, da, pl).
// Also the female "Autorka" (cs, sk, pl), Finnish "Kirjoittaja" and "Teksti", Hungarian "Szöveg", Greek
// "Κείμενο", "Текст" (ru, uk, bg): the same two labels, as those languages' bylines print them.
// Hindi "लेखक" and its feminine "लेखिका" ("writer, author": hi.wiktionary "लेखक"; Sublearn Hindi vocabulary "लेखक").
// More labels with their colon, as those presses print them: Greek "Συντάκτης:" / "Συντάκτρια:" ("writer", naftemporiki.gr,
// ertnews.gr), Turkish "Muhabir:" ("reporter", hurriyet.com.tr, aa.com.tr), Indonesian and Malay "Penulis:" ("writer",
// kompas.com, tempo.co) and "Reporter:" (detik.com, cnnindonesia.com), Thai "ผู้เขียน:" ("writer", thairath.co.th,
// prachachat.net) and Hindi "द्वारा:" ("by", jagran.com, navbharattimes.indiatimes.com).
const LABEL = '(?:συντάκτ(?:ης|ρια)|muhabir|penulis|reporter|ผู้เขียน|द्वारा|लेखक|लेखिका|texte?|texto|testo|tekst|teksti|szöveg|κείμενο|текст|autor(?:in)?(?:\\s*\\/\\s*autor(?:in)?)?|autorka|autora|autore|auteure?|authors?|words|автор|szerző|autorius|autors|yazar|yazan|författare|forfatter|kirjoittaja)';
// "Reportage:" (fr, de, sv): a label only with its colon; alone it is the section or genre kicker.
// "Text und Fotos:", "Texte et photos :", "Texto e fotos:", "Text and photos:", "Tekst og foto:": one
// person wrote and photographed; the label with its colon, as "Text:" is.
const COLON_LABEL = '(?:reportage|(?:texte?|texto|testo|tekst|words)\\s+(?:and|und|et|e|y|og|och|i|&)\\s+(?:photos?|fotos?|foto|fotografie|pictures|bilder|bild|zdjęcia))';
// The verb "wrote" that opens a byline as a by-word does: Hungarian "Írta", Slovene and Croatian
// "Napisal/Napisala/Napisao", Polish "Napisał/Napisała", Czech "Napsal/Napsala", Slovak "Napísal/Napísala".
const WROTE = '(?:írta|napisal|napisala|napisao|napisał|napisała|napsal|napsala|napísal|napísala)';

/**
 * A by-word as a regular-expression source, for readers that look for one inside a longer
 * pattern ("… By Jo Kim NEW YORK, Jan 21 (Reuters) -"). Use with the `i` flag.
 */
export const BY_WORD_SOURCE = WORD;

/**
 * The by-words as a byline prints them, capitalised or in capitals ("By", "BY", "Von", "VON"), as
 * a regular-expression source without the `i` flag: for finding a byline inside running text,
 * where the lower-case words are ordinary prepositions ("di Roma", "by the river").
 */
export const CAPITALISED_BY_WORD_SOURCE = `(?:${BY_WORDS.flatMap((w) => [w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]).join('|')})`;

/** The whole lead: qualifier and by-word, or a label with its colon, then white space. */
const LEAD = new RegExp(`^\\s*(?:(?:${QUALIFIER}\\s+)?${WORD}(?:\\s*:)?|${WROTE}(?:\\s*:)?|(?:${LABEL}|${COLON_LABEL})\\s*:)\\s+(?=\\S)`, 'iu');

/**
 * The Chinese and Japanese reporter's title before the names: "记者 林晓月", "本报记者林晓月", "記者 陳美玲"
 * (a byline convention of Chinese papers: "本报记者张三报道"; 記者 = "reporter", Microsoft Open XML
 * bibliography, Source.Reporter, ja-JP). Han script has no spaces between words, so the title is a
 * lead only when the rest is nothing but names of two to four characters ("记者了解到，…" opens a sentence).
 */
// The Taiwanese papers close the names on where they report from: "記者王小明／台北報導" ("reporting from
// Taipei"), "記者林家豪／綜合報導" ("combined reports"): udn.com, ltn.com.tw, chinatimes.com.
const HAN_LEAD = /^\s*(?:本报|本報)?(?:记者|記者)[\s:：]*(?=\p{Script=Han}{2,4}(?:[\s、，,]{1,3}\p{Script=Han}{2,4}){0,5}\s*(?:[/／]\s*\p{Script=Han}{1,8}(?:報導|报道)\s*)?$)/u;
/**
 * Indonesian and Malay "Oleh" ("by", the agent of a passive: Sneddon, Indonesian: A Comprehensive
 * Grammar, "passive type one"; Infinite Lexicon, "oleh"), only before two capitalised words: "Oleh
 * karena itu" ("therefore") opens sentences, and "Oleh" before one surname is the Ukrainian given name.
 */
const OLEH_LEAD = /^\s*(?:Oleh|OLEH)\s+(?=\p{Lu}[\p{L}\p{M}'’.-]*\s+\p{Lu})/u;
/** Thai "โดย" ("by", of agent or means: Progressive Thai-Japanese Dictionary, "โดย" ❷; Baanwords, "by"). */
const THAI_LEAD = /^\s*โดย\s+(?=\S)/u;

/** Arabic "بقلم" ("by the pen of": the by-word of Arabic bylines; Wiktionary "بقلم", "written by"), with or without its colon. */
const ARABIC_LEAD = /^\s*بقلم(?:\s*[:：]\s*|\s+)(?=\S)/u;

/**
 * Hebrew "מאת" ("by": the by-word of Hebrew bylines, "מאת: דנה כהן"; Wiktionary "מאת", "by (an author)"),
 * with or without its colon; Arabic "كتب" / "كتبت" ("wrote", he / she) set off by a dash or colon as
 * the Egyptian and Gulf papers print it ("كتب - محمد علي", "كتبت: سارة": youm7.com, almasryalyoum.com);
 * without the mark it opens sentences ("كتب الرئيس …", "the president wrote").
 */
const HEBREW_ARABIC_LEAD = /^\s*(?:מאת(?:\s*:\s*|\s+)|كتبت?\s*[-–—:]\s*)(?=\S)/u;

/**
 * Greek bylines print the name in the genitive after its article ("Του Γιώργου Παπαδόπουλου", "Της
 * Μαρίας Ιωάννου": kathimerini.gr, tanea.gr), "of" as "by" is; only before two or three capitalised
 * words and the byline's end, as "Της Νέας Υόρκης …" ("of New York") opens sentences.
 */
const GREEK_LEAD = /^\s*(?:Του|Της|Των|ΤΟΥ|ΤΗΣ|ΤΩΝ)\s+(?=\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{Ll}-]+){1,2}\s*(?:$|[,|·]))/u;

/** The length of the by-line lead opening `s` ("By ", "Written by ", "Texte : ", "记者 "), 0 when none. */
export function byLeadLength(s: string): number {
  const m = LEAD.exec(s) ?? HAN_LEAD.exec(s) ?? OLEH_LEAD.exec(s) ?? THAI_LEAD.exec(s) ?? ARABIC_LEAD.exec(s) ?? HEBREW_ARABIC_LEAD.exec(s) ?? GREEK_LEAD.exec(s);
  return m ? m[0].length : 0;
}

/** Whether `s` opens with a by-line lead followed by something ("By Jo Kim", "Von Anna Berg, dpa"). */
export function startsWithByLead(s: string): boolean {
  return byLeadLength(s) > 0;
}

/** `s` without its by-line lead ("By Jo Kim" -> "Jo Kim"); `s` trimmed when it has none. */
export function stripByLead(s: string): string {
  return s.slice(byLeadLength(s)).trim();
}

const ALONE = new RegExp(`^\\s*(?:(?:(?:${QUALIFIER}\\s+)?${WORD}|${WROTE}|${LABEL})\\s*:?|${COLON_LABEL}\\s*:)\\s*$`, 'iu');
/** The by-words of the per-script leads alone ("记者", "本报记者：", "โดย"; "Oleh" alone is as often the given name). */
const ALONE_SCRIPT = /^\s*(?:(?:本报|本報)?(?:记者|記者)|โดย|بقلم|מאת)\s*[:：]?\s*$/u;

/** Whether `s` is a by-word alone, as pages print it in an element of its own before the name ("By", "Von:"). */
export function isByWordAlone(s: string): boolean {
  return ALONE.test(s) || ALONE_SCRIPT.test(s);
}
