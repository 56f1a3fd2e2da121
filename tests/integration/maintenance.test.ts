import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import type { QueueSpec } from '../../shared/bus/topology.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { sweepMaintenances } from '../../shared/incidents/maintenance.ts';
import type { TimelineDeps } from '../../shared/incidents/timeline.ts';
import { getIncident, listUpdates } from '../../shared/store/incidents.ts';
import { createApiApp } from '../../functions/api/app.ts';
import { ADMIN, apiContext } from '../support/api.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { incidentBody, post, testApi } from '../unit/incidents/fixtures.ts';

/** Every publish to status-updates, unfiltered: what the channels would receive. */
const tap: QueueSpec = { name: 'tap', topic: 'statusUpdates', fn: 'none', maxReceiveCount: 5, visibilityTimeoutSeconds: 30 };

const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'acme',
        name: 'Acme Energie',
        components: [{ id: 'app', name: 'Mobile app' }, { id: 'website', name: 'Website' }],
        maintenance: { remindMinutesBefore: 60 },
        incidentTemplates: [
          { id: 'app-login', name: 'Inloggen in de app mislukt', impact: 'major', components: { app: 'major_outage' }, message: { nl: 'Inloggen lukt niet.', en: 'Logging in fails.' } },
        ],
      },
      { id: 'other', name: 'Other', components: [{ id: 'app', name: 'App' }], incidentTemplates: [{ id: 'app-login', name: 'X', impact: 'minor', message: { nl: 'x', en: 'x' } }] },
    ],
  }),
);

