import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createBroadcastHandler } from '../functions/broadcast/handler.ts';
import { startSes } from '../local/ses.ts';
import { pollQueue } from '../local/sqs-poller.ts';
import { provision, startStack } from '../local/stack.ts';
import { createSes } from '../shared/broadcast/mail/ses.ts';
import { createSns, createSqs } from '../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../shared/config/load.ts';
import { channelQueues } from '../shared/incidents/queues.ts';
import { subscribe } from '../shared/incidents/subscribers.ts';
import { readReplyEnv } from '../shared/platforms/index.ts';
import { createDynamo } from '../shared/store/client.ts';
import * as subscribers from '../shared/store/subscribers.ts';
import { incidentBody, post, testApi } from '../tests/unit/incidents/fixtures.ts';
import { type Figures, round } from './stats.ts';

const SUBSCRIBERS = Number(process.env.BENCH_MAIL_SUBSCRIBERS ?? 1000);

/**
 * broadcast.email_per_second: one incident update to 1,000 confirmed e-mail subscribers of one
 * brand, from POST /api/incidents to the last mail in the SES v2 emulator's mailbox: fauxqs, the
 * brand's subscriber queue, the broadcast handler (a claim, a rendered MIME message and an SES
 * SendEmail per subscriber), DynamoDB Local. The mailbox is polled every 250 ms. The emulator
 * parses every raw message with mailparser (linkifying the text part's links), about 100 update
 * mails a second on its own on this machine: that, not the sending code, sets this figure locally.
 */
export async function benchMail(): Promise<Figures> {
  return { ...(await emailPerSecond()), ...(await incidentToEmail()) };
}

/** e2e.incident_to_email_*: bench/mail-e2e.ts on a runtime of its own, in a process of its own. */
async function incidentToEmail(): Promise<Figures> {
  const script = fileURLToPath(new URL('./mail-e2e.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { env: process.env, maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Figures;
}

async function emailPerSecond(): Promise<Figures> {
  const [stack, ses] = await Promise.all([startStack({}), startSes()]);
  const pollers: Array<{ stop(): Promise<void> }> = [];
  try {
    const brands = indexBrands(parseConfig({ brands: [{ id: 'mailers', name: 'Mailers', languages: ['nl', 'en'], components: [{ id: 'app', name: 'App' }], channels: [] }] }));
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-mail-', channelQueues(brands));
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    const sqs = createSqs(endpoints.fauxqs);
    const mail = { ses: createSes(ses.endpoint), fromAddress: 'status@wecare.test' };
    const env = { platforms: readReplyEnv({}), publicUrl: 'http://bench' };
    const handler = createBroadcastHandler({ store, fetch, brands, env, now: () => new Date(), concurrency: 100, mail });
    for (const q of resources.queues) pollers.push(pollQueue({ sqs, queueUrl: q.url, handler }));
    const app = testApi({ store, sns: createSns(endpoints.fauxqs), brands, statusUpdates: resources.topicArns.statusUpdates });

    const brand = brands.byId('mailers')!;
    // Stored as if each had confirmed its opt-in (the opt-in is not what this measures).
    await Promise.all(
      Array.from({ length: SUBSCRIBERS }, async (_, i) => {
        const { subscriber } = await subscribe(store, brand, { email: `fan${i}@mailers.example`, language: i % 2 ? 'en' : 'nl' }, new Date());
        await subscribers.setState(store, brand.id, subscriber.id, 'active');
      }),
    );
    const t0 = performance.now();
    await post(app, '/api/incidents', incidentBody({ brand: 'mailers', components: { app: 'major_outage' } }));
    // The emulator runs in this process: reading its whole mailbox every 50 ms would slow the sends it measures.
    let last = 0;
    while (last < SUBSCRIBERS) {
      if (performance.now() - t0 > 300_000) throw new Error(`only ${last} of ${SUBSCRIBERS} mails after 300 s`);
      await new Promise((r) => setTimeout(r, 250));
      last = (await ses.mails()).filter((m) => m.to.endsWith('@mailers.example')).length;
    }
    const wall = performance.now() - t0;
    if (last !== SUBSCRIBERS) throw new Error(`${last} mails for ${SUBSCRIBERS} subscribers: some got two`);
    return {
      'broadcast.email_1000_wall_ms': { value: round(wall, 0), unit: 'ms' },
      'broadcast.email_per_second': { value: round((SUBSCRIBERS / wall) * 1000, 0), unit: 'mails/s' },
    };
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
    await Promise.all([stack.stop(), ses.stop()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchMail(), null, 2));
  process.exit(0);
}
