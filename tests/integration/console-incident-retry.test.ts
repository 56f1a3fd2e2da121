import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../shared/audit/read.ts';
import { renderUpdateMail } from '../../shared/broadcast/mail/update-mail.tsx';
import { updateSms } from '../../shared/broadcast/sms-text.ts';
import { EXAMPLE_TOKEN, exampleLinks } from '../../shared/console/incident-preview.ts';
import type { IncidentUpdate } from '../../shared/incidents/model.ts';
import { openIncident } from '../../shared/incidents/timeline.ts';
import { list as listDeliveries } from '../../shared/store/deliveries.ts';
import { getIncident, listActiveIncidents } from '../../shared/store/incidents.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { consoleSession } from '../support/console-http.ts';
import { endpoints } from '../support/emulators.ts';
import { INCIDENT_MANAGER, type IncidentWorld, incidentWorld, PASSWORD } from '../support/incident-world.ts';

/**
 * The incident console over HTTP against the real broadcast path (fauxqs queues polled into the
 * broadcast handler): deliveries as a fragment, a failed channel retried exactly once however often
 * Retry is clicked, audited; e-mail and SMS previews from the broadcast's renderers; maintenance
 * windows read in the brand's zone with the API's errors beside the field.
 */
let world: IncidentWorld;
beforeAll(async () => {
  world = await incidentWorld('console-incident-retry');
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const states = (html: string) => Object.fromEntries([...html.matchAll(/<tr data-key="[^/"]+\/([^/"]+)\/-" data-state="(\w+)"/g)].map((m) => [m[1]!, m[2]!]));
const incidentForm = (csrf: string, over: Record<string, string> = {}) => ({ csrf, brand: 'demo', name: 'Betalen mislukt', status: 'investigating', impact: 'major', 'component.payments': 'major_outage', nl: 'We onderzoeken storingen bij betalen.', en: 'We are investigating payment failures.', action: 'publish', ...over });

describe('retrying a failed delivery from the console', () => {
  it('re-delivers exactly that channel once, even when Retry is clicked twice at once', { timeout: 60_000 }, async () => {
    world.hook.broken = true;
    const { go, csrf } = await consoleSession(world.app, INCIDENT_MANAGER, PASSWORD);
    const published = await go(`${world.app}/console/incidents`, incidentForm(csrf), false);
    expect(published.res.status).toBe(303);
    const id = decodeURIComponent(published.res.headers.get('location')!.match(/\/console\/incidents\/([^?]+)/)![1]!);
    const fragment = async () => (await go(`${world.app}/console/incidents/${id}/deliveries`)).text;
    await expect.poll(async () => states(await fragment()), { timeout: 20_000, interval: 300 }).toEqual({
      'discord-community': 'sent', 'facebook-page': 'sent', 'partner-hook': 'failed', 'slack-ops': 'sent', 'teams-ops': 'sent', 'x-main': 'sent',
    });
    const failedBefore = world.hook.received.length;
    expect(failedBefore).toBe(2); // two receives, each answered 500
    const html = await fragment();
    expect(html).toContain('<button type="submit"');
    expect(html).not.toContain(world.hook.url); // a target is a credential
    const updateId = html.match(/name="update" value="([^"]+)"/)![1]!;

    world.hook.broken = false;
    const retry = () => go(`${world.app}/console/incidents/${id}/deliveries/retry`, { csrf, update: updateId, channel: 'partner-hook' }, false);
    const [a, b] = await Promise.all([retry(), retry()]);
    const outcomes = [a, b].map((r) => r.res.headers.get('location')!.match(/done=retry-(\w+)/)![1]).sort();
    expect(outcomes).toEqual(['none', 'sent']);
    expect(world.hook.received.slice(failedBefore).map((r) => r.status)).toEqual([200]);
    // Once more after it went out: nothing to retry, nothing posted.
    expect((await retry()).res.headers.get('location')).toMatch(/done=retry-none/);
    expect(world.hook.received).toHaveLength(failedBefore + 1);
    const hook = (await listDeliveries(world.store, id)).find((d) => d.channel === 'partner-hook')!;
    expect(hook).toMatchObject({ state: 'sent', attempts: 3 });
    expect(states(await fragment())['partner-hook']).toBe('sent');
    // A channel that was sent is never re-posted by a Retry aimed at it.
    const slack = world.sink.requests('/slack').length;
    expect((await go(`${world.app}/console/incidents/${id}/deliveries/retry`, { csrf, update: updateId, channel: 'slack-ops' }, false)).res.headers.get('location')).toMatch(/done=retry-none/);
    expect(world.sink.requests('/slack')).toHaveLength(slack);

    const audit = (await readAudit(world.store, 'demo', { limit: 50 }, new Date())).items.filter((e) => e.action === 'incident.delivery.retry');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { type: 'user', id: INCIDENT_MANAGER }, target: { type: 'incident', id }, details: { update: updateId, channel: 'partner-hook', state: 'sent' } });
    const page = await go(`${world.app}/console/incidents/${id}?done=retry-sent`);
    expect(page.text).toContain('Delivered again.');
  });

  it('is the brand\'s own: another brand\'s incident is 404, an agent is refused', { timeout: 30_000 }, async () => {
    // Stored, then its broadcast fails on a topic that does not exist: an incident of another brand all the same.
    await openIncident(
      { store: world.store, sns: createSns(endpoints().fauxqs), statusUpdatesTopic: 'arn:aws:sns:us-east-1:000000000000:none', brands: world.brands, now: () => new Date() },
      { brand: 'other', name: 'Elders', kind: 'incident', status: 'investigating', impact: 'minor', components: {}, message: { nl: 'x', en: 'x' } },
    ).catch(() => undefined);
    const [foreign] = await listActiveIncidents(world.store, 'other');
    const id = foreign!.id;
    const { go, csrf } = await consoleSession(world.app, INCIDENT_MANAGER, PASSWORD);
    expect((await go(`${world.app}/console/incidents/${id}`)).res.status).toBe(404);
    expect((await go(`${world.app}/console/incidents/${id}/deliveries`)).res.status).toBe(404);
    expect((await go(`${world.app}/console/incidents/${id}/deliveries/retry`, { csrf, update: 'u', channel: 'partner-hook' }, false)).res.status).toBe(404);
    // Without a session the open page's poll gets 401 (it reloads into sign-in), not a sign-in page.
    expect((await fetch(`${world.app}/console/incidents/${id}/deliveries`, { redirect: 'manual' })).status).toBe(401);
    const agent = await consoleSession(world.app, 'agent@demo.test', PASSWORD);
    expect((await agent.go(`${world.app}/console/incidents/${id}/deliveries/retry`, { csrf: agent.csrf, update: 'u', channel: 'partner-hook' }, false)).res.status).toBe(403);
  });
});

