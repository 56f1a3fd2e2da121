import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/auth/claims.ts';
import { canSeeBrand, hasRight, type Principal, RIGHTS, type Role } from '../../../shared/auth/principal.ts';

const as = (role: Role, brands: Principal['brands'] = ['demo']): Principal => ({ actor: { type: 'user', id: 'u' }, role, brands });

describe('rights by role (issue 13 item 3)', () => {
  const table: Record<Role, string[]> = {
    agent: ['mentions:read', 'mentions:reply', 'cases:read', 'cases:work'],
    lead: ['mentions:read', 'mentions:reply', 'cases:read', 'cases:work', 'cases:assign', 'replies:manage', 'metrics:read', 'audit:read'],
    incident_manager: ['mentions:read', 'mentions:reply', 'cases:read', 'cases:work', 'incidents:write', 'subscribers:manage', 'broadcasts:send'],
    admin: [...RIGHTS],
  };
  for (const [role, rights] of Object.entries(table) as [Role, string[]][]) {
    it(`${role} holds exactly its rights`, () => {
      expect(RIGHTS.filter((r) => hasRight(as(role), r))).toEqual(RIGHTS.filter((r) => rights.includes(r)));
    });
  }
});

describe('canSeeBrand', () => {
  it('sees its brands, or all', () => {
    expect(canSeeBrand(as('agent', ['demo']), 'demo')).toBe(true);
    expect(canSeeBrand(as('agent', ['demo']), 'acme')).toBe(false);
    expect(canSeeBrand(as('admin', 'all'), 'acme')).toBe(true);
    expect(canSeeBrand(as('admin', []), 'acme')).toBe(false);
  });
});

describe('principalFromClaims', () => {
  it('reads custom claims', () => {
    expect(principalFromClaims({ sub: 'a', wecare_role: 'incident_manager', wecare_brands: '*' })).toEqual({ actor: { type: 'user', id: 'a' }, role: 'incident_manager', brands: 'all' });
  });
  it('reads Cognito groups; the highest role wins; brand:* is every brand; no brand group is none', () => {
    expect(principalFromClaims({ sub: 'a', 'cognito:groups': ['role:agent', 'role:admin', 'brand:*'] })).toMatchObject({ role: 'admin', brands: 'all' });
    expect(principalFromClaims({ sub: 'a', 'cognito:groups': ['role:agent'] })).toMatchObject({ role: 'agent', brands: [] });
  });
  it('refuses a token without subject or role', () => {
    expect(() => principalFromClaims({ wecare_role: 'agent' })).toThrow(/subject/);
    expect(() => principalFromClaims({ sub: 'a', 'cognito:groups': ['brand:demo'] })).toThrow(/no wecare role/);
  });
});
