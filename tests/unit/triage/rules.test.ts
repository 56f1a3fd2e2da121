import { describe, expect, it } from 'vitest';
import { Brand } from '../../../shared/config/brand.ts';
import type { Mention } from '../../../shared/mention.ts';
import { analyze } from '../../../shared/triage/analyze.ts';
import { linkCase, normalizeText } from '../../../shared/triage/cases.ts';
import { caseIdOf } from '../../../shared/cases/ids.ts';
import { classify } from '../../../shared/triage/classify.ts';
import { detectIntent } from '../../../shared/triage/intent.ts';
import { priorityOf } from '../../../shared/triage/priority.ts';
import { routeTeam } from '../../../shared/triage/routing.ts';

const brand = Brand.parse({
  id: 'demo',
  name: 'Demo',
  teams: ['webcare', 'outage', 'billing', 'english-desk'],
  routing: [
    { team: 'outage', keywords: ['storing', 'werkt niet', 'outage'] },
    { team: 'billing', keywords: ['factuur', 'bill'], platforms: ['x', 'facebook'] },
    { team: 'english-desk', languages: ['en'], intents: ['question'] },
  ],
  linkedIdentities: [['x:alice', 'facebook:a-123']],
  outageKeywords: ['inloggen'],
});

const intent = (text: string, ctx = {}) => detectIntent(analyze(text), ctx);

describe('intent', () => {
  it('a question with complaint signs is a complaint', () => {
    expect(intent('waarom werkt de app weer niet??')).toBe('complaint');
    expect(intent('Why is my bill wrong AGAIN??')).toBe('complaint');
    expect(intent('Can I get a refund?')).toBe('complaint');
  });
  it('a plain question is a question, with or without a question mark', () => {
    expect(intent('Hoe geef ik mijn meterstand door?')).toBe('question');
    expect(intent('Is er een storing in Utrecht?')).toBe('question');
    expect(intent('how do I change my payment date')).toBe('question');
  });
  it('praise is a compliment; a mild thanks counts in a brand thread', () => {
    expect(intent('Top service, dank jullie wel!')).toBe('compliment');
    expect(intent('ok thanks')).toBe('other');
    expect(intent('ok thanks', { inBrandThread: true })).toBe('compliment');
  });
  it('a review rating decides', () => {
    expect(detectIntent(analyze('Prima'), { rating: 1 })).toBe('complaint');
    expect(detectIntent(analyze('Prima'), { rating: 5 })).toBe('compliment');
  });
  it('sarcasm is a complaint', () => expect(intent('Thanks for nothing')).toBe('complaint'));
});

describe('priority (0–100)', () => {
  const base = { sentiment: { label: 'negative' as const, score: -0.6 }, outage: false, repeatContacts: 0 };
  it('orders complaint > question > compliment', () => {
    const neutral = { label: 'neutral' as const, score: 0 };
    expect(priorityOf({ ...base, intent: 'complaint' })).toBeGreaterThan(priorityOf({ ...base, sentiment: neutral, intent: 'question' }));
    expect(priorityOf({ ...base, sentiment: neutral, intent: 'question' })).toBeGreaterThan(priorityOf({ ...base, sentiment: neutral, intent: 'compliment' }));
  });
  it('rises with reach, outage words and repeat contacts, capped at 100', () => {
    const c = priorityOf({ ...base, intent: 'complaint' });
    expect(priorityOf({ ...base, intent: 'complaint', followers: 250_000 })).toBe(c + 15);
    expect(priorityOf({ ...base, intent: 'complaint', followers: 500 })).toBe(c);
    expect(priorityOf({ ...base, intent: 'complaint', outage: true })).toBe(c + 20);
    expect(priorityOf({ ...base, intent: 'complaint', repeatContacts: 2 })).toBe(c + 10);
    expect(priorityOf({ ...base, intent: 'complaint', outage: true, followers: 1e8, repeatContacts: 9, sarcasm: true })).toBe(100);
  });
  it('classify sees outage words, including the brand’s own, but not in praise', () => {
    const m = (text: string) => ({ text, platform: 'x', kind: 'mention' as const, author: { id: 'u' }, createdAt: '2026-03-02T10:00:00Z' });
    const now = new Date('2026-03-02T10:00:00Z');
    expect(classify(m('Storing in heel Utrecht, geen stroom'), brand, { now }).outage).toBe(true);
    expect(classify(m('De app is down'), brand, { now }).outage).toBe(true);
    expect(classify(m('Inloggen gaat moeizaam vandaag'), brand, { now }).outage).toBe(true);
    expect(classify(m('Inloggen ging super snel, top!'), brand, { now }).outage).toBe(false);
  });
});