describe('the preview of e-mail and SMS, and maintenance windows', () => {
  it('renders each language\'s mail and text with the broadcast\'s code, with example links only', { timeout: 30_000 }, async () => {
    const { go, csrf } = await consoleSession(world.app, INCIDENT_MANAGER, PASSWORD);
    const preview = await go(`${world.app}/console/incidents`, incidentForm(csrf, { action: 'preview', name: 'Inloggen – “traag”', impact: 'minor' }));
    expect(preview.res.status).toBe(200);
    const brand = world.brands.byId('demo')!;
    const update: IncidentUpdate = { id: 'preview', incidentId: 'preview', brand: 'demo', name: 'Inloggen – “traag”', kind: 'incident', status: 'investigating', impact: 'minor', message: { nl: 'We onderzoeken storingen bij betalen.', en: 'We are investigating payment failures.' }, components: { payments: 'major_outage' }, previous: {}, at: new Date().toISOString() };
    for (const lang of ['nl', 'en'] as const) {
      const mail = renderUpdateMail({ brand, incident: { kind: 'incident' }, update, lang, publicUrl: world.app, links: exampleLinks(world.app, 'demo') });
      const block = preview.text.match(new RegExp(`data-channel="email" data-lang="${lang}">([^]*?)</div>`))![1]!;
      expect(unescape(block.match(/data-part="subject" lang="\w+">([^<]*)</)![1]!)).toBe(mail.subject);
      expect(unescape(block.match(/data-part="text" lang="\w+">([^<]*)</)![1]!)).toBe(mail.text);
      const sms = unescape(preview.text.match(new RegExp(`data-channel="sms" data-lang="${lang}">[^]*?data-part="text" lang="\\w+">([^<]*)<`))![1]!);
      expect(sms).toBe(updateSms({ brand, update, lang, publicUrl: world.app }));
    }
    expect(preview.text).toContain(EXAMPLE_TOKEN);
    expect(new Set(preview.text.match(/token=[^&"\s<]*/g))).toEqual(new Set([`token=${EXAMPLE_TOKEN}`]));
    expect(preview.text).not.toContain('meta-token'); // Graph's access_token: a credential
    expect(preview.text).toMatch(/data-channel="facebook-page"><h4>facebook-page \(facebook\)<\/h4><pre tabindex="0">message: /);
    expect(preview.text).not.toContain(world.hook.url);
    expect(preview.text).not.toContain(`${world.sink.url}/slack`);
  });

  it('plans a maintenance in the brand\'s zone; a window that ends first is refused beside scheduledUntil, the form kept', { timeout: 30_000 }, async () => {
    const { go, csrf } = await consoleSession(world.app, INCIDENT_MANAGER, PASSWORD);
    const form = { csrf, brand: 'demo', kind: 'maintenance', name: 'Onderhoud betalingen', 'component.payments': 'operational', nl: 'Gepland onderhoud.', en: 'Planned maintenance.', scheduledFor: '2030-03-01T22:00', scheduledUntil: '2030-03-01T21:00', remind: 'on', autoStart: 'on', autoComplete: 'on', action: 'publish' };
    const bad = await go(`${world.app}/console/incidents`, form);
    expect(bad.res.status).toBe(400);
    expect(bad.text).toMatch(/id="mt-until" name="scheduledUntil" value="2030-03-01T21:00" aria-invalid="true" aria-describedby="mt-err-scheduledUntil"/);
    expect(bad.text).toMatch(/<span class="error field-error" id="mt-err-scheduledUntil">scheduledUntil: /);
    expect(bad.text).toContain('value="Onderhoud betalingen"');

    const ok = await go(`${world.app}/console/incidents`, { ...form, scheduledUntil: '2030-03-02T02:00', autoComplete: '' }, false);
    expect(ok.res.status).toBe(303);
    const id = decodeURIComponent(ok.res.headers.get('location')!.match(/\/console\/incidents\/([^?]+)/)![1]!);
    expect(await getIncident(world.store, id)).toMatchObject({
      kind: 'maintenance', status: 'scheduled', impact: 'maintenance', components: { payments: 'operational' },
      // 22:00 in Amsterdam in March is 21:00 UTC.
      scheduledFor: '2030-03-01T21:00:00.000Z', scheduledUntil: '2030-03-02T01:00:00.000Z',
      scheduledRemindPrior: true, autoTransitionToMaintenanceState: true, autoTransitionToOperationalState: false,
    });
    const list = await go(`${world.app}/console/incidents`);
    expect(list.text).toMatch(/<ul id="maintenance-list"><li data-status="scheduled"><a href="\/console\/incidents\/[^"]+">Onderhoud betalingen<\/a>/);
  });
});
