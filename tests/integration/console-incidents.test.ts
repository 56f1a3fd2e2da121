import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMessage } from '../../shared/broadcast/channels.ts';
import type { IncidentUpdate } from '../../shared/incidents/model.ts';
import { getIncident } from '../../shared/store/incidents.ts';
import { consoleSession } from '../support/console-http.ts';
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

const signedIn = (email: string) => consoleSession(world.app, email, PASSWORD);

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
