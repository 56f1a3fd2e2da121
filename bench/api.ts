import { pathToFileURL } from 'node:url';
import { startIssuer } from '../local/oidc/issuer.ts';
import { provision, startStack } from '../local/stack.ts';
import { createDynamo } from '../shared/store/client.ts';
import { storeMention } from '../shared/store/mentions.ts';
import { signIn } from '../tests/support/sign-in.ts';
import { triaged } from '../tests/unit/flows/fixtures.ts';
import { benchApiApp } from './api-app.ts';
import { type Figures, pairedP50, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_API_COUNT ?? 2_000);
const ADMIN = 'bench-admin-token-long-enough-for-24-bytes';
const APP = 'http://127.0.0.1:3999';

/**
 * api.list_ratio: GET /api/mentions?brand=demo p50 with a signed-in agent's JWT over the p50 with
 * the bootstrap ADMIN_TOKEN, same run, same app (the API function's code path through app.request,
 * DynamoDB Local behind it). The agent signs in once through the local issuer over HTTP; the JWKS
 * is then cached, so the ratio is what verifying a JWT adds to a real list. Requests alternate
 * between the two credentials, so machine noise falls on both alike. Target ≤ 1.1 (issue 13).
 */
export async function benchApi(): Promise<Figures> {
  const stack = await startStack({});
  const idp = await startIssuer({ publicUrl: APP, password: 'bench password', audience: 'wecare-api' });
  try {
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-api-', []);
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    for (let i = 0; i < 25; i++) await storeMention(store, triaged(`19000000000000${1000 + i}`, { createdAt: new Date(Date.UTC(2026, 10, 16, 9, i)).toISOString() }));
    const app = benchApiApp({ store, fauxqs: endpoints.fauxqs, resources, issuer: idp.issuer, adminToken: ADMIN, publicUrl: APP });
    const { accessToken } = await signIn({ issuer: idp.issuer, redirectUri: `${APP}/console/callback`, email: 'agent@demo.test', password: 'bench password' });
    const headers = { jwt: { authorization: `Bearer ${accessToken}` }, admin: { authorization: `Bearer ${ADMIN}` } };
    const once = async (who: keyof typeof headers) => {
      const start = performance.now();
      const res = await app.request('/api/mentions?brand=demo&limit=25', { headers: headers[who] });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200 || body.items?.length !== 25) throw new Error(`bench api: ${who} got ${res.status}`);
      return performance.now() - start;
    };
    // 100 warm rounds: keys fetched, code warm.
    const { jwt, admin } = await pairedP50(once, ['jwt', 'admin'], COUNT, 100);
    return {
      'api.list_ratio': { value: round(jwt / admin, 2), unit: 'ratio', floor: round(admin, 2), ratio: round(jwt / admin, 2) },
      'api.list_jwt_p50_ms': { value: round(jwt, 2), unit: 'ms' },
    };
  } finally {
    await idp.close();
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchApi(), null, 2));
  process.exit(0);
}
