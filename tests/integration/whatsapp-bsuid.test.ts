import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { replyRoute } from '../../shared/flows/channel.ts';
import { sendReply } from '../../shared/flows/outbox.ts';
import type { Store } from '../../shared/store/client.ts';
import { conversationId, getMention, mentionId } from '../../shared/store/mentions.ts';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';
import { replyEnvFor } from '../unit/flows/fixtures.ts';

// Real-shaped WhatsApp Cloud payloads since the 2026 username rollout: contacts carry `user_id`
// (the business-scoped user id, BSUID) and the profile a `username`; messages `from_user_id`,
// and `wa_id` / `from` only while the user's phone number is shown to the business.
const PHONE_ID = '10634295353625';
const BSUID = 'NL.13491208655302741918';
const PHONE = '31612345678';

function waBody(wamid: string, sender: { wa_id?: string; user_id?: string }, text = 'Mijn app doet het niet', contactsToo = true) {
  const message: Record<string, unknown> = { id: wamid, timestamp: '1767261600', type: 'text', text: { body: text } };
  if (sender.wa_id) message.from = sender.wa_id;
  if (sender.user_id) message.from_user_id = sender.user_id;
  const contacts = contactsToo ? [{ profile: { name: 'Sanne', ...(sender.user_id ? { username: '@sanne.nl' } : {}) }, ...sender }] : undefined;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '101809759215303', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '31201234567', phone_number_id: PHONE_ID }, contacts, messages: [message] } }] }],
  });
}

let store: Store;
let sink: RecordingSink;
beforeAll(async () => {
  ({ store } = await freshResources('whatsapp-bsuid'));
  sink = await startSink();
});
afterAll(() => sink.close());

async function post(body: string) {
  const { path, init } = signed('meta', body);
  return (await webhookApp(store).request(path, init)).status;
}

async function replyTo(wamid: string) {
  const m = (await getMention(store, mentionId('demo', 'whatsapp', wamid)))!;
  const route = replyRoute(m, 'Dank voor je bericht!', new Date(Date.parse(m.createdAt) + 60_000));
  if (!route.ok) throw new Error(route.reason);
  const deps = { store, reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 }, now: () => new Date(), retry: { baseMs: 10 } };
  const intent = await sendReply(deps, { flow: 'test', subject: wamid, brand: 'demo', mentionId: m.id, message: route.message });
  expect(intent.state).toBe('sent');
  return sink.requests().at(-1)!;
}

describe('WhatsApp business-scoped user ids (BSUID)', () => {
  it('stores a BSUID-only message keyed and threaded by the BSUID, and answers it through the BSUID', async () => {
    expect(await post(waBody('wamid.bsuid-only-1', { user_id: BSUID }))).toBe(200);
    expect(await post(waBody('wamid.bsuid-only-2', { user_id: BSUID }, 'Nog steeds niet', false))).toBe(200);
    const first = (await getMention(store, mentionId('demo', 'whatsapp', 'wamid.bsuid-only-1')))!;
    const second = (await getMention(store, mentionId('demo', 'whatsapp', 'wamid.bsuid-only-2')))!;
    expect(first.author).toEqual({ id: BSUID, name: 'Sanne', handle: '@sanne.nl' });
    expect(first.text).toBe('Mijn app doet het niet');
    expect(first.conversationId).toBe(conversationId('demo', 'whatsapp', BSUID));
    // A message without its contact block still threads with the first one.
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.author.id).toBe(BSUID);

    const request = await replyTo('wamid.bsuid-only-1');
    expect(request.path).toBe(`/meta/v21.0/${PHONE_ID}/messages`);
    expect(request.json).toMatchObject({ messaging_product: 'whatsapp', recipient: BSUID, type: 'text', text: { body: 'Dank voor je bericht!' } });
    expect(request.json).not.toHaveProperty('to');
  });

  it('keys a message with both ids by the BSUID and answers on the phone number while it is known', async () => {
    expect(await post(waBody('wamid.both-1', { wa_id: PHONE, user_id: BSUID }))).toBe(200);
    const m = (await getMention(store, mentionId('demo', 'whatsapp', 'wamid.both-1')))!;
    expect(m.author).toEqual({ id: BSUID, phone: PHONE, name: 'Sanne', handle: '@sanne.nl' });
    expect(m.conversationId).toBe(conversationId('demo', 'whatsapp', BSUID));
    const request = await replyTo('wamid.both-1');
    expect(request.json).toMatchObject({ to: PHONE, type: 'text' });
    expect(request.json).not.toHaveProperty('recipient');
  });

  it('keeps the phone-number shape for a wa_id-only message', async () => {
    expect(await post(waBody('wamid.phone-only-1', { wa_id: PHONE }))).toBe(200);
    const m = (await getMention(store, mentionId('demo', 'whatsapp', 'wamid.phone-only-1')))!;
    expect(m.author).toEqual({ id: PHONE, name: 'Sanne' });
    expect(m.conversationId).toBe(conversationId('demo', 'whatsapp', PHONE));
    expect((await replyTo('wamid.phone-only-1')).json).toMatchObject({ to: PHONE });
  });

  it('stores a message that names no sender at all with what it has, in a thread of its own', async () => {
    expect(await post(waBody('wamid.no-sender', {}, 'Hallo?', false))).toBe(200);
    const m = (await getMention(store, mentionId('demo', 'whatsapp', 'wamid.no-sender')))!;
    expect(m.text).toBe('Hallo?');
    expect(m.author.id).toBe('unknown-wamid.no-sender');
  });
});
