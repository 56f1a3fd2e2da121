import type { Brand } from '../config/brand.ts';
import type { Mention } from '../mention.ts';
import { accountPlatforms } from '../platforms/index.ts';
import type { Store } from '../store/client.ts';
import { listMentions } from '../store/mention-reads.ts';
import { nextBusinessTime } from '../config/calendar.ts';

export interface ChannelResponseTime {
  platform: string;
  /** Customer mentions waiting for a first answer. */
  open: number;
  /** Median first-response time of mentions received in the last 24 hours, when there are any. */
  recentMedianMinutes: number | null;
  sample: number;
  /** What the page promises, rounded up to 5 minutes. */
  expectedMinutes: number;
}

const WINDOW_MS = 24 * 3_600_000;

/**
 * KLM-style expected first response per channel: what recent answers took (median of the last
 * 24 hours, or the SLA target when fewer than 3 were answered), but never less than the oldest
 * question already waiting, because that one is answered first. Channels the brand has no
 * account on are left out.
 */
export function expectedResponseTimes(brand: Brand, mentions: Mention[], now: Date): ChannelResponseTime[] {
  const accounts = brand.accounts as Record<string, string[]>;
  const active = accountPlatforms().filter((p) => (accounts[p.accountKind]?.length ?? 0) > 0);
  return active.map(({ platform }) => {
    const mine = mentions.filter((m) => m.platform === platform && !m.fromBrand);
    const waiting = mine.filter((m) => m.status === 'open' || m.status === 'new');
    const answered = mine
      .filter((m) => m.firstResponseAt && now.getTime() - Date.parse(m.receivedAt) < WINDOW_MS)
      .map((m) => (Date.parse(m.firstResponseAt!) - Date.parse(m.receivedAt)) / 60_000);
    const median = answered.length ? percentile(answered, 0.5) : null;
    const baseline = answered.length >= 3 ? median! : (brand.sla[platform] ?? brand.sla.default ?? 60);
    const oldestWait = Math.max(0, ...waiting.map((m) => (now.getTime() - Date.parse(m.receivedAt)) / 60_000));
    return {
      platform,
      open: waiting.length,
      recentMedianMinutes: median === null ? null : Math.round(median),
      sample: answered.length,
      expectedMinutes: Math.max(5, Math.ceil(Math.max(baseline, oldestWait) / 5) * 5),
    };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Reads the brand's most recent mentions (one gsi1 query) and computes the expectation. */
export async function readResponseTimes(store: Store, brand: Brand, now: Date, limit = 500): Promise<ChannelResponseTime[]> {
  const { items } = await listMentions(store, { brand: brand.id, limit });
  return expectedResponseTimes(brand, items, now);
}

export interface OfficeHours {
  /** Inside the brand's business hours now (its time zone, days and holidays). */
  open: boolean;
  /** When it opens again, when closed: "we answer again from 09:00". */
  reopensAt?: string;
}

/** From the brand's business-hours calendar (shared/triage/sla.ts): closed now, and if so until when. */
export function officeHours(brand: Brand, now: Date): OfficeHours {
  const next = nextBusinessTime(brand, now);
  return next.getTime() <= now.getTime() ? { open: true } : { open: false, reopensAt: next.toISOString() };
}
