import { describe, expect, it } from 'vitest';
import type { Brand } from '../../../shared/config/brand.ts';
import { renderUpdateMail } from '../../../shared/broadcast/mail/update-mail.tsx';
import { buildMime, encodeWords } from '../../../shared/broadcast/mail/mime.ts';
import { renderOptInMail } from '../../../shared/broadcast/mail/opt-in-mail.tsx';
import type { IncidentUpdate } from '../../../shared/incidents/model.ts';
import { demoBrands } from '../../support/apps.ts';

/** A raw message read back as a mail client would: headers unfolded, the two parts decoded. */
export function parseMime(raw: string) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\r\n /g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 2));
  }
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type')!)![1]!;
  const parts = rest
    .join('\r\n\r\n')
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => {
      const [ph, body] = p.replace(/^\r\n/, '').split('\r\n\r\n');
      return { type: /Content-Type: ([^;]+)/.exec(ph!)![1]!, encoding: /Content-Transfer-Encoding: (\S+)/.exec(ph!)![1]!, body: Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString('utf8') };
    });
  const decodeWords = (v: string) => v.replace(/=\?UTF-8\?B\?([^?]+)\?=\s?/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
  return { headers, parts, subject: decodeWords(headers.get('subject')!), fromName: decodeWords(headers.get('from')!.replace(/ <[^>]+>$/, '')), lines: raw.split('\r\n') };
}

const demo = demoBrands().byId('demo')!;
const brand: Brand = { ...demo, name: 'Bank <app> & co', components: [{ id: 'app', name: 'App <beta> & "web"' }, ...demo.components.filter((c) => c.id !== 'app')] };
const update: IncidentUpdate = {
  id: 'u1',
  incidentId: 'inc1',
  brand: 'demo',
  name: 'Login <script>alert(1)</script> & pay',
  kind: 'incident',
  status: 'identified',
  impact: 'major',
  message: { nl: 'We hebben de oorzaak gevonden.\n\nHerstel loopt.', en: 'We found the cause.\n\nA fix is on its way.' },
  components: { app: 'major_outage' },
  previous: { app: 'operational' },
  at: '2026-11-30T10:00:00.000Z',
};
const links = { unsubscribe: 'https://status.example/status/demo/unsubscribe?token=t.1', manage: 'https://status.example/status/demo/subscribe/manage?token=t.1' };
const mime = (lang: 'nl' | 'en') => {
  const mail = renderUpdateMail({ brand, incident: { kind: 'incident' }, update, lang, publicUrl: 'https://status.example', links });
  return parseMime(buildMime({ ...mail, from: { name: brand.name, address: 'status@wecare.test' }, to: 'klant@example.nl', language: lang, unsubscribeUrl: links.unsubscribe, date: new Date('2026-11-30T10:00:05Z') }));
};

