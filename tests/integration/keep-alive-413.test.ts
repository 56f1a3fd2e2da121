import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { metaSignature } from '../support/sign.ts';

let server: ServerType;
let port: number;
// One socket at most: the request after the 413 goes out on the connection the agent keeps.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const { store } = await freshResources('keep-alive');
  const app = webhookApp(store);
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server.close(r));
});

const comment = (id: string, message: string) =>
  JSON.stringify({
    object: 'page',
    entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: id, post_id: '1234567890321_5', from: { id: 'u1' }, created_time: 1700000000, message } }] }],
  });

/** A signed Meta POST over the shared keep-alive agent, as a platform's HTTP client sends it. */
function deliver(body: string): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/webhooks/meta', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-hub-signature-256': metaSignature(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: Buffer.concat(chunks).toString() }));
      },
    );
    // The server may close while the rest of an over-large body is still being written: that is the point.
    req.on('error', (e) => (req.writableEnded ? undefined : reject(e)));
    req.end(body);
  });
}

describe('item 15: a 413 leaves the connection usable for the next delivery', () => {
  it('answers 413 with Connection: close, and the next request on the same agent is stored', async () => {
    const big = await deliver(comment('too-big', 'x'.repeat(2 * 1024 * 1024)));
    expect(big.status).toBe(413);
    expect(big.connection).toBe('close');
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    for (const id of ['after-413-1', 'after-413-2']) {
      const next = await deliver(comment(id, 'Waarom is mijn factuur zo hoog?'));
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body)).toMatchObject({ stored: 1 });
    }
  });
});
