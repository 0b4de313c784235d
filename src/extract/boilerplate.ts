/**
 * The one boilerplate vocabulary of wiredesk: the words of page furniture (share rows, "Read
 * more", advertising labels, consent and newsletter boxes, reading times) in the languages pages
 * print them. The web-page reader (src/html/main-text-lines.ts) and the text-dump reader
 * (src/formats/text-dump.ts) judge lines by these lists and keep none of their own, so a phrase
 * added here is known to both.
 *
 * Only the wording lives here; how a reader weighs it (line length, position, markup) is the
 * reader's. Patterns are anchored alternations without nested quantifiers (linear on any line).
 */

/** Phrases that are furniture when they are the whole line (trailing ":", ".", "…", dashes allowed). */
const FURNITURE_PHRASES: readonly string[] = [
  // advertising labels
  'advert(?:isement)?s?', 'advertising', 'anzeige', 'werbung', 'publicidad', 'publicité', 'pubblicità', 'iklan', 'ad',
  'sponsored(?: content| links?)?', 'advertisement - scroll to continue',
  // sharing and saving
  'share(?: this)?(?: article| story| post| page)?(?: on \\w+)?', 'sharing is caring', 'tweet', 'e-?mail', 'print',
  'copy link', 'link copied', 'save', 'bookmark', 'gift(?: this)? article', 'like this:?', 'like loading\\.*',
  // comments
  'comments?', '\\d+ comments?', 'leave a (?:comment|reply)', 'post a comment', 'show comments', 'view comments',
  'tell us what you think', 'what do you think',
  // onward links
  'read more', 'read next', 'read also', 'see also', 'more', 'continue reading', 'click here', 'explore further',
  'related(?: articles?| stories| posts| content| coverage| news| links?)?', 'more from [^.!?]{1,40}',
  'more on this(?: story| topic)?', 'you (?:may|might) also like', 'recommended(?: for you)?', 'trending(?: now)?',
  'most (?:read|popular|viewed)', 'top stories', 'popular stories', 'latest news', 'editor\'?s picks?', "don'?t miss",
  'must read', 'watch more', 'next post', 'previous post', 'next article', 'previous article',
  'lesen sie auch', 'lire aussi', 'leia também', 'leia mais', 'lee también', 'ver también',
  // the headings of boxes of other stories (OTHER_STORIES, BOX_AFTER_STORY) as a whole line
  'lesen sie mehr(?: zum thema)?', 'mehr zum thema', 'auch interessant', 'das könnte sie auch interessieren', 'weitere informationen',
  'à lire aussi', 'à découvrir', 'sur le même sujet', 'para saber más', 'más información', 'leggi anche', 'czytaj (?:też|także|więcej)',
  'les også', 'läs också', 'lue myös', 'most (?:read|popular|viewed) in [^.!?]{1,30}', 'latest videos(?: from)?',
  // navigation and account
  'logo', 'menu', 'open menu', 'close menu', 'hamburger menu(?: close)?', 'toggle navigation', 'search', 'home',
  'skip to (?:main )?content', 'back to top', 'sign in', 'log ?in', 'register', 'sign up', 'subscribe(?: now)?',
  'follow', 'follow us', 'close', 'open in app', 'download the app',
  // media controls and labels
  'image', 'photo', 'caption', 'video', 'play video', 'watch', 'listen', 'listen to (?:this )?article',
  'this slideshow requires javascript', 'text size', 'highlights',
  // loading states
  'loading(?: content)?', 'loading\\.{3}', 'content is loading', 'please wait',
  '(?:player|video|audio|inhalt|inhalte|seite|content) (?:wird|werden) geladen', 'wird geladen', 'chargement(?: en cours)?', 'cargando', 'caricamento(?: in corso)?', 'laden\\.{3}',
  // reporting an error in the story
  'report an? (?:error|typo|mistake|correction)', '(?:you )?(?:found|spotted|see) an? (?:error|typo|mistake)\\?', 'fehler (?:melden|entdeckt\\??)',
  '(?:sie haben )?(?:einen )?fehler gefunden\\?(?: jetzt melden)?', 'signaler une erreur', 'vous avez (?:trouvé|repéré) une (?:erreur|faute)\\s?\\?',
  '(?:reportar|informar de) un error', '¿has (?:visto|encontrado) un error\\?', 'segnala(?: un)? errore', 'fout (?:gezien|melden)\\??',
  // the placeholder of an embed that loads only after consent (ePrivacy Directive 2002/58/EC art. 5(3)) and its button
  'external content', 'externer inhalt', 'externe inhalte', 'contenu externe', 'contenido externo', 'contenuto esterno',
  '(?:load|show) (?:external )?content', '(?:externen )?inhalte? (?:laden|anzeigen)', 'charger le contenu', 'cargar (?:el )?contenido', 'carica(?:re)? (?:il )?contenuto',
  // the label of a page's table of contents (HTML Living Standard, 4.3.4: a nav of in-page links)
  'contents', 'table of contents', 'in this article', 'inhaltsverzeichnis', 'sommaire', 'table des matières', 'índice', 'tabla de contenidos?', 'indice',
  // filing
  'filed under', 'tags?', 'topics', 'categories',
  // reading time
  'reading time', '(?:tempo de |temps de |tiempo de )?(?:reading time|leitura|lecture|lectura)\\s*:?\\s*\\d+\\s*(?:min\\w*)?',
  '\\d+\\s*min(?:ute)?s?\\s+read',
];

