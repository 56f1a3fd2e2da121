import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { guardedFetch } from '../../../shared/broadcast/public-target.ts';
import { type SubscribeContext, subscribeToStatus, useSubscriptionToken } from '../../../shared/broadcast/subscribe.ts';
import type { Brand } from '../../../shared/config/brand.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { SubscribeRequest } from '../../../shared/incidents/subscribers.ts';
import type { SubscriptionDeps } from '../../../shared/incidents/subscriptions.ts';
import { limitRate } from '../../../shared/store/rate-limit.ts';
import { CSP } from '../../../shared/status-page/style.ts';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { actionPage, resultPage } from '../../../shared/status-page/subscription-page.tsx';
import { sourceAddress } from '../client-address.ts';
import type { ApiContext } from '../context.ts';
import { brandOf } from './brand.ts';

/** Public bodies are small: bounded before anything parses them (a few KB is a subscribe form). */
export const PUBLIC_BODY_BYTES = 4 * 1024;
export const smallBody = bodyLimit({
  maxSize: PUBLIC_BODY_BYTES,
  onError: () => {
    throw new WecareError('payload_too_large', `body: larger than ${PUBLIC_BODY_BYTES / 1024} KiB`);
  },
});

/**
 * Public subscribe, confirm and unsubscribe: bounded bodies, 10 subscribe requests per client a
 * minute keyed on the real source address (never X-Forwarded-For), then the use case
 * (shared/broadcast/subscribe.ts) decides; this only maps its answer to JSON or a page.
 */
export function subscribeRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  const clientOf = ctx.clientAddress ?? sourceAddress;
  const useCase: SubscribeContext = {
    store: ctx.store,
    now: ctx.now,
    publicFetch: ctx.publicFetch ?? guardedFetch({ allowPrivate: ctx.allowPrivateWebhooks === true }),
    allowPrivateWebhooks: ctx.allowPrivateWebhooks === true,
    subscriptions: subscriptions(ctx),
    mail: ctx.mail,
  };

  app.post('/status/:brand/subscribe', smallBody, async (c) => {
    const brand = brandOf(ctx, c);
    // Before parsing: a flood of bad bodies is limited too.
    await limitRate(ctx.store, 'subscribe-client', `${brand.id}:${clientOf(c)}`, 10, 60, ctx.now());
    const form = (c.req.header('content-type') ?? '').includes('form');
    const input = SubscribeRequest.safeParse(form ? formBody(await c.req.parseBody({ all: true })) : await c.req.json().catch(() => undefined));
    if (!input.success) throw new WecareError('bad_request', describeIssues(input.error.issues));
    // The subscriber's language: the field, else Accept-Language, else the brand's first (pickLang).
    const made = await subscribeToStatus(useCase, brand, input.data, pickLang(undefined, c.req.header('accept-language'), brand.languages));
    if (made.state === 'active') {
      const { id, type, components, secret } = made.subscriber;
      return c.json({ id, type, state: 'active', components: components ?? null, secret, unsubscribeToken: made.unsubscribeToken }, 201);
    }
    if (form) return c.html(resultPage({ brand, lang: langOf(c, brand), action: 'pending', statusUrl: `/status/${brand.id}` }), 202, { 'content-security-policy': CSP });
    const { id, type, state, components } = made.subscriber;
    return c.json({ id, type, state, components: components ?? null }, 202);
  });

  for (const [path, action] of [['subscribe/confirm', 'confirm'], ['unsubscribe', 'unsubscribe']] as const) {
    // GET only shows the page: link scanners and previews fetch links, and must change nothing.
    app.get(`/status/:brand/${path}`, (c) => {
      const brand = brandOf(ctx, c);
      const token = tokenOf(c);
      const formAction = `/status/${brand.id}/${path}?token=${encodeURIComponent(token)}`;
      return c.html(actionPage({ brand, lang: langOf(c, brand), action, formAction }), 200, pageHeaders);
    });
    // The page's button, and RFC 8058 one-click (`List-Unsubscribe=One-Click` or an empty body).
    app.post(`/status/:brand/${path}`, smallBody, async (c) => {
      const brand = brandOf(ctx, c);
      const s = await useSubscriptionToken(useCase, brand, action, tokenOf(c));
      if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json({ id: s.id, state: s.state });
      return c.html(resultPage({ brand, lang: langOf(c, brand), action, statusUrl: `/status/${brand.id}` }), 200, pageHeaders);
    });
  }
  return app;
}

const pageHeaders = { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

function tokenOf(c: Context): string {
  const token = c.req.query('token');
  if (!token) throw new WecareError('bad_request', 'token: required');
  if (token.length > 200) throw new WecareError('bad_request', 'token: too long');
  return token;
}

const langOf = (c: Context, brand: Brand) => pickLang(c.req.query('lang'), c.req.header('accept-language'), brand.languages);

export const subscriptions = (ctx: ApiContext): SubscriptionDeps => ({ sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, publicUrl: ctx.publicUrl, sendSms: ctx.sendSms });

/** A form's `components` may come once or repeated; zod wants an array. */
function formBody(body: Record<string, string | File | (string | File)[]>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = k === 'components' ? [v].flat() : Array.isArray(v) ? v[0] : v;
  return out;
}