describe('scheduled maintenance that runs itself (DynamoDB Local, fauxqs)', () => {
  let clock = new Date('2026-12-01T08:00:00Z');
  const now = () => clock;
  let app: ReturnType<typeof testApi>;
  let deps: TimelineDeps;
  let tapUrl: string;
  const sqs = createSqs(endpoints().fauxqs);

  beforeAll(async () => {
    const { resources, store } = await freshResources('maintenance', [tap]);
    tapUrl = resources.queues[0]!.url;
    const sns = createSns(endpoints().fauxqs);
    app = testApi({ store, sns, brands, statusUpdates: resources.topicArns.statusUpdates, now });
    deps = { store, sns, brands, statusUpdatesTopic: resources.topicArns.statusUpdates, now };
  });

  /** Reads the tap until it stays empty: every message published so far. */
  async function published(): Promise<Array<{ status: string; incidentId: string }>> {
    const out: Array<{ status: string; incidentId: string }> = [];
    for (;;) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: tapUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (!r.Messages?.length) return out;
      for (const m of r.Messages) {
        const event = JSON.parse(JSON.parse(m.Body!).Message) as { update: { status: string; incidentId: string } };
        out.push({ status: event.update.status, incidentId: event.update.incidentId });
      }
    }
  }

  const maintenance = (over: Record<string, unknown> = {}) =>
    incidentBody({
      name: 'Onderhoud betaalsysteem',
      kind: 'maintenance',
      status: 'scheduled',
      impact: 'maintenance',
      components: { app: 'under_maintenance' },
      scheduledFor: '2026-12-02T01:00:00Z',
      scheduledUntil: '2026-12-02T03:00:00Z',
      ...over,
    });

  it('refuses a window that ends before it starts, naming the field', async () => {
    const res = await post(app, '/api/incidents', maintenance({ scheduledUntil: '2026-12-02T00:30:00Z' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^scheduledUntil: /);
  });

  it('reminds an hour before, starts at scheduledFor and completes at scheduledUntil, each broadcast once even with two sweeps at once', async () => {
    clock = new Date('2026-12-01T08:00:00Z');
    const res = await post(app, '/api/incidents', maintenance());
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await published();

    const twoSweeps = async (at: string) => {
      clock = new Date(at);
      return Promise.all([sweepMaintenances(deps), sweepMaintenances(deps)]);
    };
    // Before the reminder moment nothing moves.
    expect((await twoSweeps('2026-12-01T23:59:00Z')).map((r) => r.remind + r.start + r.complete)).toEqual([0, 0]);
    const reminded = await twoSweeps('2026-12-02T00:00:00Z');
    expect(reminded.reduce((n, r) => n + r.remind, 0)).toBe(1);
    expect((await published()).filter((p) => p.incidentId === id).map((p) => p.status)).toEqual(['scheduled']);
    expect((await twoSweeps('2026-12-02T00:30:00Z')).reduce((n, r) => n + r.remind + r.start, 0)).toBe(0);

    const started = await twoSweeps('2026-12-02T01:00:00Z');
    expect(started.reduce((n, r) => n + r.start, 0)).toBe(1);
    const midway = await getIncident(deps.store, id);
    expect(midway?.status).toBe('in_progress');
    expect(midway?.components).toEqual({ app: 'under_maintenance' });

    const done = await twoSweeps('2026-12-02T03:00:00Z');
    expect(done.reduce((n, r) => n + r.complete, 0)).toBe(1);
    expect((await getIncident(deps.store, id))?.components).toEqual({ app: 'operational' });
    await twoSweeps('2026-12-02T03:05:00Z');

    expect((await published()).filter((p) => p.incidentId === id).map((p) => p.status)).toEqual(['in_progress', 'completed']);
    const updates = (await listUpdates(deps.store, id)).map((u) => u.status);
    expect(updates).toEqual(['scheduled', 'scheduled', 'in_progress', 'completed']);
  });

  it('honours the auto_transition switches, and sends no reminder for a maintenance announced within the hour', async () => {
    clock = new Date('2026-12-03T00:30:00Z');
    const late = (await (await post(app, '/api/incidents', maintenance({ scheduledFor: '2026-12-03T01:00:00Z', scheduledUntil: '2026-12-03T02:00:00Z' }))).json()) as { id: string };
    const manual = (await (
      await post(app, '/api/incidents', maintenance({ scheduledFor: '2026-12-03T01:00:00Z', scheduledUntil: '2026-12-03T02:00:00Z', autoTransitionToMaintenanceState: false }))
    ).json()) as { id: string };
    await published();
    clock = new Date('2026-12-03T00:45:00Z');
    expect((await sweepMaintenances(deps)).remind).toBe(0);
    clock = new Date('2026-12-03T01:00:00Z');
    await sweepMaintenances(deps);
    expect((await getIncident(deps.store, late.id))?.status).toBe('in_progress');
    expect((await getIncident(deps.store, manual.id))?.status).toBe('scheduled');
    // Past its end it completes anyway (autoTransitionToOperationalState is on), without announcing a start.
    clock = new Date('2026-12-03T02:00:00Z');
    await sweepMaintenances(deps);
    expect((await listUpdates(deps.store, manual.id)).map((u) => u.status)).toEqual(['scheduled', 'completed']);
  });

  it('is moved by the minute sweep function itself, next to the follow-ups', async () => {
    clock = new Date('2026-12-04T00:30:00Z');
    const res = await post(app, '/api/incidents', maintenance({ scheduledFor: '2026-12-04T01:00:00Z', scheduledUntil: '2026-12-04T02:00:00Z' }));
    const { id } = (await res.json()) as { id: string };
    const { createFollowUpHandler } = await import('../../functions/follow-up-sweep/handler.ts');
    const sweep = createFollowUpHandler({ store: deps.store, brands, reply: { env: { urls: {}, tokens: {} }, fetch } as never, now }, undefined, deps);
    clock = new Date('2026-12-04T01:00:30Z');
    expect(await sweep({})).toMatchObject({ failed: 0 });
    expect((await getIncident(deps.store, id))?.status).toBe('in_progress');
  });
});

describe('incident templates', () => {
  let app: Hono;
  const call = (path: string, body: unknown, token = ADMIN) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const { resources, store } = await freshResources('templates');
    app = createApiApp({ ...apiContext(store, resources), brands });
  });

  it('opens an incident from a template, the request overriding its fields', async () => {
    const res = await call('/api/incidents', { brand: 'acme', template: 'app-login', components: { website: 'degraded_performance' } });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as Record<string, unknown> & { updates: Array<{ message: unknown }> };
    expect(incident).toMatchObject({ name: 'Inloggen in de app mislukt', status: 'investigating', impact: 'major', template: 'app-login' });
    expect(incident.components).toEqual({ app: 'major_outage', website: 'degraded_performance' });
    expect(incident.updates[0]!.message).toEqual({ nl: 'Inloggen lukt niet.', en: 'Logging in fails.' });

    const over = await call('/api/incidents', { brand: 'acme', template: 'app-login', impact: 'critical', message: { nl: 'Alles plat.', en: 'All down.' } });
    expect(over.status).toBe(201);
    expect(await over.json()).toMatchObject({ impact: 'critical', name: 'Inloggen in de app mislukt' });
  });

  it('answers 404 for an unknown template id and for a template of a brand out of the caller\'s scope', async () => {
    const unknown = await call('/api/incidents', { brand: 'acme', template: 'nope' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^template: /);

    const created = await call('/api/tokens', { name: 'other-im', role: 'incident_manager', brands: ['other'] });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const foreign = await call('/api/incidents', { brand: 'acme', template: 'app-login' }, token);
    expect(foreign.status).toBe(404);
    expect(await call('/api/incidents', { brand: 'other', template: 'app-login' }, token)).toHaveProperty('status', 201);
  });

  it('refuses a config whose template names a component the brand does not have', () => {
    const bad = { brands: [{ id: 'b', name: 'B', components: [{ id: 'app', name: 'App' }], incidentTemplates: [{ id: 't', name: 'T', impact: 'minor', components: { web: 'major_outage' }, message: { nl: 'x', en: 'x' } }] }] };
    expect(() => parseConfig(bad)).toThrow('brands.0.incidentTemplates.0.components.web: not a component of brand b');
  });
});
