import { describe, expect, it } from 'vitest';
import { fillName, pickTemplate, privateRoute, replyRoute } from '../../../shared/flows/channel.ts';
import { backoff, DEFAULT_RETRY, intentId } from '../../../shared/flows/outbox.ts';
import { PlatformError, retryAfterMs } from '../../../shared/platforms/api.ts';
import { triaged } from './fixtures.ts';

const now = new Date('2026-11-17T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const template = { name: 'followup_check_in', language: 'nl', params: [] };
const wa = (createdAt: string) => triaged('wamid.1', { platform: 'whatsapp', kind: 'dm', accountId: 'phone-1', author: { id: '31612345678', name: 'Piet' }, createdAt });

describe('the WhatsApp 24-hour window', () => {
  it('sends free text inside the window', () => {
    const r = privateRoute(wa(hoursAgo(2)), 'Is het opgelost?', now, hoursAgo(2), template);
    expect(r.ok && r.message).toMatchObject({ channel: 'private', recipient: '31612345678', text: 'Is het opgelost?' });
    expect(r.ok && r.message.template).toBeUndefined();
  });
  it('sends the approved template outside it, and skips when there is none', () => {
    const outside = privateRoute(wa(hoursAgo(30)), 'Is het opgelost?', now, hoursAgo(30), template);
    expect(outside.ok && outside.message.template).toEqual(template);
    const none = privateRoute(wa(hoursAgo(30)), 'Is het opgelost?', now, hoursAgo(30));
    expect(none).toEqual({ ok: false, reason: expect.stringMatching(/24-hour window/) });
  });
  it('counts the window from the latest customer message, not the answered one', () => {
    const r = privateRoute(wa(hoursAgo(30)), 'x', now, hoursAgo(3), template);
    expect(r.ok && r.message.template).toBeUndefined();
  });
});

describe('channels', () => {
  it('answers public posts publicly and DMs privately', () => {
    expect(replyRoute(triaged('t1'), 'hi', now)).toMatchObject({ ok: true, message: { channel: 'public', replyTo: 't1' } });
    const dm = triaged('m1', { platform: 'messenger', kind: 'dm', accountId: 'page-1', createdAt: hoursAgo(1) });
    expect(replyRoute(dm, 'hi', now)).toMatchObject({ ok: true, message: { channel: 'private', recipient: dm.author.id } });
  });
  it('tags Messenger with HUMAN_AGENT after 24 h, refuses after 7 days', () => {
    const dm = (h: number) => triaged('m2', { platform: 'messenger', kind: 'dm', accountId: 'page-1', createdAt: hoursAgo(h) });
    expect(replyRoute(dm(30), 'hi', now)).toMatchObject({ ok: true, message: { tag: 'HUMAN_AGENT' } });
    expect(replyRoute(dm(200), 'hi', now).ok).toBe(false);
  });
  it('follows up a Facebook comment with a private reply, a review not at all, X by DM', () => {
    const comment = triaged('c1', { platform: 'facebook', kind: 'comment', accountId: 'page-1', createdAt: hoursAgo(24) });
    expect(privateRoute(comment, 'q', now, comment.createdAt)).toMatchObject({ ok: true, message: { privateReplyToComment: true, replyTo: 'c1' } });
    expect(privateRoute(triaged('r1', { platform: 'google', kind: 'review' }), 'q', now, hoursAgo(1)).ok).toBe(false);
    expect(privateRoute(triaged('t2'), 'q', now, hoursAgo(1))).toMatchObject({ ok: true, message: { channel: 'private', recipient: 'author-t2' } });
  });
  it('has no reply client for generic sources', () => {
    expect(replyRoute(triaged('a1', { platform: 'appstore' }), 'hi', now)).toEqual({ ok: false, reason: 'no reply client for appstore' });
  });
});

describe('templates', () => {
  const templates = { en: 'Thank you{name}!', nl: 'Dankjewel{name}!' };
  it('picks the customer language, then the brand language', () => {
    expect(pickTemplate(templates, 'en', ['nl']).text).toBe('Thank you{name}!');
    expect(pickTemplate(templates, 'de', ['nl', 'en']).text).toBe('Dankjewel{name}!');
  });
  it('uses the first name where the platform addresses people by name', () => {
    expect(fillName('Dankjewel{name}!', triaged('f1', { platform: 'facebook' }))).toBe('Dankjewel Anna!');
    expect(fillName('Dankjewel{name}!', triaged('x1', { platform: 'x' }))).toBe('Dankjewel!');
    expect(fillName('Dankjewel{name}!', triaged('f2', { platform: 'facebook', author: { id: 'u' } }))).toBe('Dankjewel!');
  });
  // The display name is the customer's own text: only a first-name-looking first word reaches a public reply.
  it.each([
    ['Sanne Verhoeven', 'Dankjewel Sanne!'],
    ['José García', 'Dankjewel José!'],
    ['Anne-Marie de Boer', 'Dankjewel Anne-Marie!'],
    ['Zoë', 'Dankjewel Zoë!'],
    ['Zoe\u0308 decomposed', 'Dankjewel Zoë!'],
    ["D'Angelo", "Dankjewel D'Angelo!"],
    ['Łukasz', 'Dankjewel Łukasz!'],
    ['www.evil-phish.example', 'Dankjewel!'],
    ['evil-phish.example login here', 'Dankjewel!'],
    ['https://evil.example/x', 'Dankjewel!'],
    ['@someone', 'Dankjewel!'],
    ['0612345678', 'Dankjewel!'],
    ['Sanne2', 'Dankjewel!'],
    ['Sanne 🎉', 'Dankjewel Sanne!'],
    ['🎉Sanne', 'Dankjewel!'],
    ['A', 'Dankjewel!'],
    ['Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Dankjewel!'],
    ['Anne-Marie-Louise', 'Dankjewel!'],
    ['Sa\u200bnne', 'Dankjewel!'],
    ['\u202eenaS', 'Dankjewel!'],
    ['   ', 'Dankjewel!'],
    ['x'.repeat(100_000), 'Dankjewel!'],
  ])('display name %j → %j', (name, expected) => {
    expect(fillName('Dankjewel{name}!', triaged('f3', { platform: 'facebook', author: { id: 'u', name } }))).toBe(expected);
  });
});

describe('outbox arithmetic', () => {
  it('derives one intent id per subject and flow', () => {
    expect(intentId('m1', 'thank-you')).toBe(intentId('m1', 'thank-you'));
    expect(intentId('m1', 'thank-you')).not.toBe(intentId('m1', 'follow-up'));
  });
  it('backs off exponentially and honours Retry-After', () => {
    const plain = new Error('503');
    for (let a = 1; a <= 4; a++) {
      const wait = backoff(a, DEFAULT_RETRY, plain);
      expect(wait).toBeGreaterThanOrEqual((DEFAULT_RETRY.baseMs * 2 ** (a - 1)) / 2);
      expect(wait).toBeLessThanOrEqual(DEFAULT_RETRY.baseMs * 2 ** (a - 1));
    }
    expect(backoff(1, DEFAULT_RETRY, new PlatformError('rate_limited', '429', 429, 20_000))).toBe(20_000);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Tue, 17 Nov 2026 10:00:10 GMT', now.getTime())).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
