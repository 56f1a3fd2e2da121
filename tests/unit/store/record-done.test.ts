import { describe, expect, it } from 'vitest';
import { recordDone } from '../../../shared/store/client.ts';

describe('recording a side effect that already happened', () => {
  it('rides out a storage blip with growing waits', async () => {
    const waits: number[] = [];
    let calls = 0;
    const out = await recordDone(async () => {
      if (++calls < 4) throw new Error('storage down');
      return 'recorded';
    }, async (ms) => void waits.push(ms));
    expect(out).toBe('recorded');
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('gives up after eight tries (~24 s, waits capped at 8 s), so the caller fails and the message is redelivered', async () => {
    let calls = 0;
    const waits: number[] = [];
    await expect(recordDone(async () => { calls++; throw new Error('still down'); }, async (ms) => void waits.push(ms))).rejects.toThrow('still down');
    expect(calls).toBe(8);
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
  });
});
