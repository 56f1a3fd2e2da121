/**
 * Failed sign-ins, counted per account and per client address in a sliding window: guessing one
 * account's password, or many accounts' from one address, stops after `max` tries. In memory: the
 * local issuer is one process, and a restart clearing it is fine for a demo.
 */
export interface Throttle {
  /** Seconds until the next try is allowed for any of `keys`, or 0. */
  blockedFor(keys: string[]): number;
  fail(keys: string[]): void;
  /** A good sign-in clears the account's count (not the address's: one good password must not unlock guessing others). */
  clear(key: string): void;
}

export function createThrottle({ max = 5, windowMs = 15 * 60_000, now = Date.now } = {}): Throttle {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const kept = (failures.get(key) ?? []).filter((t) => t > now() - windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    blockedFor(keys) {
      const waits = keys.map(recent).filter((ts) => ts.length >= max).map((ts) => ts[ts.length - max]! + windowMs - now());
      return waits.length ? Math.ceil(Math.max(...waits) / 1000) : 0;
    },
    fail(keys) {
      for (const key of keys) failures.set(key, [...recent(key), now()]);
    },
    clear(key) {
      failures.delete(key);
    },
  };
}
