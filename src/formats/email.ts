import iconv from 'iconv-lite';
import type { FormatModule, ParseInput } from './format.js';
import type { BylineHint, ParsedStory, ParseResult } from '../model/parsed-story.js';

type Warning = NonNullable<ParseResult['warnings']>[number];
import { sniff, type Sniff } from '../pipeline/sniff.js';
import { WiredeskError, warning } from '../errors.js';
import { reflow } from '../text/reflow.js';
import { htmlToText } from '../text/html-body.js';
import { withoutReleaseEnd, withoutReleaseHead } from '../text/release-end.js';
import { looksLikePersonName } from '../extract/names.js';
import { parseTextDump } from './text-dump.js';

/**
 * An Internet message (RFC 5322 header fields, MIME body per RFC 2045-2047): press releases and
 * agency copy delivered by e-mail and saved as a file. One message is one story: Subject is the
 * headline, Date the first-created time, Message-ID the guid, From the sender; the body is the
 * text/plain part (RFC 3676 flowed text unflowed, hard-wrapped text reflowed), else the
 * text/html part, with quoted-printable and base64 decoded and each part's charset applied.
 */

const FORMAT = 'email';
const MAX_DEPTH = 8;
/** Attachments looked at per message, the largest read (decoded), and forwarded-message depth. */
export const MAX_ATTACHMENTS = 16;
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
export const MAX_NESTED = 3;
/** Readers that need the body's context (a picture's metadata, a web page, loose text): never an attachment's story. */
const NOT_FROM_ATTACHMENTS = new Set(['photo-metadata', 'html', 'text-dump', FORMAT]);

/** What finds an attachment's format: the registry, set by src/formats/registry.ts (it imports this module). */
interface AttachmentReaders {
  detect(s: Sniff): { format: FormatModule } | null;
}
let readers: AttachmentReaders | null = null;
export function readAttachmentsWith(r: AttachmentReaders): void {
  readers = r;
}

interface Part {
  headers: Map<string, string>;
  /** The part's body as raw bytes in a latin1 string (one char per byte). */
  body: string;
}

/** A header field line "Name: value" (RFC 5322 2.2: printable ASCII but colon, then a colon). */
const FIELD = /^([!-9;-~]+):[ \t]*(.*)$/;
/** The fields that make a header block a message (RFC 5322 3.6: orig-date and from are required). */
const MESSAGE_FIELDS = /^(?:mime-version|content-type|message-id|received|return-path|to|subject)$/;

