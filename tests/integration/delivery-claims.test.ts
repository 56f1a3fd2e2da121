import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/client.ts';
import * as deliveries from '../../shared/store/deliveries.ts';
import { freshResources } from '../support/emulators.ts';

/**
 * The claim is what keeps a broadcast post exactly-once when SQS hands a message to two receivers:
 * its fast path (a conditional Put for a delivery's first claim) and its fallback (the conditional
 * Update for a retry or a takeover) must give the right to send to one receiver only.
 */
describe('delivery claims', () => {
  let store: Store;
  let n = 0;
  const key = () => ({ incidentId: 'inc-claims', updateId: `u${++n}`, channel: 'slack-ops', target: 'slack-ops' });
  const at = (s: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + s * 1000);

  beforeAll(async () => {
    ({ store } = await freshResources('delivery-claims'));
  });

  it('the first claim takes it; a second receiver meanwhile does not, nor after it was sent', async () => {
    const d = key();
    expect(await deliveries.claim(store, d, at(0), 30_000)).toEqual({ claimed: true, attempts: 1, cutOff: false });
    expect(await deliveries.claim(store, d, at(1), 30_000)).toEqual({ claimed: false, state: 'sending' });
    await deliveries.record(store, d, 'sent', at(2));
    expect(await deliveries.claim(store, d, at(60), 30_000)).toEqual({ claimed: false, state: 'sent' });
    expect(await deliveries.claim(store, d, at(61), 30_000)).toEqual({ claimed: false, state: 'sent' });
  });

  it('a retry claims again and counts the attempt; failed stays failed', async () => {
    const d = key();
    await deliveries.claim(store, d, at(0), 30_000);
    await deliveries.record(store, d, 'retrying', at(1), 'HTTP 503');
    expect(await deliveries.claim(store, d, at(2), 30_000)).toEqual({ claimed: true, attempts: 2, cutOff: false });
    await deliveries.record(store, d, 'failed', at(3), 'HTTP 503');
    expect(await deliveries.claim(store, d, at(4), 30_000)).toEqual({ claimed: false, state: 'failed' });
  });

  it('a sender whose lease ran out is taken over, and the new sender learns it was cut off', async () => {
    const d = key();
    await deliveries.claim(store, d, at(0), 30_000);
    expect(await deliveries.claim(store, d, at(29), 30_000)).toEqual({ claimed: false, state: 'sending' });
    expect(await deliveries.claim(store, d, at(31), 30_000)).toEqual({ claimed: true, attempts: 2, cutOff: true });
  });

  it('of ten receivers claiming at once, exactly one may send (first claim and takeover alike)', async () => {
    const fresh = key();
    const first = await Promise.all(Array.from({ length: 10 }, () => deliveries.claim(store, fresh, at(0), 30_000)));
    expect(first.filter((c) => c.claimed)).toHaveLength(1);
    const expired = key();
    await deliveries.claim(store, expired, at(0), 30_000);
    const takeover = await Promise.all(Array.from({ length: 10 }, () => deliveries.claim(store, expired, at(31), 30_000)));
    expect(takeover.filter((c) => c.claimed)).toHaveLength(1);
  });

  it('the operator sees each delivery once, by channel, without the lease', async () => {
    const listed = await deliveries.list(store, 'inc-claims');
    expect(listed.length).toBe(n);
    expect(listed.every((d) => d.target === 'slack-ops' && !('leaseUntil' in d))).toBe(true);
  });
});
