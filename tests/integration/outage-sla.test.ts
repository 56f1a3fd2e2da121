import { beforeAll, describe, expect, it } from 'vitest';
import { resumeSla, tagMention } from '../../shared/incidents/outage.ts';
import { getMention, type Store, storeMention, toMention } from '../../shared/store/mentions.ts';
import { freshResources } from '../support/emulators.ts';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../../shared/store/table.ts';

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
    const raw = unmarshall((await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(keys.mention(m.id)) }))).Item!);
    expect(raw.gsi4sk).toBe('2026-11-23T13:00:00.000Z');

    // A second resolve notice (redelivery) moves nothing.
    await resumeSla(store, m, '2026-11-23T15:00:00.000Z');
    expect((await getMention(store, m.id))?.slaDueAt).toBe('2026-11-23T13:00:00.000Z');
  });
});
