import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newIntent } from '../../shared/flows/outbox.ts';
import { cooldownKey } from '../../shared/flows/thank-you-guards.ts';
import { recordAffected, tagMention } from '../../shared/incidents/outage.ts';
import { getMention, mentionId, type Store } from '../../shared/store/mentions.ts';
import { createIntent } from '../../shared/store/outbox.ts';
import { scheduleFollowUp } from '../../shared/store/followups.ts';
import type { Resources } from '../../local/stack.ts';
import { apiApp, auth } from '../support/api.ts';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';

let store: Store;
let resources: Resources;

beforeAll(async () => {
  ({ store, resources } = await freshResources('privacy'));
});

const AUTHOR = 'fan-7781';
const NAME = 'Sanne Verhoeven';
const comment = (id: string, verb: string, message: string, from = { id: AUTHOR, name: NAME }) =>
  JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1700000100, changes: [{ field: 'feed', value: { item: 'comment', verb, comment_id: id, post_id: '1234567890321_8', from, created_time: 1700000000, message } }] }] });

async function everything(): Promise<string> {
  const out = await store.ddb.send(new ScanCommand({ TableName: store.table }));
  return JSON.stringify((out.Items ?? []).map((i) => unmarshall(i)));
}

describe('DELETE /api/authors/:platform/:id', () => {
  it('erases the author everywhere wecare keeps them, keeps anonymous counts, and logs the erasure', async () => {
    const hooks = webhookApp(store);
    for (const body of [
      comment('gdpr_1', 'add', 'Geweldige service van Marloes aan de telefoon, dank!'),
      comment('gdpr_1', 'edited', 'Geweldige service van Marloes, echt top (Sanne, Utrecht)'),
      // A hide that overtook its comment: parked next to it until the stream applies it.
      comment('gdpr_2', 'hide', ''),
      comment('gdpr_2', 'add', 'Mijn adres is Dorpsstraat 12, graag terugbellen op 0612345678'),
      comment('other_1', 'add', 'Andere klant, blijft staan', { id: 'someone-else', name: 'Piet' }),
    ]) {
      const { path, init } = signed('meta', body);
      expect((await hooks.request(path, init)).status).toBe(200);
    }
    const first = (await getMention(store, mentionId('facebook', 'gdpr_1')))!;
    await createIntent(store, newIntent({ flow: 'thank-you', subject: first.id, brand: 'demo', mentionId: first.id, message: { platform: 'facebook', channel: 'public', replyTo: 'gdpr_1', recipient: AUTHOR, account: '1234567890321', text: `Dankjewel ${NAME}!` } }, new Date()));
    await scheduleFollowUp(store, { brand: 'demo', conversationId: first.conversationId, mentionId: first.id, dueAt: '2030-01-01T09:00:00.000Z', now: new Date().toISOString() });
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall({ ...cooldownKey('demo', 'facebook', AUTHOR), at: new Date().toISOString() }) }));
    await tagMention(store, first, 'inc-gdpr', new Date());
    await recordAffected(store, 'inc-gdpr', { ...first, incidentId: 'inc-gdpr' }, new Date());

    const before = await everything();
    expect(before).toContain(AUTHOR);
    expect(before).toContain('Dorpsstraat');

    const api = apiApp(store, resources);
    const res = await api.request(`/api/authors/facebook/${AUTHOR}`, { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, number>;
    expect(report.mentions).toBe(2);
    expect(report.outbox).toBe(1);
    expect(report.followUps).toBe(1);
    expect(report.parkedChanges).toBe(1);
    expect(report.cooldowns).toBe(1);
    expect(report.incidentRecords).toBe(1);

    const after = await everything();
    for (const trace of [AUTHOR, NAME, 'Sanne', 'Marloes', 'Dorpsstraat', '0612345678']) expect(after).not.toContain(trace);
    // Anonymous counts survive: both mentions are still there for metrics, and the other customer is untouched.
    const erased = (await getMention(store, mentionId('facebook', 'gdpr_2')))!;
    expect(erased.platform).toBe('facebook');
    expect(erased.text).toBe('');
    expect((await getMention(store, mentionId('facebook', 'other_1')))?.text).toBe('Andere klant, blijft staan');
    expect(after).toMatch(/"type":"erasure"/);
  });

  it('needs the admin token', async () => {
    const res = await apiApp(store, resources).request('/api/authors/facebook/x', { method: 'DELETE' });
    expect(res.status).toBe(401);
  });
});
