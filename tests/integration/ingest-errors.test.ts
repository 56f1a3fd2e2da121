import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynamo } from '../../local/dynamodb.ts';
import { createDynamo } from '../../shared/store/client.ts';
import type { Store } from '../../shared/store/client.ts';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { metaSignature, signed, standardHeaders } from '../support/sign.ts';

let store: Store;
let app: ReturnType<typeof webhookApp>;

beforeAll(async () => {
  ({ store } = await freshResources('ingest-errors'));
  app = webhookApp(store);
});

const count = async (s = store) => (await s.ddb.send(new ScanCommand({ TableName: s.table, Select: 'COUNT' }))).Count ?? 0;

const comment = (id: string, message = 'Waarom is mijn factuur zo hoog?') =>
  JSON.stringify({
    object: 'page',
    entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: id, post_id: '1234567890321_5', from: { id: 'u1', name: 'Els' }, created_time: 1700000000, message } }] }],
  });

async function expectError(res: Response, status: number, mentions: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toMatch(mentions);
  return body;
}

describe('bad input gets a clear answer and stores nothing', () => {
  it('malformed JSON → 400 naming the body', async () => {
    const { path, init } = signed('meta', '{"object": "page", "entry": [');
    await expectError(await app.request(path, init), 400, /json/i);
    expect(await count()).toBe(0);
  });

  it('a wrong type → 400 naming the field', async () => {
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: 'c1', post_id: 'p', from: { id: 'u' }, created_time: 1, message: 42 } }] }] });
    const { path, init } = signed('meta', body);
    await expectError(await app.request(path, init), 400, /message/);
    expect(await count()).toBe(0);
  });

  it('a missing field → 400 naming it', async () => {
    const body = JSON.stringify({ platform: 'appstore', kind: 'review', accountId: 'demo', text: 'Crasht steeds', createdAt: '2026-11-20T10:00:00Z' });
    const { path, init } = signed('generic', body);
    await expectError(await app.request(path, init), 400, /author/);
    expect(await count()).toBe(0);
  });

  it('a 2 MiB body → 413', async () => {
    const body = comment('big', 'x'.repeat(2 * 1024 * 1024));
    const { path, init } = signed('meta', body);
    await expectError(await app.request(path, init), 413, /1 MiB/);
    expect(await count()).toBe(0);
  });

  it('a body of no Meta shape → 400; an unknown field of a known object → 200, ignored', async () => {
    const { path, init } = signed('meta', JSON.stringify({ hello: 'world' }));
    await expectError(await app.request(path, init), 400, /object|no known/i);
    const videos = JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1, changes: [{ field: 'videos', value: { id: 'v1' } }] }] });
    const again = signed('meta', videos);
    const res = await app.request(again.path, again.init);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ignored: number }).ignored).toBe(1);
    expect(await count()).toBe(0);
  });

  it('an unknown platform route → 404, and the server keeps serving', async () => {
    await expectError(await app.request('/webhooks/myspace', { method: 'POST', body: '{}' }), 404, /myspace/);
    const { path, init } = signed('meta', comment('after-errors'));
    expect((await app.request(path, init)).status).toBe(200);
    expect(await count()).toBe(1);
  });
});

describe('signatures', () => {
  it('a one-byte change to the body or the signature → 401', async () => {
    const body = comment('sig-1');
    const sig = metaSignature(body);
    const tampered = body.replace('factuur', 'facTuur');
    const badBody = await app.request('/webhooks/meta', { method: 'POST', body: tampered, headers: { 'x-hub-signature-256': sig } });
    await expectError(badBody, 401, /signature/i);
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    const badSig = await app.request('/webhooks/meta', { method: 'POST', body, headers: { 'x-hub-signature-256': flipped } });
    await expectError(badSig, 401, /signature/i);
    const none = await app.request('/webhooks/meta', { method: 'POST', body });
    await expectError(none, 401, /x-hub-signature-256/i);
  });

  it('Meta bodies with escaped non-ASCII verify over the raw bytes', async () => {
    const raw = comment('sig-e').replace('Waarom', 'Caf\\u00e9 Waarom');
    const { path, init } = signed('meta', raw);
    expect((await app.request(path, init)).status).toBe(200);
  });

  it('a stale webhook-timestamp on the generic endpoint → 401', async () => {
    const body = JSON.stringify({ platform: 'appstore', kind: 'review', accountId: 'demo', author: { id: 'a1' }, text: 'Mooie app', createdAt: '2026-11-20T10:00:00Z' });
    const headers = standardHeaders(body, 'msg_stale', new Date(Date.now() - 10 * 60_000));
    await expectError(await app.request('/webhooks/generic', { method: 'POST', body, headers }), 401, /timestamp/i);
  });

  it('the wrong push token for Google and Trustpilot → 401', async () => {
    const google = await app.request('/webhooks/google?token=nope', { method: 'POST', body: '{}' });
    expect(google.status).toBe(401);
    const trustpilot = await app.request('/webhooks/trustpilot', { method: 'POST', body: '{}' });
    expect(trustpilot.status).toBe(401);
  });
});

describe('storage outage', () => {
  let dynamo: LocalDynamo;
  let dataDir: string;
  afterAll(async () => dynamo?.stop());

  it('answers 503 while DynamoDB is down, and the same delivery succeeds once it is back', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wecare-outage-'));
    dynamo = await startDynamo({ dataDir });
    const own: Store = { ddb: createDynamo(dynamo.endpoint), table: 'wecare' };
    await ensureTable(own.ddb, own.table);
    const outageApp = webhookApp(own);
    const { path, init } = signed('meta', comment('outage-1'));

    await dynamo.stop();
    const down = await outageApp.request(path, init);
    await expectError(down, 503, /storage/i);

    dynamo = await startDynamo({ dataDir, port: dynamo.port });
    const back = await outageApp.request(path, init);
    expect(back.status).toBe(200);
    expect(((await back.json()) as { stored: number }).stored).toBe(1);
    expect(await count(own)).toBe(1);
  });
});