/**
 * A whole line of furniture. Not `\b` after the phrase: it is ASCII-only, so it never follows
 * "publicité" or "pubblicità".
 */
export const FURNITURE_PHRASE = new RegExp(`^(?:${FURNITURE_PHRASES.join('|')})(?![\\p{L}\\p{N}])[\\s:.!…\\-–—]*$`, 'iu');

/**
 * A reading time, as pages print it beside the byline or the date ("5 min read", "3 Minuten
 * Lesezeit", "Lesedauer: 4 Min.", "4 minutes de lecture", "Reading time", "8 Min"), and the words
 * such a line is made of besides its numbers. The byline reader cuts it off a byline; the web-page
 * reader takes a line of nothing else (and a date) for furniture.
 */
export const READING_TIME =
  /\bmin(?:ute)?s?\.?\s+read\b|\bread(?:ing)?\s+time\b|lesezeit|lesedauer|\bmin(?:ute)?s?\.?\s+de\s+lecture\b|\bmin(?:uto)?s?\.?\s+de\s+lectura\b|\bminuti\s+di\s+lettura\b|\bleestijd\b|\blästid\b|\blesetid\b|(?:^|[^\p{L}\p{N}])\d{1,3}\s?(?:min|mins|minute|minutes|minuten|minutos|minuti)\b/iu;
export const READING_TIME_WORD = /^(?:min|mins|minute|minutes|minuten|minutos|minuti|read|reading|time|lesezeit|lesedauer|lecture|temps|lectura|tiempo|lettura|leestijd|lesetid|lästid|lukuaika|czas|czytania)$/iu;

/**
 * Words that mark consent, newsletter, legal and affiliate-disclosure boxes (the FTC's endorsement
 * guides make shops' links say so) wherever they stand in a short line; a sign-up box's imperative
 * in the languages pages print it ("Suscríbete", "Inscrivez-vous", "Iscriviti"), the Nordic "nyhetsbrev" and the Dutch "nieuwsbrief". For
 * readers without markup (text dumps), where such a box is only lines of text; a page's markup
 * tells its boxes apart better, so the web-page reader does not drop a line for these words.
 */
export const FURNITURE_MENTION =
  /\b(?:newsletters?|by clicking|cookies?|privacy policy|terms of (?:use|service)|all rights reserved|delivered (?:straight )?to your inbox|sign up for|subscribe to|get the latest|download (?:our|the) app|affiliate[- ]links?|affiliate commission|suscríbete|suscríbase|suscribite|inscrivez-vous|abonnez-vous|iscriviti|nyhetsbrev(?:et)?|nyhedsbrev(?:et)?|nieuwsbrie(?:f|ven))\b/i;