describe('routing', () => {
  const input = (lower: string, over: Partial<{ platform: string; lang: string; intent: 'question' | 'complaint' | 'compliment' | 'other' }> = {}) => ({
    lower,
    platform: 'x',
    lang: 'nl',
    intent: 'complaint' as const,
    ...over,
  });
  it('first matching rule wins', () => {
    expect(routeTeam(brand, input('storing en mijn factuur klopt niet'))).toBe('outage');
    expect(routeTeam(brand, input('mijn factuur klopt niet'))).toBe('billing');
  });
  it('all given conditions must match', () => {
    expect(routeTeam(brand, input('mijn factuur klopt niet', { platform: 'whatsapp' }))).toBe('webcare');
    expect(routeTeam(brand, input('how do i move', { lang: 'en', intent: 'question' }))).toBe('english-desk');
    expect(routeTeam(brand, input('how do i move', { lang: 'en', intent: 'complaint' }))).toBe('webcare');
  });
  it('keywords match whole words only, else the default team', () => {
    expect(routeTeam(brand, input('billing is fine', { platform: 'x' }))).toBe('webcare');
    expect(routeTeam(brand, input('geen idee'))).toBe(brand.defaultTeam);
  });
});

describe('case linking', () => {
  const mention = (over: Partial<Mention>): Mention => ({
    id: 'x-1', brand: 'demo', brandKnown: true, platform: 'x', kind: 'mention', externalId: '1', accountId: 'a',
    conversationId: 'conv-1', author: { id: 'alice' }, text: 'Mijn stroom is al twee dagen weg, wat is er aan de hand?',
    createdAt: '2026-03-02T10:00:00.000Z', receivedAt: '2026-03-02T10:00:00.000Z', status: 'new', ...over,
  });
  it('a new author gets a case of its own', () => {
    expect(linkCase(mention({}), [], brand)).toEqual({ caseId: caseIdOf('x-1'), repeatContacts: 0 });
  });
  it('links the same person across platforms through linkedIdentities', () => {
    const earlier = mention({ id: 'fb-1', platform: 'facebook', author: { id: 'a-123' }, conversationId: 'c2', text: 'other words', createdAt: '2026-03-02T08:00:00.000Z', caseId: 'case-fb-1' });
    expect(linkCase(mention({}), [earlier], brand)).toEqual({ caseId: 'case-fb-1', repeatContacts: 1 });
  });
  it('links the same text sent to several channels within 30 minutes, not later', () => {
    const copy = mention({ id: 'ig-1', platform: 'instagram', author: { id: 'someone' }, text: '@demo Mijn stroom is al twee dagen weg!! Wat is er aan de hand? https://t.co/x', createdAt: '2026-03-02T09:45:00.000Z' });
    expect(linkCase(mention({}), [copy], brand).caseId).toBe(caseIdOf('ig-1'));
    expect(linkCase(mention({}), [{ ...copy, createdAt: '2026-03-02T09:00:00.000Z' }], brand).caseId).toBe(caseIdOf('x-1'));
    expect(normalizeText(copy.text)).toBe(normalizeText(mention({}).text));
  });
  it('ignores brand echoes, other people and later mentions; counts repeat contacts in 7 days', () => {
    const echo = mention({ id: 'x-echo', status: 'brand', fromBrand: true, createdAt: '2026-03-02T09:00:00.000Z' });
    const stranger = mention({ id: 'x-2', author: { id: 'bob' }, createdAt: '2026-03-02T09:00:00.000Z' });
    const later = mention({ id: 'x-3', createdAt: '2026-03-02T11:00:00.000Z' });
    const lastWeek = mention({ id: 'x-4', conversationId: 'old', createdAt: '2026-02-26T10:00:00.000Z' });
    const link = linkCase(mention({}), [echo, stranger, later, lastWeek], brand);
    expect(link).toEqual({ caseId: caseIdOf('x-1'), repeatContacts: 1 });
  });
});

describe('exclamations are no questions', () => {
  it('"wat een top service!" and "what a team" are compliments, "wat is mijn termijnbedrag" stays a question', async () => {
    const { analyze } = await import('../../../shared/triage/analyze.ts');
    const { detectIntent } = await import('../../../shared/triage/intent.ts');
    expect(detectIntent(analyze('Wat een top service van @DemoBrand, binnen 10 minuten geholpen. Dank jullie wel! 🙏', { lang: 'nl' }))).toBe('compliment');
    expect(detectIntent(analyze('What a team, you fixed my connection within the hour. Thank you so much!', { lang: 'en' }))).toBe('compliment');
    expect(detectIntent(analyze('wat is mijn termijnbedrag voor volgende maand', { lang: 'nl' }))).toBe('question');
  });
});
