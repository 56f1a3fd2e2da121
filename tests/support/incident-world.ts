import { analyze } from '../../shared/triage/analyze.ts';
import { detectIntent } from '../../shared/triage/intent.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import { createBroadcastHandler } from '../../functions/broadcast/handler.ts';
import { type Issuer, startIssuer } from '../../local/oidc/issuer.ts';
import { DEMO_USERS } from '../../local/oidc/users.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import { createSqs } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { channelQueues } from '../../shared/incidents/queues.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention, toMention } from '../../shared/store/mentions.ts';
import { replyEnvFor } from '../unit/flows/fixtures.ts';
import { apiContext } from './api.ts';
import { endpoints, freshResources } from './emulators.ts';

/**
 * The incident console's world: the console world's pieces (the API app on a port, the local OIDC
 * issuer, the recording sink as X and Facebook, Slack, Teams and Discord), plus what a broadcast
 * runs on: one fauxqs queue per channel polled into the very broadcast handler, and a partner's
 * webhook (`hook`) that answers 500 while `hook.broken` is set. Short visibility and two receives,
 * so a failing channel is `failed` within seconds.
 */
export const PASSWORD = 'incident console test password';
const AUDIENCE = 'wecare-api';
/** The demo users and an incident manager of the demo brand only. */
export const INCIDENT_MANAGER = 'incidents@demo.test';

export const incidentBrands = (sink: string, hook: string) =>
  indexBrands(
    parseConfig({
      brands: [
        {
          id: 'demo',
          name: 'Demo Energie',
          languages: ['nl', 'en'],
          timezone: 'Europe/Amsterdam',
          components: [{ id: 'app', name: 'Mobile app' }, { id: 'payments', name: 'Payments' }],
          channels: [
            { id: 'x-main', type: 'x', target: '1500000000000000001' },
            { id: 'facebook-page', type: 'facebook', target: '12345654332' },
            { id: 'slack-ops', type: 'slack', target: `${sink}/slack` },
            { id: 'teams-ops', type: 'teams', target: `${sink}/teams` },
            { id: 'discord-community', type: 'discord', target: `${sink}/discord` },
            { id: 'partner-hook', type: 'webhook', target: `${hook}/hook`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
          ],
          accounts: { x: ['1500000000000000001'], facebook: ['12345654332'] },
          thankYou: { enabled: false },
          followUp: { enabled: false },
        },
        { id: 'other', name: 'Other Brand', accounts: { x: ['1500000000000000002'] } },
      ],
    }),
  );

export interface PartnerHook {
  url: string;
  broken: boolean;
  /** Every post it received, answered or not. */
  received: Array<{ at: number; status: number; body: string }>;
}

export interface IncidentWorld {
  app: string;
  brands: ReturnType<typeof incidentBrands>;
  issuer: Issuer;
  sink: RecordingSink;
  hook: PartnerHook;
  store: Store;
  /** A customer's tweet at the demo brand `minutesAgo` minutes ago, stored as ingest stores it with triage's sentiment and intent (the chart's volume). */
  tweet(minutesAgo: number, text: string): Promise<void>;
  close(): Promise<void>;
}

async function partnerHook(): Promise<PartnerHook & { close(): Promise<void> }> {
  const state = { broken: true, received: [] as PartnerHook['received'] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = state.broken ? 500 : 200;
      state.received.push({ at: Date.now(), status, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url, close: () => new Promise<void>((r) => server.close(() => r())) });
}

export async function incidentWorld(name: string): Promise<IncidentWorld> {
  const sink = await startSink();
  const hook = await partnerHook();
  const brands = incidentBrands(sink.url, hook.url);
  const queues = channelQueues(brands).map((q) => ({ ...q, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 }));
  const { store, resources } = await freshResources(name, queues);
  const late: { app?: ReturnType<typeof createApiApp> } = {};
  const server = serve({ fetch: (req, env) => late.app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = await startIssuer({ publicUrl: app, password: PASSWORD, audience: AUDIENCE, users: [...DEMO_USERS, { email: INCIDENT_MANAGER, name: 'Demo Incident Manager', role: 'incident_manager', brands: ['demo'] }] });
  const env = replyEnvFor(sink);
  const ctx: ApiContext = {
    ...apiContext(store, resources),
    brands,
    publicUrl: app,
    reply: { env, fetch, timeoutMs: 2000 },
    oidc: { issuer: issuer.issuer, audience: AUDIENCE, clientId: 'wecare-console' },
    jwt: createJwtVerifier({ issuer: issuer.issuer, audience: AUDIENCE }),
  };
  late.app = createApiApp(ctx);
  const handler = createBroadcastHandler({ store, fetch, brands, now: () => new Date(), env: { platforms: env, publicUrl: app }, maxReceiveCount: 2, visibilityTimeoutSeconds: 1, timeoutMs: 2000 });
  const sqs = createSqs(endpoints().fauxqs);
  const pollers = resources.queues.map((q) => pollQueue({ sqs, queueUrl: q.url, handler, onError: () => {} }));
  let seq = 0;
  return {
    app,
    brands,
    issuer,
    sink,
    hook,
    store,
    async tweet(minutesAgo, text) {
      const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const m = toMention({ platform: 'x', kind: 'mention', externalId: `t${++seq}-${Date.now()}`, accountId: '1500000000000000001', author: { id: `fan${seq}`, handle: `fan${seq}` }, text, createdAt: at }, 'demo', at);
      // Labelled by triage's own analysis, so a complaint counts as one on the chart.
      const analysis = analyze(text);
      await storeMention(store, { ...m, sentiment: analysis.sentiment, intent: detectIntent(analysis) });
    },
    async close() {
      await Promise.all(pollers.map((p) => p.stop()));
      await issuer.close();
      await sink.close();
      await hook.close();
      await new Promise((r) => server.close(r));
    },
  };
}