describe('the status update e-mail (raw MIME through SES v2)', () => {
  it('carries one-click unsubscribe headers, its language, a text and an HTML part', () => {
    const m = mime('nl');
    expect(m.headers.get('list-unsubscribe')).toBe(`<${links.unsubscribe}>`);
    expect(m.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(m.headers.get('content-language')).toBe('nl');
    expect(m.headers.get('to')).toBe('klant@example.nl');
    expect(m.headers.get('mime-version')).toBe('1.0');
    expect(m.headers.get('date')).toBe('Mon, 30 Nov 2026 10:00:05 GMT');
    expect(m.headers.get('message-id')).toMatch(/^<[0-9a-f]{32}@wecare\.test>$/);
    expect(m.parts.map((p) => [p.type, p.encoding])).toEqual([
      ['text/plain', 'base64'],
      ['text/html', 'base64'],
    ]);
    // RFC 5322: no line past 998 characters; the base64 bodies at 76.
    expect(Math.max(...m.lines.map((l) => l.length))).toBeLessThanOrEqual(998);
    expect(Math.max(...m.lines.filter((l) => /^[A-Za-z0-9+/=]+$/.test(l)).map((l) => l.length))).toBe(76);
  });

  it('says brand, incident, status, message, components and the incident link in the subscriber language', () => {
    const nl = mime('nl');
    expect(nl.subject).toBe('Bank <app> & co: Login <script>alert(1)</script> & pay (Oorzaak gevonden)');
    const text = nl.parts[0]!.body;
    expect(text).toContain('Status: Oorzaak gevonden');
    expect(text).toContain('We hebben de oorzaak gevonden.\n\nHerstel loopt.');
    expect(text).toContain('- App <beta> & "web": Grote storing');
    expect(text).toContain('Bekijk deze storing: https://status.example/status/demo/incidents/inc1');
    expect(text).toContain(`Afmelden: ${links.unsubscribe}`);
    expect(text).toContain(`Aanmelding beheren: ${links.manage}`);
    const en = mime('en');
    expect(en.subject).toContain('(Identified)');
    expect(en.parts[0]!.body).toContain('We found the cause.');
    expect(en.parts[0]!.body).toContain('- App <beta> & "web": Major outage');
    expect(en.parts[1]!.body).toMatch(/^<!doctype html><html lang="en">/);
  });

  it('escapes <, > and & in every name in the HTML part, and the From name is an encoded word', () => {
    const html = mime('en').parts[1]!.body;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<app>');
    expect(html).not.toContain('<beta>');
    expect(html).toContain('<h1 style="margin:0 0 8px;font-size:22px">Login &lt;script&gt;alert(1)&lt;/script&gt; &amp; pay</h1>');
    expect(html).toContain('Bank &lt;app&gt; &amp; co');
    expect(html).toContain('App &lt;beta&gt; &amp; &quot;web&quot;: Major outage');
    expect(html).toContain('<a href="https://status.example/status/demo/incidents/inc1"');
    expect(html).toContain(`href="${links.unsubscribe.replace(/&/g, '&amp;')}"`);
    const m = mime('en');
    expect(m.headers.get('from')).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <status@wecare\.test>$/);
    expect(m.fromName).toBe('Bank <app> & co');
  });

  it('refuses an address or a header value that would add a header of its own', () => {
    const base = { from: { name: 'Demo', address: 'status@wecare.test' }, subject: 's', text: 't', html: 'h', language: 'en', date: new Date() };
    expect(() => buildMime({ ...base, to: 'a@b.nl\r\nBcc: x@y.nl' })).toThrow(/plain e-mail address/);
    expect(() => buildMime({ ...base, to: 'a@b.nl', unsubscribeUrl: 'https://x/u\r\nBcc: x@y.nl' })).toThrow(/line break/);
    // A subject with a line break is one line again.
    expect(parseMime(buildMime({ ...base, to: 'a@b.nl', subject: 'one\r\nBcc: x@y.nl' })).headers.has('bcc')).toBe(false);
  });

  it('encodes non-ASCII subjects on whole characters, each word at most 75 characters', () => {
    const words = encodeWords('Storing bij iDEAL-betalingen 💳 — we zoeken het uit, échte update volgt binnen een uur');
    for (const w of words.split('\r\n ')) expect(w.length).toBeLessThanOrEqual(75);
    const decoded = words.split('\r\n ').map((w) => Buffer.from(/=\?UTF-8\?B\?(.+)\?=/.exec(w)![1]!, 'base64').toString('utf8')).join('');
    expect(decoded).toBe('Storing bij iDEAL-betalingen 💳 — we zoeken het uit, échte update volgt binnen een uur');
  });

  it('writes the maintenance window in the brand time zone', () => {
    const mail = renderUpdateMail({
      brand,
      incident: { kind: 'maintenance', scheduledFor: '2026-12-02T01:00:00Z', scheduledUntil: '2026-12-02T03:00:00Z' },
      update: { ...update, kind: 'maintenance', status: 'scheduled' },
      lang: 'en',
      publicUrl: 'https://status.example',
      links,
    });
    expect(brand.timezone).toBe('Europe/Amsterdam');
    expect(mail.text).toMatch(/Scheduled: 2 Dec 2026, 02:00 CET – 2 Dec 2026, 04:00 CET/);
    expect(mail.text).toContain('View this maintenance: https://status.example/status/demo/incidents/inc1');
  });
});

describe('the opt-in e-mail', () => {
  it('links the confirm page in the subscriber language, escaped', () => {
    const mail = renderOptInMail({ brandName: 'Bank <app> & co', lang: 'en', confirmUrl: 'https://status.example/status/demo/subscribe/confirm?token=a.b' });
    expect(mail.subject).toBe('Confirm your status updates from Bank <app> & co');
    expect(mail.text).toContain('Confirm status updates: https://status.example/status/demo/subscribe/confirm?token=a.b');
    expect(mail.html).toContain('Bank &lt;app&gt; &amp; co');
    expect(mail.html).toContain('href="https://status.example/status/demo/subscribe/confirm?token=a.b"');
    expect(renderOptInMail({ brandName: 'Demo', lang: 'nl', confirmUrl: 'x' }).subject).toBe('Bevestig je statusmeldingen van Demo');
  });
});