/**
 * The prompts of a paywall or registration wall, in the languages pages print them ("Already a
 * subscriber?", "Sie sind bereits Kunde?", "Déjà abonné ?", "Esta funcionalidad es sólo para
 * registrados", "This content is reserved for subscribers only", "Für 0.99 € können Sie diesen
 * Artikel erwerben"): a reader without markup takes a short line that says so for furniture.
 */
export const WALL_MENTION =
  /(?:\balready (?:a subscriber|a member|have an account|registered)|\b(?:reserved|available|only) for (?:subscribers|members|registered users)|\bsubscribers? only\b|\bto continue reading\b|\bunlock (?:this|more|the full) (?:article|story|stories|articles)\b|\bcreate an account\b|\bbereits (?:kunde|abonnent(?:in)?|registriert)\b|\bnur für (?:abonnenten|abonnentinnen|registrierte)\b|\bdiesen artikel (?:erwerben|kaufen|freischalten)\b|\bjetzt (?:weiterlesen|abonnieren|freischalten)\b|\bdéjà abonné|\bréservé aux abonnés\b|\bya eres (?:suscriptor|usuario)\b|\bsólo para (?:suscriptores|registrados)\b|\bexclusivo para (?:suscriptores|abonados)\b|\bjá é assinante\b|\bsei già abbonato\b|\briservato agli abbonati\b|\ballerede abonnent\b|\bredan prenumerant\b)/iu;

/** A copyright line ("© 2024 …", "(c) …", "Copyright …"). */
export const COPYRIGHT_LINE = /^(?:©|\(c\)|copyright\b)/i;

/** The names on share-button rows ("Facebook Twitter WhatsApp E-mail"). */
const SHARE_WORDS = new Set(['whatsapp', 'telegram', 'facebook', 'twitter', 'x', 'email', 'e-mail', 'mail', 'linkedin', 'reddit', 'pinterest', 'messenger', 'print', 'copy', 'link', 'share', 'flipboard', 'instagram', 'youtube', 'tiktok', 'threads', 'bluesky', 'sms', 'xing',
  // "Share" in the languages pages print it: German, French, Spanish/Portuguese, Italian, Dutch, Scandinavian, Polish.
  'teilen', 'partager', 'compartir', 'compartilhar', 'partilhar', 'condividi', 'delen', 'del', 'dela', 'udostępnij', 'drucken', 'imprimer', 'imprimir', 'stampa',
  'sdílet', 'megosztás', 'поделиться', 'поділитися', 'paylaş', 'jaa',
  // e-mail and "the article" on Scandinavian share buttons ("Del artikkelen", "Dela artikeln": Språkrådet's and ISOF's word lists)
  'e-post', 'epost', 'artikkelen', 'artikeln', 'artiklen',
  // the comment and send buttons beside them
  'comment', 'comments', 'kommentare', 'kommentieren', 'twittern', 'senden', 'discussion', 'commentaires', 'comentarios']);

/** A share-button row: at most twelve words, every one a network or action name. */
export function isShareRow(line: string): boolean {
  const words = line.trim().toLowerCase().split(/\s+/);
  return words.length > 0 && words[0] !== '' && words.length <= 12 && words.every((w) => SHARE_WORDS.has(w));
}

