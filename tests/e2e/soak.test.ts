import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/run.ts';

/**
 * CI's share of `npm run soak`: the same driver, faults and reconciliation, shorter and lighter
 * (2 cores): a DynamoDB Local SIGKILL and restart, a 4 s sink outage (10 s in the full soak), duplicates, out-of-order
 * changes, bad signatures, bursts and an incident. Nothing lost, nothing sent twice.
 */
describe('soak (short)', () => {
  it('loses nothing and doubles nothing under faults', { timeout: 240_000 }, async () => {
    // The rescue of mentions a stream consumer never finished, sped up to fit the short run: due after
    // 8 s instead of 2 min (after 6 s of quiet instead of 2 min), swept every 2 s instead of every minute.
    process.env.WECARE_RESCUE_AFTER_SECONDS = '8';
    process.env.WECARE_SWEEP_SECONDS = '2';
    process.env.WECARE_RESCUE_QUIET_SECONDS = '6';
    // A delivery failed in the outage comes back after the broadcast queues' 30 s visibility timeout.
    const report = await runSoak({ seconds: 10, rate: 6, burst: 50, bursts: 2, sinkOutageSeconds: 4, settleSeconds: 75 });
    expect(report.errors).toEqual([]);
    expect(report.accepted).toBeGreaterThan(100);
    expect(report.duplicatesInTable).toBe(0);
    const { lost, gaveUp, wronglyRejected, missingMentions, untriagedSample, changesUnapplied, intentsStuck, broadcastNotSent } = report;
    expect({ lost, gaveUp, wronglyRejected, missingMentions, untriagedSample, changesUnapplied, intentsStuck, broadcastNotSent }).toEqual({
      lost: 0, gaveUp: 0, wronglyRejected: 0, missingMentions: 0, untriagedSample: [], changesUnapplied: 0, intentsStuck: 0, broadcastNotSent: 0,
    });
    // The sample says what went out twice (intent, request, channel) when this fails.
    expect({ doubled: report.doubled, doubledSample: report.doubledSample }).toEqual({ doubled: 0, doubledSample: [] });
  });
});
