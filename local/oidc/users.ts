import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/auth/principal.ts';

/** The three demo users (README); the id is the e-mail, so the audit of a local run reads plainly. */
export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  brands: string[] | '*';
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'agent@demo.test', name: 'Demo Agent', role: 'agent', brands: ['demo'] },
  { email: 'lead@demo.test', name: 'Demo Lead', role: 'lead', brands: ['demo'] },
  { email: 'admin@demo.test', name: 'Demo Admin', role: 'admin', brands: '*' },
];

export const findUser = (email: string, users: readonly DemoUser[] = DEMO_USERS) => users.find((u) => u.email === email.trim().toLowerCase());

/** Compared as hashes in constant time: how long a wrong guess takes tells nothing about the password. */
export function passwordMatches(given: string, expected: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(given), h(expected));
}

/** The custom claims shared/auth/claims.ts reads; in AWS the same comes from Cognito groups. */
export const wecareClaims = (u: DemoUser) => ({ wecare_role: u.role, wecare_brands: u.brands });
