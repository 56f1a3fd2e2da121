import { createJwtVerifier } from '../shared/auth/jwt.ts';
import { makeKey, sign, startJwksServer } from '../tests/unit/auth/jwks-server.ts';
import { type Figures, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_AUTH_COUNT ?? 20_000);

/**
 * api.auth_us: CPU time to verify one RS256 access token (what Cognito and the local issuer sign)
 * and turn it into a Principal, with the JWKS fetched once and cached, as a warm API function does
 * per request. CPU (user + system) over many sequential verifications, not wall time, so the
 * figure holds on a busy machine. Target: under 200 µs (issue 13).
 */
export async function benchAuth(): Promise<Figures> {
  const key = await makeKey('bench');
  const jwks = await startJwksServer([key]);
  try {
    const issuer = 'https://issuer.bench';
    const verifier = createJwtVerifier({ issuer, audience: 'wecare-api', jwksUrl: jwks.jwksUrl });
    const token = await sign(key, { iss: issuer, aud: 'wecare-api', sub: 'agent@demo.test', wecare_role: 'agent', wecare_brands: ['demo'] }, { expiresIn: '1h' });
    for (let i = 0; i < 500; i++) await verifier.verify(token); // keys fetched, code warm
    const before = process.cpuUsage();
    for (let i = 0; i < COUNT; i++) await verifier.verify(token);
    const used = process.cpuUsage(before);
    if (jwks.state.fetches !== 1) throw new Error(`bench auth: the JWKS was fetched ${jwks.state.fetches} times, expected once (keys not cached)`);
    return { 'api.auth_us': { value: round((used.user + used.system) / COUNT, 1), unit: 'µs' } };
  } finally {
    await jwks.close();
  }
}
