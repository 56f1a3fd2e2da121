import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/run.ts';

/**
 * CI's share of `npm run soak`: the same driver, faults and reconciliation, shorter and lighter
 * (2 cores): a DynamoDB Local SIGKILL and restart, a 10 s sink outage, duplicates, out-of-order
 * changes, bad signatures, bursts and an incident. Nothing lost, nothing sent twice.
 */
describe('soak (short)', () => {
  it('loses nothing and doubles nothing under faults', { timeout: 120_000 }, async () => {
    const report = await runSoak({ seconds: 12, rate: 6, burst: 60, bursts: 2, settleSeconds: 45 });
    expect(report.errors).toEqual([]);
    expect(report.accepted).toBeGreaterThan(100);
    expect(report.duplicatesInTable).toBe(0);
    expect({ lost: report.lost, untriaged: report.untriagedSample }).toEqual({ lost: 0, untriaged: [] });
    expect(report.doubled).toBe(0);
  });
});
