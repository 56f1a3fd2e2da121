import { beforeAll, describe, expect, it } from 'vitest';
import { resumeSla, tagMention } from '../../shared/incidents/outage.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, storeMention, toMention } from '../../shared/store/mentions.ts';
import { freshResources } from '../support/emulators.ts';
import { pauseForIncident, resumeAfterIncident } from '../../shared/cases/incident-clock.ts';
import { newCase } from '../../shared/cases/upkeep.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { countBreachedCases } from '../../shared/store/case-queue.ts';
import { getCase, saveCase } from '../../shared/store/cases.ts';

let store: Store;
beforeAll(async () => {
  ({ store } = await freshResources('outage-sla'));
});

describe('the SLA clock during an incident', () => {
  it('pauses when a mention is tagged with the incident and resumes on resolve, shifted by the pause, once', async () => {
    const m = toMention(
      { platform: 'x', kind: 'mention', externalId: 'sla-1', accountId: '1', author: { id: 'u1' }, text: 'Storing? App werkt niet', createdAt: '2026-11-23T10:00:00Z' },
      'demo',
      '2026-11-23T10:00:00Z',
    );
    await storeMention(store, { ...m, status: 'open', slaDueAt: '2026-11-23T11:00:00.000Z' });
    await tagMention(store, m, 'inc-1', new Date('2026-11-23T10:10:00Z'));
    expect((await getMention(store, m.id))?.slaPausedAt).toBe('2026-11-23T10:10:00.000Z');

    await resumeSla(store, m, '2026-11-23T12:10:00.000Z');
    const resumed = await getMention(store, m.id);
    expect(resumed?.slaDueAt).toBe('2026-11-23T13:00:00.000Z');
    expect(resumed?.slaPausedAt).toBeUndefined();

    // A second resolve notice (redelivery) moves nothing.
    await resumeSla(store, m, '2026-11-23T15:00:00.000Z');
    expect((await getMention(store, m.id))?.slaDueAt).toBe('2026-11-23T13:00:00.000Z');
  });
});

describe('cases and the SLA clocks', () => {
  const brand = indexBrands(parseConfig({ brands: [{ id: 'breach-brand', name: 'B', businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } }] })).byId('breach-brand')!;
  const msg = (id: string, createdAt: string) => ({
    id, brand: 'breach-brand', platform: 'x', text: 'Storing!', createdAt, conversationId: `conv-${id}`, author: { id: `a-${id}` }, lang: 'nl',
    sentiment: { label: 'negative' as const, score: -0.6 }, intent: 'complaint' as const, priority: 40, team: 'webcare',
  });
  const open = async (id: string, createdAt: string) => {
    const { next } = newCase(brand, `case-${id}`, msg(id, createdAt), new Date(createdAt));
    expect(await saveCase(store, next)).toBe(true);
    return next;
  };

  it('counts active cases past a running deadline, not paused or pending ones, not those in time', async () => {
    await open('late-1', '2026-11-23T09:00:00.000Z');
    await open('late-2', '2026-11-23T10:30:00.000Z');
    await open('in-time', '2026-11-23T11:30:00.000Z');
    const paused = await open('paused', '2026-11-23T09:00:00.000Z');
    await pauseForIncident(store, paused.id, 'inc-9', new Date('2026-11-23T09:10:00.000Z'));
    const pending = await open('pending', '2026-11-23T09:00:00.000Z');
    await saveCase(store, { ...pending, version: 2, state: 'pending', pausedAt: '2026-11-23T09:20:00.000Z' });
    expect(await countBreachedCases(store, 'breach-brand', new Date('2026-11-23T12:00:00.000Z'))).toBe(2);
  });

  it('an incident holds the clocks in business time and moves every deadline by the pause, once', async () => {
    const c = await open('held', '2026-11-23T10:00:00.000Z'); // Monday: first response due 11:00
    expect(c.sla.firstResponseDueAt).toBe('2026-11-23T11:00:00.000Z');
    await pauseForIncident(store, c.id, 'inc-1', new Date('2026-11-23T10:30:00.000Z'));
    // Resolved next morning 10:00: the pause held 6.5 business hours (10:30–17:00) plus one (09:00–10:00).
    await resumeAfterIncident(store, brand, c.id, 'inc-1', new Date('2026-11-24T10:00:00.000Z'));
    const after = (await getCase(store, c.id))!;
    expect(after.pausedAt).toBeUndefined();
    expect(after.sla.firstResponseDueAt).toBe('2026-11-24T10:30:00.000Z');
    await resumeAfterIncident(store, brand, c.id, 'inc-1', new Date('2026-11-25T10:00:00.000Z'));
    expect((await getCase(store, c.id))!.sla.firstResponseDueAt).toBe('2026-11-24T10:30:00.000Z');
  });
});
