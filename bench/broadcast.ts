import { pathToFileURL } from 'node:url';
import { createBroadcastHandler } from '../functions/broadcast/handler.ts';
import { startSink } from '../local/sink.ts';
import { pollQueue } from '../local/sqs-poller.ts';
import { provision, startStack } from '../local/stack.ts';
import { createSns, createSqs } from '../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../shared/config/load.ts';
import { channelQueues } from '../shared/incidents/queues.ts';
import { subscribe } from '../shared/incidents/subscribers.ts';
import { activateWebhook } from '../shared/incidents/subscriber-admin.ts';
import { guardedFetch } from '../shared/broadcast/public-target.ts';
import { createDynamo } from '../shared/store/client.ts';
import { incidentBody, post, testApi, until } from '../tests/unit/incidents/fixtures.ts';
import { type Figures, median, round } from './stats.ts';
import { readReplyEnv } from '../shared/platforms/index.ts';

const ROUNDS = Number(process.env.BENCH_BROADCAST_ROUNDS ?? 7);
const SUBSCRIBERS = 1000;

const brand = (id: string, channels: number, sink: string) => ({
  id,
  name: id,
  components: [{ id: 'app', name: 'App' }],
  channels: Array.from({ length: channels }, (_, i) => ({ id: `c${i}`, type: 'slack', target: `${sink}/${id}/c${i}` })),
});

/**
 * broadcast.fanout_ratio: from POST /api/incidents/:id/updates to the last of 10 channel
 * deliveries, over the same to a one-channel brand, rounds alternating on one stack (fauxqs,
 * DynamoDB Local, the broadcast handler fed by the local SQS pollers, a recording sink).
 * Plus 1,000 webhook subscribers of one brand: wall time and deliveries per second.
 */
export async function benchBroadcast(): Promise<Figures> {
  const stack = await startStack({});
  const sink = await startSink();
  const pollers: Array<{ stop(): Promise<void> }> = [];
  try {
    const brands = indexBrands(parseConfig({ brands: [brand('ten', 10, sink.url), brand('one', 1, sink.url), brand('crowd', 0, sink.url)] }));
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-', channelQueues(brands));
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    const sqs = createSqs(endpoints.fauxqs);
    const env = { platforms: readReplyEnv({ X_API_URL: `${sink.url}/x`, META_GRAPH_URL: `${sink.url}/meta` }), publicUrl: 'http://bench' };
    // The crowd's webhooks sit on the loopback sink: the test-only setting lets the filter pass them.
    const handler = createBroadcastHandler({ store, fetch, publicFetch: guardedFetch({ allowPrivate: true }), brands, env, now: () => new Date(), concurrency: 100 });
    for (const q of resources.queues) pollers.push(pollQueue({ sqs, queueUrl: q.url, handler }));
    const app = testApi({ store, sns: createSns(endpoints.fauxqs), brands, statusUpdates: resources.topicArns.statusUpdates });

    const open = async (b: string) => ((await (await post(app, '/api/incidents', incidentBody({ brand: b }))).json()) as { id: string }).id;
    const incidents = { ten: await open('ten'), one: await open('one') };
    await until(() => sink.requests('/ten/').length === 10 && sink.requests('/one/').length === 1, 30_000, 'warm-up deliveries');

    // Timed to the sink's own arrival stamp of the last delivery, not to when polling noticed it (50 ms steps).
    const timeUpdate = async (b: 'ten' | 'one', channels: number) => {
      const before = sink.requests(`/${b}/`).length;
      const t0 = Date.now();
      await post(app, `/api/incidents/${incidents[b]}/updates`, { status: 'identified', message: { nl: 'x', en: 'x' } });
      await until(() => sink.requests(`/${b}/`).length >= before + channels, 30_000, `${b} deliveries`);
      const arrivals = sink.requests(`/${b}/`).slice(before).map((r) => Date.parse(r.at));
      return Math.max(...arrivals) - t0;
    };
    const ten: number[] = [];
    const one: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      one.push(await timeUpdate('one', 1));
      ten.push(await timeUpdate('ten', 10));
    }

    const crowd = brands.byId('crowd')!;
    // Stored as if each had echoed its challenge (the challenge itself is not what this measures).
    await Promise.all(
      Array.from({ length: SUBSCRIBERS }, async (_, i) => {
        const { subscriber } = await subscribe(store, crowd, { webhook: `${sink.url}/crowd/${i}` }, new Date());
        await activateWebhook(store, crowd.id, subscriber.id);
      }),
    );
    const t0 = performance.now();
    await post(app, '/api/incidents', incidentBody({ brand: 'crowd', components: {} }));
    await until(() => sink.requests('/crowd/').length >= SUBSCRIBERS, 120_000, 'subscriber deliveries');
    const wall = performance.now() - t0;

    const m10 = median(ten);
    const m1 = median(one);
    return {
      'broadcast.fanout_ms_10_channels': { value: round(m10, 1), unit: 'ms' },
      'broadcast.fanout_ms_1_channel': { value: round(m1, 1), unit: 'ms' },
      'broadcast.fanout_ratio': { value: round(m10 / m1, 2), unit: 'x', floor: round(m1, 1), ratio: round(m10 / m1, 2) },
      'broadcast.subscribers_1000_wall_ms': { value: round(wall, 0), unit: 'ms' },
      'broadcast.subscribers_per_second': { value: round((SUBSCRIBERS / wall) * 1000, 0), unit: 'deliveries/s' },
    };
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
    await sink.close();
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchBroadcast(), null, 2));
  process.exit(0);
}
