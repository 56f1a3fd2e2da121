import { describe, expect, it } from 'vitest';
import { canMove, isBreached, runningDue } from '../../../shared/case.ts';
import { csatOf } from '../../../shared/cases/csat.ts';
import { answered, moveCase } from '../../../shared/cases/lifecycle.ts';
import { applyRules } from '../../../shared/cases/rules.ts';
import { joinCase, newCase, type TriagedMessage } from '../../../shared/cases/upkeep.ts';
import { indexBrands, parseConfig } from '../../../shared/config/load.ts';
import { businessMinutesBetween } from '../../../shared/config/calendar.ts';

const brand = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'demo',
        name: 'Demo',
        timezone: 'Europe/Amsterdam',
        businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
        holidays: ['2026-12-25'],
        sla: { default: 60, google: 1440 },
        cases: {
          reopenDays: 7,
          rules: [
            { id: 'spam', keywords: ['free bitcoin'], state: 'spam' },
            { id: 'reviews', platforms: ['google', 'trustpilot'], tag: 'review', team: 'reviews' },
            { id: 'angry-en', languages: ['en'], sentiments: ['negative'], priority: 80 },
            { id: 'dismiss-ok', keywords: ['ok'], intents: ['other'], state: 'dismissed' },
          ],
        },
      },
    ],
  }),
).byId('demo')!;

const msg = (over: Partial<TriagedMessage> = {}): TriagedMessage => ({
  id: 'x-1', brand: 'demo', platform: 'x', text: 'Mijn factuur klopt niet', createdAt: '2026-11-23T10:00:00.000Z', conversationId: 'conv-1',
  author: { id: 'u1', name: 'Anna' }, lang: 'nl', sentiment: { label: 'negative', score: -0.5 }, intent: 'complaint', priority: 40, team: 'webcare', ...over,
});
const SYSTEM = { type: 'system' as const, id: 'test' };

