import { createApiApp } from '../functions/api/app.ts';
import type { Resources } from '../local/stack.ts';
import { createJwtVerifier } from '../shared/auth/jwt.ts';
import { createSns } from '../shared/bus/clients.ts';
import { readReplyEnv } from '../shared/platforms/index.ts';
import type { Store } from '../shared/store/client.ts';
import { demoBrands } from '../tests/support/apps.ts';

/**
 * The API app as `npm start` builds it, for the benches that measure it: the demo brands, the
 * local issuer's JWTs and console sign-in, the given store and topics, no platform URLs.
 */
export function benchApiApp(p: { store: Store; fauxqs: string; resources: Resources; issuer: string; adminToken: string; publicUrl: string }) {
  return createApiApp({
    store: p.store,
    sns: createSns(p.fauxqs),
    brands: demoBrands(),
    adminToken: p.adminToken,
    oidc: { issuer: p.issuer, audience: 'wecare-api', clientId: 'wecare-console' },
    jwt: createJwtVerifier({ issuer: p.issuer, audience: 'wecare-api' }),
    topics: { mentionEvents: p.resources.topicArns.mentionEvents, statusUpdates: p.resources.topicArns.statusUpdates },
    publicUrl: p.publicUrl,
    now: () => new Date(),
    reply: { env: readReplyEnv({}), fetch: globalThis.fetch },
  });
}
