import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../shared/mention.ts';
import { bucketStarts, histogram, MAX_BUCKETS, volumeSeries } from '../../../shared/metrics/series.ts';

let n = 0;
const mention = (createdAt: string, over: Partial<Mention> = {}) =>
  ({ id: `m${++n}`, createdAt, platform: 'x', status: 'open', intent: 'question', sentiment: { label: 'neutral', score: 0 }, ...over }) as Mention;

describe('volume over time (series)', () => {
  it('buckets daily on the brand\'s clock across the spring DST change', () => {
    const q = { from: '2026-03-27T12:00:00.000Z', to: '2026-03-31T12:00:00.000Z' }; // 96 h: daily
    const s = volumeSeries(q, [
      mention('2026-03-27T12:00:00.000Z'), // 27 Mar 13:00 CET → day 0
      mention('2026-03-28T22:30:00.000Z', { platform: 'facebook', intent: 'complaint', sentiment: { label: 'negative', score: -0.8 } }), // 28 Mar 23:30 CET → day 1
      mention('2026-03-28T23:30:00.000Z', { intent: undefined, sentiment: undefined }), // 29 Mar 00:30 CET → day 2
      mention('2026-03-29T22:30:00.000Z'), // 30 Mar 00:30 CEST → day 3
      mention('2026-03-29T22:40:00.000Z', { fromBrand: true }), // the brand's own: no volume
      mention('2026-03-29T22:50:00.000Z', { status: 'brand' }),
    ], 'Europe/Amsterdam');
    expect(s).toEqual({
      bucket: 'day',
      timeZone: 'Europe/Amsterdam',
      // Midnight in Amsterdam: 23:00 UTC in winter time, 22:00 UTC from 29 March (a 23-hour day).
      starts: ['2026-03-26T23:00:00.000Z', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
      byPlatform: { x: [1, 0, 1, 1, 0], facebook: [0, 1, 0, 0, 0] },
      byIntent: { question: [1, 0, 0, 1, 0], complaint: [0, 1, 0, 0, 0], untriaged: [0, 0, 1, 0, 0] },
      bySentiment: { neutral: [1, 0, 0, 1, 0], negative: [0, 1, 0, 0, 0], untriaged: [0, 0, 1, 0, 0] },
    });
  });

  it('buckets hourly up to 48 hours, on the zone\'s hour (half an hour off UTC in Kolkata)', () => {
    const q = { from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T12:00:00.000Z' };
    const s = volumeSeries(q, [mention('2026-03-02T10:29:59.000Z'), mention('2026-03-02T10:30:00.000Z'), mention('2026-03-02T11:59:00.000Z'), mention('2026-03-02T12:00:01.000Z')], 'Asia/Kolkata');
    expect(s.bucket).toBe('hour');
    // 10:00 UTC is 15:30 in Kolkata: the first bucket starts at 15:00 there, 09:30 UTC.
    expect(s.starts).toEqual(['2026-03-02T09:30:00.000Z', '2026-03-02T10:30:00.000Z', '2026-03-02T11:30:00.000Z']);
    // The one after `to` is outside the range.
    expect(s.byPlatform).toEqual({ x: [1, 1, 1] });
  });

  it('switches to days past 48 hours, and stays bounded over the longest range', () => {
    expect(bucketStarts('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'UTC')).toMatchObject({ bucket: 'hour' });
    expect(bucketStarts('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'UTC').starts).toHaveLength(48);
    expect(bucketStarts('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.001Z', 'UTC')).toEqual({ bucket: 'day', starts: ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'] });
    // 93 days from noon touch 94 calendar days.
    const longest = bucketStarts('2026-01-01T12:00:00.000Z', '2026-04-04T12:00:00.000Z', 'UTC');
    expect(longest.starts).toHaveLength(MAX_BUCKETS);
    expect(longest.starts.at(-1)).toBe('2026-04-04T00:00:00.000Z');
  });

  it('an empty range has one empty bucket and no keys', () => {
    expect(volumeSeries({ from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T10:00:00.000Z' }, [], 'UTC')).toEqual({
      bucket: 'hour', timeZone: 'UTC', starts: ['2026-03-02T10:00:00.000Z'], byPlatform: {}, byIntent: {}, bySentiment: {},
    });
  });
});

describe('time histograms', () => {
  it('counts minutes in fixed buckets, the upper bound exclusive', () => {
    expect(histogram([0, 14.9, 15, 59.9, 60, 239, 240, 1439, 1440, 5000])).toEqual({ '<15m': 2, '15-60m': 2, '1-4h': 2, '4-24h': 2, '>24h': 2 });
    expect(histogram([])).toEqual({ '<15m': 0, '15-60m': 0, '1-4h': 0, '4-24h': 0, '>24h': 0 });
  });
});
