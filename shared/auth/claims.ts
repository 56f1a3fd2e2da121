import * as z from 'zod/mini';
import { AuthError } from './errors.ts';
import { Principal, Role } from './principal.ts';

/**
 * A verified token's claims → the Principal. Two shapes, so the local issuer, a company's issuer
 * and a Cognito user pool all work without a user table:
 * - custom claims: `wecare_role: "lead"`, `wecare_brands: ["demo"]` or `"*"` (every brand);
 * - Cognito groups (what an admin assigns in the pool): `cognito:groups: ["role:lead", "brand:demo"]`,
 *   `brand:*` for every brand. A custom claim wins over the groups when both are present.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub) throw new AuthError('bad_claims', 'token has no subject (sub)');
  const groups = z.array(z.string()).safeParse(claims['cognito:groups']).data ?? [];
  const role = claims.wecare_role ?? pickRole(groups);
  if (role === undefined) throw new AuthError('no_role', 'token carries no wecare role (claim wecare_role or group role:<role>)');
  const brands = claims.wecare_brands ?? pickBrands(groups);
  const parsed = Principal.safeParse({ actor: { type: 'user', id: sub }, role, brands: brands === '*' ? 'all' : brands });
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => i.path.join('.') || 'claims').join(', ');
    throw new AuthError(Role.safeParse(role).success ? 'bad_claims' : 'no_role', `token's wecare claims are invalid (${what})`);
  }
  return parsed.data;
}

/** Several role groups: the highest wins, as a person in both `lead` and `agent` is a lead. */
const RANK: Role[] = ['admin', 'lead', 'incident_manager', 'agent'];
function pickRole(groups: string[]): Role | undefined {
  const roles = new Set(groups.filter((g) => g.startsWith('role:')).map((g) => g.slice(5)));
  return RANK.find((r) => roles.has(r));
}

function pickBrands(groups: string[]): string[] | '*' {
  const brands = groups.filter((g) => g.startsWith('brand:')).map((g) => g.slice(6));
  return brands.includes('*') ? '*' : brands;
}
