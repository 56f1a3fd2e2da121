/**
 * A console session over plain HTTP for integration tests: signs in through the issuer's form as
 * `email`, keeps both cookie jars, follows redirects (or not), and posts forms from the console's
 * origin. `csrf` is the signed-in page's token.
 */
export async function consoleSession(app: string, email: string, password: string, lang = 'en') {
  const jar = new Map<string, string>();
  const issuerJar = new Map<string, string>();
  const cookies = (j: Map<string, string>) => [...j].map(([k, v]) => `${k}=${v}`).join('; ');
  const go = async (url: string, form?: Record<string, string>, follow = true): Promise<{ res: Response; text: string; url: string }> => {
    let target = new URL(url);
    let body = form && new URLSearchParams(form);
    for (let i = 0; i < 12; i++) {
      const mine = target.origin === app;
      const headers: Record<string, string> = { 'accept-language': lang, cookie: cookies(mine ? jar : issuerJar) };
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      if (body && mine) headers.origin = app;
      const res = await fetch(target, { method: body ? 'POST' : 'GET', headers, body, redirect: 'manual' });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        (mine ? jar : issuerJar).set(name, pair.slice(name.length + 1));
      }
      const location = res.headers.get('location');
      if (!follow || !location || res.status < 300 || res.status >= 400) return { res, text: await res.text(), url: target.href };
      await res.arrayBuffer();
      target = new URL(location, target);
      body = undefined;
    }
    throw new Error('too many redirects');
  };
  const page = await go(`${app}/console`);
  const action = page.text.match(/<form[^>]*action="([^"]+)"/)![1]!.replace(/&#38;|&amp;/g, '&');
  const landed = await go(new URL(action, page.url).href, { email, password });
  const csrf = landed.text.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1];
  if (!csrf) throw new Error(`sign-in as ${email} failed: ${landed.text.slice(0, 300)}`);
  return { go, csrf };
}
