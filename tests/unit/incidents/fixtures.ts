import { Hono } from 'hono';
import type { SNSClient } from '@aws-sdk/client-sns';
import { onError } from '../../../functions/adapters/errors.ts';
import { authenticate } from '../../../functions/api/auth.ts';
import type { ApiContext } from '../../../functions/api/context.ts';
import { incidentRoutes } from '../../../functions/api/routes/incidents.ts';
import { statusRoutes } from '../../../functions/api/routes/status.ts';
import { indexBrands, parseConfig } from '../../../shared/config/load.ts';
import type { Store } from '../../../shared/store/client.ts';
import { readReplyEnv } from '../../../shared/platforms/index.ts';

/** A brand whose channels all point at one recording sink, with one of each kind of filter. */
export function acmeBrands(sinkUrl = 'http://127.0.0.1:9', extra: Record<string, unknown>[] = []) {
  return indexBrands(
    parseConfig({
      brands: [
        {
          id: 'acme',
          name: 'Acme Energie',
          languages: ['nl', 'en'],
          accounts: { x: ['111'], facebook: ['page1'] },
          outageKeywords: ['storing', 'inloggen'],
          components: [
            { id: 'app', name: 'Mobile app' },
            { id: 'website', name: 'Website' },
            { id: 'payments', name: 'Payments' },
          ],
          channels: [
            { id: 'x-main', type: 'x', target: '111' },
            { id: 'facebook-page', type: 'facebook', target: 'page1' },
            { id: 'slack-ops', type: 'slack', target: `${sinkUrl}/slack` },
            { id: 'teams-care', type: 'teams', target: `${sinkUrl}/teams` },
            { id: 'discord', type: 'discord', target: `${sinkUrl}/discord` },
            { id: 'discord-major', type: 'discord', target: `${sinkUrl}/major`, minImpact: 'major' },
            { id: 'web-only', type: 'slack', target: `${sinkUrl}/webonly`, components: ['website'] },
            ...extra,
          ],
        },
      ],
    }),
  );
}

export const ADMIN = 'test-admin-token';

export function testApi(opts: {
  store: Store;
  sns: SNSClient;
  brands: ApiContext['brands'];
  statusUpdates: string;
  now?: () => Date;
  snapshot?: { freshMs: number; timeoutMs: number };
  /** The test-only setting (WECARE_ALLOW_PRIVATE_WEBHOOKS): subscriber webhooks may point at a loopback sink. */
  allowPrivateWebhooks?: boolean;
}) {
  const ctx: ApiContext = {
    store: opts.store,
    sns: opts.sns,
    brands: opts.brands,
    adminToken: ADMIN,
    reply: { env: readReplyEnv(process.env), fetch: globalThis.fetch },
    topics: { mentionEvents: 'arn:aws:sns:eu-west-1:000000000000:unused', statusUpdates: opts.statusUpdates },
    publicUrl: 'https://status.example',
    now: opts.now ?? (() => new Date()),
    allowPrivateWebhooks: opts.allowPrivateWebhooks,
  };
  const app = new Hono();
  app.onError(onError);
  app.use('/api/*', authenticate(ctx));
  app.route('/', incidentRoutes(ctx));
  app.route('/', statusRoutes(ctx, opts.snapshot ?? { freshMs: 0, timeoutMs: 2_000 }));
  return app;
}

export const post = (app: Hono, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, ...headers }, body: JSON.stringify(body) });

export const incidentBody = (over: Record<string, unknown> = {}) => ({
  brand: 'acme',
  name: 'Inloggen in de app mislukt',
  status: 'investigating',
  impact: 'minor',
  components: { app: 'partial_outage' },
  message: { nl: 'We onderzoeken problemen met inloggen.', en: 'We are investigating login problems.' },
  ...over,
});

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function until<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false && v !== null) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
