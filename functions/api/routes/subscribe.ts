import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Brand } from '../../../shared/config/brand.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { checkPublicUrl, guardedFetch } from '../../../shared/broadcast/public-target.ts';
import { activateWebhook, countWebhooks, removeSubscriber } from '../../../shared/incidents/subscriber-admin.ts';
import { kindOf, SubscribeRequest, setSubscriptionArn, subscribe, type Subscribed, useToken } from '../../../shared/incidents/subscribers.ts';
import { activatePhone, endSubscription, startOptIn, type SubscriptionDeps } from '../../../shared/incidents/subscriptions.ts';
import { checkSmsCountry, takeSmsBudget } from '../../../shared/incidents/sms-policy.ts';
import { challengeWebhook } from '../../../shared/broadcast/webhook-verify.ts';
import { limitRate } from '../../../shared/store/rate-limit.ts';
import { CSP } from '../../../shared/status-page/html.ts';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { actionPage, resultPage, type SubscriptionAction } from '../../../shared/status-page/subscription-page.ts';
import { sourceAddress } from '../client-address.ts';
import type { ApiContext } from '../context.ts';
import { brandOf } from './brand.ts';

/** Public bodies are small: bounded before anything parses them (a few KB is a subscribe form). */
export const PUBLIC_BODY_BYTES = 4 * 1024;
const smallBody = bodyLimit({
  maxSize: PUBLIC_BODY_BYTES,
  onError: () => {
    throw new WecareError('payload_too_large', `body: larger than ${PUBLIC_BODY_BYTES / 1024} KiB`);
  },
});

/**
 * Public subscribe, confirm and unsubscribe. Limits, keyed on the real source address (never
 * X-Forwarded-For): 10 subscribe requests per client a minute, 3 per address an hour. A webhook is
 * checked for where it may reach, capped per brand, and active only once it echoed a challenge.
 */
export function subscribeRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  const publicFetch = ctx.publicFetch ?? guardedFetch({ allowPrivate: ctx.allowPrivateWebhooks === true });
  const clientOf = ctx.clientAddress ?? sourceAddress;

  app.post('/status/:brand/subscribe', smallBody, async (c) => {
    const brand = brandOf(ctx, c);
    // Before parsing: a flood of bad bodies is limited too.
    await limitRate(ctx.store, 'subscribe-client', `${brand.id}:${clientOf(c)}`, 10, 60, ctx.now());
    const form = (c.req.header('content-type') ?? '').includes('form');
    const input = SubscribeRequest.safeParse(form ? formBody(await c.req.parseBody({ all: true })) : await c.req.json().catch(() => undefined));
    if (!input.success) throw new WecareError('bad_request', describeIssues(input.error.issues));
    const req = input.data;
    const type = kindOf(req);
    if (type === 'webhook') refuseUrl(checkPublicUrl(req.webhook!, ctx.allowPrivateWebhooks === true));
    if (type === 'phone') checkSmsCountry(brand, req.phone!);
    const address = req.email?.toLowerCase() ?? req.phone ?? req.webhook ?? '';
    await limitRate(ctx.store, 'subscribe-address', `${brand.id}:${address}`, 3, 3600, ctx.now());
    if (type === 'webhook' && (await countWebhooks(ctx.store, brand.id)) >= brand.subscribers.maxWebhooks) {
      throw new WecareError('conflict', `webhook: ${brand.id} has its maximum of ${brand.subscribers.maxWebhooks} webhook subscribers (subscribers.maxWebhooks)`);
    }
    if (type === 'phone') await takeSmsBudget(ctx.store, brand, ctx.now());
    const made = await subscribe(ctx.store, brand, req, ctx.now());
    if (type === 'webhook') return verified(c, made);
    // The opt-in token travels only in the confirmation message, never in this answer.
    const arn = await startOptIn(subscriptions(ctx), brand, made.subscriber, { confirm: made.confirmToken, unsubscribe: made.unsubscribeToken });
    if (arn) await setSubscriptionArn(ctx.store, brand.id, made.subscriber.id, arn);
    if (form) return c.html(resultPage({ brand, lang: langOf(c, brand), action: 'pending', statusUrl: `/status/${brand.id}` }), 202, { 'content-security-policy': CSP });
    return c.json({ id: made.subscriber.id, type, state: made.subscriber.state, components: made.subscriber.components ?? null }, 202);
  });

  /** The webhook must echo a signed challenge in time; otherwise it is not kept. */
  const verified = async (c: Context, { subscriber, unsubscribeToken }: Subscribed) => {
    const failed = await challengeWebhook(publicFetch, subscriber, ctx.now());
    if (failed) {
      await removeSubscriber(ctx.store, subscriber.brand, subscriber.id);
      throw new WecareError('bad_request', `webhook: ${failed}`);
    }
    await activateWebhook(ctx.store, subscriber.brand, subscriber.id);
    const { id, type, components, secret } = subscriber;
    return c.json({ id, type, state: 'active', components: components ?? null, secret, unsubscribeToken }, 201);
  };

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
      const s = await act(ctx, brand, action, tokenOf(c));
      if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json({ id: s.id, state: s.state });
      return c.html(resultPage({ brand, lang: langOf(c, brand), action, statusUrl: `/status/${brand.id}` }), 200, pageHeaders);
    });
  }
  return app;
}

async function act(ctx: ApiContext, brand: Brand, action: SubscriptionAction, token: string) {
  const s = await useToken(ctx.store, brand.id, action, token);
  if (action === 'confirm' && s.type === 'phone' && s.state === 'active' && !s.subscriptionArn) {
    const arn = await activatePhone(subscriptions(ctx), brand, s);
    if (arn) await setSubscriptionArn(ctx.store, brand.id, s.id, arn);
  }
  if (action === 'unsubscribe') await endSubscription(subscriptions(ctx), s.subscriptionArn);
  return s;
}

const pageHeaders = { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

function tokenOf(c: Context): string {
  const token = c.req.query('token');
  if (!token) throw new WecareError('bad_request', 'token: required');
  if (token.length > 200) throw new WecareError('bad_request', 'token: too long');
  return token;
}

const langOf = (c: Context, brand: Brand) => pickLang(c.req.query('lang'), c.req.header('accept-language'), brand.languages);

function refuseUrl(problem: string | undefined) {
  if (problem) throw new WecareError('bad_request', `webhook: ${problem}`);
}

export const subscriptions = (ctx: ApiContext): SubscriptionDeps => ({ sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, publicUrl: ctx.publicUrl, sendSms: ctx.sendSms });

/** A form's `components` may come once or repeated; zod wants an array. */
function formBody(body: Record<string, string | File | (string | File)[]>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = k === 'components' ? [v].flat() : Array.isArray(v) ? v[0] : v;
  return out;
}
