import { DateTime } from 'luxon';
import type { Mention } from '../mention.ts';

/**
 * Customer-mention volume over time, for the dashboard's time-series charts. Pure: computed from
 * the same mentions as `volume` (compute.ts), so the sums per key equal its totals. Buckets are
 * hours when the range spans at most 48 hours, else calendar days, both starting on the brand's
 * clock (a day in Amsterdam starts at 23:00 or 22:00 UTC; a DST day has 23 or 25 hours).
 */
export interface VolumeSeries {
  bucket: 'hour' | 'day';
  timeZone: string;
  /** Each bucket's start (ISO, UTC); the first one is the start of the hour or day `from` falls in. */
  starts: string[];
  byPlatform: Record<string, number[]>;
  byIntent: Record<string, number[]>;
  bySentiment: Record<string, number[]>;
}

/** Hourly up to this span, daily beyond it. */
export const HOURLY_UP_TO_MS = 48 * 3_600_000;
/** 93 days (the longest range GET /api/metrics takes) touch at most 94 calendar days. */
export const MAX_BUCKETS = 94;

const isCustomer = (m: Mention) => m.status !== 'brand' && !m.fromBrand;

/** The bucket starts covering [from, to), in the zone; at most MAX_BUCKETS (the rest is cut). */
export function bucketStarts(from: string, to: string, timeZone: string): { bucket: 'hour' | 'day'; starts: string[] } {
  const bucket = Date.parse(to) - Date.parse(from) <= HOURLY_UP_TO_MS ? 'hour' : 'day';
  const end = Date.parse(to);
  const starts: string[] = [];
  let at = DateTime.fromISO(from, { zone: timeZone }).startOf(bucket);
  while (starts.length < MAX_BUCKETS && (at.toMillis() < end || starts.length === 0)) {
    starts.push(at.toUTC().toISO()!);
    at = at.plus({ [bucket === 'hour' ? 'hours' : 'days']: 1 }).startOf(bucket);
  }
  return { bucket, starts };
}

/** The index of the last start at or before `at` (starts ascending), -1 before the first. */
function bucketOf(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `mentions`: the brand's mentions created in [from, to] (brand echoes are skipped). */
export function volumeSeries(q: { from: string; to: string }, mentions: Mention[], timeZone: string): VolumeSeries {
  const { bucket, starts } = bucketStarts(q.from, q.to, timeZone);
  const s: VolumeSeries = { bucket, timeZone, starts, byPlatform: {}, byIntent: {}, bySentiment: {} };
  const ms = starts.map((x) => Date.parse(x));
  const add = (group: Record<string, number[]>, key: string, i: number) => {
    (group[key] ??= starts.map(() => 0))[i]!++;
  };
  for (const m of mentions) {
    if (!isCustomer(m) || m.createdAt < q.from || m.createdAt > q.to) continue;
    const i = bucketOf(ms, Date.parse(m.createdAt));
    if (i < 0) continue;
    add(s.byPlatform, m.platform, i);
    add(s.byIntent, m.intent ?? 'untriaged', i);
    add(s.bySentiment, m.sentiment?.label ?? 'untriaged', i);
  }
  return s;
}

/** The fixed buckets of the response- and resolution-time histograms, in minutes (upper bound exclusive). */
export const TIME_BUCKETS = ['<15m', '15-60m', '1-4h', '4-24h', '>24h'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];
const TIME_LIMITS = [15, 60, 240, 1440];

/** How many of the durations (minutes) fall in each of TIME_BUCKETS. */
export function histogram(minutes: number[]): Record<TimeBucket, number> {
  const h = Object.fromEntries(TIME_BUCKETS.map((b) => [b, 0])) as Record<TimeBucket, number>;
  for (const m of minutes) {
    const i = TIME_LIMITS.findIndex((limit) => m < limit);
    h[TIME_BUCKETS[i === -1 ? TIME_BUCKETS.length - 1 : i]!]++;
  }
  return h;
}
