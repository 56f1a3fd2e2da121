import { describe, expect, it } from 'vitest';
import { hasOpenComplaint, positiveConfidence, thankYouVerdict } from '../../../shared/flows/thank-you-rules.ts';
import { brand, triaged } from './fixtures.ts';

const demo = brand();
const verdict = (over: Parameters<typeof triaged>[1]) => thankYouVerdict(triaged('t1', over), demo);

describe('thank-you rules', () => {
  it('thanks a confident positive compliment', () => {
    expect(verdict({})).toEqual({ send: true });
  });

  it.each([
    ['complaint', { intent: 'complaint' as const }, /intent complaint/],
    ['question', { intent: 'question' as const }, /intent question/],
    ['negative', { sentiment: { label: 'negative' as const, score: -0.7, confidence: 0.9 } }, /sentiment negative/],
    ['sarcastic flag', { sarcasm: true }, /sarcastic/],
    ['thanks for nothing, flagged positive by mistake', { text: 'Thanks for nothing @demo, great job' }, /sarcasm/],
    ['bedankt voor niks', { text: 'Nou bedankt voor niks hoor' }, /sarcasm/],
    ['a question mark', { text: 'Top service, kunnen jullie dit ook in het weekend?' }, /question/],
    ['low confidence', { sentiment: { label: 'positive' as const, score: 0.7, confidence: 0.55 } }, /confidence 0\.55 below 0\.6/],
    ['a DM', { kind: 'dm' as const }, /kind dm/],
    ['the brand itself', { status: 'brand' as const }, /own message/],
    ['already answered', { status: 'answered' as const }, /answered/],
  ])('skips %s', (_name, over, reason) => {
    const v = verdict(over);
    expect(v.send).toBe(false);
    expect(!v.send && v.reason).toMatch(reason);
  });

  it('thanks 4 and 5-star reviews, never 1 to 3 stars whatever the words', () => {
    for (const rating of [4, 5]) expect(verdict({ kind: 'review', platform: 'google', rating }).send).toBe(true);
    for (const rating of [1, 2, 3]) {
      const v = verdict({ kind: 'review', platform: 'google', rating });
      expect(!v.send && v.reason).toBe(`${rating}-star review`);
    }
    expect(verdict({ kind: 'review', platform: 'trustpilot' }).send).toBe(false);
  });

  it('follows the brand: disabled, platform list, threshold', () => {
    expect(thankYouVerdict(triaged('t', {}), brand({ thankYou: { enabled: false } })).send).toBe(false);
    expect(thankYouVerdict(triaged('t', {}), brand({ thankYou: { platforms: ['facebook'] } })).send).toBe(false);
    expect(thankYouVerdict(triaged('t', {}), brand({ thankYou: { threshold: 0.95 } })).send).toBe(false);
  });

  it('reads confidence, and a bare score only when it is a probability', () => {
    expect(positiveConfidence(triaged('a', { sentiment: { label: 'positive', score: 3 } }))).toBe(0);
    expect(positiveConfidence(triaged('a', { sentiment: { label: 'positive', score: 0.8 } }))).toBe(0.8);
    expect(positiveConfidence(triaged('a', { sentiment: { label: 'neutral', score: 0.8, confidence: 0.99 } }))).toBe(0);
  });

  it('sees an open complaint elsewhere in the thread, not a closed one or the mention itself', () => {
    const self = triaged('self', { conversationId: 'c1' });
    const open = triaged('other', { conversationId: 'c1', intent: 'complaint', status: 'answered' });
    const closed = { ...open, status: 'closed' as const };
    expect(hasOpenComplaint([self, open], self.id)).toBe(true);
    expect(hasOpenComplaint([self, closed], self.id)).toBe(false);
    expect(hasOpenComplaint([{ ...self, intent: 'complaint' }], self.id)).toBe(false);
  });
});