/** The heading of a comment thread as the blog engines print it ("34 responses to “<title>”", "2 thoughts on “<title>”", "Leave a Reply"): what follows is readers' text. */
export const COMMENT_THREAD = /^(?:(?:\d+|one)\s+(?:responses?|thoughts?|comments?|replies)\s+(?:to|on)\s+["“„«'‘]|leave a (?:reply|comment)\b)/i;

/**
 * A heading that is only the name of a comment thread, in the languages pages print it ("Comments",
 * "34 Comments", "Top Rated Comments", "Reader comments (12)", "Kommentare", "Commentaires",
 * "Comentarios", "Commenti", "Reacties"): as a heading (not a counter in a share row) it opens readers' text.
 */
export const COMMENT_HEADING =
  /^(?:(?:\d+|top|top[- ]rated|most (?:liked|popular|recommended)|readers?'?|latest|newest|all|featured)\s+)?(?:comments?|kommentare|commentaires|comentarios|comentários|commenti|reacties|kommentarer|kommentit|komentarze)(?:\s*\(\d+\))?$/iu;

/** The headings of boxes of related links and trending lists. */
const BOX_AFTER_STORY =
  /^(?:(?:read more|read next|more from|more on|related(?: (?:stories|articles|coverage|content|topics))?|trending|popular|most (?:read|popular|viewed)|recommended|you may also like|more stories|top stories|editor'?s picks|latest (?:news|stories)|stay in the know|comments|explore now|mehr zum thema|lesen sie auch|à lire aussi|sur le même sujet)\b|(?:our standards|tags?|topics?)\s*:)/i;

/**
 * The heading of a box that follows the story (related links, trending lists, comments): a
 * reader without markup takes the story to be over at such a line. Only phrases that do not also
 * open sentences ("More than …" is story text, so bare "more" is not here). A comment thread opens
 * with its heading (COMMENT_THREAD).
 */
export const STORY_END = new RegExp(`${BOX_AFTER_STORY.source}|${COMMENT_THREAD.source}`, 'i');

/**
 * The same headings as the presses of more languages and scripts print them: Russian "Читайте также"
 * (ria.ru, rbc.ru) and Ukrainian "Читайте також" (pravda.com.ua, unian.ua), Korean "관련기사" / "관련 기사"
 * (yna.co.kr, hani.co.kr), Chinese "相关新闻" / "相關新聞" / "相关阅读" / "延伸閱讀" (people.com.cn, udn.com,
 * ltn.com.tw), Japanese "関連ニュース" (nhk.or.jp), Hebrew "כתבות נוספות" / "כתבות קשורות" (ynet.co.il,
 * maariv.co.il), Arabic "أخبار ذات صلة" / "اقرأ أيضاً" (youm7.com, aawsat.com), Greek "Διαβάστε επίσης" /
 * "Διαβάστε ακόμη" (kathimerini.gr, protothema.gr), Turkish "İlgili Haberler" / "Bunlar da ilginizi
 * çekebilir" (hurriyet.com.tr, sozcu.com.tr), Indonesian "Berita Terkait" / "Baca Juga" (kompas.com,
 * detik.com), Malay "Berita Berkaitan" (bharian.com.my, utusan.com.my), Vietnamese "Tin liên quan" /
 * "Xem thêm" (vnexpress.net, tuoitre.vn), Thai "ข่าวที่เกี่ยวข้อง" (thairath.co.th, matichon.co.th) and
 * Hindi "ये भी पढ़ें" / "यह भी पढ़ें" (aajtak.in, amarujala.com).
 */
const MORE_SCRIPTS_OTHER_STORIES = String.raw`читайте (?:также|тоже|також)|관련\s?기사|相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|関連ニュース|כתבות (?:נוספות|קשורות)|أخبار ذات صلة|اقرأ أيضا[ًً]?|διαβάστε (?:επίσης|ακόμη|ακόμα)|(?:i̇|i|İ)lgili haberler|bunlar da ilginizi çekebilir|berita (?:terkait|berkaitan)|baca juga|tin liên quan|xem thêm|ข่าวที่เกี่ยวข้อง|(?:ये|यह) भी पढ़ें`;

/**
 * The heading of a box of other stories wherever it stands, the story's end or between its
 * paragraphs ("Mehr zu Fleischkonsum", "Auch interessant", "More from the region", "Leggi anche";
 * Le Monde's "Lire aussi", the Dutch "Lees ook", Japanese "関連記事", Arabic "اقرأ أيضا" are as common):
 * what the box holds is other stories'. Unlike STORY_END it does not end the story, since pages
 * set such boxes into it.
 */
export const OTHER_STORIES = new RegExp(
  String.raw`^(?:more (?:on|from|about|in) |mehr (?:zu|zum|zur|über|aus|von) |mehr nachrichten|weitere (?:artikel|nachrichten|themen|meldungen)|auch interessant|das könnte sie auch interessieren|dans la même rubrique|à lire aussi|más información|(?:también )?(?:te|le) puede interesar|lee también|lea también|leggi anche|potrebbe interessarti|les også|läs också|læs også|lue myös|czytaj (?:też|także|więcej)|lire aussi|lees ook|関連記事|اقرأ أيضا|${MORE_SCRIPTS_OTHER_STORIES})`, 'iu');

/** The "read also" headings of a box of one link set into a story (HTML Living Standard, 4.3.5 the aside element). */
const READ_ALSO = /^(?:à lire aussi|lire aussi|lesen sie auch|leggi anche|lee también|lea también|les også|läs också|læs også|lees ook|read also|also read)\s+/iu;

/**
 * "Lire aussi Métropole : le budget …": a "read also" heading run on into its link's title on one
 * line (the copy of a box whose heading and link are inline): a short line, the title opening with
 * a capital, no sentence's end.
 */
export function isReadAlsoLink(line: string): boolean {
  if (line.length > 160 || /[.!?]$/.test(line)) return false;
  const m = READ_ALSO.exec(line);
  return m !== null && /^[\p{Lu}\p{N}"“«„]/u.test(line.slice(m[0].length));
}

/** "READ MORE: <another story>": a lead-in, then a colon, to a link elsewhere. */
export const LEAD_IN =
  /^(?:read more|see more|more|share(?: this)?(?: story| article| post)?|related(?: \p{L}+)?|filed under|tags?|topics?|categories|category|also read|read also|watch|see also|must read|recommended|trending|related coverage|further reading|lesen sie auch|mehr zum thema|lire aussi|leia também|lee también)\s*[:：]\s*\S/iu;

/** "Follow us on Twitter", "Sign up to our newsletter", "Like this story? Share it". */
export const PROMO_LINE =
  /^(?:follow|like|join|sign up|subscribe|listen|watch|download|get|share)\b.{0,120}\b(?:twitter|facebook|instagram|youtube|tiktok|newsletters?|podcasts?|app|forums?|share it|friends?|whatsapp|telegram)\b/iu;

/** Marks of templating and script code: template delimiters, arrows, function and variable syntax, DOM globals. */
const CODE_MARK = /\{\{|\}\}|\{%|%\}|<%|%>|\$\{|=>|\bfunction\s*\(|\b(?:var|const|let)\s+[A-Za-z_$][\w$]*\s*=|\b(?:window|document)\.[a-z]/g;
/** Characters of code syntax that prose seldom prints. */
const CODE_SYNTAX = /[{}[\];=<>$\\|]/g;

/**
 * Templating or script code shown as text (an unrendered Handlebars, Jinja or EJS template, a
 * tracking snippet): at least two code marks, and code syntax at least 3% of the characters. Story
 * prose that mentions a "$" or an arrow has neither the marks nor the density.
 */
export function looksLikeCode(text: string): boolean {
  const marks = text.match(CODE_MARK)?.length ?? 0;
  if (marks < 2) return false;
  const syntax = text.match(CODE_SYNTAX)?.length ?? 0;
  return syntax / Math.max(1, text.length) >= 0.03;
}

/**
 * The labels that mark a story's form or urgency, printed in capitals over or before its text
 * ("BREAKING — …", "UPDATE: …", "EXCLUSIVE — …"): the headline tags of the Reuters Handbook of
 * Journalism ("Breaking News Drill", "Other Common Story Forms": ALERT, URGENT, UPDATE, WRAPUP,
 * ANALYSIS, FACTBOX, BRIEF, EXCLUSIVE, INTERVIEW, COLUMN, INSIGHT, SPECIAL REPORT, EXPLAINER, REFILE,
 * CORRECTED) and the AP's priorities and labels (FLASH, BULLETIN, URGENT, BREAKING). A label names no place.
 */
export const STORY_LABEL =
  /^(?:breaking(?: news)?|alert|urgent|flash|bulletin|update(?: \d{1,2})?|wrapup(?: \d{1,2})?|analysis|factbox|brief|exclusive|interview|column|insight|special report|explainer|refile|corrected|breakingviews)$/i;
