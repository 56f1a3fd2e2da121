import { describe, expect, it } from 'vitest';
import { passedByAll } from '../../../shared/store/watermark.ts';

const now = new Date('2026-11-23T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
const QUIET = 120_000;
const MARGIN = 30_000;

describe('how far the sweep may call a waiting mention skipped', () => {
  it('is the slower consumer, less the margin, while both are busy with a backlog', () => {
    const bound = passedByAll([{ receivedAt: ago(300), polledAt: ago(1) }, { receivedAt: ago(600), polledAt: ago(2) }], now, QUIET, MARGIN);
    expect(new Date(bound).toISOString()).toBe(ago(630));
  });

  it('ignores a consumer that has been quiet: nothing newer will move its watermark', () => {
    const bound = passedByAll([{ receivedAt: ago(3600), polledAt: ago(121) }, { receivedAt: ago(60), polledAt: ago(5) }], now, QUIET, MARGIN);
    expect(new Date(bound).toISOString()).toBe(ago(90));
  });

  it('has no bound when both are quiet, and none to pass while a busy consumer has passed nothing yet', () => {
    expect(passedByAll([{ receivedAt: ago(3600), polledAt: ago(500) }, {}], now, QUIET, MARGIN)).toBe(Number.POSITIVE_INFINITY);
    expect(passedByAll([{ polledAt: ago(1) }, { receivedAt: ago(10), polledAt: ago(1) }], now, QUIET, MARGIN)).toBe(Number.NEGATIVE_INFINITY);
  });
});
