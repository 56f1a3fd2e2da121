import { describe, expect, it } from 'vitest';
import { type Case } from '../../../shared/case.ts';
import { dateTime, number, relative } from '../../../shared/console/format.ts';
import { CONSOLE_TEXT, consoleLang } from '../../../shared/console/i18n.ts';
import { inboxRows } from '../../../shared/console/inbox.tsx';

/** The console's words, dates and rows: per locale, in the brand's zone, escaped by construction. */
describe('console formatting', () => {
  const now = new Date('2026-12-01T09:00:00Z');

  it('says relative times per locale, both ways', () => {
    expect(relative('en', '2026-12-01T09:23:00Z', now)).toBe('in 23 minutes');
    expect(relative('nl', '2026-12-01T09:23:00Z', now)).toBe('over 23 minuten');
    expect(relative('en', '2026-12-01T08:55:00Z', now)).toBe('5 minutes ago');
    expect(relative('nl', '2026-12-01T06:00:00Z', now)).toBe('3 uur geleden');
    expect(relative('en', '2026-12-03T09:00:00Z', now)).toBe('in 2 days');
  });

  it('shows dates in the brand\'s time zone and numbers per locale', () => {
    expect(dateTime('nl', 'Europe/Amsterdam', '2026-12-01T09:15:00Z')).toBe('1 dec 2026, 10:15');
    expect(dateTime('en', 'America/New_York', '2026-12-01T09:15:00Z')).toBe('1 Dec 2026, 04:15');
    expect(number('nl', 1234.5)).toBe('1.234,5');
    expect(number('en', 1234.5)).toBe('1,234.5');
  });

  it('takes the language from the switch, else the browser, else English', () => {
    expect(consoleLang('nl-NL,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(consoleLang('nl-NL,nl;q=0.9', 'en')).toBe('en');
    expect(consoleLang('de-DE')).toBe('en');
    expect(consoleLang(undefined, 'fr')).toBe('en');
  });

  it('names the controls the README promises, in both languages', () => {
    expect([CONSOLE_TEXT.en.reply, CONSOLE_TEXT.en.send, CONSOLE_TEXT.en.replyResolve, CONSOLE_TEXT.en.resolve]).toEqual(['Reply', 'Send', 'Reply and resolve', 'Resolve']);
    expect([CONSOLE_TEXT.nl.reply, CONSOLE_TEXT.nl.send, CONSOLE_TEXT.nl.replyResolve, CONSOLE_TEXT.nl.resolve]).toEqual(['Antwoord', 'Verstuur', 'Beantwoorden en afhandelen', 'Afhandelen']);
  });

  it('escapes what customers write in a row', () => {
    const c = {
      id: 'case-1', brand: 'demo', state: 'new', version: 1, team: 'webcare', priority: 50, intent: 'complaint',
      sentiment: { label: 'negative', score: -0.5 }, platforms: ['x'], customer: { platform: 'x', id: '1', name: '<img src=x onerror=alert(1)>' },
      conversations: [], sla: { firstResponseDueAt: '2026-12-01T09:30:00Z', breached: false }, firstMentionId: 'm', lastMentionId: 'm',
      lastCustomerAt: '2026-12-01T08:50:00Z', lastSeq: '', preview: '"><script>alert(1)</script>', tags: [], reopened: 0,
      createdAt: '2026-12-01T08:50:00Z', updatedAt: '2026-12-01T08:50:00Z',
    } as Case;
    const html = inboxRows('en', [{ c, timeZone: 'Europe/Amsterdam' }], now, new Map([['x', 'X']]));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('in 30 minutes');
  });
});
