import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMessage } from '../../shared/broadcast/channels.ts';
import type { IncidentUpdate } from '../../shared/incidents/model.ts';
import { getIncident } from '../../shared/store/incidents.ts';
import { type ConsoleWorld, consoleWorld, PASSWORD } from '../support/console-world.ts';

/**
 * Incidents in the console over HTTP: preview what every channel receives (rendered by the
 * broadcast's own code, credentials left out), publish, update, resolve; bad input beside the form.
 */
let world: ConsoleWorld;
beforeAll(async () => {
  world = await consoleWorld('console-incidents');
}, 60_000);
afterAll(async () => {
  await world?.close();
});

async function signedIn(email: string) {
  const jar = new Map<string, string>();
  const go = async (url: string, form?: Record<string, string>, follow = true): Promise<{ res: Response; text: string; url: string }> => {
    let target = new URL(url);
    let body = form && new URLSearchParams(form);
    for (let i = 0; i < 12; i++) {
      const mine = target.origin === world.app;
      const headers: Record<string, string> = { 'accept-language': 'en' };
      if (mine && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      if (body && mine) headers.origin = world.app;
      const res = await fetch(target, { method: body ? 'POST' : 'GET', headers: mine ? headers : { ...headers, cookie: issuerCookies() }, body, redirect: 'manual' });
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
  const issuerJar = new Map<string, string>();
  const issuerCookies = () => [...issuerJar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await go(`${world.app}/console`);
  const action = page.text.match(/<form[^>]*action="([^"]+)"/)![1]!.replace(/&#38;|&amp;/g, '&');
  const landed = await go(new URL(action, page.url).href, { email, password: PASSWORD });
  const csrf = landed.text.match(/<meta name="csrf-token" content="([^"]+)"/)![1]!;
  return { go, csrf };
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const form = (csrf: string, over: Record<string, string> = {}) => ({ csrf, brand: 'demo', name: 'Inloggen in de app <mislukt>', status: 'investigating', impact: 'minor', 'component.app': 'partial_outage', nl: 'We onderzoeken problemen met inloggen.', en: 'We are investigating login problems.', ...over });

describe('incidents in the console', () => {
  it('previews every channel with the broadcast\'s code, then publishes, updates and resolves', async () => {
    const { go, csrf } = await signedIn('admin@demo.test');
    const list = await go(`${world.app}/console/incidents`);
    expect(list.res.status).toBe(200);

    const preview = await go(`${world.app}/console/incidents`, { ...form(csrf), action: 'preview' });
    expect(preview.res.status).toBe(200);
    const slack = unescape(preview.text.match(/<div class="channel-preview" data-channel="slack-ops"><h4>[^<]*<\/h4><pre tabindex="0">([^]*?)<\/pre>/)![1]!);
    const brand = world.brands.byId('demo')!;
    const draft: IncidentUpdate = { id: 'preview', incidentId: 'preview', brand: 'demo', name: 'Inloggen in de app <mislukt>', kind: 'incident', status: 'investigating', impact: 'minor', message: { nl: 'We onderzoeken problemen met inloggen.', en: 'We are investigating login problems.' }, components: { app: 'partial_outage' }, previous: {}, at: new Date().toISOString() };
    const expected = slackMessage({ update: draft, brand, env: { platforms: {} as never, publicUrl: world.app } });
    expect(JSON.parse(slack)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(preview.text).toMatch(/data-channel="x-main"><h4>x-main \(x\)<\/h4><pre/);
    expect(preview.text).toContain('discord-community (discord) · not sent at this impact');
    expect(preview.text).toContain('<strong>');
    expect(preview.text).not.toContain(`${world.sink.url}/slack`); // a webhook URL is a credential
    expect(await getIncident(world.store, 'preview')).toBeUndefined();

    const bad = await go(`${world.app}/console/incidents`, { ...form(csrf, { en: '' }), action: 'publish' });
    expect(bad.res.status).toBe(400);
    expect(bad.text).toMatch(/<p class="error" role="alert">message\.en: /);
    expect(bad.text).toContain('value="Inloggen in de app &lt;mislukt&gt;"');

    const published = await go(`${world.app}/console/incidents`, { ...form(csrf), action: 'publish' }, false);
    expect(published.res.status).toBe(303);
    const id = decodeURIComponent(published.res.headers.get('location')!.match(/\/console\/incidents\/([^?]+)/)![1]!);
    expect(await getIncident(world.store, id)).toMatchObject({ brand: 'demo', status: 'investigating', impact: 'minor', components: { app: 'partial_outage' } });
    const detail = await go(`${world.app}${published.res.headers.get('location')}`);
    expect(detail.text).toContain('Published.');
    expect(detail.text).toContain('We are investigating login problems.');

    const resolved = await go(`${world.app}/console/incidents/${id}/updates`, { csrf, status: 'resolved', impact: 'minor', nl: 'Opgelost.', en: 'Resolved.', action: 'publish' }, false);
    expect(resolved.res.status).toBe(303);
    expect((await getIncident(world.store, id))!.status).toBe('resolved');
  });

  it('is for incident managers and admins: an agent gets 403', async () => {
    const { go } = await signedIn('agent@demo.test');
    expect((await go(`${world.app}/console/incidents`)).res.status).toBe(403);
  });
});
