import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errorPage, type Lang, loginPage, type LoginNotice, pickLang } from './pages.ts';
import type { Throttle } from './throttle.ts';
import { type DemoUser, findUser, passwordMatches } from './users.ts';

export interface InteractionOptions {
  password: string;
  users: readonly DemoUser[];
  throttle: Throttle;
  /** The first-party client whose consent is implied (never shown a consent page). */
  clientId: string;
  /** Origins the sign-in form may post to and be redirected through (the CSP's form-action). */
  formAction: string[];
}

/**
 * `/interaction/:uid` (the sign-in page) and `POST /interaction/:uid/login`. oidc-provider binds
 * each interaction to a cookie it set, so the uid alone is no use to another browser (no login CSRF).
 */
export function interactionRoutes(provider: Provider, opts: InteractionOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const lang = pickLang(req.headers['accept-language']);
    try {
      const [, , uid, action] = (req.url ?? '').split('?')[0]!.split('/');
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) return send(res, 400, errorPage(lang), opts);
      if (details.prompt.name === 'consent' && details.params.client_id === opts.clientId) {
        // Normally settled by loadExistingGrant already; kept so a stale grant cannot show a dead end.
        return await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      }
      if (details.prompt.name !== 'login') return send(res, 400, errorPage(lang), opts);
      const formUrl = `/interaction/${uid}/login`;
      if (req.method === 'GET' && !action) return send(res, 200, loginPage(lang, formUrl), opts);
      if (req.method === 'POST' && action === 'login') return await login(req, res, lang, formUrl, provider, opts);
      send(res, 405, errorPage(lang), opts);
    } catch {
      // Unknown or expired interaction, missing cookie: the user starts again from wecare.
      if (!res.headersSent) send(res, 400, errorPage(lang), opts);
    }
  };
}

async function login(req: IncomingMessage, res: ServerResponse, lang: Lang, formUrl: string, provider: Provider, opts: InteractionOptions) {
  const form = new URLSearchParams(await readBody(req));
  const email = (form.get('email') ?? '').trim().toLowerCase().slice(0, 254);
  const password = form.get('password') ?? '';
  const keys = [`account:${email}`, `address:${req.socket.remoteAddress}`];
  const again = (status: number, notice: LoginNotice) => send(res, status, loginPage(lang, formUrl, email, notice), opts);

  const wait = opts.throttle.blockedFor(keys);
  if (wait > 0) return again(429, { kind: 'throttled', seconds: wait });
  const user = findUser(email, opts.users);
  // Compared even for an unknown e-mail, so timing does not tell which accounts exist.
  const passwordOk = passwordMatches(password, opts.password);
  if (!user || !passwordOk) {
    opts.throttle.fail(keys);
    return again(401, { kind: 'wrong' });
  }
  opts.throttle.clear(keys[0]!);
  await provider.interactionFinished(req, res, { login: { accountId: user.email } }, { mergeWithLastSubmission: false });
}

function send(res: ServerResponse, status: number, html: string, opts: InteractionOptions) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${opts.formAction.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(html);
}

/** A sign-in form is tiny; anything bigger is refused rather than buffered. */
function readBody(req: IncomingMessage, limit = 8_192): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
