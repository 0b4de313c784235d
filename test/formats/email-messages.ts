// Invented e-mails for the email format's attachment tests and the IMAP source's tests (issue 18 item 2).

/** A small NewsML-G2 newsItem (one story). */
export function newsmlG2Item(guid: string, headline: string, paragraph: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="1" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:LAKEWIRE" literal="Lake Wire"/>
    <versionCreated>2026-04-02T06:10:00Z</versionCreated>
    <firstCreated>2026-04-02T06:00:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <headline>${headline}</headline>
    <language tag="en"/>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>${paragraph}</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>
`;
}

/** A plain-text press release in the body. */
export function pressRelease(messageId: string, subject: string, body: string): Buffer {
  return Buffer.from([
    'From: Press Office <press@harbourtown.example>',
    'To: desk@wiredesk.example',
    `Subject: ${subject}`,
    'Date: Thu, 2 Apr 2026 08:15:00 +0200',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n'));
}

/** A cover note with a NewsML-G2 file attached (base64), the way an agency mails its copy. */
export function withNewsmlAttachment(messageId: string, xml: string, opts: { encoding?: 'base64' | '7bit'; contentType?: string } = {}): Buffer {
  const encoding = opts.encoding ?? 'base64';
  const content = encoding === 'base64' ? Buffer.from(xml).toString('base64').replace(/(.{76})/g, '$1\r\n') : xml.replace(/\n/g, '\r\n');
  return Buffer.from([
    'From: Lake Wire Desk <desk@lakewire.example>',
    'Subject: Copy: lake story',
    'Date: Thu, 2 Apr 2026 08:20:00 +0200',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b-lake"',
    '',
    '--b-lake',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please find the story attached.',
    '--b-lake',
    `Content-Type: ${opts.contentType ?? 'application/xml'}; name="lake.xml"`,
    'Content-Disposition: attachment; filename="lake.xml"',
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    content,
    '--b-lake--',
    '',
  ].join('\r\n'));
}

/** Wraps a whole message as a message/rfc822 attachment of a forward. */
export function forwarded(messageId: string, inner: Buffer): Buffer {
  const b = `b-fwd-${messageId.replace(/[^a-z0-9]/gi, '')}`;
  return Buffer.from([
    'From: Relay <relay@forwarder.example>',
    'Subject: Fwd: copy',
    'Date: Thu, 2 Apr 2026 09:00:00 +0200',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain',
    '',
    'Forwarding this.',
    `--${b}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment',
    '',
    inner.toString('latin1'),
    `--${b}--`,
    '',
  ].join('\r\n'), 'latin1');
}
