import { beforeAll, describe, expect, it } from 'vitest';
import { deliveriesFragment } from '../../shared/console/incident-deliveries.tsx';
import type { IncidentUpdate } from '../../shared/incidents/model.ts';
import type { Store } from '../../shared/store/client.ts';
import * as deliveries from '../../shared/store/deliveries.ts';
import { freshResources } from '../support/emulators.ts';

/**
 * What the incident page reads of its deliveries while it polls every few seconds: the configured
 * channels' rows by key, and the subscribers (thousands in a real outage) as counts, bounded, never
 * a row each. Deliveries are written through the store's own claim and record, as the broadcast does.
 */
let store: Store;
const INCIDENT = 'inc-reads';
const at = new Date('2026-12-01T09:00:00Z');
const SUBSCRIBERS = 60;

async function delivered(updateId: string, channel: string, state: 'sent' | 'failed' | 'sending', subscriber?: string) {
  const key = { incidentId: INCIDENT, updateId, channel, ...(subscriber ? { subscriber } : {}) };
  expect((await deliveries.claim(store, { ...key, target: subscriber ?? channel }, at, 30_000)).claimed).toBe(true);
  if (state !== 'sending') await deliveries.record(store, key, state, at, state === 'failed' ? 'HTTP 500: the body a target sent' : undefined);
}

beforeAll(async () => {
  ({ store } = await freshResources('delivery-reads'));
  await delivered('u1', 'x-main', 'sent');
  await delivered('u1', 'slack-ops', 'failed');
  await delivered('u2', 'x-main', 'sending');
  for (let i = 0; i < SUBSCRIBERS; i++) await delivered('u1', 'email', i % 20 === 0 ? 'failed' : 'sent', `sub-${i}`);
  await delivered('u1', 'sms', 'sent', 'sub-phone');
  await delivered('u2', 'email', 'sending', 'sub-0');
}, 60_000);

describe('the incident page\'s delivery reads', () => {
  it('reads the configured channels by key, leaving the subscribers out', async () => {
    const rows = await deliveries.channelDeliveries(store, INCIDENT, ['u1', 'u2'], ['x-main', 'slack-ops', 'teams-ops']);
    expect(rows.map((d) => `${d.updateId}/${d.channel}/${d.state}`).sort()).toEqual(['u1/slack-ops/failed', 'u1/x-main/sent', 'u2/x-main/sending']);
    // An error is ours (the status code), never the target's answer.
    expect(rows.find((d) => d.channel === 'slack-ops')!.error).toBe('HTTP 500');
    expect(rows.every((d) => d.subscriber === undefined)).toBe(true);
  });

  it('counts subscriber deliveries per update, channel and state', async () => {
    const { tallies, truncated } = await deliveries.subscriberTally(store, INCIDENT, ['u1', 'u2']);
    expect(truncated).toBe(false);
    const byKey = Object.fromEntries(tallies.map((t) => [`${t.updateId}/${t.channel}`, t.counts]));
    expect(byKey).toEqual({ 'u1/email': { sent: 57, failed: 3 }, 'u1/sms': { sent: 1 }, 'u2/email': { sending: 1 } });
  });

  it('stops at its read bound and says so', async () => {
    const { tallies, truncated } = await deliveries.subscriberTally(store, INCIDENT, ['u1', 'u2'], 10);
    expect(truncated).toBe(true);
    expect(tallies.reduce((n, t) => n + Object.values(t.counts).reduce((a, b) => a + (b ?? 0), 0), 0)).toBeLessThanOrEqual(10);
  });

  it('shows one row per subscriber channel and update, with its counts, and no subscriber ids', async () => {
    const { tallies } = await deliveries.subscriberTally(store, INCIDENT, ['u1', 'u2']);
    const rows = await deliveries.channelDeliveries(store, INCIDENT, ['u1', 'u2'], ['x-main', 'slack-ops']);
    const update = (id: string, minutes: number): IncidentUpdate => ({ id, incidentId: INCIDENT, brand: 'demo', name: 'Storing', kind: 'incident', status: 'investigating', impact: 'major', message: { nl: 'x', en: 'x' }, components: {}, previous: {}, at: new Date(at.getTime() + minutes * 60_000).toISOString() });
    const html = deliveriesFragment({ lang: 'en', timeZone: 'Europe/Amsterdam', csrf: 'c', incidentId: INCIDENT, updates: [update('u1', 0), update('u2', 30)], deliveries: rows, subscribers: tallies, channels: ['x-main', 'slack-ops'], now: at });
    expect(html.match(/<tr data-key=/g)).toHaveLength(3 + 3);
    expect(html).toContain('data-key="subscribers/u1/email"');
    expect(html).toMatch(/email · 60 subscribers/);
    expect(html).toMatch(/data-count="57">57 sent/);
    expect(html).toMatch(/data-count="3">3 failed/);
    expect(html).not.toContain('sub-1');
    // Retry is offered for the failed configured channel only (u2's x-main is sending, its lease young).
    expect(html.match(/name="channel" value="([^"]+)"/g)).toEqual(['name="channel" value="slack-ops"']);
    // A quarter of an hour later that send has lost its sender: it may be retried too.
    const later = deliveriesFragment({ lang: 'en', timeZone: 'Europe/Amsterdam', csrf: 'c', incidentId: INCIDENT, updates: [update('u1', 0), update('u2', 30)], deliveries: rows, subscribers: tallies, channels: ['x-main', 'slack-ops'], now: new Date(at.getTime() + 16 * 60_000) });
    expect(later.match(/name="update" value="([^"]+)"/g)).toEqual(['name="update" value="u1"', 'name="update" value="u2"']);
  });
});

describe('reopening a delivery for an operator\'s retry', () => {
  const key = (channel: string) => ({ incidentId: INCIDENT, updateId: 'u9', channel });

  it('reopens a failed one once, however often it is asked at the same time', async () => {
    await delivered('u9', 'discord-community', 'failed');
    const tries = await Promise.all(Array.from({ length: 5 }, () => deliveries.reopenForRetry(store, key('discord-community'), at)));
    expect(tries.filter(Boolean)).toHaveLength(1);
  });

  it('reopens a send stuck past its lease, never one whose lease still holds, never a sent one', async () => {
    await delivered('u9', 'teams-ops', 'sending');
    expect(await deliveries.reopenForRetry(store, key('teams-ops'), new Date(at.getTime() + 10_000))).toBe(false);
    expect(await deliveries.reopenForRetry(store, key('teams-ops'), new Date(at.getTime() + 31_000))).toBe(true);
    await delivered('u9', 'x-main', 'sent');
    expect(await deliveries.reopenForRetry(store, key('x-main'), new Date(at.getTime() + 3_600_000))).toBe(false);
    expect(await deliveries.reopenForRetry(store, key('nothing-here'), at)).toBe(false);
  });
});
