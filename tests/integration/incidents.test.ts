import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import type { QueueSpec } from '../../shared/bus/topology.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { acmeBrands, ADMIN, incidentBody, post, testApi, until } from '../unit/incidents/fixtures.ts';

/** Everything published to status-updates, unfiltered, so the test sees each publish exactly. */
const tap: QueueSpec = { name: 'tap', topic: 'statusUpdates', fn: 'none', maxReceiveCount: 5, visibilityTimeoutSeconds: 30 };

describe('incidents API on DynamoDB Local and fauxqs', () => {
  let app: ReturnType<typeof testApi>;
  let tapUrl: string;
  const sqs = createSqs(endpoints().fauxqs);

  beforeAll(async () => {
    const { resources, store } = await freshResources('incidents', [tap]);
    tapUrl = resources.queues[0]!.url;
    app = testApi({ store, sns: createSns(endpoints().fauxqs), brands: acmeBrands(), statusUpdates: resources.topicArns.statusUpdates });
  });

  const drain = async () => {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: tapUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
    return out.Messages ?? [];
  };

  it('opens an incident, stores each update immutably and publishes each once with filter attributes', async () => {
    const res = await post(app, '/api/incidents', incidentBody());
    expect(res.status).toBe(201);
    const incident = (await res.json()) as { id: string; status: string; updates: unknown[] };
    expect(incident.id).toMatch(/^[a-z0-9]+$/);
    expect(incident.updates).toHaveLength(1);

    const up = await post(app, `/api/incidents/${incident.id}/updates`, {
      status: 'resolved',
      message: { nl: 'Opgelost.', en: 'Fixed.' },
    });
    expect(up.status).toBe(201);
    const update = (await up.json()) as { id: string; kind: string; components: Record<string, string> };
    expect(update.kind).toBe('resolved');
    expect(update.components).toEqual({ app: 'operational' });

    const messages = await until(async () => {
      const all = [...(await drain()), ...(await drain())];
      return all.length >= 2 ? all : undefined;
    });
    expect(messages).toHaveLength(2);
    const envelope = JSON.parse(messages[1]!.Body!) as { Message: string; MessageAttributes: Record<string, { Type: string; Value: string }> };
    expect(envelope.MessageAttributes.brand?.Value).toBe('acme');
    expect(envelope.MessageAttributes.kind?.Value).toBe('resolved');
    expect(envelope.MessageAttributes.components?.Type).toBe('String.Array');
    expect(JSON.parse(envelope.MessageAttributes.components!.Value)).toEqual(['app']);
    expect(await drain()).toHaveLength(0);
  });

  it('replays a retried POST with the same Idempotency-Key instead of storing a second update', async () => {
    const first = await post(app, '/api/incidents', incidentBody({ name: 'Betalen traag' }), { 'idempotency-key': 'k-1' });
    const again = await post(app, '/api/incidents', incidentBody({ name: 'Betalen traag' }), { 'idempotency-key': 'k-1' });
    const a = (await first.json()) as { id: string };
    const b = (await again.json()) as { id: string; updates: unknown[] };
    expect(b.id).toBe(a.id);
    expect(b.updates).toHaveLength(1);
  });

  it('answers 400 naming the field, 404 for unknown incidents and brands, 401 without token', async () => {
    const bad = await post(app, '/api/incidents', incidentBody({ impact: 'huge' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('impact');
    const comp = await post(app, '/api/incidents', incidentBody({ components: { toaster: 'major_outage' } }));
    expect(((await comp.json()) as { error: { message: string } }).error.message).toContain('components.toaster');
    const wrongKind = await post(app, '/api/incidents', incidentBody({ status: 'in_progress' }));
    expect(wrongKind.status).toBe(400);
    expect((await post(app, '/api/incidents/nope/updates', { status: 'resolved', message: { nl: 'x', en: 'x' } })).status).toBe(404);
    expect((await post(app, '/api/incidents', incidentBody({ brand: 'nobody' }))).status).toBe(404);
    expect((await app.request('/status/nobody/api/v2/summary.json')).status).toBe(404);
    expect(ADMIN).toBeTruthy();
  });

  it('shows an active incident on summary.json and moves it to history once resolved', async () => {
    const res = await post(app, '/api/incidents', incidentBody({ name: 'Website down', impact: 'major', components: { website: 'major_outage' } }));
    const { id } = (await res.json()) as { id: string };
    const summary = (await (await app.request('/status/acme/api/v2/summary.json')).json()) as {
      status: { indicator: string };
      components: Array<{ id: string; status: string }>;
      incidents: Array<{ id: string }>;
    };
    expect(summary.status.indicator).toBe('major');
    expect(summary.components.find((c) => c.id === 'website')?.status).toBe('major_outage');
    expect(summary.incidents.map((i) => i.id)).toContain(id);

    await post(app, `/api/incidents/${id}/updates`, { status: 'resolved', message: { nl: 'Opgelost', en: 'Resolved' } });
    const unresolved = (await (await app.request('/status/acme/api/v2/incidents/unresolved.json')).json()) as { incidents: Array<{ id: string }> };
    expect(unresolved.incidents.map((i) => i.id)).not.toContain(id);
    const all = (await (await app.request('/status/acme/api/v2/incidents.json')).json()) as { incidents: Array<{ id: string; resolved_at: string | null }> };
    expect(all.incidents.find((i) => i.id === id)?.resolved_at).toEqual(expect.any(String));
  });
});
