// zod/mini: the API function checks every request with this at cold start (bundle budget, see bench functions.*).
import * as z from 'zod/mini';

/**
 * Who is asking, after their credential was verified: a signed-in person (`user`), an API token
 * (`token`) or wecare itself (`system`). Every check of a route and every audit record reads this.
 */
export const Role = z.enum(['agent', 'lead', 'incident_manager', 'admin']);
export type Role = z.infer<typeof Role>;

/** Same slug rule as a brand's id (shared/config/brand.ts), so a claim cannot name something odd. */
const BrandId = z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'expected a brand id (lowercase slug)'));

export const Principal = z.object({
  actor: z.object({ type: z.enum(['user', 'token', 'system']), id: z.string().check(z.minLength(1)) }),
  role: Role,
  brands: z.union([z.array(BrandId), z.literal('all')]),
});
export type Principal = z.infer<typeof Principal>;

/** Every right a route can ask for: a closed list, so a typo in a route is a type error, not an open door. */
export const RIGHTS = [
  'mentions:read',
  'mentions:reply',
  'cases:read',
  'cases:work',
  'cases:assign',
  'replies:manage',
  'metrics:read',
  'audit:read',
  'incidents:write',
  'subscribers:manage',
  'broadcasts:send',
  'tokens:manage',
  'authors:erase',
  'config:write',
] as const;
export type Right = (typeof RIGHTS)[number];

const AGENT: readonly Right[] = ['mentions:read', 'mentions:reply', 'cases:read', 'cases:work'];

/** Issue 13 item 3: agent works cases; lead adds assigning, saved replies, metrics and audit; incident manager adds outages; admin has all. */
export const ROLE_RIGHTS: Readonly<Record<Role, ReadonlySet<Right>>> = {
  agent: new Set(AGENT),
  lead: new Set([...AGENT, 'cases:assign', 'replies:manage', 'metrics:read', 'audit:read']),
  incident_manager: new Set([...AGENT, 'incidents:write', 'subscribers:manage', 'broadcasts:send']),
  admin: new Set(RIGHTS),
};

export function hasRight(p: Principal, right: Right): boolean {
  return ROLE_RIGHTS[p.role].has(right);
}

/** Out of scope answers 404 at the route (README, "People"): callers use this before any lookup by brand. */
export function canSeeBrand(p: Principal, brand: string): boolean {
  return p.brands === 'all' || p.brands.includes(brand);
}

/** wecare's own jobs (sweeps, flows) when they change something: the audit names them as `system`. */
export const SYSTEM: Principal = { actor: { type: 'system', id: 'wecare' }, role: 'admin', brands: 'all' };

/** The bootstrap `ADMIN_TOKEN` (README: admin, every brand), told apart from issued tokens in the audit. */
export const BOOTSTRAP_ADMIN: Principal = { actor: { type: 'token', id: 'admin-token' }, role: 'admin', brands: 'all' };
