import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { DynamoDBRecord } from 'aws-lambda';
import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import { createWebhookApp } from '../../functions/webhooks/app.ts';
import { type Issuer, startIssuer } from '../../local/oidc/issuer.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, mentionId } from '../../shared/store/mentions.ts';
import { putSavedReply } from '../../shared/store/saved-replies.ts';
import { triageRecord } from '../../shared/triage/triage-mention.ts';
import { replyEnvFor } from '../unit/flows/fixtures.ts';
import { apiContext } from './api.ts';
import { endpoints, freshResources } from './emulators.ts';
import { signed, testSecrets } from './sign.ts';

/**
 * The console's world for tests: the API app on a real port (the console is served by it), the
 * local OIDC issuer with the demo users, the recording sink as every platform, the webhook app and
 * triage as the stream would run it. Two brands: `demo` (the agent's) and `other`.
 */
export const PASSWORD = 'console test password';
const AUDIENCE = 'wecare-api';
const PAGE_ID = '12345654332';

export const consoleBrands = (sinkUrl = 'http://127.0.0.1:9') =>
  indexBrands(
    parseConfig({
      brands: [
        {
          id: 'demo',
          name: 'Demo Energie',
          languages: ['nl', 'en'],
          timezone: 'Europe/Amsterdam',
          teams: ['webcare', 'billing'],
          components: [{ id: 'app', name: 'Mobile app' }, { id: 'payments', name: 'Payments' }],
          channels: [
            { id: 'x-main', type: 'x', target: '1500000000000000001' },
            { id: 'slack-ops', type: 'slack', target: `${sinkUrl}/slack` },
            { id: 'discord-community', type: 'discord', target: `${sinkUrl}/discord`, minImpact: 'major' },
          ],
          accounts: { x: ['1500000000000000001'], facebook: [PAGE_ID], whatsapp: ['10634295353625'] },
          businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' },
          // A customer who writes again after a resolve starts a new case (the console shows the earlier one).
          cases: { reopenDays: 0 },
          thankYou: { enabled: false },
          followUp: { enabled: false },
        },
        { id: 'other', name: 'Other Brand', accounts: { x: ['1500000000000000002'] } },
      ],
    }),
  );

export interface ConsoleWorld {
  app: string;
  brands: ReturnType<typeof consoleBrands>;
  issuer: Issuer;
  sink: RecordingSink;
  store: Store;
  /** A customer's Messenger DM to the demo page, through the signed webhook and triage; the triaged mention. */
  dm(customer: string, text: string): Promise<Mention>;
  /** A tweet at the `other` brand, triaged. */
  otherTweet(text: string): Promise<Mention>;
  close(): Promise<void>;
}

export async function consoleWorld(name: string): Promise<ConsoleWorld> {
  const { store, resources } = await freshResources(name);
  const sink = await startSink();
  const brands = consoleBrands(sink.url);
  const late: { app?: ReturnType<typeof createApiApp> } = {};
  const server = serve({ fetch: (req, env) => late.app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = await startIssuer({ publicUrl: app, password: PASSWORD, audience: AUDIENCE });
  const ctx: ApiContext = {
    ...apiContext(store, resources),
    brands,
    publicUrl: app,
    reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 },
    oidc: { issuer: issuer.issuer, audience: AUDIENCE, clientId: 'wecare-console' },
    jwt: createJwtVerifier({ issuer: issuer.issuer, audience: AUDIENCE }),
  };
  late.app = createApiApp(ctx);
  const webhooks = createWebhookApp({ store, brands, secrets: testSecrets, now: () => new Date() });
  const sns = createSns(endpoints().fauxqs);
  const logger = new Logger({ logLevel: 'ERROR' });
  let seq = 0;

  const now = new Date().toISOString();
  for (const [lang, title, text] of [
    ['nl', 'Excuses factuur', 'Hoi{name}, sorry voor de verwarring over je factuur. We zoeken het uit onder {case}.'],
    ['en', 'Invoice apology', 'Hi{name}, sorry about the confusion with your invoice. We are on it under {case}.'],
  ] as const) {
    await putSavedReply(store, { id: `saved-${lang}`, brand: 'demo', lang, title, text, updatedAt: now, updatedBy: { type: 'user', id: 'lead@demo.test' } });
  }

  const triage = async (id: string): Promise<Mention> => {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: { pk: { S: `MENTION#${id}` }, sk: { S: 'MENTION' } } }));
    const record: DynamoDBRecord = { eventID: `e${++seq}`, eventName: 'INSERT', dynamodb: { NewImage: out.Item as never, SequenceNumber: String(seq) } };
    await triageRecord({ store, sns, topicArn: resources.topicArns.mentionEvents, brands, now: () => new Date(), logger }, record);
    return (await getMention(store, id))!;
  };
  const deliver = async (route: 'x' | 'meta', body: unknown) => {
    const { path, init } = signed(route, JSON.stringify(body));
    const res = await webhooks.request(path, init);
    if (res.status !== 200) throw new Error(`webhook ${route}: HTTP ${res.status} ${await res.text()}`);
  };

  return {
    app,
    brands,
    issuer,
    sink,
    store,
    async dm(customer, text) {
      const at = Date.now();
      const mid = `m_${customer}_${++seq}_${at}`;
      await deliver('meta', { object: 'page', entry: [{ id: PAGE_ID, time: at, messaging: [{ sender: { id: customer }, recipient: { id: PAGE_ID }, timestamp: at, message: { mid, text } }] }] });
      return triage(mentionId('demo', 'messenger', mid));
    },
    async otherTweet(text) {
      const id = String(1767505432111200000n + BigInt(++seq));
      const tweet = { created_at: new Date().toUTCString(), id_str: id, text, user: { id_str: '4243', screen_name: 'someone_else', name: 'Iemand Anders' }, timestamp_ms: String(Date.now()) };
      await deliver('x', { for_user_id: '1500000000000000002', tweet_create_events: [tweet] });
      return triage(mentionId('other', 'x', id));
    },
    async close() {
      await issuer.close();
      await sink.close();
      await new Promise((r) => server.close(r));
    },
  };
}
