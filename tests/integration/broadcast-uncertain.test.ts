import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { type BroadcastDeps, deliverToChannel } from '../../shared/broadcast/deliver.ts';
import type { StatusUpdateEvent } from '../../shared/incidents/event.ts';
import type { Incident } from '../../shared/incidents/model.ts';
import { freshResources } from '../support/emulators.ts';
import { acmeBrands } from '../unit/incidents/fixtures.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';

/** A post that timed out may have been posted: chat and social channels are not posted again, signed webhooks are. */
describe('a broadcast post whose outcome is unknown', () => {
  let sink: RecordingSink;
  let deps: BroadcastDeps;
  const attempt = { receiveCount: 1, maxReceiveCount: 3, leaseMs: 30_000 };
  const event = (id: string): StatusUpdateEvent => ({
    type: 'status.update',
    incident: { id: `inc-${id}`, brand: 'acme', name: 'Inloggen mislukt', status: 'investigating', impact: 'major', components: ['app'] } as unknown as Incident,
    update: {
      id, incidentId: `inc-${id}`, brand: 'acme', name: 'Inloggen mislukt', kind: 'incident', status: 'investigating', impact: 'major',
      message: { nl: 'We onderzoeken het.', en: 'We are looking into it.' }, components: { app: 'major_outage' }, previous: {}, at: '2026-11-23T10:00:00.000Z',
    },
  });

  beforeAll(async () => {
    sink = await startSink();
    const { store } = await freshResources('broadcast-uncertain');
    deps = { store, fetch, timeoutMs: 150, now: () => new Date(), env: { platforms: readReplyEnv({ X_API_URL: `${sink.url}/x`, META_GRAPH_URL: `${sink.url}/meta` }), publicUrl: 'https://status.example' } };
  });
  afterAll(() => sink.close());

  it('is not reposted to Slack: recorded failed (for the DLQ and an operator), and a redelivery posts nothing', async () => {
    const brand = acmeBrands(sink.url).byId('acme')!;
    sink.script({ prefix: '/slack', status: 200, delayMs: 500, times: 1 });
    expect(await deliverToChannel(deps, brand, 'slack-ops', event('u-slack'), attempt)).toMatchObject({ sent: 0, failed: 1 });
    expect(await deliverToChannel(deps, brand, 'slack-ops', event('u-slack'), { ...attempt, receiveCount: 2 })).toMatchObject({ sent: 0, failed: 1 });
    expect(sink.requests('/slack')).toHaveLength(1);
  });

  it('is sent again to a signed webhook, with the same webhook-id the receiver deduplicates on', async () => {
    const brand = acmeBrands(sink.url, [{ id: 'partner', type: 'webhook', target: `${sink.url}/partner`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }]).byId('acme')!;
    sink.script({ prefix: '/partner', status: 200, delayMs: 500, times: 1 });
    expect(await deliverToChannel(deps, brand, 'partner', event('u-hook'), attempt)).toMatchObject({ retrying: 1 });
    expect(await deliverToChannel(deps, brand, 'partner', event('u-hook'), { ...attempt, receiveCount: 2 })).toMatchObject({ sent: 1 });
    const posts = sink.requests('/partner');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['webhook-id']).toBe(posts[0]!.headers['webhook-id']);
  });
});
