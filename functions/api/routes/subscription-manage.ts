import { type Context, Hono } from 'hono';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { Preferences, subscriberOfLink, updatePreferences } from '../../../shared/incidents/subscribers.ts';
import { CSP } from '../../../shared/status-page/style.ts';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { managePage } from '../../../shared/status-page/manage-page.tsx';
import type { ApiContext } from '../context.ts';
import { brandOf } from './brand.ts';
import { smallBody } from './subscribe.ts';

const pageHeaders = { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

/**
 * The manage link of every status mail and text (GET shows the choices, the form's POST saves them):
 * components, the impacts a phone is texted for, the language. The link's token is the proof.
 */
export function subscriptionManageRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  const render = async (c: Context, saved: boolean) => {
    const brand = brandOf(ctx, c);
    const token = tokenOf(c);
    const subscriber = await subscriberOfLink(ctx.store, brand.id, token);
    const q = `?token=${encodeURIComponent(token)}`;
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'), brand.languages);
    const html = managePage({ brand, lang, subscriber, formAction: `/status/${brand.id}/subscribe/manage${q}`, stopUrl: `/status/${brand.id}/unsubscribe${q}`, saved });
    return c.html(html, 200, pageHeaders);
  };
  app.get('/status/:brand/subscribe/manage', (c) => render(c, false));
  app.post('/status/:brand/subscribe/manage', smallBody, async (c) => {
    const brand = brandOf(ctx, c);
    const form = await c.req.parseBody({ all: true });
    const list = (v: unknown) => (v === undefined ? [] : [v].flat().map(String));
    const input = Preferences.safeParse({ components: list(form.components), impacts: list(form.impacts), language: form.language });
    if (!input.success) throw new WecareError('bad_request', describeIssues(input.error.issues));
    await updatePreferences(ctx.store, brand, tokenOf(c), input.data);
    return render(c, true);
  });
  return app;
}

function tokenOf(c: Context): string {
  const token = c.req.query('token');
  if (!token) throw new WecareError('bad_request', 'token: required');
  if (token.length > 200) throw new WecareError('bad_request', 'token: too long');
  return token;
}
