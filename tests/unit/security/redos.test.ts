import { describe, expect, it } from 'vitest';
import { SubscribeRequest } from '../../../shared/incidents/subscribers.ts';
import { redact } from '../../../shared/log.ts';
import { parseJson } from '../../../shared/platforms/generic/inbound.ts';

/** Best of 3, in ms: one slow run (a GC, a busy core) does not decide. */
function time(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * 20× the input may take about 20× the time (linear), never ~400× (quadratic): asserted as
 * growth rather than a wall-clock bound, with 50 ms of slack for a shared machine.
 */
function expectLinear(craft: (size: number) => string, run: (input: string) => unknown) {
  const small = craft(10_000);
  const large = craft(200_000);
  run(small); // warm-up: compile the pattern before timing
  const t10 = time(() => run(small));
  const t200 = time(() => run(large));
  expect(t200, `10 KB: ${t10.toFixed(1)} ms, 200 KB: ${t200.toFixed(1)} ms`).toBeLessThan(20 * t10 + 50);
}

const tryRun = (fn: () => unknown) => () => {
  try {
    fn();
  } catch {
    /* refusing is fine; taking long is not */
  }
};

describe('patterns on untrusted text stay linear on crafted input', () => {
  it.each([
    ['dots after the @', (n: number) => `a@${'.'.repeat(n)}@`],
    ['labels without an end', (n: number) => `a@${'a.'.repeat(n / 2)}@`],
    ['a long local part', (n: number) => `${'a'.repeat(n)}@x`],
  ])('the subscribe e-mail check (%s)', (_what, craft) => {
    expectLinear(craft, (s) => SubscribeRequest.safeParse({ email: s }));
    expect(SubscribeRequest.safeParse({ email: 'klant@mail.example.nl' }).success).toBe(true);
    expect(SubscribeRequest.safeParse({ email: 'klant@localhost' }).success).toBe(false);
  });

  it.each([
    ['a run of word characters', (n: number) => 'x'.repeat(n)],
    ['an @ with no dot after it', (n: number) => `a@${'b'.repeat(n)}`],
    ['dotted runs', (n: number) => 'a.'.repeat(n / 2)],
    ['digits and spaces', (n: number) => `1234567${' '.repeat(n)}`],
    ['Bearer and spaces', (n: number) => `Bearer${' '.repeat(n)}`],
  ])('log redaction (%s)', (_what, craft) => {
    expectLinear(craft, (s) => redact(s));
    expect(redact('mail jan.de-vries+x@example.co.uk now')).toBe('mail [email] now');
  });

  it('the big-integer-preserving JSON parse of signed bodies (an unclosed string of escaped quotes)', () => {
    expectLinear((n) => `{"id":1234567890123456789,"t":"${'\\"'.repeat(n / 2)}`, (s) => tryRun(() => parseJson(s))());
    expect((parseJson('{"id":1234567890123456789}') as { id: string }).id).toBe('1234567890123456789');
  });
});