describe('the case lifecycle', () => {
  it('allows the documented moves and refuses the rest', () => {
    expect(canMove('new', 'open')).toBe(true);
    expect(canMove('pending', 'open')).toBe(true);
    expect(canMove('resolved', 'pending')).toBe(false);
    expect(canMove('spam', 'resolved')).toBe(false);
    const c = newCase(brand, 'case-1', msg(), new Date('2026-11-23T10:00:00Z')).next;
    const resolved = moveCase(brand, c, 'resolved', SYSTEM, new Date('2026-11-23T11:00:00Z'))!.next;
    expect(() => moveCase(brand, resolved, 'pending', SYSTEM, new Date())).toThrow(/resolved: it cannot move to pending/);
  });

  it('an answer is the first response and waits on the customer; the clock stops while pending', () => {
    const c = newCase(brand, 'case-1', msg(), new Date('2026-11-23T10:00:00Z')).next;
    expect(runningDue(c)).toBe('2026-11-23T11:00:00.000Z');
    const { next, events } = answered(brand, c, { at: new Date('2026-11-23T10:20:00Z'), actor: SYSTEM, mentionId: 'x-1', platform: 'x' }, new Date('2026-11-23T10:20:00Z'));
    expect(next).toMatchObject({ state: 'pending', firstResponseAt: '2026-11-23T10:20:00.000Z', pausedAt: '2026-11-23T10:20:00.000Z' });
    expect(runningDue(next)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['replied', 'state']);
    expect(isBreached(next, new Date('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('the customer writing again reopens pending at once, resolved within the window; the next response is due', () => {
    const c = newCase(brand, 'case-1', msg(), new Date('2026-11-23T10:00:00Z')).next;
    const pending = answered(brand, c, { at: new Date('2026-11-23T10:20:00Z'), actor: SYSTEM, mentionId: 'x-1', platform: 'x' }, new Date('2026-11-23T10:20:00Z')).next;
    const again = joinCase(brand, pending, msg({ id: 'x-2', createdAt: '2026-11-23T14:00:00.000Z', text: 'Nog steeds fout' }), new Date('2026-11-23T14:00:00Z'));
    expect(again.next).toMatchObject({ state: 'open', lastMentionId: 'x-2', reopened: 0 });
    expect(again.next.sla.nextResponseDueAt).toBe('2026-11-23T15:00:00.000Z');
    // 48 business hours from Monday 11:00 local end Tuesday 1 Dec 11:00; the pause (3h40 of business time) moves it on.
    expect(again.next.sla.resolutionDueAt).toBe('2026-12-01T13:40:00.000Z');
    const resolved = moveCase(brand, again.next, 'resolved', SYSTEM, new Date('2026-11-23T15:00:00Z'))!.next;
    const reopened = joinCase(brand, resolved, msg({ id: 'x-3', createdAt: '2026-11-24T09:30:00.000Z' }), new Date('2026-11-24T09:30:00Z'));
    expect(reopened.next).toMatchObject({ state: 'open', reopened: 1, resolvedAt: undefined });
    expect(reopened.events.map((e) => e.type)).toContain('reopened');
  });

  it('a complaint stays a complaint; the latest sentiment and the highest priority win', () => {
    const c = newCase(brand, 'case-1', msg(), new Date('2026-11-23T10:00:00Z')).next;
    const thanks = joinCase(brand, c, msg({ id: 'x-2', createdAt: '2026-11-23T10:05:00.000Z', intent: 'compliment', sentiment: { label: 'positive', score: 0.7 }, priority: 10 }), new Date('2026-11-23T10:05:00Z')).next;
    expect(thanks).toMatchObject({ intent: 'complaint', sentiment: { label: 'positive' }, priority: 40 });
  });
});

describe('inbox rules', () => {
  it('match on every condition they give; spam outranks dismissed; tags add up', () => {
    expect(applyRules(brand.cases.rules, msg({ text: 'Get FREE Bitcoin now' })).state).toBe('spam');
    expect(applyRules(brand.cases.rules, msg({ text: 'bitcoins for free' })).state).toBeUndefined();
    expect(applyRules(brand.cases.rules, msg({ platform: 'google' }))).toMatchObject({ tags: ['review'], team: 'reviews' });
    expect(applyRules(brand.cases.rules, msg({ lang: 'en' })).priority).toBe(80);
    expect(applyRules(brand.cases.rules, msg({ lang: 'en', sentiment: { label: 'neutral', score: 0 } })).priority).toBeUndefined();
    expect(applyRules(brand.cases.rules, msg({ text: 'ok', intent: 'other' })).state).toBe('dismissed');
    expect(applyRules(brand.cases.rules, msg({ text: 'ok', intent: 'complaint' })).state).toBeUndefined();
    expect(applyRules(brand.cases.rules, msg({ text: 'Looking good' })).fired).toHaveLength(0);
  });

  it('a new case takes the rules: spam from the start, with the rule in its events', () => {
    const { next, events } = newCase(brand, 'case-s', msg({ text: 'free bitcoin!!' }), new Date('2026-11-23T10:00:00Z'));
    expect(next.state).toBe('spam');
    expect(events[0]).toMatchObject({ type: 'rule', rule: 'spam', actor: { type: 'system', id: 'rule:spam' } });
  });
});

describe('CSAT from the answer to the follow-up', () => {
  it.each([
    ['Ja hoor, een 8/10', 0.8, 'explicit'],
    ['I would give it 4 out of 5', 0.8, 'explicit'],
    ['9 van de 10!', 0.9, 'explicit'],
    ['een 7,5/10', 0.75, 'explicit'],
  ])('reads a written score in "%s"', (text, score, source) => {
    expect(csatOf({ text, sentiment: { label: 'neutral', score: 0 } })).toMatchObject({ score, source });
  });

  it('reads a tapped WhatsApp button, else falls back to sentiment; a score above its scale is no score', () => {
    expect(csatOf({ text: '5', quickReply: true })).toMatchObject({ score: 1, source: 'quick-reply' });
    expect(csatOf({ text: 'Nee, niet opgelost', quickReply: true })).toMatchObject({ score: 0, source: 'quick-reply' });
    expect(csatOf({ text: 'Ja, opgelost', quickReply: true })).toMatchObject({ score: 1, source: 'quick-reply' });
    expect(csatOf({ text: 'Dank je, werkt weer', sentiment: { label: 'positive', score: 0.8 } })).toMatchObject({ score: 1, source: 'sentiment' });
    expect(csatOf({ text: 'Het is 12/10 slecht', sentiment: { label: 'negative', score: -0.8 } })).toMatchObject({ score: 0, source: 'sentiment' });
    expect(csatOf({ text: 'Whatever' })).toBeUndefined();
  });
});

describe('business minutes between two instants', () => {
  it('counts only opening hours, skips weekends and holidays, and is 0 backwards', () => {
    expect(businessMinutesBetween(brand, new Date('2026-11-23T10:00:00Z'), new Date('2026-11-23T11:30:00Z'))).toBe(90);
    // Friday 15:00 Amsterdam (14:00Z) to Monday 10:00 (09:00Z): 2 h Friday + 1 h Monday.
    expect(businessMinutesBetween(brand, new Date('2026-11-27T14:00:00Z'), new Date('2026-11-30T09:00:00Z'))).toBe(180);
    // Christmas is closed: Thursday 24th 16:00 to Monday 28th 10:00 is 1 h + 1 h (the 25th a holiday, the 26th a Saturday).
    expect(businessMinutesBetween(brand, new Date('2026-12-24T15:00:00Z'), new Date('2026-12-28T09:00:00Z'))).toBe(120);
    expect(businessMinutesBetween(brand, new Date('2026-11-23T11:00:00Z'), new Date('2026-11-23T10:00:00Z'))).toBe(0);
  });
});

