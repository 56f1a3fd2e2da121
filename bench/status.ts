import { pathToFileURL } from 'node:url';
import { provision, startStack } from '../local/stack.ts';
import { createSns } from '../shared/bus/clients.ts';
import { createDynamo } from '../shared/store/client.ts';
import { acmeBrands, incidentBody, post, testApi } from '../tests/unit/incidents/fixtures.ts';
import { drive, type Figures, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_STATUS_COUNT ?? 20_000);

/**
 * status.summary_rps: GET /status/:brand/api/v2/summary.json through the Hono app (the API
 * function's code path, no socket), with the snapshot warm, as a CDN miss would hit it.
 * The floor is a bare GET of a constant route on the same app: what Hono alone costs.
 */
export async function benchStatus(): Promise<Figures> {
  const stack = await startStack({});
  try {
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-status-', []);
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    const app = testApi({ store, sns: createSns(endpoints.fauxqs), brands: acmeBrands(), statusUpdates: resources.topicArns.statusUpdates, snapshot: { freshMs: 60_000, timeoutMs: 1_000 } });
    app.get('/bench/floor', (c) => c.json({ ok: true }));
    for (let i = 0; i < 5; i++) await post(app, '/api/incidents', incidentBody({ name: `Incident ${i}` }));
    await app.request('/status/acme/api/v2/summary.json'); // warm the snapshot and the rendered body

    const rps = async (path: string) => {
      const run = await drive(COUNT, 16, async () => {
        const res = await app.request(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      });
      return (COUNT / run.wallMs) * 1000;
    };
    const summary = await rps('/status/acme/api/v2/summary.json');
    const floor = await rps('/bench/floor');
    const html = await rps('/status/acme');
    return {
      'status.summary_rps': { value: round(summary, 0), unit: 'req/s', floor: round(floor, 0), ratio: round(floor / summary, 2) },
      'status.html_rps': { value: round(html, 0), unit: 'req/s' },
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchStatus(), null, 2));
  process.exit(0);
}
