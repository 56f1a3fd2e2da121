import { beforeAll, describe, expect, it } from 'vitest';
import { resumeSla, tagMention } from '../../shared/incidents/outage.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, mentionKeys, storeMention, toMention } from '../../shared/store/mentions.ts';
import { freshResources } from '../support/emulators.ts';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

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
    const raw = unmarshall((await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(mentionKeys.item(m.id)) }))).Item!);
    expect(raw.gsi4sk).toBe('2026-11-23T13:00:00.000Z');

    // A second resolve notice (redelivery) moves nothing.
    await resumeSla(store, m, '2026-11-23T15:00:00.000Z');
    expect((await getMention(store, m.id))?.slaDueAt).toBe('2026-11-23T13:00:00.000Z');
  });
});

describe('SlaBreaches', () => {
  it('counts open mentions past due, not those an incident pauses, not those still in time', async () => {
    const { countBreaches } = await import('../../shared/store/sla.ts');
    const now = new Date('2026-11-23T12:00:00Z');
    const put = (id: string, due: string, paused?: string) =>
      store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall({ pk: `MENTION#${id}`, sk: 'MENTION', gsi4pk: 'STATUS#breach-brand#open', gsi4sk: due, slaDueAt: due, ...(paused ? { slaPausedAt: paused } : {}) }) }));
    await put('late-1', '2026-11-23T10:00:00.000Z');
    await put('late-2', '2026-11-23T11:59:00.000Z');
    await put('paused', '2026-11-23T09:00:00.000Z', '2026-11-23T08:30:00.000Z');
    await put('in-time', '2026-11-23T13:00:00.000Z');
    expect(await countBreaches(store, 'breach-brand', now)).toBe(2);
  });
});