/** Splits header block and body; unfolds continuation lines (RFC 5322 2.2.3). Null when no header block. */
function splitMessage(raw: string, mbox = true): Part | null {
  let text = raw;
  // An mbox "From " separator line before the message.
  if (mbox && text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  const headers = new Map<string, string>();
  let i = 0;
  let last: string | null = null;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end === -1) end = text.length;
    const line = text.slice(i, end).replace(/\r$/, '');
    i = end + 1;
    if (line === '') return headers.size ? { headers, body: text.slice(i) } : null;
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)!} ${line.trim()}`);
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) return null;
    last = m[1]!.toLowerCase();
    // The first of a repeated field is kept (Received repeats; the others do not).
    if (!headers.has(last)) headers.set(last, m[2]!.trim());
  }
  return headers.size ? { headers, body: '' } : null;
}

function isMessage(head: string): boolean {
  const part = splitMessage(head.length >= 8192 ? head.slice(0, head.lastIndexOf('\n') + 1) + '\n' : head);
  if (!part) return false;
  const names = [...part.headers.keys()];
  return part.headers.has('from') && (part.headers.has('date') || part.headers.has('subject')) && names.some((n) => MESSAGE_FIELDS.test(n));
}

/** A parameter of a structured header value (`charset`, `boundary`), unquoted. */
function param(value: string | undefined, name: string): string | null {
  if (!value) return null;
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function mediaType(part: Part): string {
  return (part.headers.get('content-type') ?? 'text/plain').split(';', 1)[0]!.trim().toLowerCase();
}

function decodeCharset(bytes: Buffer, charset: string | null): string {
  const cs = (charset ?? 'utf-8').toLowerCase();
  return iconv.encodingExists(cs) ? iconv.decode(bytes, cs) : bytes.toString('utf8');
}

/** The part's content bytes after its Content-Transfer-Encoding (RFC 2045 6). */
function transferDecode(part: Part): Buffer {
  const cte = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    const text = part.body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(text, 'latin1');
  }
  return Buffer.from(part.body, 'latin1');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header value's raw 8-bit characters: UTF-8 as RFC 6532 3.2 allows in header fields, when the
 * bytes are valid UTF-8; else left as read (one character a byte, a legacy mailer's latin-1).
 */
function rawHeaderText(value: string): string {
  // A character above U+00FF is text already decoded (a forward's rendered header, read from the body): no raw bytes.
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/u.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** RFC 2047 encoded words in a header value ("=?utf-8?Q?Caf=C3=A9?="), after its raw UTF-8 (RFC 6532). */
function decodeWords(value: string): string {
  return rawHeaderText(value)
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (_, cs: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return decodeCharset(bytes, cs.split('*', 1)[0]!);
    });
}

/** The leaf parts of a MIME tree in order (multipart bodies split on their boundary, RFC 2046 5.1). */
function leaves(part: Part, depth: number, out: Part[]): void {
  const type = mediaType(part);
  const boundary = param(part.headers.get('content-type'), 'boundary');
  if (!type.startsWith('multipart/') || !boundary || depth >= MAX_DEPTH) {
    out.push(part);
    return;
  }
  const delimiter = `--${boundary}`;
  const pieces = part.body.split(/\r?\n/);
  let current: string[] | null = null;
  for (const line of pieces) {
    if (line.startsWith(delimiter)) {
      if (current) {
        const chunk = current.join('\n');
        // A part starts with its own header fields, or with a blank line when it has none (text/plain).
        leaves(splitMessage(chunk, false) ?? { headers: new Map(), body: chunk.replace(/^\r?\n/, '') }, depth + 1, out);
      }
      if (line.startsWith(`${delimiter}--`)) return;
      current = [];
      continue;
    }
    current?.push(line);
  }
}

/** RFC 3676 format=flowed: a line ending in a space continues on the next; space-stuffing removed. */
function unflow(text: string, delsp: boolean): string {
  const out: string[] = [];
  let open = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (line.endsWith(' ') && line !== '-- ') open += delsp ? line.slice(0, -1) : line;
    else {
      out.push(open + line);
      open = '';
    }
  }
  if (open) out.push(open);
  return out.join('\n');
}

function textOf(part: Part): string {
  const text = decodeCharset(transferDecode(part), param(part.headers.get('content-type'), 'charset'));
  if ((param(part.headers.get('content-type'), 'format') ?? '').toLowerCase() === 'flowed') {
    return unflow(text, (param(part.headers.get('content-type'), 'delsp') ?? '').toLowerCase() === 'yes');
  }
  return text;
}

/** "Ada Byron <ada@example.org>" -> name and address; a bare address has no name. */
function mailbox(value: string | undefined): { name: string | null; address: string | null } {
  if (!value) return { name: null, address: null };
  // RFC 5322 2.1.1: a line is at most 998 characters; the cap keeps the patterns below linear.
  const v = decodeWords(value.slice(0, 998));
  const angle = /^(.*?)<([^>]+)>/.exec(v);
  if (angle) {
    const name = angle[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
    return { name: name || null, address: angle[2]!.trim() };
  }
  const paren = /^(\S+@\S+)\s*\(([^)]*)\)/.exec(v);
  if (paren) return { name: paren[2]!.trim() || null, address: paren[1]! };
  return { name: null, address: /\S+@\S+/.exec(v)?.[0] ?? null };
}

/** Words of a text. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * A multipart/alternative's plain part that holds a fraction of its HTML part's words: a stub
 * pointing to the HTML ("view the web version"), not the same story. RFC 2046 5.1.4 orders the
 * alternatives by faithfulness to the original, the richest last.
 */
function isStubOf(plain: string, html: string): boolean {
  const words = wordCount(plain);
  // The HTML's text, as a reader sees it: a <style> or <script> block holds no words of the story.
  return words < 60 && words * 3 < wordCount(htmlToText(html));
}

/** Lower-case ASCII letters of a name or an address's local part (accents dropped): "Élodie" -> "elodie". */
function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * Whether the mailbox is the named person's own: its local part spells one of the name's words
 * ("Ola Brenn <ola@…>", "Megan Price <mprice@…>"), the words joined ("Li Na <lina@…>") or their initials ("Jo Kim <jk@…>"). A mailbox
 * named for a role or an office ("press@", "news@", "presse@", "ir@": RFC 2142 names mailboxes by
 * the service or function they serve) sends for an organisation, whatever its display name
 * ("Calloway Vineyards <news@…>"), and is no author. Without an address the name stands.
 */
function personalMailbox(name: string, address: string | null): boolean {
  if (!address) return true;
  const local = fold(address.split('@', 1)[0]!).replace(/[^a-z]/g, '');
  const words = fold(name).split(/[^a-z]+/).filter(Boolean);
  // "Jo Kim <jk@…>": the initials alone.
  if (words.length >= 2 && local === words.map((w) => w[0]).join('')) return true;
  // "Li Na <lina@…>": a name of short words spelt joined.
  if (words.length >= 2 && words.join('').length >= 3 && local.includes(words.join(''))) return true;
  return words.some((w) => w.length >= 3 && local.includes(w));
}

/** Reply and forward prefixes a mailer adds to the subject (RFC 5322 3.6.5 "Re: "; "Fwd:", "FW:"). */
function headlineOf(subject: string | undefined): string | null {
  if (!subject) return null;
  return withoutReplyPrefix(decodeWords(subject));
}

function withoutReplyPrefix(subject: string): string | null {
  return subject.replace(/^(?:\s*(?:re|fwd?|aw|wg|tr)\s*:\s*)+/i, '').trim() || null;
}

/**
 * A mailing list's tag before the subject ("[releases] …", "[PressList] Fwd: …"): a message that
 * names its list (List-Id, RFC 2919) came through a list server, which puts the list's name in
 * brackets before the subject (GNU Mailman's subject_prefix); the tag is no part of the headline.
 */
function withoutListTag(headline: string | null, listId: string | undefined | null): string | null {
  if (!headline || !listId) return headline;
  const m = /^\[[^\]\n]{1,60}\]\s*/u.exec(headline);
  const rest = m ? withoutReplyPrefix(headline.slice(m[0].length)) : null;
  return rest ?? headline;
}

/** The signature block a mailer sets off with "-- " (RFC 3676 4.3) is not the story. */
function dropSignature(text: string): string {
  const at = text.search(/(?:^|\n)-- ?\r?\n/);
  return at === -1 ? text : text.slice(0, at);
}

/** A mailed release's text without its label and contact block above and its closing matter below (src/text/release-end.ts). */
function releaseText(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);
  return withoutReleaseEnd(withoutReleaseHead(paragraphs)).join('\n\n');
}

/**
 * The separator line above a message a mailer forwards inline, as rendered text (Gmail's
 * "---------- Forwarded message ---------", Outlook's "-----Original Message-----", Thunderbird's
 * "-------- Forwarded Message --------", Apple Mail's "Begin forwarded message:", and their
 * translations): the "rendered text" forward of C. Siebenmann, "The three modern formats for email
 * forwarded by people" (2023), the other two being message/rfc822 and an attachment.
 */
const FORWARD_SEPARATOR = new RegExp(
  '^[ \\t]*(?:-{2,20}[ \\t]?(?:forwarded message|original message|weitergeleitete nachricht|ursprüngliche nachricht|' +
    "message transféré|message d'origine|mensaje reenviado|mensaje original|doorgestuurd bericht|oorspronkelijk bericht|" +
    'messaggio inoltrato|messaggio originale|videresendt melding|vidarebefordrat meddelande)[ \\t]?-{2,20}|begin forwarded message:)[ \\t]*$',
  'imu',
);
/** A field of the forwarded message's rendered header ("From:", "Sent:", "Betreff:", "Objet :", "À :", "Enviado el:"), its name mapped to what it is. */
const FORWARD_FIELD = /^[ \t]*>?[ \t]*(\p{L}[\p{L}-]{0,11}(?: \p{L}{1,3})?)[ \t]?:[ \t]*(.*)$/u;
const FORWARD_NAMES: Record<string, 'from' | 'subject' | 'other'> = {
  from: 'from', von: 'from', de: 'from', van: 'from', da: 'from', fra: 'from', från: 'from',
  subject: 'subject', betreff: 'subject', objet: 'subject', asunto: 'subject', onderwerp: 'subject', oggetto: 'subject', emne: 'subject', ämne: 'subject',
};
const FORWARD_OTHER = /^(?:to|cc|date|sent|an|datum|gesendet|à|a|envoyé|date|para|fecha|enviado(?: el)?|envoyé le|aan|verzonden|data|inviato(?: il)?|til|sendt|till|skickat|reply-to)$/iu;
/** The forwarder's own note above the separator is short; a long text above it is a reply, not a forward. */
const FORWARD_NOTE_MAX = 600;

interface InlineForward {
  from: string | null;
  subject: string | null;
  body: string;
}

/** The message a body forwards inline: its rendered From and Subject, and its text (the forwarder's note left out). */
function inlineForward(text: string): InlineForward | null {
  const m = FORWARD_SEPARATOR.exec(text.slice(0, FORWARD_NOTE_MAX + 200));
  if (!m || m.index > FORWARD_NOTE_MAX) return null;
  const lines = text.slice(m.index + m[0].length).replace(/^\r?\n/, '').split('\n');
  const fwd: InlineForward = { from: null, subject: null, body: '' };
  let i = 0;
  let fields = 0;
  for (; i < lines.length && i < 20; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim()) {
      if (fields) break;
      continue;
    }
    const f = FORWARD_FIELD.exec(line);
    const name = f?.[1]!.toLowerCase() ?? '';
    const kind = FORWARD_NAMES[name] ?? (FORWARD_OTHER.test(name) ? 'other' : null);
    if (!f || !kind) break;
    fields++;
    if (kind !== 'other' && !fwd[kind]) fwd[kind] = f[2]!.trim() || null;
  }
  if (!fields) return null;
  fwd.body = lines.slice(i).join('\n').trim();
  return fwd.body ? fwd : null;
}

/** The file name an attachment gives (Content-Disposition filename, else Content-Type name). */
function fileName(part: Part): string | null {
  const name = param(part.headers.get('content-disposition'), 'filename') ?? param(part.headers.get('content-type'), 'name');
  return name ? decodeWords(name.slice(0, 255)) : null;
}

/** The stories of the message's attachments a wire format reads (see the module comment). */
function attachmentStories(parts: Part[], body: Part | undefined, depth: number, warnings: Warning[]): ParsedStory[] {
  const stories: ParsedStory[] = [];
  let looked = 0;
  for (const part of parts) {
    if (part === body) continue;
    const type = mediaType(part);
    const disposition = (part.headers.get('content-disposition') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    // Inline text parts are the body's alternatives; everything else may be an attachment.
    if ((type === 'text/plain' || type === 'text/html') && disposition !== 'attachment') continue;
    if (type.startsWith('multipart/') || type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/')) continue;
    const name = fileName(part) ?? type;
    if (++looked > MAX_ATTACHMENTS) {
      warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `more than ${MAX_ATTACHMENTS} attachments: ${name} and the rest not read`));
      break;
    }
    // Not decoded at all when even quoted-printable (3 characters a byte at most) is past the cap.
    if (part.body.length > MAX_ATTACHMENT_BYTES * 3) {
      warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `${name}: over ${MAX_ATTACHMENT_BYTES} bytes`));
      continue;
    }
    const bytes = transferDecode(part);
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `${name}: ${bytes.length} bytes, over ${MAX_ATTACHMENT_BYTES}`));
      continue;
    }
    const s = sniff(bytes, { path: fileName(part), contentType: part.headers.get('content-type') ?? null });
    const nested = type === 'message/rfc822' || ((s.kind === 'text' || s.kind === 'html') && isMessage(s.head));
    try {
      if (nested) {
        if (depth + 1 >= MAX_NESTED) {
          warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `${name}: a forwarded message nested deeper than ${MAX_NESTED} levels`));
          continue;
        }
        stories.push(...readMessage(bytes, depth + 1, warnings));
        continue;
      }
      const format = readers?.detect(s)?.format;
      if (!format || NOT_FROM_ATTACHMENTS.has(format.name)) continue;
      const parsed = format.parse({ text: s.text, bytes, sniff: s, path: fileName(part), baseUrl: null });
      if (parsed.warnings) warnings.push(...parsed.warnings);
      for (const f of parsed.failures) warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `${name}: an item did not read (${f.error.code})`));
      stories.push(...parsed.stories);
    } catch (e) {
      const code = e instanceof WiredeskError ? e.code : 'WIREDESK_ERR_INTERNAL';
      warnings.push(warning('WIREDESK_WARN_EMAIL_ATTACHMENT_SKIPPED', `${name}: ${code} ${(e as Error).message}`.slice(0, 500)));
    }
  }
  return stories;
}

/** A message's stories: its attachments' when they carry any, else the one story of its body. */
function readMessage(bytes: Buffer, depth: number, warnings: Warning[]): ParsedStory[] {
  const message = splitMessage(bytes.toString('latin1'));
  if (!message) throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', 'no RFC 5322 header block', { format: FORMAT });
  const parts: Part[] = [];
  leaves(message, 0, parts);
  const plain = parts.find((p) => mediaType(p) === 'text/plain' && !/attachment/i.test(p.headers.get('content-disposition') ?? ''));
  const fromAttachments = attachmentStories(parts, plain, depth, warnings);
  if (fromAttachments.length) return fromAttachments;
  const base = bodyStory(message, parts, plain);
  const attached = attachedText(parts, plain);
  if (!attached) return [base];
  // The attached text is the story, read as a plain text is (its own headline, body and bylines); the message gives the rest.
  const page = parseTextDump(attached);
  return [{ ...base, headline: page.headline ?? base.headline, bodyText: releaseText(page.bodyText ?? ''), bylines: page.bylines, pictures: page.pictures, source: page.source ?? null, warnings: page.warnings }];
}

/** A cover note's words at most: "Please find attached today's release." */
const COVER_NOTE_WORDS = 80;

/**
 * The text of a plain-text document attached under a short cover note (a release sent as
 * "release.txt" with "Dear editor, please find attached …"): the attachment is the story when
 * the message's own text is a note of a few lines and the document holds three times its words.
 */
function attachedText(parts: Part[], plain: Part | undefined): string | null {
  const note = plain ? wordCount(textOf(plain)) : 0;
  if (note > COVER_NOTE_WORDS) return null;
  for (const part of parts) {
    if (part === plain || mediaType(part) !== 'text/plain' || !/attachment/i.test(part.headers.get('content-disposition') ?? '')) continue;
    if (part.body.length > MAX_ATTACHMENT_BYTES) continue;
    const text = textOf(part);
    const words = wordCount(text);
    if (words >= COVER_NOTE_WORDS && words >= note * 3) return text;
  }
  return null;
}

function bodyStory(message: Part, parts: Part[], plain: Part | undefined): ParsedStory {
  if (!message) throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', 'no RFC 5322 header block', { format: FORMAT });
  const html = parts.find((p) => mediaType(p) === 'text/html' && !/attachment/i.test(p.headers.get('content-disposition') ?? ''));
  const h = message.headers;
  const plainText = plain ? textOf(plain) : null;
  // A plain part that is a stub of its HTML alternative ("This message is in HTML; view it online") yields to it.
  const text = plainText !== null && html && isStubOf(plainText, textOf(html)) ? null : plainText;
  // A story forwarded inline: its own From and Subject, not the forwarder's.
  const forward = text ? inlineForward(text) : null;
  const from = mailbox(forward ? (forward.from ?? undefined) : h.get('from'));
  // The sender is the writer when it is a person's name (a press office or a company is not).
  const sender = from.name && looksLikePersonName(from.name) && from.name.split(/\s+/).length <= 3 && personalMailbox(from.name, from.address) ? [{ raw: from.name, role: 'author', evidence: { from: 'element', rule: 'email-from' } } satisfies BylineHint] : [];
  const story: ParsedStory = {
    guid: h.get('message-id')?.replace(/^\s*<|>\s*$/g, '').trim() || null,
    headline: withoutListTag(headlineOf(forward?.subject ?? h.get('subject')), forward ? null : h.get('list-id')),
    firstCreated: h.get('date') ?? null,
    language: h.get('content-language')?.split(',', 1)[0]!.trim() || null,
    provider: from.address?.split('@')[1]?.toLowerCase() ?? null,
    bylines: sender,
  };
  if (text !== null) story.bodyText = releaseText(reflow(dropSignature(forward?.body ?? text).trim()));
  else if (html) {
    // The HTML as it came, unless the release's closing matter or a mailer's furniture is cut from its text.
    const markup = textOf(html);
    const plainOfHtml = htmlToText(markup);
    const cut = releaseText(plainOfHtml);
    if (cut && cut !== plainOfHtml.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean).join('\n\n')) story.bodyText = cut;
    else story.bodyHtml = markup;
  }
  if (!story.headline && !story.bodyText && !story.bodyHtml) {
    throw new WiredeskError('WIREDESK_ERR_PARSE_NO_STORY', 'the message has neither a subject nor a text part', { format: FORMAT });
  }
  return story;
}

export const email: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'Internet message (RFC 5322 + MIME): Subject, Date, From, the text/plain or text/html part',
  detect(s: Sniff) {
    if (s.kind !== 'text' && s.kind !== 'html') return 0;
    return isMessage(s.head) ? 0.95 : 0;
  },
  parse(input: ParseInput) {
    const warnings: Warning[] = [];
    const stories = readMessage(input.bytes, 0, warnings);
    return { stories, failures: [], ...(warnings.length ? { warnings } : {}) };
  },
};
