import { describe, expect, it } from 'vitest';
import { conversationEffect, sentimentByLabel } from '../../../shared/flows/effect.ts';
import type { Mention } from '../../../shared/mention.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, 0) + minutes * 60_000).toISOString();
const said = (minutes: number, label: 'positive' | 'neutral' | 'negative' | undefined, over: Partial<Mention> = {}) =>
  ({ id: `m${minutes}`, createdAt: at(minutes), status: 'open', ...(label ? { sentiment: { label, score: label === 'positive' ? 0.8 : label === 'negative' ? -0.8 : 0 } } : {}), ...over }) as Mention;
const reply = (minutes: number) => ({ id: `b${minutes}`, createdAt: at(minutes), status: 'brand', fromBrand: true }) as Mention;

describe('sentiment before and after the brand\'s reply, by label', () => {
  it('counts the customer\'s labelled messages up to the first reply and after it, over answered conversations', () => {
    const one = conversationEffect([said(0, 'negative'), said(5, 'negative'), reply(10), said(20, 'neutral'), reply(30), said(40, 'positive')])!;
    expect(one).toMatchObject({ beforeLabels: ['negative', 'negative'], afterLabels: ['neutral', 'positive'] });
    // A message at the reply's own instant counts as before; an unlabelled one not at all.
    const two = conversationEffect([said(0, 'positive'), said(10, 'neutral'), said(12, undefined), reply(10)])!;
    expect(two).toMatchObject({ beforeLabels: ['positive', 'neutral'], afterLabels: [] });
    // The reply's firstResponseAt counts as the reply when no echo was stored.
    const three = conversationEffect([said(0, 'negative', { firstResponseAt: at(3) }), said(6, 'negative')])!;
    expect(three).toMatchObject({ beforeLabels: ['negative'], afterLabels: ['negative'] });
    // Never answered: not counted.
    expect(conversationEffect([said(0, 'negative')])).toBeUndefined();
    expect(sentimentByLabel([one, two, three])).toEqual({
      before: { positive: 1, neutral: 1, negative: 3 },
      after: { positive: 1, neutral: 1, negative: 1 },
    });
  });

  it('no answered conversations: zeros', () => {
    expect(sentimentByLabel([])).toEqual({ before: { positive: 0, neutral: 0, negative: 0 }, after: { positive: 0, neutral: 0, negative: 0 } });
  });
});
