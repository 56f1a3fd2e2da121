import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as tokens from '../store/api-tokens.ts';
import type { ApiToken } from '../store/api-tokens.ts';
import type { Store } from '../store/client.ts';
import { AuthError } from './errors.ts';
import { Principal, type Role } from './principal.ts';

/**
 * API tokens for integrations: `wct_<id>.<secret>`, the secret 32 random bytes. Only a SHA-256 of
 * the secret is stored (a high-entropy secret needs no slow hash); the token is shown once, when
 * it is made, and a revocation counts from the next request (the check reads consistently).
 */
export const API_TOKEN_PREFIX = 'wct_';
const SHAPE = /^wct_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
/** Last use is written at most once a minute per token. */
export const TOUCH_INTERVAL_MS = 60_000;

const hashOf = (id: string, secret: string) => createHash('sha256').update(`${id}.${secret}`).digest('hex');

export interface NewApiToken {
  name: string;
  role: Role;
  brands: string[] | 'all';
}

/** Makes and stores a token; `token` is the only time the secret exists outside the caller's hands. */
export async function issueToken(store: Store, by: Principal, input: NewApiToken, now: Date): Promise<{ record: ApiToken; token: string }> {
  const id = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const record: ApiToken = { id, name: input.name, role: input.role, brands: input.brands, createdAt: now.toISOString(), createdBy: by.actor };
  await tokens.put(store, record, hashOf(id, secret));
  return { record, token: `${API_TOKEN_PREFIX}${id}.${secret}` };
}

/** The Principal of a presented API token, or an AuthError naming what is wrong (never the token). */
export async function authenticateToken(store: Store, token: string, now: Date): Promise<Principal> {
  const m = SHAPE.exec(token);
  if (!m) throw new AuthError('malformed', 'API token is malformed (expected wct_<id>.<secret>)');
  const [, id, secret] = m as unknown as [string, string, string];
  const found = await tokens.get(store, id);
  const given = Buffer.from(hashOf(id, secret), 'hex');
  const stored = Buffer.from(found?.hash ?? '', 'hex');
  if (!found || stored.length !== given.length || !timingSafeEqual(stored, given)) throw new AuthError('unknown_token', 'API token is unknown');
  if (found.token.revokedAt) throw new AuthError('revoked', 'API token was revoked');
  const parsed = Principal.safeParse({ actor: { type: 'token', id }, role: found.token.role, brands: found.token.brands });
  if (!parsed.success) throw new AuthError('bad_claims', 'API token has an invalid role or brands');
  const last = found.token.lastUsedAt ? Date.parse(found.token.lastUsedAt) : 0;
  if (now.getTime() - last >= TOUCH_INTERVAL_MS) {
    await tokens.touch(store, id, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString()).catch(() => undefined);
  }
  return parsed.data;
}

/** A token is visible to (listable, revocable by) a caller who sees every brand it covers. */
export function tokenWithin(by: Principal, token: Pick<ApiToken, 'brands'>): boolean {
  if (by.brands === 'all') return true;
  if (token.brands === 'all') return false;
  const mine = by.brands;
  return token.brands.every((b) => mine.includes(b));
}
