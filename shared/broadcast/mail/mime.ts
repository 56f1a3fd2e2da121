import { randomBytes } from 'node:crypto';

/**
 * A raw RFC 5322 message with a text and an HTML part (multipart/alternative), built by hand so
 * that the headers are ours: SES v2 Simple content cannot carry List-Unsubscribe-Post, and Gmail and
 * Yahoo ask bulk senders for RFC 8058 one-click unsubscribe. Bodies are base64 (any UTF-8, any line
 * length); headers are checked for line breaks, so no value can add a header of its own.
 */
export interface MailMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** BCP 47 tag of the content (Content-Language): what screen readers and clients read it as. */
  language: string;
  /** RFC 8058: the URL a mail client POSTs `List-Unsubscribe=One-Click` to. */
  unsubscribeUrl?: string;
  date: Date;
}

const CRLF = '\r\n';

export function buildMime(m: MailMessage): string {
  const boundary = `=_wecare_${randomBytes(12).toString('hex')}`;
  const domain = m.from.address.split('@')[1] ?? 'wecare.invalid';
  const headers: Array<[string, string]> = [
    ['From', `${encodeWords(m.from.name)} <${address(m.from.address)}>`],
    ['To', address(m.to)],
    ['Subject', encodeWords(m.subject.replace(/\s+/g, ' ').trim())],
    ['Date', m.date.toUTCString()],
    ['Message-ID', `<${randomBytes(16).toString('hex')}@${domain}>`],
    ['MIME-Version', '1.0'],
    ['Content-Language', m.language],
    ...(m.unsubscribeUrl
      ? ([
          ['List-Unsubscribe', `<${m.unsubscribeUrl}>`],
          ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
        ] as Array<[string, string]>)
      : []),
    // Status mail is sent by a machine: out-of-office replies should not answer it (RFC 3834).
    ['Auto-Submitted', 'auto-generated'],
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  return [
    ...headers.map(([k, v]) => `${k}: ${headerValue(k, v)}`),
    '',
    part(boundary, 'text/plain', m.text),
    part(boundary, 'text/html', m.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

function part(boundary: string, type: string, body: string): string {
  const encoded = Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, `$&${CRLF}`);
  return [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', encoded.replace(/\r\n$/, '')].join(CRLF);
}

/** Folded lines (CRLF + space, encodeWords) are the only line breaks a header may hold. */
function headerValue(name: string, value: string): string {
  if (/\r(?!\n )|(?<!\r)\n/.test(value)) throw new Error(`mail header ${name}: contains a line break`);
  return value;
}

/** An address goes in bare: anything that could break out of `<…>` or into a second address is refused. */
function address(a: string): string {
  if (!/^[^\s<>,;"()\\]+@[^\s<>,;"()\\]+$/.test(a)) throw new Error('mail: not a plain e-mail address');
  return a;
}

/**
 * RFC 2047 encoded-words for a display name or subject: printable ASCII without specials stays as
 * is, anything else becomes `=?UTF-8?B?…?=` words of at most 75 characters, split on whole
 * characters, folded onto continuation lines so no header line passes 78.
 */
export function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/[<>"(),:;@\\[\]=?]/.test(text) && text.length <= 60) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}
